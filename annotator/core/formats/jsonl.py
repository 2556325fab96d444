"""Our JSONL (DESIGN.md): read line by line, every span checked against the text it indexes;
written as the exporter builds each line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.core.formats.atomic import AtomicFile
from annotator.core.formats.exchange import WriteReport, unwritable
from annotator.core.formats.jsonlines import read_records
from annotator.core.formats.predictions import predictions_of
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
from annotator.core.text.decode import canonicalize
from annotator.core.text.utf16 import Utf16Index

OFFSET_UNITS = ("codepoint", "utf16")


def read_jsonl(path: Path, encoding: str | None = None) -> Iterator[ReadItem]:
    """Yield one record (or problem) per non-blank line, streaming the file."""
    return read_records(path, encoding, _record)


def _record(path: Path, number: int, raw: str, bytes_done: int) -> SourceRecord | Skipped:
    obj = json_object(raw)
    text, meta = text_and_meta(obj)
    if not text.strip():
        return Skipped(str(path), number, BLANK_TEXT)  # no span can sit on it
    original = obj.get("original_text")
    if original is not None and not isinstance(original, str):
        raise BadRecord('"original_text" must be a string')
    ext_id = obj.get("id")
    if ext_id is not None and not isinstance(ext_id, (str, int)):
        raise BadRecord('"id" must be a string or a number')
    unit = obj.get("offset_unit", "codepoint")
    if unit not in OFFSET_UNITS:
        raise BadRecord(f'"offset_unit" must be one of {", ".join(OFFSET_UNITS)}, not {unit!r}')
    spans, refs = _spans(obj.get("spans") or [], text, unit)
    predictions, predicted_by = predictions_of(
        obj, text, Utf16Index(text) if unit == "utf16" else None
    )
    # Offsets were checked against the text as written; only now drop \r and a BOM, which
    # the importer's alignment of `text` to the stored text takes care of.
    title = obj.get("title") or meta.get("title") or first_line_title(canonicalize(text))
    return SourceRecord(
        path=str(path),
        line=number,
        ext_id=None if ext_id is None else str(ext_id),
        text=text,
        title=str(title),
        meta=meta,
        original_text=original,
        annotator=_optional_str(obj, "annotator"),
        status=_optional_str(obj, "status"),
        spans=spans,
        relations=_relations(obj.get("relations") or [], refs),
        has_annotations="spans" in obj,
        predictions=predictions,
        predicted_by=predicted_by,
        bytes_done=bytes_done,
    )


def _optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise BadRecord(f'"{key}" must be a string')
    return value


def _spans(items: Any, text: str, unit: str) -> tuple[tuple[SourceSpan, ...], set[str]]:
    if not isinstance(items, list):
        raise BadRecord('"spans" must be a list')
    index = Utf16Index(text) if unit == "utf16" else None
    spans: list[SourceSpan] = []
    refs: set[str] = set()
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise BadRecord(f"span {i} is not an object")
        start, end, label = item.get("start"), item.get("end"), item.get("label")
        if not (is_whole(start) and is_whole(end)):
            raise BadRecord(f'span {i}: "start" and "end" must be whole numbers')
        if not isinstance(label, str) or not label:
            raise BadRecord(f'span {i}: "label" must be a non-empty string')
        if index is not None:
            start, end = _from_utf16(index, i, label, start, end)
        if not 0 <= start < end <= len(text):
            raise BadRecord(
                f"span {i} ({label}) offsets {start}-{end} fall outside the text "
                f"(0-{len(text)} code points)"
            )
        expected = item.get("text")
        if expected is not None and expected != text[start:end]:
            raise BadRecord(
                f"span {i} ({label}) {start}-{end} says {expected!r} but the text there is "
                f"{text[start:end]!r}"
            )
        attrs = _attrs(item, f"span {i}")
        ref = None if item.get("id") is None else str(item["id"])
        if ref is not None:
            if ref in refs:
                raise BadRecord(f"span {i}: id {ref!r} is used twice")
            refs.add(ref)
        spans.append(SourceSpan(start, end, label, attrs, ref, attrs_stated="attrs" in item))
    return tuple(spans), refs


def _from_utf16(index: Utf16Index, i: int, label: str, start: int, end: int) -> tuple[int, int]:
    """Code points of UTF-16 offsets that fall between characters; one inside an emoji's
    surrogate pair means the offsets were counted some other way, so widening it would
    import a span the file never had."""
    try:
        cp_start, cp_end = index.to_codepoint(start, "start"), index.to_codepoint(end, "end")
    except ValueError:
        raise BadRecord(
            f"span {i} ({label}) offsets {start}-{end} fall outside the text "
            f"(0-{index.utf16_length} UTF-16 units)"
        ) from None
    if index.to_utf16(cp_start) != start or index.to_utf16(cp_end) != end:
        raise BadRecord(
            f"span {i} ({label}) UTF-16 offsets {start}-{end} cut a character in two "
            "(an emoji?): were they counted in code points?"
        )
    return cp_start, cp_end


def _attrs(item: dict[str, Any], what: str) -> dict[str, Any]:
    """A span's or relation's attributes: an object, or absent (null too). An empty list,
    0 or "" is not an empty object but a mistake, refused like any other (the exporters
    read attributes as an object)."""
    attrs = item.get("attrs")
    if attrs is None:
        return {}
    if not isinstance(attrs, dict):
        raise BadRecord(f'{what}: "attrs" must be an object')
    return attrs


def _relations(items: Any, refs: set[str]) -> tuple[SourceRelation, ...]:
    if not isinstance(items, list):
        raise BadRecord('"relations" must be a list')
    relations = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise BadRecord(f"relation {i} is not an object")
        head, tail = str(item.get("head")), str(item.get("tail"))
        rtype = item.get("type") or item.get("label")
        if head not in refs or tail not in refs:
            raise BadRecord(f"relation {i} points at a span id that this record does not have")
        if not isinstance(rtype, str) or not rtype:
            raise BadRecord(f'relation {i}: "type" must be a non-empty string')
        attrs = _attrs(item, f"relation {i}")
        relations.append(SourceRelation(head, tail, rtype, attrs))
    return tuple(relations)


class JsonlWriter:
    """Our own JSONL (a `LineWriter`): each line straight to the file as the exporter built
    it, spans still as SQLite's JSON when nothing changed them (the fast path)."""

    def __init__(self, target: Path) -> None:
        self.file = AtomicFile(target)
        self.report = WriteReport()

    def add_line(self, line: dict[str, Any]) -> None:
        try:
            data = orjson.dumps(line)
        except TypeError as exc:
            raise unwritable(line["id"], line["title"], line, exc) from None
        self.file.handle.write(data)
        self.file.handle.write(b"\n")

    def finish(self) -> WriteReport:
        self.report.files.append(self.file.commit())
        return self.report

    def abort(self) -> None:
        self.file.abort()
