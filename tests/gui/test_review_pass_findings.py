"""Defects a review of the window rework found, each driven as a user meets it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.model import NewSpan, Status
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project
from annotator.gui.settings import UserSettings
from annotator.gui.span_panel import COL_VALUE

from ..conftest import SEEDS
from .test_main_window import ARABIC, open_doc, start, stored_spans, tag_word
from .test_review_mode import _accept_dialog, _gold, team_project  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier


def _enter_review(qtbot, window) -> None:
    _accept_dialog()
    QTest.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)
    assert window.reviewing()
    qtbot.waitUntil(lambda: window.tasks.running() == 0, timeout=10_000)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)


def test_undoing_the_first_tag_puts_the_document_back_to_new(qtbot, corpus):
    session = start(qtbot, corpus)
    window = session.window
    open_doc(session, ARABIC)
    tag_word(qtbot, session, "بوتين", "1")
    assert window.controller.status() == Status.IN_PROGRESS
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored_spans(corpus, ARABIC) == []
    assert window.controller.status() == Status.NEW
    assert window.progress_label.text().startswith("0 of")


def test_an_undo_made_in_review_shows_in_the_span_panel_after_it(qtbot, team_project):  # noqa: F811
    session = start(qtbot, team_project, UserSettings(annotator="sara"))
    window = session.window
    open_doc(session, ARABIC)
    before = window.span_panel.count()
    tag_word(qtbot, session, "الأسد", "1")
    assert window.span_panel.count() == before + 1
    _enter_review(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_Z, CTRL)  # the tag, undone while reviewing
    stored = stored_spans(team_project, ARABIC, "sara")
    assert len(stored) == before
    QTest.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)
    assert not window.reviewing()
    assert window.span_panel.count() == len(stored)


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """Two analysts who both said Putin made the claim after his name."""
    path = tmp_path / "linked.seedproj"
    with Project.open(path) as project:
        Importer(project).run([SEEDS / f"{ARABIC}.txt"], ImportOptions(normalize=False))
        key = project.documents.key_by_ext_id(ARABIC)
        assert key is not None
        text = project.documents.get(key.id).text
        putin = text.index("بوتين")
        with project.transaction():
            for who in ("ali", "reza"):
                actor = project.spans.add(
                    key.id, who, NewSpan("actor", putin, putin + 5, text[putin : putin + 5])
                )
                claim = project.spans.add(
                    key.id,
                    who,
                    NewSpan("claim", putin + 6, putin + 20, text[putin + 6 : putin + 20]),
                )
                project.spans.add_relation(claim.id, actor.id, "said_by")
                project.status.set(key.id, who, Status.DONE)
    return path


def test_delete_on_a_link_row_rejects_the_link_not_the_claim(qtbot, linked):
    window = start(qtbot, linked, UserSettings(annotator="lead")).window
    _enter_review(qtbot, window)
    window.open_document(window.review.queue.model.rows[0].document_id)
    QTest.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)  # accept where all agree: both, linked
    gold = _gold(linked, ARABIC)
    assert len(gold) == 2
    panel = window.review.candidates
    row = next(i for i, r in enumerate(panel.model_.rows) if r.link is not None)
    panel.setFocus()
    rect = panel.visualRect(panel.model_.index(row, 3))
    QTest.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.current_link() is not None
    QTest.keyClick(panel, Qt.Key.Key_Delete)
    assert _gold(linked, ARABIC) == gold  # the spans stay gold
    doc = window.review.session.document
    assert doc is not None and [link.state for link in doc.links] == ["rejected"]


def test_enter_in_a_value_being_typed_while_choosing_a_speaker_is_the_editors(qtbot, corpus):
    session = start(qtbot, corpus)
    window = session.window
    open_doc(session, ARABIC)
    tag_word(qtbot, session, "بوتين", "1")
    tag_word(qtbot, session, "ترامب", "4")
    spans = {s.label: s for s in stored_spans(corpus, ARABIC)}
    window.view.focus_span(spans["claim"].id)
    QTest.keyClick(window.view, Qt.Key.Key_S)
    assert window.annotate.picking_source()
    panel = window.span_panel
    panel.setFocus()
    panel.setCurrentIndex(panel.spans.index(panel.spans.row_of(spans["actor"].id), COL_VALUE))
    QTest.keyClick(panel, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    QTest.keyClicks(editor, "Vladimir")
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn
    qtbot.waitUntil(lambda: "actor" in stored_spans(corpus, ARABIC)[0].attrs)
    after = {s.label: s for s in stored_spans(corpus, ARABIC)}
    assert after["actor"].attrs.get("actor") == "Vladimir"
    assert window.controller.sources == {}  # Enter typed the value; it linked nothing
