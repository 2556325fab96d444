"""The BIO tag codec shared by the token formats (CoNLL, Hugging Face): tags to spans on
import, spans to tokens and tags on export.

Tags may be IOB2, IOB1, BIOES or BILOU; a type is everything after the first `-`
(`B-Population-Center`), or `_` (PEYMA's `B_ORG`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

import numpy as np

from annotator.core.formats.exchange import ExportDoc, WriteReport
from annotator.core.text.tokens import (
    Token,
    TokenView,
    blank_table,
    code_points,
    counts_before,
    regex_bound_arrays,
)

TAG = re.compile(r"O|[BIESLU][-_]\S+")  # PEYMA writes B_ORG
SENTENCE_FINAL = frozenset({".", "!", "?", "؟", "۔"})
_STARTS = frozenset("BSU")  # a tag that opens a span
_SINGLE = frozenset("SU")  # ... and closes it on the same token
_LAST = frozenset("EL")  # a tag that continues a span and closes it


@lru_cache(maxsize=4096)  # a file has a few dozen distinct tags on millions of lines
def is_tag(value: str) -> bool:
    return TAG.fullmatch(value) is not None


# --- Tags to spans -------------------------------------------------------------------------


@dataclass
class TagDecoding:
    """Spans as (first token, last token + 1, type), and what looked off along the way."""

    spans: list[tuple[int, int, str]] = field(default_factory=list)
    orphan_starts: list[int] = field(default_factory=list)  # token index of an I-/E- start
    fresh_b: int = 0  # B- tags opening a type that was not open on the previous token


def spans_from_tags(tags: Sequence[Sequence[str]]) -> TagDecoding:
    """Decode one sentence; `tags[i]` holds token i's tags (several for nested NER).

    Each type keeps a stack of open spans, outermost first, so Wojood's nested columns
    (`I-ORG I-ORG B-GPE`) decode too: a token's continuing tags of a type (I-, E-, L-)
    extend that many of the open spans from the outside in, the rest close, and its
    opening tags (B-, S-, U-) push new ones. A continuing tag with nothing open starts a
    span (IOB1, or an IOB2 error the caller reports).
    """
    out = TagDecoding()
    open_spans: dict[str, list[int]] = {}  # type -> start token of each open span
    for i, token_tags in enumerate(tags):
        if len(token_tags) == 1 and token_tags[0] == "O":  # most tokens: all open spans end
            for kind in list(open_spans):
                out.spans.extend((s, i, kind) for s in open_spans.pop(kind))
            continue
        by_type: dict[str, list[str]] = defaultdict(list)
        for tag in token_tags:
            if tag != "O":
                by_type[tag[2:]].append(tag[0])
        for kind in list(open_spans):
            if kind not in by_type:
                out.spans.extend((s, i, kind) for s in open_spans.pop(kind))
        for kind, prefixes in by_type.items():
            stack = open_spans.get(kind, [])
            continuing = [p for p in prefixes if p not in _STARTS]
            opening = [p for p in prefixes if p in _STARTS]
            kept, closed = stack[: len(continuing)], stack[len(continuing) :]
            out.spans.extend((s, i, kind) for s in closed)
            for _ in range(len(continuing) - len(kept)):
                out.orphan_starts.append(i)
                kept.append(i)
            new_stack = []
            for start, prefix in zip(kept, continuing, strict=True):
                if prefix in _LAST:
                    out.spans.append((start, i + 1, kind))
                else:
                    new_stack.append(start)
            for prefix in opening:
                if prefix == "B" and not stack:
                    out.fresh_b += 1
                if prefix in _SINGLE:
                    out.spans.append((i, i + 1, kind))
                else:
                    new_stack.append(i)
            if new_stack:
                open_spans[kind] = new_stack
            else:
                open_spans.pop(kind, None)
    for kind, starts in open_spans.items():
        out.spans.extend((s, len(tags), kind) for s in starts)
    out.spans.sort()
    return out


# --- Spans to tags (export) ----------------------------------------------------------------


@dataclass
class TaggedTokens:
    """A document's tokens and tags as flat lists, cut into sentences at `breaks` (the first
    token of each, then the token count): writers join them into lines directly, as a
    (token, tag) pair each would cost as much as the Token objects did (issue 12)."""

    texts: list[str]
    tags: list[str]
    breaks: list[int]

    def sentences(self) -> list[list[tuple[str, str]]]:
        return [
            list(zip(self.texts[a:b], self.tags[a:b], strict=True))
            for a, b in pairwise(self.breaks)
        ]


def tag_document(
    doc: ExportDoc, report: WriteReport, scheme: str = "iob2", fmt: str = "CoNLL"
) -> list[list[tuple[str, str]]]:
    """The document as sentences of (token, tag): see tag_tokens."""
    return tag_tokens(doc, report, scheme, fmt).sentences()


def tag_tokens(
    doc: ExportDoc, report: WriteReport, scheme: str = "iob2", fmt: str = "CoNLL"
) -> TaggedTokens:
    """The document's tokens and tags, reporting in `report` what flat tags lose.

    Tokens come from `doc.tokens` (split further at any whitespace inside them: hazm joins
    verb parts). A span is widened to the tokens it touches; of overlapping spans the
    longest (then earliest) is kept. Sentences end at line breaks and after . ! ? ؟ ۔
    followed by a space, never inside a kept span.
    """
    return tag_arrays(doc, report, scheme, fmt).tagged()


class TagNames:
    """Tag names numbered in the order first met, kept by a writer across its documents:
    the tags of a span depend only on its label and whether it is one token long, so each
    pair is worked out once (a dict look-up per span instead of a regex and three strings)."""

    def __init__(self, scheme: str) -> None:
        self.scheme = scheme
        self.names = ["O"]
        self._number = {"O": 0}
        self._spans: dict[tuple[str, bool], tuple[tuple[int, int, int], bool]] = {}

    def span_tags(self, label: str, single: bool) -> tuple[tuple[int, int, int], bool]:
        """Numbers of the tags of a span's first, inner and last tokens, and whether the
        label had blanks (a blank would split the tag from its column)."""
        known = self._spans.get((label, single))
        if known is None:
            kind = re.sub(r"\s+", "_", label)
            length = 1 if single else 3  # a single token's tag is its first, inner and last
            first, inner, last = (
                _tag(self.scheme, p, length, kind) for p in (0, length // 2, length - 1)
            )
            known = (self.number(first), self.number(inner), self.number(last)), kind != label
            self._spans[(label, single)] = known
        return known

    def number(self, tag: str) -> int:
        found = self._number.get(tag)
        if found is None:
            found = self._number[tag] = len(self.names)
            self.names.append(tag)
        return found


@dataclass
class TagArrays:
    """tag_tokens' answer as arrays, for writers that lay their lines out with numpy:
    token i is text[starts[i]:ends[i]] tagged names[tag_ids[i]]; `breaks` as in
    TaggedTokens. `codes` are the text's code points, computed here anyway."""

    text: str
    codes: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    tag_ids: np.ndarray
    names: list[str]
    breaks: list[int]

    def tagged(self) -> TaggedTokens:
        text = self.text
        texts = [text[s:e] for s, e in zip(self.starts.tolist(), self.ends.tolist(), strict=True)]
        tags = np.array(self.names, dtype=object)[self.tag_ids].tolist()
        return TaggedTokens(texts, tags, self.breaks)


