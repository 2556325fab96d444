"""Chance-corrected coefficients on plain data: Cohen's and Fleiss' kappa, nominal alpha.

Exact arithmetic (integer tables, Fractions) so the figures equal scikit-learn's and the
krippendorff package's to the last bit the tests compare; the table builders here take
label codes from anywhere, the token tables of token_figures as well as plain sequences.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from fractions import Fraction
from math import lcm

import numpy as np


def kappa_of_table(joint: np.ndarray) -> float | None:
    """Cohen's kappa from a K x K table of (a's value, b's value) counts; None when there is
    nothing to compare or chance agreement is 1."""
    n = int(joint.sum())
    chance = int(np.dot(joint.sum(1), joint.sum(0)))  # times n * n, exact in int64 for 3e9
    agree = int(np.trace(joint))
    if n == 0 or chance == n * n:
        return None
    return (agree * n - chance) / (n * n - chance)


def _codes(values: Sequence[Hashable | None]) -> tuple[np.ndarray, int]:
    """Integer codes of values (None -> -1) and how many distinct values there are."""
    index: dict[Hashable, int] = {}
    codes = [-1 if v is None else index.setdefault(v, len(index)) for v in values]
    return np.array(codes, dtype=np.int64), len(index)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two label sequences (as sklearn's cohen_kappa_score), None when
    undefined (no items, or both gave every item one and the same label)."""
    if len(a) != len(b):
        raise ValueError("the two sequences must label the same items")
    codes, k = _codes([*a, *b])
    joint = np.bincount(codes[: len(a)] * k + codes[len(a) :], minlength=k * k)
    return kappa_of_table(joint.reshape(k, k))


def fleiss_of_pairs(items: int, n: int, agree_pairs: int, totals: Sequence[int]) -> float | None:
    """Fleiss' kappa from the ordered rater pairs that agree, summed over items.

    P_i = (sum_j n_ij^2 - n) / (n(n-1)) counts the agreeing ordered pairs of raters of item
    i, so mean P needs only the pair total, which the token tables give pair by pair.
    """
    if items == 0 or n < 2:
        return None
    p_bar = Fraction(agree_pairs, items * n * (n - 1))
    p_e = sum((Fraction(t, items * n) ** 2 for t in totals), Fraction(0))
    return None if p_e == 1 else float((p_bar - p_e) / (1 - p_e))


def fleiss_kappa(table: Sequence[Sequence[int]] | np.ndarray) -> float | None:
    """Fleiss' kappa from an items x categories table of how many raters chose each.

    Every item needs the same number n >= 2 of ratings. None with no items or when chance
    agreement is 1 (every rating in one category).
    """
    counts = np.asarray(table, dtype=np.int64)
    if counts.size == 0:
        return None
    per_item = counts.sum(1)
    n = int(per_item[0])
    if n < 2 or np.any(per_item != n):
        raise ValueError("every item needs the same number (>= 2) of ratings")
    agree = int((counts * (counts - 1)).sum())
    return fleiss_of_pairs(len(counts), n, agree, counts.sum(0).tolist())


def alpha_of_coincidence(coincidence: np.ndarray, scale: int) -> float | None:
    """Nominal alpha from the coincidence matrix o_ck times `scale` (an integer matrix).

    alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k (Krippendorff 2011,
    "Computing Krippendorff's Alpha-Reliability"); None when fewer than two values were
    paired or only one value occurs.
    """
    marginal = [Fraction(int(v), scale) for v in coincidence.sum(1)]
    n = sum(marginal, Fraction(0))
    observed = Fraction(int(coincidence.sum() - np.trace(coincidence)), scale)
    expected = n * n - sum((x * x for x in marginal), Fraction(0))
    if n <= 1 or expected == 0:
        return None
    return float(1 - (n - 1) * observed / expected)


def krippendorff_alpha(data: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Nominal alpha of coders x units data; None marks a unit a coder did not code
    (as krippendorff.alpha(data, level_of_measurement="nominal"))."""
    rows = [list(r) for r in data]
    if not rows or not rows[0]:
        return None
    units = len(rows[0])
    codes, k = _codes([v for r in rows for v in r])
    codes = codes.reshape(len(rows), units)
    unit = np.broadcast_to(np.arange(units), codes.shape)
    seen = codes >= 0
    counts = np.bincount(unit[seen] * k + codes[seen], minlength=units * k).reshape(units, k)
    pairable = counts.sum(1)
    sizes = sorted(set(pairable[pairable >= 2].tolist()))
    scale = lcm(*(s - 1 for s in sizes)) if sizes else 1
    coincidence = np.zeros((k, k), dtype=np.int64)
    for size in sizes:
        c = counts[pairable == size]
        coincidence += (c.T @ c - np.diag(c.sum(0))) * (scale // (size - 1))
    return alpha_of_coincidence(coincidence, scale)
