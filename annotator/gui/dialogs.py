"""Small dialogs: the annotator's name, export options, and the keyboard shortcut list."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.services.exporter import ExportOptions


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
        self.setWindowTitle(self.tr("Export JSONL"))
        self.done_only = QCheckBox(self.tr("Only documents marked done"), self)
        self.done_only.setChecked(True)
        self.original = QCheckBox(self.tr("Offsets into the original (unnormalised) text"), self)
        self.tokens = QCheckBox(self.tr("Include tokens"), self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.done_only, self.original, self.tokens, buttons):
            layout.addWidget(widget)

    def options(self) -> ExportOptions:
        return ExportOptions(
            annotators=(self.annotator,),
            status="done" if self.done_only.isChecked() else None,
            offsets="original" if self.original.isChecked() else "normalized",
            tokens=self.tokens.isChecked(),
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
