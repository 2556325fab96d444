"""The small dialogs: a readable review setup, a name that cannot be left empty, the
preferences, and selections that can be read in both themes."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDialog, QWidget

from annotator.core.model import Span
from annotator.gui.dialogs import (
    SELECTION_MODIFIERS,
    ExportDialog,
    GoldDifferencesDialog,
    NameDialog,
    Preferences,
    PreferencesDialog,
    ReviewSetupDialog,
    ShortcutsDialog,
)
from annotator.gui.i18n import LANGUAGES
from annotator.gui.settings import UserSettings

from .colours import contrast
from .test_find_bar import type_text


@pytest.fixture(params=["light", "dark"])
def theme(request, qapp) -> Iterator[str]:
    """A theme as the application applies it; the plain style back afterwards."""
    from annotator.gui.fonts import load_fonts
    from annotator.gui.theme import apply_theme

    style, palette = qapp.style().name(), qapp.palette()
    apply_theme(qapp, request.param, load_fonts())
    yield request.param
    qapp.setStyleSheet("")
    qapp.setStyle(style)
    qapp.setPalette(palette)


def _show(qtbot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)


def _text_band(rect: QRect) -> QRect:
    """The middle of an item: its text, without the borders and frames around it (a combo
    box's item has an 8-pixel border of the list's own colour)."""
    return rect.adjusted(10, rect.height() // 4, -10, -(rect.height() // 4))


def inkcontrast(image: QImage) -> float:
    """The contrast of the text painted in `image` against its background (its commonest
    colour): the strongest ink pixel, so that antialiased edges do not count against it."""
    colours = Counter(
        image.pixel(x, y) for x in range(image.width()) for y in range(image.height())
    )
    background = QColor.fromRgb(colours.most_common(1)[0][0])
    return max(contrast(QColor.fromRgb(pixel), background) for pixel in colours)


def _selected_itemcontrast(view: QAbstractItemView) -> float:
    index = view.currentIndex()
    assert index.isValid() and view.selectionModel().isSelected(index)
    visible = view.visualRect(index) & view.viewport().rect()  # a popup's rows are wider
    return inkcontrast(view.viewport().grab(_text_band(visible)).toImage())


# -- review setup -------------------------------------------------------------------------


def test_the_review_setup_shows_its_title_and_a_heading_that_wraps(qtbot, theme):
    dialog = ReviewSetupDialog(["sara", "ali"])
    _show(qtbot, dialog)
    assert dialog.windowTitle() == "Review annotators' work"
    metrics = dialog.fontMetrics()
    # the title bar shows the whole title beside the window manager's buttons
    assert dialog.width() >= metrics.horizontalAdvance(dialog.windowTitle()) + 8 * metrics.height()
    heading = dialog.heading
    assert heading.isVisible() and heading.wordWrap() and "two" in heading.text()
    assert heading.height() >= heading.heightForWidth(heading.width())  # not cut
    assert heading.geometry().bottom() < dialog.boxes[0].geometry().top()
    qtbot.mouseClick(dialog.boxes[1], Qt.MouseButton.LeftButton)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


# -- the annotator's name -----------------------------------------------------------------


def test_an_empty_name_cannot_be_confirmed_and_the_dialog_says_why(qtbot):
    dialog = NameDialog()
    _show(qtbot, dialog)
    ok = dialog.ok_button()
    assert not ok.isEnabled()
    assert dialog.name.problem.isVisible() and dialog.name.problem.text()
    qtbot.keyClicks(dialog.name, "   ")
    QTest.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and not ok.isEnabled()
    qtbot.keyClicks(dialog.name, "sara ")
    assert ok.isEnabled() and not dialog.name.problem.isVisible()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value() == "sara"


def test_the_name_dialog_changes_a_name_and_refuses_gold(qtbot):
    dialog = NameDialog("sara")
    _show(qtbot, dialog)
    assert dialog.name.text() == "sara" and dialog.ok_button().isEnabled()
    assert dialog.windowTitle() == "Change your name"
    QTest.keyClick(dialog.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.name, "Gold")
    assert not dialog.ok_button().isEnabled()
    assert "gold" in dialog.name.problem.text()
    QTest.keyClick(dialog.name, Qt.Key.Key_Backspace)
    assert dialog.ok_button().isEnabled()
    QTest.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value() == "Gol"


def test_the_name_dialog_refuses_a_name_that_reverses_the_text_around_it(qtbot):
    # imported annotators are refused the same (tests/core/test_hostile_names.py)
    dialog = NameDialog("sara")
    _show(qtbot, dialog)
    type_text(dialog.name, "\u202e")
    assert dialog.name.text() == "sara\u202e"
    assert not dialog.ok_button().isEnabled()
    assert "text-direction" in dialog.name.problem.text()
    QTest.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    QTest.keyClick(dialog.name, Qt.Key.Key_Backspace)
    type_text(dialog.name, "\u200c\u0647")  # ZWNJ is Persian spelling
    assert dialog.ok_button().isEnabled()
    QTest.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.value() == "sara\u200c\u0647"


# -- preferences ----------------------------------------------------------------------------


def _choose(combo: QComboBox, data) -> None:
    """Pick an item with the keyboard, as a user does."""
    combo.setFocus()
    while combo.currentData() != data:
        before = combo.currentIndex()
        QTest.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{data!r} is not offered"


def test_preferences_show_the_settings_and_return_the_choices_without_saving(qtbot):
    settings = UserSettings(annotator="sara", theme="dark", language="fa", font_size=18)
    before = dataclasses.asdict(settings)
    dialog = PreferencesDialog(settings)
    _show(qtbot, dialog)
    assert dialog.values() == Preferences("sara", 18, "dark", "fa", "Alt")
    assert [dialog.language.itemData(i) for i in range(dialog.language.count())] == [
        None,
        *LANGUAGES,
    ]
    assert [dialog.theme.itemData(i) for i in range(dialog.theme.count())] == ["light", "dark"]
    modifiers = [dialog.modifier.itemData(i) for i in range(dialog.modifier.count())]
    assert modifiers == list(SELECTION_MODIFIERS) == ["Alt", "Ctrl+Alt", "Shift+Alt"]
    assert (dialog.font_size.minimum(), dialog.font_size.maximum()) == (8, 40)

    QTest.keyClick(dialog.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(dialog.name, Qt.Key.Key_Delete)
    assert not dialog.ok_button().isEnabled()  # the same rule as the name dialog
    qtbot.keyClicks(dialog.name, "ali")
    dialog.font_size.setFocus()
    QTest.keyClick(dialog.font_size, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.font_size, "22")
    dialog.theme.setFocus()
    QTest.keyClick(dialog.theme, Qt.Key.Key_Up)
    _choose(dialog.language, "ar")
    _choose(dialog.modifier, "Ctrl+Alt")
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == Preferences("ali", 22, "light", "ar", "Ctrl+Alt")
    assert dataclasses.asdict(settings) == before  # the caller stores the choices


def test_preferences_offer_the_system_language(qtbot):
    dialog = PreferencesDialog(UserSettings(annotator="sara", language="ar"))
    _show(qtbot, dialog)
    dialog.language.setFocus()
    QTest.keyClick(dialog.language, Qt.Key.Key_Home)
    assert dialog.values().language is None
    assert dialog.language.currentText() == "System language"


# -- readable selections ----------------------------------------------------------------------


def test_a_selected_row_in_a_dialogs_table_can_be_read(qtbot, theme):
    dialog = ShortcutsDialog([("Ctrl+E", "Export…"), ("F2", "Edit the value")])
    _show(qtbot, dialog)
    table = dialog.table
    rect = table.visualItemRect(table.item(1, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.hasFocus()
    assert _selected_itemcontrast(table) >= 4.5
    dialog.setFocus()  # and without the focus
    assert _selected_itemcontrast(table) >= 4.5


def test_a_selected_difference_from_gold_can_be_read(qtbot, theme):
    gold = Span(1, 1, "gold", "actor", 0, 8, "الكرملين", {})
    mine = Span(2, 1, "sara", "date", 0, 8, "الكرملين", {})
    dialog = GoldDifferencesDialog([("label", gold, mine), ("missed", gold, None)])
    _show(qtbot, dialog)
    table = dialog.table
    rect = table.visualItemRect(table.item(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _selected_itemcontrast(table) >= 4.5


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # popups
@pytest.mark.parametrize("dialog_type", [ExportDialog, PreferencesDialog])
def test_the_selected_choice_in_an_open_combo_box_can_be_read(qtbot, theme, dialog_type):
    dialog = (
        ExportDialog("sara")
        if dialog_type is ExportDialog
        else PreferencesDialog(UserSettings(annotator="sara"))
    )
    _show(qtbot, dialog)
    combo = dialog.findChildren(QComboBox)[-1]
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_F4)  # opens the list
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    assert _selected_itemcontrast(popup) >= 4.5
    QTest.keyClick(popup, Qt.Key.Key_Escape)
