"""Decoding files: encodings, BOMs, line endings and the messages for bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.text.decode import canonicalize, decode_bytes, read_text_file

SEEDS = Path(__file__).parents[2] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_canonicalize_drops_one_bom_and_unifies_line_endings() -> None:
    assert canonicalize("\ufeff\ufeffa\r\nb\rc\n\r\nd") == "\ufeffa\nb\nc\n\nd"
    assert canonicalize("no change\n") == "no change\n"


def test_utf8_crlf_is_canonical() -> None:
    assert decode_bytes("سلام\r\nدنیا\r\n".encode(), "a.txt") == "سلام\nدنیا\n"


def test_utf8_bom_is_dropped() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + "بوتين".encode(), "a.txt") == "بوتين"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec == "utf-16-le" else codecs.BOM_UTF16_BE
    data = bom + "سلام 😀\r\nworld".encode(codec)
    assert decode_bytes(data, "a.txt") == "سلام 😀\nworld"


@pytest.mark.parametrize("data", [b"", b" \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n"])
def test_empty_files(data: bytes) -> None:
    with pytest.raises(InputError, match="the file is empty"):
        decode_bytes(data, "empty.txt")


def test_png_is_binary() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    with pytest.raises(InputError, match="binary file, not text") as err:
        decode_bytes(png, "photo.txt")
    assert err.value.problem.path == "photo.txt"


def test_cp1256_arabic_article_names_its_encoding_and_line() -> None:
    data = ("English headline\nsecond line\n" + seed("003")).encode("cp1256")
    with pytest.raises(InputError) as err:
        decode_bytes(data, "legacy.txt")
    problem = err.value.problem
    assert problem.line == 3
    assert "not UTF-8 (invalid byte 0x" in problem.message
    assert "--encoding cp1256" in problem.message
    assert decode_bytes(data, "legacy.txt", encoding="cp1256").endswith(seed("003")[-200:])


def test_cp1256_persian_article_is_guessed() -> None:
    # Legacy Persian files use Arabic yeh and ASCII digits: cp1256 has no ی or ۰-۹.
    text = seed("001").translate(str.maketrans("ی۰۱۲۳۴۵۶۷۸۹", "ي0123456789"))
    with pytest.raises(InputError, match=r"it looks like cp1256 — pass --encoding cp1256"):
        decode_bytes(text.encode("cp1256"), "fa.txt")


def test_explicit_encoding_errors() -> None:
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        decode_bytes(b"abc", "a.txt", encoding="klingon")
    with pytest.raises(InputError, match="not valid utf-8") as err:
        decode_bytes(b"one\ntwo\nthr\xffee\n", "a.txt", encoding="utf-8")
    assert err.value.problem.line == 3


def test_explicit_encoding_is_used_and_canonicalised() -> None:
    assert decode_bytes("ab\r\nپ".encode("utf-8-sig"), "a.txt", encoding="utf-8") == "ab\nپ"
    assert decode_bytes("كتاب".encode("cp1256"), "a.txt", encoding="windows-1256") == "كتاب"


def test_read_text_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"line\r\n")
    assert read_text_file(path) == "line\n"
    with pytest.raises(InputError, match="no such file"):
        read_text_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_text_file(tmp_path)
