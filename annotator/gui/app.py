"""Composition root: settings, theme, fonts, the project and the window, built in one place."""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from annotator import __version__, paths
from annotator.core.errors import AnnotatorError, ForeignSchemaError, UnusableRows
from annotator.core.store.cleaning import CleanReport
from annotator.core.store.project import CHECK_AT_OPEN_BYTES, Project
from annotator.core.text.tokens import Tokenizer
from annotator.gui import jobs
from annotator.gui.collector import collect_on_gui_thread, installed
from annotator.gui.crash import CrashReporter
from annotator.gui.dialogs import NameDialog
from annotator.gui.fonts import load_fonts
from annotator.gui.i18n import error_text, fill, install_translator
from annotator.gui.main_window import MainWindow
from annotator.gui.plain_text import plain_box
from annotator.gui.salvage_text import unusable_lines
from annotator.gui.settings import UserSettings
from annotator.gui.tasks import run_task
from annotator.gui.theme import apply_theme
from annotator.logs import setup_logging

log = logging.getLogger(__name__)
HAZM_DELAY_MS = 800
HAZM_POLL_MS = 100


@dataclass
class Session:
    """What a running window needs kept alive together."""

    app: QApplication
    window: MainWindow
    settings: UserSettings
    first_start: bool


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Seed Annotator")
    app.setOrganizationName("SeedAnnotator")
    app.setDesktopFileName("org.seedannotator.SeedAnnotator")
    icon = paths.resources_dir() / "icons" / "seed-annotator.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def ask_name(settings: UserSettings) -> bool:
    """The annotator's name is asked once and kept in the user's settings."""
    if settings.annotator.strip():
        return True
    dialog = NameDialog()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    settings.annotator = dialog.value()
    settings.save(paths.settings_path())
    return True


def open_or_clean(path: Path) -> tuple[Project, Path]:
    """A project whose file carries SQL we did not create, or rows our readers cannot use,
    is refused; with the user's yes, a cleaned copy is made beside it (without that SQL,
    those rows left out or emptied) and opened instead. The original is never changed."""
    try:
        return checked(Project.open(path, for_reading=True, check_now=False)), path
    except ForeignSchemaError as exc:
        question = fill(
            QApplication.translate(
                "app",
                "%1 holds SQL that Seed Annotator did not create:\n%2\n\nIt could change "
                "your work behind your back, so it was not opened; the file was not changed."
                "\n\nMake a cleaned copy beside it, without that SQL, and open the copy?",
            ),
            path.name,
            "\n".join(exc.objects[:8]),
        )
        if not _ask(question, QMessageBox.StandardButton.No):
            raise
    except UnusableRows as exc:
        # Nothing is risked (the original stays as it is) and it is the only way forward.
        if not _ask(_unusable_question(path, exc), QMessageBox.StandardButton.Yes):
            raise
    report = run_task(
        QApplication.translate("app", "Making a cleaned copy of %1").replace("%1", path.name),
        jobs.clean_copy_job(path),
    )
    _tell_cleaned(path, report)
    return checked(Project.open(report.copy, for_reading=True, check_now=False)), report.copy


def _unusable_question(path: Path, refused: UnusableRows) -> str:
    return fill(
        QApplication.translate(
            "app",
            "%1 holds rows Seed Annotator cannot use:\n%2\n\nNothing will be written into "
            "it; the file was not changed.\n\nMake a copy beside it that keeps everything "
            "else, leaving out or emptying only such rows, and open the copy? What was left "
            "out will be listed.",
        ),
        path.name,
        "\n".join(refused.found),
    )


