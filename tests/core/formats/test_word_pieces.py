"""Tokens cut at blanks for the BIO formats (issue 12): hazm's tokens, in order and apart,
are cut with arrays; whatever the tokens, the pieces are those cut one token at a time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.formats import bio
from annotator.core.text.tokens import Token, TokenView, blank_table, code_points

ALPHABET = "گفتهاست\u200c_ \t\n\u00a0\u2028\x1c.\U0001f600"


@st.composite
def tokens(draw: st.DrawFn) -> tuple[str, TokenView]:
    text = draw(st.text(alphabet=ALPHABET, max_size=50))
    n = len(text)
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=14)))
    bounds = list(zip(cuts[::2], cuts[1::2], strict=False))  # in order, apart, some empty
    if draw(st.integers(0, 3)) == 0 and n:  # out of order, or overlapping
        start = draw(st.integers(0, n))
        bounds.insert(draw(st.integers(0, len(bounds))), (start, draw(st.integers(start, n))))
    objects = [Token(text[a:b], a, b) for a, b in bounds]
    if draw(st.booleans()):
        return text, TokenView.of(text, objects)
    return text, TokenView(text, [a for a, _ in bounds], [b for _, b in bounds])


@settings(max_examples=500, deadline=None)
@given(case=tokens())
def test_pieces_are_those_cut_one_token_at_a_time(case: tuple[str, TokenView]) -> None:
    text, view = case
    codes = code_points(text)
    blank = blank_table()[codes & 0xFFFF] & (codes <= 0xFFFF)
    fast = bio._word_pieces(view, text, blank)
    slow = bio._word_pieces_one_by_one(view, text)
    assert list(zip(fast.starts, fast.ends, strict=True)) == list(
        zip(slow.starts, slow.ends, strict=True)
    )
