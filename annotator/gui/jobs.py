"""Work the window hands to a worker thread; each job opens its own project connection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from annotator.core.errors import UnusableRows
from annotator.core.services.demo import demo_batches
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.cleaning import CleanReport, make_cleaned_copy
from annotator.core.store.project import Project
from annotator.core.text.normalize import PersianNormalizer
from annotator.gui.tasks import TaskFn

if TYPE_CHECKING:  # imported by the jobs themselves, in the worker (numpy)
    from annotator.core.learn.crf import Prediction, TrainedModel
    from annotator.core.model import Document, Span
    from annotator.core.review.model import Mode
    from annotator.core.services.agreement import (
        DisagreementRow,
        LoadedAgreement,
        ProjectAgreement,
    )
    from annotator.core.services.suggestions import Patterns, Suggestion

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def import_job(project_path: Path, files: list[str], annotator: str) -> TaskFn:
    def run(progress: Progress, cancelled: Cancelled) -> str:
        with Project.open(project_path) as project:
            report = Importer(project).run(
                files,
                ImportOptions(annotator=annotator),
                lambda p: progress(p.bytes_done, p.bytes_total),
                cancelled,
            )
        parts = [
            QCoreApplication.translate("jobs", "Imported %n new document(s)", "", report.added),
            QCoreApplication.translate("jobs", "%n already there", "", report.existing),
            QCoreApplication.translate("jobs", "%n span(s) added", "", report.spans.added),
        ]
        if report.predictions:  # an outside model's: shown as suggestions
            predicted = sum(c.added + c.unchanged for c in report.predictions.values())
            parts.append(
                QCoreApplication.translate("jobs", "%n model prediction(s)", "", predicted)
            )
        separator = QCoreApplication.translate("jobs", "; ")
        read_as = QCoreApplication.translate("jobs", ". Read as: %s.")
        text = separator.join(parts) + read_as % "; ".join(sorted(report.formats))
        if report.warnings:
            text += " " + QCoreApplication.translate(
                "jobs", "%n warning(s).", "", len(report.warnings)
            )
        return text

    return run


def export_job(project_path: Path, out: Path, options: ExportOptions) -> TaskFn:
    def run(progress: Progress, cancelled: Cancelled) -> str:
        with Project.open(project_path, create=False, for_reading=True) as project:
            report = Exporter(project).run(out, options, progress, cancelled)
        documents = QCoreApplication.translate(
            "jobs", "Exported %n document(s)", "", report.documents
        )
        spans = QCoreApplication.translate("jobs", "%n span(s)", "", report.spans)
        text = QCoreApplication.translate("jobs", "%s, %s to %s.") % (documents, spans, out)
        lost = "; ".join(f"{n} {what}" for what, n in report.lost.items())
        if lost:
            text += QCoreApplication.translate("jobs", " Not expressible in %s: %s.") % (
                options.format,
                lost,
            )
        for note in report.notes:  # the core's words, as the notes given at start
            text += f" {note}."
        return text

    return run


def demo_job(project_path: Path, seeds: Path) -> TaskFn:
    """First start: the Arabic seeds go in at once, the Persian ones once hazm is ready.

    Progress is reported after each batch, so the window can show the documents so far.
    """

    def run(progress: Progress, cancelled: Cancelled) -> str:
        persian = PersianNormalizer()
        with Project.open(project_path) as project:
            importer = Importer(project, persian)
            batches = demo_batches(seeds)
            for i, batch in enumerate(batches, start=1):
                importer.run(batch, ImportOptions(format="txt"), cancelled=cancelled)
                progress(i, len(batches))
        return QCoreApplication.translate("jobs", "The demo corpus is ready.")

    return run


def ranking_job(project_path: Path, annotators: list[str]) -> TaskFn:
    """Rank documents by disagreement again, when the annotations changed since last time.

    The file is checked (integrity_check) only before a new ranking is written, not as this
    connection opens: most refreshes find the ranking current and write nothing."""

    def run(progress: Progress, cancelled: Cancelled) -> list:
        from annotator.core.services.agreement import AgreementService

        with Project.open(project_path, create=False, check_now=False) as project:
            return AgreementService(project).refresh_queue(annotators, progress, cancelled)

    return run


def agreement_job(project_path: Path, annotators: list[str] | None) -> TaskFn:
    """Load the annotations once and compute every figure: (LoadedAgreement, ProjectAgreement)."""

    def run(progress: Progress, cancelled: Cancelled) -> tuple[LoadedAgreement, ProjectAgreement]:
        from annotator.core.services.agreement import AgreementService

        with Project.open(project_path, create=False, for_reading=True) as project:
            service = AgreementService(project)
            loaded = service.load(annotators)
        return loaded, service.report_for(loaded, progress, cancelled)

    return run


def disagreements_job(loaded: LoadedAgreement, a: str, b: str, label: str, mode: str) -> TaskFn:
    """The list behind a clicked figure; `mode` comes from a signal: anything but "exact"
    matches by overlap, as the view's figures do."""

    def run(progress: Progress, cancelled: Cancelled) -> list[DisagreementRow]:
        from annotator.core.services.agreement import AgreementService

        matching: Mode = "exact" if mode == "exact" else "overlap"
        return AgreementService.disagreements(loaded, a, b, label or None, matching)

    return run


