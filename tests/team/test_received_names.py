"""A label or person's name holding characters that command a terminal or a line, put on the
server by an old or hostile client (import, the window and `team user add` refuse them): a
lead's pull stores none of them, is held up by none, and says which rows it left out; a
row its writer corrects comes with the next pull."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotator.core.store.project import Project
from annotator.core.store.team import Applied
from annotator.core.team import received
from annotator.core.team.sync import PULL_CHUNK, TeamSync, join

from .test_sync import _copy, past_the_cursor, team  # noqa: F401  (the fixture)

HOSTILE = "actor\x1b[2J\x1b]0;pwned\x07"
OVERRIDE = "ali\u202enimda"  # shows as "aliadmin" reversed: one name passing for another


def _names(project: Project) -> set[str]:
    names = set(project.labels.names())
    names |= {a.name for a in project.annotators.all()}
    return names


def _insert_span(conn, doc: str, label: str, start: int, text: str, who: str = "") -> str:
    """A span row written with SQL, by the connection's person (or as `who`)."""
    return str(
        conn.execute(
            "INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, "
            "text, version) VALUES (gen_random_uuid(), %s, coalesce(nullif(%s, ''), "
            "current_user), %s, %s, %s, %s, 1) RETURNING uid",
            [doc, who, label, start, start + len(text), text],
        ).fetchone()[0]
    )


def test_a_pull_leaves_out_rows_whose_names_command_and_takes_the_rest(team, tmp_path):  # noqa: F811
    ana, lee = team.person("ana"), team.person("lee")
    lead_copy = _copy(team, tmp_path, "lee")
    with team.connect(ana, autocommit=True) as conn:  # her own credentials, any SQL
        d0 = conn.execute("SELECT uid FROM seed.documents WHERE ext_id = 'n0'").fetchone()[0]
        bad = _insert_span(conn, d0, HOSTILE, 0, "خبر")
        _insert_span(conn, d0, "actor", 4, "0")
        conn.execute(
            "INSERT INTO seed.decisions(uid, document, annotator, char_start, char_end, label, "
            "source, decision, decided_at, version) VALUES (gen_random_uuid(), %s, "
            "current_user, 0, 3, %s, 'repeat', 'rejected', '2026-12-06', 1)",
            [d0, HOSTILE],
        )
    with team.connect(lee, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO seed.labels(name, color, position) VALUES (%s, '#123456', 9)", [OVERRIDE]
        )
    with team.connect("postgres", autocommit=True) as conn:  # a person an old client made
        _insert_span(conn, d0, "topic", 0, "خبر", who="bob\x1b]0;x\x07")
    result = TeamSync(lead_copy).sync()

    assert result.left_out.count == 4, result.left_out
    assert result.left_out.first.startswith("seed.labels: label "), result.left_out
    assert "U+202E" in result.left_out.first and "\u202e" not in str(result.left_out)
    assert not [n for n in _names(lead_copy) if "\x1b" in n or "\u202e" in n]
    doc = next(d for d, e in lead_copy.documents.ext_ids() if e == "n0")
    assert [(s.label, s.text) for s in lead_copy.spans.for_document(doc, ana)] == [("actor", "0")]
    assert lead_copy.suggestions.decided(doc, ana) == set()

    # Nothing holds the next pull up; the row its writer corrects comes with it.
    past_the_cursor(team, lead_copy)
    with team.connect(ana, autocommit=True) as conn:
        conn.execute("UPDATE seed.spans SET label = 'claim', version = 2 WHERE uid = %s", [bad])
    again = TeamSync(lead_copy).sync()
    assert again.left_out.count == 0
    held = sorted((s.label, s.text) for s in lead_copy.spans.for_document(doc, ana))
    assert held == [("actor", "0"), ("claim", "خبر")]
    lead_copy.close()


