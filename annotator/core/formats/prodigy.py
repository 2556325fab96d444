"""Prodigy JSONL (ner.manual and friends): `text`, `tokens`, `spans`, `answer`, `meta`.

Offsets are code points (Prodigy is Python), end exclusive; `token_end` is inclusive. An
accepted record is a finished document, with or without spans: "accepted, nothing to mark"
is a negative example a model needs, so it is kept as done. A record without an answer and
without `spans` is a document nobody annotated. Rejected and ignored records, and records
whose text is blank, hold no span anyone meant: they are skipped and counted, not imported.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from operator import attrgetter
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from annotator.core.formats.atomic import AtomicFile
from annotator.core.formats.exchange import ExportDoc, ExportSpan, WriteReport, unwritable
from annotator.core.formats.jsonlines import read_records
from annotator.core.formats.offset_units import OffsetMisfit, RawSpan, settle_units
from annotator.core.formats.records import (
    BLANK_TEXT,
    BadRecord,
    ReadItem,
    Skipped,
    SourceRecord,
    SourceRelation,
    SourceSpan,
    first_line_title,
    is_whole,
    json_object,
    text_and_meta,
)
from annotator.core.formats.token_json import TokenNumbers, token_lists
from annotator.core.text.decode import canonicalize
from annotator.core.text.tokens import (
    TokenView,
    batch_bound_arrays,
    code_points,
    regex_bound_arrays,
)

# Prodigy's bookkeeping, kept in meta on import; not written back (Prodigy sets it again).
_HOUSEKEEPING = ("_input_hash", "_task_hash", "_session_id", "_view_id", "_timestamp")
_OWN_KEYS = frozenset(
    {"text", "tokens", "spans", "relations", "answer", "meta", "id", "_annotator_id"}
)
# Answers that say the annotator passed on the task: whatever spans it holds were not meant.
_PASSED = ("ignore", "reject")


# --------------------------------------------------------------------------- reading


def read_prodigy(path: Path, encoding: str | None = None) -> Iterator[ReadItem]:
    """Yield one record (or problem) per non-blank line, streaming the file."""
    return read_records(path, encoding, _record)


def _record(path: Path, number: int, raw: str, bytes_done: int) -> SourceRecord | Skipped:
    obj = json_object(raw)
    text, meta = text_and_meta(obj)
    answer = obj.get("answer")
    if not text.strip():
        return Skipped(str(path), number, BLANK_TEXT)
    if answer in _PASSED:
        return Skipped(str(path), number, f"Prodigy answer {answer!r}")
    meta = dict(meta)
    warnings: list[str] = []
    for key, value in obj.items():
        if key not in _OWN_KEYS and value is not None:
            meta[key] = value  # hashes, view id, and any custom field
    if answer is not None and answer != "accept":
        meta["answer"] = answer
        warnings.append(f"Prodigy answer is {answer!r}, not 'accept'")
    tokens = _tokens(obj.get("tokens"), text, warnings)
    spans = _spans(obj.get("spans"), text, tokens, warnings)
    relations = _relations(obj.get("relations"), spans, tokens, warnings)
    if warnings:
        meta["import_warnings"] = warnings
    ext_id = obj.get("id", meta.get("id"))
    if ext_id is not None and not isinstance(ext_id, (str, int)):
        raise BadRecord('"id" must be a string or a number')
    annotator = obj.get("_annotator_id")
    return SourceRecord(
        path=str(path),
        line=number,
        ext_id=None if ext_id is None else str(ext_id),
        text=text,
        title=str(meta.get("title") or first_line_title(canonicalize(text))),
        meta=meta,
        annotator=annotator if isinstance(annotator, str) and annotator else None,
        status="done" if answer == "accept" else None,
        spans=tuple(SourceSpan(s.start, s.end, s.label, ref=s.ref) for s in spans),
        relations=relations,
        has_annotations="spans" in obj or answer == "accept",
        bytes_done=bytes_done,
    )


def _tokens(items: Any, text: str, warnings: list[str]) -> list[tuple[int, int]] | None:
    """The tokens' (start, end), or None when absent or not matching the text."""
    if items is None:
        return None
    if not isinstance(items, list):
        raise BadRecord('"tokens" must be a list')
    out: list[tuple[int, int]] = []
    for i, token in enumerate(items):
        if not isinstance(token, dict):
            raise BadRecord(f"token {i} is not an object")
        start, end = token.get("start"), token.get("end")
        if not (is_whole(start) and is_whole(end)) or not 0 <= start <= end <= len(text):
            raise BadRecord(f"token {i}: start/end {start!r}-{end!r} do not fit the text")
        if isinstance(token.get("text"), str) and token["text"] != text[start:end]:
            warnings.append(
                f"token {i} says {token['text']!r} but the text there is {text[start:end]!r}; "
                "token indices were not used"
            )
            return None
        out.append((start, end))
    return out


