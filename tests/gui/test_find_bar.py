"""The find bar driven from the keyboard, as an analyst uses it: type, Enter, F3, Esc."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QVBoxLayout, QWidget

from annotator.gui.find_bar import SEARCH_DELAY_MS, FindBar

TEXT = "Putin met Trump. علي گفت. putin said. علی رفت. PUTIN left. على"
PUTINS = [(0, 5), (26, 31), (47, 52)]
ALIS = [(17, 20), (38, 41), (59, 62)]  # Arabic ي, Persian ی, alef maksura ى


class Window(QWidget):
    """The bar above a stand-in article, as the annotation window has it."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.bar = FindBar(self)
        layout.addWidget(self.bar)
        layout.addWidget(QPlainTextEdit(self))


@pytest.fixture
def window(qtbot) -> Window:
    window = Window()
    qtbot.addWidget(window)
    window.resize(600, 300)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


@pytest.fixture
def bar(window: Window) -> FindBar:
    window.bar.set_text(TEXT)
    return window.bar


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying any letters: QTest.keyClicks only knows Latin-1 characters."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def press(bar: FindBar, key: Qt.Key, shift: bool = False) -> None:
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    QTest.keyClick(bar.query_box, key, modifier)


def typed(qtbot, bar: FindBar, query: str) -> tuple[int, int]:
    """Open the bar, type `query` and wait for the first match; its (start, end)."""
    bar.open()
    with qtbot.waitSignal(bar.match_selected, timeout=2000) as selected:
        if query.isascii():
            qtbot.keyClicks(bar.query_box, query)
        else:
            type_text(bar.query_box, query)
    start, end = selected.args
    return start, end


def test_starts_hidden_and_opens_with_the_box_focused(qtbot, window: Window, bar: FindBar):
    assert not bar.isVisible()
    bar.open()
    assert bar.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is bar.query_box)
    assert bar.query_box.placeholderText() == "Find in document"


def test_typing_searches_after_a_pause(qtbot, bar: FindBar):
    bar.open()
    changes: list[list] = []
    bar.matches_changed.connect(changes.append)
    with qtbot.waitSignal(bar.match_selected, timeout=2000) as selected:
        qtbot.keyClicks(bar.query_box, "putin")
        assert bar.matches() == [] and changes == []  # not a search per key
    assert selected.args == [0, 5]
    assert changes == [PUTINS]  # one search for the five keys
    assert bar.matches() == PUTINS
    assert bar.current() == 0
    assert bar.count_label.text() == "1 of 3"


def test_enter_and_f3_go_on_shift_goes_back_and_both_wrap(qtbot, bar: FindBar):
    typed(qtbot, bar, "PUTIN")
    steps = [
        (Qt.Key.Key_Return, False, 1),
        (Qt.Key.Key_F3, False, 2),
        (Qt.Key.Key_Enter, False, 0),  # past the last: the first again
        (Qt.Key.Key_Return, True, 2),  # before the first: the last
        (Qt.Key.Key_F3, True, 1),
    ]
    for key, shift, expected in steps:
        with qtbot.waitSignal(bar.match_selected, timeout=1000) as selected:
            press(bar, key, shift)
        assert selected.args == list(PUTINS[expected])
        assert bar.current() == expected
        assert bar.count_label.text() == f"{expected + 1} of 3"


def test_the_buttons_step_too(qtbot, bar: FindBar):
    typed(qtbot, bar, "putin")
    with qtbot.waitSignal(bar.match_selected) as selected:
        qtbot.mouseClick(bar.previous_button, Qt.MouseButton.LeftButton)
    assert selected.args == list(PUTINS[2])
    with qtbot.waitSignal(bar.match_selected) as selected:
        qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    assert selected.args == list(PUTINS[0])


def test_a_persian_query_finds_arabic_spellings(qtbot, bar: FindBar):
    assert typed(qtbot, bar, "علی") == ALIS[0]
    assert bar.matches() == ALIS
    assert bar.count_label.text() == "1 of 3"


