"""Review mode's state: the compared annotators, the open document's candidates, undo.

Every decision goes through the adjudication service (stored at once) inside an undo
command; the session then reloads the document's candidates and tells the panels.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.changes import Changes
from annotator.core.errors import AnnotatorError
from annotator.core.model import Span
from annotator.core.services.adjudication import (
    ACCEPTED,
    ALL,
    CONFLICT,
    REJECTED,
    AdjudicationService,
    Candidate,
    Decision,
    ReviewDocument,
)
from annotator.core.store.project import Project
from annotator.gui import i18n
from annotator.gui.article_paint import SpanMark, badge_text
from annotator.gui.article_view import OverlayItem

OVERLAY = "candidates"


def candidate_id(index: int) -> int:
    """The candidates panel's row id of candidate `index` (gold spans keep their span id)."""
    return -(index + 2)


def candidate_index(row_id: int) -> int | None:
    return -row_id - 2 if row_id < -1 else None


class ReviewSession(QObject):
    changed = Signal(object)  # ReviewDocument, after loading
    error = Signal(str)

    def __init__(
        self,
        project: Project,
        reviewer: str,
        annotators: list[str],
        undo_stack: QUndoStack,
        announce: Callable[[Changes], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = AdjudicationService(project, reviewer, annotators)
        self.undo_stack = undo_stack
        # A decision done, undone or redone is announced like any edit. Its undo command
        # outlives the session (the undo stack is the window's): whatever shows gold then
        # reloads it.
        self.announce = announce
        self.document: ReviewDocument | None = None

    @property
    def annotators(self) -> tuple[str, ...]:
        return self.service.annotators

    def load(self, document_id: int) -> ReviewDocument:
        self.document = self.service.document(document_id)
        self.changed.emit(self.document)
        return self.document

    # -- what the view shows ------------------------------------------------------------------

    def view_spans(self) -> tuple[list[Span], dict[int, SpanMark], list[OverlayItem]]:
        """Gold spans with their badges, and the candidates not yet settled as an overlay.

        A gold span's badge is its label's letter and a check mark; a candidate's says how
        many of the annotators marked it ("A 2/3"); a conflicting one is dashed.
        """
        doc = self.document
        if doc is None:
            return [], {}, []
        spans: list[Span] = []
        marks: dict[int, SpanMark] = {}
        for g in doc.gold:
            spans.append(g.span)
            marks[g.span.id] = SpanMark(f"{badge_text(g.span.label)}✓")
        total = len(doc.annotators)
        items = []
        for i, c in enumerate(doc.candidates):
            if c.state in (ACCEPTED, REJECTED):
                continue
            badge = f"{badge_text(c.label)} {len(c.annotators)}/{total}"
            if c.agreement == CONFLICT:
                badge += " !"
            mark = SpanMark(badge, dashed=c.agreement == CONFLICT, faint=c.agreement != ALL)
            items.append(OverlayItem(i, c.label, c.start, c.end, c.text, mark))
        return spans, marks, items

    def candidate(self, row_id: int) -> Candidate | None:
        """The candidate of a candidates-panel row id (None for a gold span's row)."""
        index = candidate_index(row_id)
        if self.document is None or index is None:
            return None
        candidates = self.document.candidates
        return candidates[index] if index < len(candidates) else None

    def pending(self) -> int:
        doc = self.document
        return 0 if doc is None else sum(c.state == "pending" for c in doc.candidates)

    # -- decisions ------------------------------------------------------------------------------

    def decide(self, act: Callable[[AdjudicationService], Decision]) -> Decision | None:
        command = _DecisionCommand(self, act)
        self.undo_stack.push(command)
        return command.decision

    def after(self, decision: Decision) -> None:
        self.announce(Changes(documents=frozenset({decision.document_id}), gold=True))


class _DecisionCommand(QUndoCommand):
    def __init__(self, session: ReviewSession, act: Callable[[AdjudicationService], Decision]):
        super().__init__(QCoreApplication.translate("ReviewSession", "Review"))
        self.session = session
        self.act = act
        self.decision: Decision | None = None

    def redo(self) -> None:
        service = self.session.service
        try:
            if self.decision is None:
                self.decision = self.act(service)
                self.setText(self.decision.text)
                if not self.decision.steps:
                    self.setObsolete(True)  # nothing to accept: no empty undo step
            else:
                service.redo(self.decision)
        except Exception as exc:  # told, or raised again as a bug
            self.setObsolete(True)
            self._tell(exc)
            return
        self.session.after(self.decision)

    def undo(self) -> None:
        if self.decision is None:
            return
        try:
            self.session.service.undo(self.decision)
        except Exception as exc:  # told, or raised again as a bug
            self._tell(exc)
            return
        self.session.after(self.decision)

    def _tell(self, exc: Exception) -> None:
        """The project's own refusals and database errors (a full disk, a damaged page, a
        lock) are said in the window, naming the file; anything else is a bug."""
        if not isinstance(exc, AnnotatorError):
            explained = self.session.service.project.explained(exc)
            if explained is None:
                raise exc
            exc = explained
        self.session.error.emit(i18n.error_text(exc))
