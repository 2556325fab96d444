"""UTF-16 positions to viewport pixels and back, in a QTextEdit whose layout stays lazy."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextCursor, QTextDocument, QTextLine
from PySide6.QtWidgets import QTextEdit

# Pixels tried around Qt's caret x until a click there lands on the wanted position.
_NUDGES = (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 8, -8)


def viewport_origin(edit: QTextEdit) -> QPointF:
    """Document to viewport: minus the scroll offsets (mirrored when the UI is RTL)."""
    bar = edit.horizontalScrollBar()
    x = bar.maximum() - bar.value() if edit.isRightToLeft() else bar.value()
    return QPointF(-x, -edit.verticalScrollBar().value())


def _merge_touching(rects: list[QRectF]) -> list[QRectF]:
    """Glyph runs split at font and script changes; join those that touch on screen."""
    merged: list[QRectF] = []
    for rect in sorted(rects, key=QRectF.left):
        if merged and rect.left() <= merged[-1].right() + 0.5:
            merged[-1] = merged[-1].united(rect)
        else:
            merged.append(QRectF(rect))
    return merged


# A range's visual pieces as laid out, before scrolling: per paragraph, its layout's position
# in the document and the rectangles of the range's glyph runs inside that layout.
BlockPieces = list[tuple[QPointF, list[QRectF]]]


def block_pieces(document: QTextDocument, start: int, end: int) -> tuple[BlockPieces, bool]:
    """The visual pieces of the UTF-16 range [start, end) per paragraph, and whether every
    paragraph of the range was laid out (one that was not gives no pieces yet).

    Reads the laid-out lines only (`glyphRuns` gives one run per bidi direction and font),
    so nothing is laid out here and the glyphs are never touched.
    """
    blocks: BlockPieces = []
    complete = True
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        layout = block.layout()
        base = block.position()
        lo, hi = max(start - base, 0), min(end - base, block.length() - 1)
        if lo < hi and (layout is None or not layout.lineCount()):
            complete = False
        elif lo < hi:
            rects: list[QRectF] = []
            first = layout.lineForTextPosition(lo)
            for i in range(first.lineNumber() if first.isValid() else 0, layout.lineCount()):
                line = layout.lineAt(i)
                a = max(lo, line.textStart())
                b = min(hi, line.textStart() + line.textLength())
                if a >= hi:
                    break
                if a < b:
                    runs = [run.boundingRect() for run in line.glyphRuns(a, b - a)]
                    rects += _merge_touching(runs)
            blocks.append((layout.position(), rects))
        block = block.next()
    return blocks, complete


def placed(blocks: BlockPieces, origin: QPointF) -> list[QRectF]:
    """`block_pieces` in viewport space, scrolled to `origin`."""
    pieces: list[QRectF] = []
    for position, rects in blocks:
        offset = position + origin
        pieces.extend(r.translated(offset) for r in rects)
    return pieces


def text_pieces(document: QTextDocument, start: int, end: int, origin: QPointF) -> list[QRectF]:
    """One rectangle per visual piece of the UTF-16 range [start, end), in viewport space.

    Nothing is laid out here (see `block_pieces`): paragraphs not laid out yet (far off
    screen) give nothing.
    """
    return placed(block_pieces(document, start, end)[0], origin)


def laid_out_edge(document: QTextDocument, pos: int) -> tuple[QPointF, bool] | None:
    """Top of the leading edge of the character at UTF-16 `pos` in document space, and
    whether it is RTL (the caller adds the scroll origin; kept before scrolling, the edge
    stays right through a scroll).

    The leading edge is the right side of an Arabic character and the left side of a Latin
    one, taken from the glyph run that holds it: at a bidi boundary `cursorToX` answers for
    the run before the position instead. None when that line is not laid out yet.
    """
    block = document.findBlock(pos)
    layout = block.layout() if block.isValid() else None
    if layout is None or not layout.lineCount():
        return None
    local = pos - block.position()
    line = layout.lineForTextPosition(local)
    if not line.isValid():
        return None
    runs = line.glyphRuns(local, 1) if local < block.length() - 1 else []
    if runs:
        rect, rtl = runs[0].boundingRect(), runs[0].isRightToLeft()
        x = rect.right() if rtl else rect.left()
    else:
        x = line.cursorToX(local)[0]  # type: ignore[index]  # PySide6 stub says object
        rtl = block.textDirection() == Qt.LayoutDirection.RightToLeft
    return QPointF(x, line.y()) + layout.position(), rtl


def click_point(edit: QTextEdit, pos: int) -> QPoint:
    """A viewport point where a click puts the caret at UTF-16 `pos`.

    Starts at Qt's own caret x and, since Qt's hit test in RTL runs sits a few pixels off
    the caret (and a bidi boundary has two carets), tries the neighbouring pixels until a
    click there lands on `pos`.
    """
    cursor = QTextCursor(edit.document())
    cursor.setPosition(pos)
    rect = edit.cursorRect(cursor)  # also lays the document out that far
    y = rect.center().y()
    for dx in _NUDGES:
        point = QPoint(rect.x() + dx, y)
        if edit.cursorForPosition(point).position() == pos:
            return point
    return QPoint(rect.x(), y)


def blocks_in_view(edit: QTextEdit) -> list[QTextBlock]:
    """The paragraphs at least partly on screen, without a hit test.

    With lazy layout, Qt's hit test of a point between two paragraphs (the space under a
    paragraph's last line) or in the document margin walks every paragraph below, lays the
    whole document out (0.5 s for 1 MB) and answers the document's end. Here a bisection
    over the paragraphs already laid out (a prefix of the document) finds the first one on
    screen; past that prefix, a walk lays out only what painting would lay out anyway.
    """
    document = edit.document()
    if document.isEmpty() or not edit.isVisible():
        return []  # a hidden view is not laid out: nothing is on screen until it is shown
    rect = document.documentLayout().blockBoundingRect
    top = edit.verticalScrollBar().value()
    bottom = top + edit.viewport().height()
    count = document.blockCount()

    def block(i: int) -> QTextBlock:
        return document.findBlockByNumber(i)

    laid = bisect_left(range(count), True, key=lambda i: block(i).layout().lineCount() == 0)
    if laid and rect(block(laid - 1)).bottom() > top:
        # A lazy search over the laid-out blocks: a 1 MB article has thousands of them.
        current = block(
            bisect_right(range(laid), float(top), key=lambda i: rect(block(i)).bottom())
        )
    else:
        current = block(max(laid - 1, 0))
        while current.next().isValid() and rect(current).bottom() <= top:
            current = current.next()
    blocks = []
    while current.isValid() and rect(current).top() < bottom:
        blocks.append(current)
        current = current.next()
    return blocks


def visible_lines(edit: QTextEdit, blocks: list[QTextBlock]) -> tuple[int, int]:
    """UTF-16 range from the first to the last line of `blocks_in_view` that is on screen."""
    if not blocks:
        return 0, 0
    top = edit.verticalScrollBar().value()
    bottom = top + edit.viewport().height()
    first, last = blocks[0], blocks[-1]
    line = _line_at(first, top, last=False)
    start = first.position() + (line.textStart() if line else 0)
    line = _line_at(last, bottom, last=True)
    end = line.textStart() + line.textLength() if line else last.length() - 1
    return start, last.position() + end


def _line_at(block: QTextBlock, y: float, last: bool) -> QTextLine | None:
    """The first line reaching below document y (or, with `last`, the last starting above).

    None when the paragraph is not laid out (a hidden widget): an invalid QTextLine
    crashes PySide on use.
    """
    layout = block.layout()
    count = layout.lineCount() if layout is not None else 0
    if not count:
        return None
    origin = layout.position().y()
    if last:
        i = bisect_left(range(count), y, key=lambda n: origin + layout.lineAt(n).y()) - 1
    else:
        i = bisect_right(range(count), y, key=lambda n: origin + layout.lineAt(n).rect().bottom())
    return layout.lineAt(min(max(i, 0), count - 1))


def safe_point(edit: QTextEdit, point: QPointF, blocks: list[QTextBlock]) -> QPointF:
    """Move a viewport point lying between paragraphs or in a margin onto the nearest line.

    Every hit test Qt makes for the mouse (press, drag, double-click, context menu) goes
    through this first; see `blocks_in_view` for what a point in such a gap costs.
    """
    if not blocks:
        return point
    scroll = edit.verticalScrollBar().value()
    y = point.y() + scroll
    extents = []
    for block in blocks:
        layout = block.layout()
        top = layout.position().y()
        extents.append((top, top + layout.boundingRect().height()))
    if any(top <= y < bottom for top, bottom in extents):
        return point
    top, bottom = min(extents, key=lambda e: min(abs(y - e[0]), abs(y - e[1])))
    return QPointF(point.x(), min(max(y, top + 1), bottom - 1) - scroll)


def extra_selections(
    document: QTextDocument, start: int, end: int, fmt: QTextCharFormat
) -> list[QTextEdit.ExtraSelection]:
    """Extra selections painting `fmt` over the UTF-16 range [start, end), one per paragraph.

    Qt measures each extra selection to repaint it; one that crosses paragraphs is measured
    against the whole frame, which lays out the entire document (0.4 s for 1 MB). Within one
    laid-out paragraph it stays cheap; callers also clip ranges to the visible lines.
    """
    selections = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        lo = max(start, block.position())
        hi = min(end, block.position() + block.length() - 1)
        if lo < hi:
            if not block.layout().lineCount():
                document.documentLayout().blockBoundingRect(block)  # lay out this far
            cursor = QTextCursor(document)
            cursor.setPosition(lo)
            cursor.setPosition(hi, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        block = block.next()
    return selections
