"""Long work off the GUI thread, with progress, cancel, and results back on the GUI thread."""

from __future__ import annotations

import atexit
import contextlib
import logging
import signal
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.gui import i18n
from annotator.gui.collector import INTERVAL_MS, installed

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
            self.failed.emit(i18n.error_text(exc))
        except Exception as exc:  # a bug: log it whole, tell the user where to look
            log.error("task failed:\n%s", traceback.format_exc())
            message = QCoreApplication.translate("Task", "Unexpected error: %s")
            self.failed.emit(message % repr(exc))
        else:
            self.succeeded.emit(result)


class _Progress(QObject):
    """A task's cancellable progress dialog, made only once the work has taken 400 ms.

    Not QProgressDialog's own delay: its timer and its modal setValue (which runs the event
    loop from inside a progress signal) could show the dialog after the work was over, empty
    and in front of the window, where it took the analyst's next keys. Here the dialog is
    made by a timer that the end of the work stops, and it is gone when the work is.
    """

    DELAY_MS = 400  # quick work never flashes a dialog

    def __init__(self, title: str, task: Task, parent: QWidget | None) -> None:
        super().__init__(task)
        self._title, self._task, self._parent = title, task, parent
        self._value = 0
        self._dialog: QProgressDialog | None = None
        self._updating = False  # inside the dialog's setValue
        self._ended = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        self._timer.start(self.DELAY_MS)
        task.progressed.connect(self._progressed)
        task.finished.connect(self._finished)

    def _progressed(self, done: int, total: int) -> None:
        self._value = 1000 * done // total if total else 0
        if self._dialog is None or self._updating:
            return
        # A modal dialog's setValue runs the event loop: the task's end (and whatever its
        # handler opens) can come inside it, so the dialog is freed only after it returns.
        self._updating = True
        try:
            self._dialog.setValue(self._value)
        finally:
            self._updating = False
        if self._ended:
            self._dispose()

    def _show(self) -> None:
        if self._task.isFinished():
            return
        dialog = QProgressDialog(
            self._title,
            QCoreApplication.translate("TaskRunner", "Cancel"),
            0,
            1000,
            self._parent,
        )
        dialog.setWindowTitle(self._title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._task.cancel)
        # Escape closes a dialog without its Cancel button: the work stops too, rather
        # than going on out of sight.
        dialog.rejected.connect(self._task.cancel)
        self._dialog = dialog
        dialog.setValue(self._value)
        dialog.show()

    def _finished(self) -> None:
        self._timer.stop()
        self._ended = True
        if self._dialog is None:
            return
        if self._updating:
            self._dialog.hide()  # freed once its setValue has returned
        else:
            self._dispose()

    def _dispose(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self._task.cancel)
            dialog.rejected.disconnect(self._task.cancel)
            dialog.hide()
            dialog.deleteLater()


class TaskRunner(QObject):
    """Starts tasks and shows a cancellable progress dialog when they take a while."""

    def __init__(self, parent: QWidget | None) -> None:
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
            _Progress(title, task, self._parent)
        # Work that ends after the window closed has nobody left to tell.
        task.succeeded.connect(lambda result: None if self._closed else on_success(result))
        task.failed.connect(lambda message: None if self._closed else on_failure(message))
        task.was_cancelled.connect(
            lambda: None if self._closed else on_failure(self.tr("Cancelled; nothing was changed."))
        )
        task.finished.connect(lambda: self._running.discard(task))
        # Freed once done: the suggestions are rebuilt in a task after every few tags, and
        # a day's session left thousands of finished threads behind.
        task.finished.connect(task.deleteLater)
        self._running.add(task)
        task.start()
        return task

    def running(self) -> int:
        return len(self._running)

    def wait_all(self, ms: int = 10_000) -> None:
        """Cancel running work and let it finish before the window goes away.

        Work that is still running after `ms` (a cancelled import waiting on a slow disk or
        on hazm's start-up) leaves the window's ownership: a QThread destroyed while it
        runs aborts the whole process, and it did when the window was closed early on a
        busy machine. It ends by itself, and the program waits for it before it exits."""
        self._closed = True
        for task in list(self._running):
            task.cancel()
        for task in list(self._running):
            if not task.wait(ms):
                log.warning("work still running after the window closed: left to finish")
                task.setParent(None)
                _outliving.add(task)
                task.finished.connect(lambda task=task: _outliving.discard(task))


# Tasks that outlived their window (see wait_all); waited for before the interpreter exits.
_outliving: set[Task] = set()


@atexit.register
def _wait_for_outliving() -> None:
    """Wait, collecting cycles on this, the GUI thread, as the window's timer did.

    The interpreter's own collection stays off (annotator.gui.collector): that timer stopped
    with the event loop, and while the exit waited for a long import or export nothing
    collected at all, so its cyclic garbage piled up until it ended. Turning automatic
    collection back on would run it in the one thread still allocating, the task's, and
    destroy there whatever Qt objects are caught in cycles (a closed window's widgets, not
    collected since the timer's last tick), the very crash the collector is there to
    prevent; ruling that out would take knowing every cycle left at exit. So the wait
    wakes at the timer's interval and collects here, as the timer would have (idle wakes
    of no cost: a collection runs only once past the interpreter's threshold)."""
    if not _outliving:
        return
    # Ctrl-C here (the window gone, the process still busy) would raise inside this wait,
    # which then returned with the task running: the interpreter went on to destroy a
    # running QThread, Qt aborted, and the export's temporary file stayed behind. Until the
    # work ends, as when this wait blocked in Qt, where no Python handler could run.
    with contextlib.suppress(ValueError):  # not the main thread: no handler to change
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    collector = installed()
    for task in list(_outliving):
        while not task.wait(INTERVAL_MS):
            if collector is not None:
                collector.collect()


def run_task(title: str, fn: TaskFn, parent: QWidget | None = None) -> Any:
    """Work that must end before the caller can go on (a cleaned copy, before the window
    that is to show it exists), done in a task all the same: the event loop keeps running
    meanwhile, so the progress dialog paints and its Cancel works. Returns the result;
    raises Cancelled when the user cancelled, AnnotatorError when the work failed."""
    loop = QEventLoop()
    outcome: dict[str, Any] = {}
    caught: list[AnnotatorError] = []

    def keeping_errors(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        try:
            return fn(progress, cancelled)
        except AnnotatorError as exc:  # raised again here, as the caller knows it
            caught.append(exc)
            raise

    task = Task(keeping_errors)
    _Progress(title, task, parent)
    task.succeeded.connect(lambda result: outcome.setdefault("result", result))
    task.failed.connect(lambda message: outcome.setdefault("failed", message))
    task.was_cancelled.connect(lambda: outcome.setdefault("cancelled", True))
    task.finished.connect(loop.quit)
    task.start()
    loop.exec()
    task.wait()
    task.deleteLater()
    if "cancelled" in outcome:
        raise Cancelled(QCoreApplication.translate("TaskRunner", "Cancelled; nothing was changed."))
    if caught:
        raise caught[0]
    if "failed" in outcome:
        raise AnnotatorError(outcome["failed"])
    return outcome["result"]
