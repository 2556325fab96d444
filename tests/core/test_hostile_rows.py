"""A colleague's project can hold rows our definitions accept but our readers cannot use (a
span past its text, attributes that are no JSON object): refused as it opens, naming the
file and the row, where `agreement`, `values` and `suggest` ended in a traceback."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.errors import DamagedProject, UnusableRows
from annotator.core.formats.registry import WRITERS
from annotator.core.store.project import Project

from .test_cli import run

TEXT = "پوتین به تهران رفت"


@pytest.fixture
def made(tmp_path: Path) -> Path:
    """A sound project: one document, two spans, a relation and a model's prediction."""
    spans = [
        {"id": "s1", "start": 0, "end": 5, "label": "actor"},
        {"id": "s2", "start": 9, "end": 14, "label": "actor"},
    ]
    record = {
        "id": "a",
        "text": TEXT,
        "annotator": "ali",
        "status": "done",
        "spans": spans,
        "relations": [{"head": "s1", "tail": "s2", "type": "in"}],
        "model": "m",
        "predictions": [{"start": 9, "end": 14, "label": "actor"}],
    }
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    path = tmp_path / "p.seedproj"
    code, _out, err = run("import", "--project", str(path), str(source))
    assert code == 0, err
    return path


def _tamper(path: Path, sql: str) -> None:
    """`sql` run on the file as another program could: past our CHECKs too."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        with conn:
            conn.execute(sql)
    finally:
        conn.close()


def _three_offsets_broken(tmp_path: Path) -> Path:
    """A project of five spans, the first three starting before the text: integrity_check(3)
    names only them, so whatever else is wrong comes after its last line."""
    path = spans_project(tmp_path / "p.seedproj", 5)
    _tamper(path, "UPDATE spans SET char_start = -1 WHERE id <= 3")
    return path


def spans_project(path: Path, count: int) -> Path:
    """A project of one document and `count` one-letter spans of ali's, ids 1 to `count`."""
    from annotator.core.model import NewSpan

    from .test_hostile_project import _doc

    with Project.open(path) as project, project.transaction():
        doc = project.documents.add(_doc("a"))
        for start in range(0, 2 * count, 2):
            project.spans.add(doc, "ali", NewSpan("actor", start, start + 1, "x"))
    return path


def _past_the_definition(
    path: Path, name: str, loosen: Callable[[str], str], sql: str
) -> list[str]:
    """`sql` run while `name` is defined as `loosen` makes our definition, which is then
    put back (what another program could leave): integrity_check(3)'s lines after."""
    conn = sqlite3.connect(path)
    (ours,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [name]).fetchone()
    assert loosen(ours) != ours
    _define(conn, name, loosen(ours))
    conn.close()
    _tamper(path, sql)
    conn = sqlite3.connect(path)
    _define(conn, name, ours)
    lines = [row[0] for row in conn.execute("PRAGMA integrity_check(3)")]
    conn.close()
    return lines


def _define(conn: sqlite3.Connection, name: str, sql: str) -> None:
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", [sql, name])
    conn.commit()


TAMPERED = {
    "span-past-text": ("UPDATE spans SET char_end = 99 WHERE char_start = 0", "span 1 ends at 99"),
    "span-on-no-document": ("UPDATE spans SET document_id = 77 WHERE char_start = 0", "span 1"),
    "span-attrs-not-json": ("UPDATE spans SET attrs = 'not json' WHERE char_start = 0", "span 1"),
    "span-attrs-a-list": ("UPDATE spans SET attrs = '[1]' WHERE char_start = 0", "span 1"),
    "relation-attrs": ("UPDATE relations SET attrs = '{' ", "relation 1"),
    "document-meta": ("UPDATE documents SET meta = '5'", "document 1"),
    "prediction-past-text": ("UPDATE predictions SET char_end = 999", "prediction 1"),
    "span-offset-a-text": (
        "UPDATE spans SET char_end = 'x' WHERE char_start = 0",
        "span 1: its offsets are not stored as whole numbers (0 to 'x')",
    ),
    "span-offset-a-fraction": (
        "UPDATE spans SET char_start = 0.5 WHERE char_start = 0",
        "span 1: its offsets are not stored as whole numbers (0.5 to 5)",
    ),
    "prediction-offset-a-fraction": (
        "UPDATE predictions SET char_end = 13.5",
        "prediction 1: its offsets are not stored as whole numbers (9 to 13.5)",
    ),
    # Past the CHECK (integrity_check found it first and called the file damaged, with no
    # copy offered) and a whole number stored as REAL.
    # (a whole number stored as REAL: test_salvaged_copy)
    "span-start-below-0": (
        "UPDATE spans SET char_start = -3 WHERE char_start = 0",
        "span 1: its offsets (-3 to 5) do not run forward from 0",
    ),
    "span-backwards": (
        "UPDATE spans SET char_start = 12, char_end = 10 WHERE char_start = 9",
        "span 2: its offsets (12 to 10) do not run forward from 0",
    ),
    "span-empty": ("UPDATE spans SET char_end = 0 WHERE char_start = 0", "span 1: its offsets"),
    "prediction-start-below-0": (
        "UPDATE predictions SET char_start = -1",
        "prediction 1: its offsets (-1 to 14) do not run forward from 0",
    ),
}