def test_a_removal_carrying_such_a_label_is_applied(team, tmp_path):  # noqa: F811
    """A removal stores no label: the span it removes goes, whatever label it carries."""
    ana = team.person("ana")
    lead_copy = _copy(team, tmp_path, "lee")
    with team.connect(ana, autocommit=True) as conn:
        d0 = conn.execute("SELECT uid FROM seed.documents WHERE ext_id = 'n0'").fetchone()[0]
        uid = _insert_span(conn, d0, "actor", 0, "خبر")
    TeamSync(lead_copy).sync()
    doc = next(d for d, e in lead_copy.documents.ext_ids() if e == "n0")
    assert len(lead_copy.spans.for_document(doc, ana)) == 1
    with team.connect(ana, autocommit=True) as conn:
        conn.execute(
            "UPDATE seed.spans SET label = %s, deleted = true, version = 2 WHERE uid = %s",
            [HOSTILE, uid],
        )
    result = TeamSync(lead_copy).sync()
    assert result.left_out.count == 0
    assert lead_copy.spans.for_document(doc, ana) == []
    assert HOSTILE not in _names(lead_copy)
    lead_copy.close()


def test_team_sync_on_the_command_line_says_what_it_left_out(team, tmp_path):  # noqa: F811
    lee = team.person("lee")
    path = tmp_path / "lee.seedproj"
    _copy(team, tmp_path, "lee").close()
    with team.connect(lee, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO seed.labels(name, color, position) VALUES (%s, '#123456', 9)", [HOSTILE]
        )
    done = team_sync_warning(path)
    named = "label 'actor\\x1b[2J\\x1b]0;pwned\\x07' holds U+001B"
    assert f"(first: seed.labels: {named}, a control" in done.stderr  # the name once
    assert done.stderr.count("pwned") == 1
    assert "never does, until it is removed on the server" in done.stderr
    assert "\x1b" not in done.stderr
    with Project.open(path) as project:
        assert "actor" in project.labels.names() and HOSTILE not in project.labels.names()


def test_a_join_leaves_them_out_too_and_says_so(team, tmp_path):  # noqa: F811
    """A lead's first join is a full pull (written while the server is still read)."""
    lee = team.person("lee")
    with team.connect(lee, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO seed.labels(name, color, position) VALUES (%s, '#123456', 9)", [HOSTILE]
        )
    project = Project.open(tmp_path / "lee.seedproj")
    joined = join(project, team.url_for(lee))
    assert joined.left_out.count == 1 and joined.left_out.first.startswith("seed.labels: ")
    assert HOSTILE not in project.labels.names() and "actor" in project.labels.names()
    project.close()


def _span_row(i: int, annotator: str, label: str, deleted: bool = False) -> tuple:
    """A span row as a pull reads it (TeamRepository.apply_spans)."""
    return (f"u{i}", i % 50, annotator, label, i, i + 3, "خبر", "{}", 1, deleted)


def _counted_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    check = received.name_problem

    def counting(name: str, what: str) -> str | None:
        checked.append(name)
        return check(name, what)

    monkeypatch.setattr(received, "name_problem", counting)
    return checked


def test_a_clean_chunk_checks_each_of_its_names_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full pull reads 600,000 spans on the writing thread: checking every row's names took
    0.5 s of it, the chunk's distinct names 0.03 s."""
    checked = _counted_checks(monkeypatch)
    people, labels = ["ana", "bob", "gold"], ["actor", "date", "topic", "claim"]
    rows = [_span_row(i, people[i % 3], labels[i % 4]) for i in range(PULL_CHUNK)]
    applied = Applied()
    assert received.named_safely("spans", rows, applied) is rows
    assert sorted(checked) == sorted(people + labels) and applied.left_out == 0


def test_a_chunk_holding_a_refused_name_leaves_out_only_its_rows() -> None:
    rows = [_span_row(i, "ana", "actor") for i in range(100)]
    rows[40] = _span_row(40, "ana", HOSTILE)
    rows[60] = _span_row(60, "ana", HOSTILE, deleted=True)  # a removal: applied
    rows[70] = _span_row(70, "bob\x1b]0;x\x07", "actor")
    applied = Applied()
    kept = received.named_safely("spans", rows, applied)
    assert [row[0] for row in rows if row not in kept] == ["u40", "u70"]
    assert applied.left_out == 2 and applied.first_left_out.startswith("seed.spans row u40: ")


def team_sync_warning(path) -> subprocess.CompletedProcess[str]:
    """`annotator team sync` on `path`, as a user runs it: it ends well, warning of one
    row left out."""
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "team", "sync", "--project", str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "warning: 1 server row(s) left out" in done.stderr
    return done
