"""What a cleaned copy left out or emptied, in the interface's language (the core's
salvage.Unusable says it in English for the command line)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from annotator.core.store import salvage


def _heading(kind: str, table: str) -> str | None:
    # Written out call by call so that lupdate finds every string.
    headings = {
        (salvage.PAST_TEXT, "spans"): QCoreApplication.translate(
            "salvage", "Spans ending past their document's text, left out"
        ),
        (salvage.PAST_TEXT, "predictions"): QCoreApplication.translate(
            "salvage", "Model predictions ending past their document's text, left out"
        ),
        (salvage.NO_DOCUMENT, "spans"): QCoreApplication.translate(
            "salvage", "Spans on a document not in the file, left out"
        ),
        (salvage.NO_DOCUMENT, "predictions"): QCoreApplication.translate(
            "salvage", "Model predictions on a document not in the file, left out"
        ),
        (salvage.NOT_WHOLE_OFFSETS, "spans"): QCoreApplication.translate(
            "salvage",
            "Spans whose offsets are not stored as whole numbers, run below 0 or do not end "
            "after their start, left out",
        ),
        (salvage.NOT_WHOLE_OFFSETS, "predictions"): QCoreApplication.translate(
            "salvage",
            "Model predictions whose offsets are not stored as whole numbers, run below 0 or "
            "do not end after their start, left out",
        ),
        (salvage.WITH_SPAN, "relations"): QCoreApplication.translate(
            "salvage", "Speaker links and other relations of those spans, left out with them"
        ),
        (salvage.WITH_SPAN, "gold_provenance"): QCoreApplication.translate(
            "salvage", "The gold provenance of those spans, left out with them"
        ),
        (salvage.EMPTIED, "documents"): QCoreApplication.translate(
            "salvage", "Documents whose metadata could not be read, kept with none"
        ),
        (salvage.EMPTIED, "spans"): QCoreApplication.translate(
            "salvage",
            "Spans whose attributes (value, actor, source) could not be read, kept without them",
        ),
        (salvage.EMPTIED, "relations"): QCoreApplication.translate(
            "salvage", "Relations whose attributes could not be read, kept without them"
        ),
        (salvage.EMPTIED, "predictions"): QCoreApplication.translate(
            "salvage", "Model predictions whose attributes could not be read, kept without them"
        ),
    }
    return headings.get((kind, table))


def unusable_lines(found: list[salvage.Unusable]) -> list[str]:
    """One line a kind: what was done, how many, and the first ids (`#12, #40, …`)."""
    lines = []
    for item in found:
        ids = ", ".join(f"#{i}" for i in item.first)
        if item.count > len(item.first):
            ids += ", …"
        heading = _heading(item.kind, item.table)
        lines.append(f"• {heading}: {item.count} ({ids})" if heading else f"• {item.describe()}")
    return lines
