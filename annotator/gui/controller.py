"""The open document and its edits: one place that changes data and tells every panel."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Label, Span, Status
from annotator.core.services.annotations import SAID_BY, AnnotationService, SpanChange
from annotator.core.store.project import Project


class AnnotationController(QObject):
    """Owns the current document and the undo stack; emits past-tense facts."""

    document_opened = Signal(object, list)  # Document, list[Span]
    span_added = Signal(object)  # Span
    span_removed = Signal(object)  # Span
    span_changed = Signal(object)  # Span
    status_changed = Signal(int, str)  # document id, Status value
    sources_changed = Signal()  # a claim's source linked or unlinked
    error = Signal(str)

    def __init__(self, project: Project, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.service = AnnotationService(project, annotator)
        self.undo_stack = QUndoStack(self)
        self.document: Document | None = None
        self.spans: dict[int, Span] = {}
        self.sources: dict[int, int] = {}  # claim span id -> its source (actor) span id

    @property
    def annotator(self) -> str:
        return self.service.annotator

    def labels(self) -> list[Label]:
        return self.project.labels.all()

    def open_document(self, document_id: int) -> None:
        if self.document is not None and self.document.id == document_id:
            return
        self.document = self.project.documents.get(document_id)
        spans = self.service.spans(document_id)
        self.spans = {s.id: s for s in spans}
        self.reload_sources()
        self.document_opened.emit(self.document, spans)

    def reload_sources(self) -> None:
        if self.document is None:
            return
        self.sources = {
            r.head_id: r.tail_id
            for r in self.service.relations(self.document.id)
            if r.type == SAID_BY and r.head_id in self.spans and r.tail_id in self.spans
        }
        self.sources_changed.emit()

    def status(self) -> Status:
        if self.document is None:
            return Status.NEW
        return self.project.status.get(self.document.id, self.annotator)

    # -- edits, called by undo commands only ------------------------------------------------

    def apply(self, change: SpanChange) -> None:
        """Show a stored change; bring its document up first (undo across documents)."""
        self.open_document(change.span.document_id)
        span = change.span
        if change.kind == "added":
            self.spans[span.id] = span
            self.span_added.emit(span)
        elif change.kind == "removed":
            self.spans.pop(span.id, None)
            self.span_removed.emit(span)
            if span.id in self.sources or span.id in self.sources.values():
                self.reload_sources()  # the database dropped its said_by link with it
        else:
            self.spans[span.id] = span
            self.span_changed.emit(span)
        self._announce_status(span.document_id)

    def _announce_status(self, document_id: int) -> None:
        self.status_changed.emit(
            document_id, self.project.status.get(document_id, self.annotator).value
        )

    def set_status(self, document_id: int, status: Status) -> Status:
        previous = self.service.set_status(document_id, status)
        self.status_changed.emit(document_id, status.value)
        return previous

    def report(self, exc: AnnotatorError | Exception) -> None:
        self.error.emit(str(exc))
