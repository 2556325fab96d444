"""The window when the disk fills up or the search index is damaged: told, then usable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from annotator.core.errors import DamagedProject
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project
from annotator.gui import app as gui_app
from annotator.gui.app import SMOKE_ENV
from annotator.gui.settings import UserSettings

from ..conftest import ROOT, SEEDS
from ..core.test_store_faults import (
    damage_search_index,
    flip_page,
    make_project,
    without_write_permission,
)
from .modal import when_dialog
from .test_find_bar import type_text
from .test_main_window import ARABIC, open_doc, start, stored_spans


def _answer(seen: list[str], button: QMessageBox.StandardButton) -> None:
    def answer(box) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.button(button).click()

    when_dialog(answer)


def _activate(window) -> None:
    window.activateWindow()  # the message had the focus, as it has for a user
    assert QTest.qWaitForWindowActive(window)


def test_a_tag_that_cannot_be_stored_says_why_and_the_next_one_is_stored(qtbot, corpus: Path):
    """A full disk fails the first tag (which also made the annotator's row): the message
    says so, and once there is room again the next tag is stored, with no restart."""
    session = start(qtbot, corpus)
    window = session.window
    doc = open_doc(session, ARABIC)
    db = window.project.db
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: the file cannot grow
    window.view.select_range(0, len(doc.text))  # a span longer than a page: it needs room
    seen: list[str] = []
    _answer(seen, QMessageBox.StandardButton.Ok)
    QTest.keyClick(window, "1")
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0].startswith(f"{corpus}: the disk is full"), seen
    assert stored_spans(corpus, ARABIC) == []

    db.execute("PRAGMA max_page_count = 1073741823")  # room again
    _activate(window)
    start_ = doc.text.index("بوتين")
    window.view.select_range(start_, start_ + len("بوتين"))
    QTest.keyClick(window, "1")
    assert len(seen) == 1, seen
    [span] = stored_spans(corpus, ARABIC)
    assert (span.start, span.text, span.label) == (start_, "بوتين", "actor")
    assert window.span_panel.count() == 1


def test_a_damaged_project_is_refused_in_a_dialog_naming_it(qtbot, tmp_path: Path):
    """Started from a file manager, the window has no terminal to say it on."""
    path = tmp_path / "damaged.seedproj"
    make_project(path)
    flip_page(path, "spans")
    before = path.read_bytes()
    seen: list[str] = []
    _answer(seen, QMessageBox.StandardButton.Ok)
    with pytest.raises(DamagedProject):
        gui_app.start(path, UserSettings(annotator="sara"))
    assert seen and seen[0].startswith(f"{path} is damaged ("), seen  # in the window's words
    assert path.read_bytes() == before


def test_a_damaged_search_index_is_rebuilt_when_the_user_agrees(qtbot, corpus: Path):
    damage_search_index(corpus)
    session = start(qtbot, corpus)
    window = session.window
    documents = window.documents
    seen: list[str] = []
    _answer(seen, QMessageBox.StandardButton.Yes)
    documents.search_field.setFocus()
    type_text(documents.search_field, "بوتين")
    QTest.keyClick(documents.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    assert "search index" in seen[0] and corpus.name in seen[0]
    qtbot.waitUntil(lambda: window.tasks.running() == 0)
    qtbot.waitUntil(lambda: documents.model.query().search == "بوتين")
    found = {documents.model.document_row(r).ext_id for r in range(documents.model.rowCount())}
    assert ARABIC in found and len(found) < 6


def test_the_window_opens_a_project_it_cannot_write(tmp_path: Path):
    """A colleague's project in a read-only folder: read, and marked read-only."""
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "p.seedproj"
    with Project.open(path) as project:
        Importer(project).run([SEEDS / "002_4dcc44e69668bede.txt"], ImportOptions())
    folder.chmod(0o555)
    try:
        window = subprocess.run(
            [*without_write_permission(), sys.executable, "-m", "annotator", str(path)],
            capture_output=True, text=True, check=False, cwd=ROOT, timeout=120,
            env={**os.environ, SMOKE_ENV: "1"},
        )  # fmt: skip
    finally:
        folder.chmod(0o755)
    assert window.returncode == 0, window.stderr
    assert json.loads(window.stdout.strip().splitlines()[-1])["documents"] == 1
