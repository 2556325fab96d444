"""Tokens carry offsets that always slice back to their text."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from annotator.core.text.tokens import Token, Tokenizer, align_tokens, regex_tokens

SEEDS = Path(__file__).parents[2] / "seeds"
LANGS = {"000": "fa", "001": "fa", "002": "ar", "003": "ar", "004": "ar"}


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    tokenizer = Tokenizer()
    tokenizer.load()  # hazm's WordTokenizer takes ~1 s: once for the module
    return tokenizer


@pytest.mark.parametrize("prefix", sorted(LANGS))
def test_seed_tokens_slice_back(tokenizer: Tokenizer, prefix: str) -> None:
    text = seed(prefix)
    tokens = tokenizer.tokenize(text, LANGS[prefix])
    assert len(tokens) > 300
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert all(a.end <= b.start for a, b in pairwise(tokens))


def test_every_hazm_token_of_the_seeds_aligns(tokenizer: Tokenizer) -> None:
    assert tokenizer._hazm is not None
    total = 0
    for prefix in sorted(LANGS):
        text = seed(prefix)
        words = tokenizer._hazm.tokenize(text)
        tokens, unaligned = align_tokens(text, words)
        assert unaligned == 0 and len(tokens) == len(words)
        total += len(tokens)
    # RTL-NOTES (../shared) measured 2,605 on the seeds as shipped; seed 001 has since lost
    # its scraped page's two lines before the headline (5 tokens).
    assert total == 2600


def test_joined_verb_parts_match_space_or_zwnj() -> None:
    text = "او گفته  است و رفته\u200cبود a_b"
    tokens, unaligned = align_tokens(text, ["او", "گفته_است", "و", "رفته_بود", "a_b"])
    assert unaligned == 0
    assert [t.text for t in tokens] == ["او", "گفته  است", "و", "رفته\u200cبود", "a_b"]


def test_literal_underscores() -> None:
    text = "x _ __init__ snake_case"
    tokens, unaligned = align_tokens(text, ["x", "_", "__init__", "snake_case"])
    assert unaligned == 0
    assert [(t.text, t.start) for t in tokens] == [
        ("x", 0), ("_", 2), ("__init__", 4), ("snake_case", 13),
    ]  # fmt: skip


def test_unfindable_token_is_skipped_not_invented() -> None:
    text = "یک دو سه"
    tokens, unaligned = align_tokens(text, ["یک", "چهار", "دو", "", "سه_پنج", "سه"])
    assert unaligned == 3
    assert tokens == [Token("یک", 0, 2), Token("دو", 3, 5), Token("سه", 6, 8)]


def test_window_keeps_a_lost_token_from_matching_far_away() -> None:
    text = "الف " + "ب " * 300 + "ج"
    tokens, unaligned = align_tokens(text, ["الف", "ج"])
    assert unaligned == 1 and [t.text for t in tokens] == ["الف"]


def test_arabic_diacritics_stay_in_words() -> None:
    text = "قالَ مُحَمَّدٌ: «السَّلامُ عليكم»، It's ٢٠١٧."
    assert [t.text for t in regex_tokens(text)] == [
        "قالَ", "مُحَمَّدٌ", ":", "«", "السَّلامُ", "عليكم", "»", "،", "It", "'", "s", "٢٠١٧", ".",
    ]  # fmt: skip


def test_emoji_and_zwnj(tokenizer: Tokenizer) -> None:
    text = "😀 می‌رود 👍🏽 سلام"
    for lang in ("fa", "ar", "other"):
        tokens = tokenizer.tokenize(text, lang)
        assert all(text[t.start : t.end] == t.text for t in tokens)
        assert "می\u200cرود" in [t.text for t in tokens]
        assert "😀" in [t.text for t in tokens]
