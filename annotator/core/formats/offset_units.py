"""Settling the unit of a record's offsets: code points (Python) or UTF-16 units
(JavaScript), told apart by which reading fits the record's text. Shared by the readers of
doccano, Prodigy and Label Studio, whose files come in either unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.core.text.utf16 import Utf16Index


@dataclass(slots=True)
class RawSpan:
    """A span as a file writes it, before the unit of its offsets is settled."""

    name: str  # how messages call it: "span 2", "result beFiQTT1cU"
    start: int
    end: int
    label: str
    text: str | None = None  # the span's text, when the file gives it
    ref: str | None = None
    user: Any = None


class OffsetMisfit(ValueError):
    """No reading of a record's offsets fits its text; the message names the span."""


def settle_units(
    text: str, spans: list[RawSpan], unit: str = "codepoint"
) -> tuple[list[RawSpan], str | None]:
    """The spans in code points, read in `unit` ("codepoint" or "utf16") unless only the
    other unit fits: then converted, with a warning to keep. Only a text with astral
    characters (emoji) can tell the units apart.

    Raises OffsetMisfit naming the first span that fits in neither.
    """
    first = _in_unit(text, spans, unit)
    if isinstance(first, RawSpan):
        bad = first
    else:
        misfit = _first_misfit(text, first)
        if misfit is None:
            return first, None
        bad = misfit
    if len(text.encode("utf-16-le")) // 2 != len(text):
        other = "codepoint" if unit == "utf16" else "utf16"
        second = _in_unit(text, spans, other)
        if not isinstance(second, RawSpan) and _first_misfit(text, second) is None:
            said = "UTF-16 units (as JavaScript counts)" if other == "utf16" else "code points"
            return second, f"offsets were counted in {said}; converted"
    raise OffsetMisfit(_misfit_message(text, bad))


def _in_unit(text: str, spans: list[RawSpan], unit: str) -> list[RawSpan] | RawSpan:
    """The spans in code points, or the first one that is no UTF-16 position in `text`."""
    if unit == "codepoint" or len(text.encode("utf-16-le")) // 2 == len(text):
        return spans
    index = Utf16Index(text)
    out = []
    for span in spans:
        try:
            start = index.to_codepoint(span.start, "start")
            end = index.to_codepoint(span.end, "end")
            inside = start != index.to_codepoint(span.start, "end") or end != (
                index.to_codepoint(span.end, "start")
            )
        except ValueError:
            return span
        if inside:  # splits a surrogate pair: not a position anyone meant
            return span
        out.append(RawSpan(span.name, start, end, span.label, span.text, span.ref, span.user))
    return out


def _first_misfit(text: str, spans: list[RawSpan]) -> RawSpan | None:
    for span in spans:
        if not 0 <= span.start < span.end <= len(text):
            return span
        if span.text is not None and span.text != text[span.start : span.end]:
            return span
    return None


def _misfit_message(text: str, span: RawSpan) -> str:
    what = f"{span.name} ({span.label}) {span.start}-{span.end}"
    if span.start >= span.end:
        return f"{what} is empty or reversed"
    if span.start < 0 or span.end > len(text):
        return (
            f"{what} runs past the end of the text ({len(text)} characters); "
            "was the text shortened after it was annotated?"
        )
    return f"{what} says {span.text!r} but the text there is {text[span.start : span.end]!r}"
