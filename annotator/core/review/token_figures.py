"""Token-level figures: each annotator's label per token, their pair tables, Fleiss' kappa
and Krippendorff's alpha from those tables.

One byte per token and annotator, and per pair one bincount of (coders, a's label, b's
label): Cohen's kappa, Fleiss' kappa and alpha all come from the same small tables, so the
corpus is labelled once however many figures are asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from math import lcm

import numpy as np

from annotator.core.review.coefficients import alpha_of_coincidence, fleiss_of_pairs
from annotator.core.review.model import AgreementInput
from annotator.core.review.spans import CorpusSpans, prepare
from annotator.core.review.tokens import TokenBounds, token_bounds
from annotator.core.review.unitizing import expand

OUTSIDE = "O"  # the token label of text no span covers
MISSING = 255  # token code for a document the annotator did not do


def label_rank(labels: Sequence[str]) -> np.ndarray:
    """Each label code's place in name order: the tie-break when spans of two labels of the
    same length and start cover one token."""
    return np.argsort(np.argsort(np.array(labels, dtype=object), kind="stable"))


def token_codes(
    spans: CorpusSpans, worked_tokens: np.ndarray, tokens: TokenBounds, label_rank: np.ndarray
) -> np.ndarray:
    """One byte per token: 0 "O", 1 + label code, or MISSING on documents not done.

    A span labels every token it shares a character with. When spans of different labels
    touch one token, the longest span wins (the annotator's main reading of the passage; a
    short one inside it is usually a slip), then the earlier start, then the label sorting
    first.
    """
    out = np.where(worked_tokens, 0, MISSING).astype(np.uint8)
    if len(spans) == 0:
        return out
    first = np.searchsorted(tokens.end, spans.start, "right")
    stop = np.searchsorted(tokens.start, spans.end, "left")
    rows, toks = expand(first, stop)
    start, length = spans.start[rows], spans.end[rows] - spans.start[rows]
    order = np.lexsort((label_rank[spans.label[rows]], start, -length, toks))
    toks, rows = toks[order], rows[order]
    best = np.ones(len(toks), dtype=bool)
    best[1:] = toks[1:] != toks[:-1]
    out[toks[best]] = spans.label[rows[best]] + 1
    return out


@dataclass(frozen=True)
class TokenTables:
    """Per annotator pair, counts of (m_u, a's code, b's code) over tokens both labelled,
    m_u = how many annotators labelled the token (for alpha's 1 / (m_u - 1) weights)."""

    joint: dict[tuple[int, int], np.ndarray]  # (m + 1) x K x K
    m: int
    k: int


def token_tables(labelled: Sequence[np.ndarray], k: int) -> TokenTables:
    m = len(labelled)
    present = [x != MISSING for x in labelled]
    coders = np.zeros(len(labelled[0]) if labelled else 0, dtype=np.int64)
    for p in present:
        coders += p
    joint = {}
    for i, j in combinations(range(m), 2):
        both = present[i] & present[j]
        key = (coders[both] * k + labelled[i][both]) * k + labelled[j][both]
        joint[i, j] = np.bincount(key, minlength=(m + 1) * k * k).reshape(m + 1, k, k)
    return TokenTables(joint, m, k)


def fleiss_from(tables: TokenTables) -> tuple[float | None, int]:
    """Fleiss' kappa on the tokens every annotator labelled, and how many there are."""
    m, k = tables.m, tables.k
    if m < 2:
        return None, 0
    totals = np.zeros(k, dtype=np.int64)
    agree = 0
    for (i, j), joint in tables.joint.items():
        full = joint[m]
        agree += 2 * int(np.trace(full))
        if i == 0:
            totals += full.sum(0)  # coder j's counts
            if j == 1:
                totals += full.sum(1)  # coder 0's counts, once
    items = int(tables.joint[0, 1][m].sum())
    return fleiss_of_pairs(items, m, agree, totals.tolist()), items


def alpha_from(tables: TokenTables) -> tuple[float | None, int]:
    """Nominal alpha on every token at least two annotators labelled, and that count."""
    m, k = tables.m, tables.k
    if m < 2:
        return None, 0
    scale = lcm(*range(1, m))
    coincidence = np.zeros((k, k), dtype=np.int64)
    pairable = Fraction(0)
    for joint in tables.joint.values():
        for size in range(2, m + 1):
            both_orders = joint[size] + joint[size].T
            coincidence += both_orders * (scale // (size - 1))
            # a token labelled by `size` annotators appears in size(size-1)/2 pairs
            pairable += Fraction(int(joint[size].sum()) * 2, size * (size - 1))
    return alpha_of_coincidence(coincidence, scale), int(pairable)


def token_labels(inp: AgreementInput, annotator: str, doc: int) -> list[str] | None:
    """One annotator's label for each token of one document ("O" outside spans), as the
    token figures see it; None when they did not do the document. For display and tests."""
    prep = prepare(inp)
    if not prep.worked[annotator][doc]:
        return None
    spans = prep.spans[annotator]
    mine = spans.take(spans.doc == doc)
    base = prep.bases[doc]
    local = CorpusSpans(mine.doc * 0, mine.start - base, mine.end - base, mine.label)
    tokens = token_bounds([inp.texts[doc]])
    rank = label_rank(prep.labels)
    codes = token_codes(local, np.ones(len(tokens), dtype=bool), tokens, rank)
    names = [OUTSIDE, *prep.labels]
    return [names[c] for c in codes.tolist()]
