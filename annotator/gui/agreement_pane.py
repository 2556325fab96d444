"""The agreement view in its own window (a lead reads it side by side with the article):
figures computed in a worker, disagreements listed on click, and a double click on one
opens the document in the main window with the span selected."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QVBoxLayout

from annotator.gui import jobs
from annotator.gui.agreement_view import AgreementView
from annotator.gui.host import Host

if TYPE_CHECKING:  # the service and its store are the job's to load, in its thread
    from annotator.core.services.agreement import LoadedAgreement, ProjectAgreement


class AgreementPane(QObject):
    def __init__(self, host: Host) -> None:
        super().__init__(host.widget())
        self.host = host
        self.window = QDialog(host.widget(), Qt.WindowType.Window)
        self.window.setObjectName("agreement-window")
        self.window.setWindowTitle(self.tr("Agreement between annotators"))
        self.view = AgreementView(self.window)
        layout = QVBoxLayout(self.window)
        layout.addWidget(self.view)
        self.window.resize(1100, 760)
        self.loaded: LoadedAgreement | None = None
        self.view.disagreements_requested.connect(self.list_disagreements)
        self.view.open_requested.connect(self.open_span)

    def compute(self, annotators: list[str] | None) -> None:
        self.window.show()
        self.window.raise_()
        self.host.tasks.start(
            self.tr("Measuring agreement"),
            jobs.agreement_job(self.host.project.path, annotators),
            self._computed,
            self.host.show_error,
        )

    def _computed(self, result: tuple[LoadedAgreement, ProjectAgreement]) -> None:
        self.loaded, report = result
        self.view.set_report(report.figures)

    def list_disagreements(self, a: str, b: str, label: str, mode: str) -> None:
        if self.loaded is None:
            return
        self.host.tasks.start(
            self.tr("Listing disagreements"),
            jobs.disagreements_job(self.loaded, a, b, label, mode),
            lambda rows: self.view.show_disagreements(rows),
            self.host.show_error,
        )

    def open_span(self, document_id: int, start: int, end: int) -> None:
        self.host.open_document(document_id)
        self.host.view.select_range(start, end)
        window = self.host.widget()
        window.raise_()
        window.activateWindow()
