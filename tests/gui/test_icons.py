"""The toolbar's own icons, and the theme's contrast: every icon reads on the toolbar of the
light and the dark theme, undo and redo point along the reading direction, and a selected
row or menu item keeps its text readable (rendered offscreen, colours measured in pixels)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QImage, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.gui import icons
from annotator.gui.fonts import load_fonts
from annotator.gui.theme import apply_theme

from .colours import contrast

THEMES = ("light", "dark")
RTL = Qt.LayoutDirection.RightToLeft
LTR = Qt.LayoutDirection.LeftToRight
READABLE = 4.5  # WCAG AA for text; icons are held to it too
TEXT = "IIIIII ████ Report"  # solid strokes: their core pixels are the text colour itself


# -- measuring colours --------------------------------------------------------------------------


def pixels(image: QImage, rect: QRect | None = None) -> list[QColor]:
    rect = image.rect() if rect is None else rect.intersected(image.rect())
    return [
        image.pixelColor(x, y)
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
    ]


def background(image: QImage, rect: QRect | None = None) -> QColor:
    """The commonest colour: what the text or icon is drawn on."""
    counts = Counter(color.rgb() for color in pixels(image, rect))
    return QColor.fromRgb(counts.most_common(1)[0][0])


def ink(image: QImage, rect: QRect | None = None) -> tuple[QColor, int]:
    """The colour that stands out most from the background, and how many pixels differ."""
    ground = background(image, rect)
    found = [color for color in pixels(image, rect) if contrast(color, ground) > 1.5]
    if not found:
        return ground, 0
    return max(found, key=lambda color: contrast(color, ground)), len(found)


def ink_contrast(image: QImage, rect: QRect | None = None) -> float:
    color, count = ink(image, rect)
    assert count > 0, "nothing drawn"
    return contrast(color, background(image, rect))


# -- the theme, applied for one test --------------------------------------------------------------


@pytest.fixture
def theme(qapp) -> Iterator[Callable[[str], None]]:
    """theme("dark") applies a theme; the application's stylesheet and palette come back
    afterwards, so later tests see the plain style."""
    family = load_fonts()
    sheet, palette = qapp.styleSheet(), qapp.palette()
    yield lambda name: apply_theme(qapp, name, family)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def toolbar(qtbot, direction: Qt.LayoutDirection = LTR) -> tuple[QMainWindow, QToolBar]:
    window = QMainWindow()
    window.setLayoutDirection(direction)
    bar = QToolBar("Work", window)
    bar.setIconSize(QSize(24, 24))
    window.addToolBar(bar)
    qtbot.addWidget(window)
    return window, bar


def show(qtbot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)


def icon_image(icon: QIcon, size: int = 48, mode: QIcon.Mode = QIcon.Mode.Normal) -> QImage:
    return icon.pixmap(QSize(size, size), mode).toImage()


def opaque(image: QImage) -> int:
    return sum(1 for color in pixels(image) if color.alpha() > 128)


# -- the icons ----------------------------------------------------------------------------------


def test_every_icon_has_its_file_with_the_colour_placeholder():
    for name in icons.NAMES:
        svg = icons.icon_path(name).read_text(encoding="utf-8")
        assert 'viewBox="0 0 24 24"' in svg and icons.PLACEHOLDER in svg, name
    with pytest.raises(KeyError):
        icons.icon_path("floppy")


@pytest.mark.parametrize("size", [16, 24, 48])
def test_icons_render_in_the_colour_asked_for(qapp, size):
    for name in icons.NAMES:
        image = icon_image(icons.icon(name, "#c62828"), size)
        assert image.size() == QSize(size, size)
        assert opaque(image) >= size // 2, f"{name} is (nearly) empty at {size} px"
        strongest = max(pixels(image), key=lambda color: color.alpha())
        assert strongest.alpha() >= 200, name
        wanted = QColor("#c62828")
        assert abs(strongest.red() - wanted.red()) <= 3, name
        assert abs(strongest.green() - wanted.green()) <= 3, name
        assert abs(strongest.blue() - wanted.blue()) <= 3, name


def test_icons_are_cached_per_name_and_colour(qapp):
    first = icons.icon("find", "#123456")
    assert icons.icon("find", QColor("#123456")).cacheKey() == first.cacheKey()
    assert icons.icon("find", "#654321").cacheKey() != first.cacheKey()
    assert icons.icon("undo", "#123456", mirrored=True).cacheKey() != (
        icons.icon("undo", "#123456").cacheKey()
    )
    with pytest.raises(ValueError):
        icons.icon("find", "not a colour")


def test_a_disabled_icon_is_fainter_but_still_there(qapp):
    """Qt's own disabled version of a white icon is white: a disabled Undo would look
    enabled in the dark theme."""
    white = icons.icon("undo", "#ffffff")
    normal = icon_image(white)
    disabled = icon_image(white, mode=QIcon.Mode.Disabled)
    assert opaque(normal) > 0
    strongest = max(color.alpha() for color in pixels(disabled))
    assert 40 < strongest < 160


@pytest.mark.parametrize("name", THEMES)
def test_every_icon_reads_on_the_toolbar_of_each_theme(qtbot, theme, name):
    theme(name)
    window, bar = toolbar(qtbot)
    actions = {QAction(icon_name, window): icon_name for icon_name in icons.NAMES}
    for action in actions:
        bar.addAction(action)
    icons.bind_icons(bar, actions)
    show(qtbot, window)
    ground = background(bar.grab().toImage())
    for action, icon_name in actions.items():
        button = bar.widgetForAction(action)
        image = button.grab().toImage()
        color, count = ink(image)
        assert count >= 20, f"{icon_name}: hardly drawn on the {name} toolbar"
        assert contrast(color, ground) >= READABLE, (
            f"{icon_name} on the {name} toolbar: {color.name()} on {ground.name()}, "
            f"{contrast(color, ground):.1f}:1"
        )


def test_icons_follow_a_theme_change(qtbot, theme):
    """bind_icons draws them again when the stylesheet changes the toolbar's colours."""
    theme("light")
    window, bar = toolbar(qtbot)
    action = QAction("Next", window)
    bar.addAction(action)
    icons.bind_icons(bar, {action: "next"})
    show(qtbot, window)
    light, _ = ink(icon_image(action.icon()).convertToFormat(QImage.Format.Format_RGB32))
    theme("dark")
    dark, _ = ink(icon_image(action.icon()).convertToFormat(QImage.Format.Format_RGB32))
    assert contrast(dark, QColor("#31363b")) >= READABLE  # the dark toolbar's grey
    assert dark.lightnessF() > 0.8 and light.lightnessF() < 0.5


