"""The window's size and panels: kept when they change, and the article first.

Saved as it changes, not only at exit: after a crash the window comes back as the analyst
left it. Saved with its direction: a layout from the English interface would put the lists
on the wrong side of a Persian one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow

from annotator.gui.settings import UserSettings

ARTICLE_SHARE = 0.5  # the article keeps at least this share of the width when space is short
MIN_DOCK = 140  # a side panel never gets narrower than this by our doing
SAVE_DELAY_MS = 1000


class LayoutKeeper(QObject):
    saved = Signal()

    def __init__(
        self,
        window: QMainWindow,
        settings: UserSettings,
        docks: Callable[[], list[QDockWidget]],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.docks = docks
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.store)
        self._closed = False

    def _direction(self) -> str:
        rtl = self.window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        return "rtl" if rtl else "ltr"

    def restore(self) -> None:
        window, settings = self.window, self.settings
        if settings.window_geometry:
            window.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode()))
        else:
            window.resize(1280, 800)
        direction, _, state = settings.window_state.rpartition(":")
        if state and direction == self._direction():
            window.restoreState(QByteArray.fromBase64(state.encode()))
        window.installEventFilter(self)

    def close(self) -> None:
        """Store the layout once more and stop watching: a closed window that is not yet
        deleted still moves when the interface's direction changes, and it saved its
        left-to-right layout under "rtl", which the next Persian window then took."""
        self.store()
        self._timer.stop()
        self.window.removeEventFilter(self)
        self._closed = True

    def store(self) -> None:
        if self._closed:
            return
        window = self.window
        self.settings.window_geometry = bytes(window.saveGeometry().toBase64().data()).decode()
        state = bytes(window.saveState().toBase64().data()).decode()
        self.settings.window_state = f"{self._direction()}:{state}"
        self.saved.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            if event.type() == QEvent.Type.Resize:
                self.article_first()
            self._timer.start()
        return False

    def article_first(self) -> None:
        """On a small screen the side panels give up width, not the article."""
        window = self.window
        central = window.centralWidget()
        shown = [d for d in self.docks() if d.isVisible() and not d.isFloating()]
        want = int(window.width() * ARTICLE_SHARE)
        if shown and central is not None and central.width() < want:
            # Each panel down to what it needs, the rest of the room shared out evenly.
            needs = [max(MIN_DOCK, d.minimumSizeHint().width()) for d in shown]
            spare = max(0, window.width() - want - sum(needs)) // len(shown)
            sizes = [need + spare for need in needs]
            window.resizeDocks(shown, sizes, Qt.Orientation.Horizontal)
