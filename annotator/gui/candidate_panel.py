"""The candidates of the document under review: who marked what, how far they agree, and
what the reviewer decided. Enter accepts, Delete rejects; a click focuses it in the text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from annotator.core.model import Label
from annotator.core.services.adjudication import (
    ACCEPTED,
    ALL,
    CONFLICT,
    REJECTED,
    SOME,
    ReviewDocument,
)
from annotator.gui.label_palette import swatch
from annotator.gui.review_session import candidate_id
from annotator.gui.table_model import RowsModel, select_quietly

ViewIdRole = Qt.ItemDataRole.UserRole + 1
COL_STATE, COL_WHO, COL_LABEL, COL_TEXT = range(4)
_Index = QModelIndex | QPersistentModelIndex
AGREEMENT_COLORS = {ALL: "#2e7d32", CONFLICT: "#c62828", SOME: "#f9a825"}
RLI, PDI = "\u2067", "\u2069"  # isolate RTL text so Latin around it keeps its place


@dataclass(frozen=True, slots=True)
class Row:
    view_id: int  # negative: a candidate; positive: a gold span no annotator marked as is
    state: str
    who: str
    agreement: str
    label: str
    text: str
    tip: str


def _tr(text: str) -> str:
    return QCoreApplication.translate("CandidateModel", text)


# What the State column shows for a candidate's state or a gold span's origin; others as is.
STATE_WORDS = {
    "pending": QT_TRANSLATE_NOOP("CandidateModel", "pending"),
    ACCEPTED: QT_TRANSLATE_NOOP("CandidateModel", "✓ gold"),
    REJECTED: QT_TRANSLATE_NOOP("CandidateModel", "✗ rejected"),
    "gold": QT_TRANSLATE_NOOP("CandidateModel", "gold"),
    "edited": QT_TRANSLATE_NOOP("CandidateModel", "edited"),
    "added": QT_TRANSLATE_NOOP("CandidateModel", "added"),
}
# A gold span's origin, in its tooltip ("Gold (accepted) by sara").
ORIGIN_WORDS = {
    ACCEPTED: QT_TRANSLATE_NOOP("CandidateModel", "accepted"),
    "edited": QT_TRANSLATE_NOOP("CandidateModel", "edited"),
    "added": QT_TRANSLATE_NOOP("CandidateModel", "added"),
}


def rows_of(doc: ReviewDocument) -> list[Row]:
    """Candidates in reading order, then gold spans that are not a candidate as marked."""
    total = len(doc.annotators)
    rows = []
    keys = set()
    for i, c in enumerate(doc.candidates):
        keys.add(c.key)
        who = f"{len(c.annotators)}/{total} " + ", ".join(c.annotators)
        if c.agreement == ALL:
            tip = QCoreApplication.translate(
                "CandidateModel", "Everyone who did this document marked it"
            )
        elif c.agreement == CONFLICT:
            tip = QCoreApplication.translate(
                "CandidateModel", "Someone marked overlapping text with another label"
            )
        else:
            tip = QCoreApplication.translate(
                "CandidateModel", "Only some of the annotators marked it"
            )
        rows.append(Row(candidate_id(i), c.state, who, c.agreement, c.label, c.text, tip))
    for g in doc.gold:
        span = g.span
        if (span.start, span.end, span.label) in keys:
            continue
        origin = g.provenance.origin if g.provenance else "gold"
        sources = ", ".join(g.provenance.sources) if g.provenance else ""
        if g.provenance:
            word = ORIGIN_WORDS.get(origin)
            shown = _tr(word) if word else origin
            tip = QCoreApplication.translate("CandidateModel", "Gold (%s) by %s") % (
                shown,
                g.provenance.decided_by,
            )
        else:
            tip = QCoreApplication.translate("CandidateModel", "Gold")
        rows.append(Row(span.id, origin, sources or "—", "", span.label, span.text, tip))
    return rows


def state_text(state: str) -> str:
    word = STATE_WORDS.get(state)
    return _tr(word) if word else state


class CandidateModel(RowsModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("CandidateModel", "State"),
        QT_TRANSLATE_NOOP("CandidateModel", "Marked by"),
        QT_TRANSLATE_NOOP("CandidateModel", "Label"),
        QT_TRANSLATE_NOOP("CandidateModel", "Text"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: dict[str, Label] = {}

    def set_labels(self, labels: list[Label]) -> None:
        self._labels = {label.name: label for label in labels}

    def set_document(self, doc: ReviewDocument | None) -> None:
        self.set_rows(rows_of(doc) if doc is not None else [])

    def row_of(self, view_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.view_id == view_id), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == ViewIdRole:
            return row.view_id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_STATE:
                return state_text(row.state)
            if col == COL_WHO:
                return row.who
            if col == COL_LABEL:
                return row.label
            return f"{RLI}{row.text}{PDI}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tip
        if role == Qt.ItemDataRole.DecorationRole and col == COL_WHO:
            color = AGREEMENT_COLORS.get(row.agreement)  # the theme may override text colours
            return swatch(color) if color else None
        if role == Qt.ItemDataRole.DecorationRole and col == COL_LABEL:
            label = self._labels.get(row.label)
            return swatch(label.color) if label else None
        if role == Qt.ItemDataRole.ForegroundRole and row.state == REJECTED:
            return QBrush(QColor("#9e9e9e"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_TEXT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CandidatePanel(QTableView):
    item_selected = Signal(int)  # view id
    accept_requested = Signal(int)
    reject_requested = Signal(int)  # a candidate: reject; a gold-only span: remove it
    relabel_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = CandidateModel(self)
        self.setModel(self.model_)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        for col in (COL_STATE, COL_WHO, COL_LABEL):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.setShowGrid(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.selectionModel().currentChanged.connect(self._on_current)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self._labels: list[Label] = []

    def set_labels(self, labels: list[Label]) -> None:
        self._labels = labels
        self.model_.set_labels(labels)

    def set_document(self, doc: ReviewDocument | None, keep: int | None = None) -> None:
        self.model_.set_document(doc)
        if keep is not None:
            self.select(keep)

    def count(self) -> int:
        return self.model_.rowCount()

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return int(index.data(ViewIdRole)) if index.isValid() else None

    def select(self, view_id: int) -> None:
        """Follow the view's focus without echoing it back."""
        row = self.model_.row_of(view_id)
        select_quietly(self, None if row is None else self.model_.index(row, COL_TEXT))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.item_selected.emit(int(current.data(ViewIdRole)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        view_id = self.current_id()
        if view_id is not None:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.accept_requested.emit(view_id)
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.reject_requested.emit(view_id)
                return
        super().keyPressEvent(event)

    def _menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        view_id = int(index.data(ViewIdRole))
        menu = QMenu(self)
        if view_id < 0:
            menu.addAction(self.tr("Accept")).triggered.connect(
                lambda: self.accept_requested.emit(view_id)
            )
            menu.addAction(self.tr("Reject")).triggered.connect(
                lambda: self.reject_requested.emit(view_id)
            )
        else:
            menu.addAction(self.tr("Remove from gold")).triggered.connect(
                lambda: self.reject_requested.emit(view_id)
            )
        menu.addSeparator()
        for label in self._labels:
            action = menu.addAction(swatch(label.color), self.tr("Gold as %s") % label.name)
            action.triggered.connect(
                lambda _=False, name=label.name: self.relabel_requested.emit(view_id, name)
            )
        menu.exec(self.mapToGlobal(pos))
