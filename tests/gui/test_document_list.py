"""The document list widget driven as an analyst does: scroll, type, pick filters, click."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionComboBox

from annotator.core.model import NewSpan, Status
from annotator.core.services.corpus import CorpusService
from annotator.core.store.project import Project
from annotator.gui import i18n
from annotator.gui.document_list import TITLE_WIDTH, DocumentList
from annotator.gui.document_model import (
    COL_LANG,
    COL_SPANS,
    COL_STATUS,
    COL_TITLE,
    PAGE_SIZE,
    header_text,
    status_text,
)
from annotator.gui.fonts import load_fonts
from annotator.gui.theme import apply_theme

from .conftest import DOCUMENTS
from .test_icons import contrast, ink_contrast


@pytest.fixture
def widget(qtbot, service: CorpusService) -> DocumentList:
    widget = DocumentList(service)
    qtbot.addWidget(widget)
    widget.resize(420, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click_row(qtbot, widget: DocumentList, row: int) -> None:
    index = widget.model.index(row, COL_TITLE)
    widget.view.scrollTo(index)
    rect = widget.view.visualRect(index)
    qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_scrolling_to_the_bottom_fetches_more_rows(qtbot, widget: DocumentList):
    model = widget.model
    assert model.rowCount() == PAGE_SIZE
    widget.view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_SIZE)
    widget.view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == DOCUMENTS)
    assert widget.count_label.text() == f"{DOCUMENTS} document(s)"


def type_text(widget, text: str) -> None:
    """Key presses carrying any letters: QTest.keyClicks only knows Latin-1 characters."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def test_typing_a_search_filters_the_list_after_a_pause(qtbot, widget: DocumentList):
    model = widget.model
    qtbot.keyClicks(widget.search_field, "kreml")  # the start of a word is enough
    assert model.total() == DOCUMENTS  # debounced: nothing asked yet
    qtbot.waitUntil(lambda: model.total() == DOCUMENTS // 30)
    titles = [model.data(model.index(r, COL_TITLE)) for r in range(model.rowCount())]
    assert titles == [f"Report {i}" for i in range(2, DOCUMENTS, 30)]
    widget.search_field.clear()
    qtbot.waitUntil(lambda: model.total() == DOCUMENTS)


def test_a_persian_spelling_finds_arabic_articles(qtbot, widget: DocumentList):
    model = widget.model
    type_text(widget.search_field, "الکرملین")  # ی and ک find ي and ك
    assert widget.search_field.text() == "الکرملین"
    qtbot.waitUntil(lambda: model.total() == DOCUMENTS // 30)
    titles = [model.data(model.index(r, COL_TITLE)) for r in range(model.rowCount())]
    assert titles == [f"تقرير رقم {i}" for i in range(1, DOCUMENTS, 30)]


def test_enter_searches_at_once(qtbot, widget: DocumentList):
    qtbot.keyClicks(widget.search_field, "report 14")
    qtbot.keyClick(widget.search_field, Qt.Key.Key_Return)
    assert widget.model.total() == 1  # "14" as a word, not 140..149: too short for a prefix
    assert widget.model.data(widget.model.index(0, COL_TITLE)) == "Report 14"


def test_choosing_done_shows_only_done_documents(qtbot, widget: DocumentList):
    combo = widget.status_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All statuses",
        "new",
        "in progress",
        "done",
    ]
    combo.setCurrentIndex(combo.findText("done"))
    model = widget.model
    assert model.total() == -(-DOCUMENTS // 4)
    assert {model.data(model.index(r, COL_STATUS)) for r in range(model.rowCount())} == {"done"}
    widget.lang_combo.setCurrentIndex(widget.lang_combo.findData("other"))
    assert model.total() == sum(1 for i in range(DOCUMENTS) if i % 4 == 0 and i % 3 == 2)
    widget.clear_filters()
    assert model.total() == DOCUMENTS
    assert widget.status_combo.currentIndex() == 0


def test_label_combo_offers_the_projects_labels(qtbot, widget: DocumentList):
    combo = widget.label_combo
    assert [combo.itemData(i) for i in range(combo.count())] == [
        None,
        "actor",
        "date",
        "topic",
        "claim",
    ]
    combo.setCurrentIndex(combo.findData("actor"))
    assert widget.model.total() == DOCUMENTS // 5
    combo.setCurrentIndex(combo.findData("claim"))
    assert widget.model.total() == 0


def test_refresh_document_updates_the_span_count_cell(
    qtbot, widget: DocumentList, project: Project, ids
):
    row = 3
    index = widget.model.index(row, COL_SPANS)
    assert widget.model.data(index) == 0
    project.spans.add(ids[row], "sara", NewSpan("topic", 0, 4, "نص "))
    widget.refresh_document(ids[row])
    assert widget.model.data(widget.model.index(row, COL_SPANS)) == 1


def test_clicking_a_row_emits_its_document_id(qtbot, widget: DocumentList, ids):
    with qtbot.waitSignal(widget.document_activated) as activated:
        click_row(qtbot, widget, 4)
    assert activated.args == [ids[4]]
    assert widget.current_document_id() == ids[4]


def test_arrow_keys_move_and_activate(qtbot, widget: DocumentList, ids):
    click_row(qtbot, widget, 0)
    with qtbot.waitSignal(widget.document_activated) as activated:
        qtbot.keyClick(widget.view, Qt.Key.Key_Down)
    assert activated.args == [ids[1]]
    with qtbot.waitSignal(widget.document_activated) as activated:
        qtbot.keyClick(widget.view, Qt.Key.Key_Up)
    assert activated.args == [ids[0]]


def test_select_document_fetches_scrolls_and_emits_once(qtbot, widget: DocumentList, ids):
    with qtbot.waitSignal(widget.document_activated) as activated:
        assert widget.select_document(ids[430])
    assert activated.args == [ids[430]]
    assert widget.view.currentIndex().row() == 430
    with qtbot.assertNotEmitted(widget.document_activated):
        widget.select_document(ids[430])  # already there: the window opened it already


def test_a_filter_change_keeps_the_open_document_selected(qtbot, widget: DocumentList, ids):
    widget.select_document(ids[301])  # Arabic, in progress
    with qtbot.assertNotEmitted(widget.document_activated):
        widget.lang_combo.setCurrentIndex(widget.lang_combo.findData("ar"))
    assert widget.model.document_id(widget.view.currentIndex().row()) == ids[301]
    # a filter that hides it leaves no row current, but the list remembers where it was
    widget.status_combo.setCurrentIndex(widget.status_combo.findText("done"))
    assert not widget.view.currentIndex().isValid()
    assert widget.current_document_id() == ids[301]


def test_next_and_previous_follow_the_filters(qtbot, widget: DocumentList, ids):
    widget.status_combo.setCurrentIndex(widget.status_combo.findText("new"))
    assert widget.first_document_id() == ids[2]
    assert widget.neighbour(None, +1) == ids[2]
    assert widget.neighbour(ids[2], +1) == ids[3]
    assert widget.neighbour(ids[3], +1) == ids[6]  # 4 is done, 5 in progress
    assert widget.neighbour(ids[6], -1) == ids[3]
    assert widget.neighbour(ids[2], -1) is None
    widget.select_document(ids[3])
    with qtbot.waitSignal(widget.document_activated) as activated:
        assert widget.select_next() == ids[6]
    assert activated.args == [ids[6]]


def test_hidden_document_is_not_selected(qtbot, widget: DocumentList, ids):
    widget.status_combo.setCurrentIndex(widget.status_combo.findText("done"))
    assert not widget.select_document(ids[1])  # in progress
    assert widget.current_document_id() == ids[1]
    assert widget.select_next() == ids[4]


def test_reload_picks_up_new_labels(qtbot, widget: DocumentList, project: Project):
    project.labels.add_new("place")
    widget.label_combo.setCurrentIndex(widget.label_combo.findData("actor"))
    widget.reload()
    assert widget.label_combo.findData("place") > 0
    assert widget.label_combo.currentData() == "actor"  # the choice survives


# -- in Persian and Arabic, with the theme ----------------------------------------------------


@pytest.fixture
def translated_theme(qapp) -> Iterator[Callable[[str, str], None]]:
    """interface("fa", "light"): the translations and the theme, installed as the app does
    (translator first: the theme's padding follows the interface direction); the English,
    unstyled application comes back afterwards."""
    sheet, palette = qapp.styleSheet(), qapp.palette()

    def install(language: str, theme: str) -> None:
        i18n.install_translator(qapp, language)
        apply_theme(qapp, theme, load_fonts())

    yield install
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    i18n.remove_translators(qapp)


def shown_list(qtbot, service: CorpusService) -> DocumentList:
    """The list as a dock first shows it: at its own size hint."""
    widget = DocumentList(service)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.resize(widget.sizeHint().width(), 600)
    qtbot.waitUntil(lambda: widget.width() == widget.sizeHint().width())
    return widget


def ink_pixels(image: QImage, band: QRect) -> int:
    ground = image.pixelColor(band.left(), band.top())
    return sum(
        1
        for y in range(band.top(), band.bottom() + 1)
        for x in range(band.left(), band.right() + 1)
        if contrast(image.pixelColor(x, y), ground) > 1.3
    )


@pytest.mark.parametrize("language", ["fa", "ar"])
def test_filters_fit_their_translated_texts(qtbot, service, translated_theme, language):
    translated_theme(language, "light")
    widget = shown_list(qtbot, service)
    assert widget.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert widget.status_combo.itemText(0) != "All statuses"  # translated
    for combo in widget.filter_combos():
        metrics = combo.fontMetrics()
        widest = max(metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        option.rect = QRect(QPoint(0, 0), combo.sizeHint())
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        where = f"{combo.currentText()!r} in {language}"
        assert field.width() >= widest + 2, where  # the style draws text 1 px in on each side
        # right to left, the text starts at the right: a margin there, not the border
        assert option.rect.right() - field.right() >= 4, where
        assert combo.width() >= combo.sizeHint().width(), where  # laid out, not squeezed
    label = widget.count_label
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())
    # the search box's placeholder is drawn whole at the box's size hint: as much ink as
    # in a box far wider than it
    search = widget.search_field
    hint = search.sizeHint()
    band = QRect(0, hint.height() // 4, hint.width(), hint.height() // 2)
    search.resize(hint)
    at_hint = ink_pixels(search.grab().toImage(), band)
    search.resize(hint.width() + 300, hint.height())
    wide = search.grab().toImage()
    wide_band = band.translated(300, 0)  # right-aligned: the text moved right with the edge
    assert at_hint > 50
    assert at_hint >= ink_pixels(wide, wide_band) - 10


def test_combos_grow_when_a_longer_label_arrives(qtbot, widget: DocumentList, project: Project):
    combo = widget.label_combo
    before = combo.sizeHint().width()
    project.labels.add_new("an unusually long label name")
    widget.reload()
    metrics = combo.fontMetrics()
    assert combo.sizeHint().width() >= before + metrics.horizontalAdvance("an unusually long")
    qtbot.waitUntil(lambda: combo.width() >= combo.sizeHint().width())


def test_label_filter_shows_translated_names_and_filters_by_stored_ones(
    qtbot, service, translated_theme
):
    translated_theme("fa", "light")
    widget = shown_list(qtbot, service)
    combo = widget.label_combo
    index = combo.findData("actor")
    assert combo.itemText(index) == "کنشگر"
    combo.setCurrentIndex(index)
    assert widget.model.total() == DOCUMENTS // 5


@pytest.mark.parametrize("language", ["en", "fa"])
def test_titles_take_the_width_the_other_columns_leave(qtbot, service, translated_theme, language):
    translated_theme(language, "light")
    widget = shown_list(qtbot, service)
    columns = widget.view.horizontalHeader()
    title = columns.sectionSize(COL_TITLE)
    others = {c: columns.sectionSize(c) for c in (COL_LANG, COL_STATUS, COL_SPANS)}
    assert title >= TITLE_WIDTH - 4
    assert all(title > 2 * width for width in others.values()), (title, others)
    assert title + sum(others.values()) == widget.view.viewport().width()  # stretched
    metrics = widget.view.fontMetrics()
    widest_status = max(metrics.horizontalAdvance(status_text(s)) for s in Status)
    for column, width in others.items():
        assert width >= columns.sectionSizeHint(column), header_text(column)  # header whole
    assert others[COL_STATUS] >= widest_status + 8  # every status, with the item's padding
    # no wider than their contents: the header or the widest cell, whichever is wider
    assert others[COL_SPANS] <= max(
        columns.sectionSizeHint(COL_SPANS), metrics.horizontalAdvance("00000") + 24
    )
    assert others[COL_LANG] <= max(
        columns.sectionSizeHint(COL_LANG), metrics.horizontalAdvance("other") + 24
    )


def test_columns_refit_when_the_theme_changes(qtbot, service, translated_theme):
    translated_theme("en", "light")
    widget = shown_list(qtbot, service)
    columns = widget.view.horizontalHeader()
    fitted = columns.sectionSize(COL_STATUS)
    columns.resizeSection(COL_STATUS, fitted + 80)
    translated_theme("en", "dark")
    qtbot.waitUntil(lambda: columns.sectionSize(COL_STATUS) < fitted + 80)


def test_selected_row_is_readable_in_the_dark_theme(qtbot, service, translated_theme, ids):
    translated_theme("fa", "dark")
    widget = shown_list(qtbot, service)
    widget.select_document(ids[2])
    widget.view.activateWindow()
    widget.view.setFocus()
    qtbot.waitUntil(widget.view.hasFocus)
    image = widget.view.viewport().grab().toImage()
    for column in (COL_TITLE, COL_STATUS):
        rect = widget.view.visualRect(widget.model.index(2, column)).adjusted(2, 2, -2, -2)
        assert ink_contrast(image, rect) >= 4.5, header_text(column)
