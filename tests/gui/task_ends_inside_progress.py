"""Run by test_tasks.py in its own process (a crash here must not take pytest with it):
a slow task whose progress dialog is up ends while the dialog's setValue runs the event
loop, and its success handler opens a modal box there."""

import sys
import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from annotator.gui.tasks import TaskRunner

app = QApplication([])
window = QWidget()
window.resize(300, 200)
window.show()
tasks = TaskRunner(window)
burst = threading.Event()


def work(progress, cancelled):
    progress(1, 4)
    burst.wait(10)
    progress(2, 4)  # these, the success and the end arrive together
    progress(3, 4)
    return "ok"


log = []


def on_success(result):
    log.append("success")
    box = QMessageBox(QMessageBox.Icon.Information, "done", "done", parent=window)
    QTimer.singleShot(300, box.accept)
    box.exec()
    log.append("box closed")


tasks.start("Work", work, on_success, log.append)
deadline = time.monotonic() + 10
while not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]:
    assert time.monotonic() < deadline, "the dialog never showed"
    QTest.qWait(20)
burst.set()
time.sleep(0.3)  # the worker posts them all while the window is busy
QTest.qWait(1000)
left = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
print(log, len(left))
sys.exit(0 if log == ["success", "box closed"] and not left else 1)
