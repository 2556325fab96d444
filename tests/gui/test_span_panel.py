"""The span panel: columns that fit, texts elided only when they must, values edited from
any column, and a visible hint where a value is still to be set."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QToolTip

from annotator.core.model import DEFAULT_LABELS, Label, Span
from annotator.gui.span_panel import COL_LABEL, COL_TEXT, COL_VALUE, SpanPanel

from .colours import contrast
from .mouse import double_click
from .test_names_shown_plain import shown_tip

CLAIM = (
    "أكد البيت الأبيض أن الرئيس الروسي فلاديمير بوتين والرئيس الأميركي دونالد ترامب جددا "
    "التزامهما بالحفاظ على وحدة سورية وسيادتها"
)
LATIN = "the Kremlin press service said on Tuesday that the meeting had been constructive"
SPANS = [
    Span(1, 1, "sara", "actor", 0, 8, "الكرملين", {"actor": "Kremlin"}),
    Span(2, 1, "sara", "date", 10, 25, "يوم 11 تشرين الثاني",
         {"suggested_value": "2017-11-11", "resolved_from": "2017-11-21"}),
    Span(3, 1, "sara", "date", 30, 48, "بـ12 شباط عام 2015",
         {"value": "2015-02-12", "calendar": "levantine"}),
    Span(4, 1, "sara", "claim", 50, 50 + len(CLAIM), CLAIM, {}),
    Span(5, 1, "sara", "topic", 300, 305, "سورية", {"topic": "Syria"}),
    Span(6, 1, "sara", "date", 310, 317, "۳۰ آبان", {"calendar": "solar_hijri"}),
    Span(7, 1, "sara", "date", 320, 334, "21 نوفمبر 2017",
         {"value": "2017-11-21", "calendar": "gregorian"}),
    Span(8, 1, "sara", "place", 340, 345, "دمشق", {}),
    Span(9, 1, "sara", "actor", 350, 350 + len(LATIN), LATIN, {}),
]  # fmt: skip
ROW = {span.id: row for row, span in enumerate(SPANS)}  # already in reading order
LABELS = [*DEFAULT_LABELS, Label("place", "#8c564b", None, "A place", 4)]


@pytest.fixture
def panel(qtbot, qapp) -> Iterator[SpanPanel]:
    """A bare panel: the plain style, whatever theme an earlier test left on the app (a
    theme's stylesheet fixes the font, and some tests here change it)."""
    sheet = qapp.styleSheet()
    qapp.setStyleSheet("")
    panel = SpanPanel()
    qtbot.addWidget(panel)
    panel.set_labels(LABELS)
    panel.set_spans(SPANS)
    panel.set_sources({4: "الكرملين"})
    panel.resize(360, 420)
    panel.show()
    panel.activateWindow()
    assert QTest.qWaitForWindowActive(panel)
    yield panel
    qapp.setStyleSheet(sheet)


@pytest.fixture
def themes(qapp) -> Iterator:
    """Apply a theme as the application does; the plain style back afterwards."""
    from annotator.gui.fonts import load_fonts
    from annotator.gui.theme import apply_theme

    style, palette = qapp.style().name(), qapp.palette()
    yield lambda name: apply_theme(qapp, name, load_fonts())
    qapp.setStyleSheet("")
    qapp.setStyle(style)
    qapp.setPalette(palette)


def _colours(image: QImage) -> Counter:
    return Counter(image.pixel(x, y) for x in range(image.width()) for y in range(image.height()))


def _text_band(rect: QRect) -> QRect:
    """The middle of an item: its text, without the borders and frames around it (a combo
    box's item has an 8-pixel border of the list's own colour)."""
    return rect.adjusted(10, rect.height() // 4, -10, -(rect.height() // 4))


def inkcontrast(image: QImage) -> float:
    """The contrast of the text drawn in `image` against its background (its commonest
    colour): the strongest ink pixel, so that antialiased edges do not count against it."""
    colours = _colours(image)
    background = QColor.fromRgb(colours.most_common(1)[0][0])
    return max(contrast(QColor.fromRgb(pixel), background) for pixel in colours)


def _cell(panel: SpanPanel, span_id: int, column: int):
    return panel.spans.index(ROW[span_id], column)


def _click(qtbot, panel: SpanPanel, span_id: int, column: int) -> None:
    rect = panel.visualRect(_cell(panel, span_id, column))
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_headers_show_and_every_column_fits_its_header(panel):
    header = panel.horizontalHeader()
    assert header.isVisible()
    names = [panel.spans.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert names == ["Label", "Text", "Value"]
    for column in range(3):
        assert header.sectionSize(column) >= header.sectionSizeHint(column)


def test_label_column_fits_labels_and_value_column_its_longest_value(panel):
    for row in range(panel.count()):
        hint = panel.sizeHintForIndex(panel.spans.index(row, COL_LABEL))
        assert panel.columnWidth(COL_LABEL) >= hint.width()
    for span_id, value in ((7, "2017-11-21"), (4, "← الكرملين"), (2, "2017-11-11?")):
        assert _cell(panel, span_id, COL_VALUE).data() == value
        assert panel.shown_text(ROW[span_id], COL_VALUE) == value  # whole, not «7-11-21»
        hint = panel.sizeHintForIndex(_cell(panel, span_id, COL_VALUE))
        assert panel.columnWidth(COL_VALUE) >= hint.width()
    widths = sum(panel.columnWidth(c) for c in range(3))
    assert abs(widths - panel.viewport().width()) <= 1  # no scrolling sideways


def test_a_bigger_font_widens_the_value_column(panel):
    before = panel.columnWidth(COL_VALUE)
    font = panel.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    panel.setFont(font)
    assert panel.columnWidth(COL_VALUE) > before
    assert panel.shown_text(ROW[7], COL_VALUE) == "2017-11-21"


def test_widening_the_panel_widens_the_text_and_the_text_is_elided_only_if_too_long(qtbot, panel):
    label, text = panel.columnWidth(COL_LABEL), panel.columnWidth(COL_TEXT)
    assert panel.shown_text(ROW[5], COL_TEXT) == "سورية"  # short texts whole
    assert panel.shown_text(ROW[3], COL_TEXT) == "بـ12 شباط عام 2015"
    shown = panel.shown_text(ROW[4], COL_TEXT)
    assert shown != CLAIM and shown.endswith("…")
    kept = shown.rstrip("…\u200d")  # a joiner keeps the cut letter's joining form
    assert len(kept) > 10 and CLAIM.startswith(kept)  # cut at the logical end
    option = panel.shown_option(ROW[4], COL_TEXT)
    assert option.direction == Qt.LayoutDirection.RightToLeft  # «…» drawn on the left
    assert panel.shown_option(ROW[9], COL_TEXT).direction == Qt.LayoutDirection.LeftToRight
    assert LATIN.startswith(panel.shown_text(ROW[9], COL_TEXT).rstrip("…"))

    panel.resize(1400, 420)
    qtbot.waitUntil(lambda: panel.viewport().width() > 1300)
    assert panel.columnWidth(COL_LABEL) == label
    assert panel.columnWidth(COL_TEXT) > text + 900
    assert panel.shown_text(ROW[4], COL_TEXT) == CLAIM
    assert panel.shown_text(ROW[9], COL_TEXT) == LATIN


def test_the_full_text_is_in_the_tooltip(qtbot, panel):
    rect = panel.visualRect(_cell(panel, 4, COL_TEXT))
    QTest.mouseMove(panel.viewport(), rect.topLeft() + QPoint(2, 2))  # a move, wherever
    QTest.mouseMove(panel.viewport(), rect.center())  # the pointer was left by a test
    qtbot.waitUntil(QToolTip.isVisible)
    assert CLAIM in QToolTip.text()
    QToolTip.hideText()


def test_a_value_cut_short_is_in_full_in_its_tooltip(qtbot, panel):
    panel.resize(170, 420)
    qtbot.waitUntil(lambda: panel.viewport().width() < 180)
    assert panel.shown_text(ROW[4], COL_VALUE) != "← الكرملين"
    rect = panel.visualRect(_cell(panel, 4, COL_VALUE))
    QTest.mouseMove(panel.viewport(), rect.topLeft() + QPoint(2, 2))
    QTest.mouseMove(panel.viewport(), rect.center())
    qtbot.waitUntil(QToolTip.isVisible)
    assert shown_tip(QToolTip.text()).startswith("← الكرملين\n")
    QToolTip.hideText()


def _editor(panel: SpanPanel) -> QLineEdit:
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and panel.isAncestorOf(editor)
    return editor


@pytest.mark.parametrize("column", [COL_LABEL, COL_TEXT, COL_VALUE])
@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier),
    ],
)
def test_f2_or_enter_edits_the_rows_value_from_any_column(qtbot, panel, column, key, modifier):
    _click(qtbot, panel, 3, column)
    assert panel.currentIndex().column() == column
    QTest.keyClick(panel, key, modifier)
    editor = _editor(panel)
    assert editor.text() == "2015-02-12"
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "2015-02-13")
    with qtbot.waitSignal(panel.value_edited) as edited:
        QTest.keyClick(editor, Qt.Key.Key_Return)
    assert edited.args == [3, "2015-02-13"]


