"""Undoable edits. Each command only calls the annotation service and shows the result."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from annotator.core.errors import AnnotatorError
from annotator.core.model import Span, Status
from annotator.gui.controller import AnnotationController
from annotator.gui.document_model import status_text


class _Command(QUndoCommand):
    """Its text shows in the Edit menu ("Undo Tag actor"): translated in the Undo context."""

    def __init__(self, controller: AnnotationController, text: str) -> None:
        super().__init__(text)
        self.controller = controller

    def _safely(self, action: str) -> None:
        """An edit that cannot be stored (locked file, deleted span) is reported, not half-done."""
        try:
            getattr(self, action)()
        except (AnnotatorError, KeyError) as exc:
            self.setObsolete(True)
            self.controller.report(
                exc
                if isinstance(exc, AnnotatorError)
                else AnnotatorError(
                    QCoreApplication.translate("Undo", "The span is gone (%s)") % exc
                )
            )

    def redo(self) -> None:
        self._safely("do")

    def undo(self) -> None:
        self._safely("undo_it")

    def do(self) -> None:
        raise NotImplementedError

    def undo_it(self) -> None:
        raise NotImplementedError


class AddSpan(_Command):
    def __init__(
        self, controller: AnnotationController, document_id: int, label: str, start: int, end: int
    ) -> None:
        super().__init__(controller, QCoreApplication.translate("Undo", "Tag %s") % label)
        self.args = (document_id, label, start, end)
        self.span: Span | None = None

    def do(self) -> None:
        service = self.controller.service
        if self.span is None:
            document = self.controller.document  # open: its text need not be read again
            text = document.text if document and document.id == self.args[0] else None
            change = service.add_span(*self.args, text=text)
        else:
            change = service.restore_span(self.span)
        self.span = change.span
        self.controller.apply(change)

    def undo_it(self) -> None:
        assert self.span is not None
        self.controller.apply(self.controller.service.remove_span(self.span.id))


class RemoveSpan(_Command):
    def __init__(self, controller: AnnotationController, span: Span) -> None:
        super().__init__(controller, QCoreApplication.translate("Undo", "Remove %s") % span.label)
        self.span = span

    def do(self) -> None:
        self.controller.apply(self.controller.service.remove_span(self.span.id))

    def undo_it(self) -> None:
        change = self.controller.service.restore_span(self.span)
        self.span = change.span  # same id unless it was taken meanwhile
        self.controller.apply(change)


class RelabelSpan(_Command):
    def __init__(self, controller: AnnotationController, span: Span, label: str) -> None:
        super().__init__(
            controller, QCoreApplication.translate("Undo", "Relabel %s as %s") % (span.label, label)
        )
        self.span_id, self.old, self.new = span.id, span.label, label

    def do(self) -> None:
        self.controller.apply(self.controller.service.relabel_span(self.span_id, self.new))

    def undo_it(self) -> None:
        self.controller.apply(self.controller.service.relabel_span(self.span_id, self.old))


class SetAttrs(_Command):
    """A span's attributes replaced: a date's value typed or a suggestion confirmed."""

    def __init__(self, controller: AnnotationController, span: Span, attrs: dict) -> None:
        super().__init__(controller, f"Set {span.label} value")
        self.span_id, self.old, self.new = span.id, dict(span.attrs), dict(attrs)

    def do(self) -> None:
        self.controller.apply(self.controller.service.set_attrs(self.span_id, self.new))

    def undo_it(self) -> None:
        self.controller.apply(self.controller.service.set_attrs(self.span_id, self.old))


class SetSource(_Command):
    """A claim linked to the actor span who said it (or unlinked, source None)."""

    def __init__(
        self, controller: AnnotationController, claim_id: int, source_id: int | None
    ) -> None:
        super().__init__(controller, "Link claim to source" if source_id else "Unlink source")
        self.claim_id, self.source_id = claim_id, source_id
        self.old = None

    def do(self) -> None:
        self.old, _new = self.controller.service.set_source(self.claim_id, self.source_id)
        self.controller.reload_sources()

    def undo_it(self) -> None:
        self.controller.service.restore_source(self.claim_id, self.old)
        self.controller.reload_sources()


class SetStatus(_Command):
    def __init__(self, controller: AnnotationController, document_id: int, status: Status) -> None:
        super().__init__(
            controller, QCoreApplication.translate("Undo", "Mark %s") % status_text(status)
        )
        self.document_id, self.status = document_id, status
        self.previous: Status | None = None

    def do(self) -> None:
        self.previous = self.controller.set_status(self.document_id, self.status)

    def undo_it(self) -> None:
        assert self.previous is not None
        self.controller.set_status(self.document_id, self.previous)
