"""The team schema is versioned like a local project's: made once, upgraded in place, and a
database from a newer version (or not ours) is refused rather than written."""

from __future__ import annotations

import pytest

from annotator.core.team import schema
from annotator.core.team.connection import TeamError, connect


def test_init_makes_the_schema_once_and_a_second_run_changes_nothing(team_db):
    with connect(team_db.admin_url, autocommit=True) as conn:
        first = schema.initialise(conn, team_db.name)
        second = schema.initialise(conn, team_db.name)
        schema.check_version(conn, team_db.name)
        roles = conn.execute(
            "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE %s ORDER BY 1",
            [f"seed_{first.tag}_%"],
        ).fetchall()
    assert first.created and first.applied == tuple(name for name, _ in schema.MIGRATIONS)
    assert (second.created, second.applied, second.tag) == (False, (), first.tag)
    assert [name for name, _ in roles] == [
        f"seed_{first.tag}_{kind}" for kind in ("analyst", "lead", "owner")
    ]
    assert not any(login for _, login in roles)


def test_a_database_that_is_not_a_team_database_is_refused(team_db):
    with (
        connect(team_db.admin_url, autocommit=True) as conn,
        pytest.raises(TeamError, match="is not a Seed Annotator team database"),
    ):
        schema.check_version(conn, team_db.name)


def test_a_newer_team_database_is_refused_and_left_alone(team_db):
    with connect(team_db.admin_url, autocommit=True) as conn:
        schema.initialise(conn, team_db.name)
        conn.execute("INSERT INTO seed.schema_migrations(name) VALUES ('m999_future')")
        with pytest.raises(TeamError, match="newer version"):
            schema.check_version(conn, team_db.name)
        with pytest.raises(TeamError, match="newer version"):
            schema.initialise(conn, team_db.name)
        names = [r[0] for r in conn.execute("SELECT name FROM seed.schema_migrations")]
    assert sorted(names) == [*(name for name, _ in schema.MIGRATIONS), "m999_future"]


def test_a_team_database_of_the_first_version_is_upgraded_in_place(team_db, monkeypatch):
    with connect(team_db.admin_url, autocommit=True) as conn:
        with monkeypatch.context() as patch:
            patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
            patch.setattr(schema, "SCHEMA_VERSION", 1)
            old = schema.initialise(conn, team_db.name)
        with pytest.raises(TeamError, match="needs an upgrade"):
            schema.check_version(conn, team_db.name)
        new = schema.initialise(conn, team_db.name)
        schema.check_version(conn, team_db.name)
        keys = conn.execute(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'p' AND conrelid IN ('seed.statuses'::regclass, "
            "'seed.decisions'::regclass) ORDER BY 1"
        ).fetchall()
    assert (new.created, new.tag, new.applied) == (
        False,
        old.tag,
        tuple(name for name, _ in schema.MIGRATIONS[1:]),
    )
    assert keys == [
        ("seed.decisions", "PRIMARY KEY (annotator, uid)"),
        ("seed.statuses", "PRIMARY KEY (annotator, uid)"),
    ]
