"""The export dialog: a format, whose spans, and a split, chosen as a user does; the file
name it proposes; a format name that shows whole."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialogButtonBox

from annotator.core.formats.registry import WRITERS
from annotator.core.model import GOLD
from annotator.gui.dialogs import EXPORT_TARGETS, ExportDialog


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


@pytest.mark.parametrize(
    ("fmt", "mine", "gold", "kind"),
    [
        ("jsonl", "news-sara.jsonl", "news-gold.jsonl", "JSON Lines (*.jsonl)"),
        ("doccano", "news-sara.doccano.jsonl", "news-gold.doccano.jsonl", "JSON Lines (*.jsonl)"),
        ("prodigy", "news-sara.prodigy.jsonl", "news-gold.prodigy.jsonl", "JSON Lines (*.jsonl)"),
        ("hf", "news-sara.hf.jsonl", "news-gold.hf.jsonl", "JSON Lines (*.jsonl)"),
        ("labelstudio", "news-sara.labelstudio.json", "news-gold.labelstudio.json",
         "JSON (*.json)"),
        ("conll", "news-sara.conll", "news-gold.conll", "CoNLL (*.conll *.txt)"),
        ("spacy", "news-sara.spacy", "news-gold.spacy", "spaCy DocBin (*.spacy)"),
        ("brat", "news-sara_brat", "news-gold_brat", "A new folder (*)"),
    ],
)  # fmt: skip
def test_the_proposed_name_says_whose_spans_and_which_format(qtbot, fmt, mine, gold, kind):
    """Defect 14: «My spans» were proposed as gold.jsonl."""
    dialog = ExportDialog("sara")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    assert dialog.suggested_name("news") == mine
    assert dialog.file_filter() == kind
    assert dialog.target_is_folder() == (fmt == "brat")
    dialog.whose.setFocus()
    qtbot.keyClick(dialog.whose, Qt.Key.Key_Down)  # gold
    assert dialog.suggested_name("news") == gold


def test_every_export_format_has_a_file_name_and_a_filter():
    assert set(EXPORT_TARGETS) == {"jsonl", *WRITERS}


def test_a_name_that_a_file_system_refuses_is_made_safe(qtbot):
    dialog = ExportDialog("sara ahmadi/2")
    qtbot.addWidget(dialog)
    assert dialog.suggested_name("اخبار آبان") == "اخبار_آبان-sara_ahmadi_2.jsonl"


@pytest.fixture
def dark(qapp):
    from annotator.gui.fonts import load_fonts
    from annotator.gui.theme import apply_theme

    style, palette = qapp.style().name(), qapp.palette()
    apply_theme(qapp, "dark", load_fonts())
    yield
    qapp.setStyleSheet("")
    qapp.setStyle(style)
    qapp.setPalette(palette)


def _band(image: QImage) -> list[list[int]]:
    """The middle rows of a combo box's picture: its text and arrow, not its underline."""
    top, bottom = image.height() // 4, image.height() * 3 // 4
    return [[image.pixel(x, y) for x in range(image.width())] for y in range(top, bottom)]


@pytest.mark.parametrize(
    "direction", [Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft]
)
def test_the_longest_format_name_shows_whole_beside_the_arrow(qtbot, qapp, dark, direction):
    """In a Persian or Arabic interface the name ran into the combo box's edge."""
    qapp.setLayoutDirection(direction)
    try:
        dialog = ExportDialog("sara")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        combo = dialog.format
        metrics = combo.fontMetrics()
        longest = max(
            range(combo.count()), key=lambda i: metrics.horizontalAdvance(combo.itemText(i))
        )
        combo.setCurrentIndex(-1)  # the arrow alone
        empty = _band(combo.grab().toImage())
        combo.setCurrentIndex(longest)
        named = _band(combo.grab().toImage())
    finally:
        qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    background = Counter(p for row in empty for p in row).most_common(1)[0][0]
    arrow = [x for row in empty for x, p in enumerate(row) if p != background]
    text = [
        x
        for a, b in zip(empty, named, strict=True)
        for x, (p, q) in enumerate(zip(a, b, strict=True))
        if p != q
    ]
    assert arrow and text
    width = combo.width()
    assert min(text) > 2 and max(text) < width - 3, combo.itemText(longest)  # not at an edge
    assert max(text) < min(arrow) - 2 or min(text) > max(arrow) + 2  # not under the arrow


def test_predictions_are_offered_where_the_format_keeps_them_apart(qtbot):
    """Label Studio keeps a model's predictions apart from annotations; CoNLL has no place
    for them, and the box is not offered there (nor left ticked from another format)."""
    dialog = ExportDialog("sara")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format.setCurrentIndex(dialog.format.findData("labelstudio"))
    assert dialog.predictions.isEnabled()
    qtbot.mouseClick(dialog.predictions, Qt.MouseButton.LeftButton)
    assert dialog.options().predictions
    dialog.format.setFocus()
    for _ in range(len(WRITERS)):  # down the list to CoNLL, as the keyboard goes
        if dialog.format.currentData() == "conll":
            break
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)
    assert dialog.format.currentData() == "conll"
    assert not dialog.predictions.isEnabled() and not dialog.options().predictions
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    assert dialog.predictions.isEnabled() and not dialog.predictions.isChecked()
