"""Label Studio JSON: full task exports (and v0 `completions`), single tasks, and JSON-MIN.

One SourceRecord per (task, annotation) and per (task, prediction); a prediction's spans
are that model's predictions (suggestions in the window), never an annotator's. Offsets are UTF-16
units (the editor is JavaScript); pre-annotations written by Python scripts often count
code points instead, so a record whose spans only fit as code points is read that way with
a warning. Each span's `text` is checked against the task's text; a span that fits in
neither unit makes its (task, annotation) an InputProblem that names the task. A submitted
annotation is a finished document even with no result; a cancelled (skipped) one, and a
task whose text is blank, hold nothing anyone marked: they are skipped and counted, as
Label Studio's own converter leaves cancelled annotations out.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import InputError, InputProblem
from annotator.core.formats.atomic import AtomicFile
from annotator.core.formats.exchange import ExportDoc, ExportPrediction, WriteReport, unwritable
from annotator.core.formats.offset_units import OffsetMisfit, RawSpan, settle_units
from annotator.core.formats.predictions import model_name, score_of
from annotator.core.formats.records import (
    BLANK_TEXT,
    BadRecord,
    ReadItem,
    Skipped,
    SourcePrediction,
    SourceRecord,
    SourceRelation,
    SourceSpan,
    first_line_title,
    is_whole,
)
from annotator.core.model import GOLD
from annotator.core.text.decode import canonicalize, read_text_file
from annotator.core.text.utf16 import Utf16Index

_TASK_KEYS = ("annotations", "completions", "predictions")
# JSON-MIN keys that describe the annotation, not the task's data.
_MIN_KEYS = frozenset({"id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time"})
_PREDICTION = "prediction:"  # an annotator of this name is written as a prediction
UNNAMED_MODEL = "label-studio"  # a prediction without model_version
CANCELLED = "Label Studio annotation cancelled (skipped by its annotator)"


# --------------------------------------------------------------------------- reading


def read_labelstudio(path: Path, encoding: str | None = None) -> Iterator[ReadItem]:
    """Yield the records of every task in a Label Studio JSON (or JSON-MIN) export."""
    try:
        content = read_text_file(path, encoding)
    except InputError as exc:
        yield exc.problem
        return
    try:
        top = orjson.loads(content)
    except orjson.JSONDecodeError as exc:
        yield InputProblem(str(path), f"not valid JSON ({exc.msg})", exc.lineno)
        return
    if isinstance(top, dict):
        top = [top]  # one task, as the editor's "annotations_1.json" files hold
    if not isinstance(top, list):
        yield InputProblem(str(path), "expected a JSON list of tasks", 1)
        return
    size = path.stat().st_size
    for number, task in enumerate(top, start=1):
        done = size * number // len(top)
        if not isinstance(task, dict):
            yield InputProblem(str(path), f"task {number} is not a JSON object")
            continue
        where = f"task {number}" + (f" (id {task['id']})" if task.get("id") is not None else "")
        try:
            if _is_min(task):
                yield _min_record(path, where, task, done)
            else:
                yield from _task_records(path, where, task, done)
        except BadRecord as exc:
            yield exc.problem(path, prefix=f"{where}: ")


def _is_min(task: dict[str, Any]) -> bool:
    return "data" not in task and not any(k in task for k in _TASK_KEYS)


def _task_records(path: Path, where: str, task: dict[str, Any], done: int) -> Iterator[ReadItem]:
    data = task.get("data")
    if not isinstance(data, dict):
        raise BadRecord('"data" must be an object holding the task\'s text')
    text_key = _text_key(data, _sources(task))
    text = data[text_key]
    if not text.strip():
        yield Skipped(str(path), None, BLANK_TEXT, where)
        return
    meta = _task_meta(task, data, text_key)
    ext_id = data.get("id", task.get("id"))
    base: dict[str, Any] = {
        "path": str(path),
        "line": None,
        "ext_id": None if ext_id is None else str(ext_id),
        "text": text,
        "title": str(data.get("title") or meta.get("title") or _title(text)),
        "bytes_done": done,
    }
    task_warnings = []
    drafts = task.get("drafts")
    if drafts:
        count = len(drafts) if isinstance(drafts, list) else 1
        task_warnings.append(f"{count} draft(s) not imported")
    made = 0
    for kind in _TASK_KEYS:
        items = task.get(kind) or []
        if not isinstance(items, list):
            raise BadRecord(f'"{kind}" must be a list')
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                yield InputProblem(str(path), f"{where}: {kind[:-1]} {i} is not an object")
                continue
            label = f"{kind[:-1]} {item.get('id', i)}"
            if kind != "predictions" and (item.get("was_cancelled") or item.get("skipped")):
                yield Skipped(str(path), None, CANCELLED, f"{where}, {label}")
                continue
            try:
                made += 1
                if kind == "predictions":
                    yield _prediction_record(base, meta, item, text, task_warnings)
                else:
                    yield _annotation_record(base, meta, item, text, task_warnings)
            except BadRecord as exc:
                yield exc.problem(path, prefix=f"{where}, {label}: ")
            task_warnings = []
    if not made:
        record_meta = dict(meta)
        if task_warnings:
            record_meta["import_warnings"] = task_warnings
        yield SourceRecord(**base, meta=record_meta)


def _annotation_record(
    base: dict[str, Any],
    meta: dict[str, Any],
    item: dict[str, Any],
    text: str,
    warnings: list[str],
) -> SourceRecord:
    warnings = list(warnings)
    spans, relations = _results(item.get("result"), text, warnings)
    record_meta = dict(meta)
    if item.get("id") is not None:
        record_meta["ls_annotation_id"] = item["id"]
    annotator = _annotator(item)
    status = "done"
    if item.get("ground_truth"):
        record_meta["ground_truth"] = True
    if warnings:
        record_meta["import_warnings"] = warnings
    return SourceRecord(
        **base,
        meta=record_meta,
        annotator=annotator,
        status=status,
        spans=spans,
        relations=relations,
        has_annotations=True,
    )


def _prediction_record(
    base: dict[str, Any], meta: dict[str, Any], item: dict[str, Any], text: str,
    warnings: list[str],
) -> SourceRecord:  # fmt: skip
    """A model's prediction: its spans go to the suggestion layer, not to an annotator.
    The model is named by `model_version` (Label Studio's only name for it); a result's own
    `score` is its span's confidence, else the prediction's `score`."""
    warnings = list(warnings)
    model = (
        model_name(item["model_version"], '"model_version"')
        if item.get("model_version") not in (None, "")
        else UNNAMED_MODEL
    )
    overall = score_of(item.get("score"), "the prediction")
    settled, relations = _settled(item.get("result"), text, warnings)
    if relations:
        warnings.append(f"{len(relations)} relation(s) in a prediction not imported")
    predictions = tuple(
        SourcePrediction(
            s.start, s.end, s.label, model,
            overall if s.user is None else score_of(s.user, s.name),
        )
        for s in settled
    )  # fmt: skip
    record_meta = dict(meta)
    if warnings:
        record_meta["import_warnings"] = warnings
    return SourceRecord(**base, meta=record_meta, predictions=predictions, predicted_by=(model,))


def _min_record(path: Path, where: str, item: dict[str, Any], done: int) -> SourceRecord | Skipped:
    """JSON-MIN: the task's data fields flattened, each labels control as a list of spans."""
    span_keys = [k for k, v in item.items() if k not in _MIN_KEYS and _is_min_spans(v)]
    data = {k: v for k, v in item.items() if k not in _MIN_KEYS and k not in span_keys}
    text_key = _text_key(data, set())
    text = data[text_key]
    if not text.strip():
        return Skipped(str(path), None, BLANK_TEXT, where)
    results = [
        {"type": "labels", "value": value}
        for key in span_keys
        for value in item[key]
        if isinstance(value, dict)
    ]
    warnings: list[str] = []
    spans, _relations = _results(results, text, warnings)
    meta = {k: v for k, v in data.items() if k not in (text_key, "title")}
    for key in ("annotation_id", "created_at", "updated_at", "lead_time"):
        if item.get(key) is not None:
            meta[f"ls_{key}" if key == "annotation_id" else key] = item[key]
    if warnings:
        meta["import_warnings"] = warnings
    annotator = item.get("annotator")
    return SourceRecord(
        path=str(path),
        line=None,
        ext_id=None if item.get("id") is None else str(item["id"]),
        text=text,
        title=str(data.get("title") or _title(text)),
        meta=meta,
        annotator=_user_name(annotator, None),
        status="done" if span_keys or "annotation_id" in item else None,
        spans=spans,
        has_annotations=bool(span_keys) or "annotation_id" in item,
        bytes_done=done,
    )


def _is_min_spans(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and "start" in v and "end" in v for v in value)
    )


