"""The BIO tag codec shared by the token formats (CoNLL, Hugging Face): tags to spans on
import, spans to tokens and tags on export.

Tags may be IOB2, IOB1, BIOES or BILOU; a type is everything after the first `-`
(`B-Population-Center`), or `_` (PEYMA's `B_ORG`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise

import numpy as np

from annotator.core.formats.exchange import ExportDoc, WriteReport
from annotator.core.text.tokens import Token, TokenView, code_points, regex_bounds

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
    text = doc.text
    codes = code_points(text)
    blank = _blank_table()[codes & 0xFFFF] & (codes <= 0xFFFF)
    given = doc.tokens if doc.tokens is not None else TokenView(text, *regex_bounds(text), True)
    tokens = _word_pieces(TokenView.of(text, given), text, blank)
    starts, ends = tokens.starts, tokens.ends
    # Pieces hold no blank and do not overlap: what they leave out is every other non-blank.
    outside = len(text) - int(np.count_nonzero(blank)) - (sum(ends) - sum(starts))
    report.lose(f"characters outside every token (not in the {fmt} file)", outside)
    if doc.status not in ("done", "reviewed"):
        # An untagged token reads as a decided O: the document will be taken as finished.
        report.lose(f"annotation status other than done ({fmt} tags read as finished work)")
    placed: list[tuple[int, int, int, str]] = []  # first token, end token, span index, label
    for n, span in enumerate(doc.spans):
        first = bisect_right(ends, span.start)
        end = bisect_left(starts, span.end)
        if first >= end:
            report.lose(f"spans on no token ({fmt} tags tokens only)")
            continue
        if starts[first] != span.start or ends[end - 1] != span.end:
            report.lose("spans widened to token edges")
        placed.append((first, end, n, span.label))
    owner = np.full(len(starts), -1, dtype=np.int64)
    kept: list[tuple[int, int, str]] = []
    for first, end, _n, label in sorted(
        placed,
        key=lambda p: (-(p[1] - p[0]), -(doc.spans[p[2]].end - doc.spans[p[2]].start), p[0]),
    ):
        if owner[first:end].max() >= 0:
            report.lose(f"overlapping spans ({fmt} keeps the longest)")
            continue
        owner[first:end] = len(kept)
        kept.append((first, end, label))
    tags = ["O"] * len(starts)
    for first, end, label in kept:
        kind = re.sub(r"\s+", "_", label)
        if kind != label:
            report.lose("labels with blanks in them (written with '_')")
        for i in range(first, end):
            tags[i] = _tag(scheme, i - first, end - first, kind)
    breaks = _sentence_starts(codes, np.array(starts, np.int64), np.array(ends, np.int64), owner)
    report.spans += len(kept)
    if doc.relations:
        report.lose(f"relations ({fmt} has none)", len(doc.relations))
    report.lose(f"span attributes ({fmt} has none)", sum(1 for s in doc.spans if s.attrs))
    return TaggedTokens(tokens.texts(), tags, breaks)


def _sentence_starts(
    codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, owner: np.ndarray
) -> list[int]:
    """Token i > 0 opens a sentence when it is not in its predecessor's kept span and the gap
    before it holds a line break, or is not empty after a sentence-final mark."""
    n = len(starts)
    if not n:
        return [0]
    lines = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(codes == 10, out=lines[1:])
    prev_start, prev_end = starts[:-1], ends[:-1]
    one_char = prev_end - prev_start == 1
    first_char = np.append(codes, 0)[np.where(one_char, prev_start, len(codes))]
    final = one_char & np.isin(first_char, _FINAL_CODES)
    gap_break = (lines[starts[1:]] > lines[prev_end]) | ((starts[1:] > prev_end) & final)
    loose = (owner[1:] < 0) | (owner[1:] != owner[:-1])
    cuts = np.flatnonzero(loose & gap_break) + 1
    return [0, *cuts.tolist(), n]


_FINAL_CODES = np.array(sorted(ord(c) for c in SENTENCE_FINAL), dtype=np.uint32)


@cache
def _blank_table() -> np.ndarray:
    """Whether each BMP code point is a blank to `re`'s \\s (str.isspace; no astral one is)."""
    return np.array([chr(c).isspace() for c in range(0x10000)], dtype=bool)


def _tag(scheme: str, position: int, length: int, kind: str) -> str:
    if scheme == "bioes":
        if length == 1:
            return f"S-{kind}"
        if position == length - 1:
            return f"E-{kind}"
    return f"{'B' if position == 0 else 'I'}-{kind}"


def _word_pieces(tokens: TokenView, text: str, blank: np.ndarray) -> TokenView:
    """Tokens with no whitespace in them: a line holds one token and blanks split columns."""
    if tokens.plain:  # regex tokens: in order already, and blank-free unless U+001C-U+001F
        inside = np.zeros(len(blank) + 1, dtype=np.int64)
        np.cumsum(blank, out=inside[1:])
        starts, ends = np.array(tokens.starts, np.int64), np.array(tokens.ends, np.int64)
        if not np.any(inside[ends] - inside[starts]):
            return tokens
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
