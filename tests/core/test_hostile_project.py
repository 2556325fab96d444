"""A colleague's project file is untrusted input: SQL it carries never runs on our writes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.errors import ForeignSchemaError, ProjectError
from annotator.core.model import NewDocument, NewSpan
from annotator.core.store import schema, schema_check
from annotator.core.store.cleaning import make_cleaned_copy
from annotator.core.store.project import Project

TEXT = "بوتين يلتقي أردوغان في سوتشي"

# Each plants one object that our migrations do not make, as a colleague's file could.
PLANTED = {
    "trigger": (
        "trigger",
        "relabel",
        [
            "CREATE TABLE IF NOT EXISTS canary(what TEXT)",
            "CREATE TRIGGER relabel AFTER INSERT ON spans BEGIN "
            "UPDATE spans SET label = 'claim'; INSERT INTO canary VALUES ('trigger ran'); END",
        ],
    ),
    "view": (
        "view",
        "every_span",
        ["CREATE VIEW every_span AS SELECT id, label FROM spans"],
    ),
    "table": ("table", "canary", ["CREATE TABLE IF NOT EXISTS canary(what TEXT)"]),
    "index": (
        "index",
        "spans_by_length",
        ["CREATE INDEX spans_by_length ON spans(char_end - char_start)"],
    ),
    # Our own objects with another definition: a column with a default we do not set, and
    # an index of ours narrowed to a subset of rows.
    "changed table": (
        "table",
        "annotators",
        ["ALTER TABLE annotators ADD COLUMN role TEXT DEFAULT 'admin'"],
    ),
    "changed index": (
        "index",
        "spans_label",
        [
            "DROP INDEX spans_label",
            "CREATE INDEX spans_label ON spans(annotator_id, label, document_id) "
            "WHERE label <> 'actor'",
        ],
    ),
    "generated column": (
        "table",
        "spans",
        ["ALTER TABLE spans ADD COLUMN shout TEXT AS (upper(text)) VIRTUAL"],
    ),
}


def _doc(ext_id: str) -> NewDocument:
    return NewDocument(ext_id, "عنوان", "ar", TEXT, TEXT, None, "none", {}, "test")


def make_project(path: Path) -> None:
    with Project.open(path) as p, p.transaction():
        doc_id = p.documents.add(_doc("a"))
        p.spans.add(doc_id, "sara", NewSpan("actor", 0, 5, "بوتين"))


def plant(path: Path, statements: list[str]) -> None:
    raw = sqlite3.connect(path)
    for statement in statements:
        raw.execute(statement)
    raw.commit()
    raw.close()


def rows(path: Path, sql: str) -> list[tuple]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(sql).fetchall()
    finally:
        raw.close()


@pytest.mark.parametrize("case", list(PLANTED))
def test_a_planted_object_is_refused_naming_file_and_object(tmp_path: Path, case: str):
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    kind, name, statements = PLANTED[case]
    plant(path, statements)
    before = path.read_bytes()
    with pytest.raises(ForeignSchemaError) as caught:
        Project.open(path)
    message = str(caught.value)
    assert str(path) in message and f"{kind} {name!r}" in message
    assert "not changed" in message
    assert caught.value.path == path
    assert path.read_bytes() == before


def test_a_planted_trigger_never_fires_on_an_import(tmp_path: Path):
    """The attack of the report: `import` said "24 added" while the trigger relabelled."""
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    plant(path, PLANTED["trigger"][2])
    before = path.read_bytes()
    source = tmp_path / "more.jsonl"
    source.write_text(
        '{"id": "b", "text": "أردوغان في سوتشي", "annotator": "sara", '
        '"spans": [{"start": 0, "end": 7, "label": "actor"}]}\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(source), "--project", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "relabel" in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
    assert rows(path, "SELECT label FROM spans") == [("actor",)]
    assert rows(path, "SELECT * FROM canary") == []


def test_the_migrations_record_is_checked_before_it_is_read(tmp_path: Path):
    """A view in place of the migrations table would run when we ask what was applied."""
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    plant(
        path,
        [
            "ALTER TABLE _sqlite_migrations RENAME TO real_migrations",
            "CREATE VIEW _sqlite_migrations AS SELECT * FROM real_migrations",
        ],
    )
    before = path.read_bytes()
    with pytest.raises(ForeignSchemaError, match="_sqlite_migrations"):
        Project.open(path)
    assert path.read_bytes() == before


def test_a_missing_object_of_ours_is_refused(tmp_path: Path):
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    plant(path, ["DROP INDEX spans_document"])
    with pytest.raises(ForeignSchemaError, match="index 'spans_document' is missing"):
        Project.open(path)


def test_our_own_projects_open_at_every_schema_version(tmp_path: Path, monkeypatch):
    """Each older schema is compared with what its own migrations made, not with today's."""
    for count in range(1, schema.SCHEMA_VERSION + 1):
        older = schema.Migrations("seed_annotator")
        for migration in schema.migrations._migrations[:count]:
            older()(migration.fn)
        path = tmp_path / f"v{count}.seedproj"
        with monkeypatch.context() as patch:
            patch.setattr(schema, "migrations", older)
            patch.setattr(schema, "SCHEMA_VERSION", count)
            patch.setattr(schema, "KNOWN_MIGRATIONS", frozenset(m.name for m in older._migrations))
            make_project(path)
        with Project.open(path) as p:  # migrated to today's schema, then checked again
            assert p.documents.count() == 1
        Project.open(path).close()


