"""The article reading surface: RTL paragraphs, and spans drawn without touching any glyph."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from annotator.core.model import Span
from annotator.core.text.snap import regex_tokens_around, snap
from annotator.core.text.tokens import Token
from annotator.gui.article_geometry import (
    extra_selections,
    text_pieces,
    viewport_origin,
)
from annotator.gui.article_layout_cache import HighlightCache, LayoutCache
from annotator.gui.article_paint import (
    SpanGeometry,
    SpanMark,
    SpanPainter,
    highlight_format,
    tooltip_html,
)
from annotator.gui.article_spans import SpanIndex
from annotator.gui.article_surface import ArticleSurface

FOUND_COLOR = "#ffd54f"  # a marker pen's yellow, readable under every label colour
_NO_CHORD = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@dataclass(frozen=True, slots=True)
class OverlayItem:
    """Something drawn like a span that is not a stored span: a suggestion, a review
    candidate. Its owner knows it by `key`; the view never hands out its own ids for it."""

    key: int
    label: str
    start: int
    end: int
    text: str
    mark: SpanMark
    note: str = ""  # what its tooltip adds ("model 0.87")


class ArticleView(ArticleSurface):
    """The article reading surface: one document and its spans.

    Offsets in and out are code points of the Python string given to `set_document`
    (`ArticleSurface` converts from Qt's UTF-16 and never reads the text back from Qt).

    Highlights are extra selections (backgrounds) plus painting over the viewport
    (underlines, badges, focus ring): char formats would split shaping runs and break the
    lam-alef ligature. Only spans on screen are handed to Qt, so 10,000 spans cost no more
    than fifty.

    A focused span (Tab, Shift+Tab, a click on a span, `focus_span`) is distinct from the
    text selection: the selection is what a label key would tag, the focused span what it
    would relabel or delete. Holding Alt when releasing a mouse selection keeps its exact
    characters (`last_selection_exact`); otherwise `selected_range` snaps to tokens.
    """

    span_focused = Signal(int)  # stored span id; -1 when none (or an overlay item) is
    overlay_focused = Signal(str, int)  # an overlay's name and the item's key
    span_activated = Signal(int)  # double-click on a span's badge
    span_clicked = Signal(int)  # a plain click on a stored span (choosing a claim's source)
    overlay_clicked = Signal(str, int)  # a plain click on an overlay item

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tokens: Sequence[Token] | None = None
        self._spans = SpanIndex()
        self._colors: dict[str, str] = {}
        self._focused: int | None = None
        self._visible_range = (0, 0)
        self._visible: list[tuple[Span, int]] = []
        self._badges: list[tuple[QRectF, int]] = []
        self._marks: dict[int, SpanMark] = {}  # stored spans' marks and overlay items'
        self._span_marks: dict[int, SpanMark] = {}
        # Overlay items live in the span index under ids below -1 (-1 is "no span"); the
        # encoding stays in here: owners speak (overlay name, key).
        self._overlays: dict[str, dict[int, Span]] = {}  # name -> key -> drawn span
        self._overlay_of: dict[int, tuple[str, int]] = {}  # drawn id -> (name, key)
        self._next_overlay_id = -2
        self._links: list[tuple[int, int]] = []  # (claim, source): who said it
        self._loading = False
        self._pending: bool | None = None  # in a batch: None, or whether to repaint after
        self._overlay_marks: dict[tuple[str, int], SpanMark] = {}
        self._overlay_notes: dict[int, str] = {}  # drawn id -> its item's note
        self._overlay_items: dict[str, dict[int, OverlayItem]] = {}  # name -> key -> drawn
        self._found: list[tuple[int, int]] = []  # find-in-article matches, in order
        self._span_painter = SpanPainter(self.font())
        self._laid = LayoutCache()
        self._highlights = HighlightCache(self.document(), lambda: self._index)
        self._connect_signals()

    def _connect_signals(self) -> None:
        # Emitted whenever Qt lays the text out again (a new width, font or text), never by
        # painting or scrolling: where the spans sit is read again after it.
        self.document().documentLayout().update.connect(self._laid.clear)
        self.verticalScrollBar().valueChanged.connect(self._refresh_visible)
        self.horizontalScrollBar().valueChanged.connect(self._refresh_visible)

    # -- document ---------------------------------------------------------------------------

    def set_document(
        self,
        text: str,
        spans: Sequence[Span],
        colors: dict[str, str],
        tokens: Sequence[Token] | None = None,
    ) -> None:
        """Show a document; `text` must be the canonical stored text (no BOM, `\\n` lines)."""
        for span in spans:
            self._check_span(span, len(text))
        self._loading = True
        try:
            self.load_text(text)
        except ValueError:  # refused; the old text stays unless Qt had already taken it
            self._spans.reset(s for s in self._spans if s.end <= len(self._text))
            raise
        finally:
            self._loading = False
        self._tokens = tokens
        self._colors = dict(colors)
        self._overlays, self._overlay_of, self._overlay_marks = {}, {}, {}
        self._overlay_notes, self._overlay_items = {}, {}
        self._found = []
        self._span_marks, self._marks = {}, {}
        self._spans.reset(spans)
        self._set_focused(None)
        self._refresh_visible()

    def set_tokens(self, tokens: Sequence[Token] | None) -> None:
        """Snap to these tokens from now on (hazm's, once loaded); None for the regex fallback."""
        self._tokens = tokens

    def set_links(self, links: list[tuple[int, int]]) -> None:
        """Claims and their sources, drawn as a line between their badges' corners."""
        self._links = list(links)
        self.viewport().update()

    def set_marks(self, marks: dict[int, SpanMark]) -> None:
        """Badges and line styles of stored spans by id (review's gold ✓); {} draws every
        stored span plainly."""
        self._span_marks = dict(marks)
        self._rebuild_marks()
        self._refresh_visible()

    def _rebuild_marks(self) -> None:
        self._marks = dict(self._span_marks)
        for name, items in self._overlays.items():
            for key, span in items.items():
                self._marks[span.id] = self._overlay_marks[(name, key)]

    def set_found(self, matches: Sequence[tuple[int, int]]) -> None:
        """Find-in-article matches, highlighted like a marker pen under the spans."""
        self._found = list(matches)
        self._refresh_visible()

    # -- overlays ---------------------------------------------------------------------------

    def set_overlay(self, name: str, items: Sequence[OverlayItem]) -> None:
        """Show these items (and only these) for `name`, over the stored spans.

        The focus stays on an item of the same key if there is one; otherwise a focused
        item of this overlay loses the focus."""
        old = self._overlays.get(name, {})
        if not old and not items:
            return
        focused = self._overlay_of.get(self._focused) if self._focused is not None else None
        # An item drawn before as it is now keeps its drawn span: a long article's thousands
        # of suggestions change by a few after a tag, and rebuilding all took 0.1 s.
        before = self._overlay_items.get(name, {})
        drawn: dict[int, Span] = {}
        shown: dict[int, OverlayItem] = {}
        doc_len = len(self._text)
        for item in items:
            kept = old.get(item.key)
            was = before.get(item.key)
            if kept is None or (was is not item and was != item):
                if not 0 <= item.start < item.end <= doc_len:
                    raise ValueError(f"{name} item {item.key} outside 0..{doc_len}")
                vid = self._next_overlay_id
                self._next_overlay_id -= 1
                kept = Span(vid, 0, "", item.label, item.start, item.end, item.text)
            drawn[item.key] = kept
            shown[item.key] = item
        gone = {span.id for key, span in old.items() if drawn.get(key) is not span}
        for key, span in old.items():
            if span.id in gone:
                del self._overlay_of[span.id]
                self._overlay_notes.pop(span.id, None)
                self._overlay_marks.pop((name, key), None)
        added = []
        for key, span in drawn.items():
            if old.get(key) is not span:
                added.append(span)
                item = shown[key]
                self._overlay_of[span.id] = (name, key)
                self._overlay_marks[(name, key)] = item.mark
                if item.note:
                    self._overlay_notes[span.id] = item.note
        self._overlays[name] = drawn
        self._overlay_items[name] = shown
        if len(gone) + len(added) < len(self._spans) // 8:  # a few: edited in place
            for span_id in gone:
                self._spans.remove(span_id)
                self._marks.pop(span_id, None)
            for span in added:
                self._spans.add(span)
                self._marks[span.id] = self._overlay_marks[self._overlay_of[span.id]]
        else:
            kept_spans = [s for s in self._spans if s.id not in gone] if gone else list(self._spans)
            self._spans.reset([*kept_spans, *added])
            self._rebuild_marks()
        refocus = None
        if focused is not None and focused[0] == name:
            refocus = drawn.get(focused[1])
            if refocus is None:
                self._focused = None  # quietly: the item went with its overlay
        self._refresh_visible()
        if refocus is not None:
            self._focus_drawn(refocus.id)

    def drop_overlay_items(self, name: str, keys: Iterable[int]) -> None:
        """Take these items off and leave the rest as drawn: what a tag or a decision takes
        off at once, among a long article's thousands. A focused one loses the focus."""
        drawn = self._overlays.get(name, {})
        shown = self._overlay_items.get(name, {})
        for key in keys:
            span = drawn.pop(key, None)
            if span is None:
                continue
            shown.pop(key, None)
            del self._overlay_of[span.id]
            self._overlay_notes.pop(span.id, None)
            self._overlay_marks.pop((name, key), None)
            self._marks.pop(span.id, None)
            self._spans.remove(span.id)
            if self._focused == span.id:
                self._focused = None  # quietly, as when set_overlay leaves it out
        self._refresh_visible()

    def overlay_keys(self, name: str) -> list[int]:
        """The overlay's item keys in reading order."""
        items = self._overlays.get(name, {})
        return [k for k, _ in sorted(items.items(), key=lambda kv: (kv[1].start, kv[1].end))]

    def focus_overlay(self, name: str, key: int) -> bool:
        span = self._overlays.get(name, {}).get(key)
        return span is not None and self._focus_drawn(span.id)

    def focused_overlay(self, name: str) -> int | None:
        """The key of this overlay's focused item, if one of its items has the focus."""
        where = self._overlay_of.get(self._focused) if self._focused is not None else None
        return where[1] if where is not None and where[0] == name else None

    def set_colors(self, colors: dict[str, str]) -> None:
        self._colors = dict(colors)
        self._refresh_visible()

    def _text_will_change(self) -> None:
        """Drop the extra selections while the old text is still laid out.

        Qt measures the selections it replaces to repaint their place; measured in the new
        text, which is not laid out yet, they lay out all of it (0.6 s for 1 MB).
        """
        self._visible = []
        self._laid.clear()
        self._highlights.clear()
        self.setExtraSelections([])

    def _font_changed(self) -> None:
        self._laid.clear()
        self._span_painter.set_font(self.font())
        self._refresh_visible()

    # -- spans ------------------------------------------------------------------------------

    def _check_span(self, span: Span, length: int | None = None) -> None:
        length = len(self._text) if length is None else length
        if not 0 <= span.start < span.end <= length:
            raise ValueError(f"span {span.id} ({span.start}..{span.end}) outside 0..{length}")

    def spans(self) -> list[Span]:
        """The stored spans shown, in reading order (start, end, id); no overlay items."""
        return [s for s in self._spans if s.id not in self._overlay_of]

    def add_span(self, span: Span) -> None:
        self._check_span(span)
        self._spans.add(span)
        self._refresh_if_visible(span)

    def remove_span(self, span_id: int) -> None:
        span = self._spans.remove(span_id)
        if span is None:
            return
        if self._focused == span_id:
            self._set_focused(None)
        self._refresh_if_visible(span)

    def replace_span(self, span: Span) -> None:
        """Relabel (or move) a span already shown; the focus stays on it."""
        self._check_span(span)
        old = self._spans.get(span.id)
        self._spans.replace(span)
        if old is not None:
            self._refresh_if_visible(old)
        self._refresh_if_visible(span)

    def set_spans(self, spans: Sequence[Span]) -> None:
        """Replace the stored spans shown; overlays stay."""
        for span in spans:
            self._check_span(span)
        drawn = [s for items in self._overlays.values() for s in items.values()]
        self._spans.reset([*spans, *drawn])
        if self._focused is not None and self._spans.get(self._focused) is None:
            self._set_focused(None)
        self._refresh_visible()

    def spans_at(self, cp: int) -> list[Span]:
        """Spans covering the character at code point `cp`, in reading order."""
        return self._spans.at(cp)

    def focused_span_id(self) -> int | None:
        """The focused stored span; None when nothing or an overlay item has the focus."""
        return None if self._focused in self._overlay_of else self._focused

    def focus_span(self, span_id: int | None) -> bool:
        """Focus a stored span: caret at its start, scrolled into view, ringed. False if
        unknown (or not a stored span); None, or -1, takes the focus away.

        The text selection is cleared rather than set to the span, so a label key pressed
        next relabels this span instead of tagging a new one on top of it.
        """
        if span_id is None or span_id == -1:
            self._set_focused(None)
            return True
        if span_id in self._overlay_of:
            return False
        return self._focus_drawn(span_id)

    def _focus_drawn(self, span_id: int) -> bool:
        span = self._spans.get(span_id)
        if span is None:
            self._set_focused(None)
            return False
        cursor = self.textCursor()
        cursor.setPosition(self._index.to_utf16(span.end))
        self.setTextCursor(cursor)  # the end first, so a long span shows whole if it can
        cursor.setPosition(self._index.to_utf16(span.start))
        self.setTextCursor(cursor)
        self._set_focused(span.id)
        return True

    def focus_next_span(self, forward: bool = True) -> bool:
        """Tab / Shift+Tab: the next span in reading order, from the focused one or the caret."""
        caret = self._index.to_codepoint(self.textCursor().position())
        span = self._spans.following(self._focused, caret, forward)
        return span is not None and self._focus_drawn(span.id)

    def _set_focused(self, span_id: int | None) -> None:
        if span_id == self._focused:
            return
        self._focused = span_id
        self._refresh_visible()
        where = self._overlay_of.get(span_id) if span_id is not None else None
        self.span_focused.emit(-1 if span_id is None or where is not None else span_id)
        if where is not None:
            self.overlay_focused.emit(*where)

    # -- selection --------------------------------------------------------------------------

    def selected_range(self, exact: bool | None = None) -> tuple[int, int] | None:
        """The selection in code points of the stored text, snapped to tokens unless exact.

        `exact=None` follows the user: exact when the mouse selection was released with Alt.
        None when nothing (or only spaces and punctuation) is selected.
        """
        selected = self.selection_codepoints()
        if selected is None or (self.last_selection_exact if exact is None else exact):
            return selected
        return snap(self._text, *selected, self._tokens_near(*selected))

    def _tokens_near(self, start: int, end: int) -> Sequence[Token]:
        """The tokens given, or (until then) regex tokens of the words around the selection."""
        if self._tokens is not None:
            return self._tokens
        return regex_tokens_around(self._text, start, end)

    # -- geometry ---------------------------------------------------------------------------

    def badge_rects(self) -> list[tuple[QRectF, int]]:
        """Badges as last painted (viewport rectangle, span id): hit tests and tests."""
        return list(self._badges)

    def spans_at_point(self, point: QPoint) -> list[Span]:
        """Spans drawn under a viewport point, shortest (innermost) first."""
        if self.in_gap(point):
            return []  # between paragraphs: nothing is drawn there
        cp = self._index.to_codepoint(self.cursorForPosition(point).position())
        origin, where = viewport_origin(self), QPointF(point)
        hits = []
        for span in self._spans.intersecting(max(0, cp - 1), cp + 1):
            s16, e16 = self._index.span_to_utf16(span.start, span.end)
            if any(r.contains(where) for r in text_pieces(self.document(), s16, e16, origin)):
                hits.append(span)
        return sorted(hits, key=lambda s: (s.end - s.start, s.start))

    # -- highlights -------------------------------------------------------------------------

    def _refresh_if_visible(self, span: Span) -> None:
        first, last = self._visible_range
        if span.start <= last and span.end >= first:
            self._refresh_visible(repaint=False)
            self.viewport().update(self._drawn_area(span))

    def _drawn_area(self, span: Span) -> QRect:
        """Where a span and its badge are drawn: its lines, and the badge row above them
        (painted over the line spacing, outside what Qt repaints for a selection). The
        whole width, since overlapping spans restack their underlines and badges."""
        s16, e16 = self._index.span_to_utf16(span.start, span.end)
        pieces = text_pieces(self.document(), s16, e16, viewport_origin(self))
        if not pieces:
            return self.viewport().rect()
        top = min(p.top() for p in pieces) - 2 * self.fontMetrics().height()
        bottom = max(p.bottom() for p in pieces) + self.fontMetrics().height()
        return QRect(0, int(top), self.viewport().width(), int(bottom - top) + 1)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Several changes, one walk of the spans on screen: a tag adds a span and then
        focuses it, and each would hand Qt every visible highlight again."""
        if self._pending is not None:
            yield  # already in one
            return
        self._pending = False
        try:
            yield
        finally:
            pending, self._pending = self._pending, None
            if pending:
                self._refresh_visible()

    def _refresh_visible(self, repaint: bool = True) -> None:
        """Hand Qt the backgrounds of the spans on screen only: it walks them every paint."""
        if self._loading:
            return
        if self._pending is not None:
            self._pending = True  # done once at the batch's end, with a repaint
            return
        first, last = self._visible_range = self.visible_range()
        self._visible = self._spans.leveled(first, last)
        selections = []
        if self._found:
            found = highlight_format(QColor(FOUND_COLOR), focused=True)
            # Matches do not overlap: only the one before the first on screen can reach in.
            lo = max(0, bisect_left(self._found, (first, 0)) - 1)
            for start, end in self._found[lo:]:
                if start >= last:
                    break
                if end > first:
                    clipped = self._index.span_to_utf16(max(start, first), min(end, last))
                    selections.extend(extra_selections(self.document(), *clipped, found))
        highlights = self._highlights
        highlights.begin(self._colors)
        for span, _level in self._visible:
            mark = self._marks.get(span.id)
            faint = mark is not None and mark.faint
            start, end = max(span.start, first), min(span.end, last)
            selections += highlights.of(span.label, span.id == self._focused, faint, start, end)
        highlights.end()
        self.setExtraSelections(selections)
        if repaint:
            # Badges and underlines are painted beside the text, outside what Qt repaints
            # for changed selections: without this a new span's badge shows as a sliver.
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt paints text, backgrounds and selection; then underlines, badges and focus ring."""
        super().paintEvent(event)
        if not self._visible:
            self._badges = []
            return
        document, origin, laid = self.document(), viewport_origin(self), self._laid
        geometries = []
        laid.begin(origin)
        for span, level in self._visible:
            where = laid.place(document, self._index, span.start, span.end, origin)
            if where is not None:
                geometries.append(SpanGeometry(span, level, *where))
        laid.end()
        painter = QPainter(self.viewport())
        try:
            self._badges = self._span_painter.paint(
                painter, geometries, self._colors, self._focused, self._marks
            )
            if self._links:
                starts = {g.span.id: g.start for g in geometries}
                self._span_painter.paint_links(painter, self._links, starts, self._focused)
        finally:
            painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refresh_visible()

    # -- input ------------------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A plain click focuses the span under it (or none); a new selection unfocuses."""
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.textCursor().hasSelection():
            self._set_focused(None)
        else:
            under = self.spans_at_point(event.position().toPoint())
            self._set_focused(under[0].id if under else None)
            if under:
                where = self._overlay_of.get(under[0].id)
                if where is not None:
                    self.overlay_clicked.emit(*where)
                else:
                    self.span_clicked.emit(under[0].id)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        for rect, span_id in self._badges:
            if rect.contains(point):
                self.span_activated.emit(span_id)
                event.accept()
                return
        super().mouseDoubleClickEvent(event)

    def event(self, event: QEvent) -> bool:
        """Tab and Shift+Tab walk the spans instead of moving the keyboard focus away."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not event.modifiers() & _NO_CHORD:
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.focus_next_span(forward=key == Qt.Key.Key_Tab and not shift)
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape clears the selection and the focused span (else it goes to the window)."""
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            event.accept()
            return
        something = self.textCursor().hasSelection() or self._focused is not None
        if event.key() == Qt.Key.Key_Escape and not event.modifiers() and something:
            self.clear_selection()
            self._set_focused(None)
            event.accept()
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltips name the label(s) and text of the spans under the mouse."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            spans = self.spans_at_point(event.pos())
            if spans:
                html = tooltip_html(spans, self._colors, self._overlay_notes)
                QToolTip.showText(event.globalPos(), html, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)
