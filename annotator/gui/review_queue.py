"""The review queue: documents worst disagreement first, with what is already reviewed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.store.review import QueueRow
from annotator.core.text.names import shown_id, shown_title
from annotator.gui.plain_text import plain_tip
from annotator.gui.table_model import RowsModel, select_quietly

DocIdRole = Qt.ItemDataRole.UserRole + 1
COL_SCORE, COL_DONE, COL_TITLE = range(3)
_Index = QModelIndex | QPersistentModelIndex


class QueueModel(RowsModel):
    HEADERS = (
        str(QT_TRANSLATE_NOOP("QueueModel", "Score")),
        "✓",
        str(QT_TRANSLATE_NOOP("QueueModel", "Document")),
    )

    def set_reviewed(self, document_id: int, reviewed: bool) -> None:
        for i, row in enumerate(self.rows):
            if row.document_id == document_id and row.reviewed != reviewed:
                self.rows[i] = QueueRow(
                    row.document_id, row.ext_id, row.title, row.disagreement, reviewed
                )
                index = self.index(i, COL_DONE)
                self.dataChanged.emit(index, index)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == DocIdRole:
            return row.document_id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_SCORE:
                return "—" if row.disagreement is None else f"{row.disagreement:.2f}"
            if col == COL_DONE:
                return "✓" if row.reviewed else ""
            return shown_title(row.title) if row.title else shown_id(row.ext_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_SCORE and row.disagreement is None:
                return self.tr("Fewer than two of the annotators did this document")
            if col == COL_SCORE:
                return self.tr("1 − mean overlap F1 of the annotator pairs on this document")
            return plain_tip(shown_id(row.ext_id))
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_TITLE:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class ReviewQueue(QWidget):
    document_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(self)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)  # annotators' names: not HTML
        self.caption.setWordWrap(True)
        self.table = QTableView(self)
        self.model = QueueModel(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Fixed widths: fitting columns to their contents would lay out all 10,000 rows.
        metrics = self.table.fontMetrics()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_SCORE, metrics.horizontalAdvance("0.000") + 40)
        header.resizeSection(COL_DONE, metrics.horizontalAdvance("✓") + 40)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        self.table.setShowGrid(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the queue; arrows move in it
        self.table.activated.connect(self._activated)
        self.table.clicked.connect(self._activated)
        self.table.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.table)

    def set_rows(self, rows: list[QueueRow], caption: str) -> None:
        current = self.current_document()
        self.model.set_rows(rows)
        self.caption.setText(caption)
        if current is not None:
            self.select_document(current)

    def current_document(self) -> int | None:
        index = self.table.currentIndex()
        return int(index.data(DocIdRole)) if index.isValid() else None

    def select_document(self, document_id: int) -> None:
        for i, row in enumerate(self.model.rows):
            if row.document_id == document_id:
                select_quietly(self.table, self.model.index(i, COL_TITLE))
                return

    def neighbour(self, document_id: int | None, delta: int) -> int | None:
        ids = [row.document_id for row in self.model.rows]
        if not ids:
            return None
        if document_id not in ids:
            return ids[0]
        i = ids.index(document_id) + delta
        return ids[i] if 0 <= i < len(ids) else None

    def first_unreviewed(self, after: int | None = None) -> int | None:
        ids = [row.document_id for row in self.model.rows]
        start = ids.index(after) + 1 if after in ids else 0
        for row in self.model.rows[start:] + self.model.rows[:start]:
            if not row.reviewed and row.document_id != after:
                return row.document_id
        return None

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.document_activated.emit(int(index.data(DocIdRole)))

    def eventFilter(self, watched: Any, event: Any) -> bool:
        enter = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in enter
        ):
            self._activated(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)
