"""Export: any writer of the format registry (our JSONL, one document per line, by default),
streamed, written atomically, optionally split into train/dev/test by document."""

from __future__ import annotations

import bisect
import contextlib
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import AnnotatorError, Cancelled, UnwritableNumber, UnwritableValue
from annotator.core.formats.atomic import held
from annotator.core.formats.exchange import (
    BatchWriter,
    ExportDoc,
    ExportPrediction,
    ExportRelation,
    ExportSpan,
    LineWriter,
    PredictionWriter,
    SharedLabels,
    Writer,
    WriteReport,
)
from annotator.core.formats.registry import WRITERS, make_writer
from annotator.core.model import GOLD, Document, Relation, Status
from annotator.core.services.splits import SplitSpec, assign
from annotator.core.store.documents import sha256
from annotator.core.store.predictions import Prediction
from annotator.core.store.project import Project
from annotator.core.text.align import OffsetMap
from annotator.core.text.tokens import Token, Tokenizer, TokenView

OFFSETS = ("normalized", "original")


@dataclass(frozen=True)
class ExportOptions:
    annotators: tuple[str, ...] = ()  # empty: everyone with work (or the bare corpus)
    status: str | None = None  # only documents with this status for the annotator
    offsets: str = "normalized"
    tokens: bool = False
    format: str = "jsonl"  # a writer of formats.registry
    split: SplitSpec | None = None
    # Outside models' imported predictions too, where the format keeps them apart from
    # annotations (our JSONL, Label Studio); other formats say they left them out.
    predictions: bool = False


@dataclass
class ExportReport:
    path: Path
    documents: int = 0
    spans: int = 0
    relations: int = 0
    files: list[Path] = field(default_factory=list)
    lost: dict[str, int] = field(default_factory=dict)  # what the format could not express
    splits: dict[str, int] = field(default_factory=dict)  # split -> documents written
    predictions: int = 0  # outside models' predicted spans written
    notes: list[str] = field(default_factory=list)  # on an earlier, interrupted export there


class _LineSink:
    """A writer that takes the line dict as built (our JSONL): the fast path."""

    takes_docs = False
    needs_tokens = False
    batched = False
    pending = 0  # documents taken but not yet handed to the writer

    def __init__(self, writer: LineWriter) -> None:
        self.writer = writer

    def add(self, line: dict[str, Any], doc: Document, tokens: TokenView | None) -> None:
        self.writer.add_line(line)

    def add_predictions(self, line: dict[str, Any], predicted: _Predicted) -> bool:
        self.writer.add_line(line)  # the line is a record our JSONL import reads back
        return True

    def flush(self) -> None:
        pass

    def finish(self) -> WriteReport:
        return self.writer.finish()

    def abort(self) -> None:
        self.writer.abort()


class _WriterSink:
    """Another tool's format: the line becomes an ExportDoc for the format's writer, or for
    a writer that takes batches (`BatchWriter`), one of a batch handed over together."""

    takes_docs = True

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.needs_tokens = writer.NEEDS_TOKENS
        self.batched = isinstance(writer, BatchWriter)
        self._batch: list[ExportDoc] = []
        self._batch_chars = 0

    @property
    def pending(self) -> int:
        """Documents taken but not yet handed to the writer (the batch gathered so far)."""
        return len(self._batch)

    def add(self, line: dict[str, Any], doc: Document, tokens: TokenView | None) -> None:
        export = self._doc(line, doc, tokens)
        if not self.batched:
            self.writer.add(export)
            return
        self._batch.append(export)
        self._batch_chars += len(export.text)
        if len(self._batch) >= BATCH_DOCS or self._batch_chars >= BATCH_CHARS:
            self.flush()

    def add_predictions(self, line: dict[str, Any], predicted: _Predicted) -> bool:
        """False: the format has no place for them."""
        if not isinstance(self.writer, PredictionWriter):
            return False
        self.flush()  # after the document's annotators, in the file's order
        doc = replace(self._doc(line, predicted.doc, None), annotator=None, status="new", spans=())
        self.writer.add_predictions(
            doc,
            predicted.model,
            [ExportPrediction(p["start"], p["end"], p["label"], p.get("score"),
                              p.get("attrs") or {})
             for p in line["predictions"]],
        )  # fmt: skip
        return True

    def flush(self) -> None:
        """Hand the batch gathered so far to the writer."""
        if self._batch:
            assert isinstance(self.writer, BatchWriter)
            self.writer.add_batch(self._batch)
            self._batch, self._batch_chars = [], 0

    @staticmethod
    def _doc(line: dict[str, Any], doc: Document, tokens: TokenView | None) -> ExportDoc:
        spans = line.get("spans", ())
        return ExportDoc(
            ext_id=doc.ext_id,
            title=doc.title,
            text=line["text"],
            lang=doc.lang,
            meta=doc.meta,
            annotator=line.get("annotator"),
            status=line.get("status", "new"),
            spans=[
                ExportSpan(
                    s["id"], s["start"], s["end"], s["label"], s["text"], s.get("attrs") or {}
                )
                for s in spans
            ],
            relations=[
                ExportRelation(r["head"], r["tail"], r["type"], r.get("attrs") or {})
                for r in line.get("relations", ())
            ],
            tokens=tokens,
        )

    def finish(self) -> WriteReport:
        self.flush()
        return self.writer.finish()

    def abort(self) -> None:
        self._batch, self._batch_chars = [], 0
        self.writer.abort()


