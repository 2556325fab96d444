"""Background work and its progress dialog: shown only for slow work, gone with the work."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from annotator.core.errors import Cancelled
from annotator.gui.tasks import TaskRunner


def _shown(window: QWidget) -> list[QProgressDialog]:
    return [d for d in window.findChildren(QProgressDialog) if d.isVisible()]


def _window(qtbot) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    return window


def test_quick_work_shows_no_dialog(qtbot):
    window = _window(qtbot)
    tasks = TaskRunner(window)
    done: list[object] = []
    tasks.start("Ranking", lambda progress, cancelled: 42, done.append, done.append)
    qtbot.waitUntil(lambda: tasks.running() == 0)
    QTest.qWait(600)  # past the delay a slow task's dialog waits
    assert done == [42]
    assert _shown(window) == []


def test_slow_work_shows_its_dialog_and_takes_it_away_when_done(qtbot):
    """The dialog leaves with the work: an empty one left in front of the window took the
    analyst's next keys (the review tests lost their first key to one on a busy machine)."""
    window = _window(qtbot)
    tasks = TaskRunner(window)
    release = threading.Event()
    done: list[object] = []

    def work(progress, cancelled):
        progress(1, 4)
        release.wait(10)
        return "ranked"

    tasks.start("Ranking", work, done.append, done.append)
    qtbot.waitUntil(lambda: len(_shown(window)) == 1)
    (dialog,) = _shown(window)
    assert dialog.windowTitle() == "Ranking"
    assert dialog.value() == 250
    release.set()
    qtbot.waitUntil(lambda: tasks.running() == 0)
    QTest.qWait(100)
    assert done == ["ranked"]
    assert _shown(window) == []
    assert QApplication.activeModalWidget() is None


def test_the_dialog_cancels_its_work(qtbot):
    window = _window(qtbot)
    tasks = TaskRunner(window)
    failed: list[str] = []

    def work(progress, cancelled):
        for _ in range(1000):
            if cancelled():
                raise Cancelled()
            threading.Event().wait(0.01)
        return "finished"

    tasks.start("Export", work, failed.append, failed.append)
    qtbot.waitUntil(lambda: len(_shown(window)) == 1)
    (button,) = _shown(window)[0].findChildren(QPushButton)
    assert button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks.running() == 0)
    assert failed == ["Cancelled; nothing was changed."]
    assert _shown(window) == []


def test_work_ending_inside_the_dialogs_own_update_does_not_crash():
    """A modal progress dialog's setValue runs the event loop; the task's end and a message
    box from its handler came inside it, the dialog was freed there, and the window crashed
    when setValue went on (an import or ranking that takes over 400 ms, then fails)."""
    _in_a_process_of_its_own("task_ends_inside_progress.py")


def test_finished_work_is_freed(qtbot):
    """The suggestions are rebuilt in a task after every few tags: finished tasks stayed
    children of the runner for the whole session."""
    from annotator.gui.tasks import Task

    window = _window(qtbot)
    tasks = TaskRunner(window)
    done: list[object] = []
    for i in range(20):
        tasks.start("Suggestions", lambda p, c, i=i: i, done.append, done.append, False)
    qtbot.waitUntil(lambda: tasks.running() == 0 and len(done) == 20)
    qtbot.waitUntil(lambda: not tasks.findChildren(Task))
    assert sorted(done) == list(range(20))


def test_closing_the_window_while_hazm_loads_ends_the_program_normally():
    """hazm's tokenizer loads for ~1.5 s after start (far longer on a busy machine) and
    nothing can interrupt it: closing the window meanwhile aborted the process, because the
    load ran in a QThread that was destroyed while it ran."""
    assert "closed" in _in_a_process_of_its_own("close_while_hazm_loads.py").stdout


def test_cycles_are_collected_while_the_exit_waits_for_work_that_outlived_its_window():
    """The window collects cycles from a timer on the GUI thread (annotator.gui.collector),
    which stops with the event loop: while the exit waited for a long import or export that
    outlived its window, nothing collected, and its cyclic garbage piled up until it ended.
    Collected still, and on the GUI thread, where any Qt object among it may be destroyed."""
    result = _in_a_process_of_its_own("outliving_task_collects.py")
    assert "window closed" in result.stdout
    assert "freed on ['MainThread']" in result.stdout, result.stdout


def test_ctrl_c_while_the_exit_waits_for_work_that_outlived_its_window_lets_it_finish():
    """The wait wakes in Python now (to collect), where Ctrl-C raised inside it: it gave
    up on the task, the interpreter destroyed a running QThread and Qt aborted (an
    export's temporary file left behind). As before, the work finishes and the exit is
    clean."""
    result = _in_a_process_of_its_own("outliving_task_collects.py", "--interrupt")
    assert "freed on" in result.stdout  # the task ran to its end
    assert "KeyboardInterrupt" not in result.stderr and "QThread" not in result.stderr


def _in_a_process_of_its_own(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run one of this folder's scripts (what it tests ends a process, or happens as the
    interpreter exits); it must exit cleanly."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name(script)), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr[-2000:])
    return result
