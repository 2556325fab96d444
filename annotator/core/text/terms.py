"""One pattern for many terms, each matched only as whole words: what the suggestions'
rules search a document for (registry aliases, texts tagged elsewhere), what the model's
gazetteer features mark, and what its evaluation must leave to the rules."""

from __future__ import annotations

from collections.abc import Iterable

import regex

# The longest tagged texts and aliases the suggestions' rules search in one pattern; the
# model's evaluation leaves to the repeat rule what it would find, so it takes as many.
MAX_TERMS = 5000


def whole_words(terms: Iterable[str], limit: int = MAX_TERMS) -> regex.Pattern[str] | None:
    """The `limit` longest distinct non-blank terms, longest first (so that «فلاديمير بوتين»
    wins over «بوتين» where both match), with no letter, mark or digit on either side;
    None when there are none.

    Terms of one length go in the order of their text, not of a set: which of them the
    limit cuts off would otherwise change with string hashing from process to process
    (a model trained in one would mark other gazetteer names in the next)."""
    kept = sorted({t for t in terms if t.strip()}, key=lambda t: (-len(t), t))[:limit]
    if not kept:
        return None
    alternatives = "|".join(regex.escape(t) for t in kept)
    return regex.compile(
        rf"(?<![\p{{L}}\p{{M}}\p{{N}}])(?:{alternatives})(?![\p{{L}}\p{{M}}\p{{N}}])"
    )
