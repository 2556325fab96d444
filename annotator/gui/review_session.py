"""Review mode's state: the compared annotators, the open document's candidates, undo.

Every decision goes through the adjudication service (stored at once) inside an undo
command; the session then reloads the document's candidates and tells the panels.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

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
from annotator.gui.article_paint import SpanMark


def candidate_id(index: int) -> int:
    """Candidates are not stored spans: the view knows them by ids below -1 (-1 is the
    view's "no span focused")."""
    return -(index + 2)


class ReviewSession(QObject):
    changed = Signal(object)  # ReviewDocument, after loading
    error = Signal(str)
    # A decision done, undone or redone. Its undo command outlives the session (the undo
    # stack is the window's): review mode shows the result wherever review is by then.
    decided = Signal(object)

    def __init__(
        self,
        project: Project,
        reviewer: str,
        annotators: list[str],
        undo_stack: QUndoStack,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = AdjudicationService(project, reviewer, annotators)
        self.undo_stack = undo_stack
        self.document: ReviewDocument | None = None

    @property
    def annotators(self) -> tuple[str, ...]:
        return self.service.annotators

    def load(self, document_id: int) -> ReviewDocument:
        self.document = self.service.document(document_id)
        self.changed.emit(self.document)
        return self.document

    # -- what the view shows ------------------------------------------------------------------

    def view_spans(self) -> tuple[list[Span], dict[int, SpanMark]]:
        """Gold spans, and the candidates not yet settled, with review's badges.

        A gold span's badge is its label's letter and a check mark; a candidate's says how
        many of the annotators marked it ("A 2/3"); a conflicting one is dashed.
        """
        doc = self.document
        if doc is None:
            return [], {}
        spans: list[Span] = []
        marks: dict[int, SpanMark] = {}
        for g in doc.gold:
            spans.append(g.span)
            marks[g.span.id] = SpanMark(f"{g.span.label[:1].upper()}✓")
        total = len(doc.annotators)
        for i, c in enumerate(doc.candidates):
            if c.state in (ACCEPTED, REJECTED):
                continue
            sid = candidate_id(i)
            spans.append(Span(sid, doc.document_id, "", c.label, c.start, c.end, c.text))
            badge = f"{c.label[:1].upper()} {len(c.annotators)}/{total}"
            if c.agreement == CONFLICT:
                badge += " !"
            marks[sid] = SpanMark(badge, dashed=c.agreement == CONFLICT, faint=c.agreement != ALL)
        return spans, marks

    def candidate(self, view_id: int) -> Candidate | None:
        if self.document is None or view_id >= 0:
            return None
        index = -view_id - 2
        candidates = self.document.candidates
        return candidates[index] if index < len(candidates) else None

    # -- decisions ------------------------------------------------------------------------------

    def decide(self, act: Callable[[AdjudicationService], Decision]) -> Decision | None:
        command = _DecisionCommand(self, act)
        self.undo_stack.push(command)
        return command.decision

    def after(self, decision: Decision) -> None:
        self.decided.emit(decision)


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
        except AnnotatorError as exc:
            self.setObsolete(True)
            self.session.error.emit(str(exc))
            return
        self.session.after(self.decision)

    def undo(self) -> None:
        if self.decision is None:
            return
        try:
            self.session.service.undo(self.decision)
        except AnnotatorError as exc:
            self.session.error.emit(str(exc))
            return
        self.session.after(self.decision)
