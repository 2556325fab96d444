"""Inter-annotator agreement on spans and tokens: F1, Cohen's and Fleiss' kappa, alpha.

Everything runs on arrays: spans are placed in one coordinate system (the documents laid
end to end, see tokens.TokenBounds), so matching, token labels and contingency tables are
sorts, searchsorted and bincount over whole corpora instead of loops per span or token.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from math import lcm
from typing import Any

import numpy as np

from annotator.core.errors import Cancelled
from annotator.core.review.model import AgreementInput, Disagreement, Mode, SpanColumns
from annotator.core.review.tokens import TokenBounds, doc_bases, token_bounds
from annotator.core.review.unitizing import expand, overlapping_pairs, unitizing_alpha

OUTSIDE = "O"  # the token label of text no span covers
_MISSING = 255  # token code for a document the annotator did not do


def _ratio(num: int, den: int) -> float | None:
    # A ratio over nothing is undefined, not 0 or 1: the caller shows "not defined".
    return num / den if den else None


# -- chance-corrected coefficients on plain data --------------------------------------------


def _kappa(joint: np.ndarray) -> float | None:
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
    return _kappa(joint.reshape(k, k))


def _fleiss(items: int, n: int, agree_pairs: int, totals: Sequence[int]) -> float | None:
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
    return _fleiss(len(counts), n, agree, counts.sum(0).tolist())


def _alpha(coincidence: np.ndarray, scale: int) -> float | None:
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
    return _alpha(coincidence, scale)


# -- spans in corpus positions --------------------------------------------------------------


@dataclass(frozen=True)
class _Spans:
    """One annotator's spans on the documents they did, in corpus positions (documents laid
    end to end), sorted by (start, end, label): index order is document and text order."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray

    def __len__(self) -> int:
        return len(self.start)

    def take(self, which: np.ndarray) -> _Spans:
        return _Spans(self.doc[which], self.start[which], self.end[which], self.label[which])


def _spans(cols: SpanColumns | None, worked: np.ndarray, bases: np.ndarray, k: int) -> _Spans:
    if cols is None or len(cols) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return _Spans(empty, empty, empty, empty)
    doc = cols.doc.astype(np.int64)
    label = cols.label.astype(np.int64)
    if np.any((doc < 0) | (doc >= len(worked)) | (label < 0) | (label >= k)):
        raise ValueError("a span names a document or label that is not in the input")
    start = cols.start.astype(np.int64) + bases[doc]
    end = cols.end.astype(np.int64) + bases[doc]
    if np.any((start < bases[doc]) | (end <= start) | (end > bases[doc + 1])):
        raise ValueError("a span covers no character or lies outside its document's text")
    keep = worked[doc]
    order = np.lexsort((label[keep], end[keep], start[keep]))
    return _Spans(doc[keep][order], start[keep][order], end[keep][order], label[keep][order])


def _exact(a: _Spans, b: _Spans) -> tuple[np.ndarray, np.ndarray]:
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


def _greedy(ia: np.ndarray, ib: np.ndarray, keys: Sequence[np.ndarray]) -> np.ndarray:
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
class _Matching:
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


def _match(a: _Spans, b: _Spans, total: int) -> _Matching:
    """Exact pairs first, then overlap pairs of the same label among the rest, one-to-one,
    most shared characters first (then smaller union, then earlier spans)."""
    ea, eb = _exact(a, b)
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
    keep = _greedy(ia, ib, [ib, ia, union, -shared])
    return _Matching(ea, eb, ia[keep], ib[keep])


def _counts_json(tp: int, fp: int, fn: int) -> dict[str, Any]:
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
    }