def head_side(image: QImage) -> str:
    """Where an undo/redo arrow's head is: its straight side is the taller ink edge."""
    ground = background(image)
    columns: dict[int, list[int]] = {}
    for y in range(image.height()):
        for x in range(image.width()):
            if contrast(image.pixelColor(x, y), ground) > 2:
                columns.setdefault(x, []).append(y)
    xs = sorted(columns)

    def height(edge: list[int]) -> int:
        rows = [y for x in edge for y in columns[x]]
        return max(rows) - min(rows)

    return "left" if height(xs[:3]) > height(xs[-3:]) else "right"


def test_undo_points_back_in_the_reading_direction(qtbot, theme):
    """Left in English, right in Persian and Arabic; redo the other way. Qt lays the
    toolbar out mirrored but paints an icon's pixels as they are, so the icon itself is
    mirrored."""
    theme("dark")
    seen = {}
    for direction in (LTR, RTL):
        window, bar = toolbar(qtbot, direction)
        actions = {QAction("Undo", window): "undo", QAction("Redo", window): "redo"}
        for action in actions:
            bar.addAction(action)
        icons.bind_icons(bar, actions)
        show(qtbot, window)
        for action, name in actions.items():
            seen[name, direction] = head_side(bar.widgetForAction(action).grab().toImage())
        window.close()
    assert seen == {
        ("undo", LTR): "left",
        ("redo", LTR): "right",
        ("undo", RTL): "right",
        ("redo", RTL): "left",
    }


def test_only_directional_icons_are_mirrored(qapp):
    ltr, rtl = QWidget(), QWidget()
    rtl.setLayoutDirection(RTL)
    for name in icons.NAMES:
        left = icon_image(icons.icon_for(ltr, name))
        right = icon_image(icons.icon_for(rtl, name))
        if name in icons.MIRRORED:
            assert differing(right, left.flipped(Qt.Orientation.Horizontal)) <= 8, name
            assert differing(right, left) > 40, name
        else:
            assert right == left, name
    # undo in a right-to-left interface is redo's drawing
    undo_rtl = icon_image(icons.icon_for(rtl, "undo"))
    assert differing(undo_rtl, icon_image(icons.icon_for(ltr, "redo"))) <= 8


def differing(a: QImage, b: QImage) -> int:
    """Pixels whose coverage differs by more than anti-aliasing does (a path rasterised
    from the other side)."""
    return sum(
        1 for x, y in zip(pixels(a), pixels(b), strict=True) if abs(x.alpha() - y.alpha()) > 64
    )


