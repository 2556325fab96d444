"""A received project refused for rows our readers cannot use has a way forward: a copy
beside it keeps every usable row, leaves out (or empties) only the unusable ones and says
which; the original is never touched. Before, the cleaned copy refused such a file ("holds
only Seed Annotator's own schema; open it as it is"), which could not be opened either."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import ProjectError, UnusableRows
from annotator.core.model import NewSpan
from annotator.core.store import salvage
from annotator.core.store.cleaning import make_cleaned_copy
from annotator.core.store.project import Project
from annotator.core.store.team import Applied

from .test_cli import run
from .test_hostile_project import PLANTED, plant
from .test_hostile_rows import (  # noqa: F401 (a fixture)
    TAMPERED,
    _past_the_definition,
    _tamper,
    made,
    spans_project,
)


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _found(report) -> dict[tuple[str, str], tuple[int, list[int]]]:
    return {(u.kind, u.table): (u.count, u.first) for u in report.unusable}


@pytest.mark.parametrize("case", TAMPERED)
def test_every_refused_row_gets_a_copy_that_opens(made: Path, case: str) -> None:  # noqa: F811
    _tamper(made, TAMPERED[case][0])
    before = made.read_bytes()
    with pytest.raises(UnusableRows):
        Project.open(made, create=False).close()

    report = make_cleaned_copy(made)

    assert made.read_bytes() == before
    assert report.copy == made.with_name("p.cleaned.seedproj") and report.unusable
    with Project.open(report.copy, create=False) as project:
        assert project.verified  # the rows check passes on the copy
        assert project.documents.count() == 1


def test_a_span_past_its_text_is_left_out_with_its_relation_and_named(made: Path) -> None:  # noqa: F811
    _tamper(made, "UPDATE spans SET char_end = 99 WHERE char_start = 0")
    report = make_cleaned_copy(made)
    assert _found(report) == {
        (salvage.PAST_TEXT, "spans"): (1, [1]),
        (salvage.WITH_SPAN, "relations"): (1, [1]),
    }
    assert report.left_out == {}
    assert "spans ending past their document's text, left out: 1 (id 1)" in [
        u.describe() for u in report.unusable
    ]
    # the usable span, the status and the prediction came along
    assert _rows(report.copy, "SELECT id, char_start, char_end FROM spans") == [(2, 9, 14)]
    assert _rows(report.copy, "SELECT count(*) FROM relations") == [(0,)]
    assert _rows(report.copy, "SELECT count(*) FROM predictions") == [(1,)]
    assert _rows(report.copy, "SELECT status FROM document_status") == [("done",)]


def test_a_span_on_no_document_is_named_not_merely_counted(made: Path) -> None:  # noqa: F811
    _tamper(made, "UPDATE spans SET document_id = 77 WHERE char_start = 0")
    report = make_cleaned_copy(made)
    assert _found(report)[(salvage.NO_DOCUMENT, "spans")] == (1, [1])
    assert report.left_out == {}


def test_attributes_that_are_no_object_are_emptied_and_the_span_kept(made: Path) -> None:  # noqa: F811
    _tamper(made, "UPDATE spans SET attrs = '[1]'")
    _tamper(made, "UPDATE documents SET meta = '\"x\"'")
    report = make_cleaned_copy(made)
    assert _found(report) == {
        (salvage.EMPTIED, "documents"): (1, [1]),
        (salvage.EMPTIED, "spans"): (2, [1, 2]),
    }
    assert _rows(report.copy, "SELECT id, attrs FROM spans ORDER BY id") == [(1, "{}"), (2, "{}")]
    assert _rows(report.copy, "SELECT meta FROM documents") == [("{}",)]
    assert _rows(made, "SELECT DISTINCT attrs FROM spans") == [("[1]",)]  # the original keeps them


def test_offsets_that_are_no_whole_numbers_are_left_out_and_named(made: Path) -> None:  # noqa: F811
    """'x' and 4.5 pass the offsets' CHECK (text sorts after every number): the check ended
    in a TypeError at open and in the copy, or let a fraction through to every reader."""
    _tamper(made, "UPDATE spans SET char_end = 'x' WHERE char_start = 0")
    _tamper(made, "UPDATE predictions SET char_start = 9.5")
    report = make_cleaned_copy(made)
    assert _found(report) == {
        (salvage.NOT_WHOLE_OFFSETS, "spans"): (1, [1]),
        (salvage.WITH_SPAN, "relations"): (1, [1]),
        (salvage.NOT_WHOLE_OFFSETS, "predictions"): (1, [1]),
    }
    said = "spans whose offsets are not stored as whole numbers, run below 0 or do not end "
    assert said + "after their start, left out: 1 (id 1)" in [u.describe() for u in report.unusable]
    assert _rows(report.copy, "SELECT id, char_start, char_end FROM spans") == [(2, 9, 14)]
    assert _rows(report.copy, "SELECT count(*) FROM predictions") == [(0,)]


def test_offsets_past_the_check_are_left_out_and_named(made: Path) -> None:  # noqa: F811
    """Written with ignore_check_constraints: the file was called damaged, and clean-copy
    said it held only rows it could use."""
    _tamper(made, "UPDATE spans SET char_start = 12, char_end = 10 WHERE char_start = 9")
    _tamper(made, "UPDATE predictions SET char_start = -1")
    report = make_cleaned_copy(made)
    assert _found(report) == {
        (salvage.NOT_WHOLE_OFFSETS, "spans"): (1, [2]),
        (salvage.WITH_SPAN, "relations"): (1, [1]),
        (salvage.NOT_WHOLE_OFFSETS, "predictions"): (1, [1]),
    }
    assert report.left_out == {}  # named, not merely counted
    with Project.open(report.copy, create=False) as project:
        assert project.verified
        assert [s.id for s in project.spans.for_document(1, "ali")] == [1]


def test_a_whole_number_stored_as_real_is_left_out_as_refused(made: Path) -> None:  # noqa: F811
    """Refused as not whole numbers, the copy's INTEGER affinity made it 0 silently: the
    report listed nothing of what the refusal named."""
    _past_the_definition(  # a column without INTEGER affinity, a while
        made,
        "spans",
        lambda sql: sql.replace("char_start INTEGER", "char_start BLOB"),
        "UPDATE spans SET char_start = 0.0 WHERE char_start = 0",
    )
    assert _rows(made, "SELECT typeof(char_start) FROM spans WHERE id = 1") == [("real",)]
    with pytest.raises(UnusableRows, match=r"not stored as whole numbers \(0\.0 to 5\)"):
        Project.open(made, create=False).close()
    report = make_cleaned_copy(made)
    assert _found(report)[(salvage.NOT_WHOLE_OFFSETS, "spans")] == (1, [1])
    assert _rows(report.copy, "SELECT id FROM spans") == [(2,)]


def test_a_row_both_past_its_text_and_unreadable_is_told_once(made: Path) -> None:  # noqa: F811
    _tamper(made, "UPDATE spans SET char_end = 99, attrs = 'x' WHERE char_start = 0")
    report = make_cleaned_copy(made)
    assert (salvage.EMPTIED, "spans") not in _found(report)
    assert _found(report)[(salvage.PAST_TEXT, "spans")] == (1, [1])


def test_many_rows_are_counted_and_the_first_named(tmp_path: Path) -> None:
    path = spans_project(tmp_path / "many.seedproj", 8)
    _tamper(path, "UPDATE spans SET char_end = 500 WHERE id > 1")
    report = make_cleaned_copy(path)
    (found,) = report.unusable
    assert (found.count, found.first) == (7, [2, 3, 4, 5, 6])
    assert found.describe().endswith("(ids 2, 3, 4, 5, 6, …)")
    assert _rows(report.copy, "SELECT id FROM spans") == [(1,)]


def test_a_file_with_foreign_sql_and_unusable_rows_gets_both_seen_to(made: Path) -> None:  # noqa: F811
    _tamper(made, "UPDATE predictions SET char_end = 999")
    plant(made, PLANTED["trigger"][2])
    report = make_cleaned_copy(made)
    assert "trigger 'relabel'" in report.dropped
    assert _found(report) == {(salvage.PAST_TEXT, "predictions"): (1, [1])}
    with Project.open(report.copy, create=False) as project:
        assert project.verified


def test_a_sound_file_still_gets_no_copy(made: Path) -> None:  # noqa: F811
    with pytest.raises(ProjectError, match="open it as it is"):
        make_cleaned_copy(made)
    assert not made.with_name("p.cleaned.seedproj").exists()


def _team_copy_pushed(path: Path) -> dict[tuple[str, int], str]:
    """`path` made a team working copy whose every row is on the server (the outbox sent
    and emptied): (kind, local id) -> global id of its spans and relations."""
    with Project.open(path, create=False) as project, project.transaction():
        project.team.own_layers(["ali"])
        project.db.execute("INSERT INTO team_ids VALUES ('document', 1, 'd-1', 0)")
        for span in project.spans.for_document(1, "ali"):  # every row of the layer queued
            project.db.execute("UPDATE spans SET updated_at = updated_at WHERE id = ?", [span.id])
        project.db.execute("UPDATE relations SET type = type")
        sent = project.team.outgoing()
        project.team.pushed(sent.seq)
        assert sent.spans and sent.relations
        return {(kind, int(i)): uid for kind, i, uid in project.db.execute(
            "SELECT kind, local_id, uid FROM team_ids WHERE kind != 'document'")}  # fmt: skip


# Ways a span (2) and with it the relation (1) go from a team working copy's cleaned copy.
LEFT_OUT = {
    "past its text": ["UPDATE spans SET char_end = 99 WHERE id = 2"],
    "an orphan": ["UPDATE spans SET label = 'ghost' WHERE id = 2", "UPDATE documents SET meta = 5"],
}


@pytest.mark.parametrize("how", LEFT_OUT)
def test_a_team_copy_gives_new_rows_new_global_ids(made: Path, how: str) -> None:  # noqa: F811
    """The copy is made by our migrations, without the triggers that forget a removed row's
    global id: the global ids of the spans and relations left out stayed behind, a new span
    took the freed local id and went out under the left-out span's id (overwriting the
    server's sound span), and a pull of that id rewrote the user's new span."""
    old = _team_copy_pushed(made)
    for sql in LEFT_OUT[how]:  # queued by the file's triggers, as a hand edit is
        _tamper(made, sql)
    _tamper(made, "INSERT INTO team_held(kind, local_id, document_id) VALUES ('span', 2, 1)")
    report = make_cleaned_copy(made)
    assert _rows(report.copy, "SELECT id FROM spans") == [(1,)]
    assert _rows(report.copy, "SELECT count(*) FROM relations") == [(0,)]
    # no edit of what was left out waits to go out, nor is kept aside to go later
    queued = "SELECT count(*) FROM {} WHERE kind = 'span' AND local_id = 2"
    assert _rows(report.copy, queued.format("team_outbox")) == [(0,)]
    assert _rows(report.copy, queued.format("team_held")) == [(0,)]
    with Project.open(report.copy, create=False) as project:  # no sync before the edits
        assert project.team.records_changes()
        with project.transaction():
            span = project.spans.add(1, "ali", NewSpan("actor", 15, 18, "رفت"))
            relation = project.spans.add_relation(1, span.id, "in")
        assert project.team.waiting() == 2  # the add is in the outbox, not missed
        with project.transaction():
            out = project.team.outgoing()
        assert span.id == 2 and relation.id == 1  # the freed local ids, taken again
        sent = {(r.start, r.end): r.uid for r in out.spans}
        assert sent[(15, 18)] not in old.values()
        assert [r.uid for r in out.relations] and out.relations[0].uid not in old.values()
        assert out.gone == []  # nothing of the server's is removed for what was left out

        # the server's sound span 2 changes and comes down: it is not the user's new span
        with project.transaction():
            pulled = (old["span", 2], "d-1", "ali", "date", 9, 14, "تهران", "{}", 7, False, None)
            project.team.apply_spans([pulled], {"ali"}, Applied())
        spans = {(s.start, s.end): s.label for s in project.spans.for_document(1, "ali")}
        assert spans[(15, 18)] == "actor"
        assert spans[(9, 14)] == "date"


def test_a_team_copy_records_its_edits_before_any_sync(made: Path) -> None:  # noqa: F811
    """Our migrations make no team triggers and only a sync remade them: an edit before it
    (an import from the command line) was never queued, and a span deleted then added again
    took its local id back and went out under the deleted span's global id, over the
    server's span."""
    old = _team_copy_pushed(made)
    _tamper(made, "UPDATE documents SET meta = '5'")  # a row to empty: the copy is needed
    report = make_cleaned_copy(made)
    assert _rows(report.copy, "SELECT count(*) FROM team_outbox") == [(0,)]  # none of the
    # cleaning itself is queued
    with Project.open(report.copy, create=False) as project:
        with project.transaction():
            project.db.execute("DELETE FROM spans WHERE id = 2")
        with project.transaction():
            span = project.spans.add(1, "ali", NewSpan("date", 15, 18, "رفت"))
        assert span.id == 2  # the freed local id, taken again
        with project.transaction():
            out = project.team.outgoing()
        # the deletion goes out (the span's relation with it)
        assert {(table, uid) for table, uid, _v in out.gone} == {
            ("spans", old["span", 2]), ("relations", old["relation", 1])}  # fmt: skip
        (sent,) = out.spans
        assert (sent.start, sent.end) == (15, 18) and sent.uid not in old.values()