def _ask(question: str, default: QMessageBox.StandardButton, parent: QWidget | None = None) -> bool:
    box = plain_box(  # it names what the file holds: a colleague's rows, its SQL
        QMessageBox.Icon.Warning,
        QApplication.translate("app", "Seed Annotator"),
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(default)
    return box.exec() == QMessageBox.StandardButton.Yes


def _tell_cleaned(path: Path, report: CleanReport, parent: QWidget | None = None) -> None:
    """What the copy left out, before it opens: the user must know their copy is not all
    the file held (the original, unchanged, still holds it)."""
    parts = []
    if report.unusable:
        parts.append(
            fill(
                QApplication.translate(
                    "app",
                    "%1 was made beside %2, which was not changed and still holds everything. "
                    "Rows Seed Annotator cannot use were left out of the copy or emptied:",
                ),
                report.copy.name,
                path.name,
            )
        )
        parts.append("\n".join(unusable_lines(report.unusable)))
    if report.left_out:
        rows = ", ".join(f"{table} {n}" for table, n in report.left_out.items())
        parts.append(
            fill(
                QApplication.translate(
                    "app", "Rows that break the project's rules were left out of %1: %2"
                ),
                report.copy.name,
                rows,
            )
        )
    if parts:  # names a received file: text, never markup
        plain_box(
            QMessageBox.Icon.Information,
            QApplication.translate("app", "Seed Annotator"),
            "\n\n".join(parts),
            parent=parent,
        ).exec()


def checked(project: Project) -> Project:
    """SQLite's integrity_check, off the GUI thread: a file small enough to check as it opens
    (CHECK_AT_OPEN_BYTES: 140 ms at 32 MiB) is checked in a task before the window opens,
    a damaged one refused; a bigger one is checked while the window is up, its writes held
    meanwhile (`check_in_background`)."""
    try:
        size = project.path.stat().st_size
    except OSError:
        size = 0
    if project.verified or size > CHECK_AT_OPEN_BYTES:
        return project
    try:
        unusable = run_task(
            QApplication.translate("app", "Checking %1").replace("%1", project.path.name),
            jobs.verify_job(project.path),
        )
        if unusable:
            raise UnusableRows(project.path, unusable)
    except BaseException:
        project.close()
        raise
    project.mark_verified()
    return project


def open_for_window(path: Path) -> tuple[Project, Path]:
    """A project that cannot be opened (damaged, newer, locked) is told in a dialog: a
    window started from a file manager has no terminal to print to."""
    try:
        return open_or_clean(path)
    except (ForeignSchemaError, UnusableRows):
        raise  # the user has just answered a question about it
    except AnnotatorError as exc:
        if not os.environ.get(SMOKE_ENV):  # nobody is there to close it
            plain_box(
                QMessageBox.Icon.Critical,
                QApplication.translate("app", "Seed Annotator"),
                error_text(exc),
            ).exec()
        raise


def start(
    project_path: Path | None = None,
    settings: UserSettings | None = None,
    notes: Sequence[str] = (),
) -> Session | None:
    """Build and show the window; None if the user declined to give a name. `notes` are
    what the start put right before the window (an export folder a kill had moved aside):
    the user is told once the window is up, not only on a terminal nobody reads."""
    app = application()
    collect_on_gui_thread(app)  # before any thread of the window's starts allocating
    family = load_fonts()
    settings = settings or UserSettings.load(paths.settings_path())
    install_translator(app, settings.language)  # before any widget, the name dialog included
    apply_theme(app, settings.theme, family)
    if not ask_name(settings):
        return None
    path = project_path or Path(settings.last_project or paths.default_project_path())
    first_start = not path.exists()
    project, path = open_for_window(path)
    person = project.team.link().get("person")
    if person and person != settings.annotator:
        # A team copy pushes its person's layer only: tags under another name would
        # never reach the server.
        log.info("annotating as %s, the person of this team working copy", person)
        settings.annotator = person
    settings.last_project = str(path)
    settings.remember_project(path)
    tokenizer = Tokenizer()
    window = MainWindow(project, settings, tokenizer)
    window.theme_requested.connect(lambda theme: apply_theme(app, theme, family))
    window.settings_changed.connect(lambda: settings.save(paths.settings_path()))
    window.show()
    if notes:
        QTimer.singleShot(0, window, lambda: _tell_notes(window, notes))
    if first_start and project.documents.count() == 0:
        task = window.tasks.start(
            window.tr("Preparing the demo corpus"),
            jobs.demo_job(path, paths.seeds_dir()),
            lambda message: window.statusBar().showMessage(message, 5000),
            window.show_error,
            show_dialog=False,
        )
        if task is not None:
            task.progressed.connect(lambda *_: window.refresh_corpus())
        window.statusBar().showMessage(window.tr("Preparing the demo corpus…"))
    else:
        window.restore_position()
    check_in_background(window, project, path)
    # hazm's tokenizer takes ~1.5 s of pure Python: start it once the window is up, so that
    # its thread does not compete with the first paint for the interpreter.
    QTimer.singleShot(HAZM_DELAY_MS, window, lambda: load_tokenizer(window, tokenizer))
    return Session(app, window, settings, first_start)


def load_tokenizer(window: MainWindow, tokenizer: Tokenizer) -> None:
    """Load hazm's tokenizer in a daemon thread and tell the window when it is ready.

    Not a task: nothing can interrupt hazm's start-up, and a QThread still running when
    its window is destroyed aborts the whole process (it did, when the window was closed
    during a slow load). A daemon thread dies with the process, and the window learns the
    news from a timer of its own, so no Qt object crosses threads."""
    failed: list[str] = []

    def run() -> None:
        try:
            tokenizer.load()
        except Exception as exc:  # the window keeps its regex tokens
            log.warning("hazm tokenizer: %r", exc)
            failed.append(repr(exc))

    threading.Thread(target=run, name="hazm tokenizer", daemon=True).start()
    poll = QTimer(window, interval=HAZM_POLL_MS)

    def check() -> None:
        if tokenizer.ready("fa"):
            poll.stop()
            if (collector := installed()) is not None:
                collector.keep_for_good()  # hazm's lexicon lives as long as the window
            window.tokens_ready()
        elif failed:
            poll.stop()

    poll.timeout.connect(check)
    poll.start()


def check_in_background(window: MainWindow, project: Project, path: Path) -> None:
    """SQLite's integrity_check (seconds on a big project) runs in a task while the analyst
    reads; writes are held until it has passed, and refused for good if it finds damage.
    Closing the window stops it at once (the task's cancel interrupts SQLite)."""
    if project.verified or project.read_only is not None:
        return
    project.hold_writes(
        QApplication.translate(
            "app",
            "%1: is still being checked (SQLite's integrity check); nothing was changed. "
            "Try again in a moment.",
        ).replace("%1", str(path))
    )
    window.statusBar().showMessage(QApplication.translate("app", "Checking the project…"))

    def passed(unusable: list[str] | None) -> None:
        if unusable:
            refused = UnusableRows(path, unusable)
            project.hold_writes(error_text(refused))
            window.statusBar().showMessage(
                QApplication.translate(
                    "app",
                    "This project holds rows Seed Annotator cannot use: nothing will be "
                    "written into it.",
                )
            )
            offer_copy_in_window(window, refused)
            return
        project.mark_verified()
        window.project_checked()
        window.statusBar().showMessage(
            QApplication.translate("app", "The project passed its check."), 3000
        )

    def failed(message: str) -> None:
        project.hold_writes(message)
        window.statusBar().showMessage(
            QApplication.translate(
                "app", "This project did not pass its check: nothing will be written into it."
            )
        )
        window.show_error(message)

    window.tasks.start("check", jobs.verify_job(path), passed, failed, show_dialog=False)


def offer_copy_in_window(window: MainWindow, refused: UnusableRows) -> None:
    """A big project's check found rows our readers cannot use once its window was up:
    its writes stay held, and the copy without them, made in the background, opens in a
    window of its own (this one and its work go on untouched)."""
    path = Path(refused.path or window.project.path)
    if not _ask(_unusable_question(path, refused), QMessageBox.StandardButton.Yes, window):
        window.show_error(error_text(refused))
        return

    def made(report: CleanReport) -> None:
        _tell_cleaned(path, report, window)
        # The next start opens the copy: the original would only be refused again. Kept
        # in this window's settings too, which it writes as it closes.
        window.settings.last_project = str(report.copy)
        window.settings_changed.emit()
        window.files.open_in_window(report.copy)

    window.tasks.start(
        QApplication.translate("app", "Making a cleaned copy of %1").replace("%1", path.name),
        jobs.clean_copy_job(path),
        made,
        window.show_error,
    )


def _tell_notes(window: QWidget, notes: Sequence[str]) -> None:
    QMessageBox.information(
        window,
        QApplication.translate("app", "Seed Annotator"),
        QApplication.translate("app", "An export was interrupted earlier:")
        + "\n\n"
        + "\n".join(notes),
    )


def run(project_path: Path | None = None, notes: Sequence[str] = ()) -> int:
    log_file = setup_logging()
    log.info("Seed Annotator %s starting", __version__)
    application()
    reporter = CrashReporter(log_file)
    reporter.install()
    settings = UserSettings.load(paths.settings_path())
    if os.environ.get(SMOKE_ENV) and not settings.annotator:
        settings.annotator = "smoke"  # nobody is there to answer the name dialog
    session = start(project_path, settings, notes)
    if session is None:
        return 1
    if os.environ.get(SMOKE_ENV):
        _smoke(session)
    code = session.app.exec()
    session.settings.save(paths.settings_path())
    session.window.project.close()  # the last connection: SQLite folds the WAL back in
    reporter.uninstall()
    return code


SMOKE_ENV = "SEED_ANNOTATOR_SMOKE"  # packaging's smoke test: start, load, report, quit
SMOKE_TIMEOUT_S = 120


def _smoke(session: Session) -> None:
    """Quit once the window is up and its background work (demo corpus, hazm) is done,
    printing what a packaged build must have: documents loaded, fonts, the title."""
    started = time.monotonic()
    window = session.window

    def check() -> None:
        busy = window.tasks.running() > 0
        if busy and time.monotonic() - started < SMOKE_TIMEOUT_S:
            QTimer.singleShot(200, check)
            return
        report = {
            "documents": window.project.documents.count(),
            "title": window.windowTitle(),
            "font": window.view.font().family(),
            "file_menu": window.menuBar().actions()[0].text(),  # translated when not English
            "timed_out": busy,
        }
        print(json.dumps(report, ensure_ascii=False), flush=True)
        session.app.exit(1 if busy or not report["documents"] else 0)

    QTimer.singleShot(HAZM_DELAY_MS + 200, check)
