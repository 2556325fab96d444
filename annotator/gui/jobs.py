"""Work the window hands to a worker thread; each job opens its own project connection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.core.services.demo import demo_batches
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project
from annotator.core.text.normalize import PersianNormalizer
from annotator.gui.tasks import TaskFn

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
        found = "; ".join(sorted(report.formats))
        warned = f" {len(report.warnings)} warning(s)." if report.warnings else ""
        return (
            f"Imported {report.added} new document(s); {report.existing} already there; "
            f"{report.spans.added} span(s) added. Read as: {found}.{warned}"
        )

    return run


def export_job(project_path: Path, out: Path, options: ExportOptions) -> TaskFn:
    def run(progress: Progress, cancelled: Cancelled) -> str:
        with Project.open(project_path, create=False) as project:
            report = Exporter(project).run(out, options, progress, cancelled)
        lost = "; ".join(f"{n} {what}" for what, n in report.lost.items())
        tail = f" Not expressible in {options.format}: {lost}." if lost else ""
        return f"Exported {report.documents} document(s), {report.spans} span(s) to {out}.{tail}"

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
        return "The demo corpus is ready."

    return run


def ranking_job(project_path: Path, annotators: list[str]) -> TaskFn:
    """Rank documents by disagreement again, when the annotations changed since last time."""

    def run(progress: Progress, cancelled: Cancelled) -> list:
        from annotator.core.services.agreement import AgreementService

        with Project.open(project_path, create=False) as project:
            return AgreementService(project).refresh_queue(annotators, progress, cancelled)

    return run


def agreement_job(project_path: Path, annotators: list[str] | None) -> TaskFn:
    """Load the annotations once and compute every figure: (LoadedAgreement, report)."""

    def run(progress: Progress, cancelled: Cancelled) -> tuple:
        from annotator.core.services.agreement import AgreementService

        with Project.open(project_path, create=False) as project:
            service = AgreementService(project)
            loaded = service.load(annotators)
        return loaded, service.report_for(loaded, progress, cancelled)

    return run


def disagreements_job(loaded: object, a: str, b: str, label: str, mode: str) -> TaskFn:
    def run(progress: Progress, cancelled: Cancelled) -> list:
        from annotator.core.services.agreement import AgreementService

        return AgreementService.disagreements(loaded, a, b, label or None, mode)  # type: ignore[arg-type]

    return run
