"""Language tags from letters, and the fast counting path against its definition."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text.lang import _count_slow, _decide_by_words, _fast_counts, detect_language

SEEDS = Path(__file__).parents[2] / "seeds"


@pytest.mark.parametrize(
    ("prefix", "lang"), [("000", "fa"), ("001", "fa"), ("002", "ar"), ("003", "ar"), ("004", "ar")]
)
def test_seeds(prefix: str, lang: str) -> None:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    assert detect_language(text) == lang
    assert _fast_counts(text) is not None  # news text never needs the slow loop


def test_english_empty_and_quoted_names() -> None:
    assert detect_language("") == "other"
    assert detect_language("  123 ... \n") == "other"
    assert detect_language("Putin spoke to Trump for an hour on Tuesday.") == "other"
    english = "President Bashar al-Assad (بشار الأسد) met Putin in Sochi on Monday. " * 3
    assert detect_language(english) == "other"


def test_markers_decide_between_persian_and_arabic() -> None:
    assert detect_language("کتاب") == "fa"  # keheh
    assert detect_language("كتاب") == "ar"  # Arabic kaf
    assert detect_language("محمد") == "fa"  # no marker either way: tie without Arabic ones
    assert detect_language("ي ی") == "ar"  # tie with an Arabic marker
    assert detect_language("ﻻ") == "fa"  # presentation form: Arabic script, no markers
    assert detect_language("Привет мир, كتاب") == "other"
    assert detect_language("ܐܒܓܕ كت") == "other"  # Syriac shares page 0x07 with Arabic
    assert detect_language("שׁשׁשׁ ﻻ") == "other"  # Hebrew forms share page 0xFB


def test_words_decide_when_no_letter_marks_either_language() -> None:
    # An Arabic headline with no marker letter was tagged Persian on import.
    assert detect_language("الوجه الاخر .") == "ar"
    assert detect_language("الاحد") == "ar"
    # Persian without a marker letter stays Persian, the article in a loanword notwithstanding.
    assert detect_language("او را دید") == "fa"
    assert detect_language("الان از آن جا رفت") == "fa"
    assert detect_language("نمی\u200cخواهد") == "fa"
    # A marker letter still outweighs the words.
    assert detect_language("الوجه الاخر گفت") == "fa"


def test_harakat_do_not_hide_the_words_that_decide() -> None:
    # The same headline with its vowels written was Persian: a haraka after the article's
    # lam, or ending a word, is no word character, so no Arabic word was found.
    assert detect_language("الْوَجْهُ الْآخَرُ") == "ar"
    assert detect_language("قَدْ لَا") == "ar"


# Letters from every branch of the fast path: Latin-1, page 0x06 markers and non-letters,
# page 0x20 letters and controls, Arabic supplement and presentation forms, astral letters.
ALPHABET = list(
    "abcXYZ éªº 09.,«»\n\u00a0\u200c\u200f\u2071\u207f\u2028"
    "ابتسلمنهوةيكىپچژگیکە٠٣٩۰۵۹،؛؟\u064e\u0651\u0670ـ"
    "\u0750\u077f\ufb50\ufdf2\ufefb\ufe70\ufeff"
    "Жж中😀\U0001d400\U00010400\u0710\u0780\ufb2a"  # Syriac, Thaana, Hebrew: pages 07, FB
)


@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_fast_path_agrees_with_definition(text: str) -> None:
    assert detect_language(text) == _decide_by_words(text, *_count_slow(text))
