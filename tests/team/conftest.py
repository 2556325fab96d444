"""A real PostgreSQL server for the team tests: each test gets a database and roles of its
own, dropped afterwards (and swept at the next run when a run was killed).

Roles are cluster-wide, so every name a test makes starts with `seedtest_<pid>_`: a later run
drops what a dead process left, and never what a live one is using. Where no server answers,
the tests skip with one line; with SEED_REQUIRE_POSTGRES=1 (CI) they fail instead.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

REQUIRED = os.environ.get("SEED_REQUIRE_POSTGRES") == "1"


UNAVAILABLE: str | None = None  # why the team tests cannot run here


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a server the team tests are left out, and the summary says why in one line;
    under SEED_REQUIRE_POSTGRES=1 (CI) the run fails instead."""
    if UNAVAILABLE is None:
        return
    if REQUIRED:
        raise pytest.UsageError(UNAVAILABLE + " (SEED_REQUIRE_POSTGRES=1 requires it)")
    left_out = [item for item in items if "tests/team/" in item.nodeid]
    if left_out:
        items[:] = [item for item in items if "tests/team/" not in item.nodeid]
        config.hook.pytest_deselected(items=left_out)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if UNAVAILABLE is not None:
        terminalreporter.write_line(f"SKIPPED team tests: {UNAVAILABLE}")


try:
    import psycopg
    from psycopg import sql
except ImportError:
    psycopg = None
    UNAVAILABLE = (
        "psycopg is not installed (pip install 'seed-annotator[team]'): team tests not run"
    )

ADMIN_URL = os.environ.get("SEED_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
PREFIX = "seedtest_"


def _admin() -> Any:
    return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)


if psycopg is not None:
    try:
        with _admin() as _conn:
            pass
    except psycopg.OperationalError as _exc:
        _reason = str(_exc).strip().splitlines()[0] if str(_exc).strip() else "no answer"
        UNAVAILABLE = f"no PostgreSQL server at {ADMIN_URL} ({_reason}): team tests not run"


@pytest.fixture(scope="session")
def pg_server() -> str:
    with _admin() as conn:
        _sweep(conn)
    return ADMIN_URL


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner_pid(name: str) -> int | None:
    """The test process that made `name` (PREFIX, its pid, then random), wherever PREFIX
    stands: a database named to begin in Persian has its `first` before it."""
    if PREFIX not in name:
        return None
    parts = name[name.index(PREFIX) + len(PREFIX) :].split("_")
    return int(parts[0]) if len(parts) > 1 and parts[0].isdigit() else None


def _sweep(conn: Any) -> None:
    """Drop what killed runs left: their databases, their people and their group roles."""
    for (dbname,) in conn.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s", ["%" + PREFIX + "%"]
    ).fetchall():
        pid = _owner_pid(dbname)
        if pid is not None and not _alive(pid):
            _drop_database(conn, dbname)
    for (role,) in conn.execute(
        "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", [PREFIX + "%"]
    ).fetchall():
        pid = _owner_pid(role)
        if pid is not None and not _alive(pid):
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
    # Group roles of team databases that are gone (their comment names the database).
    for role, comment in conn.execute(
        "SELECT r.rolname, shobj_description(r.oid, 'pg_authid') FROM pg_roles r "
        "WHERE r.rolname LIKE 'seed\\_%%' AND shobj_description(r.oid, 'pg_authid') LIKE %s",
        ["Seed Annotator team database %" + PREFIX + "%"],
    ).fetchall():
        dbname = comment.rsplit(" ", 1)[-1]
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone():
            continue
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def _drop_database(conn: Any, dbname: str) -> None:
    conn.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [dbname]
    )
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))


@dataclass
class TeamDb:
    """One test's team database: its name, the admin's URL for it, and people's URLs."""

    name: str
    prefix: str  # every person the test makes starts with this

    @property
    def admin_url(self) -> str:
        return self.url_for("postgres")

    def url_for(self, user: str, port: int = 5432) -> str:
        return f"postgresql://{user}@127.0.0.1:{port}/{self.name}"

    def person(self, short: str) -> str:
        return self.prefix + short

    def connect(self, user: str, **kwargs: Any) -> Any:
        return psycopg.connect(self.url_for(user), connect_timeout=5, **kwargs)


@pytest.fixture
def team_db(pg_server: str) -> Iterator[TeamDb]:
    yield from make_team_db()


@pytest.fixture
def owner_url(team_db: TeamDb) -> str:
    """The team database, owned by an administrator who may create roles and is no
    superuser (as a hosted PostgreSQL gives)."""
    admin = team_db.person("admin")
    with _admin() as su:
        su.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEROLE").format(sql.Identifier(admin)))
        su.execute(
            sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                sql.Identifier(team_db.name), sql.Identifier(admin)
            )
        )
    return team_db.url_for(admin)


@pytest.fixture(scope="module")
def module_team_db(pg_server: str) -> Iterator[TeamDb]:
    """For tests that only read, or whose writes are all refused: one database for all."""
    yield from make_team_db()


def make_team_db(first: str = "") -> Iterator[TeamDb]:
    """`first` goes before the database's name (one that begins in Persian, say); a killed
    run's database named so is swept like the others (PREFIX is found inside the name)."""
    prefix = f"{PREFIX}{os.getpid()}_{secrets.token_hex(3)}_"
    db = TeamDb(first + prefix.rstrip("_"), prefix)
    with _admin() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db.name)))
    try:
        yield db
    finally:
        with _admin() as conn:
            groups: list[str] = []
            try:
                with db.connect("postgres") as inner:
                    row = inner.execute("SELECT value FROM seed.team WHERE key = 'tag'").fetchone()
                    if row:
                        groups = [f"seed_{row[0]}_{kind}" for kind in ("owner", "analyst", "lead")]
            except psycopg.Error:
                pass  # not initialised: no group roles
            _drop_database(conn, db.name)
            people = conn.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", [prefix + "%"]
            ).fetchall()
            for role in [p[0] for p in people] + groups:
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
