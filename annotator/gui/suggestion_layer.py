"""Suggestions in the article: drawn dashed and faint with a `?` badge, never annotations
until accepted. Y accepts the focused one, N rejects it (it does not come back),
Ctrl+Shift+Y accepts every suggestion of the same source in the document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core.model import Span
from annotator.core.services.suggestions import Suggester, Suggestion
from annotator.gui.article_paint import SpanMark
from annotator.gui.undo import AddSpan

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

BIG_DOCUMENT = 200_000  # characters: bigger articles get no suggestions (the regexes' cost)


def suggestion_id(index: int) -> int:
    """Suggestions are not stored spans: the view knows them by ids below -1 (-1 is the
    view's "no span focused")."""
    return -(index + 2)


class SuggestionLayer(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.enabled = True
        self.items: list[Suggestion] = []
        self._suggester: Suggester | None = None
        self._stale = True  # tags or the registry changed since the patterns were built

    def invalidate(self) -> None:
        self._stale = True

    def refresh(self) -> None:
        """Recompute the open document's suggestions and show them with its spans."""
        w = self.w
        doc = w.controller.document
        self.items = []
        if self.enabled and doc is not None and len(doc.text) <= BIG_DOCUMENT:
            if self._suggester is None or self._stale:
                self._suggester = Suggester(w.project, w.settings.annotator)
                self._stale = False
            self.items = self._suggester.for_document(doc, list(w.controller.spans.values()))
        self._show()

    def _show(self) -> None:
        w = self.w
        doc = w.controller.document
        spans = list(w.controller.spans.values())
        marks: dict[int, SpanMark] = {}
        if doc is not None:
            for i, s in enumerate(self.items):
                sid = suggestion_id(i)
                spans.append(Span(sid, doc.id, "", s.label, s.start, s.end, s.text, s.attrs))
                marks[sid] = SpanMark(f"{s.label[:1].upper()}?", dashed=True, faint=True)
        focused = w.view.focused_span_id()
        w.view.set_marks(marks)
        w.view.set_spans(spans)
        if focused is not None:
            w.view.focus_span(focused)

    def focused(self) -> Suggestion | None:
        focused = self.w.view.focused_span_id()
        if focused is None or focused >= 0:
            return None
        index = -focused - 2
        return self.items[index] if index < len(self.items) else None

    def accept(self, suggestion: Suggestion | None = None) -> None:
        suggestion = suggestion or self.focused()
        doc = self.w.controller.document
        if suggestion is None or doc is None:
            return
        self._decide(suggestion, "accepted")
        command = AddSpan(self.w.controller, doc.id, suggestion.label, *suggestion.key[:2])
        self.w.controller.undo_stack.push(command)
        self.invalidate()
        self.refresh()
        if command.span is not None:
            self.w.view.focus_span(command.span.id)

    def accept_all_of_kind(self) -> None:
        """Every suggestion in the document from the focused one's source, in one undo step."""
        current = self.focused()
        doc = self.w.controller.document
        if current is None or doc is None:
            return
        same = [s for s in self.items if s.source == current.source]
        stack = self.w.controller.undo_stack
        stack.beginMacro(self.tr("Accept suggestions of one kind"))
        for s in same:
            self._decide(s, "accepted")
            stack.push(AddSpan(self.w.controller, doc.id, s.label, s.start, s.end))
        stack.endMacro()
        self.invalidate()
        self.refresh()

    def reject(self) -> None:
        suggestion = self.focused()
        if suggestion is None:
            return
        self._decide(suggestion, "rejected")
        self.refresh()

    def _decide(self, suggestion: Suggestion, decision: str) -> None:
        w = self.w
        doc = w.controller.document
        if doc is None:
            return
        with w.project.transaction():
            w.project.suggestions.decide(
                doc.id, w.settings.annotator, suggestion.key, suggestion.source, decision
            )
        w.statusBar().showMessage(self.rates_text(), 5000)

    def rates_text(self) -> str:
        rates = self.w.project.suggestions.rates(self.w.settings.annotator)
        parts = [
            f"{source} {accepted}/{accepted + rejected}"
            for source, (accepted, rejected) in rates.items()
        ]
        return self.tr("Suggestions accepted: %s") % ", ".join(parts) if parts else ""
