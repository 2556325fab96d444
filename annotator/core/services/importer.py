"""Import articles (and their spans) into a project: all of it, or nothing at all.

The whole import is one transaction. Records stream from the readers in batches; Persian
batches are normalised by worker processes while the main process stores the previous batch,
so hazm's ~2 ms per KB is spread over the cores. The first problem stops all writing, the
readers carry on validating so the user sees every problem at once, then everything is rolled
back.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.core.errors import Cancelled, ImportFailed, InputProblem
from annotator.core.formats import sources
from annotator.core.formats.predictions import as_predictions
from annotator.core.formats.records import BadRecord, Skipped, SourceRecord, stored_too_long
from annotator.core.kinds import KINDS
from annotator.core.kinds.date import DateKind
from annotator.core.model import NewDocument, NewRelation, NewSpan, Status
from annotator.core.services.date_values import DocumentDates, has_value
from annotator.core.store.documents import DocumentKey, sha256
from annotator.core.store.labels import label_name
from annotator.core.store.predictions import PredictionRow
from annotator.core.store.project import Project
from annotator.core.store.settings import NORMALIZE
from annotator.core.store.spans import SpanChanges, SpanRow
from annotator.core.text.align import OffsetMap
from annotator.core.text.decode import canonicalize
from annotator.core.text.lang import detect_language
from annotator.core.text.names import breaking_title, commanding, described, name_problem
from annotator.core.text.normalize import (
    Normalized,
    NormalizerPool,
    PersianNormalizer,
    normalize_safe,
)

# Labels whose spans get a date value as they are stored (asked once: 200,000 spans are
# 200,000 questions otherwise).
DATE_LABELS = frozenset(name for name, kind in KINDS.items() if isinstance(kind, DateKind))
BATCH = 64  # documents per worker task: big enough to amortise pickling, small for memory
IN_FLIGHT = 3  # batches being normalised while one is stored
SMALL_IMPORT = 16  # Persian documents below which worker start-up is not worth it
MAX_PROBLEMS = 50
Mover = Callable[[int, int], tuple[int, int]]  # record offsets -> stored text offsets


@dataclass(frozen=True)
class ImportOptions:
    format: str = "auto"
    annotator: str | None = None  # overrides the annotator named in the file
    normalize: bool | None = None  # None: the project's setting
    add_labels: bool = False
    encoding: str | None = None
    dry_run: bool = False  # check everything, store nothing
    # The files' spans are this model's predictions (suggestions), not an annotator's.
    predictions: str | None = None


@dataclass(frozen=True)
class ImportProgress:
    bytes_done: int
    bytes_total: int
    documents: int


@dataclass
class ImportReport:
    files: int = 0
    added: int = 0
    existing: int = 0
    by_lang: Counter[str] = field(default_factory=Counter)
    spans: SpanChanges = field(default_factory=SpanChanges)
    labels_added: list[str] = field(default_factory=list)
    annotators: set[str] = field(default_factory=set)
    dry_run: bool = False
    formats: Counter[str] = field(default_factory=Counter)  # what was recognised -> files
    warnings: list[str] = field(default_factory=list)  # "FILE:LINE: what was assumed"
    skipped: int = 0  # records that can hold no span (blank text, passed on), left out
    dated: int = 0  # date spans that came without a value and were given one
    predictions: dict[str, SpanChanges] = field(default_factory=dict)  # model -> changes


@dataclass
class _Item:
    """A record on its way in: identity settled, text possibly still being normalised."""

    record: SourceRecord
    ext_id: str
    original: str
    original_sha256: str
    lang: str
    annotator: str | None
    existing: DocumentKey | None
    normalized: Normalized | None = None


class _DryRun(Exception):
    pass


class Importer:
    """Imports into one open project. Reuse it to keep a warm Persian normaliser."""

    def __init__(self, project: Project, persian: PersianNormalizer | None = None) -> None:
        self.project = project
        self.persian = persian or PersianNormalizer()

    def run(
        self,
        paths: Sequence[str | Path],
        options: ImportOptions = ImportOptions(),
        progress: Callable[[ImportProgress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:
        files, problems = sources.expand(paths, options.format)
        if options.annotator and (problem := name_problem(options.annotator, "annotator")):
            problems.append(InputProblem("--annotator", problem))
        if problems:
            raise ImportFailed(problems)
        run = _Run(self, options, files, progress, cancelled)
        try:
            with self.project.transaction():
                run.execute()
                if run.problems:
                    raise ImportFailed(run.problems[:MAX_PROBLEMS], run.dropped)
                if options.dry_run:
                    raise _DryRun
                if options.normalize is not None and self.project.settings.get(NORMALIZE) is None:
                    self.project.settings.set(NORMALIZE, options.normalize)
        except _DryRun:
            pass
        finally:
            run.close()
            if run.problems or options.dry_run:
                self.project.annotators.forget_cache()
        run.report.dry_run = options.dry_run
        return run.report


class _Run:
    def __init__(
        self,
        importer: Importer,
        options: ImportOptions,
        files: list[sources.SourceFile],
        progress: Callable[[ImportProgress], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.project = importer.project
        self.persian = importer.persian
        self.options = options
        self.files = files
        self.progress = progress
        self.cancelled = cancelled or (lambda: False)
        setting = self.project.settings.get(NORMALIZE, True)
        self.normalize = setting if options.normalize is None else options.normalize
        self.labels = self.project.labels.names()
        self._annotator_problems: dict[str, str | None] = {}
        self._link_type_problems: dict[str, str | None] = {}
        self.report = ImportReport(files=len(files))
        self.problems: list[InputProblem] = []
        self.dropped = 0
        self.pending_ids: dict[str, str] = {}  # ext_id -> original sha256, not yet stored
        self.repeated_ids: set[str] = set()  # ids met twice before the first was stored
        self.queue: deque[tuple[list[_Item], Future[list[Normalized]] | None]] = deque()
        self.pool: NormalizerPool | None = None
        self.bytes_total = sum(f.size for f in files)
        self.bytes_before = 0
        self.skipped: dict[str, tuple[int, str]] = {}  # reason -> (count, first place)
        self.unowned_done: tuple[int, str] | None = None  # (count, first place)
        self.breaking_titles: tuple[int, str, str] | None = None  # (count, first place, char)
        # Documents get increasing ids: one at or past this was added by this import, so a
        # second record of it (another annotator's) is not "already there".
        self.first_added: int | None = None
        self.existing_ids: set[int] = set()
        # Spans of documents this import added, stored a batch at a time (see flush_spans).
        self.new_spans: list[tuple[int, str, list[SpanRow]]] = []
        self.label_names: dict[str, str] = {}  # label as a file spells it -> as stored
        # (document, model) whose earlier predictions this import has replaced already: a
        # second record of them (another prediction of a Label Studio task) adds to them.
        self.predicted: set[tuple[int, str]] = set()

    # -- reading and checking -------------------------------------------------------------

    def execute(self) -> None:
        batch: list[_Item] = []
        first = True
        for source in self.files:
            self.report.formats[source.found or source.format] += 1
            for item in sources.read(source, self.options.encoding):
                if self.cancelled():
                    raise Cancelled("import cancelled; nothing was imported")
                if isinstance(item, InputProblem):
                    self.fail(item)
                    continue
                if isinstance(item, Skipped):
                    self.skip(item)
                    continue
                for warning in item.meta.pop("import_warnings", ()):
                    where = f"{item.path}:{item.line}" if item.line else item.path
                    self.report.warnings.append(f"{where}: {warning}")
                prepared = self.prepare(item)
                if prepared is not None and not self.problems:
                    batch.append(prepared)
                if len(batch) >= BATCH:
                    self.dispatch(batch, in_process=False)
                    batch, first = [], False
                    self.drain(keep=IN_FLIGHT)
                self.tick(item.bytes_done)
            self.bytes_before += source.size
        if batch:
            persian = sum(1 for i in batch if self.needs_hazm(i))
            self.dispatch(batch, in_process=first and persian <= SMALL_IMPORT)
        self.drain(keep=0)
        self.bytes_before = self.bytes_total
        self.tick(0)
        self.summarise()

    def skip(self, item: Skipped) -> None:
        count, first = self.skipped.get(item.reason, (0, item.where))
        self.skipped[item.reason] = (count + 1, first)
        self.report.skipped += 1

    def summarise(self) -> None:
        """One warning per kind of record left out, counted, with where the first one is:
        thousands of lines each saying "skipped" would bury everything else."""
        counted = [
            f"skipped {n} record(s): {reason}, first at {first}"
            for reason, (n, first) in self.skipped.items()
        ]
        if self.unowned_done:
            n, first = self.unowned_done
            counted.append(
                f"{n} record(s) say the document is finished but name no annotator, first at "
                f"{first}: imported as unannotated; pass --annotator NAME to keep them as done"
            )
        if self.breaking_titles:
            n, first, char = self.breaking_titles
            counted.append(
                f"{n} document(s) have a title or id holding a character that would break or "
                f"reorder its line, first at {first}: {described(char)}; kept as they are, "
                f"and shown with such characters escaped (as \\u{ord(char):04x})"
            )
        self.report.warnings[:0] = counted

    def fail(self, problem: InputProblem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.dropped += 1
        self.discard_pending()

    def _annotator_problem(self, name: str) -> str | None:
        if name not in self._annotator_problems:
            known = self.project.annotators.find(name) is not None
            self._annotator_problems[name] = None if known else name_problem(name, "annotator")
        return self._annotator_problems[name]

    def _link_type_problem(self, name: str) -> str | None:
        """As for annotators: link types were never checked before, so a project may hold
        one that is refused now; re-importing the project's own links must still work."""
        if name not in self._link_type_problems:
            known = self.project.spans.holds_relation_type(name)
            self._link_type_problems[name] = None if known else name_problem(name, "link type")
        return self._link_type_problems[name]

    def prepare(self, record: SourceRecord) -> _Item | None:
        if self.options.predictions is not None:
            if record.relations:
                self.report.warnings.append(
                    f"{_where(record)}: {len(record.relations)} relation(s) not imported "
                    "(predictions are spans only)"
                )
            try:
                record = as_predictions(record, self.options.predictions)
            except BadRecord as exc:
                self.fail(exc.problem(record.path, record.line))
                return None
        cleaned = self.clean_labels(record)
        if cleaned is None:
            return None
        record = cleaned
        annotator = self.options.annotator or record.annotator
        # Only a name this import stores and the project lacks: one --annotator replaces
        # is never stored, and one the project holds already must not block reimporting.
        if (
            not self.options.annotator
            and record.annotator
            and (problem := self._annotator_problem(record.annotator))
        ):
            self.fail(record.problem(problem))
            return None
        if record.spans and not annotator:
            self.fail(
                record.problem("the record has spans but names no annotator; pass --annotator NAME")
            )
            return None
        if record.status in _FINISHED and not annotator:
            count, first = self.unowned_done or (0, _where(record))
            self.unowned_done = (count + 1, first)
        if record.status is not None and record.status not in Status.__members__.values():
            self.fail(record.problem(f"unknown status {record.status!r}"))
            return None
        used = {s.label for s in record.spans} | {p.label for p in record.predictions}
        for label in sorted(used - self.labels):
            if problem := name_problem(label, "label"):
                self.fail(record.problem(problem))
                return None
            if not self.options.add_labels:
                known = ", ".join(sorted(self.labels))
                self.fail(
                    record.problem(
                        f"unknown label {label!r} (the project has: {known}); "
                        "pass --add-labels to add it"
                    )
                )
                return None
            self.project.labels.add_new(label)
            self.labels.add(label)
            self.report.labels_added.append(label)
        for link_type in sorted({r.type for r in record.relations}):
            if problem := self._link_type_problem(link_type):
                self.fail(record.problem(problem))
                return None
        original = canonicalize(record.original_text or record.text)
        digest = sha256(original)
        ext_id = record.ext_id or f"sha256-{digest[:16]}"
        existing = self.project.documents.key_by_ext_id(ext_id)
        if existing is None and record.ext_id is None:
            existing = self.project.documents.key_by_original_sha256(digest)
        known_digest = existing.original_sha256 if existing else self.pending_ids.get(ext_id)
        same_stored_text = existing is not None and sha256(record.text) == existing.text_sha256
        if known_digest is not None and known_digest != digest and not same_stored_text:
            self.fail(
                record.problem(
                    f"document {ext_id!r} is already in the project with a different text; "
                    "give this one another id"
                )
            )
            return None
        if existing is None and ext_id in self.pending_ids:
            self.repeated_ids.add(ext_id)
        elif existing is None:
            self.pending_ids[ext_id] = digest
            self.note_breaking_title(record, ext_id)
        return _Item(
            record, ext_id, original, digest, detect_language(original), annotator, existing
        )

    def note_breaking_title(self, record: SourceRecord, ext_id: str) -> None:
        """A title or id is the document's, not a name of the project's: one holding a
        character that would spoof or break its line (text.names.shown_title says which:
        not a tab, nor paired embeddings as Persian text from Word holds) is stored as the
        file gives it (refusing it would refuse a whole file of good documents, rewriting
        it would part the document from its source) and shown escaped. The import says
        so, once, counted, naming the first file, line and character."""
        # an id by the names' rule (text.names.shown_id): a key typed back, a tab or a
        # direction mark in it is shown escaped too
        bad = breaking_title(record.title or "") or commanding(ext_id)
        if bad is None:
            return
        count, first, char = self.breaking_titles or (0, _where(record), bad)
        self.breaking_titles = (count + 1, first, char)

    def clean_labels(self, record: SourceRecord) -> SourceRecord | None:
        """Spans name their label as the project stores it (" actor\n" is actor): a label
        added under one spelling and referred to under another breaks the span's link."""
        names = self.label_names
        if record.predictions:
            record = self.clean_prediction_labels(record)
        if all(names.get(span.label) == span.label for span in record.spans):
            return record  # nearly always: every label already as the project spells it
        cleaned = []
        for i, span in enumerate(record.spans, start=1):
            name = names.get(span.label) or label_name(span.label)
            if name:
                names[span.label] = name
            else:
                self.fail(record.problem(f"span {i} has a blank label"))
                return None
            cleaned.append(span if name == span.label else replace(span, label=name))
        if all(a is b for a, b in zip(cleaned, record.spans, strict=True)):
            return record
        return replace(record, spans=tuple(cleaned))

    def clean_prediction_labels(self, record: SourceRecord) -> SourceRecord:
        """A prediction's label as the project spells it (a blank one was refused on
        reading); the model's "Date " is the project's "Date"."""
        names = self.label_names
        cleaned = []
        for p in record.predictions:
            name = names.get(p.label) or label_name(p.label) or p.label
            names[p.label] = name
            cleaned.append(p if name == p.label else replace(p, label=name))
        return replace(record, predictions=tuple(cleaned))

    # -- normalising ----------------------------------------------------------------------

    def needs_hazm(self, item: _Item) -> bool:
        return self.normalize and item.existing is None and item.lang == "fa"

    def dispatch(self, batch: list[_Item], in_process: bool) -> None:
        if self.problems:
            return
        persian = [i for i in batch if self.needs_hazm(i)]
        for item in batch:
            if item.existing is not None or self.needs_hazm(item):
                continue
            item.normalized = (
                normalize_safe(item.original)
                if self.normalize
                else Normalized(item.original, OffsetMap.identity(), "none")
            )
        future: Future[list[Normalized]] | None = None
        if persian and in_process:
            for item in persian:
                item.normalized = self.persian.normalize(item.original)
        elif persian:
            if self.pool is None:
                self.pool = NormalizerPool()
            future = self.pool.submit([i.original for i in persian])
        self.queue.append((batch, future))

    def drain(self, keep: int) -> None:
        while len(self.queue) > keep:
            batch, future = self.queue.popleft()
            if future is not None:
                results = iter(future.result())
                for item in batch:
                    if self.needs_hazm(item):
                        item.normalized = next(results)
            self.check_stored_length(batch)
            if not self.problems:
                for item in batch:
                    self.store(item)
                self.flush_spans()

    def check_stored_length(self, batch: list[_Item]) -> None:
        """Refuse, before the batch is stored, a document that normalisation took past the
        bound the reader checked on the text as given: stored, it would be exported at a
        length no import takes."""
        for item in batch:
            if item.existing is None and item.normalized is not None:
                problem = stored_too_long(item.record, len(item.normalized.text))
                if problem is not None:
                    self.fail(problem)

    def discard_pending(self) -> None:
        for _, future in self.queue:
            if future is not None:
                future.cancel()
        self.queue.clear()

    # -- storing --------------------------------------------------------------------------

    def store(self, item: _Item) -> None:
        record = item.record
        if item.existing is not None:
            doc_id = item.existing.id
            self.count_existing(doc_id)
        else:
            again = (
                self.project.documents.key_by_ext_id(item.ext_id)
                if item.ext_id in self.repeated_ids
                else None
            )
            if again is not None:
                item.existing = again
                doc_id = again.id
                self.count_existing(doc_id)
            else:
                assert item.normalized is not None
                meta = dict(record.meta)
                meta.setdefault("title", record.title or "")
                doc_id = self.project.documents.add(
                    NewDocument(
                        ext_id=item.ext_id,
                        title=record.title or "",
                        lang=item.lang,
                        original=item.original,
                        text=item.normalized.text,
                        offset_map_json=item.normalized.offset_map.to_json(),
                        normalizer=item.normalized.normalizer,
                        meta=meta,
                        source=record.path,
                        original_sha256=item.original_sha256,
                    )
                )
                self.pending_ids.pop(item.ext_id, None)
                if self.first_added is None:
                    self.first_added = doc_id
                self.report.added += 1
                self.report.by_lang[item.lang] += 1
        if item.annotator and record.has_annotations:
            spans = self.stored_spans(item, doc_id)
            if spans is None:
                return
            if item.existing is None and not record.relations:
                # Added just now, so no spans of anyone to keep or replace: insert later, in
                # bulk. The annotator gets its id now, in the order one insert per document
                # would have given it.
                self.project.annotators.ensure(item.annotator)
                self.new_spans.append((doc_id, item.annotator, spans))
                changes = SpanChanges(added=len(spans))
            else:
                self.flush_spans()
                relations = [
                    NewRelation(r.head_ref, r.tail_ref, r.type, r.attrs) for r in record.relations
                ]
                changes = self.project.spans.replace_for_document(
                    doc_id,
                    item.annotator,
                    [
                        NewSpan(label, start, end, text, attrs, span.ref)
                        for (label, start, end, text, attrs), span in zip(
                            spans, record.spans, strict=True
                        )
                    ],
                    relations,
                )
            self.report.spans = self.report.spans + changes
            self.report.annotators.add(item.annotator)
        if item.annotator and record.status:
            self.project.status.set(doc_id, item.annotator, Status(record.status))
        if record.predicted_by:
            self.store_predictions(item, doc_id)

    def store_predictions(self, item: _Item, doc_id: int) -> None:
        """The models' predictions moved onto the stored text, replacing what each model
        predicted on the document before (so a file imported twice leaves one copy)."""
        record = item.record
        rows: dict[str, list[PredictionRow]] = {model: [] for model in record.predicted_by}
        if record.predictions:
            move = self.mover(item, doc_id)
            for i, p in enumerate(record.predictions, start=1):
                start, end = (p.start, p.end) if move is None else move(p.start, p.end)
                if end <= start:
                    self.fail(
                        record.problem(
                            f"prediction {i} ({p.label}) {p.start}-{p.end} covers only "
                            "characters that normalisation removed"
                        )
                    )
                    return
                rows.setdefault(p.model, []).append(
                    (start, end, p.label, p.score, p.version, p.attrs)
                )
        store = self.project.predictions
        for model, found in rows.items():
            if (doc_id, model) in self.predicted:
                changes = SpanChanges(added=store.add(doc_id, model, found))
            else:
                self.predicted.add((doc_id, model))
                changes = store.replace(doc_id, model, found)
            self.report.predictions[model] = (
                self.report.predictions.get(model, SpanChanges()) + changes
            )

    def flush_spans(self) -> None:
        """Store the spans held back for new documents: one statement for a batch of
        documents instead of a lookup and an insert per document (200,000 spans came to
        more than the documents themselves)."""
        if self.new_spans:
            self.project.spans.add_to_new_documents(self.new_spans)
            self.new_spans = []

    def count_existing(self, doc_id: int) -> None:
        """Documents the project had before, each once: another annotator's record of one
        this import added (a Label Studio task with two annotations) is not one of them."""
        if self.first_added is None or doc_id < self.first_added:
            self.existing_ids.add(doc_id)
            self.report.existing = len(self.existing_ids)

    def stored_spans(self, item: _Item, doc_id: int) -> list[SpanRow] | None:
        """The record's spans moved from the text it gave onto the text the project stores,
        in the record's order."""
        record = item.record
        if not record.spans:
            return []
        stored, lang, meta, move = self.target(item, doc_id)
        spans: list[SpanRow] = []
        dates: DocumentDates | None = None
        for i, span in enumerate(record.spans, start=1):
            if move is None:
                start, end = span.start, span.end
            else:
                start, end = move(span.start, span.end)
            if end <= start:
                self.fail(
                    record.problem(
                        f"span {i} ({span.label}) {span.start}-{span.end} covers only characters "
                        "that normalisation removed"
                    )
                )
                return None
            attrs = span.attrs
            # A date needs only its document to be read, so it gets its value here, as a span
            # tagged in the window does; an actor's link needs the registry: `annotator values`.
            if span.label in DATE_LABELS and not span.attrs_stated:
                dates = dates or DocumentDates(stored, lang, meta)
                attrs = dates.attrs(start, end, attrs)
                self.report.dated += attrs is not span.attrs and has_value(attrs)
            spans.append((span.label, start, end, stored[start:end], attrs))
        return spans

    def target(self, item: _Item, doc_id: int) -> tuple[str, str, dict[str, Any], Mover | None]:
        """The text the project stores, its language and metadata, and how to move the
        record's offsets onto it (None: they stand as they are)."""
        record = item.record
        if item.existing is not None or item.normalized is None:
            doc = self.project.documents.get(doc_id)
            stored, omap = doc.text, OffsetMap.from_json(doc.offset_map_json)
            original, lang, meta = doc.original, doc.lang, doc.meta
        else:
            stored, omap, original = item.normalized.text, item.normalized.offset_map, item.original
            lang, meta = item.lang, record.meta
        move: Mover | None
        if record.text == stored:
            move = None  # offsets stand as they are: no call per span
        elif record.text == original:
            move = omap.span_to_text
        else:
            move = OffsetMap.between(record.text, stored).span_to_text
        return stored, lang, meta, move

    def mover(self, item: _Item, doc_id: int) -> Mover | None:
        return self.target(item, doc_id)[3]

    def tick(self, bytes_in_file: int) -> None:
        if self.progress is not None:
            self.progress(
                ImportProgress(
                    self.bytes_before + bytes_in_file,
                    self.bytes_total,
                    self.report.added + self.report.existing,
                )
            )

    def close(self) -> None:
        self.discard_pending()
        if self.pool is not None:
            self.pool.close()


_FINISHED = (Status.DONE, Status.REVIEWED)


def _where(record: SourceRecord) -> str:
    return f"{record.path}:{record.line}" if record.line is not None else record.path


def import_paths(
    project: Project,
    paths: Iterable[str | Path],
    options: ImportOptions = ImportOptions(),
) -> ImportReport:
    """One-shot import for scripts and tests."""
    return Importer(project).run(list(paths), options)
