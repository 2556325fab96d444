"""Python's cycle collector, run on the GUI thread only.

The interpreter collects reference cycles in whichever thread happens to allocate past its
threshold: hazm's loader, a task's worker, the team reader. A Qt object caught in a cycle (a
closed window or dialog whose connected lambdas refer back to it) is then destroyed on that
thread, which Qt does not allow: the test process crashed in QWidget::ensurePolished on the
GUI thread right after an earlier window's hazm loader had collected that window's widgets.
So automatic collection is turned off once the window starts, and a timer collects on the GUI
thread, generation by generation at the interpreter's own thresholds (the way GitFourchette
and OpenCue's Qt front ends do it). Spawned worker processes start with their own collector.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

# Young objects wait at most this long past their threshold. Short, so that what a worker
# allocates meanwhile is collected in small steps (hazm's loader makes 800,000 objects in
# a second or two: one collection of them all took 70-220 ms of the GUI thread).
INTERVAL_MS = 100


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        # The interpreter's own rule for a full collection, kept here: only once the
        # objects that reached the oldest generation since the last one are a quarter of
        # those it kept. Without it every 121st collection of the young was a full one:
        # 70-100 ms of the GUI thread with hazm's half a million objects about.
        self._long_lived = len(gc.get_objects(generation=2))
        self._pending = 0
        self._frozen = False
        self._timer = QTimer(self, interval=INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        gc.disable()
        self._timer.start()

    def collect(self) -> None:
        """What the interpreter would collect now: the young generation once past its
        threshold, an older one once the younger was collected often enough since."""
        first, second, third = self._thresholds
        if gc.get_count()[0] <= first:
            return
        gc.collect(0)  # counts one more collection of the young for the middle generation
        if gc.get_count()[1] <= second:
            return
        middle = len(gc.get_objects(generation=1))
        self._pending += max(0, middle - gc.collect(1))  # what survives moves on to the old
        if gc.get_count()[2] > third and self._pending > self._long_lived // 4:
            gc.collect(2)
            self._long_lived = len(gc.get_objects(generation=2))
            self._pending = 0

    def keep_for_good(self) -> None:
        """Leave every object alive now out of all later collections (gc.freeze, made for
        long-lived start-up state): once hazm's lexicon is loaded, a full collection scans
        what came after it, not its 800,000 objects again (70-100 ms each). Once a
        process: the garbage cycles made since the last tick are kept along, and a later
        window's call would keep an earlier window's too."""
        if self._frozen:
            return
        self._frozen = True
        gc.freeze()
        self._long_lived = self._pending = 0


_installed: GuiThreadCollector | None = None


def collect_on_gui_thread(app: QCoreApplication) -> GuiThreadCollector:
    """Once per process, before the first window: the application owns the collector."""
    global _installed
    if _installed is None:
        _installed = GuiThreadCollector(app)
    return _installed


def installed() -> GuiThreadCollector | None:
    return _installed