def _agreement_json(
    tp: np.ndarray, na: np.ndarray, nb: np.ndarray, labels: Sequence[str]
) -> dict[str, Any]:
    """F1 of b against a (fp only in b, fn only in a): micro (counts summed) and per label.

    F1 is None with no span on either side, 0.0 when only one side has spans.
    """
    by_label = {
        name: _counts_json(int(tp[c]), int(nb[c] - tp[c]), int(na[c] - tp[c]))
        for c, name in enumerate(labels)
    }
    micro = _counts_json(int(tp.sum()), int((nb - tp).sum()), int((na - tp).sum()))
    return {
        "micro": micro.pop("f1"),
        "per_label": {name: c["f1"] for name, c in by_label.items()},
        **micro,
        "by_label": by_label,
    }


# -- token labels ---------------------------------------------------------------------------


def _token_labels(
    spans: _Spans, worked_tokens: np.ndarray, tokens: TokenBounds, label_rank: np.ndarray
) -> np.ndarray:
    """One byte per token: 0 "O", 1 + label code, or _MISSING on documents not done.

    A span labels every token it shares a character with. When spans of different labels
    touch one token, the longest span wins (the annotator's main reading of the passage; a
    short one inside it is usually a slip), then the earlier start, then the label sorting
    first.
    """
    out = np.where(worked_tokens, 0, _MISSING).astype(np.uint8)
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
class _TokenTables:
    """Per annotator pair, counts of (m_u, a's code, b's code) over tokens both labelled,
    m_u = how many annotators labelled the token (for alpha's 1 / (m_u - 1) weights)."""

    joint: dict[tuple[int, int], np.ndarray]  # (m + 1) x K x K
    m: int
    k: int


def _token_tables(labelled: Sequence[np.ndarray], k: int) -> _TokenTables:
    m = len(labelled)
    present = [x != _MISSING for x in labelled]
    coders = np.zeros(len(labelled[0]) if labelled else 0, dtype=np.int64)
    for p in present:
        coders += p
    joint = {}
    for i, j in combinations(range(m), 2):
        both = present[i] & present[j]
        key = (coders[both] * k + labelled[i][both]) * k + labelled[j][both]
        joint[i, j] = np.bincount(key, minlength=(m + 1) * k * k).reshape(m + 1, k, k)
    return _TokenTables(joint, m, k)


def _fleiss_from(tables: _TokenTables) -> tuple[float | None, int]:
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
    return _fleiss(items, m, agree, totals.tolist()), items


def _alpha_from(tables: _TokenTables) -> tuple[float | None, int]:
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
    return _alpha(coincidence, scale), int(pairable)


# -- the report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Prepared:
    names: list[str]
    labels: list[str]
    bases: np.ndarray
    total: int
    worked: dict[str, np.ndarray]
    spans: dict[str, _Spans]


def _prepare(inp: AgreementInput) -> _Prepared:
    names = list(inp.annotators)
    labels = list(inp.labels)
    n_docs = len(inp.documents)
    if len(inp.texts) != n_docs:
        raise ValueError("documents and texts differ in length")
    bases = doc_bases(inp.texts)
    worked = {}
    for a in names:
        w = inp.worked.get(a)
        worked[a] = np.zeros(n_docs, bool) if w is None else np.asarray(w, dtype=bool)
    spans = {a: _spans(inp.spans.get(a), worked[a], bases, len(labels)) for a in names}
    return _Prepared(names, labels, bases, int(bases[-1]), worked, spans)


class _Stages:
    """progress(done, total) after each stage, cancelled() checked before each."""

    def __init__(
        self,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.total, self.done = total, 0
        self.progress, self.cancelled = progress, cancelled

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled("agreement cancelled")

    def step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)
        self.check()


