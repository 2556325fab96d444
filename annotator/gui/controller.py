"""The open document, the undo stack, and the one broadcast of what every write changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.changes import Changes
from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Label, Span, Status
from annotator.core.services.annotations import SAID_BY, AnnotationService
from annotator.core.store.project import Project
from annotator.gui import i18n


class AnnotationController(QObject):
    """Owns the current document and the undo stack; announces every change once.

    Writes (undo commands, review decisions, finished imports) hand their `Changes` to
    `announce`; the controller first brings its copy of the open document's spans and speaker
    links up to date, then emits `changed` and each panel refreshes what its flags say.
    """

    document_opened = Signal(object, list)  # Document, list[Span]
    changed = Signal(object)  # Changes
    error = Signal(str)

    def __init__(self, project: Project, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.service = AnnotationService(project, annotator)
        self.undo_stack = QUndoStack(self)
        self.document: Document | None = None
        self.spans: dict[int, Span] = {}
        self.sources: dict[int, int] = {}  # claim span id -> its source (actor) span id
        self.revision = 0  # counts announcements: background results stamped with it
        self.sources_moved = False  # during a broadcast: the open document's links changed

    @property
    def annotator(self) -> str:
        return self.service.annotator

    def labels(self) -> list[Label]:
        return self.project.labels.all()

    def open_document(self, document_id: int, force: bool = False) -> None:
        if not force and self.document is not None and self.document.id == document_id:
            return
        self.document = self.project.documents.get(document_id)
        spans = self.service.spans(document_id)
        self.spans = {s.id: s for s in spans}
        self.sources = self._read_sources()
        self.document_opened.emit(self.document, spans)

    def _read_sources(self) -> dict[int, int]:
        if self.document is None:
            return {}
        return {
            r.head_id: r.tail_id
            for r in self.service.relations(self.document.id)
            if r.type == SAID_BY and r.head_id in self.spans and r.tail_id in self.spans
        }

    def status(self) -> Status:
        if self.document is None:
            return Status.NEW
        return self.service.status(self.document.id)

    # -- the broadcast ----------------------------------------------------------------------

    def announce(self, changes: Changes) -> None:
        """Show a stored change. An undo of an edit in another document brings that
        document up first, as a user expects to see what the undo did."""
        self.revision += 1
        doc = self.document
        if (
            changes.spans
            and len(changes.documents) == 1
            and not changes.touches(doc.id if doc else None)
        ):
            (target,) = changes.documents
            self.open_document(target)  # reads the document as it is now: nothing to patch
        elif doc is not None and changes.touches(doc.id):
            for span in changes.removed:
                self.spans.pop(span.id, None)
            for span in (*changes.added, *changes.updated):
                if span.annotator == self.annotator:
                    self.spans[span.id] = span
            if changes.relations or changes.removed:
                sources = self._read_sources()
                self.sources_moved = sources != self.sources
                self.sources = sources
        self.changed.emit(changes)
        self.sources_moved = False

    def report(self, exc: AnnotatorError | Exception) -> None:
        self.error.emit(i18n.error_text(exc))
