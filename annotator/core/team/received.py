"""Server rows whose names would command a terminal or a line: left out of a pull, counted.

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
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from annotator.core.model import Label
from annotator.core.store.team import Applied, DecisionRow, RejectionRow, RelationRow, StatusRow
from annotator.core.text.names import name_problem

# The parts of a pull whose rows carry names (see sync.Part); spans are checked too.
NAMED = ("labels", "relations", "statuses", "decisions", "rejections")


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
