"""Review mode of the main window: the queue instead of the document list, candidates
instead of the span panel, and the label keys deciding gold instead of tagging.

The article view stays the same RTL surface; it shows gold spans, and the undecided
candidates as an overlay with badges saying how many annotators marked each.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QInputDialog, QMessageBox, QWidget

from annotator.core.changes import Changes
from annotator.core.model import Document
from annotator.core.services.adjudication import REJECTED, ReviewDocument
from annotator.core.store.review import QueueRow
from annotator.core.text.names import shown_name
from annotator.gui import jobs
from annotator.gui.candidate_panel import CandidatePanel
from annotator.gui.dialogs import ReviewSetupDialog
from annotator.gui.host import Host
from annotator.gui.review_queue import ReviewQueue
from annotator.gui.review_session import OVERLAY, ReviewSession, candidate_id, candidate_index


class ReviewMode(QObject):
    def __init__(self, host: Host) -> None:
        super().__init__(host.widget())
        self.host = host
        self.title = self.tr(" — review")
        self.actions: list[QAction] = []
        self.session: ReviewSession | None = None
        self._stale = False  # the queue shows the last ranking while a worker checks it
        parent = host.widget()
        self.queue = ReviewQueue(parent)
        self.candidates = CandidatePanel(parent)
        self.queue_dock = self._dock(self.tr("Review queue"), "review-queue-dock", self.queue)
        self.candidates_dock = self._dock(self.tr("Candidates"), "candidates-dock", self.candidates)
        self.queue_dock.setMinimumWidth(220)
        self.candidates_dock.setMinimumWidth(280)
        host.add_dock(self.queue_dock, leading=True)
        host.add_dock(self.candidates_dock, leading=False)
        self.queue_dock.hide()
        self.candidates_dock.hide()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.queue.document_activated.connect(self.host.open_document)
        self.candidates.item_selected.connect(self._focus_row)
        self.candidates.accept_requested.connect(self.accept)
        self.candidates.reject_requested.connect(self.reject)
        self.candidates.relabel_requested.connect(self.relabel)
        self.candidates.link_accept_requested.connect(lambda i: self._decide_link(i, True))
        self.candidates.link_reject_requested.connect(lambda i: self._decide_link(i, False))
        self.host.view.span_focused.connect(self._view_focused)
        self.host.view.overlay_focused.connect(self._overlay_focused)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self.host.widget())
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    @property
    def active(self) -> bool:
        return self.session is not None

    # -- entering and leaving -------------------------------------------------------------

    def choose(self) -> bool:
        """Ask whose work to compare: every annotator with work, the reviewer's own too
        (a lead who also annotated compares herself with a colleague). False if declined."""
        from annotator.core.services.agreement import AgreementService  # numpy: on demand

        host = self.host
        names = AgreementService(host.project).annotators()
        if len(names) < 2:
            host.show_error(
                self.tr("Review compares two or more annotators; this project has %d with work.")
                % len(names)
            )
            return False
        dialog = ReviewSetupDialog(names, host.widget())
        if not dialog.exec():
            return False
        self.annotators = dialog.chosen()
        return True

    def enter(self) -> None:
        host = self.host
        session = ReviewSession(
            host.project,
            host.settings.annotator,
            self.annotators,
            host.controller.undo_stack,
            host.controller.announce,
            self,
        )
        session.changed.connect(self._show)
        session.error.connect(host.show_error)
        self.session = session
        self.candidates.set_labels(host.controller.labels())
        self.queue_dock.show()
        self.candidates_dock.show()
        # The last ranking shows at once; a worker checks whether the annotations changed
        # since (a scan of every span) and ranks again only then.
        from annotator.core.services.agreement import AgreementService  # numpy: on demand

        rows = AgreementService(host.project).queue(list(session.annotators))
        self._set_queue(rows, stale=True)
        self.refresh_ranking()
        current = host.controller.document
        target = current.id if current is not None else (rows[0].document_id if rows else None)
        if target is not None:
            session.load(target)

    def leave(self) -> None:
        if self.session is None:
            return
        self.session = None
        self.queue_dock.hide()
        self.candidates_dock.hide()
        view = self.host.view
        view.set_overlay(OVERLAY, [])
        view.set_marks({})
        view.set_links(list(self.host.controller.sources.items()))
        view.set_spans(list(self.host.controller.spans.values()))

    # -- the queue --------------------------------------------------------------------------

    def refresh_ranking(self) -> None:
        """Rank again in a worker; a result that comes back after a decision keeps the
        decision (the rows are stamped with the broadcast's revision)."""
        if self.session is None:
            return
        annotators = list(self.session.annotators)
        revision = self.host.controller.revision
        self.host.tasks.start(
            self.tr("Ranking documents by disagreement"),
            jobs.ranking_job(self.host.project.path, annotators),
            lambda rows: self._ranked(annotators, revision, rows),
            self.host.show_error,
        )

    def _ranked(self, annotators: list[str], revision: int, rows: list[QueueRow]) -> None:
        if self.session is None or list(self.session.annotators) != annotators:
            return
        if revision != self.host.controller.revision:
            # Decided since the worker read the project: its "reviewed" is older than ours.
            shown = {row.document_id: row.reviewed for row in self.queue.model.rows}
            rows = [replace(row, reviewed=shown.get(row.document_id, row.reviewed)) for row in rows]
        self._set_queue(rows, stale=False)

    def _set_queue(self, rows: list[QueueRow], stale: bool) -> None:
        self._stale = stale
        self.queue.set_rows(rows, self._caption(rows))
        doc = self.host.controller.document
        if doc is not None:
            self.queue.select_document(doc.id)

    def _caption(self, rows: list[QueueRow]) -> str:
        assert self.session is not None
        names = ", ".join(map(shown_name, self.session.annotators))
        done = sum(row.reviewed for row in rows)
        caption = self.tr("%s · %d of %d reviewed") % (names, done, len(rows))
        if self._stale:
            caption += self.tr(" · checking the ranking…")
        return caption

    # -- the open document ----------------------------------------------------------------

    def document_opened(self, doc: Document) -> None:
        if self.session is not None:
            self.session.load(doc.id)

    def changed(self, changes: Changes) -> None:
        """A decision shows where it was made: an undo of one in another document brings
        that document up, as undo does for an analyst's tags."""
        session = self.session
        if session is None or session.document is None:
            return
        here = session.document.document_id
        if changes.touches(here) and (changes.gold or changes.spans):
            session.load(here)
        elif changes.gold and len(changes.documents) == 1:
            (there,) = changes.documents
            self.host.open_document(there)

    def _show(self, doc: ReviewDocument) -> None:
        view = self.host.view
        focused = self._focused()
        spans, marks, items = self.session.view_spans() if self.session else ([], {}, [])
        view.set_spans(spans)
        view.set_marks(marks)
        view.set_overlay(OVERLAY, items)
        view.set_links(
            [(link.claim_span_id, link.actor_span_id) for link in doc.links
             if link.relation_id is not None and link.claim_span_id is not None
             and link.actor_span_id is not None]
        )  # fmt: skip
        self.candidates.set_document(doc)
        if focused is not None and self._focus_row(focused):
            self.candidates.select(focused)
        self.queue.select_document(doc.document_id)
        self.queue.model.set_reviewed(doc.document_id, doc.reviewed)
        self.queue.caption.setText(self._caption(self.queue.model.rows))
        state = self.tr("reviewed") if doc.reviewed else self.tr("in review")
        self.host.set_state(f"{self.tr('Review')} · {state}")

    def _focus_row(self, row_id: int) -> bool:
        """A candidates-panel row shown focused in the article."""
        index = candidate_index(row_id)
        view = self.host.view
        return view.focus_overlay(OVERLAY, index) if index is not None else view.focus_span(row_id)

    def _view_focused(self, span_id: int) -> None:
        if self.session is not None and span_id != -1:
            self.candidates.select(span_id)

    def _overlay_focused(self, name: str, key: int) -> None:
        if self.session is not None and name == OVERLAY:
            self.candidates.select(candidate_id(key))

    def _focused(self) -> int | None:
        """The focused item as a candidates-panel row id."""
        view = self.host.view
        key = view.focused_overlay(OVERLAY)
        if key is not None:
            return candidate_id(key)
        span_id = view.focused_span_id()
        return span_id if span_id is not None else self.candidates.current_id()

    # -- decisions ------------------------------------------------------------------------

    def _doc_id(self) -> int | None:
        session = self.session
        return None if session is None or session.document is None else session.document.document_id

    def _target(self, row_id: int | None) -> tuple[ReviewSession, int, int] | None:
        """The session, open document and item a decision is about (the focused one)."""
        session, doc_id = self.session, self._doc_id()
        row_id = self._focused() if row_id is None else row_id
        if session is None or doc_id is None:
            return None
        if row_id is None:
            self.host.show_message(self.tr("Focus a candidate first (Tab)"))
            return None
        return session, doc_id, row_id

    def _link_in_panel(self) -> int | None:
        """A speaker-link row chosen in the candidates panel: A, R and Delete decide the
        link then, not the claim the article shows focused for it."""
        return self.candidates.current_link() if self.candidates.hasFocus() else None

    def accept(self, row_id: int | None = None) -> None:
        if row_id is None and (link := self._link_in_panel()) is not None:
            self._decide_link(link, True)
            return
        target = self._target(row_id)
        if target is None:
            return
        session, doc_id, row_id = target
        candidate = session.candidate(row_id)
        if candidate is not None:
            session.decide(lambda s: s.accept(doc_id, candidate))
            self._focus_next_pending(row_id)

    def reject(self, row_id: int | None = None) -> None:
        if row_id is None and (link := self._link_in_panel()) is not None:
            self._decide_link(link, False)
            return
        target = self._target(row_id)
        if target is None:
            return
        session, doc_id, row_id = target
        candidate = session.candidate(row_id)
        if candidate is not None:
            if candidate.state != REJECTED:
                session.decide(lambda s: s.reject(doc_id, candidate))
                self._focus_next_pending(row_id)
        else:  # a gold span: take it out of gold
            session.decide(lambda s: s.remove(doc_id, row_id))

    delete = reject

    def relabel(self, row_id: int, label: str) -> None:
        session, doc_id = self.session, self._doc_id()
        if session is None or doc_id is None:
            return
        candidate = session.candidate(row_id)
        if candidate is not None:
            session.decide(
                lambda s: s.edit(doc_id, candidate, candidate.start, candidate.end, label)
            )
            self._focus_next_pending(row_id)
        else:
            session.decide(lambda s: s.relabel(doc_id, row_id, label))

    def tag(self, label: str, exact: bool) -> None:
        """A label key in review: the selection becomes gold (or corrects the focused
        candidate's edges); with no selection, the focused candidate or gold span gets it."""
        session, doc_id = self.session, self._doc_id()
        if session is None or doc_id is None:
            return
        view = self.host.view
        selected = view.selected_range(exact=exact)
        key = view.focused_overlay(OVERLAY)
        focused = candidate_id(key) if key is not None else view.focused_span_id()
        candidate = session.candidate(focused) if focused is not None else None
        if selected is not None:
            start, end = selected
            view.clear_selection()
            if candidate is not None and candidate.start < end and start < candidate.end:
                session.decide(lambda s: s.edit(doc_id, candidate, start, end, label))
                self._focus_next_pending(focused or 0)
            else:
                session.decide(lambda s: s.add(doc_id, start, end, label))
            return
        if focused is not None:
            self.relabel(focused, label)
        else:
            self.host.show_message(
                self.tr("Select text or focus a candidate (Tab) first, then press a label key")
            )

    def accept_agreed(self, min_votes: int | None = None) -> None:
        session, doc_id = self.session, self._doc_id()
        if session is None or doc_id is None:
            return
        decision = session.decide(lambda s: s.accept_agreed(doc_id, min_votes))
        if decision is not None and not decision.steps:
            self.host.show_message(self.tr("Nothing to accept there"), 4000)

    def accept_k(self) -> None:
        session = self.session
        if session is None or session.document is None:
            return
        total = max(1, len(session.document.annotators))
        k, ok = QInputDialog.getInt(
            self.host.widget(),
            self.tr("Accept where K agree"),
            self.tr("Accept spans that at least K of the %d annotators marked:") % total,
            max(1, total - 1),
            1,
            total,
        )
        if ok:
            self.accept_agreed(k)

    def finish(self) -> None:
        """Ctrl+Enter: reviewed, and on to the next unreviewed document. With candidates
        still undecided the reviewer is asked first: they would stay out of gold."""
        session, doc_id = self.session, self._doc_id()
        if session is None or doc_id is None:
            return
        pending = session.pending()
        if pending:
            answer = QMessageBox.question(
                self.host.widget(),
                self.tr("Undecided candidates"),
                self.tr(
                    "%d candidate(s) are still undecided and will stay out of gold. "
                    "Mark the document reviewed anyway?"
                )
                % pending,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,  # Ctrl+Enter, Enter: the keyboard flow goes on
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        session.decide(lambda s: s.set_reviewed(doc_id, True))
        target = self.queue.first_unreviewed(after=doc_id)
        if target is not None:
            self.host.open_document(target)
        else:
            self.host.show_message(self.tr("Every document in the queue is reviewed."), 10_000)

    def _decide_link(self, index: int, accept: bool) -> None:
        """A disputed speaker link: into gold (replacing the claim's other speaker) or out."""
        session, doc_id = self.session, self._doc_id()
        if session is None or doc_id is None or session.document is None:
            return
        links = session.document.links
        if not 0 <= index < len(links):
            return
        link = links[index]
        if accept:
            session.decide(lambda s: s.accept_link(doc_id, link))
        else:
            session.decide(lambda s: s.reject_link(doc_id, link))
        self.candidates.select_link(index)  # the order of the links stays the same

    def step(self, delta: int) -> None:
        target = self.queue.neighbour(self._doc_id(), delta)
        if target is not None:
            self.host.open_document(target)

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
        if target is not None and self._focus_row(target):
            self.candidates.select(target)
