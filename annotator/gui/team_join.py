"""File ▸ Join team project: where the server is, who you are, your password; the join
itself runs as a background task, and the working copy it makes opens in a window.

The password goes from the dialog straight to libpq's password file (as `annotator team
join` does) inside the task, and nowhere else: not the settings, the project or the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from annotator import paths
from annotator.core.errors import AnnotatorError, Cancelled
from annotator.core.store.project import Project
from annotator.gui.host import Host
from annotator.gui.i18n import fill
from annotator.gui.tasks import TaskFn

log = logging.getLogger(__name__)


class JoinDialog(QDialog):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Join team project"))
        form = QFormLayout(self)
        self.server = QLineEdit(self)
        self.server.setPlaceholderText("postgresql://HOST/DATABASE")
        # A server address is long: room for a typical one (and the whole title) in the
        # dialog's own font, not the few characters a line edit starts with.
        typical = "postgresql://annotation.example.org:5432/newsroom_team?sslmode=require"
        self.server.setMinimumWidth(self.server.fontMetrics().horizontalAdvance(typical))
        self.name = QLineEdit(name, self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("&Server:"), self.server)
        form.addRow(self.tr("Your &name:"), self.name)
        form.addRow(self.tr("&Password:"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.server.setFocus()


@dataclass(frozen=True, slots=True)
class JoinReport:
    path: Path
    person: str
    role: str
    documents: int
    left_out: int = 0  # server rows not pulled: their names command (core/team/received.py)


def join_job(server: str, name: str, password: str) -> TaskFn:
    """Remember the password (libpq's file), make or update this person's working copy."""

    def run(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> JoinReport:
        try:  # psycopg is the `team` extra: a local project never loads it
            from annotator.core.team import pgpass
            from annotator.core.team.connection import with_user, working_copy_name
            from annotator.core.team.sync import join
        except ImportError as exc:
            raise AnnotatorError(
                QCoreApplication.translate(
                    "TeamJoin",
                    "Team projects need psycopg (pip install 'seed-annotator[team]'): %s",
                )
                % exc
            ) from None
        url = with_user(server, name)
        if cancelled():  # the join itself is one step: a cancel is taken before it
            raise Cancelled()
        if password:
            pgpass.save(url, password)
        target = paths.user_data_dir() / f"{working_copy_name(url)}{paths.PROJECT_SUFFIX}"
        target.parent.mkdir(parents=True, exist_ok=True)
        with Project.open(target) as project:
            joined = join(project, url)
        if joined.left_out.count:
            log.warning("%s: %s", target, joined.left_out)
        progress(1, 1)
        return JoinReport(
            target, joined.person, joined.role, joined.documents, joined.left_out.count
        )

    return run


class JoinCommand(QObject):
    def __init__(self, host: Host, open_in_window: Callable[[Path], None]) -> None:
        super().__init__(host.widget())
        self.host = host
        self._open_in_window = open_in_window

    def ask(self) -> None:
        dialog = JoinDialog(self.host.settings.annotator, self.host.widget())
        if not dialog.exec():
            return
        job = join_job(dialog.server.text(), dialog.name.text(), dialog.password.text())
        dialog.password.clear()
        self.host.tasks.start(self.tr("Joining the team project"), job, self._joined,
                              self.host.show_error)  # fmt: skip

    def _joined(self, report: JoinReport) -> None:
        text = fill(
            self.tr("Joined as %1 (%2): %3 document(s) in %4."),
            report.person,
            report.role,
            str(report.documents),
            report.path.name,
        )
        if report.left_out:
            text += " " + fill(
                self.tr(
                    "Server rows left out, for a name holding control or text-direction "
                    "characters, attributes or meta that are no JSON object, or a document no "
                    "import would store: %1 (see the log)."
                ),
                str(report.left_out),
            )
        self.host.show_message(text, 10_000)
        if report.path.resolve() != self.host.project.path.resolve():
            self._open_in_window(report.path)
