"""The document list as a Qt table model that reads pages of rows as the view scrolls.

Holds only what has been fetched (titles and counts, never texts), in document id order, so a
100,000-document project costs the rows the analyst has scrolled past. Every read goes
through CorpusService; the model knows no SQL.
"""

from __future__ import annotations

from typing import Any

import regex
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from annotator.core.model import Status
from annotator.core.services.corpus import CorpusService, DocumentQuery, DocumentRow
from annotator.core.text.names import shown_id, shown_title
from annotator.gui.plain_text import plain_tip

COL_TITLE, COL_LANG, COL_STATUS, COL_SPANS = range(4)
COLUMN_COUNT = 4

DocumentIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2  # the Status value, e.g. "in_progress"
RightToLeftRole = Qt.ItemDataRole.UserRole + 3  # True when the title is Arabic-script text

PAGE_SIZE = 200

# Translated when shown, in the DocumentTableModel context (marked here for lupdate).
_HEADERS = {
    COL_TITLE: QT_TRANSLATE_NOOP("DocumentTableModel", "Title"),
    COL_LANG: QT_TRANSLATE_NOOP("DocumentTableModel", "Lang"),
    COL_STATUS: QT_TRANSLATE_NOOP("DocumentTableModel", "Status"),
    COL_SPANS: QT_TRANSLATE_NOOP("DocumentTableModel", "Spans"),
}
_STATUS_WORDS = {
    Status.NEW: QT_TRANSLATE_NOOP("DocumentTableModel", "new"),
    Status.IN_PROGRESS: QT_TRANSLATE_NOOP("DocumentTableModel", "in progress"),
    Status.DONE: QT_TRANSLATE_NOOP("DocumentTableModel", "done"),
    Status.REVIEWED: QT_TRANSLATE_NOOP("DocumentTableModel", "reviewed"),
}
_NOT_ASSIGNED = QT_TRANSLATE_NOOP("DocumentTableModel", "not assigned")
_NOT_ASSIGNED_TIP = QT_TRANSLATE_NOOP(
    "DocumentTableModel",
    "The lead has taken this document back from you. It stays here with your work; "
    "edits you make on it are kept and sent if it is assigned to you again.",
)
# A letter of the Arabic script (Persian and Arabic alike); digits and punctuation do not count.
_ARABIC_LETTER = regex.compile(r"[\p{Script=Arabic}&&\p{L}]", regex.VERSION1)
# Absolute: an Arabic title stays on the right in a right-to-left interface too, where a
# plain AlignRight would be mirrored to the left.
_RTL_ALIGN = (
    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute
)
_LTR_ALIGN = (
    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute
)
_NUMBER_ALIGN = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
_PLAIN_ALIGN = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter

_Parent = QModelIndex | QPersistentModelIndex


def status_text(status: Status | str) -> str:
    """The word the list shows for a status ("in progress", not "in_progress")."""
    # str(): QT_TRANSLATE_NOOP returns its text, typed as object
    return QCoreApplication.translate("DocumentTableModel", str(_STATUS_WORDS[Status(status)]))


def not_assigned_text() -> str:
    """What the status column says of a document the lead took back (team copies)."""
    return QCoreApplication.translate("DocumentTableModel", str(_NOT_ASSIGNED))


def header_text(column: int) -> str:
    return QCoreApplication.translate("DocumentTableModel", str(_HEADERS[column]))


def is_right_to_left(text: str) -> bool:
    return _ARABIC_LETTER.search(text) is not None


