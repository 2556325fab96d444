"""The annotation window's document list: filters above a paged table of documents.

Emits `document_activated(id)` whenever the current document changes (click, arrow keys,
`select_document`) or a row is activated (Enter, double click); the window opens it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import SearchIndexDamaged
from annotator.core.model import Status
from annotator.core.services.corpus import CorpusService, DocumentQuery
from annotator.gui.document_model import (
    COL_LANG,
    COL_SPANS,
    COL_STATUS,
    COL_TITLE,
    DocumentTableModel,
    RightToLeftRole,
    not_assigned_text,
    status_text,
)
from annotator.gui.i18n import label_title

ORDER_UNCERTAIN = "uncertainty"
SEARCH_DELAY_MS = 250  # long enough not to query on every key, short enough to feel live
TITLE_WIDTH = 220  # px the titles' column gets when the list opens at its own size
SPANS_SAMPLE = "00000"  # the span column fits five digits
_LANGUAGE_NAMES = {
    "fa": QT_TRANSLATE_NOOP("DocumentList", "Persian"),
    "ar": QT_TRANSLATE_NOOP("DocumentList", "Arabic"),
    "other": QT_TRANSLATE_NOOP("DocumentList", "Other"),
}
_FILTER_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.DONE)


def _language_name(code: str) -> str:
    name = _LANGUAGE_NAMES.get(code)
    return QCoreApplication.translate("DocumentList", str(name)) if name else code


class ContentDirectionDelegate(QStyledItemDelegate):
    """Lays out each title in its own direction, whatever the interface language.

    Without it an Arabic title in a left-to-right window is laid out left-to-right: trailing
    punctuation and numbers land on the wrong end and the elision dots cut the wrong side.
    """

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        rtl = index.data(RightToLeftRole)
        if rtl is not None:
            option.direction = (
                Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
            )


class SearchField(QLineEdit):
    """A line edit wide enough for its placeholder ("Search titles and text"), which is
    longer in Persian and Arabic than QLineEdit's own 17 x's and was cut short."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        frame = hint.width() - 17 * metrics.horizontalAdvance("x")  # what QLineEdit adds
        # +2: the placeholder is elided as soon as it is a fraction of a pixel too wide
        wanted = frame + metrics.horizontalAdvance(self.placeholderText()) + 2
        return QSize(max(hint.width(), wanted), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class DocumentList(QWidget):
    """Search, status, language and label filters over the document table."""

    document_activated = Signal(int)  # document id
    search_index_damaged = Signal(object)  # SearchIndexDamaged: the window offers a rebuild
    rank_requested = Signal(object)  # DocumentQuery: the window ranks it with the model

    def __init__(self, service: CorpusService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._current_id: int | None = None
        self.model = DocumentTableModel(service, parent=self)

        self.search_field = SearchField(self)
        self.search_field.setPlaceholderText(self.tr("Search titles and text"))
        self.search_field.setClearButtonEnabled(True)
        self.status_combo = QComboBox(self)
        self.lang_combo = QComboBox(self)
        self.label_combo = QComboBox(self)
        self.order_combo = QComboBox(self)
        self.order_combo.addItem(self.tr("In document order"), None)
        self.order_combo.addItem(self.tr("Least sure first"), ORDER_UNCERTAIN)
        self.order_combo.setToolTip(
            self.tr("Least sure first: what the model is least sure of, to annotate next")
        )
        self.order_combo.setEnabled(False)  # until a model is trained
        self._ranking = False  # a ranking was asked for and has not arrived yet
        for combo in (*self.filter_combos(), self.order_combo):
            # as wide as the longest choice, measured again when the choices change (a
            # project's labels) or the theme does; never squeezed below it
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.count_label = QLabel(self)
        self.count_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.count_label.setContentsMargins(6, 0, 6, 0)  # off the dock's edge, either side
        self._columns_fitted = False
        self._languages: list[str] = []
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        self.view = QTableView(self)
        self.view.setModel(self.model)
        self._setup_view()
        self._fill_filters()
        self.fit_columns()
        self._layout()
        self._connect_signals()
        self._show_count()

    # -- public API -----------------------------------------------------------------------------

    def filter_combos(self) -> tuple[QComboBox, QComboBox, QComboBox]:
        return (self.status_combo, self.lang_combo, self.label_combo)

    def query(self) -> DocumentQuery:
        """What the list currently shows (for "next document" in the same selection)."""
        return self.model.query()

    def current_document_id(self) -> int | None:
        return self._current_id

    def select_document(self, document_id: int) -> bool:
        """Make the document current and scroll to it; False if the filters hide it.

        Emits `document_activated` when the current row moves to it. A hidden document
        still becomes the list's current one (no row highlighted), so that `neighbour` and
        `select_next` carry on from it.
        """
        row = self.model.row_of(document_id)
        if row is None:
            self._current_id = document_id
            self.view.setCurrentIndex(QModelIndex())
            return False
        index = self.model.index(row, COL_TITLE)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def first_document_id(self) -> int | None:
        """The first document the filters let through; None when they let none."""
        if self.model.ranked():
            ids = self.model.ranked_ids()
            return ids[0] if ids else None
        return self._service.next_id(self.model.query(), 0)

    def neighbour(self, document_id: int | None, delta: int) -> int | None:
        """The document after (delta > 0) or before (delta < 0) `document_id` in this list.

        From None, the first document. Works for a document the filters hide, so "done,
        next" under a "new" filter moves on from the one that just stopped being new.
        In the model's order, the next one down that order (from one not in it, its top).
        """
        if self.model.ranked():
            ids = self.model.ranked_ids()
            if not ids:
                return None
            if document_id not in ids:
                return ids[0] if delta >= 0 else None
            i = ids.index(document_id) + (1 if delta >= 0 else -1)
            return ids[i] if 0 <= i < len(ids) else None
        query = self.model.query()
        if document_id is None:
            return self._service.next_id(query, 0)
        if delta >= 0:
            return self._service.next_id(query, document_id)
        return self._service.previous_id(query, document_id)

    def select_next(self) -> int | None:
        """Move to the next document in the list ("done, next"); None at the end."""
        next_id = self.neighbour(self._current_id, +1)
        if next_id is not None:
            self.select_document(next_id)
        return next_id

    def refresh_document(self, document_id: int) -> None:
        """Show a document's new span count or status, without touching the other rows."""
        self.model.refresh_document(document_id)

    def clear_filters(self) -> None:
        """Show every document again (e.g. to go to one the filters hide)."""
        self._search_timer.stop()
        for combo in self.filter_combos():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self.apply_filters()

    def reload(self) -> None:
        """Re-read labels, languages and rows, after an import changed the project."""
        self._fill_filters()
        self._show(self._query_from_controls())
        self.fit_columns()
        self._rank_if_chosen()

    def apply_filters(self) -> None:
        """Show the documents the controls select now (the search box waits for a pause)."""
        query = self._query_from_controls()
        if query != self.model.query() or self.model.ranked() != self._order_chosen():
            self._show(query)
            self._rank_if_chosen()

    # -- the model's order ----------------------------------------------------------------------

    def _order_chosen(self) -> bool:
        return self.order_combo.currentData() == ORDER_UNCERTAIN

    def _rank_if_chosen(self) -> None:
        if self._order_chosen() and self.order_combo.isEnabled():
            self._ranking = True
            self.count_label.setText(self.tr("Ranking…"))
            self.rank_requested.emit(self.model.query())

    def model_changed(self, model: object) -> None:
        """A model (or none): the order by its uncertainty is offered, and redone."""
        self.order_combo.setEnabled(model is not None)
        if model is None and self._order_chosen():
            self.order_combo.setCurrentIndex(0)  # back to document order (apply_filters)
        elif model is not None:
            self._rank_if_chosen()

    def show_ranked(
        self, query: DocumentQuery, rows: list, scores: dict[int, float], left: int
    ) -> None:
        """The ranking arrived: shown if it is still what the controls ask for."""
        if not self._order_chosen() or query != self._query_from_controls():
            return
        self._ranking = False
        self.model.set_ranked(query, rows, scores)
        self._after_reset()
        if left:
            self.count_label.setText(
                self.tr("%Ln document(s)", "", len(rows))
                + self.tr(" (%Ln more unranked)", "", left)
            )

    def ranking_failed(self) -> None:
        self._ranking = False
        self._show_count()

    def _query_from_controls(self) -> DocumentQuery:
        status = self.status_combo.currentData()
        return self._service.query(
            status=None if status is None else Status(status),
            lang=self.lang_combo.currentData(),
            label=self.label_combo.currentData(),
            search=self.search_field.text(),
        )

    def _show(self, query: DocumentQuery) -> None:
        self._search_timer.stop()
        try:
            self.model.set_query(query)
        except SearchIndexDamaged as damage:  # the list without the search, until rebuilt
            self.model.set_query(replace(query, search=None))
            self.search_index_damaged.emit(damage)
        self._after_reset()

    # -- building -------------------------------------------------------------------------------

    def _setup_view(self) -> None:
        view = self.view
        view.setItemDelegateForColumn(COL_TITLE, ContentDirectionDelegate(view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        rows = view.verticalHeader()
        rows.hide()
        # Fixed heights: the view never measures rows, whatever their number.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
        columns = view.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setStretchLastSection(False)
        # The titles take what the other columns leave; those fit their contents (fit_columns)
        columns.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (COL_LANG, COL_STATUS, COL_SPANS):
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)

    def fit_columns(self) -> None:
        """Size the language, status and span columns to their widest possible cell and to
        their header, in the current language and theme; the titles' column takes the rest.

        Not ResizeToContents: that measures the rows on screen, on every fetched page, and
        the columns would jump as the analyst scrolls past an "in progress" row.
        """
        view = self.view
        view.ensurePolished()  # the theme's font and paddings, not the defaults
        columns = view.horizontalHeader()
        columns.ensurePolished()
        for column, samples in self._column_samples().items():
            cells = max(self._cell_width(sample) for sample in samples)
            columns.resizeSection(column, max(cells, columns.sectionSizeHint(column)))

    def _column_samples(self) -> dict[int, list[str]]:
        return {
            COL_LANG: self._languages,
            COL_STATUS: [*(status_text(status) for status in Status), not_assigned_text()],
            COL_SPANS: [SPANS_SAMPLE],
        }

    def _cell_width(self, text: str) -> int:
        """How wide the view's style draws a cell showing `text` (item padding included)."""
        view = self.view
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.font = view.font()
        option.fontMetrics = view.fontMetrics()
        option.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
        option.text = text
        size = view.style().sizeFromContents(
            QStyle.ContentsType.CT_ItemViewItem, option, QSize(), view
        )
        return size.width() + (1 if view.showGrid() else 0)

    def _fill_filters(self) -> None:
        """(Re)build the combos from the project, keeping what is chosen when still offered."""
        self._refill(
            self.status_combo,
            self.tr("All statuses"),
            [(status_text(s), s.value) for s in _FILTER_STATUSES],
        )
        languages = ["fa", "ar", "other"]
        languages += [lang for lang in self._service.languages() if lang not in languages]
        self._languages = languages  # for fit_columns, which must not query (theme change)
        self._refill(
            self.lang_combo,
            self.tr("All languages"),
            [(_language_name(lang), lang) for lang in languages],
        )
        self._refill(
            self.label_combo,
            self.tr("All labels"),
            [(label_title(name), name) for name in self._service.label_names()],
        )

    @staticmethod
    def _refill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for text, value in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen is not None else 0)
        combo.blockSignals(False)

    def _layout(self) -> None:
        # The count sits beside the search it answers, leaving the combos their own row:
        # their Persian and Arabic texts are wider than the English ones.
        search = QHBoxLayout()
        search.setContentsMargins(0, 0, 0, 0)
        search.addWidget(self.search_field, 1)
        search.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for combo in self.filter_combos():
            filters.addWidget(combo)
        filters.addStretch(1)
        # A row of its own: beside the filters it widened the list, and the article is
        # to keep half a small screen.
        order = QHBoxLayout()
        order.setContentsMargins(0, 0, 0, 0)
        order.addWidget(self.order_combo)
        order.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search)
        layout.addLayout(filters)
        layout.addLayout(order)
        layout.addWidget(self.view, 1)

    def sizeHint(self) -> QSize:
        """Wide enough for the filters, and for TITLE_WIDTH of titles beside the other
        columns: a dock opens at this width, and titles are what the analyst reads."""
        hint = super().sizeHint()
        columns = self.view.horizontalHeader()
        others = sum(columns.sectionSize(c) for c in (COL_LANG, COL_STATUS, COL_SPANS))
        chrome = 2 * self.view.frameWidth() + self.view.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), others + TITLE_WIDTH + chrome), hint.height())

    def showEvent(self, event: QShowEvent) -> None:
        if not self._columns_fitted:  # polished now: the theme's fonts and paddings apply
            self._columns_fitted = True
            self.fit_columns()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """The theme changed (a new stylesheet) or the font did: fit the columns again, once
        the children have been restyled too."""
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            QTimer.singleShot(0, self, self.fit_columns)
        super().changeEvent(event)

    def _connect_signals(self) -> None:
        self.search_field.textChanged.connect(self._search_timer.start)
        self.search_field.returnPressed.connect(self.apply_filters)
        self._search_timer.timeout.connect(self.apply_filters)
        for combo in (*self.filter_combos(), self.order_combo):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.view.activated.connect(self._on_activated)

    # -- reactions ------------------------------------------------------------------------------

    def _after_reset(self) -> None:
        """Keep the open document selected when the new filters still show it."""
        self._show_count()
        if self._current_id is not None:
            row = self.model.row_of(self._current_id)
            if row is not None:
                self.view.setCurrentIndex(self.model.index(row, COL_TITLE))
                self.view.scrollTo(self.model.index(row, COL_TITLE))
                return
        self.view.scrollToTop()

    def _show_count(self) -> None:
        total = self.model.total()
        self.count_label.setText(self.tr("%Ln document(s)", "", total))

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        document_id = self.model.document_id(current.row())
        if document_id != self._current_id:
            self._current_id = document_id
            self.document_activated.emit(document_id)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self._current_id = self.model.document_id(index.row())
            self.document_activated.emit(self._current_id)
