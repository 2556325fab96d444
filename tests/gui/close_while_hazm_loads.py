"""Run by test_tasks.py in its own process (an abort here must not take pytest with it): the
window is closed while hazm's tokenizer is still loading (slow on a loaded machine), and
the program must end normally, not abort with "QThread: Destroyed while thread is still
running"."""

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtTest import QTest

from annotator.core.text.tokens import Tokenizer
from annotator.gui import app as gui_app
from annotator.gui.settings import UserSettings

started = []


def slow_load(self):
    started.append(time.monotonic())
    time.sleep(120)  # far longer than the window waits for its work at close (10 s)


Tokenizer.load = slow_load
home = Path(tempfile.mkdtemp())
session = gui_app.start(home / "p.seedproj", UserSettings(annotator="sara"))
deadline = time.monotonic() + 10
while not started:
    assert time.monotonic() < deadline, "the tokenizer never started loading"
    QTest.qWait(50)
session.window.close()
session.window.deleteLater()
QTest.qWait(200)
print("closed")
sys.exit(0)