def _spans(
    items: Any, text: str, tokens: list[tuple[int, int]] | None, warnings: list[str]
) -> list[RawSpan]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise BadRecord('"spans" must be a list')
    raw = []
    off_tokens = 0
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise BadRecord(f"span {i} is not an object")
        label = item.get("label")
        if not isinstance(label, str) or not label:
            raise BadRecord(f'span {i}: "label" must be a non-empty string')
        start, end = item.get("start"), item.get("end")
        first, last = item.get("token_start"), item.get("token_end")
        if (start is None or end is None) and tokens is not None and is_whole(first):
            if not (is_whole(last) and 0 <= first <= last < len(tokens)):
                raise BadRecord(f"span {i} ({label}): token_start/token_end outside the tokens")
            start, end = tokens[first][0], tokens[last][1]  # token_end is inclusive
        if not (is_whole(start) and is_whole(end)):
            raise BadRecord(f'span {i} ({label}): "start" and "end" must be whole numbers')
        if tokens is not None and is_whole(first) and is_whole(last):
            inside = 0 <= first <= last < len(tokens)
            if not inside or (tokens[first][0], tokens[last][1]) != (start, end):
                off_tokens += 1
        span_text = item.get("text") if isinstance(item.get("text"), str) else None
        raw.append(RawSpan(f"span {i}", start, end, label, span_text, ref=str(i)))
    if off_tokens:
        warnings.append(
            f"{off_tokens} span(s) whose token_start/token_end disagree with their character "
            "offsets; the character offsets were used"
        )
    try:
        settled, _warning = settle_units(text, raw, "codepoint")
    except OffsetMisfit as exc:
        raise BadRecord(str(exc)) from exc
    if _warning:  # Prodigy is Python: code points; UTF-16 only when nothing else fits
        warnings.append(_warning)
    return settled


def _relations(
    items: Any,
    spans: list[RawSpan],
    tokens: list[tuple[int, int]] | None,
    warnings: list[str],
) -> tuple[SourceRelation, ...]:
    """rel.manual relations: `head_span`/`child_span` (or head/child tokens) to span refs."""
    if not items:
        return ()
    if not isinstance(items, list):
        raise BadRecord('"relations" must be a list')
    out = []
    unmatched = 0
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise BadRecord(f"relation {i} is not an object")
        head = _span_ref(item.get("head_span"), item.get("head"), spans, tokens)
        tail = _span_ref(item.get("child_span"), item.get("child"), spans, tokens)
        label = item.get("label")
        if head is None or tail is None or not isinstance(label, str) or not label:
            unmatched += 1
            continue
        out.append(SourceRelation(head, tail, label))
    if unmatched:
        warnings.append(f"{unmatched} relation(s) not between labelled spans were not imported")
    return tuple(out)


def _span_ref(
    given: Any, token: Any, spans: list[RawSpan], tokens: list[tuple[int, int]] | None
) -> str | None:
    if isinstance(given, dict):
        for span in spans:
            if (span.start, span.end) == (given.get("start"), given.get("end")):
                return span.ref
    if tokens is not None and is_whole(token) and 0 <= token < len(tokens):
        start, end = tokens[token]
        for span in spans:
            if span.start <= start and end <= span.end:
                return span.ref
    return None


