"""Opening a colleague's project that carries SQL of its own: asked first, then a clean copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.errors import ForeignSchemaError
from annotator.gui import app as gui_app
from annotator.gui.settings import UserSettings

from ..core.test_hostile_project import PLANTED, make_project, plant
from .test_main_window import start
from .test_window_defects import _answer_next_dialog


def planted(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    plant(path, PLANTED["trigger"][2])
    return path, path.read_bytes()


def test_declining_the_cleaned_copy_opens_nothing_and_changes_nothing(qtbot, tmp_path):
    path, before = planted(tmp_path)
    _answer_next_dialog(Qt.Key.Key_Escape)
    with pytest.raises(ForeignSchemaError):
        gui_app.start(path, UserSettings(annotator="sara"))
    assert path.read_bytes() == before
    assert not (tmp_path / "colleague.cleaned.seedproj").exists()


def test_accepting_opens_the_cleaned_copy_and_leaves_the_original(qtbot, tmp_path):
    path, before = planted(tmp_path)
    _answer_next_dialog(Qt.Key.Key_Y)
    session = start(qtbot, path)
    copy = tmp_path / "colleague.cleaned.seedproj"
    assert session.window.project.path == copy
    assert session.settings.last_project == str(copy)
    assert path.read_bytes() == before
