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
from PySide6.QtWidgets import QWidget

from annotator.core.model import Span
from annotator.core.text.names import commanding
from annotator.gui.article_text import LINE_HEIGHT_PERCENT
from annotator.gui.i18n import label_title

HIGHLIGHT_ALPHA = 0.35  # span background, as a share of the label colour's own alpha
FOCUS_ALPHA = 0.6
UNDERLINE_WIDTH = 2.0
UNDERLINE_STEP = 3.0  # one level deeper per overlapping span: 2 px line, 1 px gap
FALLBACK_COLOR = "#808080"
LINK_COLOR = "#d62728"  # the claim colour: a link reads as "this claim, said by"
# A link's run down the margin: this far inside the viewport's right edge, one lane per link
# (up to three side by side), all inside the article's 18 px document margin.
LINK_GUTTER_INSET = 5.0
LINK_LANE_STEP = 4.0
LINK_LANES = 3
LINK_CORNER = 4.0  # radius of a link's turns
SAME_LINE = 4.0  # two line tops closer than this are one line


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
    """The first letter of the label: enough to tell labels apart next to their colour. A
    control or direction character (a colleague's label may start with one) shows as "?"."""
    first = label[:1].upper()
    return first if first and commanding(first) is None else "?"


def highlight_format(color: QColor, focused: bool, faint: bool = False) -> QTextCharFormat:
    """A background only, for an extra selection: extra selections never reshape glyphs."""
    fmt = QTextCharFormat()
    share = FOCUS_ALPHA if focused else HIGHLIGHT_ALPHA
    fmt.setBackground(with_alpha(color, share / 2 if faint else share))
    return fmt


def link_path(a: QPointF, b: QPointF, gap: float, gutter: float) -> QPainterPath:
    """The route of a speaker link from a claim's start `a` to its source's start `b`.

    Both points are the top of their line, where the span's badge sits. A link must never
    run through text: a curve straight across the lines between a claim and its speaker
    scores through every word on its way and hides which line it ends on. So it keeps to
    the space above the lines (`gap` high: between one line's bottom and the next line's
    top) and to the margin at x = `gutter`, as a bracket: up from the claim into the
    space above its line, along it to the margin, down (or up) the margin, and back in
    above the source's line. Two spans on one line get a low arc inside the space above
    that line instead.
    """
    rise = gap / 2  # the middle of the space above a line: clear of both lines' text
    path = QPainterPath(a)
    if abs(a.y() - b.y()) < SAME_LINE:
        # A cubic stays inside its control points: at 0.8 of the space, it peaks at 0.6.
        top = min(a.y(), b.y()) - gap * 0.8
        path.cubicTo(QPointF(a.x(), top), QPointF(b.x(), top), b)
        return path
    ya, yb = a.y() - rise, b.y() - rise
    out_a = 1.0 if gutter >= a.x() else -1.0  # the way from each end to the margin
    out_b = 1.0 if gutter >= b.x() else -1.0
    down = 1.0 if yb > ya else -1.0
    r = min(LINK_CORNER, rise, abs(gutter - a.x()) / 2, abs(gutter - b.x()) / 2, abs(yb - ya) / 2)
    path.quadTo(QPointF(a.x(), ya), QPointF(a.x() + out_a * r, ya))
    path.lineTo(gutter - out_a * r, ya)
    path.quadTo(QPointF(gutter, ya), QPointF(gutter, ya + down * r))
    path.lineTo(gutter, yb - down * r)
    path.quadTo(QPointF(gutter, yb), QPointF(gutter - out_b * r, yb))
    path.lineTo(b.x() + out_b * r, yb)
    path.quadTo(QPointF(b.x(), yb), b)
    return path


def _right_edge(painter: QPainter) -> float:
    """The right edge of what `painter` paints on, in its logical pixels: a widget (the
    article's viewport) counts in those already, an image or pixmap in device pixels."""
    device = painter.device()
    if isinstance(device, QWidget):
        return float(device.width())
    return device.width() / device.devicePixelRatioF()


