"""Bytes to canonical text: one place decides encodings, BOMs and line endings."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import overload

from annotator.core.errors import InputError

_SNIFF_BYTES = 8192
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Asked first: UTF-32-LE's BOM (FF FE 00 00) begins with UTF-16-LE's, and a UTF-32 file read
# as UTF-16 is text with a NUL between letters, stored without a word said.
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def canonicalize(text: str) -> str:
    """Drop one leading BOM and turn CRLF/CR into LF.

    Qt's setPlainText drops a BOM and collapses CRLF to one position, so the stored text must
    already look like that or every offset after the first line ending drifts.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_bytes(data: bytes, path: str | Path, encoding: str | None = None) -> str:
    """Decode a text file strictly; on failure say which line and which encoding to try."""
    text = canonicalize(decode_raw(data, path, encoding))
    if not text.replace("\ufeff", "").strip():
        raise InputError(path, "the file is empty")
    return text


def decode_raw(data: bytes, path: str | Path, encoding: str | None = None) -> str:
    """Decode as `decode_bytes` does, keeping a BOM and line endings (brat's offsets count
    them). Without an encoding named, a NUL byte anywhere refuses the file: UTF-8 allows it,
    so UTF-16 without a BOM would otherwise read as text with a NUL between letters."""
    if encoding is not None:
        return _decode_as(data, path, encoding)
    if data.startswith(_UTF32_BOMS):
        return _decode_as(data, path, "utf-32")
    if data.startswith(_UTF16_BOMS):
        return _decode_as(data, path, "utf-16")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _nul_found(data, path, nul)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _not_utf8(data, path, err) from None


def is_wide(data: bytes, encoding: str | None) -> bool:
    """Whether the bytes are UTF-32 (named, or by their BOM): four bytes a character, where
    UTF-8 and UTF-16 take at most four for one stored character (an astral one)."""
    if encoding is None:
        return data.startswith(_UTF32_BOMS)
    try:
        return codecs.lookup(encoding).name.startswith("utf-32")
    except LookupError:
        return False


def utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when the bytes read as that, NULs falling only on the high
    byte of each unit (Latin, digits, spaces and line breaks of any script); else None."""
    sample = data[:_SNIFF_BYTES]
    if len(data) % 2 or len(sample) < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    codec = "utf-16-le" if odd and not even else "utf-16-be" if even and not odd else None
    if codec is None or (odd + even) * 20 < len(sample) // 2:  # spaces alone are 1 in 10
        return None
    try:
        text = data[:_SNIFF_BYTES].decode(codec, errors="strict")
    except UnicodeDecodeError:
        return None
    readable = sum(ch.isprintable() or ch.isspace() for ch in text)
    return codec if readable * 20 >= len(text) * 19 else None


def _nul_found(data: bytes, path: str | Path, offset: int) -> InputError:
    codec = utf16_without_bom(data)
    if codec is not None:
        name = codec.upper().replace("UTF-16-", "UTF-16")
        return InputError(
            path,
            f"looks like {name} text without a byte order mark; pass --encoding {codec}",
        )
    if offset < _SNIFF_BYTES:
        return InputError(path, "binary file, not text (it holds NUL bytes)")
    line = data.count(b"\n", 0, offset) + 1
    return InputError(path, "a NUL byte in the text (a binary file, or a broken copy?)", line=line)


def read_text_file(path: str | Path, encoding: str | None = None) -> str:
    """Read and decode a file, turning OS errors into messages a user can act on."""
    return decode_bytes(read_file(path), path, encoding)


@overload
def read_file(path: str | Path, max_bytes: None = None) -> bytes: ...
@overload
def read_file(path: str | Path, max_bytes: int) -> bytes | None: ...
def read_file(path: str | Path, max_bytes: int | None = None) -> bytes | None:
    """The file's bytes, OS errors turned into messages a user can act on; None when it
    holds more than `max_bytes`, read no further than that (a bounded caller's memory does
    not follow a file of any size)."""
    try:
        with Path(path).open("rb") as handle:
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder") from None
    except OSError as err:
        raise InputError(path, err.strerror or str(err)) from None
    return None if max_bytes is not None and len(data) > max_bytes else data


def _decode_as(data: bytes, path: str | Path, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}") from None
    try:
        return data.decode(encoding)
    except (TypeError, LookupError):  # a bytes-to-bytes codec (hex, base64, zlib, rot13)
        raise InputError(path, f"{encoding!r} is not a text encoding") from None
    except UnicodeDecodeError as err:
        line = _line_of(data, err.start, encoding)
        bad = data[err.start : err.end].hex(" ")
        raise InputError(path, f"not valid {encoding} (bytes {bad})", line=line) from None


def _not_utf8(data: bytes, path: str | Path, err: UnicodeDecodeError) -> InputError:
    # Imported here: charset_normalizer loads its tables on import and most files are UTF-8.
    from charset_normalizer import from_bytes

    line = _line_of(data, err.start, "utf-8")
    best = from_bytes(data).best()
    what = f"not UTF-8 (invalid byte 0x{data[err.start]:02x})"
    if best is None:
        return InputError(path, f"{what}; pass --encoding with the file's encoding", line=line)
    guess = best.encoding
    return InputError(path, f"{what}; it looks like {guess} — pass --encoding {guess}", line=line)


def _line_of(data: bytes, offset: int, encoding: str) -> int:
    """1-based line of a byte offset, decoding the prefix so UTF-16 newlines count right."""
    before = data[:offset].decode(encoding, errors="replace")
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1