def _title(text: str) -> str:
    return first_line_title(canonicalize(text))


def _sources(task: dict[str, Any]) -> set[str]:
    """Data keys the results name in `source` ("$ner"), a hint when data has several texts."""
    found = set()
    for kind in _TASK_KEYS:
        items = task.get(kind)
        # A hint only: what is not a list here is refused, naming the task, when read.
        for item in items if isinstance(items, list) else []:
            results = item.get("result") if isinstance(item, dict) else None
            for result in results if isinstance(results, list) else []:
                source = result.get("source") if isinstance(result, dict) else None
                if isinstance(source, str) and source.startswith("$"):
                    found.add(source[1:])
    return found


def _text_key(data: dict[str, Any], sources: set[str]) -> str:
    """data.text, else the one string in data (ids and titles aside), else the one named."""
    if "text" in data:
        if not isinstance(data["text"], str):
            raise BadRecord(f'data "text" is not a string but {type(data["text"]).__name__}')
        key = "text"
    else:
        strings = [k for k, v in data.items() if isinstance(v, str) and k not in ("id", "title")]
        named = [k for k in strings if k in sources]
        if len(strings) == 1:
            key = strings[0]
        elif len(named) == 1:
            key = named[0]
        elif not strings:
            raise BadRecord("the task's data holds no text")
        else:
            raise BadRecord(
                f'the task\'s data has no "text" and several text fields '
                f"({', '.join(strings)}); which one was annotated is unclear"
            )
    return key


