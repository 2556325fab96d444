"""The current document's spans in reading order: select to jump, relabel, delete.

A table model, not a list widget: a 10,000-span document must open and take a new span without
rebuilding 10,000 items.

Three columns, each laid out in its own text's direction: the label (as wide as the longest
label), the span's text and its value sharing the rest. The value column gets the width of its
longest value while the text keeps at least half of what is left; a text (or value) is elided
at its logical end only when it really does not fit, and its tooltip has it in full. F2, Enter
or a double-click edits the row's value whatever column is current.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHeaderView,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from annotator.core.kinds import ValueShown, has_value, kind_of
from annotator.core.model import Label, Span
from annotator.core.text import names
from annotator.gui.dialogs import readable_selection, selection_colours
from annotator.gui.i18n import label_title
from annotator.gui.label_palette import swatch
from annotator.gui.plain_text import plain_tip, tip_text
from annotator.gui.table_model import select_quietly

SpanIdRole = Qt.ItemDataRole.UserRole + 1
# What an empty value cell that can be set shows instead (faint, italic); None otherwise.
PlaceholderRole = Qt.ItemDataRole.UserRole + 2
COL_LABEL, COL_TEXT, COL_VALUE = 0, 1, 2
_Index = QModelIndex | QPersistentModelIndex
# A span may cross a paragraph: its cell shows it on one line.
_ONE_LINE = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u2028": " ", "\u2029": " "})
_EDIT_KEYS = frozenset({Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter})


def _key(span: Span) -> tuple[int, int, int]:
    return (span.start, span.end, span.id)


def text_direction(text: str) -> Qt.LayoutDirection:
    """The direction of the first strong character (Unicode's P2 rule); digits and
    punctuation alone (2017-11-21) read left to right."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
    return Qt.LayoutDirection.LeftToRight


class SpanListModel(QAbstractTableModel):
    """Label, text and value columns, so that each is laid out in its own direction."""

    value_edited = Signal(int, str)  # span id, the value as typed

    HEADERS: ClassVar[tuple[object, ...]] = (
        QT_TRANSLATE_NOOP("SpanListModel", "Label"),
        QT_TRANSLATE_NOOP("SpanListModel", "Text"),
        QT_TRANSLATE_NOOP("SpanListModel", "Value"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spans: list[Span] = []
        self._keys: list[tuple[int, int, int]] = []
        self._key_of: dict[int, tuple[int, int, int]] = {}  # span id -> its sort key
        self._labels: dict[str, Label] = {}
        self.sources: dict[int, str] = {}  # claim id -> its source's text
        self._shown: dict[int, tuple[Span, str | None, ValueShown]] = {}

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
        self._shown = {}
        self.beginResetModel()
        self._spans = sorted(spans, key=_key)
        self._keys = [_key(s) for s in self._spans]
        self._key_of = {s.id: k for s, k in zip(self._spans, self._keys, strict=True)}
        self.endResetModel()

    def add(self, span: Span) -> int:
        row = bisect.bisect_left(self._keys, _key(span))
        self.beginInsertRows(QModelIndex(), row, row)
        self._spans.insert(row, span)
        self._keys.insert(row, _key(span))
        self._key_of[span.id] = _key(span)
        self.endInsertRows()
        return row

    def remove(self, span_id: int) -> None:
        row = self.row_of(span_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._spans[row]
        del self._keys[row]
        del self._key_of[span_id]
        self.endRemoveRows()

    def replace(self, span: Span) -> int | None:
        row = self.row_of(span.id)
        if row is None:
            return None
        key = _key(span)
        if key != self._keys[row]:
            # Moved: a row move, not a removal and an insertion, so the view keeps it
            # current and selected (a removed current row hands its focus to a neighbour).
            dest = bisect.bisect_left(self._keys[:row] + self._keys[row + 1 :], key)
            if dest != row:  # Qt counts a move down in the rows before it moves
                self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest + (dest > row))
            del self._spans[row]
            del self._keys[row]
            self._spans.insert(dest, span)
            self._keys.insert(dest, key)
            self._key_of[span.id] = key
            if dest != row:
                self.endMoveRows()
            row = dest
        self._spans[row] = span
        self.dataChanged.emit(self.index(row, COL_LABEL), self.index(row, COL_VALUE))
        return row

    def row_of(self, span_id: int) -> int | None:
        """Found by its sort key, not by a scan: a tag asks for its row twice."""
        key = self._key_of.get(span_id)
        if key is None:
            return None
        return bisect.bisect_left(self._keys, key)

    def appearance(self, row: int, column: int) -> tuple[object, ...]:
        """All a cell's picture depends on in the model: what it shows, its placeholder,
        its italics, its swatch. Cells that look alike are painted once (_PixmapCells)."""
        span = self._spans[row]
        if column == COL_LABEL:
            label = self._labels.get(span.label)
            return (label_title(span.label), label.color if label else None)
        if column == COL_TEXT:
            return (span.text,)
        shown = self._value_shown(span)
        # the label decides whether an empty value shows the placeholder
        return (span.label, shown.text, shown.suggested) if shown is not None else ()

    def span(self, row: int) -> Span:  # type: ignore[override]  # not Qt's cell span
        return self._spans[row]

    def label_rows(self) -> dict[str, int]:
        """Each label in use, with the first row that has it."""
        rows: dict[str, int] = {}
        for row, span in enumerate(self._spans):
            rows.setdefault(span.label, row)
        return rows

    def has_label(self, name: str) -> bool:
        """Whether the project has this label (and the label cell a colour swatch)."""
        return name in self._labels

    def label_names(self) -> set[str]:
        """The labels of the project and of the spans shown: what the label column fits."""
        return set(self._labels) | {span.label for span in self._spans}

    def shown_values(self, rows: Iterable[int]) -> dict[tuple[str, bool], int]:
        """What the value cells of `rows` show (a value, or the placeholder of an empty one
        that can be set) and whether in italics, each with a row that shows it: the value
        column is fitted to these without building an index for every row."""
        shown: dict[tuple[str, bool], int] = {}
        placeholder = self.placeholder()
        sources = self.sources
        for row in rows:
            span = self._spans[row]
            kind = kind_of(span.label)
            if kind is None:
                continue
            value = kind.shown(span, sources.get(span.id))  # once a span: 10,000 at open
            self._shown[span.id] = (span, sources.get(span.id), value)
            key = (value.text, value.suggested) if value.text else (placeholder, True)
            shown.setdefault(key, row)
        return shown

    def value_editable(self, span: Span) -> bool:
        return has_value(span.label)

    def placeholder(self) -> str:
        return self.tr("set value (F2)")

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.tr(str(self.HEADERS[section]))
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == COL_VALUE and self.value_editable(self._spans[index.row()]):
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
            if role == PlaceholderRole:
                shown = self._value_data(span, Qt.ItemDataRole.DisplayRole)
                return None if shown or not self.value_editable(span) else self.placeholder()
            return self._value_data(span, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == COL_LABEL:
                return label_title(span.label)  # as the toolbar and the palette name it
            return span.text.translate(_ONE_LINE)  # in full: the view elides what won't fit
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
            return plain_tip(f"{names.shown_name(span.label)} {span.start}–{span.end}\n{span.text}")
        if role == SpanIdRole:
            return span.id
        return None

    def _value_shown(self, span: Span) -> ValueShown | None:
        """What the label's kind shows for the span (None: a label of no kind), worked
        out once per span and source: a cell asks for seven roles in one paint."""
        kind = kind_of(span.label)
        if kind is None:
            return None
        source = self.sources.get(span.id)
        cached = self._shown.get(span.id)
        if cached is not None and cached[0] is span and cached[1] == source:
            return cached[2]
        shown = kind.shown(span, source)
        self._shown[span.id] = (span, source, shown)
        return shown

    def _value_data(self, span: Span, role: int) -> Any:
        """What the label's kind shows: a confirmed value plainly; a suggestion (a date
        resolved against the publication date) in italics with a question mark, until the
        analyst confirms it (F2, Enter)."""
        shown = self._value_shown(span)
        if shown is None:
            return span.id if role == SpanIdRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return shown.text
        if role == Qt.ItemDataRole.EditRole:
            return shown.edit
        if role == Qt.ItemDataRole.FontRole and shown.suggested:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = QCoreApplication.translate("SpanListModel", shown.tip)
            return plain_tip(tip % shown.tip_arg if "%s" in tip else tip)
        if role == SpanIdRole:
            return span.id
        return None


# The kinds' tooltips (English in the core), kept for the translators in this context.
KIND_TIPS = (
    QT_TRANSLATE_NOOP("SpanListModel", "A topic from the project's list: F2 to choose or add one"),
    QT_TRANSLATE_NOOP("SpanListModel", "Who said it: S to choose, Shift+S to remove"),
    QT_TRANSLATE_NOOP(
        "SpanListModel", "Registry actor: F2 to link another, or type a new name to add one"
    ),
    QT_TRANSLATE_NOOP("SpanListModel", "Suggested from the publication date %s: F2 to confirm"),
    QT_TRANSLATE_NOOP("SpanListModel", "Normalised value (%s); F2 to edit"),
    QT_TRANSLATE_NOOP(
        "SpanListModel", "No value yet: F2 to type one (2017-11-21, 2017-11, --11-21)"
    ),
)


class _PixmapCells(QStyledItemDelegate):
    """Cells painted once into a pixmap, then copied wherever a cell looks the same.

    A tag inserts a row and the view repaints every visible row below it, each cell moved
    but unchanged. Through the panel's style sheet a cell costs about 0.3 ms to paint, a
    copy a few microseconds; the key holds everything the picture depends on, so a cell
    that changes in any way is painted afresh.
    """

    LIMIT = 120  # pictures of one column's cells: a few screens, a few megabytes

    def __init__(self, panel: SpanPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self._pixmaps: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        size = option.rect.size()
        column = index.column()
        # The font, palette, style and direction of the panel are not in the key: a change
        # to any of them forgets every picture (SpanPanel.changeEvent).
        key = (
            column,
            self.panel.spans.appearance(index.row(), column),
            size.width(),
            size.height(),
            option.state.value,
            option.features.value,
            ratio,
        )
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            pixmap = QPixmap(size * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            local = QStyleOptionViewItem(option)
            local.rect = QRect(QPoint(0, 0), size)
            inner = QPainter(pixmap)
            inner.setLayoutDirection(painter.layoutDirection())
            self.paint_cell(inner, local, index)
            inner.end()
            self._pixmaps[key] = pixmap
            if len(self._pixmaps) > self._limit():
                self._pixmaps.popitem(last=False)
        else:
            self._pixmaps.move_to_end(key)
        painter.drawPixmap(option.rect.topLeft(), pixmap)

    def _limit(self) -> int:
        """Room for three screens of this column's cells (a tall panel shows more rows than
        LIMIT covers; then every paint would push out its own pictures)."""
        rows = self.panel.viewport().height() // max(
            1, self.panel.verticalHeader().defaultSectionSize()
        )
        return max(self.LIMIT, 3 * (rows + 1))

    def paint_cell(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)

    def forget(self) -> None:
        self._pixmaps.clear()


class _CellDelegate(_PixmapCells):
    """A cell on one line in its own text's direction, aligned as the panel lays out,
    elided at the text's logical end (the left of an Arabic text) only when it does not fit;
    an empty value that can be set shows a faint «set value (F2)»."""

    def __init__(self, panel: SpanPanel) -> None:
        super().__init__(panel)
        # Painting is per visible cell on every change (a tag shifts every row below it):
        # text widths and the style's padding are measured once, not per paint.
        self._widths: dict[tuple[str, str], int] = {}
        self._prepared: dict[tuple[object, ...], tuple[QStyleOptionViewItem, bool]] = {}
        self._padding: dict[tuple[str, int], int] = {}

    def _advance(self, metrics: QFontMetrics, font: QFont, text: str) -> int:
        key = (font.key(), text)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) > 50_000:
                self._widths.clear()
            width = self._widths[key] = metrics.horizontalAdvance(text)
        return width

    def _room(self, shown: QStyleOptionViewItem) -> int:
        """The text's room in the cell: its width less the style's padding (per style and
        column, measured on the first cell painted)."""
        style = self.panel.style()
        key = (style.name(), shown.features.value)
        padding = self._padding.get(key)
        if padding is None:
            rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, shown, self.panel)
            margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.panel)
            padding = self._padding[key] = shown.rect.width() - rect.width() + 2 * (margin + 1)
        return shown.rect.width() - padding

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        if not option.text:
            placeholder = index.data(PlaceholderRole)
            if placeholder:
                option.text = str(placeholder)
                option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
                font = QFont(option.font)
                font.setItalic(True)
                option.font = font
                option.fontMetrics = QFontMetrics(font)
        alignment = option.displayAlignment
        if not alignment & Qt.AlignmentFlag.AlignAbsolute:
            alignment = QStyle.visualAlignment(self.panel.layoutDirection(), alignment)
            option.displayAlignment = alignment | Qt.AlignmentFlag.AlignAbsolute
        if index.column() != COL_LABEL:  # the label keeps its swatch on the panel's side
            option.direction = text_direction(option.text)

    def shown(self, option: QStyleOptionViewItem, index: _Index) -> QStyleOptionViewItem:
        """The option a cell is painted with: its text elided to the room it has."""
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        if shown.text:
            room = self._room(shown)
            metrics = shown.fontMetrics
            if self._advance(metrics, shown.font, shown.text) > room:
                # ElideRight is the logical end: after the last letter kept, in either script
                shown.text = metrics.elidedText(shown.text, Qt.TextElideMode.ElideRight, room)
        return shown

    def prepared(
        self, option: QStyleOptionViewItem, index: _Index
    ) -> tuple[QStyleOptionViewItem, bool]:
        """The cell's painted option, worked out once per text, width and font.

        A tag moves every row below it, and each cell asks the model for seven roles in
        Python: keyed on what it shows, a moved cell is painted from what it was."""
        text = index.data(Qt.ItemDataRole.DisplayRole)
        placeholder = not text and bool(index.data(PlaceholderRole))
        key = (index.column(), text, placeholder, option.rect.width(), option.font.key())
        found = self._prepared.get(key)
        if found is None:
            if len(self._prepared) > 20_000:
                self._prepared.clear()
            found = self._prepared[key] = (self.shown(option, index), placeholder)
        shown = QStyleOptionViewItem(found[0])
        shown.rect, shown.state, shown.palette = option.rect, option.state, option.palette
        return shown, found[1]

    def forget(self) -> None:
        """A new font or style: prepared cells are measured again."""
        super().forget()
        self._prepared.clear()
        self._widths.clear()
        self._padding.clear()

    def paint_cell(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        shown, placeholder = self.prepared(option, index)
        style = self.panel.style()
        text = shown.text
        if placeholder:
            shown.text = ""  # the style paints the cell; the hint is drawn fainter below
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, shown, painter, self.panel)
        if not placeholder:
            return
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, shown, self.panel)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.panel)
        if shown.state & QStyle.StateFlag.State_Selected:
            colour = selection_colours(self.panel.palette())[1]  # as readable_selection paints
        else:
            colour = self.panel.palette().color(QPalette.ColorRole.Text)
        colour.setAlphaF(0.6)
        painter.save()
        painter.setLayoutDirection(shown.direction)
        painter.setFont(shown.font)
        painter.setPen(colour)
        painter.drawText(
            rect.adjusted(margin + 1, 0, -margin - 1, 0), int(shown.displayAlignment), text
        )
        painter.restore()

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: _Index,
    ) -> bool:
        """A value cut short is shown in full above its help."""
        if event.type() == QEvent.Type.ToolTip and index.column() == COL_VALUE:
            full = index.data(Qt.ItemDataRole.DisplayRole)
            if full and self.shown(option, index).text != full:
                help_tip = index.data(Qt.ItemDataRole.ToolTipRole)  # plain_tip's
                help_text = tip_text(help_tip) if help_tip else ""
                tip = plain_tip("\n".join(str(t) for t in (full, help_text) if t))
                QToolTip.showText(event.globalPos(), tip, view)
                return True
        return super().helpEvent(event, view, option, index)


