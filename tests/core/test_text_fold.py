"""Folds for matching: 1:1 for offsets, and the search key for full-text search."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text.fold import fold, search_key


def test_fold_variants() -> None:
    assert fold("علي كتاب مصطفى") == "علی کتاب مصطفی"
    assert fold("سوریە") == "سوریه"
    assert fold("٢٠١٧ و ۱۳۹۶") == "2017 و 1396"
    assert fold("أإآٱ ؤ ئ") == "اااا و ی"
    assert fold("a\u00a0b\u202fc") == "a b c"
    assert fold("مدينة") == "مدینة"  # ة stays: it tells words apart


def test_fold_keeps_what_a_language_tells_apart() -> None:
    assert fold("على علي", keep="ى") == "على علی"  # Arabic: "on" is not "Ali"


@given(st.text())
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text) == len(fold(text, keep="ى"))


def test_search_key_matches_persian_and_arabic_spellings() -> None:
    assert "کرملین" not in "الكرملين"
    assert search_key("کرملین") in search_key("الكرملين")
    assert search_key("الكرملين").split() == ["الکرملین"]


def test_search_key_drops_noise() -> None:
    assert search_key("گفت\u200cوگو") == search_key("گفتوگو") == "گفتوگو"
    assert search_key("مُحَمَّد") == search_key("محمــد") == "محمد"
    assert search_key("Putin ٢٠١٧") == "putin 2017"
