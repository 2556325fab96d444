"""Plain data the core hands to the CLI and the GUI; no behaviour that touches storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

GOLD = "gold"  # the annotator name under which adjudicated spans are stored


class Status(StrEnum):
    """Where one annotator stands on one document."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    REVIEWED = "reviewed"  # gold only: adjudication finished, even with no spans


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    color: str
    shortcut: str | None = None
    description: str = ""
    position: int = 0


DEFAULT_LABELS: tuple[Label, ...] = (
    Label("actor", "#1f77b4", "1", "A person, organisation or state that acts or speaks", 0),
    Label("date", "#2ca02c", "2", "A date or time expression, in any calendar", 1),
    Label("topic", "#9467bd", "3", "What the article is about: a country, a crisis, an issue", 2),
    Label("claim", "#d62728", "4", "A statement attributed to someone", 3),
)


@dataclass(frozen=True, slots=True)
class Annotator:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What a list of documents needs, without the texts."""

    id: int
    ext_id: str
    title: str
    lang: str
    length: int


@dataclass(frozen=True, slots=True)
class Document:
    """A stored article. `text` is what spans index; `original` is the text as imported."""

    id: int
    ext_id: str
    title: str
    lang: str
    text: str
    original: str
    offset_map_json: str | None  # OffsetMap between original and text; None when identical
    meta: dict[str, Any] = field(default_factory=dict)
    normalizer: str = "none"
    text_sha256: str = ""
    original_sha256: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled range of `Document.text`: code points, end exclusive."""

    id: int
    document_id: int
    annotator: str
    label: str
    start: int
    end: int
    text: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NewSpan:
    """A span to be stored; `ref` lets relations in the same batch point at it."""

    label: str
    start: int
    end: int
    text: str
    attrs: dict[str, Any] = field(default_factory=dict)
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    id: int
    head_id: int
    tail_id: int
    type: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NewRelation:
    head_ref: str
    tail_ref: str
    type: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A normalised article ready to be stored."""

    ext_id: str
    title: str
    lang: str
    original: str
    text: str
    offset_map_json: str | None
    normalizer: str
    meta: dict[str, Any]
    source: str
    original_sha256: str | None = None  # when the caller has it already


@dataclass(frozen=True)
class ProjectStats:
    documents: int
    by_lang: dict[str, int]
    by_status: dict[str, dict[str, int]]  # annotator -> status -> documents
    spans_by_label: dict[str, dict[str, int]]  # annotator -> label -> spans
    spans_total: int
