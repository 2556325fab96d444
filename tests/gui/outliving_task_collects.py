"""Run by test_tasks.py in its own process (what it tests happens as the interpreter exits):
a task outlives its window and goes on making cyclic garbage while the exit waits for it.
Prints on which thread that garbage was collected, or that it never was. With
`--interrupt`, the user presses Ctrl-C while the exit waits."""

import atexit
import gc
import os
import signal
import sys
import threading
import weakref

from PySide6.QtWidgets import QApplication, QWidget

from annotator.gui.collector import collect_on_gui_thread
from annotator.gui.tasks import TaskRunner

app = QApplication([])
collect_on_gui_thread(app)  # as the window's start does: the interpreter collects no more
window = QWidget()
tasks = TaskRunner(window)
exiting = threading.Event()
atexit.register(exiting.set)  # registered after tasks.py's: runs just before its wait


class Cycle:
    def __init__(self) -> None:
        self.me = self
        self.payload = bytearray(10 * 2**20)  # what a long export's cycles hold


def work(progress, cancelled):
    """A long export, still going after the window has closed: it ignores the cancel."""
    exiting.wait(60)
    if "--interrupt" in sys.argv:
        threading.Event().wait(0.5)  # the exit's wait has begun
        os.kill(os.getpid(), signal.SIGINT)
    freed_on: list[str] = []
    freed = threading.Event()

    def note(_: object) -> None:
        freed_on.append(threading.current_thread().name)
        freed.set()

    garbage = Cycle()
    ref = weakref.ref(garbage, note)
    del garbage
    # Young objects past the threshold, held (freed ones would lower the count again):
    # what any collection, automatic or on a timer, collects at its next chance.
    kept = [[] for _ in range(3 * gc.get_threshold()[0])]
    freed.wait(10)
    print("freed on", freed_on if ref() is None else "never", len(kept), flush=True)


tasks.start("Export", work, print, print, show_dialog=False)
tasks.wait_all(200)  # as the window's close does, after 10 s there: the task outlives it
print("window closed", flush=True)
sys.exit(0)
