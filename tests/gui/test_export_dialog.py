"""The export dialog: a format, whose spans, and a split, chosen as a user does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from annotator.core.model import GOLD
from annotator.gui.dialogs import ExportDialog


def _ok(qtbot, dialog: ExportDialog) -> None:
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_choosing_gold_brat_and_a_stratified_split(qtbot):
    dialog = ExportDialog("sara")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.whose.setFocus()
    qtbot.keyClick(dialog.whose, Qt.Key.Key_Down)  # gold
    assert not dialog.done_only.isEnabled()  # gold is reviewed documents, nothing to filter
    index = dialog.format.findData("brat")
    dialog.format.setCurrentIndex(index)
    qtbot.keyClicks(dialog.split, "train=0.8,dev=0.1,test=0.1")
    qtbot.mouseClick(dialog.stratify, Qt.MouseButton.LeftButton)
    _ok(qtbot, dialog)
    assert dialog.result() == ExportDialog.DialogCode.Accepted
    options = dialog.options()
    assert (options.annotators, options.format, options.status) == ((GOLD,), "brat", None)
    assert options.split is not None and options.split.stratify
    assert [name for name, _ in options.split.parts] == ["train", "dev", "test"]


def test_a_bad_split_is_explained_and_the_dialog_stays_open(qtbot):
    dialog = ExportDialog("sara")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.split, "train=0.7,dev=0.1")
    _ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "add up to 0.8" in dialog.error.text()
