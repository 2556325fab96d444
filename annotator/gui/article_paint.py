"""Where a span sits on screen, and its underline, badge and focus outline drawn over the text."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QTextCharFormat,
)

from annotator.core.model import Span

HIGHLIGHT_ALPHA = 0.35  # span background, as a share of the label colour's own alpha
FOCUS_ALPHA = 0.6
UNDERLINE_WIDTH = 2.0
UNDERLINE_STEP = 3.0  # one level deeper per overlapping span: 2 px line, 1 px gap
FALLBACK_COLOR = "#808080"
LINK_COLOR = "#d62728"  # the claim colour: a link reads as "this claim, said by"


@dataclass(frozen=True, slots=True)
class SpanGeometry:
    """One span as drawn: a rectangle per visual piece and its logical start edge."""

    span: Span
    level: int
    pieces: list[QRectF]  # viewport coordinates; a span crossing Arabic into Latin has two
    start: QPointF  # top of the line at the logical start (right edge of an RTL piece)
    start_rtl: bool


@dataclass(frozen=True, slots=True)
class SpanMark:
    """How review draws a span: its badge text, a dashed underline for a conflict, and a
    faint background for a candidate not yet decided (gold stays solid)."""

    badge: str
    dashed: bool = False
    faint: bool = False


def label_color(colors: dict[str, str], label: str) -> QColor:
    color = QColor(colors.get(label, FALLBACK_COLOR))
    return color if color.isValid() else QColor(FALLBACK_COLOR)


def with_alpha(color: QColor, share: float) -> QColor:
    faded = QColor(color)
    faded.setAlphaF(color.alphaF() * share)
    return faded


def badge_text(label: str) -> str:
    """The first letter of the label: enough to tell labels apart next to their colour."""
    return label[:1].upper() or "?"


def highlight_format(color: QColor, focused: bool, faint: bool = False) -> QTextCharFormat:
    """A background only, for an extra selection: extra selections never reshape glyphs."""
    fmt = QTextCharFormat()
    share = FOCUS_ALPHA if focused else HIGHLIGHT_ALPHA
    fmt.setBackground(with_alpha(color, share / 2 if faint else share))
    return fmt


def tooltip_html(spans: Sequence[Span], colors: dict[str, str]) -> str:
    """One line per span: a swatch of its colour, its label, its text (long ones cut)."""
    lines = []
    for span in spans:
        color = label_color(colors, span.label).name()
        text = span.text if len(span.text) <= 80 else span.text[:79] + "…"
        lines.append(
            f'<span style="color:{color}">■</span> <b>{html.escape(span.label)}</b>: '
            f"{html.escape(text)}"
        )
    return "<br>".join(lines)


class SpanPainter:
    """Draws the decorations that must not be char formats: underlines, badges, focus ring."""

    def __init__(self, font: QFont) -> None:
        self.set_font(font)

    def set_font(self, font: QFont) -> None:
        """Badges scale with the text so they stay readable at every zoom."""
        self._badge_font = QFont(font)
        self._badge_font.setBold(True)
        self._badge_font.setPointSizeF(max(6.0, font.pointSizeF() * 0.5))
        self._metrics = QFontMetricsF(self._badge_font)

    def badge_rect(self, geometry: SpanGeometry, slot: int = 0, text: str | None = None) -> QRectF:
        """A small tag at the span's logical start, over the top of its first letters.

        `slot` moves the badges of spans that start at the same place side by side.
        """
        text = badge_text(geometry.span.label) if text is None else text
        width = self._metrics.horizontalAdvance(text) + 4
        height = self._metrics.height()
        inward = -1 if geometry.start_rtl else 1
        near = geometry.start.x() + inward * slot * (width + 1)
        left = near - width if geometry.start_rtl else near
        return QRectF(left, geometry.start.y() - height + 2, width, height)

    def paint(
        self,
        painter: QPainter,
        spans: Sequence[SpanGeometry],
        colors: dict[str, str],
        focused: int | None,
        marks: dict[int, SpanMark] | None = None,
    ) -> list[tuple[QRectF, int]]:
        """Paint every span; returns the badge rectangles, for hit tests (double-click)."""
        marks = marks or {}
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for geometry in spans:
            color = label_color(colors, geometry.span.label)
            if color.alpha() == 0:
                continue  # a fully transparent label is hidden, decorations included
            pen = QPen(color, UNDERLINE_WIDTH)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            mark = marks.get(geometry.span.id)
            if mark is not None and mark.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for rect in geometry.pieces:
                y = rect.bottom() + UNDERLINE_WIDTH / 2 + geometry.level * UNDERLINE_STEP
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            if geometry.span.id == focused:
                painter.setPen(QPen(color.darker(130), 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for rect in geometry.pieces:
                    painter.drawRoundedRect(rect.adjusted(-2, 0, 2, 0), 3, 3)
        badges = self._paint_badges(painter, spans, colors, marks)
        painter.restore()
        return badges

    def paint_links(
        self,
        painter: QPainter,
        links: Sequence[tuple[int, int]],
        starts: dict[int, QPointF],
        focused: int | None,
    ) -> None:
        """A dashed curve from each claim to its source, both ends on screen; the focused
        claim's (or source's) link stronger. Drawn over the text, never into it."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for claim, source in links:
            a, b = starts.get(claim), starts.get(source)
            if a is None or b is None:
                continue
            strong = focused in (claim, source)
            pen = QPen(QColor(LINK_COLOR), 1.8 if strong else 1.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath(a)
            if abs(a.y() - b.y()) < 4:  # one line: an arc over it
                top = min(a.y(), b.y()) - max(18.0, abs(a.x() - b.x()) / 4)
                path.cubicTo(QPointF(a.x(), top), QPointF(b.x(), top), b)
            else:  # lines apart: a bow to the side, so it stays on screen
                side = max(a.x(), b.x()) + min(80.0, max(24.0, abs(a.y() - b.y()) / 6))
                path.cubicTo(QPointF(side, a.y()), QPointF(side, b.y()), b)
            painter.drawPath(path)
            painter.setBrush(QColor(LINK_COLOR))
            painter.drawEllipse(b, 2.5, 2.5)  # the source end
        painter.restore()

    def _paint_badges(
        self,
        painter: QPainter,
        spans: Sequence[SpanGeometry],
        colors: dict[str, str],
        marks: dict[int, SpanMark],
    ) -> list[tuple[QRectF, int]]:
        """Badges after all underlines, so no underline crosses a badge."""
        painter.setFont(self._badge_font)
        badges: list[tuple[QRectF, int]] = []
        slots: dict[tuple[float, float], int] = {}
        for geometry in spans:
            color = label_color(colors, geometry.span.label)
            if color.alpha() == 0:
                continue
            anchor = (round(geometry.start.x()), round(geometry.start.y()))
            slot = slots[anchor] = slots.get(anchor, -1) + 1
            mark = marks.get(geometry.span.id)
            text = badge_text(geometry.span.label) if mark is None else mark.badge
            rect = self.badge_rect(geometry, slot, text)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(rect, 2.5, 2.5)
            painter.setPen(QColor("#ffffff" if color.lightnessF() < 0.62 else "#000000"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            badges.append((rect, geometry.span.id))
        return badges
