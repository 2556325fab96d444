"""The one reader of JSON-lines files: our JSONL, Prodigy, doccano, Hugging Face and IDRISI.

One place decides what every JSON-lines format gets right: UTF-8 streamed line by line (a
large export never sits in memory whole), any other encoding decoded whole, a BOM dropped,
a binary or BOM-less UTF-16 file refused as such rather than as a thousand bad lines, an
empty file refused, progress in bytes, and every problem named as FILE:LINE.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.formats.records import BadRecord, ReadItem
from annotator.core.text.decode import decode_bytes

# How a format makes one line into a record: (file, line number, the line, bytes read so
# far) -> a record or a skip; a BadRecord it raises becomes a problem naming that line.
LineParser = Callable[[Path, int, str, int], ReadItem]

# No article's record comes near this (a 1 MB article is a long one); a line past it is a
# file that is not JSON lines, or an attack, and is refused as it is read: a 200 MB line was
# held whole, decoded and parsed (700 MB) only to be told it was no JSON.
MAX_LINE_BYTES = 64 * 2**20


def read_records(path: Path, encoding: str | None, parse: LineParser) -> Iterator[ReadItem]:
    """One record (or problem) per non-blank line, streaming the file."""
    try:
        for number, raw, bytes_done in numbered_lines(path, encoding):
            if not raw.strip():
                continue
            try:
                yield parse(path, number, raw, bytes_done)
            except BadRecord as exc:
                yield exc.problem(path, number)
    except InputError as exc:
        yield exc.problem


def _too_long(path: Path, number: int) -> InputError:
    """The bound in MiB, as it is set (it said "64 MB", 64,000,000 bytes, 3.1 MB short of
    it), and in bytes, the figure a user cutting a file down checks a line against."""
    return InputError(
        path,
        f"the line is longer than {MAX_LINE_BYTES / 2**20:g} MiB ({MAX_LINE_BYTES:,} bytes), "
        "more than any record of an article; is this a JSON-lines file?",
        number,
    )


def numbered_lines(path: Path, encoding: str | None) -> Iterator[tuple[int, str, int]]:
    """(line number, text, bytes read so far), blank lines included; raises InputError for
    a file that cannot be read as text."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from exc
    with handle:
        head = handle.read(4)
        handle.seek(0)
        if not head:
            raise InputError(path, "the file is empty")
        if (encoding and encoding.lower().replace("-", "") not in ("utf8", "utf8sig")) or head[
            :2
        ] in (b"\xff\xfe", b"\xfe\xff"):
            # Another encoding is decoded whole (its errors named by line), so memory
            # follows the file's size here; its lines are bounded all the same.
            data = handle.read()
            text = decode_bytes(data, path, encoding)  # refuses blank files itself
            size, length, position = len(data), max(len(text), 1), 0
            for number, line in enumerate(text.split("\n"), start=1):
                if len(line.rstrip("\r")) > MAX_LINE_BYTES:  # characters: at least as many bytes
                    raise _too_long(path, number)
                position += len(line) + 1
                yield number, line, size * min(position, length) // length
            return
        done, blank, number = 0, True, 0
        # Two bytes more than the bound: a line of exactly the bound and its CRLF is read whole.
        while data := handle.readline(MAX_LINE_BYTES + 2):
            number += 1
            if len(data) - data.endswith(b"\n") - data.endswith(b"\r\n") > MAX_LINE_BYTES:
                raise _too_long(path, number)
            done += len(data)
            if number == 1 and data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            # UTF-8 allows NUL, but no JSON line holds one: a binary file, or UTF-16
            # without a byte order mark, which the whole-file decoder names. (memchr on
            # the bytes: cheaper than a scan of the decoded line.)
            refused = encoding is None and b"\x00" in data
            try:
                line = data.decode("utf-8")
            except UnicodeDecodeError:
                refused = True
            if refused:
                handle.seek(0)
                decode_bytes(handle.read(), path)  # raises, naming the line and the encoding
                raise AssertionError("the whole file decoded where one of its lines did not")
            blank = blank and not line.strip()
            yield number, line, done
        if blank:  # "Imported 0" would hide that the file named is not the one meant
            raise InputError(path, "the file is empty (only blank lines)")
