"""Date values as an analyst types them: ISO, partial, any digits; nonsense refused."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.services.date_values import parse_value, with_value


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2017-11-21", ("2017-11-21", "day")),
        ("۲۰۱۷-۱۱", ("2017-11", "month")),
        (" ٢٠١٧ ", ("2017", "year")),
        ("--02-29", ("--02-29", "day")),
    ],
)
def test_values_in_every_digit_system_and_precision(typed, expected):
    assert parse_value(typed) == expected


@pytest.mark.parametrize(("typed", "why"), [("2017-13", "real date"), ("21/11/2017", "use")])
def test_impossible_or_foreign_forms_are_refused_with_the_expected_form(typed, why):
    with pytest.raises(AnnotatorError, match=why):
        parse_value(typed)


def test_confirming_a_suggestion_replaces_it_and_empty_clears():
    attrs = {"calendar": "gregorian", "suggested_value": "2017-11-21", "resolved_from": "x"}
    confirmed = with_value(attrs, "2017-11-21")
    assert confirmed == {"calendar": "gregorian", "value": "2017-11-21", "precision": "day"}
    assert with_value(confirmed, "") == {"calendar": "gregorian"}
