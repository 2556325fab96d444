"""Server rows a copy cannot store: left out of a pull, counted.

Names that would command a terminal or a line, JSON columns that hold no JSON object, and
documents no import would store.

Import, the window and `team user add` refuse a label or a person's name holding control or
direction characters (text.names); an old or hostile client can still put one on the
server (an analyst may write any label with SQL, an administrator make any login). A pull
must neither store such a name nor stop on it. Refused whole, one row would stop every
lead's pull for good, since only its writer may change an analyst's row; so the row is left
out, as a span that does not fit its document is, and counted, the first named by table
and id. It stays on the server as it is. A span, link, status or decision whose writer
corrects its label comes with the next pull (any write of a row is new to the cursor); a
label's row is known by its name, and every row of a person so named carries the name, so
those never come: they must be removed on the server.

A removal stores no label, so it is applied whatever label it carries; rows of a person
whose name is refused are left out whole, removals too (none of theirs is held here).
Storing the name rewritten into a safe form was not chosen: the copy would disagree with
the server on what the label is, and gold a lead made from such a span would go back under
a name nobody chose.

A span's or link's attributes, or a document's meta, that are no JSON object ('[1]', '5',
'null': the server's jsonb takes any JSON) stopped the pull in a TypeError, or were stored
as they came (a big pull lists no spans) and the copy was refused at its next open
(store.rows_check): every pull after met the same row. Such a row is left out and counted
the same way; a removal stores no attributes and is applied. A document left out takes its
spans, links and statuses with it (they name a document this copy does not hold); the
copy keeps its id (StoreTeam.waiting_documents) and every pull reads it again (it alone
while it is still unsound), so it comes, with all its layers, this person's own too, once
its meta is corrected (sync._read). Decisions, statuses, rejections and labels hold no
JSON; a gold span's provenance that is no object is dropped as none.

A document is held to what an import keeps (document_problem): no longer than
records.MAX_DOCUMENT_CHARS, an offset map that is one and fits its original and text, and
the SHA-256 of its original. A lead with SQL (or a server from before m014, which
refuses the longer ones) can put any text there; stored, a document past the bound is one
no export of the copy can import again, and a broken map ended exports in original
offsets in a ValueError or put spans outside the original. It is left out and counted as
a document whose meta is no object is, and waits with its spans the same way; only a
document the copy does not hold yet is checked (a pull never changes one it holds).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

import orjson

from annotator.core.formats import records
from annotator.core.model import Document, Label, NewDocument
from annotator.core.store.documents import sha256
from annotator.core.store.team import (
    Applied,
    DecisionRow,
    PulledDocument,
    RejectionRow,
    RelationRow,
    StatusRow,
)
from annotator.core.text.align import OffsetMap
from annotator.core.text.names import name_problem

# The parts of a pull whose rows carry names (see sync.Part); spans are checked too.
NAMED = ("labels", "relations", "statuses", "decisions", "rejections")
# The parts whose rows carry a JSON column every reader here takes for an object.
OBJECTS = ("documents", "spans", "relations")
_COLUMN = {"documents": "meta", "spans": "attrs", "relations": "attrs"}
# A text no longer, and with no run of 19 digits, cannot hold an integer past 64 bits (which
# json reads and orjson, which writes the copy's exports and pushes, refuses; 19 digits:
# -9223372036854775809), nor a number past a double, nor nesting past what json (~1,000
# levels) or orjson (1,024) reads: one starting with '{' is an object all of them take.
_PLAIN = 308
_LONG_NUMBER = re.compile(r"[0-9]{19}")  # ASCII: Persian and Arabic digits are text
_SHOWN_WHY = 80  # characters of why an offset map was refused (a block's numbers run long)
# What a JSON text is, by its first character (jsonb's text never starts with a space).
_JSON_TYPES = {
    "{": "an object holding a number past what our writers write, or nested too deep",
    "[": "an array",
    '"': "a string",
    "n": "null",
    "t": "a boolean",
    "f": "a boolean",
}


def named_safely(kind: str, rows: Sequence[Any], applied: Applied) -> Sequence[Any]:
    """`rows` of a pull's part `kind` without those naming a label or person that commands
    its surroundings; those are counted in `applied`. The chunk's distinct names are
    checked first, and rows one by one only when one of them is refused: checking every
    row of a full pull (600,000 spans) took 0.5 s of the writing thread, the distinct
    names 0.03 s."""
    if not any(name_problem(name, what) for name, what in _distinct_names(kind, rows)):
        return rows
    kept = [row for row in rows if not _refused(kind, row, applied)]
    return rows if len(kept) == len(rows) else kept


def _distinct_names(kind: str, rows: Sequence[Any]) -> set[tuple[str, str]]:
    """Every (name, what it is) that storing `rows` would keep, each once."""
    if kind == "spans":  # the bulk of a pull: no tuple or list per row
        annotators = set(map(itemgetter(2), rows))
        labels = {row[3] for row in rows if not row[9]}
        return {(a, "annotator") for a in annotators} | {(label, "label") for label in labels}
    return {pair for row in rows for pair in _names(kind, row)}


def _refused(kind: str, row: Any, applied: Applied) -> bool:
    problem = None
    for name, what in _names(kind, row):
        problem = name_problem(name, what)
        if problem is not None:
            break
    if problem is None:
        return False
    if not applied.left_out:  # a label's row is known by its name, which the problem says
        row_id = "" if kind == "labels" else f" row {row[0] if kind == 'spans' else row.uid}"
        applied.first_left_out = f"seed.{kind}{row_id}: {problem}"
    applied.left_out += 1
    return True


def _names(kind: str, row: Any) -> list[tuple[str, str]]:
    """(name, what it is) of what storing `row` would keep here."""
    if kind == "labels":
        assert isinstance(row, Label)
        return [(row.name, "label")]
    if kind == "spans":  # a plain tuple (see TeamRepository.apply_spans)
        annotator, label, deleted = row[2], row[3], row[9]
        return [(annotator, "annotator")] + ([] if deleted else [(label, "label")])
    if isinstance(row, RelationRow):
        return [(row.annotator, "annotator")] + ([] if row.deleted else [(row.type, "link type")])
    if isinstance(row, StatusRow):
        return [(row.annotator, "annotator")]
    if isinstance(row, DecisionRow):
        return [(row.annotator, "annotator")] + ([] if row.deleted else [(row.label, "label")])
    if isinstance(row, RejectionRow):
        return [(row.decided_by, "reviewer")] + ([] if row.deleted else [(row.label, "label")])
    raise TypeError(f"no names known for {kind} rows")


def objects_only(kind: str, rows: Sequence[Any], applied: Applied) -> Sequence[Any]:
    """`rows` of a pull's part `kind` (one of OBJECTS) without those whose JSON column is
    no object our readers and writers take; those are counted in `applied`. Spans come
    with their attributes as the server's text: nearly all are '{}', so the chunk's
    distinct texts are looked at, and rows one by one only when one of them may not be an
    object. Links and documents come as sync.attrs read them (few)."""
    if kind == "spans":
        texts = set(map(itemgetter(7), rows))
        # As usable_object, over the chunk at once: a text starting with '{' sorts between
        # "{" and "|". A full pull of 600,000 spans: 0.01 s CPU when they are '{}', 0.33 s
        # when each has attributes of its own (most of it the search for long numbers)
        if not texts or (
            min(texts) >= "{"
            and max(texts) < "|"
            and max(map(len, texts)) <= _PLAIN
            and not any(map(_LONG_NUMBER.search, texts))
        ):
            return rows
        unusable = {text for text in texts if text != "{}" and not usable_object(text)}
        if not unusable:  # each distinct text judged once (a chunk of ids in attributes)
            return rows
        kept = []
        for row in rows:
            if not row[9] and row[7] in unusable:  # a removal stores no attributes
                _left_out(kind, row[0], row[7], applied)
            else:
                kept.append(row)
        return rows if len(kept) == len(rows) else kept
    if all(isinstance(_value(kind, row), dict) for row in rows):
        return rows
    kept = [row for row in rows if not _not_an_object(kind, row, applied)]
    return rows if len(kept) == len(rows) else kept


def usable_object(text: str) -> bool:
    """Whether the server's jsonb text is an object our readers (json) read and our writers
    (orjson) write back: jsonb keeps '1e400' as 401 digits and 2**64 as 20, which json
    reads as integers orjson refuses to write (the lead's next push ended in a TypeError,
    every time), and any depth of nesting, past what either reads."""
    if not text.startswith("{"):
        return False
    if len(text) <= _PLAIN and _LONG_NUMBER.search(text) is None:
        return True
    try:
        # orjson.loads too would refuse 1...(400 digits).5, which json reads as inf and
        # orjson writes as null, without a word: both ways are tried.
        value = json.loads(text, parse_float=_finite)
        orjson.dumps(value)
    except (ValueError, TypeError, RecursionError):
        return False
    return isinstance(value, dict)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]}… is past a double")
    return value


def _value(kind: str, row: Any) -> Any:
    return row.document.meta if kind == "documents" else row.attrs


def _not_an_object(kind: str, row: Any, applied: Applied) -> bool:
    value = _value(kind, row)
    if getattr(row, "deleted", False) or isinstance(value, dict):
        return False
    return _left_out(kind, row.uid, str(value), applied)  # sync.attrs gives the text back


def _left_out(kind: str, uid: str, text: str, applied: Applied) -> bool:
    """Counts the row (the first named, by the kind of JSON its text is); True."""
    if not applied.left_out:
        what = _JSON_TYPES.get(text[:1], "a number" if text[:1] in "-0123456789" else "no JSON")
        applied.first_left_out = (
            f"seed.{kind} row {uid}: its {_COLUMN[kind]} is not a JSON object ({what})"
        )
    applied.left_out += 1
    return True


def documents_only(rows: Sequence[PulledDocument], applied: Applied) -> Sequence[PulledDocument]:
    """`rows` without the documents an import would not have stored (document_problem);
    those are counted in `applied`, the first named. Every document is checked (a pull's
    documents are far fewer than its spans): 10,000 of 1,500 characters take 0.06 s CPU,
    most of it the SHA-256 of each original, and 0.35 s when each has an offset map of 40
    blocks (hazm's normalisation gives one to nearly every Persian article)."""
    kept = []
    for row in rows:
        problem = document_problem(row.document)
        if problem is None:
            kept.append(row)
            continue
        if not applied.left_out:
            applied.first_left_out = f"seed.documents row {row.uid}: {problem}"
        applied.left_out += 1
    return rows if len(kept) == len(rows) else kept


def document_problem(doc: Document | NewDocument) -> str | None:
    """Why `doc` (as a pull reads it, or as a project holds it) is none an import stores:
    its text or original past records.MAX_DOCUMENT_CHARS, an offset map that is none or
    does not fit its texts, or an original_sha256 that is not its original's; None when it
    is sound. Cheapest first: the lengths, the map, the digest."""
    bound = records.MAX_DOCUMENT_CHARS
    for which, text in (("text", doc.text), ("original", doc.original)):
        if len(text) > bound:
            return (
                f"its {which} has {len(text):,} characters, more than the {bound:,} a "
                "document may have"
            )
    longest = _longest_map(len(doc.original), len(doc.text))
    if doc.offset_map_json is not None and len(doc.offset_map_json) > longest:
        return (
            f"its offset_map has {len(doc.offset_map_json):,} characters, more than a map of "
            f"its texts can have ({longest:,})"
        )
    try:  # none (NULL) is the identity: the texts then are as long
        omap = OffsetMap.from_json(doc.offset_map_json)
    except (ValueError, TypeError) as exc:
        why = str(exc) if len(str(exc)) <= _SHOWN_WHY else f"{str(exc)[:_SHOWN_WHY]}…"
        return f"its offset_map is no offset map ({why})"
    if not omap.fits(len(doc.original), len(doc.text)):
        return (
            f"its offset_map does not fit its original and text ({len(doc.original):,} and "
            f"{len(doc.text):,} characters)"
        )
    if doc.original_sha256 and sha256(doc.original) != doc.original_sha256:
        return "its original_sha256 is not the SHA-256 of its original"
    return None


def _longest_map(original: int, text: int) -> int:
    """The most characters a sound offset map of texts this long has as JSON, so a longer
    one is refused unread (a map of 48 MiB took 2.9 s CPU and 500 MB to parse, on every
    pull). By align._check, each block holds a character of one text at least, none is
    shared, and two one-sided blocks (a deletion, an insertion) never touch: between them
    lies a block or gap holding a character of both texts. So with m such blocks and
    gaps, m <= min(original, text), there are at most 2m + 1 blocks; and as a one-sided
    block takes one character, any other two, the blocks take at least 3/2 a block on
    average: at most (2 (original + text) + 1) / 3 of them (both found the most a map
    of texts up to seven characters each holds). Each block is two offsets into the
    original and two into the text, of no more digits than its length, written compact
    (to_json) or with json's default ", " between them, inside two brackets."""
    blocks = min(2 * min(original, text) + 1, (2 * (original + text) + 1) // 3)
    each = 2 * (len(str(original)) + 2) + 2 * (len(str(text)) + 2)
    return 2 + blocks * each
