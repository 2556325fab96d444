"""The window's import and export file dialogs take their formats from the format registry:
a row added there is offered, with its file name and filter, without a line of GUI code."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFileDialog

from annotator.core.formats import registry
from annotator.core.formats.registry import Format, SaveAs

from .modal import when_dialog
from .test_main_window import start

CTRL = Qt.KeyboardModifier.ControlModifier

# A format the GUI has never heard of: our JSONL's functions under another name and files.
TOY = Format(
    "toy", "jsonl", "Toy corpus lines", (".toyl",), "read_jsonl", writer="JsonlWriter",
    save=SaveAs(".corpus.toyl", "Toy lines", ("*.toyl", "*.tl")),
)  # fmt: skip


@pytest.fixture
def toy_format(monkeypatch):
    for table in (registry.FORMATS, registry.READERS, registry.WRITERS):
        monkeypatch.setitem(table, TOY.name, TOY)


@pytest.fixture
def file_dialogs(monkeypatch):
    """What the window asks the file dialogs for; the user then cancels."""
    asked: dict[str, tuple] = {}

    def open_names(parent, caption, folder, filters):
        asked["open"] = (caption, filters)
        return [], ""

    def save_name(parent, caption, suggested, filters):
        asked["save"] = (suggested, filters)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_names)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    return asked


def test_a_new_registry_row_is_offered_by_the_import_and_export_dialogs(
    qtbot, corpus, toy_format, file_dialogs
):
    window = start(qtbot, corpus).window
    QTest.keyClick(window, Qt.Key.Key_I, CTRL)
    _caption, filters = file_dialogs["open"]
    articles, everything = filters.split(";;")
    assert articles.startswith("Articles and annotations (") and everything == "All files (*)"
    patterns = articles[articles.index("(") + 1 : -1].split()
    assert "*.toyl" in patterns
    assert {"*.txt", "*.jsonl", "*.csv", "*.json", "*.ann", "*.conll"} <= set(patterns)

    def choose_toy(dialog) -> None:
        combo = dialog.findChildren(QComboBox)[1]  # whose spans, then the format
        combo.setFocus()
        while combo.currentData() != "toy":
            QTest.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentText() == "Toy corpus lines"
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    when_dialog(choose_toy)
    QTest.keyClick(window, Qt.Key.Key_E, CTRL)
    assert file_dialogs["save"] == ("work-sara.corpus.toyl", "Toy lines (*.toyl *.tl)")


def test_without_the_row_the_dialogs_offer_only_the_registry(qtbot, corpus, file_dialogs):
    window = start(qtbot, corpus).window
    QTest.keyClick(window, Qt.Key.Key_I, CTRL)
    assert "toyl" not in file_dialogs["open"][1]
    assert "*.text" in file_dialogs["open"][1]  # plain text's other extension, now offered
