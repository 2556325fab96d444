"""Answering the next modal dialog from a test, as a user at the screen would.

The answer cannot be given in line: the key press that opens a dialog blocks in its event
loop until the dialog closes. A fixed delay (200 ms) lost that race on a loaded machine, or
answered a progress dialog that was up first; this waits for the dialog itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget

TIMEOUT_S = 10.0
# Answers still waiting: the test that asked for one must see it given before it ends (the
# gui conftest checks), or a later test's dialog would be answered by it.
waiting: list[dict[str, bool]] = []


def when_dialog(answer: Callable[[QWidget], None], timeout: float = TIMEOUT_S) -> None:
    """Call `answer` with the next modal dialog (not a progress dialog) once it is up."""
    deadline = time.monotonic() + timeout
    state = {"answered": False, "dropped": False}
    waiting.append(state)

    def poll() -> None:
        if state["dropped"]:
            return
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and not isinstance(dialog, QProgressDialog):
            state["answered"] = True
            answer(dialog)
        elif time.monotonic() < deadline:
            QTimer.singleShot(20, poll)
        else:
            raise AssertionError(f"no dialog came up within {timeout:.0f} s")

    QTimer.singleShot(20, poll)


def unanswered() -> int:
    """Drop every answer still waiting; how many there were."""
    count = sum(not state["answered"] for state in waiting)
    for state in waiting:
        state["dropped"] = True
    waiting.clear()
    return count
