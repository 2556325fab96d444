"""The document list widget driven as an analyst does: scroll, type, pick filters, click."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from annotator.core.model import NewSpan
from annotator.core.services.corpus import CorpusService
from annotator.core.store.project import Project
from annotator.gui.document_list import DocumentList
from annotator.gui.document_model import COL_SPANS, COL_STATUS, COL_TITLE, PAGE_SIZE

from .conftest import DOCUMENTS


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
