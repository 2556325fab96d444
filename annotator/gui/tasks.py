"""Long work off the GUI thread, with progress, cancel, and results back on the GUI thread."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError, Cancelled

log = logging.getLogger(__name__)

# A task gets progress(done, total) and cancelled() and returns its result.
TaskFn = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class Task(QThread):
    """One piece of work in its own thread; it must open its own project connection."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)  # a message for the user
    was_cancelled = Signal()

    def __init__(self, fn: TaskFn, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = self._fn(self.progressed.emit, self._cancel.is_set)
        except Cancelled:
            self.was_cancelled.emit()
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: log it whole, tell the user where to look
            log.error("task failed:\n%s", traceback.format_exc())
            message = QCoreApplication.translate("Task", "Unexpected error: %s")
            self.failed.emit(message % repr(exc))
        else:
            self.succeeded.emit(result)


class TaskRunner(QObject):
    """Starts tasks and shows a cancellable progress dialog when they take a while."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._running: set[Task] = set()
        self._closed = False

    def start(
        self,
        title: str,
        fn: TaskFn,
        on_success: Callable[[Any], None],
        on_failure: Callable[[str], None],
        show_dialog: bool = True,
    ) -> Task | None:
        """Start `fn` in a thread; None once the window is closing (nothing may outlive it)."""
        if self._closed:
            return None
        task = Task(fn, self)
        if show_dialog:
            dialog = QProgressDialog(title, self.tr("Cancel"), 0, 1000, self._parent)
            dialog.setWindowTitle(title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)  # quick work never flashes a dialog
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(task.cancel)
            task.progressed.connect(
                lambda done, total: dialog.setValue(1000 * done // total if total else 0)
            )
            task.finished.connect(dialog.close)
            task.finished.connect(dialog.deleteLater)
        task.succeeded.connect(on_success)
        # Work cancelled because the window is closing has nobody left to tell.
        task.failed.connect(lambda message: None if self._closed else on_failure(message))
        task.was_cancelled.connect(
            lambda: None if self._closed else on_failure(self.tr("Cancelled; nothing was changed."))
        )
        task.finished.connect(lambda: self._running.discard(task))
        self._running.add(task)
        task.start()
        return task

    def running(self) -> int:
        return len(self._running)

    def wait_all(self, ms: int = 10_000) -> None:
        """Cancel running work and let it finish before the window goes away."""
        self._closed = True
        for task in list(self._running):
            task.cancel()
            task.wait(ms)
