"""Inter-annotator agreement: summary figures, a pair matrix, per-label figures, disagreements.

Display only: the report (core.review.report.AgreementReport) is computed elsewhere, so this
view holds no SQL and no metric code. Every figure may be missing (None, NaN): it is shown as
"not defined" with the reason the report gives in a tooltip, never as 0, which would read as
total disagreement.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.review.report import AgreementReport, Figure, PairAgreement
from annotator.core.text.names import shown_id, shown_name, shown_title
from annotator.gui.bar_chart import BarChart, Series
from annotator.gui.plain_text import plain_tip

_Index = QModelIndex | QPersistentModelIndex

PairRole = Qt.ItemDataRole.UserRole + 1  # (a, b) in the report's order
LabelRole = Qt.ItemDataRole.UserRole + 2  # label name, "" for all labels
RightToLeftRole = Qt.ItemDataRole.UserRole + 3

METRICS = ("f1_exact", "f1_overlap", "cohen_kappa")
MODE_OF_METRIC = {"f1_exact": "exact", "f1_overlap": "overlap", "cohen_kappa": "overlap"}
# Per-label table columns and the match mode a click on each asks for.
COL_F1_EXACT, COL_F1_OVERLAP, COL_PRECISION, COL_RECALL, COL_ALPHA_U = range(5)
LABEL_COLUMN_MODES = ("exact", "overlap", "overlap", "overlap", "overlap")
# Light fills with dark text: readable on the light and the dark theme alike.
SCALE = ((0.4, "#f4c7c3"), (0.667, "#fce8b2"), (0.8, "#e6f4c8"), (math.inf, "#b7e1cd"))
SCALE_TEXT = QColor("#202124")
MAX_SPAN_TEXT = 80
# The theme pads each header title by 20 px a side: the per-label table's five columns
# and the pair matrix then need more than a 900 px window has. Six, as the document list
# has (theme.COMPACT_HEADERS), keeps every title whole there.
COMPACT_HEADERS = "QHeaderView::section { padding: 0px 6px; }"
_UPPERCASE_TITLES = re.compile(r"QHeaderView::section\s*\{[^}]*text-transform:\s*uppercase")
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


class SpanText(Protocol):
    start: int
    end: int
    label: str
    text: str


class DisagreementRow(Protocol):
    document_id: int
    document: str
    titled: bool
    kind: str
    a: SpanText | None
    b: SpanText | None


def figure(value: object) -> float | None:
    """A finite number or None: NaN, infinities and non-numbers all mean "not defined"."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def scale_colour(value: float) -> QColor:
    """Krippendorff's bands: < .4 poor, < .667 discard, < .8 tentative, >= .8 reliable."""
    return QColor(next(colour for bound, colour in SCALE if value < bound))


def is_rtl(text: str) -> bool:
    """Direction of the first strong character, as the Unicode bidi algorithm decides it."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def pair_metric(pair: PairAgreement, metric: str) -> Figure:
    """The matrix's figure of a pair for a METRICS key (F1: the micro average over labels)."""
    if metric == "f1_exact":
        return pair.f1_exact.total.f1
    if metric == "f1_overlap":
        return pair.f1_overlap.total.f1
    return pair.cohen_kappa


def _item_pair(item: QTableWidgetItem | None) -> tuple[str, str] | None:
    pair = item.data(PairRole) if item is not None else None
    return (str(pair[0]), str(pair[1])) if pair else None


class _DirectionDelegate(QStyledItemDelegate):
    """Lays each cell out in its own direction (RightToLeftRole), whatever the interface's.

    An Arabic span in a left-to-right cell puts trailing punctuation on the wrong end and
    elides the wrong side; a right-to-left cell does neither.
    """

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        rtl = index.data(RightToLeftRole)
        if rtl is not None:
            option.direction = (
                Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
            )


class _EnterFilter(QObject):
    """Calls back on Enter/Return over a view's current cell: Enter acts like the mouse."""

    def __init__(self, view: QAbstractItemView, callback: Callable[[QModelIndex], None]) -> None:
        super().__init__(view)
        self._view = view
        self._callback = callback
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._view.currentIndex().isValid()
        ):
            self._callback(self._view.currentIndex())
            return True
        return super().eventFilter(watched, event)


