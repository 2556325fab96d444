"""tag_arrays for many documents in one pass (issue 12): the token writers' cost had become
a few dozen numpy calls per document, each a few microseconds whatever its size. Here the
documents of a batch are joined into one text (a line break between two, so that no token
and no sentence crosses from one into the next), tokenised, tagged and cut into sentences
as one, and each writer lays the whole batch out in one gather.

What is reported (`WriteReport.lose`) is the same, in the same order, as tagging the
documents one by one: each kind of loss is counted over the batch and first said where the
one-by-one code would first have said it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from annotator.core.formats.bio import TagNames, _sentence_starts, _word_pieces, lay_out_tags
from annotator.core.formats.exchange import ExportDoc, WriteReport
from annotator.core.text.tokens import (
    TokenView,
    batch_bound_arrays,
    blank_table,
    code_points,
    counts_before,
    regex_bound_arrays,
)

SEPARATOR = "\n"  # between two documents of the joined text: a blank, and a line break


@dataclass
class BatchTags:
    """Tokens and tags of a batch: token i is text[starts[i]:ends[i]] (offsets into the
    joined text) tagged names[tag_ids[i]]; `breaks` the first token of each sentence, then
    the token count (every document starts a sentence); `doc_tokens[k]` the first token of
    document k, then the token count."""

    text: str
    codes: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    tag_ids: np.ndarray
    names: list[str]
    breaks: np.ndarray
    doc_tokens: np.ndarray

    def token_docs(self) -> np.ndarray:
        """The document of each token."""
        return np.repeat(np.arange(len(self.doc_tokens) - 1), np.diff(self.doc_tokens))


class Losses:
    """Losses of a batch, said in the order tagging its documents one by one says them:
    each kind where it first occurs, as (document, step in the document, item)."""

    def __init__(self) -> None:
        self._events: list[tuple[int, int, int, str, int]] = []

    def per_doc(
        self, step: int, what: str, counts: np.ndarray | Sequence[int], item: int = 0
    ) -> None:
        """`counts[k]` losses in document k, said at `item` of the step."""
        counts = np.asarray(counts, dtype=np.int64)
        hit = np.flatnonzero(counts)
        if len(hit):
            self._events.append((int(hit[0]), step, item, what, int(counts.sum())))

    def per_item(self, step: int, what: str, docs: np.ndarray, items: np.ndarray) -> None:
        """One loss for each item (a span, by its index in the batch) given."""
        if len(items):
            self._events.append((int(docs[0]), step, int(items[0]), what, len(items)))

    def say(self, report: WriteReport) -> None:
        for _doc, _step, _item, what, count in sorted(self._events):
            report.lose(what, count)
        self._events.clear()


# Steps of one document, in the order tag_arrays and the writers say them.
OUTSIDE, STATUS, SPAN, OVERLAP, BLANK_LABEL, RELATIONS, ATTRS, WRITER = range(8)


def tag_batch(
    docs: Sequence[ExportDoc],
    report: WriteReport,
    losses: Losses,
    scheme: str,
    fmt: str,
    names: TagNames,
) -> BatchTags | None:
    """The batch tagged as tag_arrays tags each of its documents, or None when it must be
    tagged one by one: a regex token holds a blank that splits it (U+001C-U+001F), or a
    document's own tokens (Persian, from hazm) reach outside its text."""
    text = SEPARATOR.join(doc.text for doc in docs)
    lengths = np.fromiter((len(doc.text) for doc in docs), dtype=np.int64, count=len(docs))
    offsets = np.cumsum(lengths + len(SEPARATOR)) - lengths - len(SEPARATOR)
    codes = code_points(text)
    blank = blank_table()[codes & 0xFFFF] & (codes <= 0xFFFF)
    inside = counts_before(blank)
    if any(doc.tokens is not None for doc in docs):
        pieces = _given_pieces(docs, text, offsets, lengths, blank)
        if pieces is None:
            return None
        starts, ends = pieces
    else:
        starts, ends = regex_bound_arrays(text)
        if np.any(inside[ends] - inside[starts]):
            return None
    bounds = np.append(offsets, len(text) + len(SEPARATOR))  # each document's first char
    doc_tokens = np.searchsorted(starts, bounds)
    # Characters outside every token, per document: its non-blanks less its tokens' length.
    covered = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(ends - starts, out=covered[1:])
    doc_blank = inside[np.minimum(bounds[1:] - 1, len(text))] - inside[bounds[:-1]]
    outside = lengths - doc_blank - np.diff(covered[doc_tokens])
    losses.per_doc(OUTSIDE, f"characters outside every token (not in the {fmt} file)", outside)
    losses.per_doc(
        STATUS,
        f"annotation status other than done ({fmt} tags read as finished work)",
        [doc.status not in ("done", "reviewed") for doc in docs],
    )
    tag_ids, continues, kept = _place(docs, offsets, starts, ends, losses, names, fmt)
    report.spans += kept
    breaks = np.array(_sentence_starts(codes, starts, ends, continues), dtype=np.int64)
    breaks = np.union1d(breaks, doc_tokens)  # a document never continues the one before
    losses.per_doc(RELATIONS, f"relations ({fmt} has none)", [len(d.relations) for d in docs])
    losses.per_doc(
        ATTRS,
        f"span attributes ({fmt} has none)",
        [sum(1 for s in d.spans if s.attrs) for d in docs],
    )
    return BatchTags(text, codes, starts, ends, tag_ids, names.names, breaks, doc_tokens)