def suggestion_patterns_job(project_path: Path, annotator: str) -> TaskFn:
    """What suggestions search for, built from every tag off the GUI thread (after every few
    tags: the window checked the file already, and this only reads)."""

    def run(progress: Progress, cancelled: Cancelled) -> object:
        from annotator.core.services.suggestions import Patterns

        with Project.open(project_path, create=False, for_reading=True, check_now=False) as project:
            return Patterns.build(project, annotator)

    return run


def suggestions_job(
    project_path: Path, annotator: str, patterns: Patterns, model: TrainedModel | None,
    predictions: list[Prediction] | None, doc: Document, spans: list[Span],
) -> TaskFn:  # fmt: skip
    """The open article's suggestions (~25 ms for a usual one, ~1 s for 200,000 characters:
    never on the GUI thread), from the spans the window holds as it asked and the decisions
    stored by then. `model` only filters the predictions made beforehand by its thresholds:
    its tagger is not used here."""

    def run(progress: Progress, cancelled: Cancelled) -> list[Suggestion]:
        from annotator.core.services.suggestions import Suggester

        with Project.open(project_path, create=False, for_reading=True, check_now=False) as project:
            suggester = Suggester(project, annotator, patterns, model, predictions)
            return suggester.for_document(doc, spans)

    return run


def verify_job(project_path: Path) -> TaskFn:
    """SQLite's integrity_check of the window's project (seconds on 100,000 documents),
    done while the analyst reads; a cancel (the window closing) interrupts it at once.
    Returns the rows our readers cannot use (rows_check) when that is all that is wrong,
    for the caller to offer a copy without them; None when the file passed."""

    def run(progress: Progress, cancelled: Cancelled) -> list[str] | None:
        with Project.open(project_path, create=False, for_reading=True, check_now=False) as project:
            try:
                project.verify(cancelled)
            except UnusableRows as exc:
                return exc.found
        return None

    return run


def clean_copy_job(project_path: Path) -> TaskFn:
    """A cleaned copy of a refused project (reads and writes every row: seconds on a big
    one); a cancel leaves no copy."""

    def run(progress: Progress, cancelled: Cancelled) -> CleanReport:
        return make_cleaned_copy(project_path, progress, cancelled)

    return run


def rebuild_index_job(project_path: Path) -> TaskFn:
    """The search index made again from the documents, which a damaged index leaves intact."""

    def run(progress: Progress, cancelled: Cancelled) -> str:
        with Project.open(project_path, create=False) as project, project.transaction():
            count = project.documents.rebuild_search_index(progress)
        return QCoreApplication.translate(
            "jobs", "The search index was rebuilt from %n document(s).", "", count
        )

    return run


RANK_LIMIT = 2000  # unfinished documents ranked at most (~25 ms each): a minute's work


def uncertainty_job(project_path: Path, model: object, query: object) -> TaskFn:
    """The list's documents not learnt from yet, the ones the model is least sure of first
    (active learning): (rows in that order, {id: score}, how many were left unranked).
    `model` is the worker's own copy (a crfsuite tagger is not thread-safe)."""

    def run(progress: Progress, cancelled: Cancelled) -> tuple[list, dict[int, float], int]:
        from annotator.core.learn import TrainedModel, rank_documents, training_documents
        from annotator.core.services.corpus import CorpusService, DocumentQuery

        assert isinstance(model, TrainedModel) and isinstance(query, DocumentQuery)
        with Project.open(project_path, create=False, for_reading=True, check_now=False) as project:
            service = CorpusService(project, query.annotator)
            rows = service.page_after(query, 0, max(service.count(query), 1))
            learnt = {d for d, _who in training_documents(project, model.info.annotator)}
            rows = [row for row in rows if row.id not in learnt]
            left = max(len(rows) - RANK_LIMIT, 0)
            rows = rows[:RANK_LIMIT]
            ranked = rank_documents(
                project, model, [row.id for row in rows], include_finished=True,
                progress=progress, cancelled=cancelled,
            )  # fmt: skip
        by_id = {row.id: row for row in rows}
        scores = {u.document_id: u.score for u in ranked}
        return [by_id[u.document_id] for u in ranked], scores, left

    return run