def _task_meta(task: dict[str, Any], data: dict[str, Any], text_key: str) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for given in (task.get("meta"), data.get("meta")):
        if isinstance(given, dict):
            meta.update(given)
    for key, value in data.items():
        if key not in (text_key, "id", "meta", "title"):
            meta[key] = value
    if task.get("id") is not None:
        meta["ls_task_id"] = task["id"]
    return meta


def _annotator(item: dict[str, Any]) -> str | None:
    return _user_name(item.get("completed_by"), item.get("created_username"))


def _user_name(user: Any, created_username: Any) -> str | None:
    """A readable name: the e-mail (or username) when given, else ls-user-<id>."""
    if isinstance(user, dict):
        for key in ("email", "username"):
            if isinstance(user.get(key), str) and user[key]:
                return user[key]
        user = user.get("id")
    if isinstance(created_username, str) and created_username.strip():
        # Label Studio writes "email, id"; our exports write the bare name.
        return re.sub(r",\s*\d+$", "", created_username.strip())
    if isinstance(user, str) and user:
        return user
    if isinstance(user, int) and not isinstance(user, bool):
        return f"ls-user-{user}"
    return None


def _results(
    results: Any, text: str, warnings: list[str]
) -> tuple[tuple[SourceSpan, ...], tuple[SourceRelation, ...]]:
    settled, relations = _settled(results, text, warnings)
    return tuple(SourceSpan(s.start, s.end, s.label, ref=s.ref) for s in settled), relations