@pytest.mark.parametrize("case", TAMPERED)
def test_a_row_our_readers_cannot_use_is_refused_naming_it(made: Path, case: str) -> None:
    sql, named = TAMPERED[case]
    _tamper(made, sql)
    before = made.read_bytes()
    with pytest.raises(UnusableRows) as caught:  # a copy is offered, not called damage
        Project.open(made, create=False).close()
    assert str(made) in str(caught.value) and named in str(caught.value)
    assert made.read_bytes() == before


def test_a_hostile_offset_is_quoted_short(made: Path) -> None:
    """An offset of a million characters made a refusal of a million characters, on the
    command line and in the window."""
    _tamper(made, "UPDATE spans SET char_end = hex(randomblob(500000)) WHERE char_start = 0")
    code, _out, err = run("stats", "--project", str(made))
    assert code == 1 and len(err) < 500, len(err)
    assert "(1,000,000 characters)" in err and "span 1" in err


def test_a_row_breaking_another_rule_is_still_called_damage(made: Path) -> None:
    """A CHECK no copy names the rows of (a read-only connection's integrity_check does
    not test CHECKs, so clean-copy could not find them): damage, as before."""
    _tamper(made, "UPDATE document_status SET status = 'lost'")
    with pytest.raises(DamagedProject) as caught:
        Project.open(made, create=False).close()
    assert not isinstance(caught.value, UnusableRows)
    assert "CHECK constraint failed in document_status" in str(caught.value)


def test_damage_beside_a_broken_rule_is_still_damage(made: Path) -> None:
    """Only a file whose sole fault is rows breaking a rule is offered a copy."""
    _tamper(made, "UPDATE spans SET char_start = -3 WHERE char_start = 0")
    conn = sqlite3.connect(made)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'spans_label'")
    (page,) = root.fetchone()
    conn.close()
    with made.open("r+b") as raw:  # the index's page emptied: its entries are missing
        raw.seek((page - 1) * 4096 + 3)
        raw.write(b"\x00\x00")
    with pytest.raises(DamagedProject) as caught:
        Project.open(made, create=False).close()
    assert not isinstance(caught.value, UnusableRows), caught.value


def test_damage_after_three_broken_rules_is_still_damage(tmp_path: Path) -> None:
    """integrity_check(3)'s lines can all be broken rules with damage after them: the file
    is checked again past the CHECKs before it is offered a copy."""
    path = _three_offsets_broken(tmp_path)
    # Span 5 deleted while its index said it left it out: its entry stays behind.
    lines = _past_the_definition(
        path, "spans_label", lambda sql: sql + " WHERE id != 5", "DELETE FROM spans WHERE id = 5"
    )
    assert lines == ["CHECK constraint failed in spans"] * 3  # the damage comes after
    with pytest.raises(DamagedProject) as caught:
        Project.open(path, create=False).close()
    assert not isinstance(caught.value, UnusableRows), caught.value
    assert "spans_label" in str(caught.value)


@pytest.mark.parametrize("command", [["agreement"], ["values"], ["suggest", "--out", "s.jsonl"]])
def test_the_commands_that_raised_now_name_the_file(made: Path, command: list[str]) -> None:
    _tamper(made, "UPDATE spans SET char_end = 99, attrs = 'x' WHERE char_start = 0")
    code, out, err = run(*command, "--project", str(made))
    assert code == 1 and "Traceback" not in out + err
    assert err.startswith(f"error: {made}: ") and "span 1" in err, err


def test_the_sound_project_these_tests_tamper_with_opens(made: Path) -> None:
    with Project.open(made, create=False) as project:
        assert project.verified


def test_stats_counts_a_document_marked_new_once(tmp_path: Path) -> None:
    """A file that states `"status": "new"` stores a status row: stats said "new 1, new 0"."""
    source = tmp_path / "a.jsonl"
    lines = [
        {"id": "a", "text": TEXT, "annotator": "ali", "status": "new", "spans": []},
        {"id": "b", "text": TEXT + " دوباره", "annotator": "ali", "status": "done", "spans": []},
    ]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    path = tmp_path / "p.seedproj"
    assert run("import", "--project", str(path), str(source))[0] == 0
    code, out, _err = run("stats", "--project", str(path))
    assert code == 0 and "  ali: done 1, new 1; spans 0 (none)" in out.splitlines(), out


