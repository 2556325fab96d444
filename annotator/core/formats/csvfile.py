"""CSV (and TSV) articles: a `text` column, optional `id` and `title`, the rest as metadata."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import InputError, InputProblem
from annotator.core.formats.records import (
    BLANK_TEXT,
    ReadItem,
    Skipped,
    SourceRecord,
    first_line_title,
)
from annotator.core.text.decode import read_text_file

csv.field_size_limit(2**31 - 1)  # a news article can be far longer than csv's 128 KiB default


def read_csv(path: Path, encoding: str | None = None) -> Iterator[ReadItem]:
    try:
        content = read_text_file(path, encoding)
    except InputError as exc:
        yield exc.problem
        return
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    buffer = io.StringIO(content, newline="")
    reader = csv.reader(buffer, delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        yield InputProblem(str(path), f"no header row ({exc})" if str(exc) else "no header row", 1)
        return
    lowered = [h.lower() for h in header]
    if "text" not in lowered:
        yield InputProblem(
            str(path), f"no 'text' column (columns: {', '.join(header) or 'none'})", 1
        )
        return
    col = {name: lowered.index(name) for name in ("text", "id", "title") if name in lowered}
    row_start = reader.line_num + 1
    size, length = path.stat().st_size, max(len(content), 1)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield InputProblem(str(path), f"malformed CSV ({exc})", row_start)
            return
        line, row_start = row_start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield InputProblem(
                str(path), f"{len(row)} fields where the header has {len(header)}", line
            )
            continue
        text = row[col["text"]]
        if not text.strip():
            yield Skipped(str(path), line, BLANK_TEXT)  # one empty row must not refuse the file
            continue
        meta = {
            name: value
            for i, (name, value) in enumerate(zip(header, row, strict=True))
            if i not in col.values()
        }
        ext_id = row[col["id"]].strip() if "id" in col else ""
        title = row[col["title"]].strip() if "title" in col else ""
        yield SourceRecord(
            path=str(path),
            line=line,
            ext_id=ext_id or None,
            text=text,
            title=title or first_line_title(text),
            meta=meta,
            bytes_done=size * buffer.tell() // length,
        )
