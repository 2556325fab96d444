"""The main window as Qt's offscreen platform renders it: the reference for the X screenshot.

    QT_QPA_PLATFORM=offscreen python render_offscreen.py PROJECT OUT.png WIDTH HEIGHT

Starts the window as `annotator PROJECT` does (the user's settings from the environment's
folders, so the same document opens), resizes it to WIDTH×HEIGHT unless it opened at that
size, lets its background work settle, saves `window.grab()` to OUT.png and prints one JSON
line: the geometry of the widgets the end-to-end tests aim at, as [x, y, width, height] in
window coordinates.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint
from PySide6.QtWidgets import QApplication, QWidget

from annotator import paths
from annotator.gui import app as gui_app
from annotator.gui.settings import UserSettings

SETTLE_TIMEOUT_S = 20.0
QUIET_S = 0.5  # no background task (suggestion patterns) for this long: the view is final
MIN_S = 1.0


def rect_in(window: QWidget, widget: QWidget) -> list[int]:
    corner = widget.mapTo(window, QPoint(0, 0))
    return [corner.x(), corner.y(), widget.width(), widget.height()]


def settle(app: QApplication, busy, quiet_s: float = QUIET_S, min_s: float = MIN_S) -> None:
    """Process events until `busy()` has been false for `quiet_s` and `min_s` has passed."""
    started = time.monotonic()
    quiet_since: float | None = None
    while time.monotonic() - started < SETTLE_TIMEOUT_S:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        now = time.monotonic()
        if busy():
            quiet_since = None
        else:
            quiet_since = quiet_since or now
            if now - quiet_since >= quiet_s and now - started >= min_s:
                return
        time.sleep(0.02)


def main() -> int:
    project, out = Path(sys.argv[1]), Path(sys.argv[2])
    width, height = int(sys.argv[3]), int(sys.argv[4])
    # hazm's tokenizer (loaded 0.8 s after the window shows, for 2 s or more) changes no
    # pixel: only where a Persian selection snaps to. Not waiting for it halves the time.
    gui_app.HAZM_DELAY_MS = 24 * 3600 * 1000
    session = gui_app.start(project, UserSettings.load(paths.settings_path()))
    if session is None:
        print("the window did not start (no annotator name in the settings?)", file=sys.stderr)
        return 1
    window = session.window
    if (window.width(), window.height()) != (width, height):
        # As the window manager would: laid out at the size it opens with, then resized
        # (docks share a resize otherwise than a first layout).
        settle(session.app, lambda: False, quiet_s=0.2, min_s=0.2)
        window.resize(width, height)
    settle(session.app, lambda: window.tasks.running() > 0)
    if not window.grab().save(str(out)):
        print(f"could not save {out}", file=sys.stderr)
        return 1
    report = {
        "size": [window.width(), window.height()],
        "view": rect_in(window, window.view),
        "viewport": rect_in(window, window.view.viewport()),
        "search": rect_in(window, window.documents.search_field),
        "title": window.windowTitle(),
    }
    window.tasks.wait_all()
    window.project.close()
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
