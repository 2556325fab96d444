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

# Comments, then string and blob literals, quoted identifiers, words, numbers, any other
# character. Only SQLite's own whitespace separates tokens: it reads U+00A0, U+3000 and every
# other character above U+007F as part of an identifier.
_TOKEN = re.compile(
    r"""(?P<space>[ \t\n\f\r]+|--[^\n]*(?:\n|\Z)|/\*.*?(?:\*/|\Z))
      | (?P<string>[xX]?'(?:[^']|'')*')
      | (?P<quoted>"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`)
      | (?P<word>[A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_$\u0080-\U0010ffff]*)
      | (?P<number>(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?
          | 0[xX][0-9A-Fa-f_]+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)

# SQLite folds the case of ASCII letters only: `\u212aEY` (Kelvin sign) is a name, not KEY.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@functools.lru_cache(maxsize=512)  # a project's statements are ours: each is worked out once
def normalise_sql(sql: str | None) -> str | None:
    """The statement as SQLite understands it: comments and layout dropped, keywords and
    identifiers in one case, every quoted identifier in one quoting. Text compared after only
    collapsing whitespace would take `a, -- note\\n b` for `a, -- note b`, where the comment
    swallows a column. A quoted identifier stays quoted: `"NOT"` is a name to SQLite (in
    `TEXT "NOT" NULL`, part of the type name), never the keyword NOT."""
    if sql is None:
        return None
    out = []
    for match in _TOKEN.finditer(sql):
        kind, token = match.lastgroup, match.group()
        if kind == "space":
            continue
        if kind == "quoted":
            inner = token[1:-1]
            inner = inner.replace(token[0] * 2, token[0]) if token[0] != "[" else inner
            token = '"' + inner.translate(_ASCII_LOWER).replace('"', '""') + '"'
        elif kind == "word":
            token = token.translate(_ASCII_LOWER)
        out.append(token)
    return " ".join(out)


@dataclass(frozen=True)
class SchemaObject:
    type: str
    name: str
    tbl_name: str
    sql: str | None  # normalised; None for the indexes SQLite makes for UNIQUE and PRIMARY KEY
    # What SQLite itself made of the definition (columns, keys, an index's columns): a second
    # opinion, so a definition that reads like ours but parses otherwise is still caught.
    facts: tuple = ()

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


def read_schema(
    conn: sqlite3.Connection, database: str = "main", *, ours: bool = False
) -> list[SchemaObject]:
    """Every object of a file, read from sqlite_master and from what SQLite reports of its
    tables and indexes (PRAGMAs that parse definitions, never run them): reading it runs none
    of them.

    SQLite's in-memory schema is only its parse of these texts, so an object whose text is,
    byte for byte, one our migrations wrote (with its table's) parses as ours did: its facts
    are known without asking. Only a text of another spelling is asked about, which is where
    a reading of the SQL could be fooled. `ours`: the database was made by our migrations.
    """
    rows = conn.execute(f"SELECT type, name, tbl_name, sql FROM {_quote(database)}.sqlite_master")
    found = rows.fetchall()
    if not ours:
        _learn_ours()
    table_sql = {name: sql for kind, name, _tbl, sql in found if kind == "table"}
    spelling = {(k, n): (k, n, s, table_sql.get(t)) for k, n, t, s in found}
    # Virtual tables are left to their module (connecting one could run it); views and
    # triggers have no such facts.
    unknown = [(k, n) for k, n, _t, s in found if spelling[(k, n)] not in _known_facts]
    tables = [n for k, n in unknown if k == "table" and not _virtual(spelling[(k, n)][2])]
    indexes = [n for k, n in unknown if k == "index"]
    facts = _facts(conn, database, tables, indexes)
    if ours:
        _known_facts.update({spelling[key]: value for key, value in facts.items()})
    return [
        SchemaObject(
            k, n, t, normalise_sql(s), facts.get((k, n)) or _known_facts.get(spelling[(k, n)], ())
        )
        for k, n, t, s in found
    ]


# Facts of the objects our migrations made, by (type, name, text, its table's text).
_known_facts: dict[tuple[str, str, str | None, str | None], tuple] = {}


def _learn_ours() -> None:
    reference_schema(tuple(m.name for m in schema.migrations._migrations))
    _stats_reference()


def _virtual(sql: str | None) -> bool:
    return (normalise_sql(sql) or "").startswith("create virtual table")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _facts(
    conn: sqlite3.Connection, database: str, tables: list[str], indexes: list[str]
) -> dict[tuple[str, str], tuple]:
    """Each table's columns (name, type, not null, default, primary key, hidden) and foreign
    keys, and each index's columns, as SQLite parsed them: a few statements for
    the whole file, one object at a time only to name one SQLite cannot make sense of."""
    try:
        return _all_facts(conn, database, tables, indexes)
    except sqlite3.Error as exc:
        if len(tables) + len(indexes) == 1:  # SQLite could not make sense of it: not ours
            key = ("table", tables[0]) if tables else ("index", indexes[0])
            return {key: ("unreadable", str(exc))}
    found: dict[tuple[str, str], tuple] = {}
    for table in tables:
        found.update(_facts(conn, database, [table], []))
    for index in indexes:
        found.update(_facts(conn, database, [], [index]))
    return found


# What each PRAGMA reports, names in SQLite's own case folding (lower() folds ASCII only).
_REPORTS = {
    "table_xinfo": 'p.cid, lower(p.name), p.type, p."notnull", p.dflt_value, p.pk, p.hidden',
    "foreign_key_list": 'p.id, p.seq, lower(p."table"), lower(p."from"), lower(p."to"), '
    "p.on_update, p.on_delete, p.match",
    "index_xinfo": "p.seqno, p.cid, lower(p.name), p.desc, lower(p.coll), p.key",
}


def _all_facts(
    conn: sqlite3.Connection, database: str, tables: list[str], indexes: list[str]
) -> dict[tuple[str, str], tuple]:
    def each(pragma: str, names: list[str]) -> dict[str, list[tuple]]:
        rows: dict[str, list[tuple]] = {name: [] for name in names}
        if names:
            marks = ", ".join("(?)" for _ in names)
            sql = (
                f"SELECT m.column1, {_REPORTS[pragma]} FROM (VALUES {marks}) AS m, "
                f"pragma_{pragma}(m.column1, ?) AS p"
            )
            for name, *row in conn.execute(sql, [*names, database]):
                rows[name].append(tuple(row))
        return rows

    columns, keys = each("table_xinfo", tables), each("foreign_key_list", tables)
    parts = each("index_xinfo", indexes)
    found: dict[tuple[str, str], tuple] = {}
    for table in tables:
        found[("table", table)] = (
            "columns",
            tuple(
                (cid, col, normalise_sql(type_), notnull, normalise_sql(default), pk, hidden)
                for cid, col, type_, notnull, default, pk, hidden in columns[table]
            ),
            "foreign keys",
            tuple(keys[table]),
        )
    for index in indexes:
        found[("index", index)] = ("columns", tuple(parts[index]))
    return found


@functools.lru_cache(maxsize=1)
def _stats_reference() -> dict[tuple[str, str], SchemaObject]:
    """The tables ANALYZE makes, as this SQLite reports them (made under other names: the
    sqlite_ prefix is SQLite's own)."""
    conn = sqlite3.connect(":memory:")
    try:
        found = {}
        for (kind, name), sql in _SQLITE_STATS.items():
            conn.execute(sql.replace(name, "stand_in", 1))
            facts = _facts(conn, "main", ["stand_in"], [])[(kind, "stand_in")]
            conn.execute("DROP TABLE stand_in")
            found[(kind, name)] = SchemaObject(kind, name, name, normalise_sql(sql), facts)
            _known_facts[(kind, name, sql, sql)] = facts
        return found
    finally:
        conn.close()


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
            if schema.TEAM_MIGRATION in applied:  # may be there (a team working copy)
                for statement in schema.TEAM_TRIGGERS:
                    db.execute(statement)
            objects = read_schema(db.conn, ours=True)
            _references[key] = {(o.type, o.name): o for o in objects}
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
        if obj.sql != wanted.sql or obj.facts != wanted.facts:
            return Stranger(obj, "changed")
    return None


def strangers(objects: list[SchemaObject], applied: tuple[str, ...]) -> list[Stranger]:
    """Objects of the file our migrations (those in `applied`) did not make exactly so."""
    wanted = dict(reference_schema(applied))
    wanted.update(_stats_reference())
    optional = set(_SQLITE_STATS) | {("trigger", name) for name in schema.TEAM_TRIGGER_NAMES}
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
