"""What every writer consumes and reports: one document as one annotator left it.

Readers yield `records.SourceRecord`s; writers take `ExportDoc`s. Both use code point
offsets into the text given; a writer converts to its format's unit (UTF-16, tokens) and
says, in its report, what its format could not express.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from annotator.core.errors import UnwritableValue
from annotator.core.text.tokens import Token


@dataclass(slots=True)  # not frozen: a frozen one costs 1.5 us more to make (40,000 an export)
class ExportSpan:
    id: int
    start: int
    end: int
    label: str
    text: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ExportRelation:
    head: int  # ExportSpan.id
    tail: int
    type: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ExportPrediction:
    """An outside model's predicted span (`export --predictions`), offsets as ExportSpan's."""

    start: int
    end: int
    label: str
    score: float | None
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportDoc:
    ext_id: str
    title: str
    text: str
    lang: str  # "fa" | "ar" | "other"
    meta: dict[str, Any]
    annotator: str | None
    status: str
    spans: Sequence[ExportSpan]  # sorted by (start, end)
    relations: Sequence[ExportRelation] = ()
    # Given when the writer's NEEDS_TOKENS is true; to a BatchWriter, None for a language
    # whose tokens are regex_tokens' (all but Persian), which it finds for a whole batch.
    tokens: Sequence[Token] | None = None


@dataclass
class WriteReport:
    """What a writer did, and what it had to leave out (each said once, with a count)."""

    documents: int = 0
    spans: int = 0
    files: list[Path] = field(default_factory=list)
    lost: dict[str, int] = field(default_factory=dict)  # "relations (CoNLL has none)": 12

    def lose(self, what: str, count: int = 1) -> None:
        if count:
            self.lost[what] = self.lost.get(what, 0) + count


class Writer(Protocol):
    """Writes documents to `target` (a file, or a folder for brat); nothing is visible at
    `target` until finish() succeeds: writers write beside it and move into place."""

    NEEDS_TOKENS: bool

    def add(self, doc: ExportDoc) -> None: ...

    def finish(self) -> WriteReport: ...

    def abort(self) -> None: ...


@runtime_checkable
class BatchWriter(Protocol):
    """A writer that also takes documents many at once: what add() costs per document
    (a few dozen array operations) is then paid once per batch (issue 12). The output
    and the report are those of add() on each document in turn."""

    NEEDS_TOKENS: bool

    def add(self, doc: ExportDoc) -> None: ...

    def add_batch(self, docs: Sequence[ExportDoc]) -> None: ...

    def finish(self) -> WriteReport: ...

    def abort(self) -> None: ...


@runtime_checkable
class LineWriter(Protocol):
    """Writes our own JSONL: takes each export line as the exporter built it (its spans may
    still be SQLite's JSON, unparsed), so that our format costs no ExportDoc per document."""

    def add_line(self, line: dict[str, Any]) -> None: ...

    def finish(self) -> WriteReport: ...

    def abort(self) -> None: ...


@runtime_checkable
class PredictionWriter(Protocol):
    """A writer whose format keeps a model's predictions apart from anyone's annotations
    (Label Studio's `predictions`), so that a project's imported predictions survive an
    export and an import back. `doc` is the document (its annotator None, no spans); it
    comes after the document's annotators, once per model with predictions on it."""

    def add_predictions(
        self, doc: ExportDoc, model: str, predictions: Sequence[ExportPrediction]
    ) -> None: ...


@runtime_checkable
class SharedLabels(Protocol):
    """A writer whose output numbers its labels (Hugging Face): the writers of one split
    export agree on one numbering, or tag 1 is B-X in train and B-Y in test."""

    def share_labels(self, others: list[Any]) -> None: ...


def unwritable(ext_id: str, title: str, record: Any, error: TypeError) -> Exception:
    """What to raise for orjson's `error` on a document's `record`: where the record holds
    half a character, the error naming the document and the place in its record; else the
    error itself (another fault). orjson's message ("str is not valid UTF-8: surrogates not
    allowed") named no document, and the user had no row to look for."""
    return _half_character(ext_id, title, record) or error


def _half_character(ext_id: str, title: str, record: Any) -> UnwritableValue | None:
    pending: list[tuple[str, Any]] = [("", record)]
    while pending:  # no recursion: a stored value may nest as deep as json could read
        path, value = pending.pop()
        if isinstance(value, str):
            if not _encodes(value):
                return UnwritableValue(ext_id, title, path or "its record")
        elif isinstance(value, dict):
            items = []
            for key, item in value.items():
                inside = f"{path}.{key if _encodes(str(key)) else ascii(key)}".lstrip(".")
                if not _encodes(str(key)):  # the key itself
                    return UnwritableValue(ext_id, title, f"the key {inside}")
                items.append((inside, item))
            pending.extend(reversed(items))  # the first in the record is named
        elif isinstance(value, (list, tuple)):
            pending.extend(reversed([(f"{path}[{i}]", v) for i, v in enumerate(value)]))
    return None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
