"""Offset maps between an original text and its normalised form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

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
    # The inserted ZWNJ: a span touching it grows over it in both directions.
    assert m.span_to_text(0, 3) == (0, 4)
    assert m.span_to_text(3, 6) == (3, 7)
    assert m.span_to_original(4, 7) == (3, 6)


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
    for blocks in [((2, 3, 3, 6),), ((2, 3, 2, 3),), ((4, 5, 4, 6), (1, 2, 1, 3))]:
        with pytest.raises(ValueError):
            OffsetMap(blocks)
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
    ends = [m.to_original(p, "end") for p in range(len(text) + 1)]
    starts = [m.to_original(p) for p in range(len(text) + 1)]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(s <= e for s, e in zip(starts, ends, strict=True))
    assert starts[0] == 0 and ends[-1] == len(original)
    forward = [m.to_text(q, side) for side in ("start", "end") for q in range(len(original) + 1)]
    assert forward[0] == 0 and forward[-1] == len(text)
    assert all(0 <= q <= len(original) for q in starts + ends)
    assert all(0 <= p <= len(text) for p in forward)
    for s in range(len(text) + 1):
        for e in range(s, min(s + 4, len(text) + 1)):
            back = m.span_to_text(*m.span_to_original(s, e))
            assert back[0] <= s and back[1] >= e
    for p in aligned_positions(m, len(text)):
        assert m.to_text(m.to_original(p)) == p


def aligned_positions(m: OffsetMap, length: int) -> list[int]:
    """Positions in the stored text that are not inside a block or just past an insertion."""

    def outside(p: int) -> bool:
        return all(not (ts < p < te or (os == oe and p == te > ts)) for os, oe, ts, te in m.blocks)

    return [p for p in range(length + 1) if outside(p)]


def mismatches(original: str, text: str, m: OffsetMap) -> int:
    """Aligned characters that differ; side "end" skips a deleted run just before one."""
    return sum(
        text[p] != original[m.to_original(p, "end")]
        for p in aligned_positions(m, len(text) - 1)
        if not any(ts <= p < te for _, _, ts, te in m.blocks)
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
    table = {ord(c): data.draw(st.sampled_from(FRESH)) for c in set(original) if c != "\n"}
    assert OffsetMap.between(original, original.translate(table)).is_identity
