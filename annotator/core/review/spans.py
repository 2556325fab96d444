"""Spans in corpus positions: the documents laid end to end, one coordinate system.

Matching, token labels and contingency tables are then sorts, searchsorted and bincount over
whole corpora instead of loops per document, span or token. Bad input (a span outside its
text, an unknown document or label) is refused here, once, for every figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.core.review.model import AgreementInput, SpanColumns
from annotator.core.review.tokens import doc_bases


@dataclass(frozen=True)
class CorpusSpans:
    """One annotator's spans on the documents they did, in corpus positions (documents laid
    end to end), sorted by (start, end, label): index order is document and text order."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray

    def __len__(self) -> int:
        return len(self.start)

    def take(self, which: np.ndarray) -> CorpusSpans:
        return CorpusSpans(self.doc[which], self.start[which], self.end[which], self.label[which])


def place(cols: SpanColumns | None, worked: np.ndarray, bases: np.ndarray, k: int) -> CorpusSpans:
    """One annotator's columns in corpus positions, keeping the documents they did: a span
    on a document not marked done still counts it as done upstream (services.agreement)."""
    if cols is None or len(cols) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return CorpusSpans(empty, empty, empty, empty)
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
    return CorpusSpans(doc[keep][order], start[keep][order], end[keep][order], label[keep][order])


@dataclass(frozen=True)
class Prepared:
    """The input checked and placed once, shared by every figure computed from it."""

    names: list[str]
    labels: list[str]
    bases: np.ndarray
    total: int
    worked: dict[str, np.ndarray]
    spans: dict[str, CorpusSpans]


def prepare(inp: AgreementInput) -> Prepared:
    """Every annotator's spans in corpus positions; an annotator missing from `worked` did
    no document (their spans then count nowhere, rather than everywhere)."""
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
    spans = {a: place(inp.spans.get(a), worked[a], bases, len(labels)) for a in names}
    return Prepared(names, labels, bases, int(bases[-1]), worked, spans)
