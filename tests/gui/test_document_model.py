"""The paged document model: Qt's model contract, paging, targeted refresh, RTL titles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from annotator.core.model import NewSpan, Status
from annotator.core.services.corpus import CorpusService
from annotator.core.store.project import Project
from annotator.gui.document_model import (
    COL_LANG,
    COL_SPANS,
    COL_STATUS,
    COL_TITLE,
    PAGE_SIZE,
    DocumentIdRole,
    DocumentTableModel,
    RightToLeftRole,
    StatusRole,
)

from .conftest import DOCUMENTS


@pytest.fixture
def model(qapp, service: CorpusService) -> DocumentTableModel:
    return DocumentTableModel(service)


def test_passes_the_qt_model_tester(qtmodeltester, model: DocumentTableModel):
    qtmodeltester.check(model)


def test_passes_the_model_tester_after_a_filter(qtmodeltester, model, service):
    model.set_query(service.query(status=Status.DONE, lang="ar"))
    qtmodeltester.check(model, force_py=True)


def test_an_empty_selection_passes_the_model_tester(qtmodeltester, model, service):
    model.set_query(service.query(search="nothing-like-this"))
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_rows_are_fetched_a_page_at_a_time(model: DocumentTableModel):
    assert model.total() == DOCUMENTS
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    model.fetchMore(QModelIndex())
    assert model.rowCount() == DOCUMENTS
    assert not model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())  # nothing more: no harm
    assert model.rowCount() == DOCUMENTS


def test_fetch_more_inserts_rows_at_the_end(qtbot, model: DocumentTableModel):
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.fetchMore(QModelIndex())
    assert inserted.args[1:] == [PAGE_SIZE, 2 * PAGE_SIZE - 1]


def test_cells_show_readable_values(model: DocumentTableModel, ids):
    def cell(row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
        return model.data(model.index(row, column), role)

    assert [cell(0, c) for c in (COL_TITLE, COL_LANG, COL_STATUS, COL_SPANS)] == [
        "گزارش شماره 0",
        "fa",
        "done",
        1,
    ]
    assert cell(1, COL_STATUS) == "in progress"
    assert cell(2, COL_STATUS) == "new"
    assert cell(1, COL_TITLE, StatusRole) == "in_progress"
    assert cell(2, COL_SPANS) == 0
    assert [cell(r, COL_TITLE, DocumentIdRole) for r in range(3)] == ids[:3]
    assert model.document_id(2) == ids[2]
    assert model.headerData(COL_TITLE, Qt.Orientation.Horizontal) == "Title"
    assert model.headerData(COL_SPANS, Qt.Orientation.Horizontal) == "Spans"
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_arabic_script_titles_are_right_aligned(model: DocumentTableModel):
    align = Qt.ItemDataRole.TextAlignmentRole
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    persian, arabic, latin = (model.index(r, COL_TITLE) for r in range(3))
    for index in (persian, arabic):
        assert model.data(index, align) & right == right
        assert model.data(index, RightToLeftRole) is True
    assert not model.data(latin, align) & Qt.AlignmentFlag.AlignRight
    assert model.data(latin, RightToLeftRole) is False


def test_set_query_resets_and_counts(qtbot, model: DocumentTableModel, service):
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset]):
        model.set_query(service.query(status=Status.DONE))
    done = -(-DOCUMENTS // 4)
    assert model.total() == done
    assert model.rowCount() == min(done, PAGE_SIZE)
    statuses = {model.data(model.index(r, COL_STATUS)) for r in range(model.rowCount())}
    assert statuses == {"done"}


def test_refresh_document_changes_only_its_row(
    qtbot, model: DocumentTableModel, project: Project, ids
):
    row = 7
    document_id = ids[row]
    assert model.data(model.index(row, COL_SPANS)) == 0
    project.spans.add(document_id, "sara", NewSpan("date", 0, 2, "xx"))
    project.status.set(document_id, "sara", Status.DONE)
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.refresh_document(document_id)
    top_left, bottom_right = changed.args[:2]
    assert (top_left.row(), bottom_right.row()) == (row, row)
    assert (top_left.column(), bottom_right.column()) == (0, model.columnCount() - 1)
    assert model.data(model.index(row, COL_SPANS)) == 1
    assert model.data(model.index(row, COL_STATUS)) == "done"


def test_refresh_of_a_row_not_fetched_yet_does_nothing(qtbot, model: DocumentTableModel, ids):
    with qtbot.assertNotEmitted(model.dataChanged):
        model.refresh_document(ids[-1])
        model.refresh_document(10**9)


def test_row_of_fetches_up_to_the_document(model: DocumentTableModel, service, ids):
    assert model.row_of(ids[5]) == 5
    assert model.row_of(ids[420]) == 420
    assert model.rowCount() >= 421
    assert model.rowCount() % PAGE_SIZE == 0 or model.rowCount() == DOCUMENTS
    model.set_query(service.query(lang="ar"))
    assert model.row_of(ids[0]) is None  # Persian: filtered out
    assert model.row_of(ids[445]) == 148  # the 149th Arabic article
    assert model.document_id(148) == ids[445]
