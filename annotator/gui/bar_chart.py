"""A small horizontal grouped bar chart drawn with QPainter.

QtCharts is not part of PySide6-Essentials, and a few bars per label do not justify a
dependency: one row per category, one bar per series, a missing value as an outlined "n/a".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QStyle, QToolTip, QWidget

from annotator.core.text import names

MARGIN = 6
GAP = 2  # between the bars of one category
GROUP_GAP = 8  # between categories


@dataclass(frozen=True)
class Series:
    name: str
    color: QColor


def _number(value: float | None) -> float | None:
    """None for anything that is not a finite number: a NaN must never be drawn as a bar."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


class BarChart(QWidget):
    """Categories down, values across; values usually in [0, 1] but kappas may go negative.

    Geometry is computed left-to-right and mirrored with QStyle.visualRect, so a
    right-to-left interface gets its names on the right and bars growing leftwards.
    """

    bar_clicked = Signal(str, int)  # category, series index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._categories: list[str] = []
        self._titles: list[str] = []
        self._series: list[Series] = []
        self._values: list[list[float | None]] = []  # [series][category]
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table beside it is the keyboard path
        self.setMouseTracking(True)

    def set_data(
        self,
        categories: list[str],
        series: list[Series],
        values: list[list[float | None]],
    ) -> None:
        """values[s][c] is series s for category c; None (or NaN) is drawn as "n/a"."""
        self._categories = list(categories)
        # as drawn: a category is a label, maybe a colleague's (the signal carries it as is)
        self._titles = [names.shown_name(c) for c in categories]
        self._series = list(series)
        self._values = [
            [_number(row[c]) if c < len(row) else None for c in range(len(categories))]
            for row in values
        ]
        self.updateGeometry()
        self.update()

    def value(self, category: int, series: int) -> float | None:
        return self._values[series][category]

    # -- geometry -------------------------------------------------------------------------------

    def _bar_height(self) -> int:
        return max(self.fontMetrics().height() * 3 // 4, 8)  # digits still fit beside it

    def _legend_height(self) -> int:
        return self.fontMetrics().height() + 6 if self._series else 0

    def _axis_height(self) -> int:
        return self.fontMetrics().height() + 2 if self._categories else 0

    def _group_height(self) -> int:
        n = max(len(self._series), 1)
        return n * self._bar_height() + (n - 1) * GAP + GROUP_GAP

    def _name_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(c) for c in self._titles), default=0)
        return min(widest + 8, max(self.width() * 2 // 5, 40))

    def _value_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance("-0.00"), metrics.horizontalAdvance(self.tr("n/a")))
        return widest + 8

    def _domain(self) -> tuple[float, float]:
        known = [v for row in self._values for v in row if v is not None]
        return min([0.0, *known]), max([1.0, *known])

    def _plot_span(self) -> tuple[int, int]:
        """Left and right x of the bar area, left-to-right coordinates."""
        left = MARGIN + self._name_width()
        return left, max(self.width() - MARGIN - self._value_width(), left + 10)

    def _x(self, value: float) -> int:
        lo, hi = self._domain()
        left, right = self._plot_span()
        return round(left + (value - lo) / (hi - lo) * (right - left))

    def _row_rect(self, category: int, series: int) -> QRect:
        """The strip one bar lives in, across the whole plot (what a click hits)."""
        top = MARGIN + self._legend_height() + category * self._group_height()
        top += series * (self._bar_height() + GAP)
        left, right = self._plot_span()
        return QRect(left, top, right - left, self._bar_height())

    def bar_rect(self, category: int, series: int) -> QRect:
        """The bar as drawn (for a None value, its outline), in widget coordinates."""
        strip = self._row_rect(category, series)
        value = self._values[series][category]
        if value is None:
            rect = QRect(self._x(0.0), strip.top(), 2 * strip.height(), strip.height())
        else:
            x0, x1 = sorted((self._x(0.0), self._x(value)))
            rect = QRect(x0, strip.top(), max(x1 - x0, 1), strip.height())
        return self._visual(rect)

    def _visual(self, rect: QRect) -> QRect:
        return QStyle.visualRect(self.layoutDirection(), self.rect(), rect)

    def bar_at(self, pos: QPoint) -> tuple[int, int] | None:
        """(category, series) whose strip holds pos: short bars stay easy to click."""
        for c in range(len(self._categories)):
            for s in range(len(self._series)):
                if self._visual(self._row_rect(c, s)).contains(pos):
                    return c, s
        return None

    def sizeHint(self) -> QSize:
        height = 2 * MARGIN + self._legend_height()
        height += len(self._categories) * self._group_height() + self._axis_height()
        return QSize(320, height)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.sizeHint().height())

    # -- painting -------------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        self._paint_legend(painter, text)
        self._paint_axis(painter)
        for c, category in enumerate(self._titles):
            first = self._row_rect(c, 0)
            group = QRect(MARGIN, first.top(), self._name_width() - 6, self._group_height())
            group.setHeight(self._group_height() - GROUP_GAP)
            painter.setPen(text)
            elided = self.fontMetrics().elidedText(
                category, Qt.TextElideMode.ElideRight, group.width()
            )
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(
                self._visual(group), QStyle.visualAlignment(self.layoutDirection(), align), elided
            )
            for s, series in enumerate(self._series):
                self._paint_bar(painter, c, s, series.color, text)
        painter.end()

    def _paint_legend(self, painter: QPainter, text: QColor) -> None:
        metrics = self.fontMetrics()
        x = MARGIN + self._name_width()
        box = metrics.height() - 4
        for series in self._series:
            swatch = QRect(x, MARGIN + 2, box, box)
            painter.fillRect(self._visual(swatch), series.color)
            label = QRect(x + box + 4, MARGIN, metrics.horizontalAdvance(series.name) + 2, box + 4)
            painter.setPen(text)
            painter.drawText(self._visual(label), Qt.AlignmentFlag.AlignCenter, series.name)
            x = label.right() + 14

    def _paint_axis(self, painter: QPainter) -> None:
        if not self._categories:
            return
        top = MARGIN + self._legend_height()
        bottom = top + len(self._categories) * self._group_height() - GROUP_GAP
        grid = QPen(self.palette().color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DotLine)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        metrics = self.fontMetrics()
        lo, hi = self._domain()
        ticks = sorted({lo, 0.0, 0.4, 0.667, 0.8, hi})  # Krippendorff's bands, as in the matrix
        for tick in ticks:
            painter.setPen(QPen(grid.color(), 1) if tick == 0.0 else grid)
            x = self._visual(QRect(self._x(tick), top, 1, bottom - top)).left()
            painter.drawLine(x, top, x, bottom)
            name = f"{tick:.2f}".rstrip("0").rstrip(".")
            width = metrics.horizontalAdvance(name)
            painter.setPen(text)
            painter.drawText(
                QRect(x - width // 2, bottom + 2, width + 2, metrics.height()),
                Qt.AlignmentFlag.AlignCenter,
                name,
            )

    def _paint_bar(self, painter: QPainter, c: int, s: int, color: QColor, text: QColor) -> None:
        value = self._values[s][c]
        bar = self.bar_rect(c, s)
        strip = self._row_rect(c, s)
        if value is None:
            painter.setPen(QPen(text, 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(bar.adjusted(0, 0, -1, -1))
            end = self._x(0.0) + bar.width()
        else:
            painter.fillRect(bar, color)
            end = max(self._x(value), self._x(0.0))  # the value reads next to the bar's end
        label = QRect(end + 4, strip.top(), self._value_width() - 4, strip.height())
        painter.setPen(text)
        align = QStyle.visualAlignment(
            self.layoutDirection(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        shown = self.tr("n/a") if value is None else f"{value:.2f}"
        painter.drawText(self._visual(label), align, shown)

    # -- interaction ----------------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        hit = self.bar_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and hit is not None:
            self.bar_clicked.emit(self._categories[hit[0]], hit[1])
            return
        super().mouseReleaseEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.bar_at(event.position().toPoint())
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.bar_at(event.pos())
            if hit is None:
                QToolTip.hideText()
                event.ignore()
                return True
            c, s = hit
            value = self._values[s][c]
            shown = self.tr("not defined") if value is None else f"{value:.2f}"
            tip = f"{self._series[s].name} — {self._titles[c]}: {shown}"
            QToolTip.showText(event.globalPos(), tip, self)
            return True
        return super().event(event)