def test_persian_typing_reads_right_to_left_in_an_english_window(qtbot, bar: FindBar):
    bar.open()
    type_text(bar.query_box, "علی")
    bar.query_box.setCursorPosition(0)  # before the first letter: its right edge
    bar.query_box.repaint()
    assert bar.query_box.cursorRect().center().x() > bar.query_box.width() / 2


def test_no_matches(qtbot, bar: FindBar):
    bar.open()
    qtbot.keyClicks(bar.query_box, "kremlin")
    assert bar.count_label.text() == ""  # not yet searched
    qtbot.waitUntil(lambda: bar.count_label.text() == "No matches", timeout=SEARCH_DELAY_MS * 10)
    assert bar.matches() == [] and bar.current() is None
    assert not bar.next_button.isEnabled()
    press(bar, Qt.Key.Key_Return)  # nothing to go to, and no error
    assert bar.current() is None


def test_esc_closes_and_drops_the_matches(qtbot, bar: FindBar):
    typed(qtbot, bar, "putin")
    with (
        qtbot.waitSignal(bar.closed, timeout=1000),
        qtbot.waitSignal(bar.matches_changed, timeout=1000) as cleared,
    ):
        press(bar, Qt.Key.Key_Escape)
    assert cleared.args == [[]]
    assert not bar.isVisible()
    assert bar.matches() == [] and bar.current() is None


def test_a_new_text_is_searched_again(qtbot, bar: FindBar):
    typed(qtbot, bar, "putin")
    press(bar, Qt.Key.Key_Return)
    with (
        qtbot.waitSignal(bar.matches_changed, timeout=1000) as changed,
        qtbot.waitSignal(bar.match_selected, timeout=1000) as selected,
    ):
        bar.set_text("Only one Putin here")
    assert changed.args == [[(9, 14)]]
    assert selected.args == [9, 14]  # the new article's first, not the old position
    assert bar.count_label.text() == "1 of 1"


def test_refining_the_query_stays_at_the_current_match(qtbot, bar: FindBar):
    typed(qtbot, bar, "putin")
    press(bar, Qt.Key.Key_Return)  # the second putin
    with qtbot.waitSignal(bar.match_selected, timeout=2000) as selected:
        qtbot.keyClicks(bar.query_box, " ")
    assert selected.args == [26, 32]  # "putin " from where the search was, not the first


def test_open_with_a_query_searches_at_once_and_selects_it(qtbot, bar: FindBar):
    with qtbot.waitSignal(bar.match_selected, timeout=100) as selected:
        bar.open("Trump")
    assert selected.args == [10, 15]
    assert bar.query_box.selectedText() == "Trump"
    # Typing replaces the preset query.
    with qtbot.waitSignal(bar.match_selected, timeout=2000):
        qtbot.keyClicks(bar.query_box, "putin")
    assert bar.query_box.text() == "putin"


def test_enter_right_after_typing_shows_the_first_match_first(qtbot, bar: FindBar):
    bar.open()
    qtbot.keyClicks(bar.query_box, "putin")
    with qtbot.waitSignal(bar.match_selected, timeout=100) as selected:
        press(bar, Qt.Key.Key_Return)  # before the pause is over
    assert selected.args == list(PUTINS[0])


def test_window_shortcuts_on_enter_and_esc_do_not_steal_the_keys(qtbot, window, bar):
    fired: list[str] = []
    for key in ("Return", "Esc", "F3"):
        action = QAction(key, window)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False, key=key: fired.append(key))
        window.addAction(action)
    typed(qtbot, bar, "putin")
    with qtbot.waitSignal(bar.match_selected, timeout=1000):
        press(bar, Qt.Key.Key_Return)
    with qtbot.waitSignal(bar.match_selected, timeout=1000):
        press(bar, Qt.Key.Key_F3)
    with qtbot.waitSignal(bar.closed, timeout=1000):
        press(bar, Qt.Key.Key_Escape)
    assert fired == []


@pytest.fixture
def right_to_left() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def test_the_bar_mirrors_in_a_right_to_left_interface(qtbot, right_to_left, bar: FindBar):
    bar.open()
    assert bar.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.waitUntil(lambda: bar.close_button.x() < bar.query_box.x())
    typed_in = typed(qtbot, bar, "putin")
    assert typed_in == PUTINS[0]
