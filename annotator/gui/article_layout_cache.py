"""Where the spans on screen sit and how Qt highlights them, kept from one paint (or one
refresh of the highlights) to the next."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QTextEdit

from annotator.core.text.utf16 import Utf16Index
from annotator.gui.article_geometry import (
    BlockPieces,
    block_pieces,
    extra_selections,
    laid_out_edge,
    placed,
)
from annotator.gui.article_paint import highlight_format, label_color

Laid = tuple[BlockPieces, tuple[QPointF, bool]]
Placed = tuple[list[QRectF], QPointF, bool]


class LayoutCache:
    """The pieces and leading edge of each range painted, in document space.

    Reading them from Qt's text layout is most of what a paint costs in Python (about 30
    calls into Qt per span: a usual article shows ~70 suggestions); a tag changes one span
    and the layout not at all. Scrolling only moves them (`placed` adds the origin exactly
    as reading them did, so the pixels are the same). Anything that lays the text out
    again (width, font, text) calls `clear`; a range whose paragraphs are not all laid out
    yet is read again next time.
    """

    def __init__(self) -> None:
        self._kept: dict[tuple[int, int], Laid] = {}
        self._painting: dict[tuple[int, int], Laid] = {}
        # Placed at the last paint's scroll position, and so again while it stays.
        self._origin: tuple[float, float] | None = None
        self._placed: dict[tuple[int, int], Placed] = {}
        self._placing: dict[tuple[int, int], Placed] = {}

    def clear(self) -> None:
        self._kept, self._placed = {}, {}

    def begin(self, origin: QPointF) -> None:
        """A paint starts: what it does not ask for is forgotten at `end`, so the cache holds
        what is on screen, not every range ever shown."""
        where = (origin.x(), origin.y())
        if where != self._origin:
            self._origin, self._placed = where, {}
        self._painting, self._placing = {}, {}

    def end(self) -> None:
        self._kept, self._placed = self._painting, self._placing
        self._painting, self._placing = {}, {}

    def place(
        self, document: QTextDocument, index: Utf16Index, start: int, end: int, origin: QPointF
    ) -> Placed | None:
        """Code points [start, end) on screen at `origin` (the one `begin` was given): its
        pieces, leading edge and direction; None when it is not laid out yet (or has no
        pieces)."""
        where = (start, end)
        done = self._placed.get(where)
        if done is not None:
            self._placing[where] = done
            self._painting[where] = self._kept[where]
            return done
        laid = self._kept.get(where) or self._painting.get(where)
        if laid is None:
            s16, e16 = index.span_to_utf16(start, end)
            blocks, complete = block_pieces(document, s16, e16)
            edge = laid_out_edge(document, s16)
            if edge is None or not any(rects for _position, rects in blocks):
                return None
            laid = blocks, edge
            if not complete:  # the rest of it is laid out later: read it again then
                return placed(blocks, origin), edge[0] + origin, edge[1]
        blocks, (point, rtl) = laid
        done = placed(blocks, origin), point + origin, rtl
        self._painting[where] = laid
        self._placing[where] = done
        return done


class HighlightCache:
    """The extra selections that give each span on screen its background.

    Made again for every span at every refresh, they cost a tag with suggestions shown a
    millisecond (~70 on screen, each a format, a colour and cursors); a tag changes one or
    two. Qt keeps its own copies, so the same objects are handed over again. Cursors point
    into the text: a new text (`clear`) makes them all again.
    """

    def __init__(self, document: QTextDocument, index: Callable[[], Utf16Index]) -> None:
        self._document = document
        self._index = index
        self._kept: dict[tuple[str, bool, bool, int, int], list[QTextEdit.ExtraSelection]] = {}
        self._using: dict[tuple[str, bool, bool, int, int], list[QTextEdit.ExtraSelection]] = {}
        self._colors: dict[str, str] = {}
        self._label_colors: dict[str, QColor] = {}
        self._formats: dict[tuple[str, bool, bool], QTextCharFormat | None] = {}

    def clear(self) -> None:
        self._kept = {}

    def begin(self, colors: dict[str, str]) -> None:
        """A refresh starts, with the labels' colours as they are now."""
        if colors != self._colors:
            self._colors, self._formats, self._kept = dict(colors), {}, {}
        self._using = {}

    def end(self) -> None:
        """What the refresh did not use is forgotten: the cache holds what is on screen."""
        self._kept, self._using = self._using, {}

    def of(
        self, label: str, focused: bool, faint: bool, start: int, end: int
    ) -> list[QTextEdit.ExtraSelection]:
        """Code points [start, end) highlighted in the label's colour; none for a fully
        transparent label."""
        key = (label, focused, faint, start, end)
        made = self._kept.get(key)
        if made is None:
            fmt = self._format(label, focused, faint)
            if fmt is None:
                return []
            made = extra_selections(self._document, *self._index().span_to_utf16(start, end), fmt)
        self._using[key] = made
        return made

    def _format(self, label: str, focused: bool, faint: bool) -> QTextCharFormat | None:
        key = (label, focused, faint)
        if key not in self._formats:
            color = label_color(self._colors, label)
            fmt = highlight_format(color, focused, faint) if color.alpha() != 0 else None
            self._formats[key] = fmt
        return self._formats[key]
