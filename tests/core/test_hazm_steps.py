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


def test_a_dropped_normalizer_frees_hazms_lexicon_without_the_cycle_collector() -> None:
    """The window freezes whatever is alive once hazm has loaded (gui.collector): a
    normaliser an import dropped before then must be gone by reference counting alone, or
    its lexicon (32-38 MB) stays for the whole session. Set on hazm's Normalizer as its own
    `normalize`, the steps made a cycle."""
    import gc
    import weakref

    from annotator.core.text.normalize import PersianNormalizer

    enabled = gc.isenabled()
    gc.disable()
    try:
        normalizer = PersianNormalizer()
        assert normalizer.normalize("سلام  دنیا").text == "سلام دنیا"
        steps = normalizer._hazm
        lexicon = weakref.ref(getattr(steps, "_n", steps))  # hazm's Normalizer, its holder
        del steps
        del normalizer
        assert lexicon() is None
    finally:
        if enabled:
            gc.enable()
