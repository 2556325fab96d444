"""Suggestions in the article: drawn dashed and faint with a `?` badge, never annotations
until accepted. Y accepts the focused one, N rejects it (it does not come back),
Ctrl+Shift+Y accepts every suggestion of the same source in the document."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core.model import Span
from annotator.core.services.suggestions import Patterns, Suggester, Suggestion
from annotator.gui import jobs
from annotator.gui.article_paint import SpanMark
from annotator.gui.undo import AddSpan

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

log = logging.getLogger(__name__)
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
        self._patterns: Patterns | None = None
        self._stale = True  # tags or the registry changed since the patterns were built
        self._building = False

    def invalidate(self) -> None:
        self._stale = True

    def refresh(self) -> None:
        """Show the open document's suggestions at once with the patterns at hand, and
        rebuild stale patterns in a worker (reading every tag takes ~1 s on a big project)."""
        w = self.w
        if self.enabled and self._stale and not self._building:
            self._building = True
            self._stale = False
            task = w.tasks.start(
                "suggestions",
                jobs.suggestion_patterns_job(w.project.path, w.settings.annotator),
                self._built,
                self._failed,
                show_dialog=False,
            )
            if task is None:
                self._building = False
        doc = w.controller.document
        self.items = []
        if self.enabled and doc is not None and len(doc.text) <= BIG_DOCUMENT and self._patterns:
            suggester = Suggester(w.project, w.settings.annotator, self._patterns)
            self.items = suggester.for_document(doc, list(w.controller.spans.values()))
        self._show()

    def _built(self, patterns: Patterns) -> None:
        self._building = False
        self._patterns = patterns
        if not self.w.reviewing():
            self.refresh()

    def _failed(self, message: str) -> None:
        self._building = False
        log.warning("suggestions: %s", message)

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
