"""doccano JSONL: sequence labelling (`label` lists) and relation extraction (`entities`).

Read forms: `{"text", "label": [[start, end, label], ...]}` (current), `"labels"` and
`"annotations": [{"start_offset", "end_offset", "label", "user"}]` (doccano 1.x and older),
and `{"text", "entities": [...], "relations": [...]}`. doccano puts every other column in the
example's metadata and exports it back flattened at the top level, so unknown keys are meta.

Offsets are code points in current doccano; exports made in the browser count UTF-16 units.
A record is read in code points unless its spans only fit as UTF-16 (the text has astral
characters and a span runs past the end or contradicts its own text), and then it is
converted with a warning. A `.jsonl` that is one pretty-printed JSON object (or array) is
recognised and read whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypedDict

import orjson

from annotator.core.errors import InputError, InputProblem
from annotator.core.formats.atomic import AtomicFile
from annotator.core.formats.exchange import ExportDoc, WriteReport, unwritable
from annotator.core.formats.jsonlines import numbered_lines
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
    ours_misread,
)
from annotator.core.text.decode import canonicalize, read_text_file

# Keys doccano (or our export) gives a meaning; anything else in a record is metadata.
_SPAN_KEYS = ("entities", "label", "labels", "annotations")
_OWN_KEYS = frozenset(
    {"id", "text", "meta", "relations", "annotator", "user", "status", "title", *_SPAN_KEYS}
)
_META_PREFIX = "meta."  # a meta field named like one of the keys above, as we export it


# --------------------------------------------------------------------------- reading


def read_doccano(
    path: Path,
    encoding: str | None = None,
    *,
    text_key: str = "text",
    label_key: str | None = None,
) -> Iterator[ReadItem]:
    """Yield one record per line (per user for doccano 1.x `annotations`), or problems.

    `text_key`/`label_key` name the columns when the doccano project used other names
    (doccano's import dialog lets users choose them: `column_data`, `column_label`).
    """
    try:
        first = _first_line(path, encoding)
        if first is not None and _is_multiline_json(first[1]):
            whole = _whole_file(path, encoding)
            if whole is not None:
                yield from _read_whole(path, whole, first[0], text_key, label_key)
                return
        for number, raw, bytes_done in numbered_lines(path, encoding):
            if not raw.strip():
                continue
            try:
                obj = _loads(raw)
                yield from _records(path, number, obj, bytes_done, text_key, label_key)
            except BadRecord as exc:
                yield exc.problem(path, number)
    except InputError as exc:
        yield exc.problem


def _first_line(path: Path, encoding: str | None) -> tuple[int, str] | None:
    for number, raw, _done in numbered_lines(path, encoding):
        if raw.strip():
            return number, raw
    return None


def _is_multiline_json(line: str) -> bool:
    """A first line that opens JSON but is not JSON by itself (a pretty-printed file), or
    a JSON array: either way the file is one JSON value, not one record per line."""
    stripped = line.strip()
    if not stripped.startswith(("{", "[")):
        return False
    try:
        return isinstance(orjson.loads(stripped), list)
    except orjson.JSONDecodeError:
        return True


def _whole_file(path: Path, encoding: str | None) -> Any:
    """The file parsed as one JSON value, or None when it is not one (broken JSONL)."""
    try:
        return orjson.loads(read_text_file(path, encoding))
    except orjson.JSONDecodeError:
        return None


def _read_whole(
    path: Path, whole: Any, line: int, text_key: str, label_key: str | None
) -> Iterator[ReadItem]:
    size = path.stat().st_size
    if isinstance(whole, dict):
        try:
            yield from _records(path, line, whole, size, text_key, label_key)
        except BadRecord as exc:
            yield exc.problem(path, line, "the file is one JSON object: ")
        return
    if not isinstance(whole, list):
        yield InputProblem(str(path), "the file is one JSON value, not doccano records", line)
        return
    for i, obj in enumerate(whole, start=1):
        try:
            done = size * i // len(whole)
            yield from _records(path, None, obj, done, text_key, label_key)
        except BadRecord as exc:
            yield exc.problem(path, prefix=f"record {i} of the JSON array: ")


def _loads(raw: str) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadRecord(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc


class _Common(TypedDict):
    """The fields every annotator's record of one line shares."""

    path: str
    line: int | None
    ext_id: str | None
    text: str
    title: str
    status: str | None
    has_annotations: bool
    bytes_done: int


def _records(
    path: Path,
    number: int | None,
    obj: Any,
    bytes_done: int,
    text_key: str,
    label_key: str | None,
) -> Iterator[SourceRecord | Skipped]:
    if not isinstance(obj, dict):
        raise BadRecord(f"expected a JSON object, found {type(obj).__name__}")
    text = obj.get(text_key)
    if not isinstance(text, str):
        keys = ", ".join(list(obj)[:8]) or "none"
        raise BadRecord(f'no "{text_key}" string in this record (its keys: {keys})')
    if not text.strip():
        yield Skipped(str(path), number, BLANK_TEXT)  # no span can sit on it
        return
    meta = _meta(obj, text_key, label_key)
    warnings: list[str] = []
    ext_id = obj.get("id")
    if ext_id is not None and not isinstance(ext_id, (str, int)):
        raise BadRecord('"id" must be a string or a number')
    misread = ours_misread(obj, (label_key,) if label_key else _SPAN_KEYS, "doccano")
    if misread:
        raise BadRecord(misread)
    key, raw = _raw_spans(obj, label_key, warnings)
    refs_given = key == "entities"
    try:
        spans, warning = settle_units(text, raw)
    except OffsetMisfit as exc:
        raise BadRecord(str(exc)) from exc
    if warning:
        warnings.append(warning)
    title = obj.get("title") or meta.get("title") or first_line_title(canonicalize(text))
    status = obj.get("status") if isinstance(obj.get("status"), str) else None
    base: _Common = {
        "path": str(path),
        "line": number,
        "ext_id": None if ext_id is None else str(ext_id),
        "text": text,
        "title": str(title),
        "status": status,
        "has_annotations": key is not None,
        "bytes_done": bytes_done,
    }
    by_user = _group_by_user(spans) if key == "annotations" else {None: spans}
    relations = _relations(obj.get("relations"), spans) if refs_given else ()
    if not refs_given and obj.get("relations"):
        raise BadRecord('"relations" given without "entities" to point at')
    for user, group in by_user.items():
        user_warnings = list(warnings)  # one user's duplicates are not another's
        kept = _dedupe(group, user_warnings)
        record_meta = dict(meta)
        if user_warnings:
            record_meta["import_warnings"] = user_warnings
        yield SourceRecord(
            **base,
            meta=record_meta,
            annotator=_annotator(obj, user),
            spans=tuple(SourceSpan(s.start, s.end, s.label, ref=s.ref) for s in kept),
            relations=relations,
        )


def _meta(obj: dict[str, Any], text_key: str, label_key: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    given = obj.get("meta")
    if isinstance(given, dict):
        meta.update(given)
    elif given is not None:
        meta["meta"] = given
    for key, value in obj.items():
        if key in _OWN_KEYS or key in (text_key, label_key):
            continue
        if key == "Comments" and not value:  # doccano exports an empty list on every line
            continue
        meta[key.removeprefix(_META_PREFIX)] = value
    return meta


def _annotator(obj: dict[str, Any], user: Any) -> str | None:
    for value in (obj.get("annotator"), user, obj.get("user")):
        if isinstance(value, str) and value:
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return f"doccano-user-{value}"
    return None


def _raw_spans(
    obj: dict[str, Any], label_key: str | None, warnings: list[str]
) -> tuple[str | None, list[RawSpan]]:
    """Which key holds the spans, and the spans as written (offsets not yet checked)."""
    keys = (label_key,) if label_key else _SPAN_KEYS
    key = next((k for k in keys if k in obj and obj[k] is not None), None)
    if key is None:
        return None, []
    items = obj[key]
    if not isinstance(items, list):
        raise BadRecord(f'"{key}" must be a list')
    if key in ("entities", "annotations"):
        spans = [_offset_item(key, i, item) for i, item in enumerate(items, start=1)]
        if key == "annotations" and any(isinstance(item.get("label"), int) for item in items):
            warnings.append(
                "labels are doccano label ids (this export has no label names); "
                "rename them after import"
            )
        return key, spans
    return key, [_list_item(key, i, item) for i, item in enumerate(items, start=1)]


def _list_item(key: str, i: int, item: Any) -> RawSpan:
    if isinstance(item, str):
        raise BadRecord(
            f'"{key}" holds categories ({item!r}), not spans: this is a text '
            "classification export, not sequence labelling"
        )
    if isinstance(item, dict):
        return _offset_item(key, i, item)
    if not isinstance(item, list) or len(item) != 3:
        raise BadRecord(f'"{key}" item {i} must be [start, end, label]')
    start, end, label = item
    return RawSpan(f"span {i}", _whole(start, key, i), _whole(end, key, i), _label(label, key, i))


def _offset_item(key: str, i: int, item: Any) -> RawSpan:
    if not isinstance(item, dict):
        raise BadRecord(f'"{key}" item {i} is not an object')
    start = item.get("start_offset", item.get("start"))
    end = item.get("end_offset", item.get("end"))
    ref = item.get("id")
    text = item.get("text")
    user = item.get("user")
    if user is not None and not isinstance(user, (str, int)):
        raise BadRecord(f'"{key}" item {i}: "user" must be a name or a number, not {user!r}')
    return RawSpan(
        f"span {i}",
        _whole(start, key, i),
        _whole(end, key, i),
        _label(item.get("label"), key, i),
        text if isinstance(text, str) else None,
        None if ref is None or key != "entities" else str(ref),
        user,
    )


def _whole(value: Any, key: str, i: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRecord(f'"{key}" item {i}: offsets must be whole numbers, not {value!r}')
    return value


def _label(value: Any, key: str, i: int) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # doccano 1.x `annotations` carry label ids
    if not isinstance(value, str) or not value:
        raise BadRecord(f'"{key}" item {i}: the label must be a non-empty string')
    return value


def _group_by_user(spans: list[RawSpan]) -> dict[Any, list[RawSpan]]:
    groups: dict[Any, list[RawSpan]] = {}
    for span in spans:
        groups.setdefault(span.user, []).append(span)
    return groups or {None: []}


def _dedupe(spans: list[RawSpan], warnings: list[str]) -> list[RawSpan]:
    """doccano allows the same span twice; keep one (spans with ids are kept as written)."""
    seen: set[tuple[int, int, str]] = set()
    kept = []
    for span in spans:
        key = (span.start, span.end, span.label)
        if span.ref is None and key in seen:
            continue
        seen.add(key)
        kept.append(span)
    if len(kept) < len(spans):
        warnings.append(f"{len(spans) - len(kept)} duplicate span(s) dropped")
    return kept


def _relations(items: Any, spans: list[RawSpan]) -> tuple[SourceRelation, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise BadRecord('"relations" must be a list')
    refs = {s.ref for s in spans}
    out = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise BadRecord(f"relation {i} is not an object")
        head, tail, rtype = item.get("from_id"), item.get("to_id"), item.get("type")
        if str(head) not in refs or str(tail) not in refs:
            raise BadRecord(f"relation {i} points at an entity id this record does not have")
        if not isinstance(rtype, str) or not rtype:
            raise BadRecord(f'relation {i}: "type" must be a non-empty string')
        out.append(SourceRelation(str(head), str(tail), rtype))
    return tuple(out)


def sniff_doccano(path: Path, head: str) -> str | None:
    """doccano JSONL: objects with "text" and `label`/`labels` triples or `entities`."""
    stripped = head.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("{"):
        return None
    obj = _first_object(stripped)
    if obj is None or not isinstance(obj.get("text"), str) or "spans" in obj:
        return None
    entities = obj.get("entities")
    if isinstance(entities, list) and all(
        isinstance(e, dict) and "start_offset" in e for e in entities
    ):
        return "doccano JSONL (entities and relations)"
    annotations = obj.get("annotations")
    if (
        isinstance(annotations, list)
        and annotations
        and all(isinstance(a, dict) and "start_offset" in a for a in annotations)
    ):
        return "doccano JSONL (doccano 1.x annotations)"
    for key in ("label", "labels"):
        items = obj.get(key)
        if isinstance(items, list) and all(
            isinstance(x, list) and len(x) == 3 and isinstance(x[0], int) for x in items
        ):
            return "doccano JSONL (label lists)"
    return None


def _first_object(head: str) -> dict[str, Any] | None:
    """The first JSON object in the head: its first line, or a pretty-printed whole."""
    line = head.split("\n", 1)[0]
    for candidate in (line, head):
        try:
            obj, _end = json.JSONDecoder().raw_decode(candidate)
        except ValueError:
            continue
        return obj if isinstance(obj, dict) else None
    return None


# --------------------------------------------------------------------------- writing


class DoccanoWriter:
    """doccano JSONL, one line per (document, annotator).

    Lines take the `label` list form until a document has relations; from then on the
    relation form (`entities`, `relations`), and at finish() lines already written are
    rewritten in that form too, since a doccano project reads only one of them. Meta fields
    are flattened at the top level as doccano exports them; one named like a doccano key
    is written as `meta.<name>` and read back under its own name.
    """

    NEEDS_TOKENS = False

    def __init__(self, target: Path, **options: Any) -> None:
        self.target = Path(target)
        self._out = AtomicFile(self.target)
        self._report = WriteReport()
        self._relation_form = False
        self._label_lines = 0  # lines written in the label form before relations came

    def add(self, doc: ExportDoc) -> None:
        if doc.relations and not self._relation_form:
            self._relation_form = True
        line: dict[str, Any] = {"id": doc.ext_id, "text": doc.text}
        if self._relation_form:
            line.update(_entities(doc))
        else:
            line["label"] = [[s.start, s.end, s.label] for s in doc.spans]
            self._label_lines += 1
        line["title"] = doc.title
        if doc.annotator is not None:
            line["annotator"] = doc.annotator
        line["status"] = doc.status
        for key, value in doc.meta.items():
            line[f"{_META_PREFIX}{key}" if key in _OWN_KEYS else key] = value
        try:
            data = orjson.dumps(line)
        except TypeError as exc:
            raise unwritable(doc.ext_id, doc.title, line, exc) from None
        self._out.handle.write(data + b"\n")
        self._report.documents += 1
        self._report.spans += len(doc.spans)
        self._report.lose(
            "span attributes (doccano spans have none)", sum(1 for s in doc.spans if s.attrs)
        )
        self._report.lose(
            "relation attributes (doccano relations have none)",
            sum(1 for r in doc.relations if r.attrs),
        )

    def finish(self) -> WriteReport:
        if self._relation_form and self._label_lines:
            self._rewrite_in_relation_form()
        self._report.files.append(self._out.commit())
        return self._report

    def abort(self) -> None:
        self._out.abort()

    def _rewrite_in_relation_form(self) -> None:
        """Turn the label-form lines written before the first relation into entity lines."""
        old = self._out
        old.handle.close()
        new = AtomicFile(self.target)
        try:
            with open(old.part, "rb") as lines:
                for raw in lines:
                    line = orjson.loads(raw)
                    if "label" in line:
                        triples = line.pop("label")
                        entities = [
                            {"id": i, "start_offset": s, "end_offset": e, "label": label}
                            for i, (s, e, label) in enumerate(triples)
                        ]
                        line = {
                            "id": line.pop("id"),
                            "text": line.pop("text"),
                            "entities": entities,
                            "relations": [],
                            **line,
                        }
                    new.handle.write(orjson.dumps(line) + b"\n")
        except BaseException:
            new.abort()
            raise
        finally:
            old.abort()
        self._out = new


def _entities(doc: ExportDoc) -> dict[str, Any]:
    return {
        "entities": [
            {"id": s.id, "start_offset": s.start, "end_offset": s.end, "label": s.label}
            for s in doc.spans
        ],
        "relations": [
            {"id": i, "from_id": r.head, "to_id": r.tail, "type": r.type}
            for i, r in enumerate(doc.relations)
        ],
    }