class _LabelDelegate(_PixmapCells):
    def shown(self, option: QStyleOptionViewItem, index: _Index) -> QStyleOptionViewItem:
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        return shown


class _ValueDelegate(_CellDelegate):
    """The value editor proposes what the project knows: its actors, its topics."""

    def createEditor(self, parent: QWidget, option: Any, index: _Index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        label = self.panel.spans.span(index.row()).label
        offered = self.panel.completions(label)
        if offered and isinstance(editor, QLineEdit):
            completer = QCompleter(offered, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            editor.setCompleter(completer)
        return editor


class SpanPanel(QTableView):
    """A table, not a list: unlike list and tree views it never lays out rows it does not
    show, so scrolling to a new span in a 10,000-span document costs nothing.

    The columns are fitted here, not by the header's ResizeToContents (which measures a
    thousand rows on every change): the label column to the labels, the value column to the
    distinct values, measured once per document and then for each row that changes.
    """

    span_selected = Signal(int)
    delete_requested = Signal(int)
    relabel_requested = Signal(int, str)
    value_edited = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        self.completions: Callable[[str], list[str]] = lambda _label: []
        super().__init__(parent)
        # The columns follow the interface (label first: left in English, right in Persian
        # and Arabic); each cell's text follows its own direction (_CellDelegate).
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the panel; arrows move in it
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )  # only a value is editable (the model's flags say which cells)
        self.spans = SpanListModel(self)
        self.setModel(self.spans)
        self.spans.value_edited.connect(self.value_edited)
        # The label column is painted by Qt alone (a name and a swatch, in the interface's
        # direction): Python painting costs about 0.1 ms a cell, and a tag repaints every
        # row below it.
        self.setItemDelegate(_LabelDelegate(self))
        self.setItemDelegateForColumn(COL_TEXT, _CellDelegate(self))
        self.setItemDelegateForColumn(COL_VALUE, _ValueDelegate(self))
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_VALUE, QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.show()
        self._label_width: int | None = None  # None: measure again
        self._value_width: int | None = None
        self._label_names: set[str] = set()
        self._restyling = False
        self.spans.modelReset.connect(self._forget_widths)
        self.spans.rowsInserted.connect(self._rows_changed)
        self.spans.dataChanged.connect(
            lambda first, last, _roles=(): self._rows_changed(
                QModelIndex(), first.row(), last.row()
            )
        )
        self._labels: list[Label] = []
        self.selectionModel().currentChanged.connect(self._on_current)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        readable_selection(self)
        self._fit_columns()

    def count(self) -> int:
        return self.spans.rowCount()

    def set_labels(self, labels: list[Label]) -> None:
        self._labels = labels
        self.spans.set_labels(labels)
        self._label_width = None
        self._fit_columns()

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

    def shown_option(self, row: int, column: int) -> QStyleOptionViewItem:
        """How the cell is painted: its text as shown (elided, or the placeholder of a value
        to set), font and direction."""
        index = self.spans.index(row, column)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = self.visualRect(index)
        delegate = self.itemDelegateForIndex(index)
        assert isinstance(delegate, _CellDelegate | _LabelDelegate)
        return delegate.shown(option, index)

    def shown_text(self, row: int, column: int) -> str:
        return self.shown_option(row, column).text

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
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (
            current.isValid()
            and event.key() in _EDIT_KEYS
            and modifiers == Qt.KeyboardModifier.NoModifier
            and self.state() != QAbstractItemView.State.EditingState
        ):
            # the row's value, whichever column is current: the label and text have none
            value = current.siblingAtColumn(COL_VALUE)
            if self.edit(value, QAbstractItemView.EditTrigger.EditKeyPressed, event):
                return
        super().keyPressEvent(event)

    # -- the columns' widths ----------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        looks = (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.PaletteChange,
            QEvent.Type.LayoutDirectionChange,
            QEvent.Type.LanguageChange,  # the placeholder's words
        )
        if event.type() in looks:
            for column in (COL_LABEL, COL_TEXT, COL_VALUE):
                delegate = self.itemDelegateForColumn(column) or self.itemDelegate()
                if isinstance(delegate, _PixmapCells):
                    delegate.forget()
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._forget_widths()
        elif event.type() == QEvent.Type.LanguageChange:
            self._label_width = None  # the default labels' names, in the new language
            self._fit_columns()
        theme = event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange)
        if theme and not self._restyling:  # a new theme: once the style has settled
            self._restyling = True
            QTimer.singleShot(0, self, self._restyle)  # dropped if the panel goes first

    def _restyle(self) -> None:
        readable_selection(self)
        self._restyling = False
        self._forget_widths()  # the new style's font and padding, fully applied now

    def _forget_widths(self) -> None:
        self._label_width = self._value_width = None
        self._fit_columns()

    def _rows_changed(self, _parent: QModelIndex, first: int, last: int) -> None:
        """Widen the value column for the rows that changed; relabelled rows may need a
        wider label column. A column never narrows until the next document."""
        if last - first > 200:
            self._forget_widths()
            return
        rows = range(first, last + 1)
        if any(self.spans.span(row).label not in self._label_names for row in rows):
            self._label_width = None
        if self._value_width is not None:
            self._value_width = max(self._value_width, self._measure_values(rows))
        self._fit_columns()

    def _measure_labels(self) -> int:
        self._label_names = self.spans.label_names()
        width = self.horizontalHeader().sectionSizeHint(COL_LABEL)
        rows = self.spans.label_rows()
        if not rows:
            return width
        known = [row for label, row in rows.items() if self.spans.has_label(label)]
        row = min(known) if known else min(rows.values())
        metrics = self.fontMetrics()
        hint = self.sizeHintForIndex(self.spans.index(row, COL_LABEL))
        self.verticalHeader().setDefaultSectionSize(max(hint.height(), metrics.height() + 8))
        extra = hint.width() - metrics.horizontalAdvance(label_title(self.spans.span(row).label))
        longest = max(metrics.horizontalAdvance(label_title(name)) for name in self._label_names)
        return max(width, longest + extra + 2)

    def _measure_values(self, rows: Iterable[int]) -> int:
        """The width the longest of these rows' values takes, padding included."""
        shown = self.spans.shown_values(rows)
        if not shown:
            return 0
        plain = self.fontMetrics()
        font = QFont(self.font())
        font.setItalic(True)
        italic = QFontMetrics(font)
        text, slanted = max(
            shown, key=lambda key: (italic if key[1] else plain).horizontalAdvance(key[0])
        )
        advance = (italic if slanted else plain).horizontalAdvance(text)
        hint = self.sizeHintForIndex(self.spans.index(shown[text, slanted], COL_VALUE))
        return max(hint.width(), advance + 2 * plain.averageCharWidth()) + 2

    def _fit_columns(self) -> None:
        """The label column as wide as its labels; the value column as wide as its longest
        value, as long as the text keeps half of the rest; the text takes what is left."""
        self.ensurePolished()
        header = self.horizontalHeader()
        if self._label_width is None:
            self._label_width = self._measure_labels()
        if self._value_width is None:
            self._value_width = max(
                header.sectionSizeHint(COL_VALUE),
                self._measure_values(range(self.spans.rowCount())),
            )
        rest = max(0, self.viewport().width() - self._label_width)
        keep = min(rest // 2, 12 * self.fontMetrics().averageCharWidth())  # for the text
        value = min(self._value_width, max(rest // 2, rest - keep))
        if header.sectionSize(COL_LABEL) != self._label_width:
            header.resizeSection(COL_LABEL, self._label_width)
        if header.sectionSize(COL_VALUE) != value:
            header.resizeSection(COL_VALUE, value)

    def _menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        span_id = int(index.data(SpanIdRole))
        menu = QMenu(self)
        for label in self._labels:
            action = menu.addAction(
                swatch(label.color), self.tr("Label as %s") % label_title(label.name)
            )
            action.triggered.connect(
                lambda _=False, name=label.name: self.relabel_requested.emit(span_id, name)
            )
        menu.addSeparator()
        menu.addAction(self.tr("Delete")).triggered.connect(
            lambda: self.delete_requested.emit(span_id)
        )
        menu.exec(self.mapToGlobal(pos))
