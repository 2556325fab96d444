"""Plain-text articles: one file per article, the first non-empty line as its title."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.formats.records import (
    MAX_DOCUMENT_FILE_BYTES,
    ReadItem,
    SourceRecord,
    file_too_long,
    first_line_title,
)
from annotator.core.text.decode import decode_bytes, read_file


def read_txt(
    path: Path, encoding: str | None = None, *, ext_id: str, source: str
) -> Iterator[ReadItem]:
    """The file as one article, named `ext_id`; `source` goes into its metadata."""
    try:
        data = read_file(path, MAX_DOCUMENT_FILE_BYTES)
        if data is None:
            yield file_too_long(path, MAX_DOCUMENT_FILE_BYTES)
            return
        text = decode_bytes(data, path, encoding)
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
