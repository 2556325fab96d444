"""Qt objects are destroyed on the GUI thread, whichever thread set off the cycle collector.

A window's background threads (hazm's loader, tasks, the team reader) allocate: the
interpreter's automatic collection then ran in them and destroyed Qt objects caught in
cycles there, which crashed the test process (tests/gui/test_review_mode.py followed by
test_article_view.py: a segmentation fault in QWidget::ensurePolished).
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QWidget

from annotator.gui.settings import UserSettings

from .test_main_window import start

ended_on: list[str] = []


class _InACycle(QWidget):
    """A widget its own attribute refers back to, as a closed dialog whose connected
    lambdas hold it: only the cycle collector frees it."""

    def __init__(self) -> None:
        super().__init__()
        self.me = self

    def __del__(self) -> None:
        ended_on.append(threading.current_thread().name)


def _allocate() -> None:
    """What a worker does: enough new containers to pass the young generation's threshold
    many times over."""
    kept = [[] for _ in range(50 * gc.get_threshold()[0])]
    del kept


def test_a_widget_in_a_cycle_is_destroyed_on_the_gui_thread_not_by_a_worker(qtbot, tmp_path):
    start(qtbot, tmp_path / "p.seedproj", UserSettings(annotator="sara"))
    ended_on.clear()
    for _ in range(5):
        widget = _InACycle()
        del widget
        worker = threading.Thread(target=_allocate, name="worker")
        worker.start()
        worker.join()
    kept = [[] for _ in range(3 * gc.get_threshold()[0])]  # held: the next tick collects
    qtbot.waitUntil(lambda: len(ended_on) == 5, timeout=5_000)
    del kept
    assert ended_on == ["MainThread"] * 5


def test_cycles_are_still_collected_while_the_window_runs(qtbot, tmp_path):
    """Turned off in the interpreter, collection goes on from the window's event loop."""
    start(qtbot, tmp_path / "p.seedproj", UserSettings(annotator="sara"))
    ended_on.clear()
    widget = _InACycle()
    del widget
    # Young objects past the threshold, held: freed ones would lower the count again.
    kept = [[] for _ in range(3 * gc.get_threshold()[0])]
    # Nothing else collects now: the window's timer does, at its next tick.
    qtbot.waitUntil(lambda: ended_on == ["MainThread"], timeout=5_000)
    assert len(kept) == 3 * gc.get_threshold()[0]
    assert not gc.isenabled()
