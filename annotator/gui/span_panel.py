"""The current document's spans in reading order: select to jump, relabel, delete.

A table model, not a list widget: a 10,000-span document must open and take a new span without
rebuilding 10,000 items.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHeaderView,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from annotator.core.model import Label, Span
from annotator.gui.label_palette import swatch
from annotator.gui.table_model import select_quietly

SpanIdRole = Qt.ItemDataRole.UserRole + 1
COL_LABEL, COL_TEXT, COL_VALUE = 0, 1, 2
# a date's value; an actor's registry entry; a claim's source actor; a topic from the list
VALUED_LABELS = frozenset({"date", "actor", "claim", "topic"})
_Index = QModelIndex | QPersistentModelIndex


def _key(span: Span) -> tuple[int, int, int]:
    return (span.start, span.end, span.id)


class SpanListModel(QAbstractTableModel):
    """Label, text and value columns, so that each is laid out in its own direction."""

    value_edited = Signal(int, str)  # span id, the value as typed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spans: list[Span] = []
        self._keys: list[tuple[int, int, int]] = []
        self._labels: dict[str, Label] = {}
        self.sources: dict[int, str] = {}  # claim id -> its source's text

    def set_sources(self, sources: dict[int, str]) -> None:
        self.sources = dict(sources)
        if self._spans:
            last = len(self._spans) - 1
            self.dataChanged.emit(self.index(0, COL_VALUE), self.index(last, COL_VALUE))

    def set_labels(self, labels: list[Label]) -> None:
        self._labels = {label.name: label for label in labels}
        if self._spans:
            last = len(self._spans) - 1
            self.dataChanged.emit(self.index(0, COL_LABEL), self.index(last, COL_LABEL))

    def set_spans(self, spans: list[Span]) -> None:
        self.beginResetModel()
        self._spans = sorted(spans, key=_key)
        self._keys = [_key(s) for s in self._spans]
        self.endResetModel()

    def add(self, span: Span) -> int:
        row = bisect.bisect_left(self._keys, _key(span))
        self.beginInsertRows(QModelIndex(), row, row)
        self._spans.insert(row, span)
        self._keys.insert(row, _key(span))
        self.endInsertRows()
        return row

    def remove(self, span_id: int) -> None:
        row = self.row_of(span_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._spans[row]
        del self._keys[row]
        self.endRemoveRows()

    def replace(self, span: Span) -> int | None:
        row = self.row_of(span.id)
        if row is not None:
            self._spans[row] = span  # same offsets, new label: the order holds
            self.dataChanged.emit(self.index(row, COL_LABEL), self.index(row, COL_VALUE))
        return row

    def row_of(self, span_id: int) -> int | None:
        for row, span in enumerate(self._spans):
            if span.id == span_id:
                return row
        return None

    def span(self, row: int) -> Span:
        return self._spans[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == COL_VALUE and self._spans[index.row()].label in VALUED_LABELS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An edited value is not stored here: the panel asks for an undoable change."""
        if role != Qt.ItemDataRole.EditRole or index.column() != COL_VALUE:
            return False
        self.value_edited.emit(self._spans[index.row()].id, str(value))
        return False

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        span = self._spans[index.row()]
        if index.column() == COL_VALUE:
            return self._value_data(span, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == COL_LABEL:
                return span.label
            return span.text if len(span.text) <= 60 else span.text[:57] + "…"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_TEXT:
            # Each cell is laid out in its own direction: a label and an RTL text in one
            # string would be reordered by bidi («date: ۳۰ آبان» shown as «۳۰ آبان date:»).
            return (
                Qt.AlignmentFlag.AlignRight
                | Qt.AlignmentFlag.AlignAbsolute
                | (Qt.AlignmentFlag.AlignVCenter)
            )
        if (
            role == Qt.ItemDataRole.DecorationRole
            and index.column() == COL_LABEL
            and span.label in self._labels
        ):
            return swatch(self._labels[span.label].color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{span.label} {span.start}–{span.end}\n{span.text}"
        if role == SpanIdRole:
            return span.id
        return None

    def _value_data(self, span: Span, role: int) -> Any:
        """A confirmed value plainly; a suggestion (resolved against the publication date)
        in italics with a question mark, until the analyst confirms it (F2, Enter)."""
        if span.label == "topic":
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return span.attrs.get("topic", "")
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("A topic from the project's list: F2 to choose or add one")
            return span.id if role == SpanIdRole else None
        if span.label == "claim":
            source = self.sources.get(span.id) or span.attrs.get("source_actor")
            if role == Qt.ItemDataRole.DisplayRole:
                return f"← {source}" if source else ""
            if role == Qt.ItemDataRole.EditRole:
                return span.attrs.get("source_actor", "")
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("Who said it: S to choose, Shift+S to remove")
            return span.id if role == SpanIdRole else None
        if span.label == "actor":
            name = span.attrs.get("actor", "")
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return name
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("Registry actor: F2 to link another, or type a new name to add one")
            return span.id if role == SpanIdRole else None
        value, suggested = span.attrs.get("value"), span.attrs.get("suggested_value")
        if role == Qt.ItemDataRole.DisplayRole:
            return value or (f"{suggested}?" if suggested else "")
        if role == Qt.ItemDataRole.EditRole:
            return value or suggested or ""
        if role == Qt.ItemDataRole.FontRole and suggested and not value:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and span.label in VALUED_LABELS:
            calendar = span.attrs.get("calendar", "")
            if suggested and not value:
                anchor = span.attrs.get("resolved_from", "")
                return self.tr("Suggested from the publication date %s: F2 to confirm") % anchor
            return (
                self.tr("Normalised value (%s); F2 to edit") % calendar
                if value
                else self.tr("No value yet: F2 to type one (2017-11-21, 2017-11, --11-21)")
            )
        if role == SpanIdRole:
            return span.id
        return None


class _ValueDelegate(QStyledItemDelegate):
    """The value editor proposes what the project knows: its actors, its topics."""

    def __init__(self, panel: SpanPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        label = self.panel.spans.span(index.row()).label
        names = self.panel.completions(label)
        if names and isinstance(editor, QLineEdit):
            completer = QCompleter(names, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            editor.setCompleter(completer)
        return editor


class SpanPanel(QTableView):
    """A one-column table: unlike list and tree views it never lays out rows it does not
    show, so scrolling to a new span in a 10,000-span document costs nothing."""

    span_selected = Signal(int)
    delete_requested = Signal(int)
    relabel_requested = Signal(int, str)
    value_edited = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        self.completions: Callable[[str], list[str]] = lambda _label: []
        super().__init__(parent)
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.horizontalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(
            COL_LABEL, QHeaderView.ResizeMode.ResizeToContents
        )
        self.horizontalHeader().setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setShowGrid(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )  # only a date's value is editable (the model's flags say which cells)
        self.spans = SpanListModel(self)
        self.setModel(self.spans)
        self.spans.value_edited.connect(self.value_edited)
        self.setItemDelegateForColumn(COL_VALUE, _ValueDelegate(self))
        # Fixed, not fitted to contents: fitting measures every row of a 10,000-span document.
        self.horizontalHeader().setSectionResizeMode(COL_VALUE, QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().resizeSection(
            COL_VALUE, self.fontMetrics().horizontalAdvance("2017-11-21?") + 40
        )
        self._labels: list[Label] = []
        self.selectionModel().currentChanged.connect(self._on_current)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def count(self) -> int:
        return self.spans.rowCount()

    def set_labels(self, labels: list[Label]) -> None:
        self._labels = labels
        self.spans.set_labels(labels)

    def set_spans(self, spans: list[Span]) -> None:
        self.spans.set_spans(spans)

    def set_sources(self, sources: dict[int, str]) -> None:
        self.spans.set_sources(sources)

    def add_span(self, span: Span) -> None:
        self._select_row(self.spans.add(span))

    def remove_span(self, span: Span) -> None:
        self.spans.remove(span.id)

    def replace_span(self, span: Span) -> None:
        self._select_row(self.spans.replace(span))

    def select_span(self, span_id: int) -> None:
        self._select_row(self.spans.row_of(span_id))

    def _select_row(self, row: int | None) -> None:
        """Follow the view's focus without echoing it back as a new selection."""
        select_quietly(self, None if row is None else self.spans.index(row, COL_TEXT))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.span_selected.emit(int(current.data(SpanIdRole)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        if current.isValid() and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_requested.emit(int(current.data(SpanIdRole)))
            return
        super().keyPressEvent(event)

    def _menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        span_id = int(index.data(SpanIdRole))
        menu = QMenu(self)
        for label in self._labels:
            action = menu.addAction(swatch(label.color), self.tr("Label as %s") % label.name)
            action.triggered.connect(
                lambda _=False, name=label.name: self.relabel_requested.emit(span_id, name)
            )
        menu.addSeparator()
        menu.addAction(self.tr("Delete")).triggered.connect(
            lambda: self.delete_requested.emit(span_id)
        )
        menu.exec(self.mapToGlobal(pos))
