"""The candidates panel's speaker-link rows: shown after the spans, decided with Enter and
Delete or the context menu like candidates, through signals of their own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.services.adjudication import (
    ALL,
    CONFLICT,
    SAID_BY,
    AdjudicationService,
    ReviewDocument,
)
from annotator.core.store.project import Project
from annotator.gui.candidate_panel import (
    COL_LABEL,
    COL_STATE,
    COL_TEXT,
    COL_WHO,
    CandidatePanel,
)
from annotator.gui.review_session import candidate_id

# "Putin said the summit succeeded and Trump said it failed"
TEXT = "قال بوتين إن القمة ناجحة وقال ترامب إنها فاشلة"
PUTIN, SUCCESS, TRUMP = (4, 9, "actor"), (13, 24, "claim"), (30, 35, "actor")
TEAM = ("ali", "sara", "reza")


def _work(project: Project, doc_id: int, who: str, speaker: tuple[int, int, str]) -> None:
    """`who` marks both actors and the claim, and says `speaker` said it."""
    with project.transaction():
        ids = {
            key: project.spans.add(
                doc_id, who, NewSpan(key[2], key[0], key[1], TEXT[key[0] : key[1]])
            ).id
            for key in (PUTIN, TRUMP, SUCCESS)
        }
        project.spans.add_relation(ids[SUCCESS], ids[speaker], SAID_BY)
        project.status.set(doc_id, who, Status.DONE)


@pytest.fixture
def lead(project: Project) -> AdjudicationService:
    return AdjudicationService(project, "lead", TEAM)


@pytest.fixture
def doc_id(project: Project) -> int:
    """ali and sara say Putin said the claim, reza says Trump: disputed."""
    with project.transaction():
        doc = project.documents.add(
            NewDocument("d1", "d1", "ar", TEXT, TEXT, None, "none", {}, "x")
        )
    _work(project, doc, "ali", PUTIN)
    _work(project, doc, "sara", PUTIN)
    _work(project, doc, "reza", TRUMP)
    return doc


@pytest.fixture
def panel(qtbot) -> CandidatePanel:
    widget = CandidatePanel()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _link_rows(panel: CandidatePanel) -> list[int]:
    return [i for i, row in enumerate(panel.model_.rows) if row.link is not None]


def _text(panel: CandidatePanel, row: int, col: int) -> str:
    return panel.model_.index(row, col).data()


def _current(panel: CandidatePanel, row: int) -> None:
    panel.setCurrentIndex(panel.model_.index(row, COL_TEXT))


def test_link_rows_follow_the_spans_and_say_who_linked_what(panel, lead, doc_id):
    doc = lead.document(doc_id)
    panel.set_document(doc)
    assert panel.count() == len(doc.candidates) + len(doc.links)
    rows = _link_rows(panel)
    assert rows == [len(doc.candidates), len(doc.candidates) + 1]  # after the spans
    first, second = (panel.model_.rows[r] for r in rows)
    assert (first.link, second.link) == (0, 1)
    assert (first.agreement, second.agreement) == (CONFLICT, CONFLICT)
    assert [_text(panel, r, COL_STATE) for r in rows] == ["pending", "pending"]
    assert [_text(panel, r, COL_WHO) for r in rows] == ["2/3 ali, sara", "1/3 reza"]
    assert [_text(panel, r, COL_LABEL) for r in rows] == ["said by", "said by"]
    text = _text(panel, rows[0], COL_TEXT)
    assert text.index("القمة ناجحة") < text.index("←") < text.index("بوتين")
    tip = panel.model_.index(rows[0], COL_TEXT).data(Qt.ItemDataRole.ToolTipRole)
    assert "disagree" in tip and "into gold" in tip  # the spans are not gold yet


def test_an_agreed_link_in_gold_shows_as_gold(panel, lead, project, doc_id):
    """reza takes his spans back: ali and sara agree, and the link comes with the spans."""
    with project.transaction():
        for span in project.spans.for_document(doc_id, "reza"):
            project.spans.delete(span.id)
    lead.accept_agreed(doc_id, min_votes=2)
    doc = lead.document(doc_id)
    panel.set_document(doc)
    [row] = _link_rows(panel)
    assert panel.model_.rows[row].agreement == ALL
    assert _text(panel, row, COL_STATE) == "✓ gold"
    assert panel.model_.rows[row].view_id == doc.links[0].claim_span_id  # the gold claim


def test_enter_and_delete_on_a_link_row_ask_for_the_link(panel, qtbot, lead, doc_id):
    panel.set_document(lead.document(doc_id))
    _, second = _link_rows(panel)
    _current(panel, second)
    panel.setFocus()
    with (
        qtbot.assertNotEmitted(panel.accept_requested),
        qtbot.waitSignal(panel.link_accept_requested) as accepted,
    ):
        QTest.keyClick(panel, Qt.Key.Key_Return)
    assert accepted.args == [1]
    with (
        qtbot.assertNotEmitted(panel.reject_requested),
        qtbot.waitSignal(panel.link_reject_requested) as rejected,
    ):
        QTest.keyClick(panel, Qt.Key.Key_Delete)
    assert rejected.args == [1]


def test_enter_on_a_candidate_row_still_asks_for_the_candidate(panel, qtbot, lead, doc_id):
    panel.set_document(lead.document(doc_id))
    _current(panel, 0)
    panel.setFocus()
    with (
        qtbot.assertNotEmitted(panel.link_accept_requested),
        qtbot.waitSignal(panel.accept_requested) as accepted,
    ):
        QTest.keyClick(panel, Qt.Key.Key_Return)
    assert accepted.args == [candidate_id(0)]


def test_a_link_rows_menu_accepts_or_rejects_the_link(panel, qtbot, lead, doc_id):
    panel.set_document(lead.document(doc_id))
    first, _ = _link_rows(panel)
    where = panel.visualRect(panel.model_.index(first, COL_TEXT)).center()
    menu = panel.menu_at(where)
    assert menu is not None
    accept, reject = menu.actions()
    assert (accept.text(), reject.text()) == ("Accept link", "Reject link")
    with qtbot.waitSignal(panel.link_accept_requested) as accepted:
        accept.trigger()
    assert accepted.args == [0]
    with qtbot.waitSignal(panel.link_reject_requested) as rejected:
        reject.trigger()
    assert rejected.args == [0]
    candidate = panel.menu_at(panel.visualRect(panel.model_.index(0, COL_TEXT)).center())
    assert candidate is not None
    assert "Accept link" not in [a.text() for a in candidate.actions()]


def test_a_link_row_shows_its_claim_and_stays_current_when_the_view_follows(
    panel, qtbot, lead, doc_id
):
    doc: ReviewDocument = lead.document(doc_id)
    panel.set_document(doc)
    first, _ = _link_rows(panel)
    claim = candidate_id(next(i for i, c in enumerate(doc.candidates) if c.key == SUCCESS))
    with qtbot.waitSignal(panel.item_selected) as selected:
        panel.setCurrentIndex(panel.model_.index(first, COL_TEXT))
    assert selected.args == [claim]
    panel.select(claim)  # the article reports the claim focused
    assert panel.current_link() == 0
    panel.select(candidate_id(0))  # another span focused in the article: its row
    assert panel.current_link() is None and panel.current_id() == candidate_id(0)
    panel.select_link(1)
    assert panel.current_link() == 1
