"""Selections are trimmed of invisible and punctuation edges, then snapped to whole tokens."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from annotator.core.text.snap import regex_tokens_around, snap, trim
from annotator.core.text.tokens import Token, regex_tokens

# Letters, harakat, ZWNJ/ZWJ, tatweel, bidi marks, spaces, NBSP, punctuation, digits, emoji.
ALPHABET = [
    *"الأسدبوتينگفپژ",
    *"\u064e\u0651\u0652\u0670",
    *"abcIt's92",
    *'\u200c\u200d\u0640\u200f\u202b \u00a0\n،.«»"!؟:()-—…٢٠',
    *("😀", "🇮", "🇷"),
]
TEXT = st.text(st.sampled_from(ALPHABET), min_size=1, max_size=40)


@st.composite
def selections(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(TEXT)
    a = draw(st.integers(0, len(text)))
    b = draw(st.integers(0, len(text)))
    return text, min(a, b), max(a, b)


def select(text: str, part: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def snapped(text: str, part: str) -> str | None:
    result = snap(text, *select(text, part), regex_tokens(text))
    return None if result is None else text[result[0] : result[1]]


def test_part_of_a_word_gives_the_whole_token() -> None:
    text = "نتائج لقائه الأسد."
    assert snapped(text, "أسد") == "الأسد"
    assert snapped(text, "ه الأ") == "لقائه الأسد"


def test_zwnj_keeps_a_persian_word_whole() -> None:
    text = "او گفت\u200cوگو کرد"
    assert snapped(text, "گفت") == "گفت\u200cوگو"
    assert snapped(text, "\u200cوگو ") == "گفت\u200cوگو"


def test_edge_punctuation_and_invisibles_are_trimmed() -> None:
    text = "برقم 2254، بالتوافق «ادامه همکاری» \u200fIt's Over 9000!"
    assert snapped(text, "2254،") == "2254"
    assert snapped(text, "«ادامه همکاری»") == "ادامه همکاری"
    assert snapped(text, "\u200fIt's Over 9000!") == "It's Over 9000"
    assert snapped(text, "t's") == "It's"


def test_only_spaces_or_punctuation_is_nothing() -> None:
    text = "بوتين ، « » ... ترامب\u00a0\u200c\u0640"
    assert snap(text, 5, 16, regex_tokens(text)) is None
    assert trim(text, len(text) - 3, len(text)) is None
    assert trim(text, 3, 3) is None


def test_marks_stay_with_their_base() -> None:
    text = "قال \u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f\u064c"  # مُحَمَّدٌ
    start = text.index("\u064f")  # on the damma, after its mim
    assert trim(text, start, start + 3) == (start, start + 3)
    cut = text.index("\u0651") + 1  # after mim and shadda, before the fatha over them
    tokens = [Token(text[start - 1 : cut], start - 1, cut)]  # a token that cuts the harakat
    assert snap(text, start, start + 3, tokens) == (start - 1, cut + 1)
    assert snap(text, start, start + 2, []) == (start - 1, start + 3)  # and the fatha on ح
    tatweel = "بـَ ت"
    assert trim(tatweel, 0, 3) == (0, 1)  # the fatha goes with the tatweel it sits on


def test_between_tokens_an_edge_stays_where_trimmed() -> None:
    text = "ab cd"
    assert snap(text, 0, 5, [Token("ab", 0, 2)]) == (0, 5)
    assert snap(text, 1, 4, []) == (1, 4)


def test_out_of_range_is_an_error() -> None:
    with pytest.raises(ValueError):
        trim("abc", 2, 5)
    with pytest.raises(ValueError):
        snap("abc", 2, 1, [])


@given(selections())
def test_trim_is_idempotent_and_inside(selection: tuple[str, int, int]) -> None:
    text, start, end = selection
    result = trim(text, start, end)
    if result is None:
        return
    s, e = result
    assert start <= s < e <= end
    assert trim(text, s, e) == (s, e)
    assert not text[s].isspace() and not text[e - 1].isspace()


@given(selections())
def test_snap_lands_on_token_edges(selection: tuple[str, int, int]) -> None:
    text, start, end = selection
    tokens = regex_tokens(text)
    result = snap(text, start, end, tokens)
    trimmed = trim(text, start, end)
    assert (result is None) == (trimmed is None)
    if result is None or trimmed is None:
        return
    s, e = result
    assert 0 <= s < e <= len(text)
    assert s <= trimmed[0] and e >= trimmed[1]
    for token in tokens:
        assert not token.start < s < token.end, (token, s)
        assert not token.start < e < token.end, (token, e)
    assert e == len(text) or not is_mark(text[e])
    base = s
    while base >= 0 and is_mark(text[base]):
        base -= 1
    assert base == s or base < 0 or trim(text, base, base + 1) is None  # only orphan marks


def is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


@given(TEXT)
def test_snapping_a_whole_token_gives_it_back(text: str) -> None:
    tokens = regex_tokens(text)
    words = [
        t
        for t in tokens
        if trim(text, t.start, t.end) == (t.start, t.end)
        and not is_mark(t.text[0])  # the regex cut these marks off their base
        and (t.end == len(text) or not is_mark(text[t.end]))
    ]
    assume(words)
    for token in words:
        assert snap(text, token.start, token.end, tokens) == (token.start, token.end)


@given(selections())
def test_tokens_around_a_selection_match_tokenising_everything(
    selection: tuple[str, int, int],
) -> None:
    text, start, end = selection
    around = regex_tokens_around(text, start, end)
    everything = regex_tokens(text)
    touching = [t for t in everything if t.end >= start and t.start <= end]
    assert [t for t in around if t.end >= start and t.start <= end] == touching
    assert set(around) <= set(everything)
    assert snap(text, start, end, around) == snap(text, start, end, everything)


def test_a_bracket_with_a_mark_on_it_is_not_taken_in():
    """Found by the property test above: balancing took in «)» and stopped before the
    superscript alef written on it, cutting a mark from its base. Such a bracket is no
    plain one (the mark starts a token of its own): the selection stays as made."""
    text = "2(2)ٰ"
    assert snap(text, 0, 3, regex_tokens(text)) == (0, 3)


def test_a_partner_with_a_mark_on_it_takes_in_neither_it_nor_the_next_word():
    """«x» after the closing quote (joined to it by a shadda) is another word: it must stay
    out, whatever tokens the selection is snapped with."""
    text = "a «b c d»\u0651x"
    full = snap(text, 0, 4, regex_tokens(text))
    around = snap(text, 0, 4, regex_tokens_around(text, 0, 4))
    assert full == around == (0, 4)