class DisagreementModel(QAbstractTableModel):
    """Rows of disagreements between annotators a and b; a model, as a corpus has thousands."""

    COL_DOCUMENT, COL_KIND, COL_A, COL_B = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DisagreementRow] = []
        self._a = "a"
        self._b = "b"

    def set_rows(self, rows: Sequence[DisagreementRow], a: str, b: str) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._a, self._b = shown_name(a), shown_name(b)  # for the headers and the kinds' words
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)

    def row(self, row: int) -> DisagreementRow:
        return self._rows[row]

    def kind_text(self, kind: str) -> str:
        words = {
            "only_a": self.tr("only in %s") % self._a,
            "only_b": self.tr("only in %s") % self._b,
            "label": self.tr("other label"),
            "boundary": self.tr("other boundaries"),
            "overlap_label": self.tr("overlapping, other label"),
        }
        return words.get(kind, kind)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Document"), self.tr("Difference"), self._a, self._b)[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        span = row.a if column == self.COL_A else row.b if column == self.COL_B else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_DOCUMENT:
                return _shown_document(row)
            if column == self.COL_KIND:
                return self.kind_text(row.kind)
            if span is None:
                return "—"
            text = span.text if len(span.text) <= MAX_SPAN_TEXT else span.text[:79] + "…"
            # Isolates keep a Latin label and an RTL text from reordering each other.
            return f"{FSI}{shown_name(span.label)}{PDI} · {RLI if is_rtl(text) else LRI}{text}{PDI}"
        if role == RightToLeftRole:
            if column == self.COL_DOCUMENT:
                return is_rtl(row.document)
            if span is not None:
                return is_rtl(span.text)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_DOCUMENT:
                return plain_tip(f"{_shown_document(row)} (#{row.document_id})")
            if span is not None:
                return plain_tip(f"{shown_name(span.label)} {span.start}–{span.end}\n{span.text}")
        return None


def titles_uppercased() -> bool:
    """Whether the application's style sheet uppercases header titles (qt-material's does)."""
    app = QApplication.instance()
    return isinstance(app, QApplication) and bool(_UPPERCASE_TITLES.search(app.styleSheet()))


def title_width(header: QHeaderView, section: int, uppercased: bool) -> int:
    """The width a header section needs to show its title whole, as the style paints it.

    A style sheet that uppercases titles does so when it paints them, while Qt sizes a
    section for the title as written: "ALL LABELS" is wider than "All labels", so a section
    Qt sized alone loses its last letters. The style's own padding is kept.
    """
    text = header.model().headerData(section, header.orientation()) if header.model() else ""
    text = str(text or "")
    metrics = header.fontMetrics()
    written = metrics.horizontalAdvance(text)
    shown = max(written, metrics.horizontalAdvance(text.upper())) if uppercased else written
    return header.sectionSizeFromContents(section).width() + shown - written


def _cell_width(table: QTableWidget, text: str) -> int:
    """The width a cell of `table` needs for `text`, measured as its delegate measures one."""
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.widget = table
    option.font = table.font()
    option.text = text
    option.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
    option.displayAlignment = Qt.AlignmentFlag.AlignCenter
    contents = QStyle.ContentsType.CT_ItemViewItem
    return table.style().sizeFromContents(contents, option, QSize(), table).width() + 1


def _fit(table: QTableWidget, reserve: str = "") -> None:
    """Make a small table show every row, every title and every figure whole: the splitters
    around it would otherwise squeeze it to two rows of cut-off numbers and titles.

    Columns also keep room for `reserve`, a text some other fill may show: the table then
    keeps its width when it is filled again.
    """
    table.resizeRowsToContents()
    rows, columns = table.verticalHeader(), table.horizontalHeader()
    upper = titles_uppercased()
    titles = [title_width(rows, row, upper) for row in range(table.rowCount())]
    rows.setMinimumWidth(max([*titles, 0]))
    cells = [
        table.sizeHintForIndex(table.model().index(row, column)).width() + 1  # + grid line
        for row in range(table.rowCount())
        for column in range(table.columnCount())
    ]
    titles = [title_width(columns, column, upper) for column in range(table.columnCount())]
    column_width = max([*cells, *titles, _cell_width(table, reserve) if reserve else 0])
    # Equal columns (they stretch), each as wide as the widest title or figure needs.
    columns.setMinimumSectionSize(column_width)
    frame = 2 * table.frameWidth()
    height = columns.sizeHint().height() + frame
    height += sum(table.rowHeight(row) for row in range(table.rowCount()))
    table.setMinimumHeight(height)
    width = max(rows.minimumWidth(), rows.sizeHint().width()) + frame
    table.setMinimumWidth(width + column_width * table.columnCount())


