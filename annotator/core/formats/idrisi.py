"""IDRISI-R location-mention JSONL (Arabic tweets, code point offsets)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from annotator.core.formats.jsonlines import read_records
from annotator.core.formats.records import (
    BLANK_TEXT,
    BadRecord,
    ReadItem,
    Skipped,
    SourceRecord,
    SourceSpan,
    first_line_title,
    is_whole,
    ours_misread,
)
from annotator.core.text.utf16 import Utf16Index


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
        if not (is_whole(start) and is_whole(end) and isinstance(kind, str)):
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
