"""hazm's words found in the text with arrays (issue 12) are where finding them one by one
puts them: same offsets, same count of words not found, on real Persian and on texts made
to trip it (blanks of every kind, ZWNJ, "_" in the text and in words, words missing, out
of order, or past the window)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.text import tokens as tokens_module
from annotator.core.text.tokens import Tokenizer, align_bounds

SEEDS = Path(__file__).parents[2] / "seeds"


def one_by_one(text: str, words: list[str]) -> tuple[list[tuple[int, int]], int]:
    found, unaligned = tokens_module._align_one_by_one(text, words)
    return [(t.start, t.end) for t in found], unaligned


def at_once(text: str, words: list[str]) -> tuple[list[tuple[int, int]], int]:
    starts, ends, unaligned = align_bounds(text, words)
    return list(zip(starts.tolist(), ends.tolist(), strict=True)), unaligned


def test_hazm_words_of_the_persian_seeds_land_where_they_did() -> None:
    tokenizer = Tokenizer()
    tokenizer.load()
    assert tokenizer._hazm is not None
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("00[01]_*.txt"))]
    assert texts
    for text in texts:
        words = tokenizer._hazm.tokenize(text)
        assert at_once(text, words) == one_by_one(text, words)


ALPHABET = "سلامبهایران\u200c_ \t\n\u00a0\u202f\u2028\u3000\x1c.،"


@st.composite
def text_and_words(draw: st.DrawFn) -> tuple[str, list[str]]:
    text = draw(st.text(alphabet=ALPHABET, max_size=80))
    if draw(st.booleans()):  # a long blank: the next word is past the window
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + " " * draw(st.integers(150, 260)) + text[cut:]
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):  # join some neighbours with "_", as hazm joins a verb's parts
        if i + 1 < len(words) and draw(st.integers(0, 3)) == 0:
            out.append(words[i] + "_" + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    for _ in range(draw(st.integers(0, 2))):  # a word hazm made up, or lost, or moved
        action = draw(st.sampled_from(["insert", "drop", "swap", "empty", "underscore"]))
        k = draw(st.integers(0, len(out)))
        if action == "insert":
            out.insert(k, draw(st.sampled_from(["سلام", "x", "_", "ب_", "__a"])))
        elif action == "drop" and out:
            del out[min(k, len(out) - 1)]
        elif action == "swap" and len(out) > 1:
            k = min(k, len(out) - 2)
            out[k], out[k + 1] = out[k + 1], out[k]
        elif action == "empty":
            out.insert(k, "")
        elif action == "underscore":
            out.insert(k, "_")
    return text, out


@settings(max_examples=400, deadline=None)
@given(case=text_and_words())
def test_found_at_once_where_found_one_by_one(case: tuple[str, list[str]]) -> None:
    text, words = case
    assert at_once(text, words) == one_by_one(text, words)
