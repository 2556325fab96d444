"""Offset maps between an original text and its normalised form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from annotator.core.text import realign
from annotator.core.text.align import OffsetMap

CHARS = list("ab cd\n\u200c😀\U0001f44dابپیكە۱٣.")
FRESH = list("XYZ\u200d🎉ژ")  # never in originals: edits made of these align uniquely


def test_identity() -> None:
    m = OffsetMap.between("same\ntext", "same\ntext")
    assert m.is_identity and m == OffsetMap.identity()
    assert m.to_json() is None and OffsetMap.from_json(None) == m
    assert m.to_text(7) == 7 and m.to_original(3, "end") == 3


def test_same_length_substitution_needs_no_block() -> None:
    m = OffsetMap.between("سوریە و سوریە\n٣٠", "سوریه و سوریه\n۳۰")
    assert m.is_identity


def test_insertion_and_deletion() -> None:
    original, text = "زدهاست و ســلام", "زده\u200cاست و سلام"
    m = OffsetMap.between(original, text)
    assert len(m.blocks) == 2
    assert m.to_text(original.index("و")) == text.index("و")
    assert m.to_original(text.index("و")) == original.index("و")
    assert m.span_to_original(text.index("سلام"), len(text)) == (
        original.index("س", 9),
        len(original),
    )
    # The inserted ZWNJ stays outside a span that ends or starts beside it, both ways.
    assert m.span_to_text(0, 3) == (0, 3)
    assert m.span_to_text(3, 6) == (4, 7)
    assert m.span_to_original(3, 7) == (3, 6)
    assert m.span_to_original(0, 4) == (0, 3)
    # The removed tatweel too: سلام maps to the letters, not to the kashida before them.
    assert m.span_to_text(original.index("ســ") + 1, len(original)) == (
        text.index("سلام") + 1,
        len(text),
    )


def test_strictly_inside_a_block_snaps_by_side() -> None:
    m = OffsetMap(((2, 3, 2, 6),))  # "." became " ٫ " style: one char -> four
    assert [m.to_original(p) for p in range(8)] == [0, 1, 2, 2, 2, 2, 3, 4]
    assert [m.to_original(p, "end") for p in range(8)] == [0, 1, 2, 3, 3, 3, 3, 4]
    assert m.to_text(3) == 6 and m.to_text(5) == 8


def test_bad_positions_and_maps() -> None:
    m = OffsetMap(((2, 3, 2, 6),))
    with pytest.raises(ValueError):
        m.to_text(-1)
    with pytest.raises(ValueError):
        m.to_original(1, "middle")
    bad = [
        ((2, 3, 3, 6),),  # the gap before it is not as long on both sides
        ((2, 2, 2, 2),),  # empty on both sides
        ((4, 5, 4, 6), (1, 2, 1, 3)),  # out of order
        ((1, 3, 1, 2), (2, 4, 2, 3)),  # overlapping
        ((1, 2, 1, 1), (2, 3, 1, 1)),  # two deletions in a row are one
        ((1, 2, 1, 1), (2, 2, 1, 3)),  # so are a deletion and an insertion at one place
    ]
    for blocks in bad:
        with pytest.raises(ValueError):
            OffsetMap(blocks)
    OffsetMap(((1, 2, 1, 1), (2, 3, 1, 3)))  # a tatweel removed before a ligature written out
    with pytest.raises(ValueError):
        OffsetMap.from_json("[1,2,3]")


def test_line_by_line_and_whole_text_agree_on_a_simple_edit() -> None:
    original = "خط اول\nمیکند\n\nخط سوم"
    by_line = OffsetMap.between(original, "خط اول\nمی\u200cکند\n\nخط سوم")
    whole = OffsetMap.between(original, "خط اول\nمی\u200cکند\nخط سوم")  # a line was lost
    assert by_line.blocks == ((9, 9, 9, 10),)
    assert whole.blocks[0] == (9, 9, 9, 10)
    assert whole.to_text(len(original), "end") == len(original)


@st.composite
def edited(draw: st.DrawFn, fresh_only: str | None = None) -> tuple[str, str]:
    original = "".join(draw(st.lists(st.sampled_from(CHARS), max_size=60)))
    text = original
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        kind = fresh_only or draw(st.sampled_from(["insert", "delete", "replace"]))
        cut = 0 if kind == "insert" else draw(st.integers(0, 4))
        new = (
            ""
            if kind == "delete"
            else "".join(
                draw(
                    st.lists(
                        st.sampled_from(FRESH if fresh_only else CHARS + FRESH),
                        min_size=1,
                        max_size=4,
                    )
                )
            )
        )
        text = text[:at] + new + text[at + cut :]
    return original, text


def check_map(original: str, text: str, m: OffsetMap) -> None:
    """Positions move together, stay in range, and a span on kept characters comes back."""
    for src, dst, to in ((text, original, m.to_original), (original, text, m.to_text)):
        starts = [to(p) for p in range(len(src) + 1)]
        ends = [to(p, "end") for p in range(len(src) + 1)]
        assert starts == sorted(starts) and ends == sorted(ends)
        assert ends[0] == 0 and starts[-1] == len(dst)
        assert all(0 <= q <= len(dst) for q in starts + ends)
        assert all(
            starts[s] <= ends[e] for s in range(len(src)) for e in range(s + 1, len(src) + 1)
        )
    for s in range(len(text)):
        for e in range(s + 1, min(s + 5, len(text) + 1)):
            back = m.span_to_text(*m.span_to_original(s, e))
            if one_for_one(m, s, "text") and one_for_one(m, e - 1, "text"):
                assert back == (s, e)
            assert back[1] - back[0] <= e - s or inside_a_rewrite(m, s, e)
    for s in range(len(original)):
        for e in range(s + 1, min(s + 5, len(original) + 1)):
            if one_for_one(m, s, "original") and one_for_one(m, e - 1, "original"):
                assert m.span_to_original(*m.span_to_text(s, e)) == (s, e)


def one_for_one(m: OffsetMap, p: int, side: str) -> bool:
    """The character at p is in no block: it has exactly one partner on the other side."""
    i = 2 if side == "text" else 0
    return not any(block[i] <= p < block[i + 1] for block in m.blocks)


def inside_a_rewrite(m: OffsetMap, s: int, e: int) -> bool:
    """An edge of text span s..e falls in a piece rewritten as a whole, which a span takes."""
    return any(os < oe and ts < te and (ts < s < te or ts < e < te) for os, oe, ts, te in m.blocks)


def mismatches(original: str, text: str, m: OffsetMap) -> int:
    """Characters in no block whose partner is a different character."""
    return sum(
        text[p] != original[m.to_original(p)] for p in range(len(text)) if one_for_one(m, p, "text")
    )


@given(edited())
def test_map_properties(pair: tuple[str, str]) -> None:
    original, text = pair
    m = OffsetMap.between(original, text)
    check_map(original, text, m)
    assert mismatches(original, text, m) <= Levenshtein.distance(original, text)
    assert OffsetMap.from_json(m.to_json()) == m


@given(st.sampled_from(["insert", "delete"]).flatmap(lambda kind: edited(fresh_only=kind)))
def test_pure_insertions_or_deletions_align_exactly(pair: tuple[str, str]) -> None:
    original, text = pair
    m = OffsetMap.between(original, text)
    check_map(original, text, m)
    assert mismatches(original, text, m) == 0


@given(st.lists(st.sampled_from(CHARS), max_size=40).map("".join), st.data())
def test_fresh_substitutions_are_identity(original: str, data: st.DataObject) -> None:
    """A separator only ever stands for a separator (a space become ZWNJ), never a letter."""
    separators = " \u200c\u200d"
    table = {
        ord(c): data.draw(
            st.sampled_from([f for f in FRESH if (f in separators) == (c in separators)])
        )
        for c in set(original)
        if c != "\n"
    }
    assert OffsetMap.between(original, original.translate(table)).is_identity


PIECES = [*"ab مـا.\u064b\u200c", "ﻻ", "لا", "…", "...", "ﷲ", "الله"]


@given(*[st.lists(st.sampled_from(PIECES), max_size=12).map("".join)] * 2)
def test_rows_of_numpy_align_as_cell_by_cell_does(a: str, b: str) -> None:
    """Of equal-cost alignments both take the same one: which copy of a repeated letter was
    kept, and a deletion told from a separator that moved, depend on that choice."""
    assert realign._by_rows(a, b, 2, 3) == realign._by_cells(a, b, 2, 3)


def test_rows_of_numpy_take_lone_surrogates_as_cell_by_cell_does() -> None:
    """Code points as the rest of the text code reads them (surrogatepass): a long piece
    with a lone surrogate raised UnicodeEncodeError where a short one aligned."""
    a, b = "ا\ud800 ب" * 30, "ا\ud800ب" * 30
    assert realign.realign(a, b) == realign._by_cells(a, b, 0, 0)
