"""The article view driven with real mouse drags and key presses, offscreen."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QTextCharFormat, QTextCursor, QTextLayout
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core.model import DEFAULT_LABELS, Span
from annotator.core.text.tokens import Token, regex_tokens
from annotator.gui.article_paint import UNDERLINE_STEP, UNDERLINE_WIDTH, SpanMark
from annotator.gui.article_spans import SpanIndex, overlap_levels
from annotator.gui.article_view import ArticleView, OverlayItem

from .mouse import double_click

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
COLORS = {label.name: label.color for label in DEFAULT_LABELS}
INVISIBLE = {name: "#00000000" for name in COLORS}
RTL = Qt.LayoutDirection.RightToLeft
LTR = Qt.LayoutDirection.LeftToRight
LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def find(text: str, word: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def make_span(text: str, span_id: int, label: str, start: int, end: int) -> Span:
    return Span(span_id, 1, "tester", label, start, end, text[start:end])


def drag(view: ArticleView, start: int, end: int, modifier=NONE) -> None:
    """Press at one caret position, move, release at another: as an analyst's mouse does."""
    viewport = view.viewport()
    first, last = view.point_of(start), view.point_of(end)
    QTest.mousePress(viewport, LEFT, NONE, first)
    QTest.mouseMove(viewport, QPoint((first.x() + last.x()) // 2, first.y()))
    QTest.mouseMove(viewport, last)
    QTest.mouseRelease(viewport, LEFT, modifier, last)


@pytest.fixture
def view(qtbot) -> ArticleView:
    """An ArticleView at the size of a reading pane, shown (offscreen) and exposed."""
    widget = ArticleView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


# -- selections -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "word", "occurrence"),
    [("002", "الكرملين", 0), ("002", "فلاديمير", 0), ("000", "ولادیمیر", 0), ("000", "ترامپ", 0)],
)
def test_dragging_across_a_word_selects_its_code_points(
    view: ArticleView, prefix: str, word: str, occurrence: int
) -> None:
    text = seed(prefix)
    view.set_document(text, [], COLORS)
    start, end = find(text, word, occurrence)
    drag(view, start, end)
    assert view.selected_range() == (start, end)
    assert text[slice(*view.selected_range())] == word
    drag(view, end, start)  # right to left or left to right: logical order either way
    assert view.selected_range() == (start, end)


def test_a_drag_from_mid_word_snaps_unless_exact(view: ArticleView) -> None:
    text = seed("002")
    view.set_document(text, [], COLORS)
    start, end = find(text, "الكرملين")
    drag(view, start + 2, end)
    assert view.selected_range() == (start, end)
    assert view.selected_range(exact=True) == (start + 2, end)
    assert not view.last_selection_exact
    drag(view, start + 2, end, modifier=ALT)  # Alt held on release keeps the characters
    assert view.last_selection_exact
    assert view.selected_range() == (start + 2, end)
    assert view.selected_range(exact=False) == (start, end)


def test_a_drag_over_a_number_and_its_comma_gives_the_number(view: ArticleView) -> None:
    text = seed("002")
    view.set_document(text, [], COLORS)
    start, end = find(text, "2254،")
    drag(view, start, end)
    assert text[slice(*view.selected_range())] == "2254"
    assert view.selected_range(exact=True) == (start, end)


def test_pressing_inside_a_selection_starts_a_new_one(view: ArticleView) -> None:
    text = seed("002")
    view.set_document(text, [], COLORS)
    first = find(text, "فلاديمير")
    both = find(text, "فلاديمير بوتين")
    drag(view, *first)
    assert view.selected_range() == first
    drag(view, first[0] + 4, both[1])  # the press lands inside the current selection
    assert view.selected_range(exact=True) == (first[0] + 4, both[1])
    assert view.selected_range() == both


def test_offsets_are_code_points_after_emoji(view: ArticleView) -> None:
    text = "😀 خبر 🇮🇷 عاجل: بوتين يتصل بترامب"
    view.set_document(text, [], COLORS)
    start, end = find(text, "بوتين")
    assert (start, end) == (15, 20)  # Qt counts 18..23: three astral characters before
    drag(view, start, end)
    cursor = view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (18, 23)
    assert view.selected_range() == (15, 20)
    drag(view, start + 1, end - 1, modifier=ALT)
    assert view.selected_range() == (16, 19)
    assert text[16:19] == "وتي"


def test_tokens_replace_the_regex_fallback(view: ArticleView) -> None:
    text = "رئیس جمهور روسیه گفت"
    view.set_document(text, [], COLORS)
    start, end = find(text, "جمهور")
    drag(view, start + 1, end)
    assert view.selected_range() == (start, end)
    tokens = regex_tokens(text)
    merged = [Token("رئیس جمهور", 0, end), *tokens[2:]]  # a tokenizer that joins compounds
    view.set_tokens(merged)
    assert view.selected_range() == (0, end)


def test_copy_keeps_the_stored_characters(view: ArticleView) -> None:
    text = seed("000")
    view.set_document(text, [], COLORS)
    start, end = find(text, "\u00a0k24")
    drag(view, start, end, modifier=ALT)
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "\u00a0k24"  # toPlainText would give " k24"


# -- keyboard -------------------------------------------------------------------------------


def put_caret(view: ArticleView, cp: int) -> None:
    cursor = view.textCursor()
    cursor.setPosition(cp)
    view.setTextCursor(cursor)


def test_ctrl_shift_arrow_selects_the_next_word_in_reading_order(view: ArticleView) -> None:
    text = seed("002")
    view.set_document(text, [], COLORS)
    view.setFocus()
    start, end = find(text, "الكرملين")
    put_caret(view, start)
    # In an RTL paragraph, Qt's arrows are visual: Left goes forward in reading order.
    QTest.keyClick(view, Qt.Key.Key_Left, CTRL | SHIFT)
    cursor = view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (start, end + 2)  # "الكرملين، "
    assert view.selected_range() == (start, end)  # the comma and space are trimmed
    QTest.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    assert not view.textCursor().hasSelection()
    put_caret(view, start)
    QTest.keyClick(view, Qt.Key.Key_Left, CTRL)
    assert view.textCursor().position() == end + 2  # the caret moves by words
    QTest.keyClick(view, Qt.Key.Key_Right, CTRL)
    assert view.textCursor().position() == start


def test_ctrl_shift_right_in_a_latin_paragraph(view: ArticleView) -> None:
    text = "بوتين گفت\nIt's Over 9000 now"
    view.set_document(text, [], COLORS)
    view.setFocus()
    put_caret(view, text.index("Over"))
    QTest.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    assert text[slice(*view.selected_range())] == "Over"


def test_caret_is_visible_and_keyboard_selectable(view: ArticleView) -> None:
    flags = view.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert view.isReadOnly() and view.cursorWidth() >= 1


def test_tab_walks_spans_in_reading_order_and_escape_clears(qtbot, view: ArticleView) -> None:
    text = seed("002")
    words = [("ترامب", 0, "actor"), ("بوتين", 0, "actor"), ("الأسد", 0, "topic")]
    spans = [
        make_span(text, 10 + i, label, *find(text, w, n)) for i, (w, n, label) in enumerate(words)
    ]
    view.set_document(text, list(reversed(spans)), COLORS)
    view.setFocus()
    put_caret(view, 0)
    order = sorted(spans, key=lambda s: s.start)
    seen = []
    for _ in order:
        with qtbot.waitSignal(view.span_focused) as signal:
            QTest.keyClick(view, Qt.Key.Key_Tab)
        seen.append(signal.args[0])
    assert seen == [s.id for s in order]
    assert view.hasFocus()  # Tab did not move the keyboard focus away
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert view.focused_span_id() == order[0].id  # wraps around
    QTest.keyClick(view, Qt.Key.Key_Backtab, SHIFT)
    assert view.focused_span_id() == order[-1].id
    QTest.keyClick(view, Qt.Key.Key_Tab, SHIFT)
    assert view.focused_span_id() == order[-2].id
    QTest.keyClick(view, Qt.Key.Key_Left, CTRL | SHIFT)
    assert view.textCursor().hasSelection()
    with qtbot.waitSignal(view.span_focused) as signal:
        QTest.keyClick(view, Qt.Key.Key_Escape)
    assert signal.args == [-1]
    assert view.focused_span_id() is None and not view.textCursor().hasSelection()


def test_focus_span_scrolls_to_it(view: ArticleView) -> None:
    text = seed("002")
    last = text.rindex("الأسد")
    span = make_span(text, 7, "actor", last, last + 5)
    view.set_document(text, [span], COLORS)
    assert view.verticalScrollBar().value() == 0
    assert view.focus_span(7)
    assert view.verticalScrollBar().value() > 0
    first, end = view.visible_range()
    assert first <= span.start and span.end <= end
    assert not view.focus_span(999)


def test_a_click_on_a_span_focuses_it(qtbot, view: ArticleView) -> None:
    text = seed("002")
    start, end = find(text, "الكرملين")
    view.set_document(text, [make_span(text, 3, "actor", start, end)], COLORS)
    inside = view.rects_of(start, end)[0].center().toPoint()
    with qtbot.waitSignal(view.span_focused) as signal:
        QTest.mouseClick(view.viewport(), LEFT, NONE, inside)
    assert signal.args == [3] and view.focused_span_id() == 3
    QTest.mouseClick(view.viewport(), LEFT, NONE, view.point_of(text.index("بيان")))
    assert view.focused_span_id() is None


# -- paragraphs and fonts -------------------------------------------------------------------


def block_texts(view: ArticleView):
    block = view.document().begin()
    while block.isValid():
        yield block, block.text()
        block = block.next()


def test_every_arabic_script_paragraph_is_rtl_and_right_aligned(view: ArticleView) -> None:
    text = seed("000") + "\nVladimir Putin در گفتگو با ترامپ\nA purely Latin line, 2017."
    view.set_document(text, [], COLORS)
    checked = 0
    for block, content in block_texts(view):
        fmt = block.blockFormat()
        if any("\u0600" <= c <= "\u06ff" for c in content):
            assert block.textDirection() == RTL, content
            assert fmt.alignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
            checked += 1
        else:
            assert block.textDirection() == LTR, content
            assert fmt.alignment() == Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
    assert checked == 16
    k24 = next(b for b, content in block_texts(view) if "k24" in content)
    latin = view.document().lastBlock()
    line_width = view.document().textWidth() - 2 * view.document().documentMargin()
    # Laid out, the short RTL line hugs the right edge and the Latin one the left.
    view.rects_of(len(text) - 1, len(text))
    assert k24.layout().lineAt(0).naturalTextRect().right() == pytest.approx(line_width, abs=1)
    assert latin.layout().lineAt(0).naturalTextRect().left() == pytest.approx(0, abs=1)


def test_the_view_uses_vazirmatn_even_under_an_app_style_sheet(view: ArticleView) -> None:
    app = QApplication.instance()
    app.setStyleSheet("* { font-family: 'DejaVu Sans'; font-size: 9px; }")
    try:
        view.set_document(seed("002"), [], COLORS)
        view.set_font_size(16)
        assert view.font().family() == "Vazirmatn"
        assert view.font().pointSizeF() == 16
        line = view.document().begin().layout().lineAt(0)
        assert {run.rawFont().familyName() for run in line.glyphRuns()} == {"Vazirmatn"}
    finally:
        app.setStyleSheet("")
    view.set_font_size(200)
    assert view.font_size() == 48


# -- highlights -----------------------------------------------------------------------------


def glyphs(view: ArticleView, block_number: int) -> list:
    return layout_glyphs(view.document().findBlockByNumber(block_number).layout())


def layout_glyphs(layout: QTextLayout) -> list:
    """Glyph ids and positions of every run of a laid-out paragraph."""
    runs = []
    for i in range(layout.lineCount()):
        for run in layout.lineAt(i).glyphRuns():
            points = [(p.x(), p.y()) for p in run.positions()]
            runs.append((list(run.glyphIndexes()), points))
    return runs


def render(view: ArticleView) -> QImage:
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    view.viewport().render(image)
    return image


def test_tagging_inside_a_ligature_never_changes_glyphs(view: ArticleView) -> None:
    """The regression RTL-NOTES measured: a char format on أسد splits the lam-alef of الأسد."""
    text = seed("002")
    start, _ = find(text, "الأسد")
    view.set_document(text, [], INVISIBLE)
    block = view.document().findBlock(start).blockNumber()
    before_glyphs, before_pixels = glyphs(view, block), render(view)
    view.add_span(make_span(text, 1, "actor", start + 1, start + 5))  # أسد, inside الأسد
    assert len(view.extraSelections()) == 0  # transparent labels add nothing to draw
    assert glyphs(view, block) == before_glyphs
    assert render(view) == before_pixels
    view.set_colors(COLORS)
    assert len(view.extraSelections()) == 1
    assert glyphs(view, block) == before_glyphs  # a visible highlight changes no glyph either

    # The check is sensitive: a char format (what RTL-NOTES forbids) changes these glyphs.
    assert clone_glyphs(view, block) == before_glyphs
    assert clone_glyphs(view, block, (start + 1, start + 5)) != before_glyphs


def clone_glyphs(view: ArticleView, block: int, formatted: tuple[int, int] | None = None):
    """The glyphs of a copy of the view's document, optionally with a background char format."""
    clone = view.document().clone()
    clone.setTextWidth(view.document().textWidth())
    if formatted is not None:
        cursor = QTextCursor(clone)
        cursor.setPosition(formatted[0])
        cursor.setPosition(formatted[1], QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#5f1f77b4"))
        cursor.mergeCharFormat(fmt)
    clone.documentLayout().documentSize()  # a small document: lay it all out
    return layout_glyphs(clone.findBlockByNumber(block).layout())


def big_document() -> tuple[str, list[Span]]:
    """1 MiB of Arabic news (seed paragraphs repeated) and 10,000 spans on its words."""
    paragraphs = [p for prefix in ("002", "003", "004") for p in seed(prefix).split("\n") if p]
    parts, size, i = [], 0, 0
    while size < 1 << 20:
        paragraph = paragraphs[i % len(paragraphs)]
        parts.append(paragraph)
        size += len(paragraph.encode()) + 1
        i += 1
    text = "\n".join(parts)
    words = [t for t in regex_tokens(text) if len(t.text) > 2]
    step = len(words) // 10_000
    labels = [label.name for label in DEFAULT_LABELS]
    spans = [
        make_span(text, n, labels[n % 4], words[n * step].start, words[n * step + n % 3].end)
        for n in range(10_000)
    ]
    return text, spans


def test_only_spans_on_screen_become_extra_selections(view: ArticleView) -> None:
    text, spans = big_document()
    started = time.perf_counter()
    view.set_document(text, spans, COLORS)
    view.viewport().repaint()
    elapsed = time.perf_counter() - started
    print(f"\n1 MiB, 10,000 spans: set_document + first paint {elapsed * 1000:.0f} ms")
    shown = len(view.extraSelections())
    assert 0 < shown < 500
    first, last = view.visible_range()
    assert all(
        first <= s.cursor.selectionEnd() and s.cursor.selectionStart() <= last
        for s in view.extraSelections()
    )
    assert view.document().lastBlock().layout().lineCount() == 0  # layout stays lazy
    view.set_font_size(16)  # zooming keeps the layout lazy
    assert 0 < len(view.extraSelections()) < 500
    assert view.document().lastBlock().layout().lineCount() == 0
    view.set_document(text, spans, COLORS)  # so does replacing a highlighted document
    assert 0 < len(view.extraSelections()) < 500
    assert view.document().lastBlock().layout().lineCount() == 0
    far = spans[6000]
    view.focus_span(far.id)
    assert 0 < len(view.extraSelections()) < 500
    assert any(s.cursor.selectionStart() == far.start for s in view.extraSelections())
    view.add_span(make_span(text, 20_000, "claim", far.start, far.end))
    assert view.spans_at(far.start)[-1].id in {far.id, 20_000}
    assert {s.id for s in view.spans_at(far.start)} >= {far.id, 20_000}


def test_span_edits_update_the_highlights(view: ArticleView) -> None:
    text = seed("004")
    a = make_span(text, 1, "actor", *find(text, "ترامب"))
    view.set_document(text, [a], COLORS)
    assert len(view.extraSelections()) == 1
    b = make_span(text, 2, "topic", *find(text, "سوريا"))
    view.add_span(b)
    assert len(view.extraSelections()) == 2
    view.focus_span(2)
    view.replace_span(Span(2, 1, "tester", "claim", b.start, b.end, b.text))
    backgrounds = {s.format.background().color().rgb() for s in view.extraSelections()}
    assert QColor(COLORS["claim"]).rgb() in backgrounds
    assert view.focused_span_id() == 2
    view.remove_span(2)
    assert view.focused_span_id() is None and len(view.extraSelections()) == 1
    view.set_spans([])
    assert view.extraSelections() == [] and view.spans() == []


def test_a_view_kept_through_changes_paints_what_a_fresh_view_paints(qtbot, view) -> None:
    """What the view keeps from one paint to the next (where each span sits, its
    highlight, the labels' pens) never leaves a stale picture: after a tag, suggestions
    taken off, a scroll, a new width, a zoom, new colours and a focus, it paints exactly
    the pixels a new view given the same state paints."""
    text = "\n".join([seed("002"), seed("004"), seed("003")])  # longer than the pane
    words = regex_tokens(text)
    labels = [label.name for label in DEFAULT_LABELS]
    spans = [
        make_span(
            text, n + 1, labels[n % 4], w.start, words[min(n * 9 + n % 2, len(words) - 1)].end
        )
        for n, w in enumerate(words[::9])
    ]
    suggestion = SpanMark("A?", dashed=True, faint=True)
    items = [
        OverlayItem(k, labels[k % 4], w.start, w.end, w.text, suggestion, "repeat")
        for k, w in enumerate(words[4::7])
    ]
    state = {"spans": spans[:-5], "items": items, "colors": COLORS}

    def fresh() -> QImage:
        other = ArticleView()
        other.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        qtbot.addWidget(other)
        other.resize(view.size())
        other.show()
        qtbot.waitExposed(other)
        if other.font_size() != view.font_size():
            other.set_font_size(view.font_size())
        other.set_document(text, state["spans"], state["colors"])
        other.set_overlay("suggestions", state["items"])
        other.verticalScrollBar().setValue(view.verticalScrollBar().value())
        other.focus_span(view.focused_span_id())
        assert other.verticalScrollBar().value() == view.verticalScrollBar().value()
        image = render(other)
        other.close()
        return image

    def same_as_fresh() -> bool:
        view.clearFocus()  # no caret: a blinking one would make two pictures differ by chance
        return render(view) == fresh()

    view.set_document(text, state["spans"], COLORS)
    view.set_overlay("suggestions", items)
    render(view)  # what a paint keeps, kept
    assert same_as_fresh()
    for span in spans[-5:]:  # tags, each over a suggestion or two
        view.add_span(span)
        view.drop_overlay_items("suggestions", [k for k in range(0, len(items), 11)])
        state["spans"].append(span)
        state["items"] = [i for i in state["items"] if i.key % 11]
        render(view)
    assert same_as_fresh()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    render(view)
    assert same_as_fresh()
    view.resize(640, 700)  # the lines break elsewhere
    assert same_as_fresh()
    view.set_font_size(16)
    assert same_as_fresh()
    state["colors"] = {**COLORS, "actor": "#2e7d32", "topic": "#00000000"}
    view.set_colors(state["colors"])
    assert same_as_fresh()
    view.focus_span(state["spans"][-1].id)
    assert same_as_fresh()


def test_overlap_levels_stack_overlapping_spans() -> None:
    def spans(*ranges: tuple[int, int]) -> list[Span]:
        return [Span(i, 1, "t", "actor", s, e, "") for i, (s, e) in enumerate(ranges)]

    assert overlap_levels(spans((0, 10), (5, 15), (12, 20))) == [0, 1, 0]
    assert overlap_levels(spans((0, 20), (2, 5), (3, 4), (6, 8))) == [0, 1, 2, 1]
    assert overlap_levels(spans((0, 5), (5, 10))) == [0, 0]
    # The view colours only a window, but the levels match colouring every span.
    chain = spans((0, 10), (5, 15), (12, 30), (14, 16), (40, 50))
    index = SpanIndex(reversed(chain))
    for window in ((0, 1), (14, 15), (16, 17), (13, 45)):
        expected = dict(zip([s.id for s in chain], overlap_levels(chain), strict=True))
        assert all(expected[s.id] == level for s, level in index.leveled(*window))


def test_overlapping_spans_get_stacked_underlines(view: ArticleView) -> None:
    text = seed("002")
    start, _ = find(text, "فلاديمير بوتين")
    topic = make_span(text, 1, "topic", *find(text, "الروسي، فلاديمير"))
    actor = make_span(text, 2, "actor", start, start + len("فلاديمير بوتين"))
    view.set_document(text, [actor, topic], COLORS)
    image = render(view)
    (shared,) = view.rects_of(*find(text, "فلاديمير"))
    x = round(shared.center().x())
    levels = list(zip([s.label for s in view.spans()], overlap_levels(view.spans()), strict=True))
    assert sorted(level for _, level in levels) == [0, 1]

    def color_at(level: int) -> QColor:
        y = shared.bottom() + UNDERLINE_WIDTH / 2 + level * UNDERLINE_STEP
        return image.pixelColor(x, round(y - 0.5))

    for label, level in levels:
        expected, seen = QColor(COLORS[label]), color_at(level)
        assert abs(seen.red() - expected.red()) + abs(seen.blue() - expected.blue()) < 60


def test_tooltip_names_the_labels_under_the_mouse(view: ArticleView) -> None:
    text = seed("002")
    start, end = find(text, "الكرملين")
    view.set_document(text, [make_span(text, 5, "actor", start, end)], COLORS)
    point = view.rects_of(start, end)[0].center().toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    assert "actor" in QToolTip.text() and "الكرملين" in QToolTip.text()


def test_double_click_on_a_badge_activates_the_span(qtbot, view: ArticleView) -> None:
    text = seed("002")
    start, end = find(text, "الكرملين")
    view.set_document(text, [make_span(text, 4, "actor", start, end)], COLORS)
    view.viewport().repaint()
    ((rect, span_id),) = view.badge_rects()
    assert span_id == 4
    with qtbot.waitSignal(view.span_activated) as signal:
        double_click(view.viewport(), rect.center().toPoint())
    assert signal.args == [4]


def test_non_canonical_text_and_bad_spans_are_refused(view: ArticleView) -> None:
    view.set_document("سلام", [Span(1, 1, "t", "actor", 0, 4, "سلام")], COLORS)
    with pytest.raises(ValueError):
        view.set_document("\ufeffسلام", [], COLORS)  # Qt drops a leading BOM
    with pytest.raises(ValueError):
        view.set_document("a\r\nb", [], COLORS)  # and merges CRLF
    assert view.text() == "سلام" and [s.id for s in view.spans()] == [1]
    with pytest.raises(ValueError):
        view.set_document("سلام", [Span(1, 1, "t", "actor", 2, 9, "")], COLORS)


def test_clicks_between_paragraphs_stay_cheap_and_local(view: ArticleView) -> None:
    """Qt's own hit test of a gap under a paragraph lays out 1 MB and answers its end."""
    text, spans = big_document()
    view.set_document(text, spans, COLORS)
    view.viewport().repaint()
    first = view.document().begin()
    gap = view.document().documentLayout().blockBoundingRect(first).bottom() + 3
    for y in (2, round(gap)):  # the document margin, the space under the title
        point = QPoint(view.viewport().width() // 2, y)
        QTest.mouseClick(view.viewport(), LEFT, NONE, point)
        assert view.textCursor().position() <= first.next().position() + first.next().length()
        assert view.spans_at_point(point) == []
    assert view.document().lastBlock().layout().lineCount() == 0  # still lazy
    assert view.verticalScrollBar().value() == 0


def test_a_document_loaded_while_hidden_is_highlighted_when_shown(qtbot) -> None:
    text = seed("002")
    start, end = find(text, "الكرملين")
    widget = ArticleView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.set_document(text, [make_span(text, 1, "actor", start, end)], COLORS)
    assert widget.extraSelections() == []  # nothing is on screen yet
    widget.show()
    qtbot.waitExposed(widget)
    assert len(widget.extraSelections()) == 1
