"""Latin words, codes, links, addresses and handles reach hazm as placeholders and come back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text import verbatim
from annotator.core.text.verbatim import PLACEHOLDER, mask, mask_lines

# Persian letters and digits, Latin letters, digits of three scripts, joiners, link and
# address characters, spacing and punctuation, in short words.
ALPHABET = [*"سلامب", *"kxZé", *"24۲٣", *"-_.'/&+%@:", " ", "\u200c", "،", ")", "(", "http", "www."]


@pytest.mark.parametrize(
    ("line", "pieces"),
    [
        ("k24 - اربیل", ["k24"]),
        ("ویروس COVID-19 و جنگنده F-35", ["COVID-19", "F-35"]),
        ("در https://t.co/Ab12، و www.irna.ir.", ["https://t.co/Ab12", "www.irna.ir"]),
        ("(https://fa.wikipedia.org/wiki/Foo_(bar))", ["https://fa.wikipedia.org/wiki/Foo_(bar)"]),
        ("نشانی info@irna.ir یا @ali_24", ["info@irna.ir", "@ali_24"]),
        ("Vladimir Putin در U.S. و O'Brien", ["Vladimir", "Putin", "U.S", "O'Brien"]),
        ("۲۴k و 5G و x86_64 و Erdoğan و Путин", ["۲۴k", "5G", "x86_64", "Erdoğan", "Путин"]),
    ],
)
def test_pieces_are_found_whole(line: str, pieces: list[str]) -> None:
    masked = mask(line)
    assert masked is not None
    assert [line[s:e] for s, e in masked.pieces] == pieces
    assert masked.text.count(PLACEHOLDER) == len(pieces)
    # Nothing of a piece is left for hazm to see, and the rest of the line is untouched.
    for piece in pieces:
        assert piece not in masked.text
    # Put back into the unchanged masked line, every piece is where it was.
    assert masked.restore(masked.text) == (line, [(s, s, e - s) for s, e in masked.pieces])


def test_numbers_and_persian_stay_for_hazm() -> None:
    assert mask("۱۳۹۹ و 1400 و ۷۶.۶۸% و ٣ میکنند") is None
    assert mask("-- 12:30 @") is None  # a clue that makes no piece


def test_pieces_land_where_hazm_moved_them() -> None:
    line = "k24  را  F-35 میکنند"
    masked = mask(line)
    assert masked is not None
    hazm_like = masked.text.replace("  ", " ").replace("میکنند", "می\u200cکنند")
    restored = masked.restore(hazm_like)
    assert restored is not None
    text, anchors = restored
    assert text == "k24 را F-35 می\u200cکنند"
    assert [(line[a : a + n], text[b : b + n]) for a, b, n in anchors] == [
        ("k24", "k24"),
        ("F-35", "F-35"),
    ]


def test_a_lost_placeholder_is_noticed() -> None:
    masked = mask("k24 و F-35")
    assert masked is not None
    assert masked.restore(masked.text.replace(PLACEHOLDER, "", 1)) is None
    assert masked.restore(masked.text + PLACEHOLDER) is None


@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_the_fast_search_finds_what_the_pattern_finds(line: str) -> None:
    slow = []
    for found in verbatim._PIECE.finditer(line):
        start, end = found.span()
        if found.group().startswith(("http", "ftp", "www")):
            end = verbatim._link_end(line, start, end)
        slow.append((start, end))
    assert verbatim.find_pieces(line) == slow


def test_a_whole_text_is_masked_line_by_line() -> None:
    text = "سلام k24\nبدون\n\nF-35 و https://t.co/x\nو"
    lines = text.split("\n")
    assert mask_lines(text) == {i: mask(lines[i]) for i in (0, 3)}
    assert mask_lines("بدون\nهیچ") == {}
