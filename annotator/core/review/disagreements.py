"""The list behind a clicked figure: every span two annotators do not agree on, paired so
a moved or relabelled span is one entry with both sides, not two unrelated ones."""

from __future__ import annotations

import numpy as np

from annotator.core.review.matching import greedy, match, partners
from annotator.core.review.model import AgreementInput, Disagreement, DisagreementKind, Mode
from annotator.core.review.spans import CorpusSpans, prepare


def _best_partner(x: CorpusSpans, y: CorpusSpans, ix: np.ndarray) -> np.ndarray:
    """For each of x[ix], the index of its best overlapping span of y, or -1."""
    out = np.full(len(ix), -1, dtype=np.int64)
    if not len(ix) or not len(y):
        return out
    px, py, keys = partners(x, y, ix, np.arange(len(y)))
    order = np.lexsort([*keys, px])
    px, py = px[order], py[order]
    first = np.ones(len(px), dtype=bool)
    first[1:] = px[1:] != px[:-1]
    out[np.searchsorted(ix, px[first])] = py[first]
    return out


def _kind(a: tuple[int, int, int] | None, b: tuple[int, int, int] | None) -> DisagreementKind:
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
    prep = prepare(inp)
    both = prep.worked[a] & prep.worked[b]
    sa = prep.spans[a].take(both[prep.spans[a].doc])
    sb = prep.spans[b].take(both[prep.spans[b].doc])
    ma, mb = match(sa, sb, prep.total).matched(mode)
    wanted_a, wanted_b = ~ma, ~mb
    if label is not None:
        code = prep.labels.index(label)
        wanted_a &= sa.label == code
        wanted_b &= sb.label == code
    ua, ub = np.flatnonzero(wanted_a), np.flatnonzero(wanted_b)
    pa, pb, keys = partners(sa, sb, ua, ub)
    keep = greedy(pa, pb, keys)
    pa, pb = pa[keep], pb[keep]
    lone_a = np.setdiff1d(ua, pa)
    lone_b = np.setdiff1d(ub, pb)
    partner_a = _best_partner(sa, sb, lone_a)
    partner_b = _best_partner(sb, sa, lone_b)
    ia = np.concatenate([pa, lone_a, np.where(partner_b >= 0, partner_b, -1)])
    ib = np.concatenate([pb, np.where(partner_a >= 0, partner_a, -1), lone_b])
    bases = prep.bases

    def side(s: CorpusSpans, idx: np.ndarray) -> list[tuple[int, int, int] | None]:
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
