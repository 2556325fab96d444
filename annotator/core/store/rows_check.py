"""Rows a project's definitions accept but its readers cannot use: JSON columns that hold no
JSON object, spans whose offsets are not stored as whole numbers (or, written past the
CHECK with ignore_check_constraints, run below 0 or backwards), spans that end past their
document's text (or name no document).

A colleague's or a hand-edited file can hold them while passing SQLite's check and the
schema comparison; every later read assumes them away (agreement, export, the window's
highlights), so they are looked for with the file's check and the file is refused naming
the first such row, never ended in a traceback half-way through a command.
"""

from __future__ import annotations

import re

from sqlite_utils import Database

# (table, column, what a row is called) for every JSON object column our code parses.
JSON_OBJECTS = (
    ("documents", "meta", "document"),
    ("spans", "attrs", "span"),
    ("relations", "attrs", "relation"),
    ("predictions", "attrs", "prediction"),
)
# Each document's furthest span end, read from a covering index in its order (spans_annotator,
# predictions_document): 2,000,000 spans take 0.3 s this way, 0.6 s joined span by span.
# `{whole}` leaves out the rows NOT_WHOLE finds, once one was found (text sorts after every
# number, so an end of 'x' would be any document's furthest).
_FURTHEST = {
    "spans": "SELECT d, max(e) AS e FROM (SELECT document_id AS d, max(char_end) AS e "
    "FROM spans {whole} GROUP BY annotator_id, document_id) GROUP BY d",
    "predictions": "SELECT document_id AS d, max(char_end) AS e FROM predictions {whole} "
    "GROUP BY document_id",
}
_WHOLE = "WHERE typeof(char_end) = 'integer'"
_WHAT = {"spans": "span", "predictions": "prediction"}
# Offsets every reader takes for whole numbers: the columns' INTEGER affinity keeps 4.5,
# 0.0 (as written into a column of other affinity) or 'x', and their CHECK lets them pass;
# and offsets that CHECK refuses (char_start >= 0 AND char_end > char_start: no empty
# span), which PRAGMA ignore_check_constraints lets a writer put in.
NOT_WHOLE = (
    "typeof(char_start) != 'integer' OR typeof(char_end) != 'integer' "
    "OR char_start < 0 OR char_end <= char_start"
)
# What SQLite's integrity_check says of a row that breaks its table's CHECK or NOT NULL
# (pages and indexes sound): rows to leave out of a copy, not damage.
_BROKEN_RULE = re.compile(r"CHECK constraint failed in \S+|NULL value in \S+\.\S+")
SHOWN_CHARS = 20  # of a hostile value in a message (one was 1,000,000 characters long)


def broken_rules(lines: list[str]) -> bool:
    """Whether integrity_check's `lines` name only rows that break a CHECK or NOT NULL."""
    return bool(lines) and all(_BROKEN_RULE.fullmatch(line) for line in lines)


# A table's CHECK lines are explained by its offsets only where no row breaks its other
# CHECKs: spans have none, predictions two (a model name, a version).
_OTHER_RULES_BROKEN = {
    "spans": None,
    "predictions": "SELECT 1 FROM predictions WHERE NOT (length(model) BETWEEN 1 AND 200 AND "
    "(version IS NULL OR length(version) BETWEEN 1 AND 200)) LIMIT 1",
}


def unexplained(db: Database, broken: list[str], found: list[str]) -> list[str]:
    """integrity_check's `broken` rules that no row in `found` (unreadable_rows) accounts
    for: a table's CHECK lines are a span's or a prediction's offsets only when such
    offsets were found and no row of it breaks another CHECK; a NULL where none may be is
    never explained. Those are damage, which no copy leaves out by name."""
    said = []
    for line in dict.fromkeys(broken):
        table = line.rsplit(" ", 1)[-1].split(".")[0]
        what = _WHAT.get(table)
        if (
            line.startswith("CHECK")
            and what
            and any(f.startswith(f"{what} ") and "offsets" in f for f in found)
            and (
                (other := _OTHER_RULES_BROKEN[table]) is None
                or db.execute(other).fetchone() is None
            )
        ):
            continue
        said.append(line)
    return said


def shown(value: object) -> str:
    """`value` as a message quotes it, a long one cut (with its length)."""
    text = repr(value)
    if len(text) <= SHOWN_CHARS:
        return text
    size = len(value) if isinstance(value, str | bytes) else len(text)
    return f"{text[:SHOWN_CHARS]}… ({size:,} characters)"


def _odd_offsets(what: str, row: tuple) -> str:
    sid, start, end = row
    if isinstance(start, int) and isinstance(end, int):
        return f"{what} {sid}: its offsets ({start} to {end}) do not run forward from 0"
    shown_range = f"{shown(start)} to {shown(end)}"
    return f"{what} {sid}: its offsets are not stored as whole numbers ({shown_range})"


def not_an_object(column: str) -> str:
    """SQL true where `column` holds no JSON object. '{}' (nearly every row) is one;
    json_type raises on what is no JSON, so it is asked only of valid JSON."""
    return (
        f"{column} != '{{}}' AND CASE WHEN json_valid({column}) "
        f"THEN json_type({column}) != 'object' ELSE 1 END"
    )


def unreadable_rows(db: Database) -> list[str]:
    """The first row of each kind that breaks a rule our readers rely on, described.
    benchmarks/check_project.py (100,000 documents, 2,000,000 spans): ~0.9 s CPU on top of
    integrity_check's ~3.4 s, most of it length() walking every text once; the offsets'
    whole numbers ~0.2 s more (a scan of spans_annotator: folded into the furthest ends'
    scan, it cost more), their range 0.09 s more on 2,000,000 spans (0.45 s against 0.36)."""
    # A file of an older schema (checked before its upgrade) may not have every table yet.
    present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    found = []
    for table, column, what in JSON_OBJECTS:
        if table not in present:
            continue
        row = db.execute(f"SELECT id FROM {table} WHERE {not_an_object(column)} LIMIT 1").fetchone()
        if row is not None:
            found.append(f"{what} {row[0]}: its {column} is not a JSON object")
    for table, furthest in _FURTHEST.items():
        if table not in present:
            continue
        odd = db.execute(
            f"SELECT id, char_start, char_end FROM {table} WHERE {NOT_WHOLE} LIMIT 1"
        ).fetchone()
        if odd is not None:
            found.append(_odd_offsets(_WHAT[table], odd))
        furthest = furthest.format(whole="" if odd is None else _WHOLE)
        # SQLite's length() counts a text only up to its first NUL, which JSON's \u0000
        # can put in an article: its suspects are measured again here, whole.
        row = None
        for doc, length, end in db.execute(
            f"SELECT per.d, length(doc.text), per.e FROM ({furthest}) AS per "
            "LEFT JOIN documents AS doc ON doc.id = per.d "
            "WHERE doc.id IS NULL OR per.e > length(doc.text)"
        ):
            if length is not None:
                (text,) = db.execute("SELECT text FROM documents WHERE id = ?", [doc]).fetchone()
                if end <= len(text):
                    continue
                length = len(text)
            row = doc, length
            break
        if row is not None:
            doc, length = row
            sid, end = db.execute(
                f"SELECT id, char_end FROM {table} WHERE document_id = ? "
                "AND typeof(char_end) = 'integer' ORDER BY char_end DESC LIMIT 1",
                [doc],
            ).fetchone()
            found.append(
                f"{_WHAT[table]} {sid} is on document {doc}, which is not in the file"
                if length is None
                else f"{_WHAT[table]} {sid} ends at {end}, past the end of document {doc} "
                f"({length} characters)"
            )
    return found
