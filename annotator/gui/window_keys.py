"""Line edits give the window's command keys back to the window.

On X11 a line edit takes Ctrl+E, Ctrl+I, Ctrl+K... for emacs-style editing, so Ctrl+E in
the document list's search box did not open Export. The window's commands win there; the
text keys (copy, paste, undo in the box...) stay the box's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

from annotator.gui.window_actions import keys

_TEXT_KEYS = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
)
_CHORD = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


class WindowKeys(QObject):
    """An event filter for line edits; `actions` gives the window's actions as they are."""

    def __init__(self, actions: Callable[[], Iterable[QAction]], parent: QObject) -> None:
        super().__init__(parent)
        self._actions = actions
        self._text = {s.toString() for key in _TEXT_KEYS for s in keys(key)}

    @classmethod
    def install(cls, window: QWidget) -> WindowKeys:
        """On every line edit of the window as built (docks, find bar, filters)."""
        keys = cls(window.actions, window)
        for edit in window.findChildren(QLineEdit):
            edit.installEventFilter(keys)
        return keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not event.modifiers() & _CHORD:
            return False  # plain and shifted keys type text
        pressed = QKeySequence(event.keyCombination()).toString()
        if pressed in self._text:
            return False
        for action in self._actions():
            if action.isEnabled() and any(s.toString() == pressed for s in action.shortcuts()):
                event.ignore()  # not the box's: the shortcut map goes on to the action
                return True
        return False
