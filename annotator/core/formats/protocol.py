"""What the functions a registry row names must look like (tests/core/formats/
test_registry.py loads every row and checks each against these)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from annotator.core.formats.exchange import LineWriter, Writer
from annotator.core.formats.records import ReadItem

__all__ = [
    "Companion",
    "FileNamedReader",
    "LineWriter",
    "Reader",
    "Sniffer",
    "Writer",
    "WriterFactory",
]


class Reader(Protocol):
    """Yields the file's records, the problems it found (each naming the file and, where it
    has lines, the line) and the records it left out; never raises for bad content."""

    def __call__(self, path: Path, encoding: str | None = None, /) -> Iterator[ReadItem]: ...


class FileNamedReader(Protocol):
    """A reader of files that are one document each, named by where the file was found
    (a registry row with `named_by_file`)."""

    def __call__(
        self, path: Path, encoding: str | None = None, /, *, ext_id: str, source: str
    ) -> Iterator[ReadItem]: ...


class Sniffer(Protocol):
    """What auto detection saw ("doccano JSONL (label lists)"), or None when the file is
    not this format. `head` is the file's first 64 KiB, decoded, extended to the end of its
    first line."""

    def __call__(self, path: Path, head: str, /) -> str | None: ...


class Companion(Protocol):
    """Whether a file a folder walk found belongs to another file of this format, which
    reads it (brat's `.txt` beside its `.ann`), and so is not a document of its own."""

    def __call__(self, path: Path, /) -> bool: ...


class WriterFactory(Protocol):
    """A writer class (or function) taking the target file, or folder, to make."""

    def __call__(self, target: Path, /) -> Writer | LineWriter: ...
