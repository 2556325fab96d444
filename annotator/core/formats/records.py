"""What every reader yields: an article as found in a file, before it meets the project."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import InputProblem


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """A span as the file gives it: offsets into `SourceRecord.text`, already checked."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class SourceRelation:
    head_ref: str
    tail_ref: str
    type: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One article. Spans index `text`; `original_text` is set when `text` was normalised."""

    path: str
    line: int | None
    ext_id: str | None
    text: str
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    original_text: str | None = None
    annotator: str | None = None
    status: str | None = None
    spans: tuple[SourceSpan, ...] = ()
    relations: tuple[SourceRelation, ...] = ()
    has_annotations: bool = False  # the record carries a (possibly empty) span list
    bytes_done: int = 0  # how far into its file the reader is, for progress

    def problem(self, message: str) -> InputProblem:
        return InputProblem(self.path, message, self.line)


# A reader yields records, or problems it found; it never raises for bad content.
ReadItem = SourceRecord | InputProblem

FORMAT_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "txt": (".txt", ".text"),
    "jsonl": (".jsonl", ".ndjson"),
    "csv": (".csv", ".tsv"),
}


def format_for(path: Path) -> str:
    """The format `auto` picks for a file, by its extension; anything unknown is plain text."""
    suffix = path.suffix.lower()
    for fmt, extensions in FORMAT_EXTENSIONS.items():
        if suffix in extensions:
            return fmt
    return "txt"


def first_line_title(text: str, limit: int = 300) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:limit]
    return ""