def sniff_prodigy(path: Path, head: str) -> str | None:
    """Prodigy JSONL: "text" with "tokens", spans with "token_start", or Prodigy's hashes."""
    stripped = head.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("{"):
        return None
    line = stripped.split("\n", 1)[0]
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError:
        obj = None
    if obj is None:  # a first line longer than the head
        if '"_input_hash"' in line or ('"tokens"' in line and '"token_start"' in line):
            return "Prodigy JSONL"
        return None
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return None
    if "offset_unit" in obj or "text_sha256" in obj:
        return None  # our own JSONL exported with tokens
    spans = obj.get("spans")
    with_tokens = isinstance(spans, list) and any(
        isinstance(s, dict) and "token_start" in s for s in spans
    )
    tokens = obj.get("tokens")
    token_dicts = isinstance(tokens, list) and all(
        isinstance(t, dict) and "start" in t for t in tokens
    )  # Hugging Face rows carry "tokens" too, as bare strings
    if token_dicts or with_tokens:
        return "Prodigy JSONL (tokens and spans)"
    if any(k in obj for k in ("_input_hash", "_task_hash", "_view_id")):
        return "Prodigy JSONL"
    return None


# --------------------------------------------------------------------------- writing


class ProdigyWriter:
    """Prodigy JSONL, one line per (document, annotator), with the tokens it was given.

    Spans get token_start/token_end (inclusive) when their edges fall on token edges, and
    keep their character offsets either way. The annotator goes in `_annotator_id`, the
    document id in `id`; the answer is the one imported (meta "answer") or "accept".
    """

    NEEDS_TOKENS = True

    def __init__(self, target: Path, **options: Any) -> None:
        self.target = Path(target)
        self._out = AtomicFile(self.target)
        self._report = WriteReport()
        self._numbers = TokenNumbers()

    def add(self, doc: ExportDoc) -> None:
        if doc.tokens is None:
            raise ValueError("ProdigyWriter needs tokens (NEEDS_TOKENS): none were given")
        tokens = TokenView.of(doc.text, doc.tokens)
        by_start, by_end = _token_index(tokens, doc.spans)
        firsts = [by_start.get(s.start, -1) for s in doc.spans]
        lasts = [by_end.get(s.end, -1) for s in doc.spans]
        self._write(doc, _token_dicts(doc.text, tokens), firsts, lasts)

    def add_batch(self, docs: Sequence[ExportDoc]) -> None:
        """add() for each document, their token lists laid out for the whole batch at once
        (token_json): regex tokens found for the batch, or the tokens given (Persian, from
        hazm). A batch with lone surrogates in its text (the error naming the document), or
        given tokens token_json cannot lay out, goes one by one."""
        text = "\n".join(doc.text for doc in docs)
        lengths = np.fromiter((len(doc.text) for doc in docs), dtype=np.int64, count=len(docs))
        doc_starts = np.concatenate(([0], np.cumsum(lengths + 1)))
        codes = code_points(text)
        try:  # UTF-8 refuses lone surrogates, as orjson does
            encoded: bytes | None = text.encode("utf-8")
        except UnicodeEncodeError:
            encoded = None
        bounds = None if encoded is None else _batch_bounds(docs, text, codes, doc_starts)
        if bounds is None or encoded is None:
            for doc in docs:
                self.add(doc if doc.tokens is not None else _with_regex_tokens(doc))
            return
        starts, ends = bounds
        doc_tokens = np.searchsorted(starts, doc_starts)
        lists = token_lists(encoded, codes, doc_starts, doc_tokens, starts, ends, self._numbers)
        # _token_index over the batch: the token that starts at each span's start, and the
        # one that ends at its end (a span never reaches into the next document).
        counts = [len(doc.spans) for doc in docs]
        span_doc = np.repeat(np.arange(len(docs)), counts)
        at = doc_starts[:-1][span_doc]
        span_starts = np.fromiter((s.start for d in docs for s in d.spans), np.int64, len(at))
        span_ends = np.fromiter((s.end for d in docs for s in d.spans), np.int64, len(at))
        last_token = max(len(starts) - 1, 0)
        first = np.minimum(np.searchsorted(starts, span_starts + at), last_token)
        last = np.minimum(np.searchsorted(ends, span_ends + at), last_token)
        has_first = starts[first] == span_starts + at if len(starts) else first < 0
        has_last = ends[last] == span_ends + at if len(ends) else last < 0
        # Each span's token_start and token_end, or -1 where no token edge is there.
        local_first = np.where(has_first, first - doc_tokens[:-1][span_doc], -1).tolist()
        local_last = np.where(has_last, last - doc_tokens[:-1][span_doc], -1).tolist()
        i = 0
        for k, doc in enumerate(docs):
            j = i + counts[k]
            self._write(doc, orjson.Fragment(lists[k]), local_first[i:j], local_last[i:j])
            i = j

    def _write(self, doc: ExportDoc, token_list: Any, firsts: list[int], lasts: list[int]) -> None:
        """The document's line; span i starts at token firsts[i] and ends at lasts[i]
        (-1: no token edge there)."""
        meta = doc.meta
        dropped = sum(1 for k in meta if k in _HOUSEKEEPING)
        if dropped or "answer" in meta or "title" not in meta:
            meta = {k: v for k, v in meta.items() if k not in _HOUSEKEEPING and k != "answer"}
            self._report.lose("Prodigy hashes and session ids from an earlier import", dropped)
            meta.setdefault("title", doc.title)
        spans: list[dict[str, Any]] = [
            {"start": s.start, "end": s.end, "text": s.text, "label": s.label}
            if last < first or first < 0
            else {
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "label": s.label,
                "token_start": first,
                "token_end": last,
            }
            for s, first, last in zip(doc.spans, firsts, lasts, strict=True)
        ]
        off_edges = sum(map(_OFF_EDGES.__contains__, map(len, spans)))
        self._report.lose("spans not on token edges (token_start/token_end omitted)", off_edges)
        edges = (
            {
                s.id: (first, last)
                for s, first, last in zip(doc.spans, firsts, lasts, strict=True)
                if 0 <= first <= last
            }
            if doc.relations
            else {}
        )
        if any(map(_ATTRS, doc.spans)):
            self._report.lose(
                "span attributes (Prodigy spans have none)", sum(1 for s in doc.spans if s.attrs)
            )
        line: dict[str, Any] = {
            "id": doc.ext_id,
            "text": doc.text,
            "meta": meta,
            "tokens": token_list,
            "spans": spans,
        }
        relations = self._relations(doc, edges)
        if relations:
            line["relations"] = relations
        line["answer"] = doc.meta.get("answer", "accept")
        if doc.annotator is not None:
            line["_annotator_id"] = doc.annotator
        if doc.status not in ("done", "reviewed"):
            self._report.lose(
                "annotation status other than done (Prodigy only knows answers: written as "
                f"{line['answer']!r})"
            )
        # The newline by orjson: `+ b"\n"` copied each line again (a Prodigy line is ~7 bytes
        # a character of its text: 88 MB for the benchmark's export).
        try:
            data = orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE)
        except TypeError as exc:  # the batch's lone surrogates in the text, or meta's
            raise unwritable(doc.ext_id, doc.title, line, exc) from None
        self._out.handle.write(data)
        self._report.documents += 1
        self._report.spans += len(doc.spans)

    def _relations(self, doc: ExportDoc, edges: dict[int, tuple[int, int]]) -> list[Any]:
        """rel.manual's form: head/child are the spans' last tokens, with the spans given."""
        spans = {s.id: s for s in doc.spans}
        out = []
        for rel in doc.relations:
            if rel.head not in edges or rel.tail not in edges:
                self._report.lose("relations between spans not on token edges")
                continue
            if rel.attrs:
                self._report.lose("relation attributes (Prodigy relations have none)")
            out.append(
                {
                    "head": edges[rel.head][1],
                    "child": edges[rel.tail][1],
                    "head_span": _span_ref_dict(spans[rel.head], edges[rel.head]),
                    "child_span": _span_ref_dict(spans[rel.tail], edges[rel.tail]),
                    "label": rel.type,
                }
            )
        return out

    def finish(self) -> WriteReport:
        self._report.files.append(self._out.commit())
        return self._report

    def abort(self) -> None:
        self._out.abort()