def test_the_command_line_names_the_way_out_and_the_rows_left_out(made: Path) -> None:  # noqa: F811
    _tamper(made, "UPDATE spans SET char_end = 99 WHERE char_start = 0")
    _tamper(made, "UPDATE documents SET meta = '5'")
    _tamper(
        made,
        "INSERT INTO gold_provenance(span_id, origin, sources, decided_by, decided_at) "
        "VALUES (1, 'added', '[]', 'sara', 'now')",
    )
    before = made.read_bytes()
    code, _out, err = run("stats", "--project", str(made))
    assert code == 1 and f"annotator clean-copy {made}" in err, err

    code, out, err = run("clean-copy", str(made))

    assert code == 0, err
    copy = made.with_name("p.cleaned.seedproj")
    assert f"Wrote {copy}; {made} was not changed." in out
    lines = out.splitlines()
    assert "  spans ending past their document's text, left out: 1 (id 1)" in lines, out
    assert "  relations of those spans, left out with them: 1 (id 1)" in lines
    assert "  gold provenance records of those spans, left out with them: 1 (id 1)" in lines
    assert "  documents whose meta is no JSON object, kept with meta {}: 1 (id 1)" in lines
    assert made.read_bytes() == before
    code, out, err = run("stats", "--project", str(copy), "--json")
    assert code == 0, err