def test_the_connection_trusts_no_schema_sql_and_is_defensive(tmp_path: Path):
    path = tmp_path / "mine.seedproj"
    make_project(path)
    with Project.open(path) as p:
        assert p.db.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        p.db.execute("PRAGMA writable_schema = ON")
        with pytest.raises(sqlite3.DatabaseError):
            p.db.execute("UPDATE sqlite_master SET sql = sql || ' ' WHERE name = 'labels'")


def test_a_cleaned_copy_keeps_the_work_and_drops_every_planted_object(tmp_path: Path):
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    for _kind, _name, statements in PLANTED.values():
        plant(path, statements)
    before = path.read_bytes()
    with pytest.raises(ForeignSchemaError):
        Project.open(path)

    report = make_cleaned_copy(path)

    assert path.read_bytes() == before  # the original stays as it came
    assert report.copy == tmp_path / "colleague.cleaned.seedproj"
    assert {"trigger 'relabel'", "view 'every_span'", "table 'canary'"} <= set(report.dropped)
    assert {"table 'annotators'", "index 'spans_label'", "table 'spans'"} <= set(report.rebuilt)
    with Project.open(report.copy) as p, p.transaction():
        assert p.documents.count() == 1
        assert [(s.label, s.text) for s in p.spans.for_document(1, "sara")] == [("actor", "بوتين")]
        p.spans.add(1, "sara", NewSpan("actor", 12, 19, "أردوغان"))
    assert rows(report.copy, "SELECT label FROM spans ORDER BY id") == [("actor",), ("actor",)]
    names = {n for (n,) in rows(report.copy, "SELECT name FROM sqlite_master")}
    assert not names & {"canary", "relabel", "every_span", "spans_by_length"}
    with Project.open(report.copy) as p:
        assert [d.ext_id for d in p.documents.search("سوتشي")] == ["a"]  # index rebuilt


def test_a_cleaned_copy_says_which_rows_broke_our_rules(tmp_path: Path):
    """A changed table can hold rows ours would refuse; they are counted, not hidden."""
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    plant(
        path,
        [
            "PRAGMA foreign_keys = OFF",
            "ALTER TABLE labels RENAME TO old_labels",
            "CREATE TABLE labels (name TEXT, color TEXT, shortcut TEXT, description TEXT, "
            "position INTEGER)",
            "INSERT INTO labels SELECT * FROM old_labels",
            "INSERT INTO labels VALUES (NULL, NULL, NULL, NULL, NULL)",
            "DROP TABLE old_labels",
        ],
    )
    report = make_cleaned_copy(path)
    assert report.left_out == {"labels": 1}
    with Project.open(report.copy) as p:
        assert p.labels.names() == {"actor", "date", "topic", "claim"}


def test_a_cleaned_copy_never_overwrites_a_file(tmp_path: Path):
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    plant(path, PLANTED["view"][2])
    taken = tmp_path / "colleague.cleaned.seedproj"
    taken.write_bytes(b"mine")
    report = make_cleaned_copy(path)
    assert taken.read_bytes() == b"mine"
    assert report.copy == tmp_path / "colleague.cleaned-2.seedproj"


def test_a_cleaned_copy_of_a_file_that_is_no_project_is_refused(tmp_path: Path):
    (tmp_path / "work").mkdir()
    path = tmp_path / "work" / "other.sqlite"
    plant(path, ["CREATE TABLE t(x)"])
    with pytest.raises(ProjectError, match="not a Seed Annotator project"):
        make_cleaned_copy(path)
    assert sorted(p.name for p in path.parent.iterdir()) == ["other.sqlite"]


