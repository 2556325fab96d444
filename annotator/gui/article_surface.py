"""A read-only QTextEdit for one stored text: RTL paragraphs, code point offsets, safe mouse."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QTextEdit, QWidget

from annotator.core.text.utf16 import Utf16Index
from annotator.gui.article_geometry import (
    blocks_in_view,
    click_point,
    safe_point,
    text_pieces,
    viewport_origin,
    visible_lines,
)
from annotator.gui.article_text import apply_paragraph_formats, article_font, clamp_point_size
from annotator.gui.fonts import load_fonts

DEFAULT_POINT_SIZE = 13.0
DOCUMENT_MARGIN = 18.0  # room above the first line for its badges


_ALL_MODIFIERS = (
    Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.ShiftModifier
    | Qt.KeyboardModifier.MetaModifier
)


def modifiers_named(text: str) -> Qt.KeyboardModifier:
    """ "Ctrl+Alt" -> the modifiers a release must hold (unknown parts are ignored)."""
    names = {
        "alt": Qt.KeyboardModifier.AltModifier,
        "ctrl": Qt.KeyboardModifier.ControlModifier,
        "shift": Qt.KeyboardModifier.ShiftModifier,
        "meta": Qt.KeyboardModifier.MetaModifier,
    }
    out = Qt.KeyboardModifier.NoModifier
    for part in text.lower().split("+"):
        out |= names.get(part.strip(), Qt.KeyboardModifier.NoModifier)
    return out or Qt.KeyboardModifier.AltModifier


class ArticleSurface(QTextEdit):
    """The text side of the article view; `ArticleView` adds the spans.

    Positions in and out are code points of the Python string given to `load_text`; Qt's
    UTF-16 positions never leave this class. The text is never read back from the widget
    (`toPlainText` turns NBSP into spaces). Holding Alt when releasing a mouse selection
    sets `last_selection_exact`: the caller keeps those exact characters.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._index = Utf16Index("")
        self.last_selection_exact = False
        # Alt by default; Ctrl+Alt or Shift+Alt where the window manager takes Alt+drag.
        self.exact_modifiers = Qt.KeyboardModifier.AltModifier
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setAcceptRichText(False)
        # Read-only, yet with a caret the keyboard moves: Ctrl+arrows, Shift to extend.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setCursorWidth(2)
        self.document().setDocumentMargin(DOCUMENT_MARGIN)
        self._family = load_fonts()
        self._point_size = DEFAULT_POINT_SIZE
        self._apply_font()

    def _text_will_change(self) -> None:
        """For subclasses: the text is about to be replaced; its layout is still there."""

    def _font_changed(self) -> None:
        """For subclasses: the font (size) changed and the text is being laid out again."""

    # -- text -------------------------------------------------------------------------------

    def load_text(self, text: str) -> None:
        """Show `text`, the canonical stored text (no BOM, `\\n` line ends)."""
        if text.startswith("\ufeff") or "\r" in text:
            raise ValueError("canonicalise the text first: Qt drops a BOM and merges CRLF")
        index = Utf16Index(text)
        self._text_will_change()
        self.document().setUndoRedoEnabled(False)
        self.setPlainText(text)
        self._text, self._index = text, index
        if self.document().characterCount() - 1 != index.utf16_length:
            self.setPlainText("")
            self._text, self._index = "", Utf16Index("")
            raise ValueError("Qt stored the text with another length: offsets would drift")
        apply_paragraph_formats(self.document(), text, index)
        self.last_selection_exact = False

    def text(self) -> str:
        """The document text as given: offsets index this string, not `toPlainText()`."""
        return self._text

    def set_font_size(self, point_size: float) -> None:
        """Zoom (Ctrl+= / Ctrl+- / Ctrl+0 live in the main window); clamped to a sane range."""
        self._point_size = clamp_point_size(point_size)
        self._apply_font()
        self._font_changed()

    def font_size(self) -> float:
        return self._point_size

    def _apply_font(self) -> None:
        font, sheet = article_font(self._family, self._point_size)
        self.setStyleSheet(sheet)
        self.setFont(font)
        self.document().setDefaultFont(font)

    # -- selection --------------------------------------------------------------------------

    def selection_codepoints(self) -> tuple[int, int] | None:
        """The selection as is, in code points (start < end), or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._index.span_to_codepoint(cursor.selectionStart(), cursor.selectionEnd())
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        """Select code points [start, end) and scroll to them (a span shown from a list)."""
        length = len(self._text)
        start, end = max(0, min(start, length)), max(0, min(end, length))
        cursor = self.textCursor()
        cursor.setPosition(self._index.to_utf16(end))
        self.setTextCursor(cursor)
        cursor.setPosition(self._index.to_utf16(start))
        cursor.setPosition(self._index.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def copy(self) -> None:
        """Copy the stored characters: Qt's own copy would turn NBSP into spaces.

        Not an override of createMimeDataFromSelection: a QMimeData made in Python is owned
        by Python and by the clipboard, and the clipboard's clean-up at exit frees it twice
        (a crash on quit). setText lets Qt make and own it.
        """
        selected = self.selection_codepoints()
        if selected:
            QApplication.clipboard().setText(self._text[selected[0] : selected[1]])

    # -- geometry ---------------------------------------------------------------------------

    def rects_of(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles, one per visual piece of code points [start, end)."""
        s16, e16 = self._index.span_to_utf16(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(e16)
        self.cursorRect(cursor)  # lays the document out up to there if needed
        return text_pieces(self.document(), s16, e16, viewport_origin(self))

    def point_of(self, cp: int) -> QPoint:
        """A viewport point where a click puts the caret before code point `cp`."""
        return click_point(self, self._index.to_utf16(cp))

    def visible_range(self) -> tuple[int, int]:
        """Code points from the first to the last line at least partly on screen."""
        first, last = visible_lines(self, blocks_in_view(self))
        return self._index.to_codepoint(first), self._index.to_codepoint(last, "end")

    def in_gap(self, point: QPoint | QPointF) -> bool:
        """Whether a viewport point lies between paragraphs or in a margin, off every line."""
        return safe_point(self, QPointF(point), blocks_in_view(self)) != QPointF(point)

    # -- mouse ------------------------------------------------------------------------------

    def _safe(self, event: QMouseEvent) -> QMouseEvent:
        """The event moved off any gap between paragraphs (see `safe_point`)."""
        point = safe_point(self, event.position(), blocks_in_view(self))
        if point == event.position():
            return event
        return QMouseEvent(
            event.type(),
            point,
            event.globalPosition(),
            event.button(),
            event.buttons(),
            event.modifiers(),
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A press inside the selection starts a new one.

        QTextEdit would treat it as the start of a drag-and-drop and clear the selection on
        release. The caret moves to the press point first (a visible spot, so no scrolling).
        """
        event = self._safe(event)
        left = event.button() == Qt.MouseButton.LeftButton
        extend = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if left and not extend and self.textCursor().hasSelection():
            self.setTextCursor(self.cursorForPosition(event.position().toPoint()))
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(self._safe(event))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event = self._safe(event)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            held = event.modifiers() & _ALL_MODIFIERS
            self.last_selection_exact = held == self.exact_modifiers

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(self._safe(event))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        point = safe_point(self, QPointF(event.pos()), blocks_in_view(self)).toPoint()
        menu = self.createStandardContextMenu(point)
        for action in menu.actions():
            if action.objectName() == "edit-copy":  # copy the stored characters, see copy()
                action.triggered.disconnect()
                action.triggered.connect(self.copy)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move the caret; a selection made or changed by keys is snapped again."""
        before = (self.textCursor().anchor(), self.textCursor().position())
        super().keyPressEvent(event)
        if (self.textCursor().anchor(), self.textCursor().position()) != before:
            self.last_selection_exact = False
