"""Plain-text articles: one file per article, the first non-empty line as its title."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.formats.records import (
    ReadItem,
    SourceRecord,
    first_line_title,
    read_document_file,
)
from annotator.core.text.decode import decode_bytes


def read_txt(
    path: Path, encoding: str | None = None, *, ext_id: str, source: str
) -> Iterator[ReadItem]:
    """The file as one article, named `ext_id`; `source` goes into its metadata."""
    try:
        text = decode_bytes(read_document_file(path, encoding), path, encoding)
    except InputError as exc:
        yield exc.problem
        return
    yield SourceRecord(
        path=str(path),
        line=None,
        ext_id=ext_id,
        text=text,
        title=first_line_title(text),
        meta={"source": source},
        bytes_done=path.stat().st_size,
    )
