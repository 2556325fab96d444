"""Krippendorff's unitizing alpha (alpha_U) per label on the characters of the documents.

Source: K. Krippendorff, "Measuring the reliability of qualitative text analysis data",
Quality & Quantity 38 (2004) 787-800, as DKPro Agreement's
KrippendorffAlphaUnitizingAgreement implements it (INCEpTION reports that one).

For one label c, m coders and a continuum of L characters, each coder's units (spans of c)
and the gaps between them cut the continuum into segments g with begin b, length l and
w = 1 for a unit, 0 for a gap. For segments g of coder i and h of coder j:

    d(g, h) = (b_g - b_h)^2 + (b_g + l_g - b_h - l_h)^2   both units and they overlap
            = l_g^2                                       unit g lies inside gap h
            = l_h^2                                       unit h lies inside gap g
            = 0                                           otherwise

    D_o = sum_i sum_{j != i} sum_g sum_h d(g, h) / (m (m - 1) L^2)

    D_e = (2 / L) * sum over units u of [ (N - 1) / 3 * (2 l_u^3 - 3 l_u^2 + l_u)
                                          + l_u^2 * sum over gaps h with l_h >= l_u
                                                    of (l_h - l_u + 1) ]
          / (m L (m L - 1) - sum over units u of l_u (l_u - 1))

with N the number of units of c over all coders and the gaps those of every coder. Then
alpha_c = 1 - D_o / D_e, and over all labels alpha = 1 - sum_c D_o / sum_c D_e.

Our choices, where the sources have a single continuum and non-overlapping units:
- Documents are laid end to end (L is their total length), but no unit and no gap crosses
  a document boundary: each document's first and last gaps stop at its edges.
- One coder's overlapping units of one label are merged into one (the formula assumes a
  coder's units of a label never overlap); touching units stay apart.
- A unit overlapping no unit of the other coder lies inside one of its gaps, so D_o is
  computed from units alone, with array operations over every label at once.
alpha_c is None (not defined) with fewer than two coders, when nobody used the label, or
when D_e is 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

import numpy as np

from annotator.core.review.model import SpanColumns


def expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) for every column in [lo[row], hi[row]): ranges without a Python loop."""
    counts = np.maximum(hi - lo, 0)
    rows = np.repeat(np.arange(len(lo), dtype=np.int64), counts)
    offsets = np.arange(len(rows), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return rows, lo[rows] + offsets


def overlapping_pairs(
    a_start: np.ndarray, a_end: np.ndarray, b_start: np.ndarray, b_end: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every (i, j) with a[i] and b[j] sharing a position (non-empty intervals, any order).

    Two intervals overlap iff b starts within a, or a starts strictly within b: two range
    queries on sorted starts, so the work is linear in the pairs found, even for nested or
    very long spans.
    """
    order_a = np.argsort(a_start, kind="stable")
    order_b = np.argsort(b_start, kind="stable")
    sorted_a, sorted_b = a_start[order_a], b_start[order_b]
    rows, cols = expand(
        np.searchsorted(sorted_b, a_start, "left"), np.searchsorted(sorted_b, a_end, "left")
    )
    rows2, cols2 = expand(
        np.searchsorted(sorted_a, b_start, "right"), np.searchsorted(sorted_a, b_end, "left")
    )
    return np.concatenate([rows, order_a[cols2]]), np.concatenate([order_b[cols], rows2])


@dataclass(frozen=True)
class Units:
    """One coder's units, overlapping ones of a label merged, sorted by (label, start).

    start/end are positions in the laid-end-to-end documents.
    """

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray


def merge_units(doc: np.ndarray, start: np.ndarray, end: np.ndarray, label: np.ndarray) -> Units:
    """Merge one coder's overlapping spans of a label (global positions); touching stay apart."""
    if len(start) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Units(empty, empty, empty, empty)
    order = np.lexsort((end, start, label))
    doc, start, end, label = doc[order], start[order], end[order], label[order]
    new = np.ones(len(start), dtype=bool)
    new[1:] = (start[1:] >= np.maximum.accumulate(end)[:-1]) | (label[1:] != label[:-1])
    heads = np.flatnonzero(new)
    block_end = end if len(heads) == len(end) else np.maximum.reduceat(end, heads)
    return Units(
        doc[heads].astype(np.int64), start[heads], block_end, label[heads].astype(np.int64)
    )


@dataclass(frozen=True)
class UnitizingAlpha:
    """alpha_U per label code and over all labels, with D_o and D_e behind each figure."""

    per_label: list[float | None]
    observed: list[float | None]
    expected: list[float | None]
    overall: float | None
    reasons: list[str | None]  # per label code: why its figure is None (None when defined)
    overall_reason: str | None = None


def _sum_squares(values: np.ndarray) -> int:
    """Exact sum of squares of int64 values (Python ints when int64 could overflow)."""
    if len(values) == 0:
        return 0
    peak = int(np.abs(values).max())
    if peak * peak * len(values) < 2**62:
        return int(np.dot(values, values))
    return sum(v * v for v in values.tolist())


def _expected(units: np.ndarray, gaps: np.ndarray, m: int, total: int) -> Fraction:
    """D_e of one label from its unit and gap lengths; 0 when there is nothing to expect."""
    n_units = len(units)
    if n_units == 0 or m < 2 or total == 0:
        return Fraction(0)
    lengths, times = np.unique(units, return_counts=True)
    gaps = np.sort(gaps)
    count_ge = np.zeros(len(gaps) + 1, dtype=np.int64)  # gaps from index k on: how many, sum
    sum_ge = np.zeros(len(gaps) + 1, dtype=np.int64)
    count_ge[:-1] = np.arange(len(gaps), 0, -1)
    sum_ge[:-1] = np.cumsum(gaps[::-1])[::-1]
    first = np.searchsorted(gaps, lengths, "left")  # gaps long enough to hold the unit
    placements = (sum_ge[first] - (lengths - 1) * count_ge[first]).tolist()
    numerator = 0
    squares = 0
    for length, k, place in zip(lengths.tolist(), times.tolist(), placements, strict=True):
        # 2l^3 - 3l^2 + l = l(l-1)(2l-1) is 6 times a sum of squares: divisible by 3
        within = (n_units - 1) * (length * (length - 1) * (2 * length - 1) // 3)
        numerator += k * (within + length * length * place)
        squares += k * length * (length - 1)
    denominator = m * total * (m * total - 1) - squares
    if denominator <= 0:
        return Fraction(0)
    return Fraction(2 * numerator, total * denominator)


def unitizing_alpha(
    coders: Sequence[SpanColumns],
    lengths: np.ndarray,
    n_labels: int,
    label_names: Sequence[str] | None = None,
) -> UnitizingAlpha:
    """alpha_U of coders who each unitized every document of `lengths` (doc code -> length).

    Spans on documents of length 0 or past the end of `lengths` must have been left out by
    the caller; spans with labels >= n_labels are ignored.
    """
    names = list(label_names) if label_names is not None else [str(c) for c in range(n_labels)]
    m = len(coders)
    lengths = np.asarray(lengths, dtype=np.int64)
    bases = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=bases[1:])
    total = int(bases[-1])
    units: list[Units] = []
    for cols in coders:
        keep = cols.label.astype(np.int64) < n_labels
        doc = cols.doc[keep].astype(np.int64)
        start = cols.start[keep] + bases[doc]
        end = cols.end[keep] + bases[doc]
        if np.any(end <= start) or np.any(end > bases[doc + 1]):
            raise ValueError("a span covers no character or ends past its document")
        label = cols.label[keep].astype(np.int64)
        # shift each label into its own stretch so one sort and one running max serve all
        shift = label * total
        units.append(_unshift(merge_units(doc, start + shift, end + shift, label), total))
    unit_lengths: list[list[np.ndarray]] = [[] for _ in range(n_labels)]
    gap_lengths: list[list[np.ndarray]] = [[] for _ in range(n_labels)]
    for u in units:
        for c, (ul, gl) in enumerate(_segments(u, bases, n_labels)):
            unit_lengths[c].append(ul)
            gap_lengths[c].append(gl)
    pair_sum = [0] * n_labels
    for u, v in combinations(units, 2):
        for c, s in enumerate(_pair_disagreement(u, v, total, n_labels)):
            pair_sum[c] += s
    per_label: list[float | None] = []
    observed: list[float | None] = []
    expected: list[float | None] = []
    reasons: list[str | None] = []
    sum_o, sum_e = Fraction(0), Fraction(0)
    for c in range(n_labels):
        ul = np.concatenate(unit_lengths[c]) if unit_lengths[c] else np.zeros(0, np.int64)
        gl = np.concatenate(gap_lengths[c]) if gap_lengths[c] else np.zeros(0, np.int64)
        d_e = _expected(ul, gl, m, total)
        if m < 2:
            reason = "alpha_U needs at least two annotators who did the same documents"
        elif total == 0:
            reason = "no document every annotator did has any text"
        elif len(ul) == 0:
            reason = f"nobody marked {names[c]!r} on the documents every annotator did"
        elif d_e == 0:
            reason = f"no disagreement on {names[c]!r} is expected by chance (D_e = 0)"
        else:
            reason = ""
        reasons.append(reason or None)
        if reason:
            per_label.append(None)
            observed.append(None)
            expected.append(None)
            continue
        d_o = Fraction(2 * pair_sum[c], m * (m - 1) * total * total)
        sum_o += d_o
        sum_e += d_e
        per_label.append(float(1 - d_o / d_e))
        observed.append(float(d_o))
        expected.append(float(d_e))
    overall, overall_reason = None, None
    if sum_e:
        overall = float(1 - sum_o / sum_e)
    else:
        overall_reason = (
            "alpha_U needs at least two annotators who did the same documents"
            if m < 2
            else "no label has a defined alpha_U on the documents every annotator did"
        )
    return UnitizingAlpha(per_label, observed, expected, overall, reasons, overall_reason)


def _unshift(u: Units, total: int) -> Units:
    return Units(u.doc, u.start - u.label * total, u.end - u.label * total, u.label)


def _segments(u: Units, bases: np.ndarray, n_labels: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(unit lengths, gap lengths) of one coder per label; gaps of length 0 are none."""
    n_docs = len(bases) - 1
    lengths = np.diff(bases)
    out = []
    if len(u.start):
        key = u.label * n_docs + u.doc
        first = np.ones(len(key), dtype=bool)
        first[1:] = key[1:] != key[:-1]
        last = np.ones(len(key), dtype=bool)
        last[:-1] = first[1:]
        prev_end = np.empty_like(u.end)
        prev_end[1:] = u.end[:-1]
        prev_end[first] = bases[u.doc[first]]
        before = u.start - prev_end
        after = (bases[u.doc + 1] - u.end)[last]
        after_label = u.label[last]
        has = np.zeros((n_labels, n_docs), dtype=bool)
        has[u.label, u.doc] = True
    for c in range(n_labels):
        if not len(u.start):
            out.append((np.zeros(0, np.int64), lengths[lengths > 0]))
            continue
        mine = u.label == c
        gaps = np.concatenate([before[mine], after[after_label == c], lengths[~has[c]]])
        out.append(((u.end - u.start)[mine], gaps[gaps > 0]))
    return out


def _pair_disagreement(u: Units, v: Units, total: int, n_labels: int) -> list[int]:
    """Sum of d over two coders' segments (one order) per label, from their units."""
    i, j = overlapping_pairs(
        u.start + u.label * total, u.end + u.label * total,
        v.start + v.label * total, v.end + v.label * total,
    )  # fmt: skip
    d_start = u.start[i] - v.start[j]
    d_end = u.end[i] - v.end[j]
    lone_u = np.bincount(i, minlength=len(u.start)) == 0  # inside a gap of the other coder
    lone_v = np.bincount(j, minlength=len(v.start)) == 0
    out = []
    for c in range(n_labels):
        pair = u.label[i] == c
        out.append(
            _sum_squares(d_start[pair])
            + _sum_squares(d_end[pair])
            + _sum_squares((u.end - u.start)[lone_u & (u.label == c)])
            + _sum_squares((v.end - v.start)[lone_v & (v.label == c)])
        )
    return out


def alpha_unitizing(
    coders: Sequence[Iterable[tuple[int, int, int, int]]],
    lengths: Sequence[int],
    n_labels: int | None = None,
) -> UnitizingAlpha:
    """alpha_U on plain data: each coder's (doc, start, end, label) spans, document lengths.

    Every coder is taken to have unitized every document; labels are codes 0 .. n_labels-1
    (default: one more than the largest used).
    """
    columns = [SpanColumns.from_rows(rows) for rows in coders]
    if n_labels is None:
        n_labels = max((int(c.label.max()) + 1 for c in columns if len(c)), default=0)
    return unitizing_alpha(columns, np.asarray(lengths, dtype=np.int64), n_labels)
