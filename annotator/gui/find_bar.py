"""The find bar above the article: find in the open document as you type.

Matches with the document list's folds (annotator.core.text.find), so a query found in the
list is found again in the article it opens. The bar only finds; the window selects, scrolls
to and highlights what it reports.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QStyle, QToolButton, QWidget

from annotator.core.text.find import find_all

SEARCH_DELAY_MS = 150  # a pause in typing, not every key, searches a 1 MB article


class FindBar(QWidget):
    """A query box, "3 of 12", previous / next and close; hidden until `open`."""

    match_selected = Signal(int, int)  # start, end of the current match
    # All matches, a list of (start, end). Declared `object`, not `list`: a `list` signal
    # converts every tuple to a QVariant and back, ~200 ms for a one-letter query's 150k.
    matches_changed = Signal(object)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._matches: list[tuple[int, int]] = []
        self._current: int | None = None
        self._active = False  # open: searches run and matches show
        self._anchor = 0  # a new search starts from here, so refining a query stays put

        self.query_box = QLineEdit(self)
        self.query_box.setPlaceholderText(self.tr("Find in document"))
        self.query_box.setClearButtonEnabled(True)
        # Left alignment is relative to the typed text's own direction (QLineEdit lays out
        # its text by content), so Persian reads right to left even in an English window.
        self.query_box.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.count_label = QLabel(self)
        self.previous_button = self._button(self.tr("Previous match (Shift+Enter)"))
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.next_button = self._button(self.tr("Next match (Enter)"))
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.close_button = self._button(self.tr("Close (Esc)"))
        self.close_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton)
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)

        layout = QHBoxLayout(self)  # mirrored with the application in RTL interfaces
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.query_box, 1)
        layout.addWidget(self.count_label)
        for button in (self.previous_button, self.next_button, self.close_button):
            layout.addWidget(button)

        self.query_box.textChanged.connect(self._timer.start)
        self.query_box.installEventFilter(self)
        self._timer.timeout.connect(self._search)
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.close_bar)
        self._show_count()
        self.hide()

    def _button(self, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing goes on in the box
        return button

    # -- public API -----------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """The open document's text; searched again now if the bar is open."""
        if text != self._text:
            self._text = text
            self._anchor = 0
            self._current = None
        if self._active:
            self._search()

    def open(self, query: str | None = None) -> None:
        """Show the bar with its query selected, so typing replaces it; `query` presets it
        (say, the article's selected words) and is searched at once."""
        was_active = self._active
        self._active = True
        self.show()
        if query is not None and query != self.query_box.text():
            self.query_box.setText(query)
            self._search()
        elif not was_active:
            self._search()
        self.query_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_box.selectAll()

    def close_bar(self) -> None:
        """Hide the bar and drop its matches (the window clears their highlights)."""
        self._timer.stop()
        self._active = False
        self.hide()
        self._set_matches([])
        self.closed.emit()

    def next(self) -> None:
        """Select the match after the current one, the first after the last."""
        self._step(+1)

    def previous(self) -> None:
        """Select the match before the current one, the last before the first."""
        self._step(-1)

    def matches(self) -> list[tuple[int, int]]:
        return list(self._matches)

    def current(self) -> int | None:
        """Index of the current match in `matches()`; None when there is none."""
        return self._current

    # -- searching ------------------------------------------------------------------------------

    def _search(self) -> None:
        self._timer.stop()
        if self._current is not None:
            self._anchor = self._matches[self._current][0]
        found = find_all(self._text, self.query_box.text()) if self._active else []
        self._set_matches(found)
        if found:
            at = bisect_left(found, (self._anchor, -1))
            self._select(at if at < len(found) else 0)

    def _step(self, delta: int) -> None:
        if self._timer.isActive():  # Enter right after typing: show the first match first
            self._search()
            return
        if not self._matches:
            return
        if self._current is None:
            self._select(0 if delta > 0 else len(self._matches) - 1)
        else:
            self._select((self._current + delta) % len(self._matches))

    def _set_matches(self, found: list[tuple[int, int]]) -> None:
        had = bool(self._matches)
        self._matches = found
        self._current = None
        self._show_count()
        if found or had:
            self.matches_changed.emit(list(found))

    def _select(self, index: int) -> None:
        self._current = index
        self._show_count()
        start, end = self._matches[index]
        self.match_selected.emit(start, end)

    def _show_count(self) -> None:
        if self._current is not None:
            text = self.tr("%s of %s") % (self._current + 1, len(self._matches))
        elif self.query_box.text().strip() and self._active and not self._timer.isActive():
            text = self.tr("No matches")
        else:
            text = ""
        self.count_label.setText(text)
        for button in (self.previous_button, self.next_button):
            button.setEnabled(bool(self._matches))

    # -- keys -----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter, F3 and Esc in the box. Claimed at ShortcutOverride too: otherwise a window
        shortcut on Enter or Esc (the annotation window has them) takes the key first."""
        kind = event.type()
        keys = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
        if watched is self.query_box and kind in keys and isinstance(event, QKeyEvent):
            action = self._key_action(event)
            if action is not None:
                if kind == QEvent.Type.KeyPress:
                    action()
                event.accept()
                return True
        return super().eventFilter(watched, event)

    def _key_action(self, event: QKeyEvent) -> Callable[[], None] | None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = modifiers == Qt.KeyboardModifier.ShiftModifier
        if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return None
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3):
            return self.previous if shift else self.next
        if key == Qt.Key.Key_Escape and not shift:
            return self.close_bar
        return None
