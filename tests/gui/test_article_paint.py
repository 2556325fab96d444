"""Span decorations painted over the article: a review badge reads the same in a Persian or
Arabic interface as in English ("A?" never "?A")."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
)
from PySide6.QtWidgets import QApplication, QWidget

from annotator.core.model import DEFAULT_LABELS, Span
from annotator.gui import i18n
from annotator.gui.article_geometry import viewport_origin
from annotator.gui.article_paint import (
    SpanGeometry,
    SpanMark,
    SpanPainter,
    link_path,
    tooltip_html,
)
from annotator.gui.article_view import ArticleView

COLORS = {label.name: label.color for label in DEFAULT_LABELS}
RTL = Qt.LayoutDirection.RightToLeft
LTR = Qt.LayoutDirection.LeftToRight
# as review_session.py writes them: a candidate's letter and count, "!" on a conflict, a
# gold span's letter and check mark; and "A?" as the analysts reported it
BADGES = ["A?", "A 2/3", "A 2/3 !", "D✓"]


def geometry(start_rtl: bool = False) -> SpanGeometry:
    span = Span(7, 1, "sara", "actor", 0, 5, "Putin")
    piece = QRectF(40, 40, 120, 30)
    start = QPointF(piece.right() if start_rtl else piece.left(), piece.top())
    return SpanGeometry(span, 0, [piece], start, start_rtl)


class Canvas(QWidget):
    """A widget that paints one span with a review badge, as the article's viewport does."""

    def __init__(self, direction: Qt.LayoutDirection, badge: str, start_rtl: bool) -> None:
        super().__init__()
        self.setLayoutDirection(direction)
        self.resize(220, 100)
        font = QFont(self.font())
        font.setPointSizeF(28)  # badges at half of it: large enough to tell glyphs apart
        self.painter = SpanPainter(font)
        self.badge = badge
        self.geometry_ = geometry(start_rtl)
        self.badges: list[tuple[QRectF, int]] = []
        self.direction: Qt.LayoutDirection | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.direction = painter.layoutDirection()  # what the view hands the painter
            painter.fillRect(self.rect(), QColor("#ffffff"))
            marks = {self.geometry_.span.id: SpanMark(self.badge)}
            self.badges = self.painter.paint(painter, [self.geometry_], COLORS, None, marks)
        finally:
            painter.end()


