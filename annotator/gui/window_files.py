"""Import and export from the window: chosen in dialogs, run in workers, announced."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from annotator.core.changes import Changes
from annotator.core.errors import SearchIndexDamaged
from annotator.core.formats.registry import READERS
from annotator.gui import jobs
from annotator.gui.dialogs import ExportDialog
from annotator.gui.host import Host
from annotator.gui.i18n import fill
from annotator.gui.plain_text import plain_tip


class FileCommands(QObject):
    def __init__(self, host: Host) -> None:
        super().__init__(host.widget())
        self.host = host

    def import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.host.widget(),
            self.tr("Import articles"),
            "",
            self.import_filter(),
        )
        if files:
            self.run_import(files)

    def import_filter(self) -> str:
        """Every extension a reader of the format registry takes, then any file (auto
        detection reads by content)."""
        patterns = dict.fromkeys(f"*{ext}" for fmt in READERS.values() for ext in fmt.extensions)
        articles = self.tr("Articles and annotations (%1)").replace("%1", " ".join(patterns))
        return articles + ";;" + self.tr("All files (*)")

    def run_import(self, files: list[str]) -> None:
        host = self.host
        host.tasks.start(
            self.tr("Importing"),
            jobs.import_job(host.project.path, files, host.settings.annotator),
            self._imported,
            host.show_error,
        )

    def _imported(self, summary: str) -> None:
        """An import may replace the analyst's own spans: the undo history speaks of spans
        that are gone, and the open article is read again."""
        controller = self.host.controller
        controller.undo_stack.clear()
        doc = controller.document
        if doc is not None:
            controller.open_document(doc.id, force=True)
        controller.announce(Changes(corpus=True))
        self.host.show_message(summary, 10_000)

    def export(self) -> None:
        host = self.host
        dialog = ExportDialog(host.settings.annotator, host.widget())
        if not dialog.exec():
            return
        options = dialog.options()
        # A brat export is a new folder: named in the same dialog, its filter says so.
        suggested = dialog.suggested_name(host.project.path.stem)
        out, _ = QFileDialog.getSaveFileName(
            host.widget(), self.tr("Export"), suggested, dialog.file_filter()
        )
        if out:
            host.tasks.start(
                self.tr("Exporting"),
                jobs.export_job(host.project.path, Path(out), options),
                lambda summary: host.show_message(summary, 10_000),
                host.show_error,
            )

    def offer_index_rebuild(self, damage: SearchIndexDamaged) -> None:
        """Searching found the full-text index damaged: it is made again from the documents
        on the user's word (it holds nothing else), then the search runs again."""
        host = self.host
        question = self.tr(
            "The search index of %1 is damaged (%2).\n\nRebuild it from the documents now? "
            "Your documents and annotations are not affected."
        )
        answer = QMessageBox.question(
            host.widget(),
            self.tr("Search index damaged"),
            fill(question, damage.path.name, damage.detail),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        host.tasks.start(
            self.tr("Rebuilding the search index"),
            jobs.rebuild_index_job(host.project.path),
            self._index_rebuilt,
            host.show_error,
        )

    def _index_rebuilt(self, summary: str) -> None:
        self.host.controller.announce(Changes(corpus=True))  # the list searches again
        self.host.show_message(summary, 10_000)

    # -- other projects ------------------------------------------------------------------

    def open_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.host.widget(),
            self.tr("Open project"),
            str(self.host.project.path.parent),
            self.tr("Seed Annotator projects (*.seedproj);;All files (*)"),
        )
        if path:
            self.open_in_window(Path(path))

    def open_in_window(self, path: Path) -> None:
        """Another project opens in a window of its own: this one, its undo history and
        its background work go on untouched."""
        if path.resolve() == self.host.project.path.resolve():
            self.host.show_message(self.tr("%s is the project open here.") % path.name)
            return
        if not path.is_file():
            self.host.show_error(self.tr("%s is not there any more.") % path)
            return
        frozen = getattr(sys, "frozen", False)  # the packaged app is its own interpreter
        args = [str(path)] if frozen else ["-m", "annotator", str(path)]
        if not QProcess.startDetached(sys.executable, args)[0]:
            self.host.show_error(self.tr("Seed Annotator could not be started for %s.") % path)
            return
        self.host.settings.remember_project(path)
        self.host.show_message(self.tr("Opening %s in a new window…") % path.name)

    def fill_recent(self, menu: QMenu) -> None:
        """Called as the menu opens: the list as it is now, this project left out."""
        menu.clear()
        here = str(self.host.project.path)
        for name in self.host.settings.recent_projects:
            if name == here:
                continue
            action = menu.addAction(Path(name).name)
            action.setToolTip(plain_tip(name))
            action.triggered.connect(lambda _=False, p=Path(name): self.open_in_window(p))
        if menu.isEmpty():
            menu.addAction(self.tr("No other projects yet")).setEnabled(False)