def _settled(
    results: Any, text: str, warnings: list[str]
) -> tuple[list[RawSpan], tuple[SourceRelation, ...]]:
    """The results' text spans in code points (each result's own `score` in `user`), and
    the relations between them."""
    if results is None:
        return [], ()
    if not isinstance(results, list):
        raise BadRecord('"result" must be a list')
    raw: list[RawSpan] = []
    links: list[tuple[int, dict[str, Any]]] = []
    regions: set[str] = set()  # ids of every result, span or not, for relations
    skipped: Counter[str] = Counter()
    for i, result in enumerate(results, start=1):
        if not isinstance(result, dict):
            raise BadRecord(f"result {i} is not an object")
        rtype = result.get("type")
        if result.get("id") is not None:
            regions.add(str(result["id"]))
        if rtype == "relation":
            links.append((i, result))
            continue
        value = result.get("value")
        if rtype not in ("labels", None) or not isinstance(value, dict) or "labels" not in value:
            skipped[str(rtype)] += 1
            continue
        raw.extend(_label_spans(i, result, value, raw))
    if skipped:
        what = ", ".join(f"{n} {t}" for t, n in sorted(skipped.items()))
        warnings.append(f"results that are not text spans were not imported ({what})")
    try:
        settled, warning = settle_units(text, raw, "utf16")
    except OffsetMisfit as exc:
        raise BadRecord(str(exc)) from exc
    if warning:
        warnings.append(f"{warning}, not the UTF-16 units Label Studio writes")
    refs = {s.ref for s in settled if s.ref is not None}
    return settled, _relations(links, refs, regions, warnings)


def _label_spans(
    i: int, result: dict[str, Any], value: dict[str, Any], before: list[RawSpan]
) -> list[RawSpan]:
    rid = None if result.get("id") is None else str(result["id"])
    name = f"result {rid}" if rid else f"result {i}"
    start, end, labels = value.get("start"), value.get("end"), value.get("labels")
    if not (is_whole(start) and is_whole(end)):
        raise BadRecord(f'{name}: "start" and "end" must be whole numbers (not {start!r}, {end!r})')
    if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
        raise BadRecord(f'{name}: "labels" must be a list of label names')
    span_text = value.get("text") if isinstance(value.get("text"), str) else None
    taken = {s.ref for s in before}
    out: list[RawSpan] = []
    for label in labels:
        ref = rid if rid is not None and rid not in taken else None  # a region's first label
        taken.add(ref)
        out.append(RawSpan(name, start, end, label, span_text, ref, result.get("score")))
    return out


def _relations(
    links: list[tuple[int, dict[str, Any]]],
    refs: set[str],
    regions: set[str],
    warnings: list[str],
) -> tuple[SourceRelation, ...]:
    out: list[SourceRelation] = []
    not_spans = 0
    for i, link in links:
        head, tail = str(link.get("from_id")), str(link.get("to_id"))
        if head not in regions or tail not in regions:
            raise BadRecord(
                f"relation (result {i}) points at a region this annotation does not have"
            )
        if head not in refs or tail not in refs:
            not_spans += 1
            continue
        direction = link.get("direction", "right")
        if direction == "left":
            head, tail = tail, head
        attrs = {"direction": "bi"} if direction == "bi" else {}
        labels = link.get("labels") or ["related"]
        if not isinstance(labels, list) or not all(isinstance(t, str) and t for t in labels):
            # A bare string would be split into one relation per letter.
            raise BadRecord(f'relation (result {i}): "labels" must be a list of names')
        out.extend(SourceRelation(head, tail, str(t), dict(attrs)) for t in labels)
    if not_spans:
        warnings.append(f"{not_spans} relation(s) between regions that are not text spans skipped")
    return tuple(out)


_DATA_FIRST = re.compile(r'\[\s*\{\s*(?:"id"\s*:\s*[-\w."]+\s*,\s*)?"data"\s*:\s*\{')


