"""What every reader yields: an article as found in a file, before it meets the project."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

import orjson

from annotator.core.errors import InputError, InputProblem
from annotator.core.text.decode import is_wide, read_file


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """A span as the file gives it: offsets into `SourceRecord.text`, already checked."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    ref: str | None = None
    # The file states the span's attributes (our JSONL's "attrs", even {}): nothing is
    # computed for it on import, so a value the analyst cleared stays cleared.
    attrs_stated: bool = False


@dataclass(frozen=True, slots=True)
class SourceRelation:
    head_ref: str
    tail_ref: str
    type: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SourcePrediction:
    """A span an outside model predicted, offsets into `SourceRecord.text` already checked:
    stored as a suggestion, never as anyone's annotation. `score` is the model's confidence
    as the file gives it (None: it gave none)."""

    start: int
    end: int
    label: str
    model: str
    score: float | None = None
    version: str | None = None
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
    # Outside models' predictions on the article, and the models whose predictions the
    # record states (even none): an import replaces exactly those models' predictions.
    predictions: tuple[SourcePrediction, ...] = ()
    predicted_by: tuple[str, ...] = ()
    bytes_done: int = 0  # how far into its file the reader is, for progress

    def problem(self, message: str) -> InputProblem:
        return InputProblem(self.path, message, self.line)