@pytest.mark.parametrize(("span_id", "value"), [(1, "Kremlin"), (4, ""), (5, "Syria")])
def test_f2_from_the_text_edits_an_actor_a_claim_and_a_topic(qtbot, panel, span_id, value):
    _click(qtbot, panel, span_id, COL_TEXT)
    QTest.keyClick(panel, Qt.Key.Key_F2)
    assert _editor(panel).text() == value


def test_f2_on_a_label_without_a_value_opens_nothing(qtbot, panel):
    _click(qtbot, panel, 8, COL_TEXT)
    QTest.keyClick(panel, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is panel


@pytest.mark.parametrize("width", [360, 200])
def test_a_double_click_on_the_value_edits_it(qtbot, panel, width):
    """As in the window, where the article answers a selected span by focusing it, and the
    panel follows: a narrow dock scrolled the value away between the two clicks."""
    panel.span_selected.connect(panel.select_span)
    panel.resize(width, 420)
    qtbot.waitUntil(lambda: panel.viewport().width() < width)
    rect = panel.visualRect(_cell(panel, 2, COL_VALUE))
    viewport = panel.viewport()
    double_click(viewport, rect.center())
    editor = _editor(panel)
    assert editor.text() == "2017-11-11"  # the suggestion, to confirm
    with qtbot.waitSignal(panel.value_edited) as edited:
        QTest.keyClick(editor, Qt.Key.Key_Return)
    assert edited.args == [2, "2017-11-11"]


def test_an_unresolved_date_shows_how_to_set_its_value(panel):
    index = _cell(panel, 6, COL_VALUE)
    assert index.data() == ""  # the model's value is still empty
    assert panel.shown_text(ROW[6], COL_VALUE) == "set value (F2)"
    assert panel.shown_option(ROW[6], COL_VALUE).font.italic()
    assert panel.shown_text(ROW[3], COL_VALUE) == "2015-02-12"
    assert panel.shown_text(ROW[8], COL_VALUE) == ""  # a place has no value to set
    painted = panel.viewport().grab(panel.visualRect(index)).toImage()
    assert len(_colours(painted)) > 2  # drawn, not a blank cell
    blank = panel.viewport().grab(panel.visualRect(_cell(panel, 8, COL_VALUE))).toImage()
    assert len(_colours(blank)) == 1


def test_a_new_span_with_a_longer_value_widens_the_value_column(panel):
    before = panel.columnWidth(COL_VALUE)
    panel.add_span(Span(20, 1, "sara", "topic", 400, 405, "نفط", {"topic": "Oil and gas prices"}))
    assert panel.columnWidth(COL_VALUE) > before
    assert panel.shown_text(panel.spans.row_of(20), COL_VALUE) == "Oil and gas prices"


def _shown_panel(qtbot) -> SpanPanel:
    panel = SpanPanel()
    qtbot.addWidget(panel)
    panel.set_labels(LABELS)
    panel.set_spans(SPANS)
    panel.resize(360, 420)
    panel.show()
    panel.activateWindow()
    assert QTest.qWaitForWindowActive(panel)
    return panel


def _selection_background(panel: SpanPanel) -> int:
    rect = _text_band(panel.visualRect(_cell(panel, 7, COL_VALUE)))
    return _colours(panel.viewport().grab(rect).toImage()).most_common(1)[0][0]


@pytest.mark.parametrize("switched", [False, True])
def test_the_selected_row_is_readable_in_the_dark_theme(qtbot, themes, switched):
    """Read at startup, or after switching from the light theme with the panel open."""
    themes("light" if switched else "dark")
    panel = _shown_panel(qtbot)
    if switched:
        value_width = panel.columnWidth(COL_VALUE)
        themes("dark")
        qtbot.wait(10)  # the panel restyles once the new style has settled
        assert panel.columnWidth(COL_VALUE) >= value_width - 2
    _click(qtbot, panel, 7, COL_TEXT)
    assert panel.hasFocus() and panel.selectionModel().isRowSelected(ROW[7])
    for column in (COL_TEXT, COL_VALUE):
        rect = _text_band(panel.visualRect(_cell(panel, 7, column)))
        cell = panel.viewport().grab(rect).toImage()
        assert inkcontrast(cell) >= 4.5, column
    assert panel.shown_text(ROW[7], COL_VALUE) == "2017-11-21"
    fresh = _shown_panel(qtbot)  # takes the focus: the first one's selection, unfocused
    _click(qtbot, fresh, 7, COL_TEXT)
    assert not panel.hasFocus()
    rect = _text_band(panel.visualRect(_cell(panel, 7, COL_VALUE)))
    assert inkcontrast(panel.viewport().grab(rect).toImage()) >= 4.5
    # in the dark theme's colours, not the light one's it was made with
    assert _selection_background(panel) == _selection_background(fresh)


def test_the_panel_takes_a_10000_span_document_quickly(qtbot, panel):
    import time

    spans = [
        Span(i, 1, "sara", "date" if i % 3 else "actor", i * 10, i * 10 + 5, "۲۱ آبان",
             {"value": f"2017-11-{i % 28 + 1:02d}"} if i % 2 else {})
        for i in range(100, 10_100)
    ]  # fmt: skip
    started = time.perf_counter()
    panel.set_spans(spans)
    panel.add_span(Span(5, 1, "sara", "date", 3, 4, "x", {"value": "2017-11-21"}))
    assert time.perf_counter() - started < 1.0
    assert panel.shown_text(panel.spans.row_of(5), COL_VALUE) == "2017-11-21"


def test_the_columns_follow_the_interface_and_the_swatch_leads(panel):
    """Label, text, value from the leading side: left to right in English (the Persian
    and Arabic interface mirrors the whole window, this panel with it)."""
    assert panel.layoutDirection() == Qt.LayoutDirection.LeftToRight
    xs_of = [panel.visualRect(_cell(panel, 1, col)).x() for col in (COL_LABEL, COL_TEXT)]
    assert xs_of[0] < xs_of[1]
    rect = panel.visualRect(_cell(panel, 1, COL_LABEL))
    image = panel.viewport().grab(rect).toImage()
    swatch = QColor("#1f77b4").rgb()
    xs = [x for x in range(image.width()) for y in range(image.height())
          if image.pixel(x, y) == swatch]  # fmt: skip
    assert xs and max(xs) < image.width() // 2  # the colour first, then the label's name


def test_cells_copied_from_earlier_paints_look_as_if_painted_afresh(qtbot, panel):
    """A tag shifts every row below it and the panel copies each moved cell from its last
    picture: whatever changed (a label's colour, a value, the selection, a row above) must
    still show, exactly as a panel painting every cell anew shows it."""
    viewport = panel.viewport()
    before = viewport.grab().toImage()
    panel.add_span(Span(30, 1, "sara", "date", 0, 1, "۱", {"value": "2017-01-01"}))  # row 0
    recoloured = [Label(lab.name, "#d62728" if lab.name == "actor" else lab.color,
                        lab.shortcut, lab.description, lab.position) for lab in LABELS]  # fmt: skip
    panel.set_labels(recoloured)
    changed = dataclasses.replace(SPANS[2], attrs={"value": "2016-02-12", "calendar": "levantine"})
    panel.replace_span(changed)
    unselected = viewport.grab().toImage()
    assert unselected != before
    panel.select_span(5)  # a row just painted unselected
    copied = viewport.grab().toImage()
    assert copied != unselected
    for column in (COL_LABEL, COL_TEXT, COL_VALUE):
        delegate = panel.itemDelegateForColumn(column) or panel.itemDelegate()
        delegate.forget()
    afresh = viewport.grab().toImage()
    assert copied == afresh
    rect = panel.visualRect(panel.spans.index(panel.spans.row_of(1), COL_LABEL))
    swatch = viewport.grab(rect).toImage()
    assert QColor("#d62728").rgb() in _colours(swatch)  # the actor's new colour
    assert panel.shown_text(panel.spans.row_of(3), COL_VALUE) == "2016-02-12"


def test_a_span_moved_elsewhere_stays_current_and_focuses_no_other(qtbot, panel):
    """A span given new offsets moves to its new row, still current and selected; no
    neighbour is announced as selected on the way (the article would focus it)."""
    panel.select_span(3)
    announced: list[int] = []
    panel.span_selected.connect(announced.append)
    moved = dataclasses.replace(SPANS[2], start=900, end=905)
    panel.replace_span(moved)
    row = panel.currentIndex().row()
    assert panel.spans.span(row).id == 3 and row == len(SPANS) - 1  # now the last
    assert panel.selectionModel().isRowSelected(row)
    assert announced == []
    assert [panel.spans.span(r).id for r in range(panel.count())] == [1, 2, 4, 5, 6, 7, 8, 9, 3]
    assert panel.spans.row_of(4) == 2 and panel.spans.row_of(3) == 8


def test_a_tall_panel_keeps_the_pictures_of_all_it_shows(qtbot, panel):
    """A panel taller than the pictures kept used to push out its own cells within one
    paint, painting every cell afresh every time."""
    spans = [Span(100 + i, 1, "sara", "actor", 10 * i, 10 * i + 3, f"w{i}", {}) for i in range(400)]
    panel.set_spans(spans)
    panel.resize(360, 3000)
    qtbot.waitExposed(panel)
    panel.viewport().grab()
    delegate = panel.itemDelegateForColumn(COL_TEXT)
    shown_rows = panel.rowAt(panel.viewport().height() - 1) - panel.rowAt(0) + 1
    assert shown_rows > delegate.LIMIT
    painted = []
    original = delegate.paint_cell
    delegate.paint_cell = lambda *args: (painted.append(1), original(*args))
    panel.viewport().grab()
    assert painted == []  # every cell shown was copied from its picture
