"""Small builders the format tests share: records and problems apart, spans by word."""

from __future__ import annotations

from annotator.core.errors import InputProblem
from annotator.core.formats.exchange import ExportSpan
from annotator.core.formats.records import SourceRecord


def records(items: list) -> list[SourceRecord]:
    return [r for r in items if isinstance(r, SourceRecord)]


def problems(items: list) -> list[InputProblem]:
    return [r for r in items if isinstance(r, InputProblem)]


def span(span_id: int, text: str, word: str, label: str, **attrs: object) -> ExportSpan:
    """The span over the first occurrence of `word`."""
    start = text.index(word)
    return ExportSpan(span_id, start, start + len(word), label, word, dict(attrs))
