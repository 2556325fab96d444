"""What the review tables share: a list of rows under fixed headers, and selecting a row
to follow another view without echoing the selection back as a new request."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QWidget

_Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """A flat table over `self.rows`; subclasses give HEADERS and data().

    HEADERS are marked with QT_TRANSLATE_NOOP in the subclass's own context (its class name),
    where they are translated when shown.
    """

    HEADERS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(type(self).__name__, self.HEADERS[section])
        return None


def select_quietly(view: QAbstractItemView, index: QModelIndex | None) -> None:
    """Make `index` current (None clears) and scroll to it, without emitting selection
    signals: the view follows a focus change made elsewhere."""
    view.selectionModel().blockSignals(True)
    view.setCurrentIndex(index if index is not None else QModelIndex())
    if index is not None:
        view.scrollTo(index)
    view.selectionModel().blockSignals(False)
    view.viewport().update()