def _batch_bounds(
    docs: Sequence[ExportDoc], text: str, codes: np.ndarray, doc_starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Each document's tokens as offsets into the batch's joined text: the regex tokens of
    the whole text, or where some are given, each document's (given or its regex tokens).
    None when given tokens are not as token_json needs them: in order, none empty, none
    overlapping, and what JSON escapes only in tokens of one character."""
    if all(doc.tokens is None for doc in docs):
        return regex_bound_arrays(text)
    starts, ends, counts = batch_bound_arrays([(d.text, d.tokens) for d in docs])
    at = np.repeat(doc_starts[:-1], counts)
    starts, ends = starts + at, ends + at
    lengths = ends - starts
    doc_ends = np.repeat(doc_starts[1:] - 1, counts)
    if np.any(lengths <= 0) or np.any(starts < at) or np.any(ends > doc_ends):
        return None
    if np.any(starts[1:] < ends[:-1]):
        return None
    escapes = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(_JSON_ESCAPES[np.minimum(codes, 0x80)], out=escapes[1:])
    if np.any((escapes[ends] - escapes[starts] > 0) & (lengths > 1)):
        return None
    return starts, ends


def _with_regex_tokens(doc: ExportDoc) -> ExportDoc:
    """A document a batch writer got without tokens: its regex tokens, as the exporter
    gives them to one-by-one writers."""
    return replace(doc, tokens=TokenView(doc.text, *regex_bound_arrays(doc.text), plain=True))


_JSON_ESCAPES = np.zeros(0x81, dtype=bool)  # a quote, a backslash, a control character
_JSON_ESCAPES[:0x20] = _JSON_ESCAPES[0x22] = _JSON_ESCAPES[0x5C] = True
_OFF_EDGES = frozenset({4})  # the keys of a span item without token_start and token_end
_ATTRS = attrgetter("attrs")


def _token_index(
    tokens: TokenView, spans: Sequence[ExportSpan]
) -> tuple[dict[int, int], dict[int, int]]:
    """The token starting at each span's start and the one ending at its end, where there
    is one (the last such token, as a dict of every token gives). For regex tokens (in order,
    none overlapping) a binary search per span instead of two dicts of every token."""
    if not tokens.plain:
        by_start = dict(zip(tokens.starts, range(len(tokens)), strict=True))
        by_end = dict(zip(tokens.ends, range(len(tokens)), strict=True))
        return by_start, by_end
    starts, ends = tokens.start_array(), tokens.end_array()
    span_starts = np.array([s.start for s in spans], dtype=np.int64)
    span_ends = np.array([s.end for s in spans], dtype=np.int64)
    first = np.minimum(np.searchsorted(starts, span_starts), max(len(starts) - 1, 0))
    last = np.minimum(np.searchsorted(ends, span_ends), max(len(ends) - 1, 0))
    found_start = starts[first] == span_starts if len(starts) else np.zeros(len(spans), bool)
    found_end = ends[last] == span_ends if len(ends) else np.zeros(len(spans), bool)
    return (
        dict(zip(span_starts[found_start].tolist(), first[found_start].tolist(), strict=True)),
        dict(zip(span_ends[found_end].tolist(), last[found_end].tolist(), strict=True)),
    )


def _token_dicts(text: str, tokens: TokenView) -> list[dict[str, Any]]:
    """Prodigy's tokens; `ws` says whether whitespace follows, as spaCy's whitespace_ does.

    Built from the offset lists in one comprehension: a million tokens per export (issue 12).
    (Gathering their JSON with numpy, as the CoNLL writer does its lines, was slower: the
    JSON is five times the text, and orjson writes dicts about as fast.)"""
    after = [e < len(text) and text[e].isspace() for e in tokens.ends]
    return [
        {"text": t, "start": s, "end": e, "id": i, "ws": w}
        for i, (t, s, e, w) in enumerate(
            zip(tokens.texts(), tokens.starts, tokens.ends, after, strict=True)
        )
    ]


def _span_ref_dict(span: Any, edge: tuple[int, int]) -> dict[str, Any]:
    return {
        "start": span.start,
        "end": span.end,
        "token_start": edge[0],
        "token_end": edge[1],
        "label": span.label,
    }
