"""hazm's normalisation, step by step with regex character tables: hazm's result exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.text.hazm_import import import_hazm
from annotator.core.text.hazm_steps import HazmSteps

SEEDS = Path(__file__).parents[2] / "seeds"


@pytest.fixture(scope="module")
def stock():
    """hazm's own Normalizer, as hazm builds it."""
    return import_hazm().Normalizer()


def _pieces() -> list[str]:
    constants = import_hazm().constants
    tables = constants.TRANSLATION_SRC + constants.NUMBERS_SRC + constants.NUMBERS_DST
    persian = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآأؤئءة"
    marks = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640\u200c\u200d\ufdfa"
    spacing = " \n\t\u00a0.,:;!?؟،؛«»()[]\"'-…٫%"
    # Words and affixes that hazm's spacing, "mi" and repeated-letter rules act on.
    words = [
        "می", "نمی", "کنم", "میکنند", "نمیدانم", "ها", "های", "ای", "ام", "تر", "ترین",
        "زمین", "لرزه", "شده", "است", "اعلاممممم", "سلاممم", "k24", "COVID-19", "...", "۱۲",
        "10.450", " : ", "« ", " »", "ـ",
    ]  # fmt: skip
    return list(tables + persian + marks + spacing) + words


PIECES = _pieces()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_same_result_as_hazm_on_any_text(stock, text: str) -> None:
    assert HazmSteps(stock).normalize(text) == stock.normalize(text)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_same_result_as_hazm_on_the_seed_articles(stock, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert HazmSteps(stock).normalize(text) == stock.normalize(text)
