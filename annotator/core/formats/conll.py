"""CoNLL / BIO token files: one token per line, its tag(s) after it, sentences between blanks.

Import rebuilds the text from the tokens (single spaces within a sentence, "\\n" between
sentences, "\\n\\n" at a Wojood `$#$` paragraph marker), so token offsets are exact by
construction. Tags may be IOB2, IOB1, BIOES or BILOU; a type is everything after the first
`-` (`B-Population-Center`), or `_` (PEYMA's `B_ORG`). Export writes one `token<TAB>TAG`
line per token.

The helpers `tag_document` and `spans_from_tags` are shared with the Hugging Face format.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from annotator.core.errors import InputError, InputProblem
from annotator.core.formats.atomic import AtomicFile
from annotator.core.formats.exchange import ExportDoc, WriteReport
from annotator.core.formats.jsonlines import read_records
from annotator.core.formats.records import (
    BLANK_TEXT,
    BadRecord,
    ReadItem,
    Skipped,
    SourceRecord,
    SourceSpan,
    first_line_title,
    ours_misread,
)
from annotator.core.text.decode import read_text_file
from annotator.core.text.tokens import Token, TokenView, code_points, regex_bounds
from annotator.core.text.utf16 import Utf16Index

TAG = re.compile(r"O|[BIESLU][-_]\S+")  # PEYMA writes B_ORG
DOCSTART = "-DOCSTART-"
PARAGRAPH_MARK = "$#$"  # Wojood: a pseudo-token ending a paragraph
LRM = "\u200e"
SENTENCE_FINAL = frozenset({".", "!", "?", "؟", "۔"})
_STARTS = frozenset("BSU")  # a tag that opens a span
_SINGLE = frozenset("SU")  # ... and closes it on the same token
_LAST = frozenset("EL")  # a tag that continues a span and closes it
_MAX_LISTED = 10  # line numbers named in one warning


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


# --- Reading -------------------------------------------------------------------------------


@dataclass
class _Token:
    text: str
    line: int
    tags: list[str]


@dataclass
class _Sentence:
    tokens: list[_Token] = field(default_factory=list)
    paragraph_end: bool = False
    decoded: TagDecoding | None = None  # kept from the scheme pass for the record

    def decode(self) -> TagDecoding:
        if self.decoded is None:
            self.decoded = spans_from_tags([t.tags for t in self.tokens])
        return self.decoded


@dataclass
class _Doc:
    line: int
    sentences: list[_Sentence] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    end_char: int = 0  # position in the decoded file, for progress


@dataclass
class _FileStats:
    lrm: int = 0
    paragraph_marks: int = 0
    dropped_empty: list[int] = field(default_factory=list)


def read_conll(path: Path, encoding: str | None = None) -> Iterator[ReadItem]:
    """Yield one record per document (the file, or each `-DOCSTART-` part), or problems.

    The file is read whole: deciding IOB1 against IOB2, and nested columns against
    feature columns, needs every line, and corpora in this format are a few MB at most.
    """
    try:
        content = read_text_file(path, encoding)
    except InputError as exc:
        yield exc.problem
        return
    lines = content.split("\n")
    pipe = _pipe_separated(lines)
    nested = not pipe and _nested_columns(lines)
    stats = _FileStats()
    docs, split_by_docstart = _parse(str(path), lines, pipe, nested, stats)
    scheme, orphans = _scheme(docs)
    file_warnings = _file_warnings(stats, lines, docs)
    size, length = path.stat().st_size, max(len(content), 1)
    number = 0
    for doc in docs:
        yield from doc.problems
        if doc.problems or not any(s.tokens for s in doc.sentences):
            continue
        number += 1
        yield _record(
            path,
            doc,
            number=number if split_by_docstart else None,
            scheme=scheme,
            warn_orphans=orphans,
            file_warnings=file_warnings,
            nested=nested,
            bytes_done=size * doc.end_char // length,
        )


def _columns(line: str, pipe: bool) -> list[str]:
    if "\t" in line:
        return [c for c in map(str.strip, line.split("\t")) if c]
    if pipe:
        token, bar, tag = line.rpartition("|")
        return [token, tag.strip()] if bar and token else [line]
    return line.split()


def _pipe_separated(lines: list[str]) -> bool:
    """PEYMA style `token|tag`: most lines have no blank in them and a tag after the last `|`."""
    sample = [s for s in (ln.strip() for ln in lines[:2000]) if s][:500]
    piped = sum(
        1 for s in sample if not any(c.isspace() for c in s) and is_tag(s.rpartition("|")[2])
    )
    return bool(sample) and piped >= 0.8 * len(sample)


def _nested_columns(lines: list[str]) -> bool:
    """Wojood style: the number of columns varies and every column after the token is a tag.

    A fixed number of columns (CoNLL-2003 `EU NNP B-NP B-ORG`) means feature columns and
    the tag in the last one.
    """
    widths: set[int] = set()
    for line in lines:
        cols = _columns(line.strip(), False)
        if len(cols) < 2 or cols[0] == DOCSTART or cols[0] == PARAGRAPH_MARK:
            continue
        if not all(is_tag(c) for c in cols[1:]):
            return False
        widths.add(len(cols))
    return len(widths) > 1


def _parse(
    path: str, lines: list[str], pipe: bool, nested: bool, stats: _FileStats
) -> tuple[list[_Doc], bool]:
    docs = [_Doc(line=1)]
    sentence = _Sentence()
    split_by_docstart = False
    position = 0

    def end_sentence(paragraph: bool = False) -> None:
        nonlocal sentence
        if sentence.tokens:
            sentence.paragraph_end = paragraph
            docs[-1].sentences.append(sentence)
            sentence = _Sentence()
        elif paragraph and docs[-1].sentences:
            docs[-1].sentences[-1].paragraph_end = True

    for number, raw in enumerate(lines, start=1):
        position += len(raw) + 1
        docs[-1].end_char = position
        stripped = raw.strip()
        if not stripped:
            end_sentence()
            continue
        cols = _columns(stripped, pipe)
        if cols[0] == DOCSTART:
            end_sentence()
            split_by_docstart = True
            if docs[-1].sentences or docs[-1].problems:
                docs.append(_Doc(line=number))
            else:
                docs[-1].line = number
            continue
        if stripped.startswith("#") and not (len(cols) >= 2 and is_tag(cols[-1])):
            continue  # a comment (`# id = ...`); `#<TAB>O` is a hashtag token
        if cols[0] == PARAGRAPH_MARK:
            stats.paragraph_marks += 1
            end_sentence(paragraph=True)
            continue
        if len(cols) < 2:
            docs[-1].problems.append(
                InputProblem(path, f"expected a token and a tag, found only {stripped!r}", number)
            )
            continue
        tags = _tags(cols, nested)
        bad = [t for t in tags if not is_tag(t)]
        if bad:
            docs[-1].problems.append(
                InputProblem(
                    path,
                    f"{bad[0]!r} is not a BIO tag (expected O, B-TYPE, I-TYPE, E-/S-/L-/U-TYPE)",
                    number,
                )
            )
            continue
        token = cols[0]
        if LRM in token:
            stats.lrm += 1
            token = token.replace(LRM, "")
            if not token:
                stats.dropped_empty.append(number)
                continue
        sentence.tokens.append(_Token(token, number, tags))
    end_sentence()
    return docs, split_by_docstart


def _tags(cols: list[str], nested: bool) -> list[str]:
    if nested:
        return cols[1:]
    last = cols[-1]
    parts = last.split()
    if len(parts) > 1 and all(is_tag(p) for p in parts):
        return parts  # several tags in one TAB-separated column
    return [last]


def _scheme(docs: list[_Doc]) -> tuple[str, bool]:
    """The file's scheme, and whether I- tags that start a span deserve a warning.

    IOB1 starts spans with I- and uses B- only between two adjacent spans of one type, so
    a file where no B- opens a fresh span but some I- does is IOB1.
    """
    fresh_b = orphans = 0
    ends = False
    for doc in docs:
        for sentence in doc.sentences:
            decoded = sentence.decode()
            fresh_b += decoded.fresh_b
            orphans += len(decoded.orphan_starts)
            ends = ends or any(tag[0] in "ESLU" for t in sentence.tokens for tag in t.tags)
    if ends:
        return "bioes", True
    if orphans and not fresh_b:
        return "iob1", False
    return "iob2", True


def _file_warnings(stats: _FileStats, lines: list[str], docs: list[_Doc]) -> list[str]:
    warnings = []
    if stats.lrm:
        warnings.append(
            f"{stats.lrm} token(s) carried U+200E LEFT-TO-RIGHT MARK; it was removed from them"
        )
    if stats.dropped_empty:
        warnings.append(
            "line(s) " + _listed(stats.dropped_empty) + " held only a U+200E mark as the token "
            "and were left out"
        )
    if stats.paragraph_marks:
        warnings.append(
            f"{stats.paragraph_marks} '$#$' paragraph marker(s) became paragraph breaks"
        )
    ended = False  # whether a blank line follows the last token line
    for line in reversed(lines[:-1] if lines and not lines[-1] else lines):
        if line.strip():
            break
        ended = True
    if docs and docs[-1].sentences and not ended:
        tokens = docs[-1].sentences[-1].tokens
        if tokens and tokens[-1].text not in SENTENCE_FINAL:
            warnings.append(
                f"the file ends at line {tokens[-1].line} with no blank line after a sentence "
                "that does not end in punctuation: it may be cut short"
            )
    return warnings


def _listed(numbers: Sequence[object]) -> str:
    shown = ", ".join(str(n) for n in numbers[:_MAX_LISTED])
    more = len(numbers) - _MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def _record(
    path: Path,
    doc: _Doc,
    number: int | None,
    scheme: str,
    warn_orphans: bool,
    file_warnings: list[str],
    nested: bool,
    bytes_done: int,
) -> SourceRecord:
    parts: list[str] = []
    spans: list[SourceSpan] = []
    orphan_lines: list[str] = []
    position = 0
    tokens = 0
    for k, sentence in enumerate(doc.sentences):
        if k:
            gap = "\n\n" if doc.sentences[k - 1].paragraph_end else "\n"
            parts.append(gap)
            position += len(gap)
        offsets = []
        for j, token in enumerate(sentence.tokens):
            if j:
                parts.append(" ")
                position += 1
            offsets.append((position, position + len(token.text)))
            parts.append(token.text)
            position += len(token.text)
        tokens += len(sentence.tokens)
        decoded = sentence.decode()
        for first, end, kind in decoded.spans:
            spans.append(SourceSpan(offsets[first][0], offsets[end - 1][1], kind))
        for i in decoded.orphan_starts:
            token = sentence.tokens[i]
            prev = sentence.tokens[i - 1].tags if i else ["(sentence start)"]
            orphan_lines.append(f"{token.line} ({' '.join(token.tags)} after {' '.join(prev)})")
    text = "".join(parts)
    warnings = list(file_warnings)
    if warn_orphans and orphan_lines:
        warnings.append(
            f"{len(orphan_lines)} span(s) start with I-/E- instead of B-, each taken as a new "
            "span: line " + _listed(orphan_lines)
        )
    meta: dict[str, Any] = {
        "source_format": "conll",
        "tag_scheme": scheme,
        "sentences": len(doc.sentences),
        "tokens": tokens,
    }
    if nested:
        meta["nested_tags"] = True
    if warnings:
        meta["import_warnings"] = warnings
    return SourceRecord(
        path=str(path),
        line=doc.line,
        ext_id=None if number is None else f"{path.stem}#{number}",
        text=text,
        title=first_line_title(text),
        meta=meta,
        status="done",  # every token carries a decided tag: an all-O document is finished too
        spans=tuple(sorted(spans, key=lambda s: (s.start, -s.end, s.label))),
        has_annotations=True,
        bytes_done=bytes_done,
    )


def sniff_conll(path: Path, head: str) -> str | None:
    """Token lines with BIO tags in the last column: most lines, and some not `O`."""
    if head.lstrip("\ufeff").startswith(("#FORMAT=", "{", "[")):
        return None
    lines = head.split("\n")
    if len(head) >= 65536 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut short
    sample = [ln.strip() for ln in lines if ln.strip()][:400]
    pipe = _pipe_separated(sample)
    token_lines = tagged = entity = 0
    scheme_letters: set[str] = set()
    for line in sample:
        cols = _columns(line, pipe)
        if cols[0] in (DOCSTART, PARAGRAPH_MARK) or (line.startswith("#") and not is_tag(cols[-1])):
            continue
        token_lines += 1
        if len(cols) < 2 or len(cols) > 12 or (" " in cols[0]):
            continue
        tags = _tags(cols, _all_tags(cols))
        if all(is_tag(t) for t in tags):
            tagged += 1
            for t in tags:
                if t != "O":
                    entity += 1
                    scheme_letters.add(t[0])
    if token_lines < 3 or tagged < 0.95 * token_lines or not entity:
        return None
    scheme = "BIOES" if scheme_letters & set("ESLU") else "BIO"
    sep = "`|`" if pipe else "TAB" if "\t" in head[:4096] else "space"
    return f"CoNLL tokens ({scheme} tags, {sep}-separated)"


def _all_tags(cols: list[str]) -> bool:
    return len(cols) > 2 and all(is_tag(c) for c in cols[1:])


# --- IDRISI location-mention JSONL ---------------------------------------------------------


def read_idrisi(path: Path, encoding: str | None = None) -> Iterator[ReadItem]:
    """IDRISI-R JSONL: `{"tweet_id", "text", "location_mentions": [{text, type, startIdx,
    endIdx}]}`, offsets in code points (end exclusive); a mention whose text only matches
    in UTF-16 units is accepted with a warning, and a mention listed twice is kept once."""
    return read_records(path, encoding, _idrisi_record)


def _idrisi_record(path: Path, number: int, raw: str, bytes_done: int) -> SourceRecord | Skipped:
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadRecord(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise BadRecord('expected a JSON object with a "text" string')
    text: str = obj["text"]
    if not text.strip():
        return Skipped(str(path), number, BLANK_TEXT)
    misread = ours_misread(obj, ("location_mentions",), "IDRISI-R")
    if misread:
        raise BadRecord(misread)
    mentions = obj.get("location_mentions") or []
    if not isinstance(mentions, list):
        raise BadRecord('"location_mentions" must be a list')
    index: Utf16Index | None = None
    spans: dict[tuple[int, int, str], SourceSpan] = {}
    warnings = []
    for i, m in enumerate(mentions, start=1):
        if not isinstance(m, dict):
            raise BadRecord(f"mention {i} is not an object")
        start, end, kind, said = m.get("startIdx"), m.get("endIdx"), m.get("type"), m.get("text")
        if not (isinstance(start, int) and isinstance(end, int) and isinstance(kind, str)):
            raise BadRecord(f'mention {i}: needs whole-number "startIdx"/"endIdx" and a "type"')
        if said is not None and text[start:end] != said:
            index = index or Utf16Index(text)
            try:
                s16, e16 = index.span_to_codepoint(start, end)
            except ValueError:
                s16 = e16 = -1
            if text[s16:e16] != said or s16 < 0:
                raise BadRecord(
                    f"mention {i} ({kind}) {start}-{end} says {said!r} but the text there is "
                    f"{text[start:end]!r}"
                )
            warnings.append(f"mention {i} ({kind}) matched only in UTF-16 units")
            start, end = s16, e16
        if not 0 <= start < end <= len(text):
            raise BadRecord(f"mention {i} ({kind}) {start}-{end} falls outside the text")
        if (start, end, kind) in spans:
            warnings.append(f"mention {i} ({kind} {start}-{end}) is listed twice; kept once")
            continue
        spans[(start, end, kind)] = SourceSpan(start, end, kind)
    meta = {k: v for k, v in obj.items() if k not in ("text", "location_mentions", "tweet_id")}
    meta["source_format"] = "idrisi"
    if warnings:
        meta["import_warnings"] = warnings
    ext_id = obj.get("tweet_id", obj.get("id"))
    return SourceRecord(
        path=str(path),
        line=number,
        ext_id=None if ext_id is None else str(ext_id),
        text=text,
        title=first_line_title(text),
        meta=meta,
        status="done",  # a gold set: a tweet with no mention was read and has none
        spans=tuple(sorted(spans.values(), key=lambda s: (s.start, -s.end))),
        has_annotations=True,
        bytes_done=bytes_done,
    )


def sniff_idrisi(path: Path, head: str) -> str | None:
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    try:
        obj = orjson.loads(first)
    except orjson.JSONDecodeError:
        return None
    if isinstance(obj, dict) and "text" in obj and isinstance(obj.get("location_mentions"), list):
        return "IDRISI location-mention JSONL"
    return None


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


class ConllWriter:
    """`token<TAB>TAG` lines, a blank line between sentences, documents in export order.

    Each document starts with `-DOCSTART- -X- O O` and a blank line: the delimiter spaCy's
    `spacy convert` splits documents on, and one that readers testing for a line starting
    with `-DOCSTART-` (Hugging Face's conll2003 script, flair) skip. Comment lines
    (`# id = ...`) were not chosen: readers that do not know CoNLL-U comments take them as
    tokens, and `#` is a real token in tweets. So document ids cannot be kept (reported).
    """

    NEEDS_TOKENS = True
    DOCSTART_LINE = "-DOCSTART- -X- O O"

    def __init__(self, target: Path, scheme: str = "iob2", docstart: bool = True) -> None:
        if scheme not in ("iob2", "bioes"):
            raise ValueError(f"scheme must be 'iob2' or 'bioes', not {scheme!r}")
        self.scheme = scheme
        self.docstart = docstart
        self.report = WriteReport()
        self._out = AtomicFile(Path(target))

    def add(self, doc: ExportDoc) -> None:
        tagged = tag_tokens(doc, self.report, self.scheme)
        if not tagged.texts:
            self.report.lose("documents with no tokens")
            return
        pairs = list(map("{}\t{}".format, tagged.texts, tagged.tags))
        lines = [self.DOCSTART_LINE, ""] if self.docstart else []
        for a, b in pairwise(tagged.breaks):
            lines.extend(pairs[a:b])
            lines.append("")
        self._out.handle.write(("\n".join(lines) + "\n").encode("utf-8"))
        self.report.documents += 1
        self.report.lose("document ids (CoNLL has no field for them)")
        if doc.annotator is not None:
            self.report.lose("annotator names (one block per document and annotator)")

    def finish(self) -> WriteReport:
        self.report.files.append(self._out.commit())
        return self.report

    def abort(self) -> None:
        self._out.abort()


__all__ = [
    "ConllWriter",
    "TagDecoding",
    "TaggedTokens",
    "is_tag",
    "read_conll",
    "read_idrisi",
    "sniff_conll",
    "sniff_idrisi",
    "spans_from_tags",
    "tag_document",
    "tag_tokens",
]
