"""Find in the open document: folded matching, and ranges that cover exactly what matched."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.text.find import JOINERS, MARKS, FoldedText, find_all, find_key
from annotator.core.text.fold import search_key

_NOISE = re.compile(f"[{MARKS}{JOINERS}]")
_IS_MARK = re.compile(f"[{MARKS}]")
LETTERS = "ابتثجحخدذرزسشصضطظعغفقکگلمنوهیيىكکئءةآأ"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"


def covered(text: str, query: str) -> list[str]:
    return [text[start:end] for start, end in find_all(text, query)]


def test_persian_and_arabic_yeh_and_kaf_match() -> None:
    text = "علي و علی و على"
    assert find_all(text, "علی") == [(0, 3), (6, 9), (12, 15)]
    assert find_all(text, "علي") == find_all(text, "على") == find_all(text, "علی")
    assert covered("الكرملين و کرملین", "کرملین") == ["كرملين", "کرملین"]


def test_harakat_are_looked_through_on_both_sides() -> None:
    assert covered("قال مُحَمَّد", "محمد") == ["مُحَمَّد"]
    assert covered("قال محمد", "مُحَمَّد") == ["محمد"]


def test_marks_on_the_last_letter_belong_to_the_match() -> None:
    assert covered("هذا كتابٌ جديد", "کتاب") == ["كتابٌ"]
    assert covered("جاءَ مُحَمَّدٌ", "محمد") == ["مُحَمَّدٌ"]
    # The fatha before the match sits on the letter before it, and stays out.
    assert find_all("بَکتاب", "کتاب") == [(2, 6)]


def test_tatweel_and_joiners_at_the_edges_stay_out() -> None:
    assert find_all("ــمحمدــ", "محمد") == [(2, 6)]
    assert find_all("می\u200cشود", "می") == [(0, 2)]
    assert find_all("می\u200cشود", "شود") == [(3, 6)]
    assert find_all("x\u200dمحمد\u200d", "محمد") == [(2, 6)]


def test_joiners_and_tatweel_inside_are_looked_through() -> None:
    assert covered("گفت\u200cوگو و گفتوگو", "گفتوگو") == ["گفت\u200cوگو", "گفتوگو"]
    assert covered("محمــد", "محمد") == ["محمــد"]
    assert covered("گفتوگو", "گفت\u200cوگو") == ["گفتوگو"]


def test_latin_case_and_digits() -> None:
    assert covered("Putin, PUTIN and putin", "pUtIn") == ["Putin", "PUTIN", "putin"]
    text = "سال ۱۳۹۶ و ١٣٩٦ و 1396"
    assert covered(text, "1396") == ["۱۳۹۶", "١٣٩٦", "1396"]
    assert find_all(text, "۱۳۹۶") == find_all(text, "1396")


def test_empty_and_blank_queries_find_nothing() -> None:
    for query in ("", " ", "\t\n", "\u00a0", "\u064e\u0651", "\u200c"):
        assert find_all("متن \u064e \u200c", query) == []
    assert find_all("", "x") == []
    assert find_all("ab", "abc") == []


def test_matches_are_disjoint_and_leftmost() -> None:
    assert find_all("ییی", "یی") == [(0, 2)]
    assert find_all("یییی", "یی") == [(0, 2), (2, 4)]
    assert find_all("aaa", "aa") == [(0, 2)]


def test_letters_that_casefold_to_two() -> None:
    assert find_all("Die Straße", "strasse") == [(4, 10)]
    assert find_all("STRASSE", "straße") == [(0, 7)]
    assert find_all("ßß", "s") == [(0, 1), (1, 2)]  # one range per ß, not one per s
    assert find_all("ß ایران", "ایران") == [(2, 7)]


def test_characters_beyond_the_bmp_keep_offsets_right() -> None:
    assert find_all("😀 ایران", "ایران") == [(2, 7)]
    assert find_all("𐐀𐐨", "𐐨") == [(0, 1), (1, 2)]  # Deseret has case


def test_the_marks_are_every_combining_mark_of_the_arabic_blocks() -> None:
    blocks = [*range(0x0600, 0x0700), *range(0x0750, 0x0780), *range(0x0870, 0x0900)]
    combining = {chr(c) for c in blocks if unicodedata.category(chr(c)) == "Mn"}
    assert {chr(c) for c in range(0x10000) if _IS_MARK.fullmatch(chr(c))} == combining


@given(st.text())
def test_the_key_is_the_lists_search_key_looking_through_more(text: str) -> None:
    assert find_key(text) == _NOISE.sub("", search_key(text))


@given(st.text())
def test_the_tables_compute_the_plain_key(text: str) -> None:
    assert FoldedText(text).key == find_key(text)


def brute_force(text: str, query: str) -> list[tuple[int, int]]:
    """Leftmost disjoint matches by folding every substring that starts on a letter."""
    wanted = find_key(query) if query.strip() else ""
    ranges: list[tuple[int, int]] = []
    if not wanted:
        return ranges
    last_end = 0
    for start in range(len(text)):
        if start < last_end or _NOISE.match(text, start):
            continue
        for end in range(start + 1, len(text) + 1):
            key = find_key(text[start:end])
            if key == wanted:
                while end < len(text) and _IS_MARK.match(text, end):
                    end += 1
                ranges.append((start, end))
                last_end = end
                break
            if not wanted.startswith(key):
                break
    return ranges


ALPHABET = LETTERS + HARAKAT + JOINERS + "  aBc12۱٢"


@st.composite
def text_and_query(draw: st.DrawFn) -> tuple[str, str]:
    text = draw(st.text(alphabet=ALPHABET, max_size=40))
    if draw(st.booleans()):  # repeats, where matches could overlap
        text = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=3)) * draw(st.integers(2, 8))
    if text and draw(st.booleans()):  # a piece of the text itself, so that most queries match
        start = draw(st.integers(0, len(text) - 1))
        query = text[start : draw(st.integers(start + 1, min(len(text), start + 6)))]
    else:
        query = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=4))
    return text, query


@settings(max_examples=400)
@given(text_and_query())
def test_every_range_folds_to_the_query_and_none_is_missed(pair: tuple[str, str]) -> None:
    text, query = pair
    ranges = find_all(text, query)
    for start, end in ranges:
        assert find_key(text[start:end]) == find_key(query)
        assert not _NOISE.match(text[start])  # starts on a letter
        assert text[end - 1] not in JOINERS  # never ends on tatweel or a joiner
        assert end == len(text) or not _IS_MARK.match(text[end])  # its marks came along
    assert all(a[1] <= b[0] for a, b in pairwise(ranges))
    assert ranges == brute_force(text, query)
