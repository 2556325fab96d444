"""Suggestions in the article: drawn dashed and faint with a `?` badge, never annotations
until accepted. Y accepts the focused one, N rejects it (it does not come back),
Ctrl+Shift+Y accepts every suggestion of the same source in the document; each is one undo
step that takes back the span and the decision together."""

from __future__ import annotations

import logging
from bisect import bisect_left
from operator import attrgetter
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer

from annotator.core.changes import Changes
from annotator.core.services.suggestions import Patterns, Suggestion, under
from annotator.core.text.names import shown_name
from annotator.gui import jobs
from annotator.gui.article_paint import SpanMark, badge_text
from annotator.gui.article_view import OverlayItem
from annotator.gui.host import Host
from annotator.gui.tasks import TaskFn
from annotator.gui.undo import AcceptSuggestion, RejectSuggestion

if TYPE_CHECKING:
    from annotator.core.model import Document
    from annotator.gui.model_predictions import Predictions

log = logging.getLogger(__name__)
# Characters: bigger articles get no suggestions. The worker's search grows with the text
# (~0.8 s at 200,000), drawing its list on the GUI thread with the suggestions found, and
# the window tokenises no bigger article with hazm (main_window.BIG_DOCUMENT) for the model.
BIG_DOCUMENT = 200_000
OVERLAY = "suggestions"
REBUILD_DELAY_MS = 1500  # a burst of tags rebuilds the patterns once, after it
_start = attrgetter("start")
# The sources as the status bar and tooltips name them.
SOURCE_NAMES = {
    "registry": QT_TRANSLATE_NOOP("SuggestionLayer", "registry"),
    "repeat": QT_TRANSLATE_NOOP("SuggestionLayer", "repeat"),
    "date": QT_TRANSLATE_NOOP("SuggestionLayer", "date"),
    "model": QT_TRANSLATE_NOOP("SuggestionLayer", "model"),
}


def source_name(source: str) -> str:
    name = SOURCE_NAMES.get(source)
    if name is None:  # an outside model's, named by the file its predictions came in
        return shown_name(source)
    return QCoreApplication.translate("SuggestionLayer", str(name))


def source_text(suggestion: Suggestion) -> str:
    """ "model 0.87" for the model's (its confidence), the source's name for the rules'."""
    confidence = suggestion.attrs.get("confidence")
    if isinstance(confidence, int | float):
        return f"{source_name(suggestion.source)} {confidence:.2f}"
    return source_name(suggestion.source)


def _without(items: list[Suggestion], gone: list[Suggestion]) -> list[Suggestion]:
    """`items` less the ones with the keys of `gone`, a few among a long article's thousands
    on every tag: found by bisection, as `for_document` lists them (in reading order, none
    overlapping another, so no two start at one place), not by a walk over all (~4 ms for
    14,000)."""
    places = set()
    for s in gone:
        i = bisect_left(items, s.start, key=_start)
        if i == len(items) or items[i].key != s.key:  # not as listed: walk them all
            keys = {g.key for g in gone}
            return [s for s in items if s.key not in keys]
        places.add(i)
    kept = list(items)
    for i in sorted(places, reverse=True):
        del kept[i]
    return kept


