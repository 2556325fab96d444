"""Quotes and brackets a selection opens are closed in the span, never left dangling."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text.snap import balance, snap
from annotator.core.text.tokens import regex_tokens

TEXT = "قال الوزير إن «العلاقات جيدة جداً» مع موسكو (حسب وكالة ایرنا) أمس."


def _range(inner: str) -> tuple[int, int]:
    start = TEXT.index(inner)
    return start, start + len(inner)


def test_a_claim_selected_into_its_quotation_ends_with_the_closing_mark():
    start, end = _range("إن «العلاقات جيدة")
    assert TEXT[slice(*balance(TEXT, start, end))] == "إن «العلاقات جيدة جداً»"


def test_a_selection_that_closes_a_bracket_starts_at_its_opening():
    start, end = _range("ایرنا) أمس")
    assert TEXT[slice(*balance(TEXT, start, end))] == "(حسب وكالة ایرنا) أمس"


def test_balanced_and_plain_selections_stay_as_they_are():
    for inner in ("«العلاقات جيدة جداً»", "موسكو", "الوزير إن"):
        assert balance(TEXT, *_range(inner)) == _range(inner)


def test_a_partner_in_another_paragraph_is_not_taken():
    text = "قال «الوزير\nجديد» اليوم"
    start = text.index("«") - 4
    assert balance(text, start, text.index("\n")) == (start, text.index("\n"))


def test_ascii_quotes_pair_up():
    text = 'He said "we will go now" to them'
    start = text.index("said")
    assert text[slice(*balance(text, start, text.index(" go")))] == 'said "we will go now"'


def test_snapping_applies_it():
    start, end = _range("إن «العلا")  # a drag that stops inside the quotation's first word
    snapped = snap(TEXT, start, end, regex_tokens(TEXT))
    assert snapped is not None
    assert TEXT[slice(*snapped)] == "إن «العلاقات جيدة جداً»"


@given(st.text(alphabet='ab «»()"\n', max_size=40), st.data())
def test_balance_only_grows_and_never_leaves_the_paragraph(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = balance(text, start, end)
    assert s <= start and e >= end
    assert "\n" not in text[s:start] and "\n" not in text[end:e]


def test_a_closing_straight_quote_reaches_back_not_to_the_next_quotation():
    text = 'He said "hello world" today and then "bye" later.'
    start = text.index('world" today')
    s, e = balance(text, start, start + len('world" today'))
    assert text[s:e] == '"hello world" today'


def test_nested_brackets_of_one_kind_close_the_outer_pair():
    text = "گفت (الف (ب) ج) و رفت"
    for inner in ("(الف", "ج)"):
        start = text.index(inner)
        s, e = balance(text, start, start + len(inner))
        assert text[s:e] == "(الف (ب) ج)", inner


def test_mixed_marks_close_in_their_order_both_ways():
    text = "قال «نحن (هنا) الآن» ثم مضى"
    start = text.index("هنا)")
    s, e = balance(text, start, text.index("» ثم") + 1)  # closes ( and «
    assert text[s:e] == "«نحن (هنا) الآن»"
    start = text.index("«نحن (")
    s, e = balance(text, start, start + len("«نحن (هن"))  # opens « and (
    assert text[s:e] == "«نحن (هنا) الآن»"
