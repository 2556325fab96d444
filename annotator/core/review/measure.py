"""agreement_report: every figure of an AgreementInput in one pass, as an AgreementReport.

One pass because the costly parts are shared: tokenising the corpus and labelling its
tokens serve Cohen's kappa, Fleiss' kappa and alpha alike; the span matching of a pair
serves F1 and the ranking of documents for the review queue. The reasons a figure is not
defined are decided here, where the counts that explain them are at hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np

from annotator.core.errors import Cancelled
from annotator.core.review.coefficients import kappa_of_table
from annotator.core.review.matching import match
from annotator.core.review.model import AgreementInput, SpanColumns
from annotator.core.review.report import (
    AgreementReport,
    Counts,
    Figure,
    PairAgreement,
    RankedDocument,
    SpanF1,
    UnitizingFigures,
)
from annotator.core.review.spans import Prepared, prepare
from annotator.core.review.token_figures import (
    MISSING,
    TokenTables,
    alpha_from,
    fleiss_from,
    label_rank,
    token_codes,
    token_tables,
)
from annotator.core.review.tokens import token_bounds
from annotator.core.review.unitizing import unitizing_alpha


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
) -> AgreementReport:
    """Every agreement figure for the CLI, the window and the review queue.

    Pair figures use the documents both annotators did; Fleiss' kappa and alpha_U the
    documents every annotator did; Krippendorff's alpha every token two annotators
    labelled. An undefined figure is a Figure with value None and its reason.
    """
    n_pairs = len(inp.annotators) * (len(inp.annotators) - 1) // 2
    stages = _Stages(4 + n_pairs, progress, cancelled)
    stages.check()
    prep = prepare(inp)
    names, labels, k = prep.names, prep.labels, len(prep.labels)
    if k + 1 >= MISSING:
        raise ValueError(f"token agreement handles up to {MISSING - 2} labels")
    n_docs = len(inp.documents)

    tokens = token_bounds(inp.texts)
    stages.step()

    tok_doc = tokens.doc_of_tokens()
    rank = label_rank(labels)
    labelled = [token_codes(prep.spans[a], prep.worked[a][tok_doc], tokens, rank) for a in names]
    tables = token_tables(labelled, k + 1)
    del labelled
    fleiss, fleiss_tokens = fleiss_from(tables)
    alpha, alpha_tokens = alpha_from(tables)
    fleiss_figure = Figure(
        fleiss,
        None
        if fleiss is not None
        else "Fleiss' kappa needs at least two annotators"
        if len(names) < 2
        else "no tokens on documents every annotator did"
        if fleiss_tokens == 0
        else "chance agreement is 1: every token got one and the same label",
    )
    alpha_figure = Figure(
        alpha,
        None
        if alpha is not None
        else "Krippendorff's alpha needs at least two annotators"
        if len(names) < 2
        else "no token was labelled by two annotators"
        if alpha_tokens == 0
        else "only one label (counting O) occurs on the tokens two annotators labelled",
    )
    stages.step()

    pairs = []
    f1_sum = np.zeros(n_docs)
    pair_count = np.zeros(n_docs, dtype=np.int64)
    for (i, a), (j, b) in combinations(enumerate(names), 2):
        pairs.append(_pair(prep, tables, i, j, a, b, f1_sum, pair_count))
        stages.step()

    unitizing = _unitizing(prep)
    stages.step()

    ranking = _ranking(inp.documents, f1_sum, pair_count)
    stages.step()
    return AgreementReport(
        annotators=tuple(names),
        labels=tuple(labels),
        documents=n_docs,
        tokens=len(tokens),
        pairs=tuple(pairs),
        fleiss_kappa=fleiss_figure,
        fleiss_tokens=fleiss_tokens,
        krippendorff_alpha=alpha_figure,
        alpha_tokens=alpha_tokens,
        alpha_unitizing=unitizing,
        ranking=ranking,
    )


def _pair(
    prep: Prepared,
    tables: TokenTables,
    i: int,
    j: int,
    a: str,
    b: str,
    f1_sum: np.ndarray,
    pair_count: np.ndarray,
) -> PairAgreement:
    """The figures of annotators i (a) and j (b); adds their per-document overlap F1 to
    f1_sum and pair_count, from which the ranking is made."""
    k, n_docs = len(prep.labels), len(f1_sum)
    both = prep.worked[a] & prep.worked[b]
    sa = prep.spans[a].take(both[prep.spans[a].doc])
    sb = prep.spans[b].take(both[prep.spans[b].doc])
    matching = match(sa, sb, prep.total)
    na = np.bincount(sa.label, minlength=k)
    nb = np.bincount(sb.label, minlength=k)
    tp_exact = np.bincount(sa.label[matching.exact_a], minlength=k)
    tp_overlap = tp_exact + np.bincount(sa.label[matching.pair_a], minlength=k)
    tp_doc = np.bincount(sa.doc[matching.exact_a], minlength=n_docs) + np.bincount(
        sa.doc[matching.pair_a], minlength=n_docs
    )
    spans_doc = np.bincount(sa.doc, minlength=n_docs) + np.bincount(sb.doc, minlength=n_docs)
    f1_doc = np.divide(2 * tp_doc, spans_doc, out=np.ones(n_docs), where=spans_doc > 0)
    f1_sum[both] += f1_doc[both]
    pair_count[both] += 1
    joint = tables.joint[i, j].sum(0)
    documents, tokens = int(both.sum()), int(joint.sum())
    nothing = (
        "the two annotators did no document in common"
        if documents == 0
        else "neither annotator marked a span on the documents both did"
    )
    kappa = kappa_of_table(joint)
    return PairAgreement(
        a=a,
        b=b,
        documents=documents,
        tokens=tokens,
        f1_exact=_span_f1(tp_exact, na, nb, prep.labels, nothing),
        f1_overlap=_span_f1(tp_overlap, na, nb, prep.labels, nothing),
        cohen_kappa=Figure(
            kappa,
            None
            if kappa is not None
            else "no tokens on the documents both did"
            if tokens == 0
            else "chance agreement is 1: both gave every token one and the same label",
        ),
    )


def _span_f1(
    tp: np.ndarray, na: np.ndarray, nb: np.ndarray, labels: Sequence[str], nothing: str
) -> SpanF1:
    """F1 of b against a (fp only in b, fn only in a): micro (counts summed) and per label."""
    by_label = {
        name: Counts.of(
            int(tp[c]), int(nb[c] - tp[c]), int(na[c] - tp[c]),
            f"neither annotator marked {name!r} on the documents both did",
        )
        for c, name in enumerate(labels)
    }  # fmt: skip
    total = Counts.of(int(tp.sum()), int((nb - tp).sum()), int((na - tp).sum()), nothing)
    return SpanF1(total, by_label)


def _unitizing(prep: Prepared) -> UnitizingFigures:
    """alpha_U on the documents every annotator did, each in its own stretch of characters."""
    names, labels = prep.names, prep.labels
    every = np.ones(len(prep.bases) - 1, dtype=bool)
    for a in names:
        every &= prep.worked[a]
    lengths = np.diff(prep.bases)
    full_code = np.cumsum(every) - 1  # a document's code among those every annotator did
    coders = []
    for a in names:
        s = prep.spans[a].take(every[prep.spans[a].doc])
        local = prep.bases[s.doc]
        coders.append(SpanColumns(full_code[s.doc], s.start - local, s.end - local, s.label))
    result = unitizing_alpha(coders, lengths[every], len(labels), labels)
    return UnitizingFigures(
        overall=Figure(result.overall, result.overall_reason),
        per_label={
            name: Figure(value, reason)
            for name, value, reason in zip(labels, result.per_label, result.reasons, strict=True)
        },
        observed=dict(zip(labels, result.observed, strict=True)),
        expected=dict(zip(labels, result.expected, strict=True)),
        documents=int(every.sum()) if names else 0,
    )


def _ranking(
    documents: Sequence[str], f1_sum: np.ndarray, pair_count: np.ndarray
) -> tuple[RankedDocument, ...]:
    """Documents, worst first: disagreement = 1 - mean over the pairs that both did it of
    its overlap F1, pooled over labels (both empty = full agreement). Documents fewer than
    two annotators did come last, with None: nothing to compare there."""
    compared = np.flatnonzero(pair_count > 0)
    score = 1 - f1_sum[compared] / pair_count[compared]
    order = compared[np.lexsort((compared, -score))]
    score_of = np.zeros(len(documents))
    score_of[compared] = score
    rows = [
        RankedDocument(documents[d], d, s, p)
        for d, s, p in zip(
            order.tolist(), score_of[order].tolist(), pair_count[order].tolist(), strict=True
        )
    ]
    rows += [
        RankedDocument(documents[d], d, None, int(pair_count[d]))
        for d in np.flatnonzero(pair_count == 0).tolist()
    ]
    return tuple(rows)
