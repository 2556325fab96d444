"""Which spans of two annotators correspond: exact matches, then one-to-one overlap pairs.

Matching is a multiset sort for exact pairs and an interval join for overlaps; only spans in
crowded overlaps reach a Python loop (greedy), so a corpus of 10^6 spans matches in arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from annotator.core.review.model import Mode
from annotator.core.review.spans import CorpusSpans
from annotator.core.review.unitizing import overlapping_pairs


def exact_matches(a: CorpusSpans, b: CorpusSpans) -> tuple[np.ndarray, np.ndarray]:
    """Which spans of a and of b are matched exactly, as multisets: within a group of
    identical spans the first min(count_a, count_b) copies of each side match."""
    n_a = len(a)
    start = np.concatenate([a.start, b.start])
    end = np.concatenate([a.end, b.end])
    label = np.concatenate([a.label, b.label])
    side = np.concatenate([np.zeros(n_a, np.int8), np.ones(len(b), np.int8)])
    order = np.lexsort((side, label, end, start))
    start, end, label, side = start[order], end[order], label[order], side[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (start[1:] != start[:-1]) | (end[1:] != end[:-1]) | (label[1:] != label[:-1])
    group = np.cumsum(new) - 1
    size = int(group[-1]) + 1 if len(group) else 0
    in_a = np.bincount(group[side == 0], minlength=size)
    in_b = np.bincount(group[side == 1], minlength=size)
    block = new.copy()
    block[1:] |= side[1:] != side[:-1]
    heads = np.flatnonzero(block)
    rank = np.arange(len(order)) - heads[np.cumsum(block) - 1]
    matched = np.zeros(len(order), dtype=bool)
    matched[order] = rank < np.minimum(in_a, in_b)[group]
    return matched[:n_a], matched[n_a:]


def greedy(ia: np.ndarray, ib: np.ndarray, keys: Sequence[np.ndarray]) -> np.ndarray:
    """Mask of candidate pairs kept by greedy one-to-one matching, best first by keys (for
    np.lexsort: last key first). A pair whose spans are in no other pair is kept at once;
    only the crowded rest goes through the Python loop."""
    if len(ia) == 0:
        return np.zeros(0, dtype=bool)
    alone = (np.bincount(ia)[ia] == 1) & (np.bincount(ib)[ib] == 1)
    keep = alone.copy()
    rest = np.flatnonzero(~alone)
    if len(rest):
        order = rest[np.lexsort([k[rest] for k in keys])]
        used_a: set[int] = set()
        used_b: set[int] = set()
        for p, x, y in zip(order.tolist(), ia[order].tolist(), ib[order].tolist(), strict=True):
            if x not in used_a and y not in used_b:
                used_a.add(x)
                used_b.add(y)
                keep[p] = True
    return keep


@dataclass(frozen=True)
class Matching:
    """b against a: exact matches (masks) and overlap pairs made among the rest."""

    exact_a: np.ndarray
    exact_b: np.ndarray
    pair_a: np.ndarray  # overlap pairs, indices into a and b
    pair_b: np.ndarray

    def matched(self, mode: Mode) -> tuple[np.ndarray, np.ndarray]:
        ma, mb = self.exact_a.copy(), self.exact_b.copy()
        if mode == "overlap":
            ma[self.pair_a] = True
            mb[self.pair_b] = True
        return ma, mb


def match(a: CorpusSpans, b: CorpusSpans, total: int) -> Matching:
    """Exact pairs first, then overlap pairs of the same label among the rest, one-to-one,
    most shared characters first (then smaller union, then earlier spans)."""
    ea, eb = exact_matches(a, b)
    ra, rb = np.flatnonzero(~ea), np.flatnonzero(~eb)
    shift = total + 1  # each label in its own stretch: same-label overlaps only
    ia, ib = overlapping_pairs(
        a.start[ra] + a.label[ra] * shift,
        a.end[ra] + a.label[ra] * shift,
        b.start[rb] + b.label[rb] * shift,
        b.end[rb] + b.label[rb] * shift,
    )
    ia, ib = ra[ia], rb[ib]
    shared = np.minimum(a.end[ia], b.end[ib]) - np.maximum(a.start[ia], b.start[ib])
    union = np.maximum(a.end[ia], b.end[ib]) - np.minimum(a.start[ia], b.start[ib])
    keep = greedy(ia, ib, [ib, ia, union, -shared])
    return Matching(ea, eb, ia[keep], ib[keep])


def partners(
    x: CorpusSpans, y: CorpusSpans, ix: np.ndarray, iy: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Overlapping pairs of x[ix] and y[iy] (indices into x and y) with their sort keys for
    choosing a partner: same edges, then same label, then most shared, smaller union."""
    px, py = overlapping_pairs(x.start[ix], x.end[ix], y.start[iy], y.end[iy])
    px, py = ix[px], iy[py]
    same_edges = (x.start[px] == y.start[py]) & (x.end[px] == y.end[py])
    same_label = x.label[px] == y.label[py]
    shared = np.minimum(x.end[px], y.end[py]) - np.maximum(x.start[px], y.start[py])
    union = np.maximum(x.end[px], y.end[py]) - np.minimum(x.start[px], y.start[py])
    return px, py, [py, px, union, -shared, ~same_label, ~same_edges]
