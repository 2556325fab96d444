"""Undoable edits. Each command calls one service write and announces the `Changes` it
returns; its undo calls the inverse write, so undo takes back everything the edit did."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from annotator.core.changes import Changes
from annotator.core.errors import AnnotatorError
from annotator.core.model import Relation, Span, Status
from annotator.core.services.annotations import Removed
from annotator.core.services.suggestions import Suggestion
from annotator.core.text.names import shown_name
from annotator.gui.controller import AnnotationController
from annotator.gui.document_model import status_text

log = logging.getLogger(__name__)


class _Command(QUndoCommand):
    """Its text shows in the Edit menu ("Undo Tag actor"): translated in the Undo context."""

    def __init__(self, controller: AnnotationController, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.failed = False

    def _safely(self, action: str) -> None:
        """An edit that cannot be stored (a full disk, a locked file, a deleted span) is
        reported in the window, never half-done and never only logged."""
        try:
            changes = getattr(self, action)()
        except (AnnotatorError, KeyError) as exc:
            self._failed(
                exc
                if isinstance(exc, AnnotatorError)
                else AnnotatorError(
                    QCoreApplication.translate("Undo", "The span is gone (%s)") % exc
                )
            )
            return
        except Exception as exc:  # a database error in a read, or a bug
            explained = self.controller.project.explained(exc)  # names the file, says what
            if explained is None:
                log.exception("undo command %s failed", action)
            self._failed(explained or exc)
            return
        self.controller.announce(changes)

    def _failed(self, exc: Exception) -> None:
        """The edit leaves the stack: undo and redo never act on a half state."""
        self.failed = True
        self.setObsolete(True)
        self.controller.report(exc)

    def redo(self) -> None:
        self._safely("do")

    def undo(self) -> None:
        self._safely("undo_it")

    def do(self) -> Changes:
        raise NotImplementedError

    def undo_it(self) -> Changes:
        raise NotImplementedError


class AddSpan(_Command):
    def __init__(
        self, controller: AnnotationController, document_id: int, label: str, start: int, end: int
    ) -> None:
        super().__init__(
            controller, QCoreApplication.translate("Undo", "Tag %s") % shown_name(label)
        )
        self.args = (document_id, label, start, end)
        self.span: Span | None = None
        self.started = False  # this tag put a new document in progress

    def do(self) -> Changes:
        service = self.controller.service
        if self.span is None:
            document = self.controller.document  # open: its text need not be read again
            text = document.text if document and document.id == self.args[0] else None
            changes = service.add_span(*self.args, text=text)
            self.started = changes.status_of(self.args[0]) == Status.IN_PROGRESS
        else:
            changes = service.restore_span(self.span)
            if self.started:
                changes = changes | service.set_status(self.args[0], Status.IN_PROGRESS)[1]
        self.span = changes.span
        return changes

    def undo_it(self) -> Changes:
        assert self.span is not None
        service = self.controller.service
        changes = service.remove_span(self.span.id, self.span).changes
        if self.started:  # the document goes back to new, as it was before the tag
            changes = changes | service.set_status(self.args[0], Status.NEW)[1]
        return changes


class RemoveSpan(_Command):
    def __init__(self, controller: AnnotationController, span: Span) -> None:
        super().__init__(
            controller, QCoreApplication.translate("Undo", "Remove %s") % shown_name(span.label)
        )
        self.removed: Removed | Span = span

    def do(self) -> Changes:
        span = self.removed.span if isinstance(self.removed, Removed) else self.removed
        self.removed = self.controller.service.remove_span(span.id, span)
        return self.removed.changes

    def undo_it(self) -> Changes:
        changes = self.controller.service.restore_span(self.removed)
        span = changes.span  # same id unless it was taken meanwhile
        if isinstance(self.removed, Removed):
            self.removed = Removed(span, self.removed.relations, self.removed.changes)
        return changes


class RelabelSpan(_Command):
    def __init__(self, controller: AnnotationController, span: Span, label: str) -> None:
        super().__init__(
            controller,
            QCoreApplication.translate("Undo", "Relabel %s as %s")
            % (shown_name(span.label), shown_name(label)),
        )
        self.span, self.old, self.new = span, span.label, label
        self.dropped: tuple[Relation, ...] = ()  # speaker links the new label cannot have

    def do(self) -> Changes:
        changes, self.dropped = self.controller.service.relabel_span(
            self.span.id, self.new, self.span
        )
        self.span = changes.span
        return changes

    def undo_it(self) -> Changes:
        changes, _ = self.controller.service.relabel_span(
            self.span.id, self.old, self.span, relations=self.dropped
        )
        self.span = changes.span
        return changes


class SetValue(_Command):
    """A value typed in the span panel: a date, a registry actor (made if new), a topic."""

    def __init__(self, controller: AnnotationController, span: Span, typed: str) -> None:
        super().__init__(
            controller,
            QCoreApplication.translate("Undo", "Set the value of %s") % shown_name(span.label),
        )
        self.span, self.typed = span, typed
        self.old: dict[str, Any] = dict(span.attrs)
        self.created: tuple[tuple[str, str], ...] = ()

    def do(self) -> Changes:
        changes, self.old = self.controller.service.set_value(self.span.id, self.typed, self.span)
        self.created, self.span = changes.created, changes.span
        return changes

    def undo_it(self) -> Changes:
        changes = self.controller.service.unset_value(
            self.span.id, self.old, self.created, self.span
        )
        self.span = changes.span
        return changes


class SetSource(_Command):
    """A claim linked to the actor span who said it (or unlinked, source None)."""

    def __init__(
        self, controller: AnnotationController, claim_id: int, source_id: int | None
    ) -> None:
        super().__init__(
            controller,
            QCoreApplication.translate("Undo", "Link claim to source")
            if source_id
            else QCoreApplication.translate("Undo", "Unlink source"),
        )
        self.claim_id, self.source_id = claim_id, source_id
        spans = controller.spans  # as the analyst saw them: found again by place on redo
        self.claim, self.source = spans.get(claim_id), spans.get(source_id or 0)
        self.old: Relation | None = None

    def do(self) -> Changes:
        service = self.controller.service
        self.old, changes = service.set_source(
            self.claim_id, self.source_id, self.claim, self.source
        )
        return changes

    def undo_it(self) -> Changes:
        return self.controller.service.restore_source(self.claim_id, self.old, self.claim)


class SetStatus(_Command):
    def __init__(self, controller: AnnotationController, document_id: int, status: Status) -> None:
        super().__init__(
            controller, QCoreApplication.translate("Undo", "Mark %s") % status_text(status)
        )
        self.document_id, self.status = document_id, status
        self.previous: Status | None = None

    def do(self) -> Changes:
        self.previous, changes = self.controller.service.set_status(self.document_id, self.status)
        return changes

    def undo_it(self) -> Changes:
        assert self.previous is not None
        return self.controller.service.set_status(self.document_id, self.previous)[1]


class AddLabel(_Command):
    def __init__(self, controller: AnnotationController, name: str) -> None:
        super().__init__(
            controller, QCoreApplication.translate("Undo", "Add label %s") % name.strip()
        )
        self.name = name
        self.shortcut: str | None = None

    def do(self) -> Changes:
        label, changes = self.controller.service.add_label(self.name)
        self.name, self.shortcut = label.name, label.shortcut
        return changes

    def undo_it(self) -> Changes:
        return self.controller.service.remove_label(self.name)


class AcceptSuggestion(_Command):
    """A suggestion stored as a span (of its label, or the key pressed) and marked accepted;
    undo removes the span and forgets the decision, so the suggestion shows again."""

    def __init__(
        self, controller: AnnotationController, document_id: int, suggestion: Suggestion,
        label: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(
            controller,
            QCoreApplication.translate("Undo", "Accept the suggestion %s") % suggestion.text,
        )
        self.document_id, self.suggestion = document_id, suggestion
        self.label = label or suggestion.label
        self.span: Span | None = None
        self.started = False

    def do(self) -> Changes:
        s, doc = self.suggestion, self.controller.document
        text = doc.text if doc is not None and doc.id == self.document_id else None
        changes = self.controller.service.accept_suggestion(
            self.document_id, s.key, s.source, self.label, s.attrs, text
        )
        self.span = changes.added[0]
        self.started = self.started or changes.status_of(self.document_id) == Status.IN_PROGRESS
        return changes

    def undo_it(self) -> Changes:
        service = self.controller.service
        changes = service.forget_suggestion(self.document_id, self.suggestion.key, self.span)
        if self.started:
            changes = changes | service.set_status(self.document_id, Status.NEW)[1]
        return changes


class RejectSuggestion(_Command):
    def __init__(
        self, controller: AnnotationController, document_id: int, suggestion: Suggestion
    ) -> None:
        super().__init__(
            controller,
            QCoreApplication.translate("Undo", "Reject the suggestion %s") % suggestion.text,
        )
        self.document_id, self.suggestion = document_id, suggestion

    def do(self) -> Changes:
        s = self.suggestion
        return self.controller.service.reject_suggestion(self.document_id, s.key, s.source)

    def undo_it(self) -> Changes:
        return self.controller.service.forget_suggestion(self.document_id, self.suggestion.key)