def sniff_labelstudio(path: Path, head: str) -> str | None:
    """A JSON list of tasks (or one task) with `data` and annotations, or JSON-MIN."""
    stripped = head.lstrip("\ufeff \t\r\n")
    if not stripped.startswith(("[", "{")):
        return None
    first = _first_item(stripped)
    if isinstance(first, dict):
        is_list = stripped.startswith("[")
        if isinstance(first.get("data"), dict) and (is_list or any(k in first for k in _TASK_KEYS)):
            form = "v0 completions" if "completions" in first else "tasks"
            return f"Label Studio JSON ({form})"
        if (
            is_list
            and _is_min(first)
            and any(_is_min_spans(v) and all("labels" in x for x in v) for v in first.values())
        ):
            return "Label Studio JSON-MIN"
        return None
    if first is None and stripped.startswith("["):  # a first task longer than the head
        if re.search(r'"(annotations|completions|predictions)"\s*:\s*\[', stripped) and (
            '"result"' in stripped or '"data"' in stripped
        ):
            return "Label Studio JSON (tasks)"
        # Tasks whose `data` comes first (ours, and Label Studio's own export) put a long
        # article before any annotation: a list whose first task opens with a `data` object
        # is what the whole-value test above accepts when the task fits in the head.
        if _DATA_FIRST.match(stripped):
            return "Label Studio JSON (tasks)"
        if re.search(r'"labels"\s*:\s*\[', stripped) and '"start"' in stripped:
            return "Label Studio JSON-MIN"
    return None


def _first_item(text: str) -> Any:
    """The whole value if the head holds it, else the first element of a list; or None."""
    decoder = json.JSONDecoder()
    try:
        value, _end = decoder.raw_decode(text)
    except ValueError:
        value = None
    if isinstance(value, list):
        return value[0] if value else None
    if value is not None:
        return value
    if text.startswith("["):
        start = len(text) - len(text[1:].lstrip())
        try:
            value, _end = decoder.raw_decode(text, start)
        except ValueError:
            return None
        return value
    return None


# --------------------------------------------------------------------------- writing