class DocumentTableModel(QAbstractTableModel):
    """Rows of one DocumentQuery, fetched PAGE_SIZE at a time (canFetchMore/fetchMore).

    `rowCount` is what has been fetched; `total` is how many the query matches.
    """

    def __init__(
        self,
        service: CorpusService,
        query: DocumentQuery | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._query = query or service.query()
        self._rows: list[DocumentRow] = []
        self._rtl: list[bool] = []  # per row, computed once: data() is called on every paint
        self._row_of: dict[int, int] = {}
        self._total = 0
        self._unassigned: frozenset[int] = frozenset()
        self._scores: dict[int, float] | None = None  # the model's uncertainty, when ranked
        self._load()

    # -- what the list shows ------------------------------------------------------------------

    def query(self) -> DocumentQuery:
        return self._query

    def total(self) -> int:
        """How many documents the query matches, fetched or not."""
        return self._total

    def set_query(self, query: DocumentQuery) -> None:
        """Show another selection of documents: a reset, then the first page."""
        self.beginResetModel()
        try:
            self._query = query
            self._scores = None
            self._load()
        finally:  # a query that fails (a damaged search index) leaves an empty list
            self.endResetModel()

    def reload(self) -> None:
        """Read everything again (after an import or a change made elsewhere)."""
        self.set_query(self._query)

    def set_ranked(
        self, query: DocumentQuery, rows: list[DocumentRow], scores: dict[int, float]
    ) -> None:
        """Show these rows in this order (the model's least sure first), all at once: a
        ranking is a few thousand rows at most (jobs.RANK_LIMIT)."""
        self.beginResetModel()
        try:
            self._query = query
            self._scores = dict(scores)
            self._rows, self._rtl, self._row_of = [], [], {}
            self._append(rows, len(rows))
            self._total = len(rows)
        finally:
            self.endResetModel()

    def ranked(self) -> bool:
        return self._scores is not None

    def ranked_ids(self) -> list[int]:
        return [row.id for row in self._rows]

    def score(self, document_id: int) -> float | None:
        return None if self._scores is None else self._scores.get(document_id)

    def _load(self) -> None:
        self._rows, self._rtl, self._row_of, self._total = [], [], {}, 0
        self._unassigned = self._service.unassigned()
        self._total = self._service.count(self._query)
        self._append(self._service.page_after(self._query, 0, PAGE_SIZE), PAGE_SIZE)

    def _append(self, rows: list[DocumentRow], asked: int) -> None:
        for row in rows:
            self._row_of[row.id] = len(self._rows)
            self._rows.append(row)
            self._rtl.append(is_right_to_left(row.title))
        if len(rows) < asked:
            # The end came sooner than count() said (documents removed meanwhile): stop there.
            self._total = len(self._rows)
        else:
            self._total = max(self._total, len(self._rows))

    def _fetch(self, wanted: int) -> None:
        after = self._rows[-1].id if self._rows else 0
        rows = self._service.page_after(self._query, after, wanted)
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._append(rows, wanted)
            self.endInsertRows()
        else:
            self._total = len(self._rows)

    def document_id(self, row: int) -> int:
        """The id of the document on `row` (which must have been fetched)."""
        return self._rows[row].id

    def document_row(self, row: int) -> DocumentRow:
        return self._rows[row]

    def row_of(self, document_id: int) -> int | None:
        """The row showing the document, fetching the pages up to it; None if filtered out."""
        row = self._row_of.get(document_id)
        if row is not None or self._scores is not None:
            return row
        if self._rows and document_id < self._rows[-1].id:
            return None  # rows come in id order: it would have been fetched already
        index = self._service.index_of(self._query, document_id)
        if index is None:
            return None
        missing = index + 1 - len(self._rows)
        if missing > 0:
            pages = -(-missing // PAGE_SIZE)  # whole pages, so the next fetch starts aligned
            self._fetch(pages * PAGE_SIZE)
        return self._row_of.get(document_id)

    def refresh_document(self, document_id: int) -> None:
        """Re-read one document's row (a span or its status changed) and repaint only it.

        The row stays even if it no longer matches the filters: rows vanishing under the
        analyst's cursor would be worse. The next query change drops it.
        """
        row = self._row_of.get(document_id)
        if row is None:
            return
        try:
            self._rows[row] = self._service.row(document_id)
        except KeyError:
            return  # deleted meanwhile; reload() will drop it
        self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))

    # -- Qt overrides ---------------------------------------------------------------------------

    def rowCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def canFetchMore(self, parent: _Parent) -> bool:
        return not parent.isValid() and self._scores is None and len(self._rows) < self._total

    def fetchMore(self, parent: _Parent) -> None:
        if self.canFetchMore(parent):
            self._fetch(PAGE_SIZE)

    def flags(self, index: _Parent) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or section not in _HEADERS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return header_text(section)
        return None

    def data(self, index: _Parent, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_STATUS and row.id in self._unassigned:
                return not_assigned_text()
            return self._display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == COL_TITLE:
                return _RTL_ALIGN if self._rtl[index.row()] else _LTR_ALIGN
            return _NUMBER_ALIGN if column == COL_SPANS else _PLAIN_ALIGN
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TITLE:
            score = self.score(row.id)
            if score is not None:
                unsure = self.tr("The model's uncertainty: %s") % f"{score:.3f}"
                return plain_tip(f"{shown_title(row.title)}\n{shown_id(row.ext_id)}\n{unsure}")
            return plain_tip(f"{shown_title(row.title)}\n{shown_id(row.ext_id)}")
        if role == Qt.ItemDataRole.ToolTipRole and row.id in self._unassigned:
            return QCoreApplication.translate("DocumentTableModel", str(_NOT_ASSIGNED_TIP))
        if role == DocumentIdRole:
            return row.id
        if role == StatusRole:
            return row.status.value
        if role == RightToLeftRole:
            return self._rtl[index.row()]
        return None

    @staticmethod
    def _display(row: DocumentRow, column: int) -> Any:
        if column == COL_TITLE:  # a file's or a colleague's words: shown, never obeyed
            return shown_title(row.title) if row.title else shown_id(row.ext_id)
        if column == COL_LANG:
            return row.lang
        if column == COL_STATUS:
            return status_text(row.status)
        if column == COL_SPANS:
            return row.span_count
        return None