class AgreementView(QWidget):
    """Shows an agreement report and asks, through signals, for what it cannot compute."""

    # a, b, label ("" = all labels), mode ("exact" | "overlap")
    disagreements_requested = Signal(str, str, str, str)
    open_requested = Signal(int, int, int)  # document id, start, end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: AgreementReport | None = None
        self._pair: tuple[str, str] | None = None
        self.summary_values: dict[str, QLabel] = {}

        self.metric_combo = QComboBox(self)
        for key, name in zip(METRICS, self._metric_names(), strict=True):
            self.metric_combo.addItem(name, key)
        self.matrix = QTableWidget(self)
        self.pair_title = QLabel(self)
        self.pair_title.setTextFormat(Qt.TextFormat.PlainText)  # annotators' names: not HTML
        self.label_table = QTableWidget(self)
        self.chart = BarChart(self)
        self.disagreements = DisagreementModel(self)
        self.list_view = QTableView(self)
        self.list_view.setModel(self.disagreements)
        self.list_view.setItemDelegate(_DirectionDelegate(self.list_view))
        self.list_count = QLabel(self)
        # Fonts and padding change with the theme: titles and figures are measured again
        # once the new style has reached the headers too (this view may hear of it first).
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit_tables)

        self.setStyleSheet(COMPACT_HEADERS)
        self._setup_tables()
        self._layout()
        self._connect()
        self.set_report(None)

    # -- public API -----------------------------------------------------------------------------

    def report(self) -> AgreementReport | None:
        return self._report

    def selected_pair(self) -> tuple[str, str] | None:
        return self._pair

    def current_metric(self) -> str:
        return str(self.metric_combo.currentData())

    def set_report(self, report: AgreementReport | None) -> None:
        """Show a new report (None: nothing yet); the first pair becomes the selected one
        (without a request)."""
        self._report = report
        self._fill_summary()
        self._fill_matrix()
        pairs = self._pairs()
        self.select_pair(*((pairs[0].a, pairs[0].b) if pairs else ("", "")))
        self._clear_disagreements()

    def select_pair(self, a: str, b: str) -> None:
        """Fill the per-label table and chart for a pair (in either order; "" for none)."""
        pair = self._pair_data(a, b)
        self._pair = (pair.a, pair.b) if pair is not None else None
        self._fill_pair_title(pair)
        self._fill_label_table(pair)
        self._fill_chart(pair)
        self._mark_selected_pair()

    def show_disagreements(self, rows: Sequence[DisagreementRow]) -> None:
        """List rows (document_id, document, kind, a, b spans) for the selected pair."""
        a, b = self._pair or (self.tr("first"), self.tr("second"))
        self.disagreements.set_rows(rows, a, b)
        self.list_count.setText(self.tr("%n disagreement(s)", "", len(rows)))
        self._fit_list()

    def _clear_disagreements(self) -> None:
        """An empty list that says how to fill it: "0 disagreements" before anything was
        asked would read as "these annotators never disagree"."""
        a, b = self._pair or (self.tr("first"), self.tr("second"))
        self.disagreements.set_rows([], a, b)
        self.list_count.setText(self.tr("Click a figure or a bar to list the disagreeing spans"))
        self._fit_list()

    # -- building -------------------------------------------------------------------------------

    def _metric_names(self) -> list[str]:
        return [self.tr("F1 exact"), self.tr("F1 overlap"), self.tr("Cohen's kappa")]

    def _setup_tables(self) -> None:
        for view in (self.matrix, self.label_table, self.list_view):
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setTabKeyNavigation(False)  # Tab moves between the views, arrows inside one
            view.setWordWrap(False)
        self.matrix.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.label_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.label_table.setColumnCount(5)
        self.label_table.setHorizontalHeaderLabels(
            [
                self.tr("F1 exact"),
                self.tr("F1 overlap"),
                self.tr("Precision"),
                self.tr("Recall"),
                self.tr("α_U"),
            ]
        )
        tips = (
            self.tr("Spans match only with the same start, end and label"),
            self.tr("Spans match when they overlap and share the label"),
            self.tr("Overlap matching: share of the second annotator's spans the first has"),
            self.tr("Overlap matching: share of the first annotator's spans the second has"),
            self.tr("Krippendorff's unitizing alpha over all annotators, not only this pair"),
        )
        for column, tip in enumerate(tips):
            header = self.label_table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(tip)
        self.label_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Both tables as tall as their rows, whatever the font: no empty grid below them.
        for table in (self.matrix, self.label_table):
            table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
            table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setShowGrid(False)
        self.list_view.setAlternatingRowColors(True)
        rows = self.list_view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.list_view.fontMetrics().height() + 8)
        columns = self.list_view.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setSectionResizeMode(DisagreementModel.COL_A, QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(DisagreementModel.COL_B, QHeaderView.ResizeMode.Stretch)
        columns.resizeSection(DisagreementModel.COL_DOCUMENT, 180)
        self.matrix.setToolTip(self._scale_tip())

    def _layout(self) -> None:
        summary = QGridLayout()
        summary.setContentsMargins(0, 0, 0, 4)
        summary.setHorizontalSpacing(24)
        summary.setVerticalSpacing(0)

        captions = (
            ("documents", self.tr("Documents"), ""),
            ("annotators", self.tr("Annotators"), ""),
            ("fleiss_kappa", self.tr("Fleiss' κ"), self.tr("Label agreement, all annotators")),
            (
                "krippendorff_alpha",
                self.tr("Krippendorff's α"),
                self.tr("Label agreement, all annotators, missing annotations allowed"),
            ),
            ("alpha_unitizing", self.tr("α_U"), self.tr("Agreement on where spans lie")),
        )
        for column, (key, caption, tip) in enumerate(captions):
            title = QLabel(caption, self)
            title.setToolTip(tip)
            value = QLabel(self)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            summary.addWidget(title, 0, column)
            summary.addWidget(value, 1, column)
            self.summary_values[key] = value
        summary.setColumnStretch(len(captions), 1)
        self._emphasise_summary()

        metric_row = QHBoxLayout()
        metric_label = QLabel(self.tr("&Pair metric:"), self)
        metric_label.setBuddy(self.metric_combo)
        metric_row.addWidget(metric_label)
        metric_row.addWidget(self.metric_combo)
        metric_row.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(metric_row)
        left_layout.addWidget(self.matrix)
        left_layout.addStretch(1)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.pair_title)
        right_layout.addWidget(self.label_table)
        right_layout.addWidget(self.chart)
        right_layout.addStretch(1)
        # The chart keeps its natural height; the table takes what is left.
        self.chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)

        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(left)
        top.addWidget(right)
        top.setStretchFactor(1, 1)
        top.setChildrenCollapsible(False)

        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.list_count)
        bottom_layout.addWidget(self.list_view, 1)

        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(top)
        body.addWidget(bottom)
        body.setChildrenCollapsible(False)
        body.setStretchFactor(0, 3)  # the figures first; the list scrolls
        body.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(summary)
        layout.addWidget(body, 1)

        QWidget.setTabOrder(self.metric_combo, self.matrix)
        QWidget.setTabOrder(self.matrix, self.label_table)
        QWidget.setTabOrder(self.label_table, self.list_view)

    def _connect(self) -> None:
        self.metric_combo.currentIndexChanged.connect(self._fill_matrix)
        self.matrix.clicked.connect(self._matrix_picked)
        _EnterFilter(self.matrix, self._matrix_picked)
        self.label_table.clicked.connect(self._label_picked)
        _EnterFilter(self.label_table, self._label_picked)
        self.chart.bar_clicked.connect(self._bar_picked)
        self.list_view.doubleClicked.connect(self._row_activated)
        _EnterFilter(self.list_view, self._row_activated)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._emphasise_summary()
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._refit.start()
        super().changeEvent(event)

    def _fit_tables(self) -> None:
        self.ensurePolished()  # the theme's font and padding, before measuring with them
        _fit(self.matrix, reserve=self.tr("not defined"))
        _fit(self.label_table)
        self._fit_list()

    def _fit_list(self) -> None:
        """The difference column as wide as its title and its words; the spans take the rest."""
        column = DisagreementModel.COL_KIND
        header = self.list_view.horizontalHeader()
        if self.disagreements.rowCount():
            self.list_view.resizeColumnToContents(column)
        title = title_width(header, column, titles_uppercased())
        header.resizeSection(column, max(header.sectionSize(column), title))

    def _emphasise_summary(self) -> None:
        """Larger bold figures in the application's own family, followed when it changes."""
        big = QFont(self.font())
        if big.pointSizeF() > 0:
            big.setPointSizeF(big.pointSizeF() * 1.3)
        else:  # a style sheet sized the font in pixels
            big.setPixelSize(round(max(1, big.pixelSize()) * 1.3))
        big.setBold(True)
        for label in self.summary_values.values():
            label.setFont(big)

    # -- filling --------------------------------------------------------------------------------

    def _annotators(self) -> list[str]:
        return list(self._report.annotators) if self._report is not None else []

    def _labels(self) -> list[str]:
        return list(self._report.labels) if self._report is not None else []

    def _pairs(self) -> Sequence[PairAgreement]:
        return self._report.pairs if self._report is not None else ()

    def _pair_data(self, a: str, b: str) -> PairAgreement | None:
        return self._report.pair(a, b) if self._report is not None else None

    def _reason(self, value: Figure) -> str:
        """Why a figure is missing: the report's own reason, else a general one (precision
        and recall carry none; a NaN slipped in from elsewhere has none either)."""
        if value.undefined:
            return value.undefined
        return self.tr("Not enough data for this figure (too few annotators, documents or spans)")

    def _scale_tip(self) -> str:
        return self.tr(
            "Colours follow Krippendorff's guide:\n"
            "green ≥ 0.80 reliable, pale green ≥ 0.667 tentative,\n"
            "amber ≥ 0.40 weak, red < 0.40 poor"
        )

    def _figure_item(self, value: Figure, tip: str = "") -> QTableWidgetItem:
        """A read-only cell: the value coloured by the scale, or "not defined" and why."""
        number = figure(value.value)
        item = QTableWidgetItem()
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if number is None:
            item.setText(self.tr("not defined"))
            item.setToolTip(plain_tip(self._reason(value)))  # may name annotators
            return item
        item.setText(f"{number:.2f}")
        item.setBackground(scale_colour(number))
        item.setForeground(SCALE_TEXT)
        item.setToolTip(plain_tip(f"{tip}\n{self._scale_tip()}" if tip else self._scale_tip()))
        return item

    def _set_summary(self, key: str, value: Figure | None) -> None:
        label = self.summary_values[key]
        number = None if value is None else figure(value.value)
        if number is None:
            label.setText(self.tr("not defined"))
            label.setToolTip(plain_tip(self._reason(value or Figure(None))))
        else:
            label.setText(f"{number:.2f}")
            label.setToolTip("")

    def _fill_summary(self) -> None:
        report = self._report
        self.summary_values["documents"].setText(str(report.documents if report else 0))
        self.summary_values["annotators"].setText(str(len(self._annotators())))
        self._set_summary("fleiss_kappa", report.fleiss_kappa if report else None)
        self._set_summary("krippendorff_alpha", report.krippendorff_alpha if report else None)
        self._set_summary("alpha_unitizing", report.alpha_unitizing.overall if report else None)

    def _fill_matrix(self) -> None:
        names = self._annotators()
        metric = self.current_metric()
        metric_name = self.metric_combo.currentText()
        matrix = self.matrix
        matrix.clear()
        matrix.setRowCount(len(names))
        matrix.setColumnCount(len(names))
        matrix.setHorizontalHeaderLabels([shown_name(name) for name in names])
        matrix.setVerticalHeaderLabels([shown_name(name) for name in names])
        for row, a in enumerate(names):
            for column, b in enumerate(names):
                if row == column:
                    blank = QTableWidgetItem()
                    blank.setFlags(Qt.ItemFlag.NoItemFlags)
                    matrix.setItem(row, column, blank)
                    continue
                pair = self._pair_data(a, b)
                if pair is None:
                    missing = Figure(
                        None,
                        self.tr("%s and %s were not compared") % (shown_name(a), shown_name(b)),
                    )
                    item = self._figure_item(missing)
                else:
                    tip = f"{shown_name(a)} ↔ {shown_name(b)}: {metric_name}"
                    item = self._figure_item(pair_metric(pair, metric), tip)
                    item.setData(PairRole, (pair.a, pair.b))
                matrix.setItem(row, column, item)
        self.ensurePolished()
        _fit(matrix, reserve=self.tr("not defined"))  # one metric has it, another not
        self._mark_selected_pair()

    def _mark_selected_pair(self) -> None:
        """Highlight the selected pair's cell, quietly: the selection is not a request."""
        if _item_pair(self.matrix.currentItem()) == self._pair:
            return  # the user's own cell, maybe below the diagonal: leave the focus there
        for row in range(self.matrix.rowCount()):
            for column in range(row + 1, self.matrix.columnCount()):
                if _item_pair(self.matrix.item(row, column)) == self._pair:
                    self.matrix.setCurrentCell(row, column)
                    return

    def _fill_pair_title(self, pair: PairAgreement | None) -> None:
        if pair is None:
            self.pair_title.setText(self.tr("No pair of annotators to compare"))
            return
        text = f"{shown_name(pair.a)} ↔ {shown_name(pair.b)} · " + self.tr(
            "%n document(s) in common", "", pair.documents
        )
        self.pair_title.setText(text)

    def _fill_label_table(self, pair: PairAgreement | None) -> None:
        labels = self._labels()
        table = self.label_table
        table.clearContents()
        table.setRowCount(len(labels) + 1)
        table.setVerticalHeaderLabels([self.tr("All labels"), *map(shown_name, labels)])
        for row, label in enumerate(["", *labels]):
            for column, value in enumerate(self._label_figures(pair, label)):
                item = self._figure_item(value)
                item.setData(LabelRole, label)
                table.setItem(row, column, item)
        self.ensurePolished()
        _fit(table)

    def _label_figures(self, pair: PairAgreement | None, label: str) -> list[Figure]:
        """F1 exact, F1 overlap, precision, recall (overlap) and alpha_U for one label ("":
        all labels)."""
        unitizing = self._report.alpha_unitizing if self._report is not None else None
        if unitizing is None:
            alpha = Figure(None)
        else:
            alpha = unitizing.label(label) if label else unitizing.overall
        if pair is None:
            return [Figure(None), Figure(None), Figure(None), Figure(None), alpha]
        exact = pair.f1_exact.label_f1(label) if label else pair.f1_exact.total.f1
        overlap = pair.f1_overlap.by_label.get(label) if label else pair.f1_overlap.total
        return [
            exact,
            pair.f1_overlap.label_f1(label) if label else pair.f1_overlap.total.f1,
            Figure(overlap.precision if overlap is not None else None),
            Figure(overlap.recall if overlap is not None else None),
            alpha,
        ]

    def _fill_chart(self, pair: PairAgreement | None) -> None:
        labels = self._labels()
        figures = [self._label_figures(pair, label) for label in labels]
        self.chart.set_data(
            labels,
            [
                Series(self.tr("F1 overlap"), QColor("#4c8bf5")),
                Series(self.tr("α_U (all annotators)"), QColor("#a66cc1")),
            ],
            [[f[COL_F1_OVERLAP].value for f in figures], [f[COL_ALPHA_U].value for f in figures]],
        )

    # -- user actions ---------------------------------------------------------------------------

    def _request(self, label: str, mode: str) -> None:
        if self._pair is not None:
            self.disagreements_requested.emit(self._pair[0], self._pair[1], label, mode)

    def _matrix_picked(self, index: QModelIndex) -> None:
        pair = index.data(PairRole)
        if not pair:
            return
        self.select_pair(*pair)
        self._request("", MODE_OF_METRIC.get(self.current_metric(), "overlap"))

    def _label_picked(self, index: QModelIndex) -> None:
        label = index.data(LabelRole)
        if label is not None:
            self._request(str(label), LABEL_COLUMN_MODES[index.column()])

    def _bar_picked(self, label: str, _series: int) -> None:
        self._request(label, "overlap")

    def _row_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.disagreements.row(index.row())
        span = row.a if row.a is not None else row.b
        if span is not None:
            self.open_requested.emit(int(row.document_id), int(span.start), int(span.end))


def _shown_document(row: DisagreementRow) -> str:
    """A title by the titles' rule, an id (a document without a title) by the names'."""
    return shown_title(row.document) if row.titled else shown_id(row.document)
