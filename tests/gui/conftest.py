"""Fixtures for the document list: a project of a few pages of documents in three scripts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.services.corpus import CorpusService
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

from ..conftest import SEEDS

DOCUMENTS = 450  # two full pages and a part


@pytest.fixture(autouse=True)
def dialogs_answered() -> Iterator[None]:
    """A test that waited for a dialog which never came fails itself, instead of leaving
    its answer to press a key in the next test's dialog."""
    from .modal import unanswered

    yield
    missed = unanswered()
    assert missed == 0, f"{missed} dialog(s) this test answers never came up"


@pytest.fixture(autouse=True)
def no_button_left_down() -> Iterator[None]:
    """Qt shows no tooltip while it thinks a mouse button is down, and a press that was
    never released (QTest.mouseDClick's, see mouse.double_click) stays down for every later
    test: the test that left it fails, not the tooltip test that happens to come after."""
    from PySide6.QtGui import QGuiApplication

    yield
    held = QGuiApplication.mouseButtons()
    if held == Qt.MouseButton.NoButton:
        return
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    probe = QWidget()  # released here, so that only the test that held it fails
    probe.show()
    for button in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
        if held & button:
            QTest.mouseRelease(probe, button)
    probe.close()
    raise AssertionError(f"{held} left held down: release what you press (mouse.double_click)")


@pytest.fixture(autouse=True)
def english_interface() -> Iterator[None]:
    """Translators are process-wide: a test that installs one (or starts the app in another
    language) must not leave the next test a translated or mirrored interface."""
    yield
    app = QApplication.instance()
    if app is not None:
        from annotator.gui.i18n import remove_translators

        remove_translators(app)


def populate(project: Project, n: int = DOCUMENTS) -> list[int]:
    """Persian, Arabic and Latin-titled documents; sara has worked on some of them.

    Every tenth Arabic article (number 1, 31, 61 ...) mentions the Kremlin (الكرملين), every
    tenth Latin one (2, 32, 62 ...) too; every 4th document is done, the one after in
    progress, and every 5th has an actor span.
    """
    ids = []
    with project.transaction():
        for i in range(n):
            if i % 3 == 0:
                lang, title, text = "fa", f"گزارش شماره {i}", f"متن گزارش {i} درباره نشست"
            elif i % 3 == 1:
                lang, title, text = "ar", f"تقرير رقم {i}", f"نص التقرير {i} عن القمة"
                if i % 30 == 1:
                    text += " وقال الكرملين"
            else:
                lang, title, text = "other", f"Report {i}", f"Text of report {i}"
                if i % 30 == 2:
                    text += ", the Kremlin said"
            doc_id = project.documents.add(
                NewDocument(f"doc-{i:04d}", title, lang, text, text, None, "none", {}, "test")
            )
            ids.append(doc_id)
            if i % 5 == 0:
                project.spans.add(doc_id, "sara", NewSpan("actor", 0, 3, text[:3]))
            if i % 4 == 0:
                project.status.set(doc_id, "sara", Status.DONE)
            elif i % 4 == 1:
                project.status.set(doc_id, "sara", Status.IN_PROGRESS)
    return ids


@pytest.fixture
def ids(project: Project) -> list[int]:
    return populate(project)


@pytest.fixture
def service(project: Project, ids: list[int]) -> CorpusService:
    """The list's service on a project of DOCUMENTS documents (see populate)."""
    return CorpusService(project, "sara")


@pytest.fixture
def corpus(tmp_path: Path, persian) -> Path:
    """A project with the seeds and one article with emoji before the names."""
    path = tmp_path / "work.seedproj"
    extra = tmp_path / "emoji.jsonl"
    extra.write_text(
        json.dumps(
            {"id": "emoji", "text": "😀 خبر 🇮🇷 عاجل: بوتين يتصل بترامب"}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    with Project.open(path) as project:
        Importer(project, persian).run([SEEDS, extra], ImportOptions())
    return path
