"""What a cleaned copy does with the rows our readers cannot use (rows_check): the copy
keeps every usable row, and of each unusable kind says how many and which.

A span or prediction past its document's text, on a document the file does not hold, or
whose offsets are not stored as whole numbers (or run below 0 or backwards), is left out:
no repair of it is exact (cutting it at the text's end would invent an annotation nobody
made; 0.0 is kept out with the rest, as the refusal named it). Relations between such spans, and
a gold span's provenance, go with them. A JSON column that holds no object (attributes,
metadata) is emptied to `{}`: the row itself (its document, label and offsets) is sound,
and what the column held could be read by none of our readers. The original file keeps
every such row as it was; the ids named are the same in the copy and the original.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from annotator.core.store.rows_check import JSON_OBJECTS, NOT_WHOLE, not_an_object

FIRST_IDS = 5  # ids named per kind; the count says how many there were in all

# What was done with each kind of row (the window words them in its own language).
PAST_TEXT = "past-text"  # left out: ends past its document's text
NO_DOCUMENT = "no-document"  # left out: on a document not in the file
# left out: its offsets are not stored as whole numbers (4.5, 'x', 0.0), or run below 0 or
# backwards
NOT_WHOLE_OFFSETS = "not-whole"
WITH_SPAN = "with-span"  # left out: belonged to a span left out
EMPTIED = "emptied"  # kept, its JSON column set to {}


@dataclass
class Unusable:
    """Rows of one table our readers could not use, and what the copy did with them."""

    kind: str  # PAST_TEXT, NO_DOCUMENT, NOT_WHOLE_OFFSETS, WITH_SPAN or EMPTIED
    table: str
    column: str = ""  # the emptied column (EMPTIED only)
    count: int = 0
    first: list[int] = field(default_factory=list)  # the first FIRST_IDS ids, in order

    def describe(self) -> str:
        """In English, for the command line and the log."""
        rows = _ROWS.get(self.table, self.table)
        what = {
            PAST_TEXT: f"{rows} ending past their document's text, left out",
            NO_DOCUMENT: f"{rows} on a document not in the file, left out",
            NOT_WHOLE_OFFSETS: f"{rows} whose offsets are not stored as whole numbers, run "
            "below 0 or do not end after their start, left out",
            WITH_SPAN: f"{rows} of those spans, left out with them",
            EMPTIED: f"{rows} whose {self.column} is no JSON object, kept with {self.column} {{}}",
        }[self.kind]
        return f"{what}: {self.count} ({first_ids(self)})"


# A table's rows as the command line calls them (the table's own name where it says it).
_ROWS = {"gold_provenance": "gold provenance records"}


def first_ids(found: Unusable) -> str:
    """`id 4` / `ids 4, 9` / `ids 4, 9, …` when there were more than those named."""
    listed = ", ".join(str(i) for i in found.first)
    more = ", …" if found.count > len(found.first) else ""
    return f"{'id' if found.count == 1 else 'ids'} {listed}{more}"


def set_aside(conn: sqlite3.Connection) -> list[Unusable]:
    """Leave out or empty, in the copy being made (`main`, inside its transaction), every
    row the rows check would refuse it for; what was done, kind by kind."""
    tables = {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type='table'")}
    found: list[Unusable] = []
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS left_out_spans (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.left_out_spans")
    for table in ("spans", "predictions"):
        if table not in tables:
            continue
        delete = f"DELETE FROM main.{table} WHERE id = ?"
        # As the original stores them (never copied: our CHECK would refuse some, and the
        # column's affinity make others, '5' or 0.0, whole numbers silently).
        odd: list[int] = []
        if has_offsets(conn, table):
            odd = [r[0] for r in conn.execute(
                f"SELECT id FROM src.{table} WHERE {NOT_WHOLE} ORDER BY id")]  # fmt: skip
        past, nowhere = _beyond_text(conn, table)
        conn.executemany(delete, ((i,) for i in past + nowhere))
        for kind, ids in ((NOT_WHOLE_OFFSETS, odd), (NO_DOCUMENT, nowhere), (PAST_TEXT, past)):
            if not ids:
                continue
            found.append(Unusable(kind, table, count=len(ids), first=ids[:FIRST_IDS]))
            if table == "spans":
                conn.executemany("INSERT INTO temp.left_out_spans VALUES (?)", ((i,) for i in ids))
    for table, where in (
        ("relations", "head_id IN left_out_spans OR tail_id IN left_out_spans"),
        ("gold_provenance", "span_id IN left_out_spans"),
    ):
        if table not in tables:
            continue
        ids = [
            r[0] for r in conn.execute(f"SELECT rowid FROM main.{table} WHERE {where} ORDER BY 1")
        ]
        if ids:
            found.append(Unusable(WITH_SPAN, table, count=len(ids), first=ids[:FIRST_IDS]))
            conn.execute(f"DELETE FROM main.{table} WHERE {where}")
    conn.execute("DROP TABLE temp.left_out_spans")
    for table, column, _what in JSON_OBJECTS:
        if table not in tables:
            continue
        ids = [
            r[0]
            for r in conn.execute(
                f"SELECT id FROM main.{table} WHERE {not_an_object(column)} ORDER BY id"
            )
        ]
        if ids:
            found.append(Unusable(EMPTIED, table, column, len(ids), ids[:FIRST_IDS]))
            conn.executemany(
                f"UPDATE main.{table} SET {column} = '{{}}' WHERE id = ?", ((i,) for i in ids)
            )
    return found


def has_offsets(conn: sqlite3.Connection, table: str) -> bool:
    """Whether the original's `table` is one with offsets to check (a changed table's
    rows, without them, are refused by our definitions as they are copied)."""
    attached = conn.execute("SELECT 1 FROM pragma_database_list WHERE name = 'src'")
    if table not in ("spans", "predictions") or attached.fetchone() is None:
        return False
    columns = {r[1] for r in conn.execute(f"PRAGMA src.table_info({table})")}
    return {"id", "char_start", "char_end"} <= columns


# A team working copy's record of its rows: their global ids, and the edits waiting to go
# to the server (or kept aside until their document is assigned again).
_TEAM_ROWS = (("document", "documents"), ("span", "spans"), ("relation", "relations"))


def forget_absent(conn: sqlite3.Connection) -> None:
    """Forget, in the copy being made, the global ids and waiting edits of rows it does not
    hold (left out here, dropped as orphans, or refused by our definitions).

    A working copy's triggers forget a removed row's global id, since SQLite gives the
    freed local id (max + 1) to the next row; the copy is made by our migrations without
    those triggers, so it is done here. Left behind, a new span would take a left-out
    span's local id and go out under its global id, over the server's sound span, and a
    pull of that id would rewrite the user's new span. Nothing is sent for what is left
    out: the server's rows are sound, the damage was this file's."""
    tables = {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type='table'")}
    if "team_ids" not in tables:
        return
    for kind, table in _TEAM_ROWS:
        conn.execute(
            f"DELETE FROM main.team_ids WHERE kind = ? AND local_id NOT IN "
            f"(SELECT id FROM main.{table})",
            [kind],
        )
    for queue in ("team_outbox", "team_held"):
        if queue not in tables:
            continue
        for kind, table in _TEAM_ROWS[1:]:
            conn.execute(
                f"DELETE FROM main.{queue} WHERE kind = ? AND local_id IS NOT NULL "
                f"AND local_id NOT IN (SELECT id FROM main.{table})",
                [kind],
            )
        conn.execute(
            f"DELETE FROM main.{queue} WHERE document_id IS NOT NULL "
            "AND document_id NOT IN (SELECT id FROM main.documents)"
        )


def _beyond_text(conn: sqlite3.Connection, table: str) -> tuple[list[int], list[int]]:
    """Ids of the rows that end past their document's text, and of those on no document.

    Each document is measured once, against its furthest row (as rows_check does), and its
    rows listed only when that one is past its end: length() once per row took 1.1 s CPU
    on 5,000 articles of 6,000 characters with 20 spans each, this 0.07 s (0.17 s when a
    span in every article is past its end). SQLite's length() counts a text only up to its
    first NUL (JSON's \\u0000 can put one in an article): a document it calls too short is
    measured again, whole."""
    past: list[int] = []
    nowhere: list[int] = []
    suspects = conn.execute(
        f"SELECT per.d, doc.id FROM ({_FURTHEST[table]}) AS per "
        "LEFT JOIN main.documents AS doc ON doc.id = per.d "
        "WHERE doc.id IS NULL OR per.e > length(doc.text)"
    ).fetchall()
    for doc, known in suspects:
        if known is None:
            nowhere += [r[0] for r in conn.execute(
                f"SELECT id FROM main.{table} WHERE document_id = ?", [doc])]  # fmt: skip
            continue
        (text,) = conn.execute("SELECT text FROM main.documents WHERE id = ?", [doc]).fetchone()
        past += [r[0] for r in conn.execute(
            f"SELECT id FROM main.{table} WHERE document_id = ? AND char_end > ?",
            [doc, len(text)])]  # fmt: skip
    return sorted(past), sorted(nowhere)


# Each document's furthest row end, from a covering index in its order (spans_annotator,
# predictions_document), in the copy being made (`main`; the original is attached beside).
_FURTHEST = {
    "spans": "SELECT d, max(e) AS e FROM (SELECT document_id AS d, max(char_end) AS e "
    "FROM main.spans GROUP BY annotator_id, document_id) GROUP BY d",
    "predictions": "SELECT document_id AS d, max(char_end) AS e FROM main.predictions "
    "GROUP BY document_id",
}