class LabelStudioWriter:
    """A Label Studio task export: a JSON array, one task per document.

    Each annotator's work on a document becomes one annotation of its task (documents come
    in, annotator after annotator, document by document); an annotator named
    `prediction:<model>` becomes a prediction. Offsets are written in UTF-16 units, result
    ids are `span-<id>` (stable across exports), and the document's id, title and meta go
    in `data`. Label Studio matches annotators by e-mail, so a name that is one becomes
    `completed_by`; every name is also kept in `created_username`.

    Tasks, annotations and predictions carry whole-number `id`s, numbered in the file, as a
    Label Studio export does: its converter (label-studio-sdk) reads `task["id"]` and fails
    without it, while Label Studio gives imported tasks ids of its own. The document's id
    stays in `data.id`.
    """

    NEEDS_TOKENS = False

    def __init__(
        self, target: Path, *, from_name: str = "label", to_name: str = "text", **options: Any
    ) -> None:
        self.target = Path(target)
        self.from_name = from_name
        self.to_name = to_name
        self._out = AtomicFile(self.target)
        self._report = WriteReport()
        self._task: dict[str, Any] | None = None
        self._task_key: tuple[str, str] | None = None
        self._tasks = 0  # written to the file
        self._started = 0  # tasks begun: the next task's id
        self._results = 0  # annotations and predictions begun: the next one's id

    def _task_for(self, doc: ExportDoc) -> dict[str, Any]:
        """The document's task: the one being written, or a new one."""
        key = (doc.ext_id, doc.text)
        task = self._task
        if task is None or key != self._task_key:
            self._flush()
            self._task_key = key
            self._started += 1
            task = self._task = {
                "id": self._started,
                "data": {"text": doc.text, "id": doc.ext_id, "title": doc.title, "meta": doc.meta},
                "annotations": [],
                "predictions": [],
            }
            self._report.documents += 1
        return task

    def add_predictions(
        self, doc: ExportDoc, model: str, predictions: Sequence[ExportPrediction]
    ) -> None:
        """The model's predictions on the document as one prediction of its task: the model's
        name as `model_version` (what Label Studio names a model by, and what an import
        takes back as the name), each span's score as its result's `score`."""
        task = self._task_for(doc)
        index = Utf16Index(doc.text)
        self._results += 1
        result = []
        for n, p in enumerate(predictions, start=1):
            start, end = index.span_to_utf16(p.start, p.end)
            item: dict[str, Any] = {
                "id": f"prediction-{self._results}-{n}",
                "type": "labels",
                "from_name": self.from_name,
                "to_name": self.to_name,
                "origin": "prediction",
                "value": {
                    "start": start,
                    "end": end,
                    "text": doc.text[p.start : p.end],
                    "labels": [p.label],
                },
            }
            if p.score is not None:
                item["score"] = p.score
            result.append(item)
        self._report.lose(
            "prediction attributes (Label Studio results have none)",
            sum(1 for p in predictions if p.attrs),
        )
        task["predictions"].append({"id": self._results, "model_version": model, "result": result})

    def add(self, doc: ExportDoc) -> None:
        task = self._task_for(doc)
        if doc.annotator is None and not doc.spans:
            return  # a document nobody annotated: the task alone
        result = self._result(doc)
        self._results += 1
        if doc.annotator is not None and doc.annotator.startswith(_PREDICTION):
            version = doc.annotator.removeprefix(_PREDICTION)
            task["predictions"].append(
                {"id": self._results, "model_version": version, "result": result}
            )
        else:
            task["annotations"].append(self._annotation(doc, result, self._results))
        self._report.spans += len(doc.spans)

    def _annotation(
        self, doc: ExportDoc, result: list[dict[str, Any]], number: int
    ) -> dict[str, Any]:
        annotation: dict[str, Any] = {
            "id": number,
            "result": result,
            "was_cancelled": False,
            "ground_truth": doc.annotator == GOLD,
        }
        if doc.annotator is not None:
            if "@" in doc.annotator:
                annotation["completed_by"] = {"email": doc.annotator}
            else:
                self._report.lose(
                    "annotator names that are not e-mail addresses (Label Studio gives those "
                    "annotations to whoever imports them; the name stays in created_username)"
                )
            annotation["created_username"] = doc.annotator
        if doc.status not in ("done", "reviewed"):
            self._report.lose(
                "annotation status other than done (Label Studio annotations are submitted)"
            )
        return annotation

    def _result(self, doc: ExportDoc) -> list[dict[str, Any]]:
        index = Utf16Index(doc.text)
        result: list[dict[str, Any]] = []
        for span in doc.spans:
            start, end = index.span_to_utf16(span.start, span.end)
            result.append(
                {
                    "id": f"span-{span.id}",
                    "type": "labels",
                    "from_name": self.from_name,
                    "to_name": self.to_name,
                    "origin": "manual",
                    "value": {
                        "start": start,
                        "end": end,
                        "text": span.text,
                        "labels": [span.label],
                    },
                }
            )
        self._report.lose(
            "span attributes (Label Studio labels have none)", sum(1 for s in doc.spans if s.attrs)
        )
        for rel in doc.relations:
            attrs = dict(rel.attrs)
            direction = "bi" if attrs.pop("direction", None) == "bi" else "right"
            result.append(
                {
                    "from_id": f"span-{rel.head}",
                    "to_id": f"span-{rel.tail}",
                    "type": "relation",
                    "direction": direction,
                    "labels": [rel.type],
                }
            )
            if attrs:
                self._report.lose("relation attributes (Label Studio relations have none)")
        return result

    def _flush(self) -> None:
        if self._task is None:
            return
        try:
            data = orjson.dumps(self._task)
        except TypeError as exc:  # the task's document, written as the next one comes
            task = self._task["data"]
            raise unwritable(task["id"], task["title"], self._task, exc) from None
        self._out.handle.write((b"[\n" if not self._tasks else b",\n") + data)
        self._tasks += 1
        self._task = None

    def finish(self) -> WriteReport:
        self._flush()
        self._out.handle.write(b"\n]\n" if self._tasks else b"[]\n")
        self._report.files.append(self._out.commit())
        return self._report

    def abort(self) -> None:
        self._out.abort()
