"""The candidates of the document under review: who marked what, how far they agree, and
what the reviewer decided. Enter accepts, Delete rejects; a click focuses it in the text.

After the spans come the speaker links the annotators drew ("claim ← actor", said by):
Enter and Delete on one, or its menu, ask for the link to be accepted or rejected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

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
    LinkCandidate,
    ReviewDocument,
)
from annotator.core.text.names import shown_name
from annotator.gui.label_palette import swatch
from annotator.gui.plain_text import plain_tip
from annotator.gui.review_session import candidate_id
from annotator.gui.table_model import RowsModel, select_quietly

ViewIdRole = Qt.ItemDataRole.UserRole + 1
LinkRole = Qt.ItemDataRole.UserRole + 2  # a link row's index into ReviewDocument.links
COL_STATE, COL_WHO, COL_LABEL, COL_TEXT = range(4)
_Index = QModelIndex | QPersistentModelIndex
AGREEMENT_COLORS = {ALL: "#2e7d32", CONFLICT: "#c62828", SOME: "#f9a825"}
RLI, PDI = "\u2067", "\u2069"  # isolate RTL text so Latin around it keeps its place


@dataclass(frozen=True, slots=True)
class Row:
    # negative: a candidate; positive: a gold span no annotator marked as is. A link row
    # has its claim's (the gold span, else the candidate; -1: neither is in the text).
    view_id: int
    state: str
    who: str
    agreement: str
    label: str
    text: str
    tip: str
    link: int | None = None  # a link row: its index into ReviewDocument.links


def _tr(text: object) -> str:
    """A QT_TRANSLATE_NOOP text (typed object by PySide's stubs), translated."""
    return QCoreApplication.translate("CandidateModel", str(text))


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
        who = f"{len(c.annotators)}/{total} " + ", ".join(map(shown_name, c.annotators))
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
        sources = ", ".join(map(shown_name, g.provenance.sources)) if g.provenance else ""
        if g.provenance:
            word = ORIGIN_WORDS.get(origin)
            how = _tr(word) if word else shown_name(origin)
            tip = QCoreApplication.translate("CandidateModel", "Gold (%s) by %s") % (
                how,
                shown_name(g.provenance.decided_by),
            )
        else:
            tip = QCoreApplication.translate("CandidateModel", "Gold")
        rows.append(Row(span.id, origin, sources or "—", "", span.label, span.text, tip))
    candidate_of = {c.key: candidate_id(i) for i, c in enumerate(doc.candidates)}
    for i, link in enumerate(doc.links):
        rows.append(_link_row(i, link, total, candidate_of))
    return rows


def _link_row(
    index: int, link: LinkCandidate, total: int, candidate_of: dict[tuple[int, int, str], int]
) -> Row:
    if link.claim_span_id is not None:
        view_id = link.claim_span_id
    else:
        view_id = candidate_of.get(link.claim, -1)
    who = (
        f"{len(link.annotators)}/{total} " + ", ".join(map(shown_name, link.annotators))
        if link.annotators
        else "—"
    )
    if link.agreement == ALL:
        tip = QCoreApplication.translate(
            "CandidateModel", "Everyone who marked the claim and the actor linked them"
        )
    elif link.agreement == CONFLICT:
        tip = QCoreApplication.translate(
            "CandidateModel", "The annotators disagree on who said this claim"
        )
    else:
        tip = QCoreApplication.translate("CandidateModel", "A gold link no annotator drew")
    if not link.ready and link.state != REJECTED:
        tip += "\n" + QCoreApplication.translate(
            "CandidateModel", "Accept the claim and the actor into gold to decide it"
        )
    said_by = QCoreApplication.translate("CandidateModel", "said by")
    text = f"{RLI}{link.claim_text}{PDI} ← {RLI}{link.actor_text}{PDI}"
    return Row(view_id, link.state, who, link.agreement, said_by, text, tip, index)


def state_text(state: str) -> str:
    word = STATE_WORDS.get(state)
    return _tr(word) if word else state


class CandidateModel(RowsModel):
    HEADERS = cast(
        "tuple[str, ...]",
        (
            QT_TRANSLATE_NOOP("CandidateModel", "State"),
            QT_TRANSLATE_NOOP("CandidateModel", "Marked by"),
            QT_TRANSLATE_NOOP("CandidateModel", "Label"),
            QT_TRANSLATE_NOOP("CandidateModel", "Text"),
        ),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: dict[str, Label] = {}

    def set_labels(self, labels: list[Label]) -> None:
        self._labels = {label.name: label for label in labels}

    def set_document(self, doc: ReviewDocument | None) -> None:
        self.set_rows(rows_of(doc) if doc is not None else [])

    def row_of(self, view_id: int) -> int | None:
        """The candidate or gold span's row (a link row only points at its claim)."""
        return next(
            (i for i, r in enumerate(self.rows) if r.view_id == view_id and r.link is None), None
        )

    def link_row(self, link: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.link == link), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == ViewIdRole:
            return row.view_id
        if role == LinkRole:
            return row.link
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_STATE:
                return state_text(row.state)
            if col == COL_WHO:
                return row.who
            if col == COL_LABEL:
                return shown_name(row.label)  # a colleague's label: shown, never obeyed
            return row.text if row.link is not None else f"{RLI}{row.text}{PDI}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(row.tip)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_WHO:
            color = AGREEMENT_COLORS.get(row.agreement)  # the theme may override text colours
            return swatch(color) if color else None
        if role == Qt.ItemDataRole.DecorationRole and col == COL_LABEL and row.link is None:
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
    link_accept_requested = Signal(int)  # index into ReviewDocument.links
    link_reject_requested = Signal(int)

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
        self.setTabKeyNavigation(False)  # Tab leaves the panel; arrows move in it
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
        """The current row's view id (a link row: its claim's)."""
        index = self.currentIndex()
        return int(index.data(ViewIdRole)) if index.isValid() else None

    def current_link(self) -> int | None:
        """The current row's index into ReviewDocument.links; None: not a link row."""
        index = self.currentIndex()
        link = index.data(LinkRole) if index.isValid() else None
        return None if link is None else int(link)

    def select_link(self, link: int) -> None:
        row = self.model_.link_row(link)
        select_quietly(self, None if row is None else self.model_.index(row, COL_TEXT))

    def select(self, view_id: int) -> None:
        """Follow the view's focus without echoing it back. On a link row the view shows
        its claim: the link stays current when the view reports that claim focused."""
        current = self.currentIndex()
        on_link = current.isValid() and current.data(LinkRole) is not None
        if on_link and current.data(ViewIdRole) == view_id:
            return
        row = self.model_.row_of(view_id)
        select_quietly(self, None if row is None else self.model_.index(row, COL_TEXT))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            view_id = int(current.data(ViewIdRole))
            if view_id != -1:  # a link row whose claim is not in the text has nothing to show
                self.item_selected.emit(view_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        link = self.current_link()
        if link is not None:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.link_accept_requested.emit(link)
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.link_reject_requested.emit(link)
                return
            super().keyPressEvent(event)
            return
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
        menu = self.menu_at(pos)
        if menu is not None:
            menu.exec(self.mapToGlobal(pos))
            menu.deleteLater()

    def menu_at(self, pos: QPoint) -> QMenu | None:
        """The context menu for the row at `pos` (viewport coordinates), not yet shown."""
        index = self.indexAt(pos)
        if not index.isValid():
            return None
        menu = QMenu(self)
        link = index.data(LinkRole)
        if link is not None:
            link = int(link)
            menu.addAction(self.tr("Accept link")).triggered.connect(
                lambda: self.link_accept_requested.emit(link)
            )
            menu.addAction(self.tr("Reject link")).triggered.connect(
                lambda: self.link_reject_requested.emit(link)
            )
            return menu
        view_id = int(index.data(ViewIdRole))
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
            action = menu.addAction(
                swatch(label.color), self.tr("Gold as %s") % shown_name(label.name)
            )
            action.triggered.connect(
                lambda _=False, name=label.name: self.relabel_requested.emit(view_id, name)
            )
        return menu
