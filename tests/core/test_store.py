"""The project file: creation, refusal of files it must not touch, migrations, edits, search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.core.model import DEFAULT_LABELS, Label, NewDocument, NewSpan, Status
from annotator.core.store import schema
from annotator.core.store.project import Project


def _doc(ext_id: str, text: str, lang: str = "ar") -> NewDocument:
    return NewDocument(ext_id, text.split("\n")[0], lang, text, text, None, "none", {}, "test")


def test_new_project_has_default_labels_wal_and_identity(project: Project, project_path: Path):
    labels = project.labels.all()
    assert [(lab.name, lab.shortcut) for lab in labels] == [
        ("actor", "1"),
        ("date", "2"),
        ("topic", "3"),
        ("claim", "4"),
    ]
    assert all(lab.color.startswith("#") and lab.description for lab in labels)
    raw = sqlite3.connect(project_path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert raw.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_reopening_keeps_everything_and_does_not_reseed_labels(project_path: Path):
    with Project.open(project_path) as p, p.transaction():
        doc_id = p.documents.add(_doc("a", "بوتين يطلع ترامب"))
        p.spans.add(doc_id, "sara", NewSpan("actor", 0, 5, "بوتين"))
        p.labels.add_new("place")
    with Project.open(project_path, create=False) as p:
        assert len(p.labels.all()) == len(DEFAULT_LABELS) + 1
        [span] = p.spans.for_document(doc_id)
        assert (span.annotator, span.label, span.start, span.end, span.text) == (
            "sara",
            "actor",
            0,
            5,
            "بوتين",
        )


def test_missing_project_is_not_created_when_only_reading(tmp_path: Path):
    with pytest.raises(ProjectError, match="no such project"):
        Project.open(tmp_path / "nope.seedproj", create=False)
    assert not (tmp_path / "nope.seedproj").exists()


def test_a_file_that_is_not_a_database_is_reported_and_left_untouched(tmp_path: Path):
    path = tmp_path / "notes.seedproj"
    content = b"these are my notes, not a database\n" * 200
    path.write_bytes(content)
    with pytest.raises(ProjectError, match="not a readable project file"):
        Project.open(path)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused(tmp_path: Path):
    path = tmp_path / "other.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE t(x)")
    other.commit()
    other.close()
    with pytest.raises(ProjectError, match="not a Seed Annotator project"):
        Project.open(path)
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("t",)]


def test_a_project_from_a_newer_version_is_refused_unchanged(project_path: Path):
    Project.open(project_path).close()
    raw = sqlite3.connect(project_path)
    raw.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    before = project_path.read_bytes()
    with pytest.raises(ProjectError, match="newer version"):
        Project.open(project_path)
    assert project_path.read_bytes() == before


def test_unknown_applied_migration_means_newer(project_path: Path):
    Project.open(project_path).close()
    raw = sqlite3.connect(project_path)
    raw.execute(
        "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
        "VALUES ('seed_annotator', 'm999_from_the_future', '2030-01-01')"
    )
    raw.commit()
    raw.close()
    with pytest.raises(ProjectError, match="newer version"):
        Project.open(project_path)


def test_locked_project_is_reported(project_path: Path, monkeypatch: pytest.MonkeyPatch):
    from annotator.core.store import project as project_module

    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_S", 0.1)
    Project.open(project_path).close()
    holder = sqlite3.connect(project_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with (
            pytest.raises(ProjectError, match="locked by another program"),
            Project.open(project_path) as p,
            p.transaction(),
        ):
            p.labels.add_new("place")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Project.open(project_path) as p:
        assert "place" not in p.labels.names()


def test_migration_backs_up_the_old_file_first(project_path: Path, monkeypatch):
    with Project.open(project_path) as p, p.transaction():
        p.documents.add(_doc("a", "نص قديم"))
    newer = schema.Migrations("seed_annotator")
    for migration in schema.migrations._migrations:
        newer()(migration.fn)

    @newer()
    def m999_add_column(db):
        db.execute("ALTER TABLE documents ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0")

    version = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "migrations", newer)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", version + 1)
    monkeypatch.setattr(schema, "KNOWN_MIGRATIONS", schema.KNOWN_MIGRATIONS | {"m999_add_column"})
    with Project.open(project_path) as p:
        assert p.documents.count() == 1
        columns = [r[1] for r in p.db.execute("PRAGMA table_info(documents)")]
        assert "flagged" in columns
    [backup] = project_path.parent.glob(f"test.schema{version}-*.backup.seedproj")
    old = sqlite3.connect(backup)
    assert old.execute("SELECT ext_id FROM documents").fetchall() == [("a",)]
    assert "flagged" not in [r[1] for r in old.execute("PRAGMA table_info(documents)")]


def test_a_failed_transaction_leaves_nothing(project: Project):
    with pytest.raises(RuntimeError), project.transaction():
        project.documents.add(_doc("a", "نص"))
        raise RuntimeError("boom")
    assert project.documents.count() == 0
    assert project.documents.search("نص") == []


def test_span_edits_relabel_delete_and_constraints(project: Project):
    with project.transaction():
        doc_id = project.documents.add(_doc("a", "قال الكرملين إن بوتين"))
    span = project.spans.add(doc_id, "sara", NewSpan("actor", 4, 12, "الكرملين"))
    project.spans.relabel(span.id, "topic")
    assert project.spans.get(span.id).label == "topic"
    project.spans.delete(span.id)
    assert project.spans.for_document(doc_id) == []
    with pytest.raises(sqlite3.IntegrityError):
        project.spans.add(doc_id, "sara", NewSpan("actor", 5, 5, ""))
    with pytest.raises(sqlite3.IntegrityError):
        project.spans.add(doc_id, "sara", NewSpan("no-such-label", 0, 3, "قال"))


def test_replace_for_document_reports_changes_and_keeps_unchanged_ids(project: Project):
    with project.transaction():
        doc_id = project.documents.add(_doc("a", "بوتين يطلع ترامب على نتائج"))
    first = [NewSpan("actor", 0, 5, "بوتين"), NewSpan("actor", 11, 16, "ترامب")]
    changes = project.spans.replace_for_document(doc_id, "sara", first, [])
    assert (changes.added, changes.removed, changes.unchanged) == (2, 0, 0)
    kept_id = project.spans.for_document(doc_id)[0].id
    second = [NewSpan("actor", 0, 5, "بوتين"), NewSpan("topic", 21, 26, "نتائج")]
    changes = project.spans.replace_for_document(doc_id, "sara", second, [])
    assert (changes.added, changes.removed, changes.unchanged) == (1, 1, 1)
    spans = project.spans.for_document(doc_id)
    assert [(s.label, s.start) for s in spans] == [("actor", 0), ("topic", 21)]
    assert spans[0].id == kept_id
    # someone else's spans on the same document are not touched
    project.spans.replace_for_document(doc_id, "omid", [NewSpan("actor", 0, 5, "بوتين")], [])
    assert len(project.spans.for_document(doc_id, "sara")) == 2


def test_status_per_annotator(project: Project):
    with project.transaction():
        doc_id = project.documents.add(_doc("a", "نص"))
    assert project.status.get(doc_id, "sara") == Status.NEW
    project.status.set(doc_id, "sara", Status.DONE)
    assert project.status.get(doc_id, "sara") == Status.DONE
    assert project.status.get(doc_id, "omid") == Status.NEW


def test_search_matches_across_arabic_and_persian_spellings(project: Project):
    with project.transaction():
        project.documents.add(_doc("ar", "وقال الكرملين في بيان"))
        project.documents.add(_doc("fa", "کاخ کرملین اعلام کرد", "fa"))
        project.documents.add(_doc("other", "لا علاقة"))
    # Arabic spelling of the Persian word finds the Persian article (whole words only)
    assert {d.ext_id for d in project.documents.search("كرملين")} == {"fa"}
    assert {d.ext_id for d in project.documents.search("الکرملین")} == {"ar"}
    assert {d.ext_id for d in project.documents.search("کرملین")} == {"fa"}
    assert project.documents.search("   ") == []


def test_label_rules(project: Project):
    with pytest.raises(AnnotatorError, match="already exists"):
        project.labels.add(Label("actor", "#000000"))
    with pytest.raises(AnnotatorError, match="already taken"):
        project.labels.add(Label("place", "#000000", "1"))
    project.labels.add_new("place")
    with pytest.raises(AnnotatorError, match="#rrggbb"):
        project.labels.update(Label("place", "red"))
    project.labels.update(Label("place", "#123456", "5", "A location"))
    place = next(lab for lab in project.labels.all() if lab.name == "place")
    assert (place.color, place.shortcut, place.description) == ("#123456", "5", "A location")


def test_a_project_from_the_first_release_gains_the_review_tables(project_path, monkeypatch):
    first = schema.Migrations("seed_annotator")
    first()(schema.m001_initial)
    with monkeypatch.context() as patch:
        patch.setattr(schema, "migrations", first)
        patch.setattr(schema, "SCHEMA_VERSION", 1)
        patch.setattr(schema, "KNOWN_MIGRATIONS", frozenset({"m001_initial"}))
        with Project.open(project_path) as p, p.transaction():
            p.documents.add(_doc("a", "نص قديم"))
    with Project.open(project_path) as p:
        assert p.documents.count() == 1
        assert {"gold_provenance", "review_rejections", "review_scores"} <= set(p.db.table_names())
        assert p.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert list(project_path.parent.glob("test.schema1-*.backup.seedproj"))
