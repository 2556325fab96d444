"""Annotate mode: the analyst's own spans, their values and speakers, and suggestions.

Every edit is an undo command around one service write; what it changed comes back through
the controller's broadcast, so nothing here refreshes a panel by hand.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog

from annotator.core.changes import Changes
from annotator.core.kinds import is_speaker, kind_of, takes_source
from annotator.core.model import GOLD, Document, Status
from annotator.core.services.adjudication import AdjudicationService
from annotator.core.services.attribution import attribute
from annotator.core.services.corpus import CorpusService
from annotator.gui.dialogs import GoldDifferencesDialog
from annotator.gui.gold_layer import GoldLayer
from annotator.gui.host import Host
from annotator.gui.suggestion_layer import OVERLAY, SuggestionLayer
from annotator.gui.undo import (
    AddLabel,
    AddSpan,
    RelabelSpan,
    RemoveSpan,
    SetSource,
    SetStatus,
    SetValue,
)


class DocumentSteps(Protocol):
    """What annotate mode needs of the document list: its order, with its filters."""

    def neighbour(self, document_id: int | None, delta: int) -> int | None: ...


NOT_DONE_LOOKAHEAD = 500  # documents checked for one not done yet before giving up


class AnnotateMode(QObject):
    title = ""

    def __init__(self, host: Host, documents: DocumentSteps, corpus: CorpusService) -> None:
        super().__init__(host.widget())
        self.host = host
        self.documents = documents
        self.corpus = corpus
        self.suggestions = SuggestionLayer(host)
        self.gold = GoldLayer(host)
        self.actions: list[QAction] = []
        self._source_for: int | None = None  # the claim whose source is being chosen
        self.source_actions: list[QAction] = []  # Enter: enabled only while choosing
        host.view.span_clicked.connect(self._span_clicked)
        host.view.overlay_clicked.connect(self._overlay_clicked)
        host.view.span_focused.connect(self._focus_changed)

    # -- the mode protocol ------------------------------------------------------------------

    def enter(self) -> None:
        self.suggestions.show()
        self.gold.show()

    def leave(self) -> None:
        self._end_source_pick("")
        self.suggestions.hide()
        self.gold.hide()

    def document_opened(self, doc: Document) -> None:
        self._end_source_pick("")
        self.suggestions.refresh()
        self.gold.refresh()

    def changed(self, changes: Changes) -> None:
        self.suggestions.changed(changes)
        self.gold.changed(changes)

    def tag(self, label: str, exact: bool) -> None:
        """A label key: tag the selection, relabel the focused span, or accept the focused
        suggestion as this label; say so when there is nothing to act on."""
        host = self.host
        controller = host.controller
        doc = controller.document
        if doc is None:
            return
        selected = host.view.selected_range(exact=exact)
        if selected is not None:
            command = AddSpan(controller, doc.id, label, *selected)
            with host.view.batch():
                controller.undo_stack.push(command)
                if command.span is not None:
                    # The label colour shows at once; another key relabels what was just made.
                    host.view.clear_selection()
                    host.view.focus_span(command.span.id)
            return
        focused = host.view.focused_span_id()
        if focused is not None and focused in controller.spans:
            span = controller.spans[focused]
            if span.label != label:
                controller.undo_stack.push(RelabelSpan(controller, span, label))
        elif self.suggestions.focused() is not None:
            self.suggestions.accept(label=label)
        else:
            host.show_message(
                self.tr("Select text or focus a span (Tab) first, then press a label key")
            )

    def delete(self) -> None:
        span_id = self.host.view.focused_span_id()
        if span_id is None:
            self.host.show_message(self.tr("Focus a span first (Tab), then press Delete"))
            return
        self.delete_span(span_id)

    def delete_span(self, span_id: int) -> None:
        controller = self.host.controller
        span = controller.spans.get(span_id)
        if span is not None:
            controller.undo_stack.push(RemoveSpan(controller, span))

    def relabel_span(self, span_id: int, label: str) -> None:
        controller = self.host.controller
        span = controller.spans.get(span_id)
        if span is not None and span.label != label:
            controller.undo_stack.push(RelabelSpan(controller, span, label))

    def set_value(self, span_id: int, typed: str) -> None:
        """A value typed or confirmed in the span panel: read by the label's kind, stored,
        undoable (with any actor or topic it created)."""
        controller = self.host.controller
        span = controller.spans.get(span_id)
        if span is not None:
            controller.undo_stack.push(SetValue(controller, span, typed))

    def finish(self) -> None:
        """Ctrl+Enter: done, and on to the next document not done yet."""
        controller = self.host.controller
        doc = controller.document
        if doc is None:
            return
        controller.undo_stack.push(SetStatus(controller, doc.id, Status.DONE))
        target = self._next_not_done(doc.id)
        if target is None:
            self.host.show_message(
                self.tr("Every document is done. Document ▸ Mark in progress reopens one."), 10_000
            )
            return
        self.host.open_document(target)

    def _next_not_done(self, document_id: int) -> int | None:
        """The next document in the list not done yet, wrapping round; None when all are."""
        done, total = self.corpus.progress()
        if done >= total:
            return None
        current: int | None = document_id
        for _ in range(NOT_DONE_LOOKAHEAD):
            current = self.documents.neighbour(current, +1)
            if current is None:  # the end of the list: on from its start
                current = self.documents.neighbour(None, +1)
            if current is None or current == document_id:
                return None
            if self.corpus.row(current).status != Status.DONE:
                return current
        return self.documents.neighbour(document_id, +1)

    def reopen(self) -> None:
        controller = self.host.controller
        doc = controller.document
        if doc is not None and controller.status() != Status.IN_PROGRESS:
            controller.undo_stack.push(SetStatus(controller, doc.id, Status.IN_PROGRESS))

    def step(self, delta: int) -> None:
        doc = self.host.controller.document
        target = self.documents.neighbour(doc.id if doc else None, delta)
        if target is not None:
            self.host.open_document(target)

    def add_label(self) -> None:
        name, ok = QInputDialog.getText(
            self.host.widget(), self.tr("New label"), self.tr("Label name:")
        )
        if not ok or not name.strip():
            return
        command = AddLabel(self.host.controller, name)
        self.host.controller.undo_stack.push(command)
        if not command.failed:
            key = f" ({command.shortcut})" if command.shortcut else ""
            self.host.show_message(self.tr("Added label %s%s") % (command.name, key))

    def completions(self, label: str) -> list[str]:
        """What the span panel's editor proposes: the label kind's (actors, topics)."""
        kind = kind_of(label)
        return kind.completions(self.host.project) if kind is not None else []

    def show_gold_differences(self) -> None:
        doc = self.host.controller.document
        if doc is None:
            return
        if self.host.project.status.get(doc.id, GOLD) != Status.REVIEWED:
            # Unreviewed, gold is empty or half done: everything would read "missed".
            self.host.show_message(
                self.tr("This document has not been reviewed yet: there is no gold to compare.")
            )
            return
        service = AdjudicationService(self.host.project, self.host.settings.annotator, ())
        dialog = GoldDifferencesDialog(
            service.differences(doc.id, self.host.settings.annotator), self.host.widget()
        )
        dialog.span_requested.connect(self.host.view.select_range)
        dialog.exec()

    # -- suggestions ------------------------------------------------------------------------

    def accept_suggestion(self) -> None:
        if self.suggestions.accept() is None:
            self.host.show_message(self.tr("Focus a suggestion first (Tab), then press Y"))

    def reject_suggestion(self) -> None:
        if not self.suggestions.reject():
            self.host.show_message(self.tr("Focus a suggestion first (Tab), then press N"))

    def accept_all_suggestions(self) -> None:
        if not self.suggestions.accept_all_of_kind():
            self.host.show_message(
                self.tr("Focus a suggestion first (Tab), then press Ctrl+Shift+Y")
            )

    # -- who said a claim -------------------------------------------------------------------

    def pick_source(self) -> None:
        """S on a focused claim: choose its source, by a click on an actor span (or a
        suggested one), or Tab to one and Enter. S again or Esc cancels."""
        host, controller = self.host, self.host.controller
        if self._source_for is not None:
            self._end_source_pick(self.tr("No source chosen"))
            return
        claim = controller.spans.get(host.view.focused_span_id() or 0)
        if claim is None or not takes_source(claim.label):
            host.show_message(self.tr("Focus a claim first (Tab), then press S"))
            return
        self._source_for = claim.id
        for action in self.source_actions:
            action.setEnabled(True)
        doc = controller.document
        guess = attribute(doc.text, claim, list(controller.spans.values())) if doc else None
        if guess is not None:  # the speaker the paragraph names: Enter takes it
            host.view.focus_span(guess.id)
            host.show_message(
                self.tr("Said by %s? Enter confirms; click or Tab to another actor; Esc cancels")
                % guess.text,
                0,
            )
            return
        host.show_message(
            self.tr("Who said it? Click an actor span, or Tab to one and press Enter; Esc cancels"),
            0,
        )

    def unlink_source(self) -> None:
        controller = self.host.controller
        claim = controller.spans.get(self.host.view.focused_span_id() or 0)
        if claim is not None and claim.id in controller.sources:
            controller.undo_stack.push(SetSource(controller, claim.id, None))
        else:
            self.host.show_message(self.tr("Focus a claim that has a source, then press Shift+S"))

    def confirm_source(self) -> None:
        view = self.host.view
        key = view.focused_overlay(OVERLAY)
        if key is not None:
            self._overlay_clicked(OVERLAY, key)
        else:
            self._link_source(view.focused_span_id())

    def _span_clicked(self, span_id: int) -> None:
        if self._source_for is not None:
            self._link_source(span_id)

    def _overlay_clicked(self, name: str, key: int) -> None:
        """A click on a suggested actor while choosing a source: accept it, then link it."""
        if self._source_for is None or name != OVERLAY:
            return
        suggestion = self.suggestions.item(key)
        if suggestion is None or not is_speaker(suggestion.label):
            self.host.show_message(self.tr("A source is an actor span"), 4000)
            return
        claim_id = self._source_for
        stack = self.host.controller.undo_stack
        stack.beginMacro(self.tr("Link claim to source"))
        span_id = self.suggestions.accept(suggestion)
        if span_id is not None:
            self._link_source(span_id, claim_id)
        stack.endMacro()
        if span_id is None:
            self._end_source_pick(self.tr("No source chosen"))

    def _focus_changed(self, span_id: int) -> None:
        if (
            self._source_for is not None
            and span_id == -1
            and self.host.view.focused_overlay(OVERLAY) is None
        ):  # Esc, or a click on plain text
            self._end_source_pick(self.tr("No source chosen"))

    def _link_source(self, span_id: int | None, claim_id: int | None = None) -> None:
        claim_id = claim_id if claim_id is not None else self._source_for
        controller = self.host.controller
        source = controller.spans.get(span_id or 0)
        if claim_id is None or source is None or source.id == claim_id:
            return
        if not is_speaker(source.label):
            self.host.show_message(self.tr("A source is an actor span"), 4000)
            return
        self._end_source_pick(self.tr("Source linked"))
        controller.undo_stack.push(SetSource(controller, claim_id, source.id))
        self.host.view.focus_span(claim_id)

    def _end_source_pick(self, message: str) -> None:
        was_picking = self._source_for is not None
        self._source_for = None
        for action in self.source_actions:
            action.setEnabled(False)
        if was_picking and message:
            self.host.show_message(message, 3000)

    def picking_source(self) -> bool:
        return self._source_for is not None
