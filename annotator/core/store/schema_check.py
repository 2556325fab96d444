"""A project file is untrusted input: its schema must be exactly what our migrations make.

Analysts exchange project files. SQLite runs whatever a file's schema says on our own
statements (a trigger fires on our inserts, an index expression on our writes, a view on our
reads), so before anything reads or writes a project, every object in it is compared with a
reference built by running our migrations in memory: an object the migrations did not make,
or made differently, means the file is refused.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass

from sqlite_utils import Database

from annotator.core.store import schema

# ANALYZE (run by hand, or by another tool) makes these; they hold planner statistics, no SQL.
_SQLITE_STATS = {
    ("table", "sqlite_stat1"): "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
    ("table", "sqlite_stat4"): "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
}

# Comments, then string literals, quoted identifiers, words, numbers, any other character.
_TOKEN = re.compile(
    r"""(?P<space>\s+|--[^\n]*(?:\n|\Z)|/\*.*?(?:\*/|\Z))
      | (?P<string>'(?:[^']|'')*')
      | (?P<quoted>"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`)
      | (?P<word>[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


@functools.lru_cache(maxsize=512)  # a project's statements are ours: each is worked out once
def normalise_sql(sql: str | None) -> str | None:
    """The statement as SQLite understands it: comments and layout dropped, keywords and
    identifiers in one case and quoting. Text compared after only collapsing whitespace would
    take `a, -- note\\n b` for `a, -- note b`, where the comment swallows a column."""
    if sql is None:
        return None
    out = []
    for match in _TOKEN.finditer(sql):
        kind, token = match.lastgroup, match.group()
        if kind == "space":
            continue
        if kind == "quoted":
            inner = token[1:-1]
            token = inner.replace(token[0] * 2, token[0]) if token[0] != "[" else inner
            token = token.casefold()
        elif kind == "word":
            token = token.casefold()
        out.append(token)
    return " ".join(out)


@dataclass(frozen=True)
class SchemaObject:
    type: str
    name: str
    tbl_name: str
    sql: str | None  # normalised; None for the indexes SQLite makes for UNIQUE and PRIMARY KEY

    def __str__(self) -> str:
        return f"{self.type} {self.name!r}"


@dataclass(frozen=True)
class Stranger:
    """An object of a project file that our migrations did not make, or made otherwise."""

    object: SchemaObject
    problem: str  # "foreign" | "changed" | "missing"

    def __str__(self) -> str:
        if self.problem == "changed":
            return f"{self.object} is not as Seed Annotator defines it"
        if self.problem == "missing":
            return f"{self.object} is missing"
        on = f" on {self.object.tbl_name!r}" if self.object.tbl_name != self.object.name else ""
        return f"{self.object}{on}"


def read_schema(conn: sqlite3.Connection, database: str = "main") -> list[SchemaObject]:
    """Every object of a file, read from sqlite_master: reading it runs none of them."""
    rows = conn.execute(f"SELECT type, name, tbl_name, sql FROM {database}.sqlite_master")
    return [SchemaObject(t, n, tb, normalise_sql(s)) for t, n, tb, s in rows]


_references: dict[tuple[int, tuple[str, ...]], dict[tuple[str, str], SchemaObject]] = {}


def reference_schema(applied: tuple[str, ...]) -> dict[tuple[str, str], SchemaObject]:
    """What our migrations make when those in `applied` (a prefix of ours) have run.

    Built once per process in an in-memory database with the SQLite that will read the
    project, so FTS5's own tables come out as this SQLite makes them.
    """
    key = (id(schema.migrations), applied)
    if key not in _references:
        names = [m.name for m in schema.migrations._migrations]
        db = Database(memory=True, execute_plugins=False)
        try:
            if applied:
                stop = names[len(applied)] if len(applied) < len(names) else None
                schema.migrations.apply(db, stop_before=stop)
            _references[key] = {(o.type, o.name): o for o in read_schema(db.conn)}
        finally:
            db.close()
    return _references[key]


def migrations_table_stranger(objects: list[SchemaObject]) -> Stranger | None:
    """The record of applied migrations is read to pick the reference; that read must run
    nothing, so its own definition is checked first (a view by that name would run)."""
    name = schema.migrations.migrations_table
    full = reference_schema(tuple(m.name for m in schema.migrations._migrations))
    wanted = full[("table", name)]
    found = [o for o in objects if o.name.casefold() == name.casefold()]
    for obj in found:
        if obj.type != "table":
            return Stranger(obj, "foreign")
        if obj.sql != wanted.sql:
            return Stranger(obj, "changed")
    return None


def strangers(objects: list[SchemaObject], applied: tuple[str, ...]) -> list[Stranger]:
    """Objects of the file our migrations (those in `applied`) did not make exactly so."""
    wanted = dict(reference_schema(applied))
    wanted.update(
        {k: SchemaObject(k[0], k[1], k[1], normalise_sql(v)) for k, v in _SQLITE_STATS.items()}
    )
    optional = set(_SQLITE_STATS)
    found: list[Stranger] = []
    seen: set[tuple[str, str]] = set()
    for obj in objects:
        key = (obj.type, obj.name)
        ours = wanted.get(key)
        if ours is None or key in seen:
            found.append(Stranger(obj, "foreign"))
        elif ours != obj:
            found.append(Stranger(obj, "changed"))
        seen.add(key)
    for key, obj in wanted.items():
        if key not in seen and key not in optional:
            found.append(Stranger(obj, "missing"))
    return found