def test_spans_after_a_nul_in_the_text_are_kept_and_only_the_one_past_it_left_out(
    tmp_path: Path,
) -> None:
    """SQLite's length() stops at a text's first NUL: the copy measures its suspects whole,
    as the check does, and keeps a sound span that lies after the NUL."""
    import json

    record = {"id": "n", "text": "ab\u0000cd efgh", "annotator": "ali",
              "spans": [{"start": 6, "end": 10, "label": "actor"},
                        {"start": 3, "end": 5, "label": "actor"}]}  # fmt: skip
    source = tmp_path / "nul.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    path = tmp_path / "nul.seedproj"
    assert run("import", "--project", str(path), str(source))[0] == 0
    _tamper(path, "UPDATE spans SET char_end = 11 WHERE char_start = 3")
    report = make_cleaned_copy(path)
    (found,) = report.unusable
    assert (found.kind, found.count) == (salvage.PAST_TEXT, 1)
    assert _rows(report.copy, "SELECT char_start, char_end FROM spans") == [(6, 10)]


def test_a_folder_that_cannot_be_written_is_said_with_the_way_out(
    made: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The way out the refusal names ended in a traceback (mkstemp's PermissionError) where
    the file's folder cannot be written: a read-only share, a CD, another user's folder."""
    import errno
    import tempfile

    _tamper(made, "UPDATE spans SET char_end = 99 WHERE char_start = 0")

    def refused(*args, **kwargs):  # the sandbox runs as root, which no mode stops
        raise PermissionError(errno.EACCES, "Permission denied", str(made.parent))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    before = sorted(made.parent.iterdir())
    code, _out, err = run("clean-copy", str(made))
    assert code == 1
    assert err.startswith(
        f"error: {made}: no copy can be made beside it (its folder is not writable); nothing "
        "was changed. Copy the file to a folder you can write to and make the copy of it there"
    ), err
    assert sorted(made.parent.iterdir()) == before


def test_a_read_only_original_gets_a_copy_its_owner_can_write(made: Path) -> None:  # noqa: F811
    """The copy took a read-only original's mode before it was written, and a user (not
    root) then had SQLite refuse to build it ("attempt to write a readonly database"); the
    copy is to be worked in, so its owner may write it, others get what the original gave."""
    _tamper(made, "UPDATE spans SET char_end = 99 WHERE char_start = 0")
    made.chmod(0o444)
    report = make_cleaned_copy(made)
    assert report.copy.stat().st_mode & 0o777 == 0o644
    made.chmod(0o640)
    assert make_cleaned_copy(made).copy.stat().st_mode & 0o777 == 0o640


def test_each_document_is_measured_once_not_once_per_span(tmp_path: Path) -> None:
    """length() ran once per span (1.4 s CPU on 100,000 spans of 6,000-character
    articles, where the rows check, measuring each document once, takes 0.1 s)."""
    from annotator.core.model import NewSpan

    from .test_hostile_project import _doc

    path = tmp_path / "many.seedproj"
    with Project.open(path) as project, project.transaction():
        for name in ("a", "b", "c"):
            doc = project.documents.add(_doc(name))
            for start in range(0, 20, 2):
                project.spans.add(doc, "ali", NewSpan("actor", start, start + 1, "x"))
    _tamper(path, "UPDATE spans SET char_end = 500 WHERE id IN (4, 25)")
    conn = sqlite3.connect(path)
    measured: list[int] = []

    def length(text):  # SQLite's own, counted
        measured.append(1)
        return None if text is None else len(text.split("\0")[0])

    conn.create_function("length", 1, length, deterministic=True)
    try:
        found = {(u.kind, u.table): (u.count, u.first) for u in salvage.set_aside(conn)}
        conn.rollback()
    finally:
        conn.close()
    assert found == {(salvage.PAST_TEXT, "spans"): (2, [4, 25])}
    assert len(measured) <= 3, len(measured)  # 30 before