def test_the_command_line_offers_the_cleaned_copy(tmp_path: Path):
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    plant(path, PLANTED["trigger"][2])
    stats = subprocess.run(
        [sys.executable, "-m", "annotator", "stats", "--project", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert stats.returncode == 1 and "annotator clean-copy" in stats.stderr
    clean = subprocess.run(
        [sys.executable, "-m", "annotator", "clean-copy", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert clean.returncode == 0, clean.stderr
    assert "trigger 'relabel'" in clean.stdout and "colleague.cleaned.seedproj" in clean.stdout
    with Project.open(tmp_path / "colleague.cleaned.seedproj") as p:
        assert p.documents.count() == 1


def rewrite_definition(path: Path, name: str, old: str, new: str) -> None:
    """Edit an object's stored SQL in place, as a hand-edited file could (writable_schema)."""
    raw = sqlite3.connect(path)
    (sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", [name]).fetchone()
    assert old in sql
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", [sql.replace(old, new, 1), name])
    raw.commit()
    raw.close()


# Definitions that look like ours to a reader that takes `"NOT"` for NOT or U+3000 for a
# space, where SQLite reads a type name ("TEXT "NOT"") and drops the constraint.
DISGUISED = {
    "quoted NOT NULL": ("documents", "text TEXT NOT NULL", 'text TEXT "NOT" NULL'),
    "quoted PRIMARY KEY": ("spans", "id INTEGER PRIMARY KEY", 'id INTEGER "PRIMARY" KEY'),
    "bracketed NOT NULL": ("documents", "text TEXT NOT NULL", "text TEXT [NOT] NULL"),
    "ideographic space": ("documents", "text TEXT NOT NULL", "text TEXT \u3000NOT NULL"),
    "no-break space": ("spans", "id INTEGER PRIMARY KEY", "id INTEGER \u00a0PRIMARY KEY"),
}


@pytest.mark.parametrize("case", list(DISGUISED))
def test_a_constraint_disguised_as_ours_is_refused(tmp_path: Path, case: str):
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    table, old, new = DISGUISED[case]
    rewrite_definition(path, table, old, new)
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    before = path.read_bytes()
    with pytest.raises(ForeignSchemaError) as caught:
        Project.open(path)
    message = str(caught.value)
    assert str(path) in message and f"table {table!r}" in message
    assert path.read_bytes() == before


@pytest.mark.parametrize("case", list(DISGUISED))
def test_what_sqlite_parsed_is_compared_even_when_the_sql_reads_like_ours(
    tmp_path: Path, monkeypatch, case: str
):
    """Defence in depth: a reader of the SQL fooled by these tricks, and the columns and keys
    SQLite reports still refuse the file."""
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    table, old, new = DISGUISED[case]
    rewrite_definition(path, table, old, new)
    real = schema_check.normalise_sql

    def fooled(sql: str | None) -> str | None:
        if sql is None:
            return None
        for trick, meant in [('"NOT"', "NOT"), ('"PRIMARY"', "PRIMARY"), ("[NOT]", "NOT")]:
            sql = sql.replace(trick, meant)
        return real(sql.replace("\u3000", " ").replace("\u00a0", " "))

    monkeypatch.setattr(schema_check, "normalise_sql", fooled)
    monkeypatch.setattr(schema_check, "_references", {})
    raw = sqlite3.connect(path)
    objects = {(o.type, o.name): o for o in schema_check.read_schema(raw)}
    raw.close()
    ours = schema_check.reference_schema(tuple(m.name for m in schema.migrations._migrations))
    assert objects[("table", table)].sql == ours[("table", table)].sql  # the SQL is fooled
    before = path.read_bytes()
    with pytest.raises(ForeignSchemaError, match=f"table '{table}' is not as"):
        Project.open(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("a TEXT NOT NULL", 'a TEXT "NOT" NULL'),
        ("a TEXT NOT NULL", "a TEXT `NOT` NULL"),
        ("a TEXT NOT NULL", "a TEXT \u3000NOT NULL"),
        ("a TEXT NOT NULL", "a TEXT \u2028NOT NULL"),
        ("a INTEGER PRIMARY KEY", "a INTEGER PRIMARY \u212aEY"),  # Kelvin sign, not K
        ("a DEFAULT 10", "a DEFAULT 1 0"),
    ],
)
def test_the_normaliser_reads_tokens_as_sqlite_does(ours: str, theirs: str):
    assert schema_check.normalise_sql(ours) != schema_check.normalise_sql(theirs)
    assert schema_check.normalise_sql("a  [Name]\n--x\n INT") == schema_check.normalise_sql(
        'A "name" int'
    )
