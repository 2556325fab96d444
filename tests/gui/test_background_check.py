"""The project's integrity check and a cleaned copy run in tasks, never on the GUI thread:
the window opens at once, holds writes until the check has passed, and closing it (or a
Cancel) stops the work at once, leaving the file as it was."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from annotator.core.errors import Cancelled
from annotator.gui import app as gui_app
from annotator.gui import jobs
from annotator.gui.settings import UserSettings

from ..core.test_hostile_project import PLANTED, plant
from ..core.test_project_check import make_slow_to_check
from .modal import when_dialog
from .test_main_window import ARABIC, open_doc, start, stored_spans


@pytest.fixture
def no_hazm(monkeypatch: pytest.MonkeyPatch) -> None:
    """hazm's loading (1.5 s, not cancellable) would be the task a close waits for."""
    monkeypatch.setattr(gui_app, "HAZM_DELAY_MS", 60_000)


def test_tags_wait_for_the_check_and_are_stored_once_it_passed(qtbot, corpus: Path, monkeypatch):
    """A big project's window opens before its check ends; a tag meanwhile is refused,
    saying why, and one after it is stored."""
    gate = threading.Event()  # the check of a big project, still at work
    real = jobs.verify_job

    def slow_check(path: Path):
        def run(progress, cancelled):
            while not gate.wait(0.01) and not cancelled():
                pass
            return real(path)(progress, cancelled)

        return run

    monkeypatch.setattr(jobs, "verify_job", slow_check)
    monkeypatch.setattr(gui_app, "CHECK_AT_OPEN_BYTES", 0)  # a big project: checked later
    session = start(qtbot, corpus)
    window = session.window
    doc = open_doc(session, ARABIC)
    at = doc.text.index("بوتين")
    window.view.select_range(at, at + len("بوتين"))
    seen: list[str] = []

    def answer(box) -> None:
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    when_dialog(answer)
    QTest.keyClick(window, "1")
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0].startswith(f"{corpus}: is still being checked"), seen
    assert stored_spans(corpus, ARABIC) == []

    gate.set()
    qtbot.waitUntil(lambda: window.project.verified)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    window.view.select_range(at, at + len("بوتين"))
    QTest.keyClick(window, "1")
    [span] = stored_spans(corpus, ARABIC)
    assert (span.start, span.text, span.label) == (at, "بوتين", "actor")
    assert len(seen) == 1


def test_closing_the_window_stops_the_check_at_once(qtbot, tmp_path: Path, no_hazm):
    path = tmp_path / "big.seedproj"
    make_slow_to_check(path)
    before = path.read_bytes()
    started = time.monotonic()
    session = gui_app.start(path, UserSettings(annotator="sara"))
    assert session is not None
    opened = time.monotonic() - started
    window = session.window
    qtbot.addWidget(window)
    assert window.tasks.running() >= 1 and not window.project.verified  # the check is at work
    closing = time.monotonic()
    window.close()
    closed = time.monotonic() - closing
    whole = _time_check(path)
    assert closed < whole / 3, (closed, whole)
    assert opened < whole, (opened, whole)  # the window did not wait for the check either
    assert path.read_bytes() == before


def _time_check(path: Path) -> float:
    started = time.monotonic()
    jobs.verify_job(path)(lambda *_: None, lambda: False)
    return time.monotonic() - started


def test_a_cleaned_copy_is_made_in_a_task_that_cancel_stops(qtbot, tmp_path: Path):
    """The copy of a big project takes seconds: its progress dialog paints, the event loop
    runs meanwhile, and Cancel leaves no copy and the original as it was."""
    path = tmp_path / "colleague.seedproj"
    make_slow_to_check(path)
    plant(path, PLANTED["trigger"][2])
    before = path.read_bytes()
    ticks: list[float] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: ticks.append(time.monotonic()))
    ticker.start(20)
    cancelled_at: list[float] = []

    def cancel_progress() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QProgressDialog) and dialog.isVisible():
            cancelled_at.append(time.monotonic())
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            QTimer.singleShot(20, cancel_progress)

    told: list[str] = []

    def answer_question(box) -> None:
        box.button(QMessageBox.StandardButton.Yes).click()
        QTimer.singleShot(20, cancel_progress)
        when_dialog(lambda box: (told.append(box.text()), box.accept()))

    when_dialog(answer_question)
    with pytest.raises(Cancelled):
        gui_app.start(path, UserSettings(annotator="sara"))
    ticker.stop()
    assert cancelled_at, "no progress dialog came up"
    assert told == ["Cancelled; nothing was changed."]
    during = [t for t in ticks if t < cancelled_at[0]]
    assert len(during) >= 5  # the event loop ran while the copy was being made
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.glob("*colleague*")) == ["colleague.seedproj"]


def test_a_small_project_is_checked_in_a_task_before_the_window_opens(qtbot, corpus, monkeypatch):
    threads: list[bool] = []
    real = jobs.verify_job

    def watched(path: Path):
        def run(progress, cancelled):
            threads.append(threading.current_thread() is threading.main_thread())
            return real(path)(progress, cancelled)

        return run

    monkeypatch.setattr(jobs, "verify_job", watched)
    session = start(qtbot, corpus)
    assert threads == [False]
    assert session.window.project.verified
