"""Unexpected errors: logged whole, and shown to the user with where the log is.

Every edit is committed when it is made, so a crash loses nothing already stored; the dialog
says so, and the window stays usable where Qt lets it.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Qt, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.gui.i18n import fill

log = logging.getLogger("annotator.crash")


class CrashReporter(QObject):
    """Installed once per application as sys.excepthook and threading.excepthook."""

    def __init__(self, log_file: Path) -> None:
        super().__init__()
        self.log_file = log_file
        self.shown = 0
        self._pending: list[str] = []
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = lambda args: self.handle(
            args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback
        )

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        threading.excepthook = threading.__excepthook__

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, error, trace)
            return
        text = "".join(traceback.format_exception(kind, error, trace))
        log.error("unexpected error:\n%s", text)
        self._pending.append(f"{kind.__name__}: {error}")
        # A worker thread must not build widgets: the dialog is shown on the GUI thread.
        QMetaObject.invokeMethod(self, "_show", Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _show(self) -> None:
        if not self._pending or QApplication.instance() is None:
            return
        summary, self._pending = self._pending[-1], []
        self.shown += 1
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("CrashReporter", "Unexpected error"))
        box.setText(
            fill(
                QCoreApplication.translate(
                    "CrashReporter",
                    "Something went wrong: %1\n\nEverything you annotated was saved when you "
                    "made it; nothing stored is lost. The details are in the log:\n%2",
                ),
                summary,
                str(self.log_file),
            )
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dialog = box
        box.open()
