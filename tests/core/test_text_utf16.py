"""Code point <-> UTF-16 conversion for Qt positions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text.utf16 import Utf16Index

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)  # no lone surrogates


def u16(text: str, i: int) -> int:
    return len(text[:i].encode("utf-16-le")) // 2


def test_emoji_shifts_later_positions() -> None:
    text = "😀 بوتين 😀"
    index = Utf16Index(text)
    assert index.to_utf16(text.index("بوتين")) == 3
    assert index.to_utf16(len(text)) == index.utf16_length == 11
    assert index.to_codepoint(1) == 0 and index.to_codepoint(1, "end") == 1
    assert index.span_to_codepoint(1, 10) == (0, len(text))
    with pytest.raises(ValueError):
        index.to_utf16(len(text) + 1)
    with pytest.raises(ValueError):
        index.to_codepoint(-1)


def test_no_astral_is_identity() -> None:
    index = Utf16Index("سلام")
    assert [index.to_utf16(i) for i in range(5)] == list(range(5))
    assert index.to_codepoint(3, "end") == 3


@given(TEXT)
def test_matches_utf16_encoding(text: str) -> None:
    index = Utf16Index(text)
    for i in range(len(text) + 1):
        assert index.to_utf16(i) == u16(text, i)
        assert index.to_codepoint(u16(text, i)) == i
        assert index.to_codepoint(u16(text, i), "end") == i
    for unit in range(index.utf16_length + 1):
        start, end = index.to_codepoint(unit), index.to_codepoint(unit, "end")
        assert u16(text, start) <= unit <= u16(text, end)
        assert end - start <= 1
