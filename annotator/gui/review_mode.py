"""Review mode of the main window: the queue instead of the document list, candidates
instead of the span panel, and the label keys deciding gold instead of tagging.

The article view stays the same RTL surface; it shows gold spans and the undecided
candidates with badges saying how many annotators marked each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget, QInputDialog

from annotator.core.model import GOLD, Status
from annotator.core.services.adjudication import REJECTED, Decision
from annotator.core.store.review import QueueRow
from annotator.gui import jobs
from annotator.gui.candidate_panel import CandidatePanel
from annotator.gui.review_queue import ReviewQueue
from annotator.gui.review_session import ReviewSession

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


class ReviewMode(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.session: ReviewSession | None = None
        self._stale = False  # the queue shows the last ranking while a worker checks it
        self.queue = ReviewQueue(window)
        self.candidates = CandidatePanel(window)
        self.queue_dock = self._dock(self.tr("Review queue"), "review-queue-dock", self.queue)
        self.candidates_dock = self._dock(self.tr("Candidates"), "candidates-dock", self.candidates)
        self.queue_dock.setMinimumWidth(280)
        self.candidates_dock.setMinimumWidth(360)
        window.addDockWidget(window.dock_area(leading=True), self.queue_dock)
        window.addDockWidget(window.dock_area(leading=False), self.candidates_dock)
        self.queue_dock.hide()
        self.candidates_dock.hide()
        self.queue.document_activated.connect(window.open_document)
        self.candidates.item_selected.connect(window.view.focus_span)
        self.candidates.accept_requested.connect(self.accept)
        self.candidates.reject_requested.connect(self.reject)
        self.candidates.relabel_requested.connect(self.relabel)
        window.view.span_focused.connect(self._view_focused)

    def _dock(self, title: str, name: str, widget) -> QDockWidget:
        dock = QDockWidget(title, self.w)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    @property
    def active(self) -> bool:
        return self.session is not None

    # -- entering and leaving -------------------------------------------------------------------

    def start(self, annotators: list[str]) -> None:
        w = self.w
        if self.session is not None:
            self.stop()
        session = ReviewSession(
            w.project, w.settings.annotator, annotators, w.controller.undo_stack, self
        )
        session.changed.connect(self._show)
        session.error.connect(w.show_error)
        session.decided.connect(self._decided)
        self.session = session
        self.candidates.set_labels(w.controller.labels())
        w.docks["documents"].hide()
        w.docks["spans"].hide()
        self.queue_dock.show()
        self.candidates_dock.show()
        w.mode_changed(True)
        # The last ranking shows at once; a worker checks whether the annotations changed
        # since (a scan of every span) and ranks again only then.
        from annotator.core.services.agreement import AgreementService  # numpy: on demand

        rows = AgreementService(w.project).queue(annotators)
        self._set_queue(rows, stale=True)
        self.refresh_ranking()
        current = w.controller.document
        first = rows[0].document_id if rows else None
        target = current.id if current is not None else first
        if target is not None:
            w.open_document(target)
            self.show_document(target)

    def stop(self) -> None:
        w = self.w
        if self.session is None:
            return
        self.session = None
        self.queue_dock.hide()
        self.candidates_dock.hide()
        w.docks["documents"].show()
        w.docks["spans"].show()
        w.view.set_marks({})
        w.mode_changed(False)
        doc = w.controller.document
        if doc is not None:
            w.view.set_spans(list(w.controller.spans.values()))
            w.state.setText(w._status_text(doc))  # not "Review · ..." any more

    def refresh_ranking(self) -> None:
        if self.session is None:
            return
        annotators = list(self.session.annotators)
        self.w.tasks.start(
            self.tr("Ranking documents by disagreement"),
            jobs.ranking_job(self.w.project.path, annotators),
            lambda rows: self._ranked(annotators, rows),
            self.w.show_error,
        )

    def _ranked(self, annotators: list[str], rows: list[QueueRow]) -> None:
        if self.session is not None and list(self.session.annotators) == annotators:
            self._set_queue(rows, stale=False)

    def _set_queue(self, rows: list[QueueRow], stale: bool) -> None:
        self._stale = stale
        self.queue.set_rows(rows, self._caption(rows))
        doc = self.w.controller.document
        if doc is not None:
            self.queue.select_document(doc.id)

    def _caption(self, rows: list[QueueRow]) -> str:
        assert self.session is not None
        names = ", ".join(self.session.annotators)
        done = sum(row.reviewed for row in rows)
        caption = self.tr("%s · %d of %d reviewed") % (names, done, len(rows))
        if self._stale:
            caption += self.tr(" · checking the ranking…")
        return caption

    # -- the open document ----------------------------------------------------------------------

    def show_document(self, document_id: int) -> None:
        if self.session is not None:
            self.session.load(document_id)

    def _show(self, doc) -> None:
        assert self.session is not None
        view = self.w.view
        focused = view.focused_span_id()
        spans, marks = self.session.view_spans()
        view.set_marks(marks)
        view.set_spans(spans)
        self.candidates.set_document(doc)
        if focused is not None and view.focus_span(focused):
            self.candidates.select(focused)
        self.queue.select_document(doc.document_id)
        self.queue.model.set_reviewed(doc.document_id, doc.reviewed)
        self.queue.caption.setText(self._caption(self.queue.model.rows))
        state = self.tr("reviewed") if doc.reviewed else self.tr("in review")
        review = self.tr("Review")
        self.w.state.setText(f"{review} · {state}")

    def _decided(self, decision: Decision) -> None:
        """A decision done, undone or redone, maybe by a session review has left since:
        show it in review as it is now; outside review the article shows no gold."""
        session = self.session
        if session is None:
            return
        if session.document is not None and session.document.document_id == decision.document_id:
            session.load(decision.document_id)
        else:
            self.w.open_document(decision.document_id)

    def _view_focused(self, view_id: int) -> None:
        if self.session is not None and view_id != -1:
            self.candidates.select(view_id)

    def _focused(self) -> int | None:
        focused = self.w.view.focused_span_id()
        return focused if focused is not None else self.candidates.current_id()

    # -- decisions ------------------------------------------------------------------------------

    def _doc_id(self) -> int | None:
        session = self.session
        return None if session is None or session.document is None else session.document.document_id

    def _target(self, view_id: int | None) -> tuple[ReviewSession, int, int] | None:
        """The session, open document and item a decision is about (the focused one)."""
        session, doc_id = self.session, self._doc_id()
        view_id = self._focused() if view_id is None else view_id
        if session is None or doc_id is None or view_id is None:
            return None
        return session, doc_id, view_id

    def accept(self, view_id: int | None = None) -> None:
        target = self._target(view_id)
        if target is None:
            return
        session, doc_id, view_id = target
        candidate = session.candidate(view_id)
        if candidate is not None:
            session.decide(lambda s: s.accept(doc_id, candidate))
            self._focus_next_pending(view_id)

    def reject(self, view_id: int | None = None) -> None:
        target = self._target(view_id)
        if target is None:
            return
        session, doc_id, view_id = target
        candidate = session.candidate(view_id)
        if candidate is not None:
            if candidate.state != REJECTED:
                session.decide(lambda s: s.reject(doc_id, candidate))
                self._focus_next_pending(view_id)
        else:  # a gold span: take it out of gold
            session.decide(lambda s: s.remove(doc_id, view_id))

    def relabel(self, view_id: int, label: str) -> None:
        session, doc_id = self.session, self._doc_id()
        if session is None or doc_id is None:
            return
        candidate = session.candidate(view_id)
        if candidate is not None:
            session.decide(
                lambda s: s.edit(doc_id, candidate, candidate.start, candidate.end, label)
            )
            self._focus_next_pending(view_id)
        else:
            session.decide(lambda s: s.relabel(doc_id, view_id, label))

    def tag(self, label: str, exact: bool) -> None:
        """A label key in review: the selection becomes gold (or corrects the focused
        candidate's edges); with no selection, the focused candidate or gold span gets it."""
        session, doc_id = self.session, self._doc_id()
        if session is None or doc_id is None:
            return
        view = self.w.view
        selected = view.selected_range(exact=exact)
        focused = view.focused_span_id()
        candidate = session.candidate(focused) if focused is not None else None
        if selected is not None:
            start, end = selected
            view.clear_selection()
            if candidate is not None and candidate.start < end and start < candidate.end:
                session.decide(lambda s: s.edit(doc_id, candidate, start, end, label))
                self._focus_next_pending(focused)
            else:
                session.decide(lambda s: s.add(doc_id, start, end, label))
            return
        if focused is not None:
            self.relabel(focused, label)

    def accept_agreed(self, min_votes: int | None = None) -> None:
        session, doc_id = self.session, self._doc_id()
        if session is None or doc_id is None:
            return
        decision = session.decide(lambda s: s.accept_agreed(doc_id, min_votes))
        if decision is not None and not decision.steps:
            self.w.statusBar().showMessage(self.tr("Nothing to accept there"), 4000)

    def accept_k(self) -> None:
        session = self.session
        if session is None or session.document is None:
            return
        total = max(1, len(session.document.annotators))
        k, ok = QInputDialog.getInt(
            self.w,
            self.tr("Accept where K agree"),
            self.tr("Accept spans that at least K of the %d annotators marked:") % total,
            max(1, total - 1),
            1,
            total,
        )
        if ok:
            self.accept_agreed(k)

    def mark_reviewed_and_next(self) -> None:
        session, doc_id = self.session, self._doc_id()
        if session is None or doc_id is None:
            return
        session.decide(lambda s: s.set_reviewed(doc_id, True))
        target = self.queue.first_unreviewed(after=doc_id)
        if target is not None:
            self.w.open_document(target)

    def step(self, delta: int) -> None:
        target = self.queue.neighbour(self._doc_id(), delta)
        if target is not None:
            self.w.open_document(target)

    def _focus_next_pending(self, after: int) -> None:
        """After a decision the next undecided candidate is focused: A, A, R, A ... works."""
        session = self.session
        if session is None or session.document is None:
            return
        ids = [r.view_id for r in self.candidates.model_.rows if r.view_id < 0]
        pending = [
            i for i in ids if (c := session.candidate(i)) is not None and c.state == "pending"
        ]
        later = [i for i in pending if i < after]  # candidate ids count down in reading order
        target = later[0] if later else (pending[0] if pending else None)
        if target is not None and self.w.view.focus_span(target):
            self.candidates.select(target)

    def reviewed(self) -> bool:
        doc_id = self._doc_id()
        return doc_id is not None and self.w.project.status.get(doc_id, GOLD) == Status.REVIEWED