# A BatchWriter lays out at most this many documents, or characters of text, at once: its
# arrays take some 60 bytes a character (a Prodigy token list is ~7 bytes a character).
BATCH_DOCS = 256
BATCH_CHARS = 1_000_000


def keeps_predictions(fmt: str) -> bool:
    """Whether the format has a place for outside models' predictions apart from anyone's
    annotations (our JSONL's model records, Label Studio's `predictions`)."""
    if fmt not in WRITERS:
        return False
    row = WRITERS[fmt]
    assert row.writer is not None
    factory = row.load(row.writer)
    return isinstance(factory, type) and (
        issubclass(factory, PredictionWriter) or issubclass(factory, LineWriter)
    )


class Exporter:
    def __init__(self, project: Project, tokenizer: Tokenizer | None = None) -> None:
        self.project = project
        self.tokenizer = tokenizer or Tokenizer()

    def run(
        self,
        out: str | Path,
        options: ExportOptions = ExportOptions(),
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ExportReport:
        """Write the export next to `out` and move it into place only once it is complete."""
        out = Path(out)
        if options.offsets not in OFFSETS:
            raise AnnotatorError(f"--offsets must be one of {', '.join(OFFSETS)}")
        if options.status is not None and options.status not in Status.__members__.values():
            raise AnnotatorError(f"unknown status {options.status!r}")
        if options.format not in WRITERS:
            known = ", ".join(WRITERS)
            raise AnnotatorError(f"unknown export format {options.format!r} (known: {known})")
        annotators = self._annotators(options)
        total = self.project.documents.count() * max(len(annotators), 1)
        report = ExportReport(out)
        assignment = self._assignment(annotators, options)
        names = [name for name, _ in options.split.parts] if options.split else [""]
        if options.split:
            report.splits = dict.fromkeys(names, 0)  # in the order asked for
        try:
            self._export(
                out, options, progress, cancelled, annotators, total, report, assignment, names
            )
        except UnwritableValue as exc:  # the writer named the document; this, the project
            raise AnnotatorError(f"{self.project.path}: {exc}") from None
        if progress is not None:  # only now is every file in place, whole
            progress(total, total)
        return report

    def _export(
        self,
        out: Path,
        options: ExportOptions,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
        annotators: list[str | None],
        total: int,
        report: ExportReport,
        assignment: dict[str, str] | None,
        names: list[str],
    ) -> None:
        sinks: dict[str, _Sink] = {}
        # Every file of the export (each split's, Hugging Face's label file) is finished
        # beside its place and moved in with the others only after the last cancel check:
        # a cancel leaves none of them, never a half set of splits.
        with held() as files:
            try:
                for name in names:
                    sinks[name] = self._sink(options.format, _split_path(out, name))
                _share_labels(list(sinks.values()))
                self._write(
                    sinks, assignment, annotators, options, report, total, progress, cancelled
                )
                for sink in sinks.values():  # every split's documents in before any finishes:
                    _check(cancelled)  # the splits of Hugging Face share one label list
                    sink.flush()
                for name, sink in list(sinks.items()):
                    _check(cancelled)
                    written = sink.finish()
                    del sinks[name]
                    report.files += written.files
                    for what, count in written.lost.items():
                        report.lost[what] = report.lost.get(what, 0) + count
                _check(cancelled)  # every file is complete: a cancel now still leaves none
            except BaseException:
                for sink in sinks.values():
                    # A file that cannot be removed stops no other: held() tries each
                    # temporary again and names those left.
                    with contextlib.suppress(OSError, AnnotatorError):
                        sink.abort()
                raise  # and held() removes the files finished
            files.publish()
            report.notes = files.notes

    @staticmethod
    def _sink(fmt: str, target: Path) -> _Sink:
        writer = make_writer(fmt, target)
        if isinstance(writer, LineWriter):
            return _LineSink(writer)
        return _WriterSink(writer)

    def _assignment(
        self, annotators: list[str | None], options: ExportOptions
    ) -> dict[str, str] | None:
        """Document id -> split, decided before writing (stratifying needs every document)."""
        if options.split is None:
            return None
        names = [a for a in annotators if a]
        keys = self.project.documents.ext_ids()
        groups = None
        if options.split.stratify:
            by_id = self.project.spans.labels_by_document(names)
            groups = {ext: tuple(sorted(by_id.get(doc_id, ()))) for doc_id, ext in keys}
        return assign([ext for _, ext in keys], options.split, groups)

    def _annotators(self, options: ExportOptions) -> list[str | None]:
        if options.annotators:
            for name in options.annotators:
                if self.project.annotators.find(name) is None:
                    raise AnnotatorError(f"no annotator called {name!r} in this project")
            return list(options.annotators)
        with_work = self.project.stats.annotators_with_work()
        return list(with_work) if with_work else [None]

    def _write(
        self,
        sinks: dict[str, _Sink],
        assignment: dict[str, str] | None,
        annotators: list[str | None],
        options: ExportOptions,
        report: ExportReport,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        seen = 0
        counted: dict[str, set[int]] = {}
        for row in self._rows(annotators, options):
            if isinstance(row, _Predicted):
                if self._write_predictions(row, sinks, assignment, options, report):
                    split = assignment[row.doc.ext_id] if assignment is not None else ""
                    counted.setdefault(split, set()).add(row.doc.id)  # in its split, too
                    if split:
                        report.splits[split] = len(counted[split])
                continue
            doc, annotator, status, spans, relations = row
            seen += 1
            _check(cancelled)
            if progress is not None and seen % 256 == 0:
                # What the writers have; never all of it before the files are in place.
                written = seen - sum(sink.pending for sink in sinks.values())
                progress(max(min(written, total - 1), 0), total)
            if doc is None:
                continue
            line = self._line(doc, annotator, status, spans, relations, options)
            split = assignment[doc.ext_id] if assignment is not None else ""
            sink = sinks[split]
            tokens = None
            if sink.takes_docs:
                if isinstance(line["spans"], orjson.Fragment):  # SQLite's JSON, unparsed
                    line["spans"] = _parsed(spans[1], doc)
                # A batch writer finds regex tokens itself, for the whole batch at once.
                if sink.needs_tokens and not (
                    sink.batched and self.tokenizer.gives_regex_tokens(doc.lang)
                ):
                    tokens = self.tokenizer.view(line["text"], doc.lang)
            sink.add(line, doc, tokens)
            counted.setdefault(split, set()).add(doc.id)
            if split:
                report.splits[split] = len(counted[split])
            report.documents += 1
            report.spans += spans[0]
            report.relations += len(relations)

    def _write_predictions(
        self,
        predicted: _Predicted,
        sinks: dict[str, _Sink],
        assignment: dict[str, str] | None,
        options: ExportOptions,
        report: ExportReport,
    ) -> bool:
        """Whether the format took them (else they are counted as left out)."""
        doc = predicted.doc
        sink = sinks[assignment[doc.ext_id] if assignment is not None else ""]
        line = self._prediction_line(predicted, options)
        if sink.add_predictions(line, predicted):
            report.predictions += len(predicted.rows)
            return True
        what = f"outside models' predictions ({options.format} has no place for them)"
        report.lost[what] = report.lost.get(what, 0) + len(predicted.rows)
        return False

    def _prediction_line(self, predicted: _Predicted, options: ExportOptions) -> dict[str, Any]:
        """A record our JSONL import reads back into the model's predictions: the document,
        `model`, `model_version` when all of them name one, and `predictions`."""
        doc = predicted.doc
        text = doc.original if options.offsets == "original" else doc.text
        omap = OffsetMap.from_json(doc.offset_map_json) if options.offsets == "original" else None
        items = []
        for p in predicted.rows:
            start, end = (p.start, p.end) if omap is None else omap.span_to_original(p.start, p.end)
            item: dict[str, Any] = {"start": start, "end": end, "label": p.label,
                                    "text": text[start:end]}  # fmt: skip
            if p.score is not None:
                item["score"] = p.score
            if p.attrs:
                item["attrs"] = p.attrs
            items.append(item)
        versions = {p.version for p in predicted.rows}
        line: dict[str, Any] = {
            "id": doc.ext_id, "title": doc.title, "text": text, "lang": doc.lang,
            "meta": doc.meta, "model": predicted.model,
        }  # fmt: skip
        if len(versions) == 1 and None not in versions:
            line["model_version"] = versions.pop()
        line.update(
            predictions=items,
            offsets=options.offsets,
            offset_unit="codepoint",
            text_sha256=sha256(text) if text is not doc.text else doc.text_sha256,
            normalizer=doc.normalizer,
        )
        if options.offsets == "normalized" and doc.original != doc.text:
            line["original_text"] = doc.original  # as the annotators' lines: one document
        return line

    def _rows(
        self, annotators: list[str | None], options: ExportOptions
    ) -> Iterator[_Row | _Predicted]:
        """Documents in project order, each followed by its annotators in name order (and,
        with `options.predictions`, then by each outside model's predictions on it).

        One pass over the documents, merge-joined with each annotator's ordered spans and
        relations, so memory does not grow with the corpus. Yields rows with no document for
        what is left out, so that progress still moves.
        """
        predicted = _PredictionCursor(self.project) if options.predictions else None
        cursors = [_AnnotatorCursor(self.project, name) for name in annotators if name]
        for doc in self.project.documents.iter_all():
            if not cursors:  # nobody has work: the bare corpus
                yield doc, None, Status.NEW, _NO_SPANS, []
            written = not cursors  # the bare corpus: every document
            for cursor in cursors:
                status, spans, relations = cursor.take(doc.id)
                worked = spans[0] > 0 or status != Status.NEW
                if cursor.name == GOLD:  # gold is what a reviewer finished, nothing less
                    worked = status == Status.REVIEWED
                if not worked or (options.status is not None and status != options.status):
                    yield None, cursor.name, status, _NO_SPANS, []
                else:
                    written = True
                    yield doc, cursor.name, status, spans, relations
            # A status asked for: the predictions of the documents it chose, no others.
            if predicted is not None and (written or options.status is None):
                yield from predicted.take(doc)  # the cursor skips the documents left out

    def _line(
        self,
        doc: Document,
        annotator: str | None,
        status: Status,
        spans: _Spans,
        relations: list[Relation],
        options: ExportOptions,
    ) -> dict[str, Any]:
        spans_json = spans[1]
        text = doc.original if options.offsets == "original" else doc.text
        out_spans: list[dict[str, Any]] | orjson.Fragment
        if options.offsets == "normalized" and not options.tokens and _whole(spans_json):
            out_spans = orjson.Fragment(spans_json)  # SQLite's JSON as it is: the fast path
        else:
            out_spans = _parsed(spans_json, doc)
            if options.offsets == "original":
                omap = OffsetMap.from_json(doc.offset_map_json)
                for span in out_spans:
                    start, end = omap.span_to_original(span["start"], span["end"])
                    span.update(start=start, end=end, text=text[start:end])
        line: dict[str, Any] = {
            "id": doc.ext_id,
            "title": doc.title,
            "text": text,
            "lang": doc.lang,
            "meta": doc.meta,
            "annotator": annotator,
            "status": status.value,
            "spans": out_spans,
            "relations": [
                {"head": r.head_id, "tail": r.tail_id, "type": r.type, "attrs": r.attrs}
                for r in relations
            ],
            "offsets": options.offsets,
            "offset_unit": "codepoint",
            "text_sha256": sha256(text) if text is not doc.text else doc.text_sha256,
            "normalizer": doc.normalizer,
        }
        if options.offsets == "normalized" and doc.original != doc.text:
            line["original_text"] = doc.original
        if options.tokens:
            tokens = self.tokenizer.tokenize(text, doc.lang)
            line["tokens"] = [
                {"text": t.text, "start": t.start, "end": t.end, "id": i}
                for i, t in enumerate(tokens)
            ]
            assert isinstance(out_spans, list)
            _attach_token_indices(out_spans, tokens)
        return line


# A JSON escape of a surrogate: half of a pair, or half a character alone.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _whole(spans_json: str) -> bool:
    """Whether SQLite's JSON of the spans holds no half character (a lone surrogate, from
    JSON's "\\ud800" in an attribute another program stored). The fast path wrote such an
    escape as it was: a file its own import refuses. Looked at past a search only (a
    surrogate's escape is rare: SQLite escapes control characters alone)."""
    if "\\u" not in spans_json or not _SURROGATE_ESCAPE.search(spans_json):
        return True
    try:
        orjson.loads(spans_json)  # refuses a surrogate without its other half
    except orjson.JSONDecodeError:
        return False
    return True


def _parsed(spans_json: str, doc: Document) -> list[dict[str, Any]]:
    """SQLite's JSON of the spans, parsed; with a half character in it by json, which reads
    one (orjson's "no low surrogate" was a traceback naming no document): a format that
    writes the value then names the document (UnwritableValue), one that leaves it out
    writes the rest. Any other value orjson refuses (1e999, which SQLite keeps and json
    would read as inf) stops the export naming the document."""
    parsed: list[dict[str, Any]]
    try:
        parsed = orjson.loads(spans_json)
    except orjson.JSONDecodeError as exc:
        if "surrogate" not in str(exc):
            raise UnwritableNumber(doc.ext_id, doc.title, str(exc)) from exc
        parsed = json.loads(spans_json)
    return parsed


def _check(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled("export cancelled; no file was written")


def _share_labels(sinks: list[_Sink]) -> None:
    """Splits of a format that numbers its labels (Hugging Face): one numbering for all, or
    tag 1 is B-X in train, B-Y in test."""
    writers = [s.writer for s in sinks]
    if len(writers) > 1 and isinstance(writers[0], SharedLabels):
        writers[0].share_labels(writers[1:])


def _split_path(out: Path, split: str) -> Path:
    """gold.jsonl -> gold.train.jsonl; a brat folder gold -> gold.train."""
    return out if not split else out.with_name(f"{out.stem}.{split}{out.suffix}")


_Sink = _LineSink | _WriterSink
_Spans = tuple[int, str]  # how many, and the JSON array SQLite made of them
_NO_SPANS: _Spans = (0, "[]")
_Row = tuple[Document | None, str | None, Status, _Spans, list[Relation]]


@dataclass(frozen=True, slots=True)
class _Predicted:
    """One outside model's predictions on one document, for `export --predictions`."""

    doc: Document
    model: str
    rows: list[Prediction]


class _PredictionCursor:
    """The project's predictions, consumed in document id order beside the documents."""

    def __init__(self, project: Project) -> None:
        self._rows = project.predictions.iter_by_document()
        self._next = next(self._rows, None)

    def take(self, doc: Document) -> Iterator[_Predicted]:
        while self._next is not None and self._next[0] < doc.id:
            self._next = next(self._rows, None)  # a document the export does not walk
        if self._next is None or self._next[0] != doc.id:
            return
        rows = self._next[1]
        self._next = next(self._rows, None)
        for model, group in itertools.groupby(rows, key=lambda p: p.model):
            yield _Predicted(doc, model, list(group))


class _AnnotatorCursor:
    """One annotator's spans, relations and statuses, consumed in document id order."""

    def __init__(self, project: Project, name: str) -> None:
        self.name = name
        self._statuses = project.status.all_for(name)
        self._spans = project.spans.iter_json_by_document(name)
        self._relations = project.spans.iter_relations(name)
        self._next_spans = next(self._spans, None)
        self._next_relations = next(self._relations, None)

    def take(self, document_id: int) -> tuple[Status, _Spans, list[Relation]]:
        spans = _NO_SPANS
        relations: list[Relation] = []
        if self._next_spans is not None and self._next_spans[0] == document_id:
            spans = self._next_spans[1:]
            self._next_spans = next(self._spans, None)
        if self._next_relations is not None and self._next_relations[0] == document_id:
            relations = self._next_relations[1]
            self._next_relations = next(self._relations, None)
        return self._statuses.get(document_id, Status.NEW), spans, relations


def _attach_token_indices(spans: list[dict[str, Any]], tokens: list[Token]) -> None:
    """Prodigy's convention: token_start and token_end (inclusive) of the tokens a span covers."""
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    for span in spans:
        first = bisect.bisect_right(ends, span["start"])
        last = bisect.bisect_left(starts, span["end"]) - 1
        if first <= last:
            span["token_start"] = first
            span["token_end"] = last