def tag_arrays(
    doc: ExportDoc,
    report: WriteReport,
    scheme: str = "iob2",
    fmt: str = "CoNLL",
    names: TagNames | None = None,
) -> TagArrays:
    """tag_tokens, with the tokens and tags left as arrays; `names` (of this scheme) may be
    a writer's, shared by all its documents."""
    text = doc.text
    codes = code_points(text)
    blank = blank_table()[codes & 0xFFFF] & (codes <= 0xFFFF)
    given = (
        doc.tokens if doc.tokens is not None else TokenView(text, *regex_bound_arrays(text), True)
    )
    tokens = _word_pieces(TokenView.of(text, given), text, blank)
    starts, ends = tokens.start_array(), tokens.end_array()
    # Pieces hold no blank and do not overlap: what they leave out is every other non-blank.
    outside = len(text) - int(np.count_nonzero(blank)) - int(ends.sum() - starts.sum())
    report.lose(f"characters outside every token (not in the {fmt} file)", outside)
    if doc.status not in ("done", "reviewed"):
        # An untagged token reads as a decided O: the document will be taken as finished.
        report.lose(f"annotation status other than done ({fmt} tags read as finished work)")
    names = TagNames(scheme) if names is None else names
    tag_ids, continues, kept = _place_spans(doc, starts, ends, report, names, fmt)
    breaks = _sentence_starts(codes, starts, ends, continues)
    report.spans += kept
    if doc.relations:
        report.lose(f"relations ({fmt} has none)", len(doc.relations))
    report.lose(f"span attributes ({fmt} has none)", sum(1 for s in doc.spans if s.attrs))
    return TagArrays(text, codes, starts, ends, tag_ids, names.names, breaks)