def test_tooltip_names_the_keys(qapp):
    action = QAction("&Export…")
    action.setShortcut(QKeySequence("Ctrl+E"))
    native = QKeySequence("Ctrl+E").toString(QKeySequence.SequenceFormat.NativeText)
    assert icons.with_keys("&Export…", action) == f"Export… ({native})"
    action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    keys = [
        QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
        for k in ("Ctrl+Shift+Z", "Ctrl+Y")
    ]
    assert icons.with_keys("&Redo", action) == f"Redo ({keys[0]}, {keys[1]})"
    action.setShortcuts([])
    assert icons.with_keys("Find && replace", action) == "Find & replace"


def test_icon_for_takes_the_widgets_text_colour(qtbot, theme):
    theme("dark")
    window, bar = toolbar(qtbot)
    show(qtbot, window)
    assert icons.icon_color(bar).name() == "#ffffff"
    theme("light")
    assert icons.icon_color(bar).lightnessF() < 0.5


# -- selections ---------------------------------------------------------------------------------


def selected_views(qtbot) -> tuple[QWidget, QTableWidget, QListWidget, QLineEdit]:
    """A table and a list with row 1 selected and current, and a line edit to take focus."""
    window = QWidget()
    layout = QVBoxLayout(window)
    table = QTableWidget(4, 3, window)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    for row in range(4):
        for column in range(3):
            table.setItem(row, column, QTableWidgetItem(TEXT))
    table.setColumnWidth(0, 200)
    listing = QListWidget(window)
    listing.addItems([TEXT] * 4)
    elsewhere = QLineEdit(window)
    for widget in (table, listing, elsewhere):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.resize(640, 520)
    show(qtbot, window)
    table.setCurrentCell(1, 0)
    table.selectRow(1)
    listing.setCurrentRow(1)
    return window, table, listing, elsewhere


def focus(qtbot, widget: QWidget) -> None:
    widget.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def row_cells(table: QTableWidget, row: int) -> list[QRect]:
    return [table.visualRect(table.model().index(row, c)) for c in range(table.columnCount())]


@pytest.mark.parametrize("name", THEMES)
def test_selected_rows_stay_readable(qtbot, theme, name):
    """The current row of a focused table or list, and a selection after the focus moved on:
    text on the selection colour at WCAG AA contrast (qt-material's dark teal drew white on
    bright teal, 1.6:1)."""
    theme(name)
    _window, table, listing, elsewhere = selected_views(qtbot)
    measured = {}
    for focused in (True, False):
        focus(qtbot, table if focused else elsewhere)
        image = table.viewport().grab().toImage()
        for column, rect in enumerate(row_cells(table, 1)):
            measured["table", focused, column] = ink_contrast(image, rect.adjusted(2, 2, -2, -2))
        focus(qtbot, listing if focused else elsewhere)
        image = listing.viewport().grab().toImage()
        rect = listing.visualItemRect(listing.item(1)).adjusted(2, 2, -2, -2)
        measured["list", focused, 0] = ink_contrast(image, rect)
    poor = {where: round(value, 2) for where, value in measured.items() if value < READABLE}
    assert not poor, f"{name} theme, (view, focused, column): contrast {poor}"


@pytest.mark.parametrize("name", THEMES)
def test_highlighted_menu_item_stays_readable(qtbot, theme, name):
    theme(name)
    menu = QMenu()  # drawn, never popped up: offscreen cannot grab the keyboard
    qtbot.addWidget(menu)
    actions = [menu.addAction(TEXT) for _ in range(3)]
    menu.ensurePolished()
    menu.adjustSize()
    menu.setActiveAction(actions[1])
    image = menu.grab().toImage()
    rect = menu.actionGeometry(actions[1]).adjusted(4, 4, -4, -4)
    assert background(image, rect) != background(image)  # highlighted
    assert ink_contrast(image, rect) >= READABLE


def test_the_interface_language_does_not_change_the_theme_colours(qtbot, theme, qapp):
    """The right-to-left rules move padding only: the same selection colours either way."""
    qapp.setLayoutDirection(RTL)
    try:
        theme("dark")
        _window, table, _listing, _elsewhere = selected_views(qtbot)
        focus(qtbot, table)
        image = table.viewport().grab().toImage()
        rect = row_cells(table, 1)[0].adjusted(2, 2, -2, -2)
        assert ink_contrast(image, rect) >= READABLE
    finally:
        qapp.setLayoutDirection(LTR)
    assert QApplication.layoutDirection() == LTR
