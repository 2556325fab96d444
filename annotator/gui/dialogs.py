"""Small dialogs: the annotator's name, export options, and the keyboard shortcut list."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.formats.registry import WRITERS
from annotator.core.model import GOLD
from annotator.core.services.exporter import ExportOptions
from annotator.core.services.splits import SplitSpec


class NameDialog(QDialog):
    """Asked once: the name under which this analyst's spans are stored."""

    def __init__(self, parent: QWidget | None = None, current: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your name"))
        self.name = QLineEdit(current, self)
        self.name.setPlaceholderText(self.tr("e.g. sara"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, parent=self)
        buttons.accepted.connect(self._accept)
        form = QFormLayout(self)
        form.addRow(self.tr("Annotator name (stored with every tag you make):"), self.name)
        form.addRow(buttons)

    def _accept(self) -> None:
        if self.name.text().strip():
            self.accept()


class ExportDialog(QDialog):
    def __init__(self, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.annotator = annotator
        self.setWindowTitle(self.tr("Export"))
        self.whose = QComboBox(self)
        self.whose.addItem(self.tr("My spans (%s)") % annotator, annotator)
        self.whose.addItem(self.tr("Gold (reviewed documents only)"), GOLD)
        self.format = QComboBox(self)
        self.format.addItem(self.tr("Seed Annotator JSONL"), "jsonl")
        for name, fmt in WRITERS.items():
            self.format.addItem(fmt.title, name)
        self.done_only = QCheckBox(self.tr("Only documents marked done"), self)
        self.done_only.setChecked(True)
        self.original = QCheckBox(self.tr("Offsets into the original (unnormalised) text"), self)
        self.tokens = QCheckBox(self.tr("Include tokens"), self)
        self.split = QLineEdit(self)
        self.split.setPlaceholderText("train=0.8,dev=0.1,test=0.1")
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.stratify = QCheckBox(self.tr("Spread every label over the splits"), self)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.whose.currentIndexChanged.connect(self._whose_changed)
        form = QFormLayout(self)
        form.addRow(self.tr("Whose spans:"), self.whose)
        form.addRow(self.tr("Format:"), self.format)
        for widget in (self.done_only, self.original, self.tokens):
            form.addRow(widget)
        form.addRow(self.tr("Split by document:"), self.split)
        form.addRow(self.tr("Split seed:"), self.seed)
        form.addRow(self.stratify)
        form.addRow(self.error)
        form.addRow(buttons)

    def _whose_changed(self) -> None:
        self.done_only.setEnabled(self.whose.currentData() != GOLD)  # gold: reviewed only

    def _accept(self) -> None:
        try:
            self.options()
        except AnnotatorError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    def options(self) -> ExportOptions:
        whose = self.whose.currentData()
        text = self.split.text().strip()
        spec = SplitSpec.parse(text, self.seed.value(), self.stratify.isChecked()) if text else None
        return ExportOptions(
            annotators=(whose,),
            status="done" if self.done_only.isChecked() and whose != GOLD else None,
            offsets="original" if self.original.isChecked() else "normalized",
            tokens=self.tokens.isChecked(),
            format=self.format.currentData(),
            split=spec,
        )


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        for row, (keys, what) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(what))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        self.table = table
        self.resize(520, 480)


class ReviewSetupDialog(QDialog):
    """Whose work to compare and adjudicate: every annotator with work, all ticked."""

    def __init__(self, annotators: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Review annotators' work"))
        self.boxes = [QCheckBox(name, self) for name in annotators]
        for box in self.boxes:
            box.setChecked(True)
            box.toggled.connect(self._update)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for box in self.boxes:
            layout.addWidget(box)
        layout.addWidget(self.buttons)
        self._update()

    def chosen(self) -> list[str]:
        return [box.text() for box in self.boxes if box.isChecked()]

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(len(self.chosen()) >= 2)  # review compares: two or more


class GoldDifferencesDialog(QDialog):
    """An analyst's view of where the adjudicated gold differs from their own spans."""

    span_requested = Signal(int, int)  # start, end: show it in the article

    KINDS: ClassVar[dict[str, str]] = {
        "missed": QT_TRANSLATE_NOOP("GoldDifferencesDialog", "In gold, not in yours"),
        "extra": QT_TRANSLATE_NOOP("GoldDifferencesDialog", "Yours, not in gold"),
        "label": QT_TRANSLATE_NOOP("GoldDifferencesDialog", "Other label in gold"),
        "boundary": QT_TRANSLATE_NOOP("GoldDifferencesDialog", "Other edges in gold"),
    }

    def __init__(self, rows: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gold and your work"))
        self.rows = rows
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Difference"), self.tr("Gold"), self.tr("Yours")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for i, (kind, gold, mine) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(self.tr(self.KINDS.get(kind, kind))))
            for col, span in ((1, gold), (2, mine)):
                text = "" if span is None else f"{span.label}: \u2067{span.text}\u2069"
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        self.table.cellDoubleClicked.connect(self._open)
        self.empty = QLabel(self.tr("Gold and your spans agree on this document."), self)
        self.empty.setVisible(not rows)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _open(self, row: int, _col: int) -> None:
        _kind, gold, mine = self.rows[row]
        span = gold or mine
        self.span_requested.emit(span.start, span.end)