def _place_spans(
    doc: ExportDoc,
    starts: np.ndarray,
    ends: np.ndarray,
    report: WriteReport,
    names: TagNames,
    fmt: str,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Each span widened to the tokens it touches, the longest of overlapping ones kept:
    each token's tag (a number of `names`), whether it continues the kept span of the
    token before it, and how many spans were kept.

    A document has tens of spans and hundreds of tokens: the spans take a Python step each,
    the tokens only array operations."""
    spans = doc.spans
    n = len(starts)
    span_starts = [s.start for s in spans]
    span_ends = [s.end for s in spans]
    firsts = np.searchsorted(ends, span_starts, side="right")  # bisect_right
    lasts = np.searchsorted(starts, span_ends, side="left")  # bisect_left
    # The token edges a span would take (clipped: read only for spans on some token).
    edge_starts = starts[np.minimum(firsts, n - 1)].tolist() if n else []
    edge_ends = ends[np.maximum(lasts - 1, 0)].tolist() if n else []
    placed: list[tuple[int, int, int, int, int]] = []  # the priority, then span, end
    for k, (first, end) in enumerate(zip(firsts.tolist(), lasts.tolist(), strict=True)):
        if first >= end:
            report.lose(f"spans on no token ({fmt} tags tokens only)")
            continue
        if edge_starts[k] != span_starts[k] or edge_ends[k] != span_ends[k]:
            report.lose("spans widened to token edges")
        # Longest in tokens, then in characters, then earliest; ties in span order.
        placed.append((first - end, span_starts[k] - span_ends[k], first, k, end))
    placed.sort()
    by_position = sorted((p[2], p[4]) for p in placed)
    if any(b[0] < a[1] for a, b in pairwise(by_position)):
        owned = np.zeros(n, dtype=bool)
        kept = []
        for p in placed:
            if owned[p[2] : p[4]].any():
                report.lose(f"overlapping spans ({fmt} keeps the longest)")
                continue
            owned[p[2] : p[4]] = True
            kept.append(p)
        placed = kept
    tags = [names.span_tags(spans[p[3]].label, p[4] - p[2] == 1) for p in placed]
    report.lose("labels with blanks in them (written with '_')", sum(t[1] for t in tags))
    first = np.array([p[2] for p in placed], dtype=np.int64)
    end = np.array([p[4] for p in placed], dtype=np.int64)
    tag_ids, continues = lay_out_tags(first, end, tags, n)
    return tag_ids, continues, len(placed)


def lay_out_tags(
    first: np.ndarray, end: np.ndarray, tags: list, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each kept span's (first, inside, last) tag ids on its tokens, and which tokens
    continue a span: one numpy pass for a document or a batch of them."""
    ids = np.array([t[0] for t in tags], dtype=np.int64).reshape(len(tags), 3)
    rest = _ranges(first + 1, end - first - 1)  # every token of a span but its first
    tag_ids = np.zeros(n, dtype=np.int64)
    tag_ids[rest] = np.repeat(ids[:, 1], end - first - 1)
    tag_ids[end - 1] = ids[:, 2]
    tag_ids[first] = ids[:, 0]
    continues = np.zeros(n, dtype=bool)
    continues[rest] = True
    return tag_ids, continues


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """starts[0] .. starts[0] + lengths[0] - 1, then the same for each next run."""
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(total)


def _sentence_starts(
    codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, continues: np.ndarray
) -> list[int]:
    """Token i > 0 opens a sentence when it does not continue its predecessor's kept span
    and the gap before it holds a line break, or is not empty after a sentence-final mark."""
    n = len(starts)
    if not n:
        return [0]
    lines = counts_before(codes == 10)
    prev_start, prev_end = starts[:-1], ends[:-1]
    first = codes[prev_start]
    below = first < len(_FINAL_TABLE)  # a table lookup: np.isin costs more than the rest
    final = (prev_end - prev_start == 1) & below & _FINAL_TABLE[np.where(below, first, 0)]
    gap_break = (lines[starts[1:]] > lines[prev_end]) | ((starts[1:] > prev_end) & final)
    cuts = np.flatnonzero(gap_break & ~continues[1:]) + 1
    return [0, *cuts.tolist(), n]


_FINAL_TABLE = np.zeros(max(map(ord, SENTENCE_FINAL)) + 1, dtype=bool)
_FINAL_TABLE[[ord(c) for c in SENTENCE_FINAL]] = True


def _tag(scheme: str, position: int, length: int, kind: str) -> str:
    if scheme == "bioes":
        if length == 1:
            return f"S-{kind}"
        if position == length - 1:
            return f"E-{kind}"
    return f"{'B' if position == 0 else 'I'}-{kind}"


def _word_pieces(tokens: TokenView, text: str, blank: np.ndarray) -> TokenView:
    """Tokens with no whitespace in them: a line holds one token and blanks split columns."""
    starts, ends = tokens.start_array(), tokens.end_array()
    inside = counts_before(blank)
    split = np.flatnonzero(inside[ends] - inside[starts])
    if tokens.plain and not len(split):  # regex tokens: in order, blank-free but U+001C-F
        return tokens
    if np.all(starts[1:] > starts[:-1]) and np.all(starts[1:] >= ends[:-1]):
        return _split_at_blanks(tokens, text, split)  # hazm's: in order, apart
    return _word_pieces_one_by_one(tokens, text)


def _split_at_blanks(tokens: TokenView, text: str, split: np.ndarray) -> TokenView:
    """_word_pieces_one_by_one of tokens in order and apart (hazm's, nearly always): each
    token as it is, but those with a blank in them (a verb's joined parts), which become
    their runs of non-blanks, without a Python step per token (issue 12)."""
    if not len(split):
        return tokens
    starts, ends = tokens.start_array(), tokens.end_array()
    keep = np.ones(len(starts), dtype=bool)
    keep[split] = False
    new_starts, new_ends = [starts[keep]], [ends[keep]]
    for k in split.tolist():
        runs = [(m.start(), m.end()) for m in _WORD.finditer(text, int(starts[k]), int(ends[k]))]
        new_starts.append(np.array([a for a, _ in runs], dtype=np.int64))
        new_ends.append(np.array([b for _, b in runs], dtype=np.int64))
    all_starts, all_ends = np.concatenate(new_starts), np.concatenate(new_ends)
    order = np.argsort(all_starts, kind="stable")
    return TokenView(text, all_starts[order], all_ends[order])


def _word_pieces_one_by_one(tokens: TokenView, text: str) -> TokenView:
    pieces: list[Token] = []
    for token in sorted(tokens, key=lambda t: t.start):
        if pieces and token.start < pieces[-1].end:
            continue  # overlapping tokens: keep the first
        if not _BLANK.search(token.text):  # nearly every token: no need to split it
            pieces.append(token)
            continue
        for m in _WORD.finditer(text, token.start, token.end):
            pieces.append(Token(m.group(), m.start(), m.end()))
    return TokenView.of(text, pieces)


_BLANK = re.compile(r"\s")
_WORD = re.compile(r"\S+")