def test_text_that_is_no_utf8_ends_an_export_with_one_message(made: Path) -> None:
    """The message was followed by two "Exception ignored ... Cannot operate on a closed
    database" tracebacks: the span readers' cursors closed after their connection."""
    import subprocess
    import sys

    _tamper(made, "UPDATE documents SET text = CAST(x'ff41' AS TEXT) || text")
    out = made.with_name("out.jsonl")
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "export", "--project", str(made), "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1 and not out.exists()
    assert done.stderr.startswith(f"error: {made}: ") and "decode" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr


def test_a_text_holding_a_nul_with_spans_after_it_opens(tmp_path: Path) -> None:
    """SQLite's length() stops at a text's first NUL (JSON's \\u0000 puts one there): its
    spans past the NUL looked past the end, and a sound project was called damaged, with
    no way forward (its cleaned copy is itself)."""
    record = {"id": "n", "text": "ab\u0000cd efgh", "annotator": "ali",
              "spans": [{"start": 6, "end": 10, "label": "actor"}]}  # fmt: skip
    source = tmp_path / "nul.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    path = tmp_path / "nul.seedproj"
    code, _out, err = run("import", "--project", str(path), str(source))
    assert code == 0, err
    code, out, err = run("stats", "--project", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["spans_total"] == 1
    # and a span truly past such a text is still refused
    _tamper(path, "UPDATE spans SET char_end = 11")
    code, _out, err = run("stats", "--project", str(path))
    assert code == 1 and "ends at 11, past the end of document 1 (10 characters)" in err


def test_a_null_after_three_broken_offsets_is_still_damage(tmp_path: Path) -> None:
    """The second pass past the CHECKs still names a NULL where none may be: no copy leaves
    that row out by name, so the file is damaged, not a copy's to offer."""
    path = _three_offsets_broken(tmp_path)
    lines = _past_the_definition(
        path,
        "spans",
        lambda sql: sql.replace("text TEXT NOT NULL", "text TEXT"),
        "UPDATE spans SET text = NULL WHERE id = 5",
    )
    assert lines == ["CHECK constraint failed in spans"] * 3  # the NULL comes after
    with pytest.raises(DamagedProject) as caught:
        Project.open(path, create=False).close()
    assert not isinstance(caught.value, UnusableRows), caught.value
    assert "NULL value in spans.text" in str(caught.value)


def test_a_predictions_other_rule_is_not_explained_by_another_ones_offsets(made: Path) -> None:
    """predictions have CHECKs besides the offsets (a model name of 1-200 characters): one
    prediction's bad offsets do not make another's empty model name a row to leave out."""
    _tamper(
        made,
        "INSERT INTO predictions (document_id, model, char_start, char_end, label, attrs, "
        "imported_at) SELECT document_id, '', char_start, char_end, label, attrs, "
        "imported_at FROM predictions",
    )
    _tamper(made, "UPDATE predictions SET char_start = -1 WHERE model != ''")
    with pytest.raises(DamagedProject) as caught:
        Project.open(made, create=False).close()
    assert not isinstance(caught.value, UnusableRows), caught.value
    assert "CHECK constraint failed in predictions" in str(caught.value)


# -- half a character in stored JSON: no import stores one, another program can -------------

# Python's json reads "\ud800" as a lone surrogate, which no UTF-8 file can hold.
HALF_A_CHARACTER = {
    "metadata": 'UPDATE documents SET meta = \'{"note": "a\\ud800b"}\'',
    "span": 'UPDATE spans SET attrs = \'{"note": "\\udc00"}\' WHERE id = 2',
    "relation": (
        "INSERT INTO relations (head_id, tail_id, type, attrs) "
        "VALUES (1, 2, 'near', '{\"note\": [\"\\ud83d\"]}')"
    ),
}
# Where each format that carries the value names it; the others leave it out (and say so).
NAMED = {
    ("metadata", "jsonl"): "meta.note",
    ("metadata", "prodigy"): "meta.note",
    ("metadata", "labelstudio"): "data.meta.note",
    ("metadata", "doccano"): "note",
    ("span", "jsonl"): "spans[1].attrs.note",
    ("span", "brat"): "brat annotation '#1' (.ann line 3)",
    ("relation", "jsonl"): "relations[0].attrs.note[0]",
}


def _left(folder: Path) -> list[str]:
    """What is in the project's folder beside the project."""
    return sorted(p.name for p in folder.iterdir() if p.name != "p.seedproj")


def _planted(tmp_path: Path, count: int, sql: str) -> Path:
    """A project of one document and `count` spans, in a folder of its own, then `sql`."""
    (tmp_path / "work").mkdir()
    path = spans_project(tmp_path / "work" / "p.seedproj", count)
    _tamper(path, sql)
    return path


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("where", list(HALF_A_CHARACTER))
def test_half_a_character_stops_an_export_naming_its_document(
    tmp_path: Path, fmt: str, where: str
) -> None:
    """Prodigy, doccano, Label Studio and our JSONL raised orjson's "str is not valid UTF-8:
    surrogates not allowed", brat UTF-8's "can't encode character", every format but JSONL
    orjson's "no low surrogate" as the spans were read: tracebacks naming no document. Our
    JSONL wrote a span's escape as it was, a file its own import refuses."""
    path = _planted(tmp_path, 3, HALF_A_CHARACTER[where])
    out = path.with_name("out" if fmt == "brat" else f"out.{fmt}")
    code, out_text, err = run("export", "--project", str(path), "--format", fmt, "--out", str(out))
    named = NAMED.get((where, fmt))
    if named is None:  # a value the format has no place for: the rest is written
        assert code == 0, err
        assert out.exists()
        return
    assert code == 1, out_text
    assert err == (
        f"error: {path}: document 'a' ('عنوان'): {named} holds half a character (a lone "
        "UTF-16 surrogate, in JSON \\ud800 to \\udfff), which no file can hold; nothing was "
        "written. No import stores one: the project was changed by another program\n"
    )
    assert _left(path.parent) == []  # no file, folder or temporary begun


@pytest.mark.parametrize(
    ("fmt", "named"), [("jsonl", "predictions[0].attrs.why"), ("labelstudio", None)]
)
def test_half_a_character_in_a_prediction_stops_an_export_naming_its_document(
    tmp_path: Path, fmt: str, named: str | None
) -> None:
    path = _planted(
        tmp_path,
        1,
        "INSERT INTO predictions (document_id, model, char_start, char_end, label, attrs, "
        "imported_at) VALUES (1, 'm', 0, 1, 'actor', '{\"why\": \"\\udfff\"}', '2026-12-06')",
    )
    out = path.with_name(f"out.{fmt}")
    args = ["export", "--project", str(path), "--format", fmt, "--out", str(out), "--predictions"]
    code, _out, err = run(*args)
    if named is None:  # Label Studio's results have no attributes
        assert code == 0, err
        assert "Not expressible in labelstudio: 1 prediction attributes" in err
        return
    assert code == 1
    assert err.startswith(f"error: {path}: document 'a' ('عنوان'): {named} holds half a "), err
    assert _left(path.parent) == []


def test_a_whole_character_escaped_in_stored_json_is_exported(tmp_path: Path) -> None:
    """Both halves of a pair, as another program may write an emoji: one character, written
    (SQLite's JSON of the spans goes on as it is)."""
    path = _planted(tmp_path, 2, 'UPDATE documents SET meta = \'{"e": "\\ud83d\\ude00"}\'')
    _tamper(path, 'UPDATE spans SET attrs = \'{"e": "\\uD83D\\uDE00"}\'')
    out = path.with_name("out.jsonl")
    code, _out, err = run("export", "--project", str(path), "--out", str(out))
    assert code == 0, err
    (line,) = [json.loads(text) for text in out.read_text(encoding="utf-8").splitlines()]
    assert line["meta"] == {"e": "😀"}
    assert [s["attrs"] for s in line["spans"]] == [{"e": "😀"}] * 2


@pytest.mark.parametrize("fmt", ["prodigy", "brat", "labelstudio"])
def test_a_number_no_file_can_hold_in_a_spans_attributes_stops_an_export_naming_it(
    tmp_path: Path, fmt: str
) -> None:
    """1e999, which SQLite keeps: the spans' JSON was read with orjson, whose refusal
    ("number is infinity") ended the export in a traceback naming no document."""
    path = _planted(tmp_path, 2, "UPDATE spans SET attrs = '{\"x\": 1e999}' WHERE id = 1")
    out = path.with_name("out" if fmt == "brat" else f"out.{fmt}")
    code, out_text, err = run("export", "--project", str(path), "--format", fmt, "--out", str(out))
    assert code == 1, out_text
    assert err.startswith(f"error: {path}: document 'a' ('عنوان'): its spans' stored attributes")
    assert "infinity" in err and "Traceback" not in err
    assert _left(path.parent) == []