def agreement_report(
    inp: AgreementInput,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    """Every agreement figure for the CLI, the GUI and the review queue, as plain JSON.

    Pair figures use the documents both annotators did; Fleiss' kappa and alpha_U the
    documents every annotator did; Krippendorff's alpha every token two annotators
    labelled. Undefined figures are None, with a reason under "undefined".
    """
    n_pairs = len(inp.annotators) * (len(inp.annotators) - 1) // 2
    stages = _Stages(4 + n_pairs, progress, cancelled)
    stages.check()
    prep = _prepare(inp)
    names, labels, k = prep.names, prep.labels, len(prep.labels)
    if k + 1 >= _MISSING:
        raise ValueError(f"token agreement handles up to {_MISSING - 2} labels")
    n_docs = len(inp.documents)
    undefined: dict[str, str] = {}

    tokens = token_bounds(inp.texts)
    stages.step()

    tok_doc = tokens.doc_of_tokens()
    label_rank = np.argsort(np.argsort(np.array(labels, dtype=object), kind="stable"))
    labelled = [
        _token_labels(prep.spans[a], prep.worked[a][tok_doc], tokens, label_rank) for a in names
    ]
    tables = _token_tables(labelled, k + 1)
    del labelled
    fleiss, fleiss_tokens = _fleiss_from(tables)
    alpha, alpha_tokens = _alpha_from(tables)
    if fleiss is None:
        undefined["fleiss_kappa"] = (
            "Fleiss' kappa needs at least two annotators"
            if len(names) < 2
            else "no tokens on documents every annotator did"
            if fleiss_tokens == 0
            else "chance agreement is 1: every token got one and the same label"
        )
    if alpha is None:
        undefined["krippendorff_alpha"] = (
            "Krippendorff's alpha needs at least two annotators"
            if len(names) < 2
            else "no token was labelled by two annotators"
            if alpha_tokens == 0
            else "only one label (counting O) occurs on the tokens two annotators labelled"
        )
    stages.step()

    pairs = []
    f1_sum = np.zeros(n_docs)
    pair_count = np.zeros(n_docs, dtype=np.int64)
    for (i, a), (j, b) in combinations(enumerate(names), 2):
        both = prep.worked[a] & prep.worked[b]
        sa = prep.spans[a].take(both[prep.spans[a].doc])
        sb = prep.spans[b].take(both[prep.spans[b].doc])
        match = _match(sa, sb, prep.total)
        na = np.bincount(sa.label, minlength=k)
        nb = np.bincount(sb.label, minlength=k)
        tp_exact = np.bincount(sa.label[match.exact_a], minlength=k)
        tp_overlap = tp_exact + np.bincount(sa.label[match.pair_a], minlength=k)
        tp_doc = np.bincount(sa.doc[match.exact_a], minlength=n_docs) + np.bincount(
            sa.doc[match.pair_a], minlength=n_docs
        )
        spans_doc = np.bincount(sa.doc, minlength=n_docs) + np.bincount(sb.doc, minlength=n_docs)
        f1_doc = np.divide(2 * tp_doc, spans_doc, out=np.ones(n_docs), where=spans_doc > 0)
        f1_sum[both] += f1_doc[both]
        pair_count[both] += 1
        joint = tables.joint[i, j].sum(0)
        kappa = _kappa(joint)
        pair = {
            "a": a,
            "b": b,
            "documents": int(both.sum()),
            "tokens": int(joint.sum()),
            "f1_exact": _agreement_json(tp_exact, na, nb, labels),
            "f1_overlap": _agreement_json(tp_overlap, na, nb, labels),
            "cohen_kappa": kappa,
        }
        _pair_reasons(undefined, pair, int(joint.sum()))
        pairs.append(pair)
        stages.step()

    every = np.ones(n_docs, dtype=bool)
    for a in names:
        every &= prep.worked[a]
    lengths = np.diff(prep.bases)
    full_code = np.cumsum(every) - 1  # a document's code among those every annotator did
    coders = []
    for a in names:
        s = prep.spans[a].take(every[prep.spans[a].doc])
        local = prep.bases[s.doc]
        coders.append(SpanColumns(full_code[s.doc], s.start - local, s.end - local, s.label))
    unitizing = unitizing_alpha(coders, lengths[every], k, labels)
    for key, reason in unitizing.reasons.items():
        where = "overall" if key == "overall" else f"per_label.{labels[int(key)]}"
        undefined[f"alpha_unitizing.{where}"] = reason
    stages.step()

    ranking = _ranking(inp.documents, f1_sum, pair_count)
    stages.step()
    return {
        "annotators": names,
        "labels": labels,
        "documents": n_docs,
        "tokens": len(tokens),
        "pairs": pairs,
        "fleiss_kappa": fleiss,
        "fleiss_tokens": fleiss_tokens,
        "krippendorff_alpha": alpha,
        "alpha_tokens": alpha_tokens,
        "alpha_unitizing": {
            "overall": unitizing.overall,
            "per_label": dict(zip(labels, unitizing.per_label, strict=True)),
            "observed": dict(zip(labels, unitizing.observed, strict=True)),
            "expected": dict(zip(labels, unitizing.expected, strict=True)),
            "documents": int(every.sum()) if names else 0,
        },
        "documents_by_disagreement": ranking,
        "undefined": undefined,
    }


def _pair_reasons(undefined: dict[str, str], pair: dict[str, Any], tokens: int) -> None:
    """Why each None figure of a pair is None, under "a/b.figure" keys."""
    where = f"{pair['a']}/{pair['b']}"
    if pair["documents"] == 0:
        nothing = "the two annotators did no document in common"
    else:
        nothing = "neither annotator marked a span on the documents both did"
    for mode in ("f1_exact", "f1_overlap"):
        figures = pair[mode]
        if figures["micro"] is None:
            undefined[f"{where}.{mode}.micro"] = nothing
        for name, f1 in figures["per_label"].items():
            if f1 is None:
                undefined[f"{where}.{mode}.per_label.{name}"] = (
                    f"neither annotator marked {name!r} on the documents both did"
                )
    if pair["cohen_kappa"] is None:
        undefined[f"{where}.cohen_kappa"] = (
            "no tokens on the documents both did"
            if tokens == 0
            else "chance agreement is 1: both gave every token one and the same label"
        )


def _ranking(
    documents: Sequence[str], f1_sum: np.ndarray, pair_count: np.ndarray
) -> list[dict[str, Any]]:
    """Documents, worst first: disagreement = 1 - mean over the pairs that both did it of
    its overlap F1, pooled over labels (both empty = full agreement). Documents fewer than
    two annotators did come last, with None: nothing to compare there."""
    compared = np.flatnonzero(pair_count > 0)
    score = 1 - f1_sum[compared] / pair_count[compared]
    order = compared[np.lexsort((compared, -score))]
    score_of = np.zeros(len(documents))
    score_of[compared] = score
    rows = [
        {"doc": documents[d], "index": d, "disagreement": s, "pairs": p}
        for d, s, p in zip(
            order.tolist(), score_of[order].tolist(), pair_count[order].tolist(), strict=True
        )
    ]
    rows += [
        {"doc": documents[d], "index": d, "disagreement": None, "pairs": int(pair_count[d])}
        for d in np.flatnonzero(pair_count == 0).tolist()
    ]
    return rows


# -- the list behind a figure ---------------------------------------------------------------


def _partners(
    x: _Spans, y: _Spans, ix: np.ndarray, iy: np.ndarray
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


def _best_partner(x: _Spans, y: _Spans, ix: np.ndarray) -> np.ndarray:
    """For each of x[ix], the index of its best overlapping span of y, or -1."""
    out = np.full(len(ix), -1, dtype=np.int64)
    if not len(ix) or not len(y):
        return out
    px, py, keys = _partners(x, y, ix, np.arange(len(y)))
    order = np.lexsort([*keys, px])
    px, py = px[order], py[order]
    first = np.ones(len(px), dtype=bool)
    first[1:] = px[1:] != px[:-1]
    out[np.searchsorted(ix, px[first])] = py[first]
    return out


def _kind(a: tuple[int, int, int] | None, b: tuple[int, int, int] | None) -> str:
    if a is None:
        return "only_b"
    if b is None:
        return "only_a"
    if a[2] == b[2]:
        return "boundary"
    return "label" if a[:2] == b[:2] else "overlap_label"


def pair_disagreements(
    inp: AgreementInput, a: str, b: str, label: str | None = None, mode: Mode = "overlap"
) -> list[Disagreement]:
    """Every span of a or b (of `label` if given) on the documents both did that is not
    matched in `mode`, in document and text order.

    Unmatched spans of the two sides that overlap are paired one-to-one (same edges first,
    then same label, then most shared characters), so a relabelled or moved span is one
    entry, not two. A span left without such a partner shows the other side's best
    overlapping span, matched or not, when there is one.
    """
    prep = _prepare(inp)
    both = prep.worked[a] & prep.worked[b]
    sa = prep.spans[a].take(both[prep.spans[a].doc])
    sb = prep.spans[b].take(both[prep.spans[b].doc])
    ma, mb = _match(sa, sb, prep.total).matched(mode)
    wanted_a, wanted_b = ~ma, ~mb
    if label is not None:
        code = prep.labels.index(label)
        wanted_a &= sa.label == code
        wanted_b &= sb.label == code
    ua, ub = np.flatnonzero(wanted_a), np.flatnonzero(wanted_b)
    pa, pb, keys = _partners(sa, sb, ua, ub)
    keep = _greedy(pa, pb, keys)
    pa, pb = pa[keep], pb[keep]
    lone_a = np.setdiff1d(ua, pa)
    lone_b = np.setdiff1d(ub, pb)
    partner_a = _best_partner(sa, sb, lone_a)
    partner_b = _best_partner(sb, sa, lone_b)
    ia = np.concatenate([pa, lone_a, np.where(partner_b >= 0, partner_b, -1)])
    ib = np.concatenate([pb, np.where(partner_a >= 0, partner_a, -1), lone_b])
    bases = prep.bases

    def side(s: _Spans, idx: np.ndarray) -> list[tuple[int, int, int] | None]:
        safe = np.maximum(idx, 0)
        local = bases[s.doc[safe]] if len(s) else np.zeros(len(idx), np.int64)
        starts = (s.start[safe] - local).tolist() if len(s) else [0] * len(idx)
        ends = (s.end[safe] - local).tolist() if len(s) else [0] * len(idx)
        labs = s.label[safe].tolist() if len(s) else [0] * len(idx)
        return [
            None if i < 0 else (st, en, lb)
            for i, st, en, lb in zip(idx.tolist(), starts, ends, labs, strict=True)
        ]

    doc = np.where(ia >= 0, sa.doc[np.maximum(ia, 0)] if len(sa) else 0, 0)
    doc = np.where(ib >= 0, sb.doc[np.maximum(ib, 0)] if len(sb) else 0, doc)
    # order by the listed span: a's for pairs and lone a, b's for lone b
    first = np.where(
        np.arange(len(ia)) < len(pa) + len(lone_a),
        sa.start[np.maximum(ia, 0)] if len(sa) else 0,
        sb.start[np.maximum(ib, 0)] if len(sb) else 0,
    )
    order = np.lexsort((np.arange(len(ia)), first))
    sides_a, sides_b = side(sa, ia[order]), side(sb, ib[order])
    return [
        Disagreement(d, x, y, _kind(x, y))
        for d, x, y in zip(doc[order].tolist(), sides_a, sides_b, strict=True)
    ]


def token_labels(inp: AgreementInput, annotator: str, doc: int) -> list[str] | None:
    """One annotator's label for each token of one document ("O" outside spans), as the
    token figures see it; None when they did not do the document. For display and tests."""
    prep = _prepare(inp)
    if not prep.worked[annotator][doc]:
        return None
    spans = prep.spans[annotator]
    mine = spans.take(spans.doc == doc)
    base = prep.bases[doc]
    local = _Spans(mine.doc * 0, mine.start - base, mine.end - base, mine.label)
    tokens = token_bounds([inp.texts[doc]])
    rank = np.argsort(np.argsort(np.array(prep.labels, dtype=object), kind="stable"))
    codes = _token_labels(local, np.ones(len(tokens), dtype=bool), tokens, rank)
    names = [OUTSIDE, *prep.labels]
    return [names[c] for c in codes.tolist()]