class SuggestionLayer(QObject):
    def __init__(self, host: Host) -> None:
        super().__init__(host.widget())
        self.host = host
        self.enabled = True
        self.active = True  # off while review mode shows gold instead
        self.items: list[Suggestion] = []
        # Overlay keys stay with their suggestion across refreshes, so the focus stays on
        # the same one when the list changes around it (a tag elsewhere, an undo).
        self._key_of: dict[tuple[int, int, str], int] = {}
        self._by_key: dict[int, Suggestion] = {}
        self._made: dict[int, tuple[Suggestion, OverlayItem]] = {}  # what is drawn, by key
        self._doc_id: int | None = None  # the article `items` and the keys belong to
        # As the window read it: an import reads the open article again, and the view then
        # starts afresh, without the suggestions `items` says are drawn.
        self._doc: Document | None = None
        self._asked = 0  # the latest request for a list: an older one's is dropped
        self._wanted: tuple[int, int, TaskFn] | None = None  # waiting for the worker
        self._running = False
        self._patterns: Patterns | None = None
        self._stale = True  # tags or the registry changed since the patterns were built
        self._building = False
        self._rebuild = QTimer(self, singleShot=True, interval=REBUILD_DELAY_MS)
        self._rebuild.timeout.connect(self._build)
        self.predictions: Predictions | None = None  # the model's, once the window has one
        self._said: str | None = None  # the line Tab onto a suggestion put in the status bar
        host.view.span_focused.connect(self._focus_moved)
        host.view.overlay_focused.connect(self._focused_item)

    def use_predictions(self, predictions: Predictions) -> None:
        self.predictions = predictions
        predictions.ready.connect(self._predicted)

    def _predicted(self, document_id: int) -> None:
        doc = self.host.controller.document
        if doc is not None and doc.id == document_id:
            self._show()

    def model_changed(self) -> None:
        """A retrain landed or a threshold moved: the open article's suggestions again."""
        self._show()

    def _focused_item(self, name: str, key: int) -> None:
        """Tab onto a suggestion says where it comes from (and the model's confidence)."""
        suggestion = self._by_key.get(key) if name == OVERLAY else None
        if suggestion is not None:
            self._said = self.tr(
                "Suggestion (%s): Y accepts, N rejects, a label key relabels"
            ) % source_text(suggestion)
            self.host.show_message(self._said)

    def _focus_moved(self, _span_id: int) -> None:
        """Tab went on to a span (or off everything): "Y accepts" no longer holds, and an
        analyst reading it pressed Y to be told to focus a suggestion first. A suggestion
        focused next says its own line right after this."""
        if self._said is not None:
            self.host.withdraw_message(self._said)
            self._said = None

    def changed(self, changes: Changes) -> None:
        """New tags or registry entries make new repeats and aliases: rebuild the patterns.
        The open document's list is recomputed when its spans or decisions changed."""
        if changes.spans or changes.registry or changes.corpus:
            self._stale = True
            self._rebuild.start()  # not per tag: reading every tag takes ~1 s on big projects
        doc = self.host.controller.document
        here = changes.touches(doc.id if doc else None)
        if here or changes.registry or changes.labels:
            self._show(changes if here else None)

    def refresh(self) -> None:
        """Ask for the open document's suggestions with the patterns at hand, and rebuild
        stale patterns in a worker (reading every tag takes ~1 s on a big project)."""
        if self.active and self.enabled and self._stale:
            self._build()
        self._show()

    def _build(self) -> None:
        host = self.host
        if not (self.active and self.enabled and self._stale) or self._building:
            return
        self._rebuild.stop()
        self._building = True
        self._stale = False
        task = host.tasks.start(
            "suggestions",
            jobs.suggestion_patterns_job(host.project.path, host.settings.annotator),
            self._built,
            self._failed,
            show_dialog=False,
        )
        if task is None:
            self._building = False

    def _show(self, changes: Changes | None = None) -> None:
        """Ask a worker for the open article's suggestions, drawn when they arrive (~25 ms
        for a usual article, a second for a long one: never on the GUI thread). Meanwhile
        the drawn ones that `changes` (to this article) tagged over or decided on are taken
        off at once: a tag never has a suggestion under it, a decided one is gone as the key
        is pressed, and the rest stay for Tab, Y and N."""
        host = self.host
        if not self.active:
            return
        doc = host.controller.document
        self._asked += 1  # whatever a worker is computing now is out of date
        self._wanted = None
        doc_id = doc.id if doc is not None else None
        if doc is not self._doc:  # keys are per document; nothing of the last one stays
            self._key_of, self._doc_id, self._doc, self._made = {}, doc_id, doc, {}
            self._draw([], force=True)
        wanted = self.enabled and doc is not None and len(doc.text) <= BIG_DOCUMENT
        if not wanted:
            self._draw([])
        elif changes is not None:
            self._drop(changes)
        if not wanted or doc is None or self._patterns is None:
            return
        spans = list(host.controller.spans.values())
        predictions = self.predictions
        model = predictions.model if predictions is not None else None
        found = predictions.get(doc) if predictions is not None else None
        job = jobs.suggestions_job(
            host.project.path, host.settings.annotator, self._patterns,
            model if found is not None else None, found, doc, spans,
        )  # fmt: skip
        self._wanted = (self._asked, doc.id, job)
        self._next()

    def _drop(self, changes: Changes) -> None:
        """The drawn suggestions a new or changed span overlaps, and the decided ones, off.
        Only the analyst's own spans: a teammate's, pulled, leaves the suggestion (and its
        focus) where it is, as the list made again does."""
        mine = self.host.controller.annotator
        spans = [*changes.added, *changes.updated]
        ours = [s for s in spans if s.document_id == self._doc_id and s.annotator == mine]
        gone = under(self.items, ours)
        by_key = self._by_key
        decided = (by_key.get(self._key_of.get(key, -1)) for key in changes.decided)
        gone += [s for s in decided if s is not None]
        if not gone:
            return
        keys = {self._key_of[s.key] for s in gone}
        self.items = _without(self.items, gone)
        for key in keys:
            by_key.pop(key, None)
            self._made.pop(key, None)
        self.host.view.drop_overlay_items(OVERLAY, keys)

    def busy(self) -> bool:
        """Whether a list is being made or waits to be: what is drawn may change yet (the
        acceptance benchmark decides on an article's suggestions once they are all there)."""
        return self._running or self._wanted is not None or self._building

    def _next(self) -> None:
        """One worker at a time, on the latest request: a burst of tags asks once more after
        the one running, not once per tag."""
        if self._running or self._wanted is None:
            return
        asked, doc_id, job = self._wanted
        self._wanted = None
        self._running = True
        task = self.host.tasks.start(
            "suggestions", job,
            lambda items: self._arrived(asked, doc_id, items), self._not_made,
            show_dialog=False,
        )  # fmt: skip
        if task is None:  # the window is closing
            self._running = False

    def _arrived(self, asked: int, doc_id: int, items: list[Suggestion]) -> None:
        """Drawn only if nothing changed since they were asked for: a list for an article
        no longer open, or from spans or decisions since changed, is dropped."""
        self._running = False
        if asked == self._asked and self.active and doc_id == self._doc_id:
            self._draw(items)
        self._next()

    def _not_made(self, message: str) -> None:
        self._running = False
        log.warning("suggestions: %s", message)
        self._next()

    def _draw(self, items: list[Suggestion], force: bool = False) -> None:
        """Show `items`. This is the GUI thread's share of the suggestions, so an unchanged
        list is not drawn again and an item drawn before is reused (a long article has
        thousands, and a tag changes a few)."""
        if items == self.items and not force:
            return
        self.items = items
        keys = self._key_of
        made = self._made
        drawn: dict[int, tuple[Suggestion, OverlayItem]] = {}
        for s in items:
            key = keys.setdefault(s.key, len(keys))
            before = made.get(key)
            if before is None or (before[0] is not s and before[0] != s):
                before = s, OverlayItem(
                    key, s.label, s.start, s.end, s.text,
                    SpanMark(_badge(s), dashed=True, faint=True), source_text(s),
                )  # fmt: skip
            drawn[key] = before
        self._made = drawn
        self._by_key = {key: s for key, (s, _item) in drawn.items()}
        self.host.view.set_overlay(OVERLAY, [item for _s, item in drawn.values()])

    def hide(self) -> None:
        self.active = False
        self._asked += 1  # a list on its way is not drawn over review's gold
        self._wanted = None
        self._draw([], force=True)

    def show(self) -> None:
        self.active = True
        self.refresh()

    def _built(self, patterns: Patterns) -> None:
        self._building = False
        self._patterns = patterns
        self._show()
        if self._stale:  # tagged while it was being built
            self._rebuild.start()

    def _failed(self, message: str) -> None:
        self._building = False
        log.warning("suggestions: %s", message)

    def focused(self) -> Suggestion | None:
        key = self.host.view.focused_overlay(OVERLAY)
        return self._by_key.get(key) if key is not None else None

    def item(self, key: int) -> Suggestion | None:
        """The suggestion an overlay key stands for (the view speaks keys)."""
        return self._by_key.get(key)

    def key_of(self, suggestion: Suggestion) -> int | None:
        return self._key_of.get(suggestion.key)

    def accept(self, suggestion: Suggestion | None = None, label: str | None = None) -> int | None:
        """Store the suggestion as a span (as `label`, if a label key chose another) and
        focus it; returns its span id."""
        suggestion = suggestion or self.focused()
        controller = self.host.controller
        doc = controller.document
        if suggestion is None or doc is None:
            return None
        command = AcceptSuggestion(controller, doc.id, suggestion, label)
        controller.undo_stack.push(command)
        self._rates()
        if command.span is not None:
            self.host.view.focus_span(command.span.id)
            return command.span.id
        return None

    def accept_all_of_kind(self) -> bool:
        """Every suggestion in the document from the focused one's source, in one undo step."""
        current = self.focused()
        controller = self.host.controller
        doc = controller.document
        if current is None or doc is None:
            return False
        same = [s for s in self.items if s.source == current.source]
        stack = controller.undo_stack
        view = self.host.view
        where = view.verticalScrollBar().value()  # accepting many must not jump the view
        stack.beginMacro(self.tr("Accept suggestions of one kind"))
        for s in same:
            stack.push(AcceptSuggestion(controller, doc.id, s))
        stack.endMacro()
        view.verticalScrollBar().setValue(where)
        self._rates()
        return True

    def reject(self) -> bool:
        suggestion = self.focused()
        controller = self.host.controller
        doc = controller.document
        if suggestion is None or doc is None:
            return False
        controller.undo_stack.push(RejectSuggestion(controller, doc.id, suggestion))
        self._rates()
        return True

    def _rates(self) -> None:
        text = self.rates_text()
        if text:
            self.host.show_message(text)

    def rates_text(self) -> str:
        rates = self.host.project.suggestions.rates(self.host.settings.annotator)
        parts = [
            f"{source_name(source)} {accepted}/{accepted + rejected}"
            for source, (accepted, rejected) in rates.items()
        ]
        return self.tr("Suggestions accepted: %s") % ", ".join(parts) if parts else ""


def _badge(s: Suggestion) -> str:
    """`A?`; a model's suggestion with its confidence, `A? 87%` (a score out of 1)."""
    badge = f"{badge_text(s.label)}?"
    confidence = s.attrs.get("confidence")
    if isinstance(confidence, float | int) and 0 <= confidence <= 1:
        badge += f" {round(confidence * 100)}%"
    return badge