def render(qtbot, direction: Qt.LayoutDirection, badge: str, start_rtl: bool = False):
    """The badge painted in a widget of a Persian (RTL) or English (LTR) interface: the
    application's direction is the one a painter starts with (i18n.install_translator sets
    it), the widget's the one it inherits."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setLayoutDirection(direction)
    try:
        canvas = Canvas(direction, badge, start_rtl)
        qtbot.addWidget(canvas)
        image = canvas.grab().toImage()
    finally:
        app.setLayoutDirection(LTR)
    assert canvas.direction == direction
    ((rect, span_id),) = canvas.badges
    assert span_id == 7
    return image.copy(rect.toAlignedRect()), rect


def text_image(direction: Qt.LayoutDirection, text: str) -> QImage:
    """`text` drawn plainly by a painter in `direction`: what the badge code did before."""
    image = QImage(200, 60, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    font = painter.font()
    font.setPixelSize(24)
    painter.setFont(font)
    painter.setLayoutDirection(direction)
    painter.drawText(QRectF(image.rect()), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def test_a_right_to_left_painter_reorders_a_plain_badge(qapp):
    """Why the badge needs a direction of its own: "A?" in a right-to-left paragraph puts
    the neutral "?" before the A (on its left)."""
    assert text_image(RTL, "A?") != text_image(LTR, "A?")
    assert text_image(RTL, "AB") == text_image(LTR, "AB")  # strong letters alone do not move


@pytest.mark.parametrize("badge", BADGES)
@pytest.mark.parametrize("start_rtl", [False, True])
def test_badge_text_reads_left_to_right_in_a_right_to_left_widget(qtbot, badge, start_rtl):
    english, english_rect = render(qtbot, LTR, badge, start_rtl)
    persian, persian_rect = render(qtbot, RTL, badge, start_rtl)
    assert persian_rect == english_rect  # same place: the span's start decides it
    assert persian == english, f"{badge!r} is drawn differently in a right-to-left widget"


def first_glyph_width(image: QImage) -> int:
    """Columns of the leftmost run of ink inside the badge: the first glyph's width."""
    ground = image.pixelColor(image.width() // 2, 1)  # the badge's fill, above the text
    rows = range(2, image.height() - 2)
    columns = range(2, image.width() - 2)  # inside the rounded border
    inked = [any(image.pixelColor(x, y) != ground for y in rows) for x in columns]
    assert any(inked), "an empty badge"
    left = inked.index(True)
    width = 0
    while left + width < len(inked) and inked[left + width]:
        width += 1
    return width


def test_badge_letter_comes_first(qtbot):
    """The label's letter on the left, the rest after it: "A 2/3 !", never "! A 2/3".
    Told by the first glyph's width (an A is wide, a ! a stroke), whatever the font."""
    badge, _ = render(qtbot, RTL, "A 2/3 !")
    letter, _ = render(qtbot, RTL, "A")
    mark, _ = render(qtbot, RTL, "!")
    assert badge.height() == letter.height() == mark.height()
    first, a, bang = first_glyph_width(badge), first_glyph_width(letter), first_glyph_width(mark)
    assert a > bang
    assert abs(first - a) < abs(first - bang), (first, a, bang)


def test_painting_leaves_the_painter_as_it_was(qtbot):
    image = QImage(100, 60, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.setLayoutDirection(RTL)
    font = QFont()
    font.setPointSizeF(20)
    SpanPainter(font).paint(painter, [geometry()], COLORS, None, {7: SpanMark("A?")})
    assert painter.layoutDirection() == RTL
    painter.end()


def test_hover_tooltip_names_the_label_in_the_interface_language(qapp):
    span = Span(7, 1, "sara", "actor", 0, 5, "Putin")
    assert "<b>actor</b>: Putin" in tooltip_html([span], COLORS)
    i18n.install_translator(qapp, "fa")
    try:
        assert "<b>کنشگر</b>: Putin" in tooltip_html([span], COLORS)
    finally:
        i18n.remove_translators(qapp)


# -- speaker links ------------------------------------------------------------------------

LINK_SHOT = Path("/tmp/article_speaker_link.png")
# Lines as the article lays them out at 13 pt: 27 px high, 37.8 px apart (140 %), between
# the 18 px document margins of a 684 px viewport; right-to-left lines end on the right.
LINE_HEIGHT, LINE_PITCH, LEFT, RIGHT = 26.5, 37.8, 18.0, 666.0
GAP = LINE_PITCH - LINE_HEIGHT


def line_rect(number: int, left: float = LEFT, right: float = RIGHT) -> QRectF:
    return QRectF(left, 18 + number * LINE_PITCH, right - left, LINE_HEIGHT)


def stroke(path: QPainterPath, width: float = 1.8) -> QPainterPath:
    """The ink of a path drawn with the strong pen: `intersects` on the path itself would
    fill it, closing the bracket into a shape that covers the lines it goes around."""
    stroker = QPainterPathStroker()
    stroker.setWidth(width)
    return stroker.createStroke(path)


def crossed(path: QPainterPath, lines: dict[int, QRectF], ends: set[int]) -> list[int]:
    """The lines whose text the link's ink touches; the two end lines only below the top
    1.5 px, where the link meets its badges."""
    ink = stroke(path)
    return [
        number
        for number, rect in lines.items()
        if ink.intersects(rect.adjusted(0, 1.5, 0, 0) if number in ends else rect)
    ]


@pytest.mark.parametrize(
    ("claim", "source", "claim_x", "source_x", "gutter", "left", "right"),
    [
        (2, 0, 300.0, 500.0, 679.0, LEFT, RIGHT),  # the speaker two lines up
        (0, 3, 600.0, 100.0, 679.0, LEFT, RIGHT),  # and three lines down
        (4, 1, 640.0, 30.0, 675.0, LEFT, RIGHT),  # ends at both sides of the line
        (1, 3, 200.0, 80.0, 9.0, LEFT, RIGHT),  # a left-to-right article: the left margin
        (3, 0, 120.0, 300.0, 679.0, 240.0, RIGHT),  # short lines (a paragraph's last)
    ],
)
def test_a_link_between_lines_keeps_out_of_every_line(
    claim, source, claim_x, source_x, gutter, left, right
):
    lines = {n: line_rect(n, left, right) for n in range(6)}
    a = QPointF(claim_x, lines[claim].top())
    b = QPointF(source_x, lines[source].top())
    path = link_path(a, b, GAP, gutter)
    assert path.pointAtPercent(0) == a and path.pointAtPercent(1) == b
    between = {n for n in lines if min(claim, source) < n < max(claim, source)}
    assert between  # the case this is about
    assert crossed(path, lines, {claim, source}) == []
    # It goes round through the margin, not short of it.
    assert stroke(path).intersects(QRectF(gutter - 0.5, lines[min(between)].top(), 1, 1))


def test_a_link_on_one_line_arcs_in_the_space_above_it():
    lines = {n: line_rect(n) for n in range(3)}
    a, b = QPointF(200, lines[1].top()), QPointF(520, lines[1].top())
    path = link_path(a, b, GAP, 679.0)
    assert crossed(path, lines, {1}) == []
    assert path.boundingRect().top() < a.y() - GAP / 3  # an arc, not a line along the text


def test_the_old_bow_crossed_the_lines_between():
    """Why the route changed: the curve drawn before (a bow 24 px past the further end)
    went straight through the text of the line between a claim and its speaker."""
    lines = {n: line_rect(n) for n in range(3)}
    a, b = QPointF(300, lines[2].top()), QPointF(500, lines[0].top())
    side = max(a.x(), b.x()) + 24
    bow = QPainterPath(a)
    bow.cubicTo(QPointF(side, a.y()), QPointF(side, b.y()), b)
    assert 1 in crossed(bow, lines, {0, 2})
    assert crossed(link_path(a, b, GAP, 679.0), lines, {0, 2}) == []


PARAGRAPH = " ".join(["وزیر امور خارجه روسیه گفت که گفتگو با آمریکا ادامه خواهد داشت."] * 9)


@pytest.fixture
def article(qtbot) -> ArticleView:
    """A Persian paragraph of several lines in a reading pane, shown (offscreen)."""
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(700, 420)
    view.show()
    qtbot.waitExposed(view)
    view.set_document(PARAGRAPH, [], COLORS)
    return view


def word_on_line(view: ArticleView, line: int, share: float) -> tuple[int, int]:
    """The word about `share` of the way into a laid-out line (code points = UTF-16 here)."""
    laid = view.document().firstBlock().layout().lineAt(line)
    start, end = laid.textStart(), laid.textStart() + laid.textLength()
    first = PARAGRAPH.index(" ", int(start + (end - start) * share)) + 1
    return first, PARAGRAPH.index(" ", first)


def text_rects(view: ArticleView) -> list[QRectF]:
    """Where each line of the paragraph has text, in viewport pixels."""
    layout = view.document().firstBlock().layout()
    offset = layout.position() + viewport_origin(view)
    return [
        layout.lineAt(i).naturalTextRect().translated(offset) for i in range(layout.lineCount())
    ]


def render_viewport(view: ArticleView) -> QImage:
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    view.viewport().render(image)
    return image


@pytest.mark.parametrize(("claim_line", "source_line"), [(2, 0), (3, 0), (0, 2)])
def test_a_speaker_link_in_the_article_crosses_no_line_of_text(
    article: ArticleView, claim_line: int, source_line: int
):
    """Painted by the view itself: the link's pixels (those that change when the link is
    shown) stay off the text of the lines between the claim and its speaker, and reach the
    right margin, where the right-to-left lines end."""
    assert article.document().firstBlock().layout().lineCount() >= 4
    source = Span(1, 1, "sara", "actor", *word_on_line(article, source_line, 0.5), "")
    claim = Span(2, 1, "sara", "claim", *word_on_line(article, claim_line, 0.3), "")
    article.set_document(PARAGRAPH, [source, claim], COLORS)
    article.focus_span(claim.id)  # the strong pen: the widest ink
    plain = render_viewport(article)
    article.set_links([(claim.id, source.id)])
    linked = render_viewport(article)
    ink = [
        (x, y)
        for y in range(linked.height())
        for x in range(linked.width())
        if linked.pixel(x, y) != plain.pixel(x, y)
    ]
    assert ink, "no link drawn"
    rects = text_rects(article)
    assert all(rect.right() < article.viewport().width() - 12 for rect in rects)
    for number in range(min(claim_line, source_line) + 1, max(claim_line, source_line)):
        inside = [(x, y) for x, y in ink if rects[number].contains(x + 0.5, y + 0.5)]
        assert not inside, f"the link crosses the text of line {number}: {inside[:5]}"
    assert max(x for x, _ in ink) > max(rect.right() for rect in rects) + 4  # in the margin
    if claim_line == 2:
        assert article.grab().save(str(LINK_SHOT))