class BadRecord(Exception):
    """A problem with one record, or with a whole file: every reader raises this one type
    while parsing and turns it into an InputProblem naming the file and the line.

    Where the parser knows the line (a token file), it says so here; a JSON-lines reader
    leaves it to the loop that knows which line it was reading.
    """

    def __init__(self, message: str, line: int | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.path = path

    def problem(self, path: str | Path, line: int | None = None, prefix: str = "") -> InputProblem:
        """The problem as reported: the file and line this exception carries, else those
        given by the reader that caught it."""
        return InputProblem(
            self.path if self.path is not None else str(path),
            f"{prefix}{self.message}",
            self.line if self.line is not None else line,
        )


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record left out on purpose because it can hold no span (blank text, an answer that
    says the annotator passed). Not a problem: one bad-for-us record among thousands of good
    ones must not refuse the whole file; the importer counts these in one warning."""

    path: str
    line: int | None
    reason: str  # "blank text", "Prodigy answer 'ignore'": the same words group the count
    at: str = ""  # where in a file without lines: "task 3 (id 17)"

    @property
    def where(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}"
        return f"{self.path} ({self.at})" if self.at else self.path


BLANK_TEXT = "blank text"


def ours_misread(obj: dict[str, Any], own_keys: tuple[str, ...], fmt: str) -> str | None:
    """Why a record of our JSONL given to another format's reader is refused: that reader
    would take the text and drop every span without a word."""
    if "spans" in obj and not any(key in obj for key in own_keys):
        return (
            f'this record has "spans" and no {fmt} annotations: it looks like Seed Annotator '
            "JSONL; import it with --format jsonl (or auto)"
        )
    return None


def is_whole(value: object) -> TypeGuard[int]:
    """An int, and not a bool: JSON true and false must not pass for offsets 1 and 0."""
    return isinstance(value, int) and not isinstance(value, bool)


def json_object(raw: str) -> dict[str, Any]:
    """One JSON line that must be an object (every JSONL format starts here)."""
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadRecord(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(obj, dict):
        raise BadRecord(f"expected a JSON object, found {type(obj).__name__}")
    return obj


def text_and_meta(obj: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The record's "text" (possibly blank: the caller skips those) and its "meta" object,
    as our JSONL and Prodigy have."""
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadRecord('no "text" string in this record')
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise BadRecord('"meta" must be an object')
    return text, meta


# A reader yields records, problems it found, or records it left out; it never raises for
# bad content.
ReadItem = SourceRecord | InputProblem | Skipped

# One document's text at most, in characters: a book runs to a few million, and the window
# still opens one this long in about half a second within its 300 MB (a 50 MB article took
# 3.6 s and 550 MB; importing a 200 MB plain-text file as one document, 2.5 GB). A longer
# one is a corpus in one file, which the user meant as many articles. It holds for the text
# as the file gives it (line ends and BOM as the project keeps them) and, in the importer,
# for the text as stored after normalisation, which may be longer: what is stored is what
# an export writes, so whatever an import took, its export can be imported again.
MAX_DOCUMENT_CHARS = 5_000_000
# A file that is one document's text (plain text, brat's text) is read no further than
# this: the longest such document in the widest encoding (UTF-32's 4 bytes a character, a
# BOM, and every line end CRLF, two characters counted as one), so a longer file is refused
# as it is read, before it is decoded. In UTF-8 or UTF-16 a stored character takes at most
# 4 bytes (an astral one; a CRLF in UTF-16), so such a file is refused past half of it,
# still undecoded (a 37 MiB UTF-8 file was decoded, at 463 MB, before it was refused).
MAX_DOCUMENT_FILE_BYTES = 8 * MAX_DOCUMENT_CHARS + 4
_NARROW_FILE_BYTES = 4 * MAX_DOCUMENT_CHARS + 4
_SPLIT = (
    "split it into articles (a file each), or import a JSON-lines or CSV file with a record "
    "per article"
)


def read_document_file(path: str | Path, encoding: str | None) -> bytes:
    """The bytes of a file that is one document's text, refused (InputError) unread or
    undecoded when they hold more than a document of MAX_DOCUMENT_CHARS can take."""
    data = read_file(path, MAX_DOCUMENT_FILE_BYTES)
    bound = MAX_DOCUMENT_FILE_BYTES
    if data is not None and len(data) > _NARROW_FILE_BYTES and not is_wide(data, encoding):
        data, bound = None, _NARROW_FILE_BYTES
    if data is None:
        raise InputError(path, file_too_long(path, bound).message)
    return data


def file_too_long(path: str | Path, max_bytes: int) -> InputProblem:
    """A one-document file past `max_bytes` for its encoding, refused unread."""
    wide = "even in UTF-32" if max_bytes == MAX_DOCUMENT_FILE_BYTES else "in UTF-8 or UTF-16"
    return InputProblem(
        str(path),
        f"the file is larger than {max_bytes:,} bytes ({max_bytes / 2**20:.1f} MiB), more "
        f"than a document of at most {MAX_DOCUMENT_CHARS:,} characters takes {wide}; " + _SPLIT,
    )


def canonical_length(text: str) -> int:
    """len(canonicalize(text)) without the copy: a BOM dropped, CRLF one character (the
    text as stored and counted, whichever format or line ends carried it)."""
    return len(text) - text.startswith("\ufeff") - text.count("\r\n")


def within_bound(items: Iterator[ReadItem]) -> Iterator[ReadItem]:
    """Every reader's records through one check: a document past MAX_DOCUMENT_CHARS, as the
    user gave it (its original text and its text, where the file has both), is refused as
    a problem of its record (file and line, or its id where the file has none), as any
    other bad record is, so the import stores nothing. The importer checks the normalised
    text (stored_too_long)."""
    for item in items:
        if isinstance(item, SourceRecord):
            # Both texts where the file has both: the given one is aligned to the other.
            given = max(canonical_length(item.original_text or ""), canonical_length(item.text))
            if given > MAX_DOCUMENT_CHARS:
                item = item.problem(
                    f"the document{_which(item)} has {given:,} characters, more than the "
                    f"{MAX_DOCUMENT_CHARS:,} a document may have; {_SPLIT}"
                )
        yield item


def stored_too_long(record: SourceRecord, stored: int) -> InputProblem | None:
    """The problem of a record whose text, normalised, has `stored` characters past
    MAX_DOCUMENT_CHARS (Persian punctuation gains spaces, a ligature such as U+FDFD becomes
    22 letters): stored, its own export could not be imported again."""
    if stored <= MAX_DOCUMENT_CHARS:
        return None
    given = canonical_length(record.original_text or record.text)
    return record.problem(
        f"the document{_which(record)} has {stored:,} characters once normalised (from "
        f"{given:,}), more than the {MAX_DOCUMENT_CHARS:,} a document may have; {_SPLIT}"
    )


def _which(record: SourceRecord) -> str:
    """The document's id where its file has no line to name it by."""
    return "" if record.ext_id is None or record.line is not None else f" {record.ext_id!r}"


def first_line_title(text: str, limit: int = 300) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:limit]
    return ""