def _given_pieces(
    docs: Sequence[ExportDoc],
    text: str,
    offsets: np.ndarray,
    lengths: np.ndarray,
    blank: np.ndarray,
) -> tuple[np.ndarray, np.ndarray] | None:
    """tag_arrays' word pieces of each document, as offsets into the joined text: the
    tokens given (hazm's) or the document's regex tokens, split at the blanks inside them
    in one pass for the batch (issue 12: Persian was tagged a document at a time). The
    pieces of one document never reach another's, so splitting them together gives each
    document's pieces. None when a given token lies outside its document's text."""
    starts, ends, counts = batch_bound_arrays([(d.text, d.tokens) for d in docs])
    at = np.repeat(offsets, counts)
    if np.any(starts < 0) or np.any(ends < starts) or np.any(ends > np.repeat(lengths, counts)):
        return None
    pieces = _word_pieces(TokenView(text, starts + at, ends + at), text, blank)
    return pieces.start_array(), pieces.end_array()


def _place(
    docs: Sequence[ExportDoc],
    offsets: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    losses: Losses,
    names: TagNames,
    fmt: str,
) -> tuple[np.ndarray, np.ndarray, int]:
    """bio._place_spans over the batch: a span touches only tokens of its own document, so
    overlaps are settled over the batch as they were in each document."""
    n = len(starts)
    counts = np.fromiter((len(d.spans) for d in docs), dtype=np.int64, count=len(docs))
    span_doc = np.repeat(np.arange(len(docs)), counts)
    labels = [s.label for d in docs for s in d.spans]
    span_starts = np.fromiter((s.start for d in docs for s in d.spans), np.int64, len(labels))
    span_ends = np.fromiter((s.end for d in docs for s in d.spans), np.int64, len(labels))
    span_starts += offsets[span_doc]
    span_ends += offsets[span_doc]
    firsts = np.searchsorted(ends, span_starts, side="right")
    lasts = np.searchsorted(starts, span_ends, side="left")
    on_none = firsts >= lasts
    edge_starts = starts[np.minimum(firsts, n - 1)] if n else span_starts
    edge_ends = ends[np.maximum(lasts - 1, 0)] if n else span_ends
    widened = ~on_none & ((edge_starts != span_starts) | (edge_ends != span_ends))
    for what, which in (
        (f"spans on no token ({fmt} tags tokens only)", on_none),
        ("spans widened to token edges", widened),
    ):
        items = np.flatnonzero(which)
        losses.per_item(SPAN, what, span_doc[items], items)
    placed = np.flatnonzero(~on_none)
    # Per document: longest in tokens, then in characters, then earliest; ties in span order.
    order = np.lexsort(
        (
            placed,
            firsts[placed],
            span_starts[placed] - span_ends[placed],
            firsts[placed] - lasts[placed],
            span_doc[placed],
        )
    )
    placed = placed[order]
    overlapping = np.zeros(len(docs), dtype=np.int64)
    crowded = _overlapping_docs(firsts[placed], lasts[placed], span_doc[placed])
    if len(crowded):  # only there does the longest win: a Python step per span
        owned = np.zeros(n, dtype=bool)
        keep = np.ones(len(placed), dtype=bool)
        for i in np.flatnonzero(np.isin(span_doc[placed], crowded)).tolist():
            k = int(placed[i])
            if owned[firsts[k] : lasts[k]].any():
                overlapping[span_doc[k]] += 1
                keep[i] = False
                continue
            owned[firsts[k] : lasts[k]] = True
        placed = placed[keep]
    losses.per_doc(OVERLAP, f"overlapping spans ({fmt} keeps the longest)", overlapping)
    first, end = firsts[placed], lasts[placed]
    tags = [
        names.span_tags(labels[k], single)
        for k, single in zip(placed.tolist(), (end - first == 1).tolist(), strict=True)
    ]
    blanks = np.zeros(len(docs), dtype=np.int64)
    np.add.at(blanks, span_doc[placed], np.array([t[1] for t in tags], dtype=np.int64))
    losses.per_doc(BLANK_LABEL, "labels with blanks in them (written with '_')", blanks)
    tag_ids, continues = lay_out_tags(first, end, tags, n)
    return tag_ids, continues, len(placed)


def _overlapping_docs(firsts: np.ndarray, lasts: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """The documents where two spans share a token: in order of first token, one starts
    before the one before it ends (never across documents: they share no token)."""
    order = np.argsort(firsts, kind="stable")
    clash = np.flatnonzero(firsts[order][1:] < lasts[order][:-1]) + 1
    return np.unique(docs[order][clash])