def tooltip_html(
    spans: Sequence[Span], colors: dict[str, str], notes: dict[int, str] | None = None
) -> str:
    """One line per span: a swatch of its colour, its label (as the interface names it),
    its text (long ones cut), and for a drawn item its note (a suggestion's source and
    confidence: "model 0.87")."""
    lines = []
    for span in spans:
        color = label_color(colors, span.label).name()
        text = span.text if len(span.text) <= 80 else span.text[:79] + "…"
        lines.append(
            f'<span style="color:{color}">■</span> <b>{html.escape(label_title(span.label))}</b>: '
            f"{html.escape(text)}"
        )
        note = (notes or {}).get(span.id)
        if note:
            lines[-1] += f" <i>({html.escape(note)})</i>"
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
        self._badge_height = self._metrics.height()
        self._badge_widths: dict[str, float] = {}  # by text: a handful ("A", "A?", "D✓")
        # The space between two lines of the article: LINE_HEIGHT_PERCENT spaces them
        # apart by more than their own height. Links run along it.
        self._line_gap = QFontMetricsF(font).height() * (LINE_HEIGHT_PERCENT / 100 - 1)

    def _badge_width(self, text: str) -> float:
        width = self._badge_widths.get(text)
        if width is None:
            width = self._badge_widths[text] = self._metrics.horizontalAdvance(text) + 4
        return width

    def badge_rect(self, geometry: SpanGeometry, slot: int = 0, text: str | None = None) -> QRectF:
        """A small tag at the span's logical start, over the top of its first letters.

        `slot` moves the badges of spans that start at the same place side by side.
        """
        text = badge_text(geometry.span.label) if text is None else text
        width = self._badge_width(text)
        height = self._badge_height
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
        """Paint every span; returns the badge rectangles, for hit tests (double-click).

        A usual article shows some seventy spans and suggestions, in a few labels: each
        label's colours and pens are made once per paint, not once per span (Python's share
        of a paint is most of what a tag costs)."""
        marks = marks or {}
        styles = _Styles(colors)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for geometry in spans:
            span = geometry.span
            style = styles.of(span.label)
            if style is None:
                continue  # a fully transparent label is hidden, decorations included
            mark = marks.get(span.id)
            painter.setPen(style.dashed if mark is not None and mark.dashed else style.pen)
            for rect in geometry.pieces:
                y = rect.bottom() + UNDERLINE_WIDTH / 2 + geometry.level * UNDERLINE_STEP
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            if span.id == focused:
                painter.setPen(QPen(style.color.darker(130), 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for rect in geometry.pieces:
                    painter.drawRoundedRect(rect.adjusted(-2, 0, 2, 0), 3, 3)
        badges = self._paint_badges(painter, spans, styles, marks)
        painter.restore()
        return badges

    def paint_links(
        self,
        painter: QPainter,
        links: Sequence[tuple[int, int]],
        starts: dict[int, QPointF],
        focused: int | None,
        gutter: float | None = None,
    ) -> None:
        """A dashed bracket from each claim to its source, both ends on screen; the focused
        claim's (or source's) link stronger. It runs between the lines and down the margin
        at x = `gutter` (see `link_path`), never through text.

        The margin is the right one by default, just inside the viewport's edge: where
        right-to-left paragraphs end, so a Persian or Arabic reader finds the link beside
        the line ends it joins; left-to-right lines stop short of it too.
        """
        if gutter is None:
            gutter = _right_edge(painter) - LINK_GUTTER_INSET
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for number, (claim, source) in enumerate(links):
            a, b = starts.get(claim), starts.get(source)
            if a is None or b is None:
                continue
            strong = focused in (claim, source)
            pen = QPen(QColor(LINK_COLOR), 1.8 if strong else 1.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            # Links side by side in the margin, not on top of each other: each lane a step
            # further in from the viewport's edge, towards the text. By the link's place in
            # `links`, so a link keeps its lane while others scroll in and out of view.
            inward = -1.0 if gutter >= a.x() else 1.0
            lane = gutter + inward * (number % LINK_LANES) * LINK_LANE_STEP
            painter.drawPath(link_path(a, b, self._line_gap, lane))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(LINK_COLOR))
            painter.drawEllipse(b, 2.5, 2.5)  # the source end
        painter.restore()

    def _paint_badges(
        self,
        painter: QPainter,
        spans: Sequence[SpanGeometry],
        styles: _Styles,
        marks: dict[int, SpanMark],
    ) -> list[tuple[QRectF, int]]:
        """Badges after all underlines, so no underline crosses a badge.

        Their text is laid out left to right whatever the interface's direction: "A?",
        "D✓" and "A 2/3 !" would otherwise read "?A", "✓D" and "! A 2/3" in Persian or
        Arabic (a painter starts in the application's direction, and a trailing neutral
        such as "?" takes the paragraph's).
        """
        painter.setFont(self._badge_font)
        painter.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # restored by paint()
        badges: list[tuple[QRectF, int]] = []
        slots: dict[tuple[float, float], int] = {}
        center = Qt.AlignmentFlag.AlignCenter
        no_pen = Qt.PenStyle.NoPen
        for geometry in spans:
            span = geometry.span
            style = styles.of(span.label)
            if style is None:
                continue
            start = geometry.start
            anchor = (round(start.x()), round(start.y()))
            slot = slots[anchor] = slots.get(anchor, -1) + 1
            mark = marks.get(span.id)
            text = style.badge if mark is None else mark.badge
            rect = self.badge_rect(geometry, slot, text)
            painter.setPen(no_pen)
            painter.setBrush(style.color)
            painter.drawRoundedRect(rect, 2.5, 2.5)
            painter.setPen(style.ink)
            painter.drawText(rect, center, text)
            badges.append((rect, span.id))
        return badges


@dataclass(frozen=True, slots=True)
class _Style:
    """One label's colours and pens, as every span of it is painted."""

    color: QColor
    pen: QPen  # the underline
    dashed: QPen  # a marked span's underline (a suggestion, a review conflict)
    ink: QColor  # the badge's text: white on dark colours, black on light ones
    badge: str


class _Styles:
    """Each label's `_Style`, made when a paint first meets the label."""

    def __init__(self, colors: dict[str, str]) -> None:
        self._colors = colors
        self._made: dict[str, _Style | None] = {}

    def of(self, label: str) -> _Style | None:
        """None for a fully transparent label (hidden, decorations included)."""
        try:
            return self._made[label]
        except KeyError:
            pass
        color = label_color(self._colors, label)
        style = None
        if color.alpha() != 0:
            pen = QPen(color, UNDERLINE_WIDTH)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            dashed = QPen(pen)
            dashed.setStyle(Qt.PenStyle.DashLine)
            ink = QColor("#ffffff" if color.lightnessF() < 0.62 else "#000000")
            style = _Style(color, pen, dashed, ink, badge_text(label))
        self._made[label] = style
        return style
