"""Migration m010 makes the global ids' table again (its uid unique by an index of its own,
which a big pull can set aside): a team copy made before it keeps every id, and its
outbox triggers, which name that table, go on working."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.model import NewDocument
from annotator.core.services.annotations import AnnotationService
from annotator.core.store import schema
from annotator.core.store.project import Project

IDS = "SELECT kind, local_id, uid, owned FROM team_ids ORDER BY kind, local_id"


def _before_m010(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """A team copy of schema m009 holding a document and an owned span with global ids."""
    names = [m.name for m in schema.migrations._migrations]
    count = names.index("m010_team_ids_uid_index")
    older = schema.Migrations("seed_annotator")
    for migration in schema.migrations._migrations[:count]:
        older()(migration.fn)
    with monkeypatch.context() as patch:
        patch.setattr(schema, "migrations", older)
        patch.setattr(schema, "SCHEMA_VERSION", count)
        patch.setattr(schema, "KNOWN_MIGRATIONS", frozenset(names[:count]))
        with Project.open(path) as project:
            text = "پوتین و ترامپ گفتگو کردند"
            with project.transaction():
                doc = project.documents.add(
                    NewDocument("n0", "t", "fa", text, text, None, "none", {}, "t")
                )
                project.team.own_layers(["ana"])
            span = AnnotationService(project, "ana").add_span(doc, "actor", 0, 5).span.id
            with project.transaction():
                project.team.uid_of("document", doc, owned=False)
                project.team.uid_of("span", span)
                project.db.execute("DELETE FROM team_outbox")
            return project.db.execute(IDS).fetchall()


def test_a_team_copy_made_before_m010_keeps_its_ids_and_its_outbox_triggers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "copy.seedproj"
    ids = _before_m010(path, monkeypatch)
    assert len(ids) == 2
    with Project.open(path) as project:  # migrated, then checked against m010's schema
        assert project.db.execute(IDS).fetchall() == ids
        indexes = project.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'team_ids' "
            "AND sql IS NOT NULL"
        ).fetchall()
        assert indexes == [("team_ids_uid",)]
        with pytest.raises(sqlite3.IntegrityError):
            project.db.execute(
                "INSERT INTO team_ids(kind, local_id, uid) VALUES ('span', 99, ?)", [ids[1][2]]
            )
        span = ids[1][1]
        AnnotationService(project, "ana").remove_span(span)
        # The removal trigger read the span's id from the remade table, and cleared it.
        assert project.db.execute("SELECT kind, uid FROM team_outbox").fetchall() == [
            ("span", ids[1][2])
        ]
        assert project.db.execute(IDS).fetchall() == [ids[0]]
    Project.open(path).close()  # and it opens again, as m010 left it
