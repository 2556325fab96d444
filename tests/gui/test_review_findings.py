"""Review mode findings, driven with keys and clicks as a lead works: undo after leaving
or restarting review, the queue's count, the focus after a label key decides."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.model import GOLD
from annotator.core.store.project import Project
from annotator.gui.review_session import OVERLAY, candidate_id

from .modal import when_dialog
from .test_review_mode import ARABIC, _accept_dialog, _gold, _start_review, team_project

__all__ = ["team_project"]  # the fixture, shared with test_review_mode

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _open_disputed(window) -> str:
    key = window.project.documents.key_by_ext_id(ARABIC)
    window.open_document(key.id)
    return window.controller.document.text


def _toggle_review(qtbot, window) -> None:
    window.activateWindow()  # a progress dialog may have had the focus a moment ago
    assert QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)


def _gold_ids(path: Path) -> set[int]:
    with Project.open(path, create=False) as project:
        doc_id = project.documents.key_by_ext_id(ARABIC).id
        return {s.id for s in project.spans.for_document(doc_id, GOLD)}


def test_undo_of_a_decision_after_leaving_review_takes_it_back_quietly(qtbot, team_project):
    window = _start_review(qtbot, team_project).window
    text = _open_disputed(window)
    putin = text.index("بوتين")
    QTest.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)  # accept where all agree: Putin
    assert _gold(team_project, ARABIC) == {(putin, putin + 5, "actor")}
    _toggle_review(qtbot, window)
    assert not window.review.active
    QTest.keyClick(window, Qt.Key.Key_Z, CTRL)  # the last thing done: the decision
    assert _gold(team_project, ARABIC) == set()
    assert not window.review.active
    marks = window.view._marks  # still the analyst's own view: suggestions, no review badges
    assert not any("/" in m.badge or "✓" in m.badge for m in marks.values())
    assert all(span.id > 0 or marks[span.id].badge.endswith("?") for span in window.view.spans())


def test_undo_after_review_restarts_updates_the_open_document(qtbot, team_project):
    window = _start_review(qtbot, team_project).window
    _open_disputed(window)
    QTest.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)
    [gold_id] = _gold_ids(team_project)
    assert gold_id in {span.id for span in window.view.spans()}
    _toggle_review(qtbot, window)  # leave review ...
    _accept_dialog()
    _toggle_review(qtbot, window)  # ... and come back, the same team
    qtbot.waitUntil(lambda: window.tasks.running() == 0)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    assert window.review.active
    QTest.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert _gold_ids(team_project) == set()
    shown = {span.id for span in window.view.spans()}
    assert gold_id not in shown  # the undone gold span is gone from the article
    panel_gold = [r for r in window.review.candidates.model_.rows if r.state == "accepted"]
    assert panel_gold == []


def test_the_queue_caption_counts_a_document_marked_reviewed(qtbot, team_project):
    window = _start_review(qtbot, team_project).window
    _open_disputed(window)
    queue = window.review.queue
    assert "0 of 2 reviewed" in queue.caption.text()
    _accept_dialog()  # candidates are still undecided: yes, reviewed all the same
    QTest.keyClick(window, Qt.Key.Key_Return, CTRL)  # mark reviewed, go to the next one
    assert queue.model.rows[0].reviewed
    assert "1 of 2 reviewed" in queue.caption.text()
    window.activateWindow()  # the question had the focus
    assert QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_Z, CTRL)  # undo: reviewed no more
    assert not queue.model.rows[0].reviewed
    assert "0 of 2 reviewed" in queue.caption.text()


def test_after_a_label_key_decides_a_candidate_the_next_pending_one_is_focused(qtbot, team_project):
    """A, A, R, 1, A ...: a label key on a focused candidate is a decision like A or R,
    so the next undecided candidate takes the focus and A goes on working."""
    window = _start_review(qtbot, team_project).window
    text = _open_disputed(window)
    panel = window.review.candidates
    row = next(i for i, r in enumerate(panel.model_.rows) if r.label == "topic")
    qtbot.mouseClick(
        panel.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.visualRect(panel.model_.index(row, 3)).center(),
    )
    topic_id = panel.model_.rows[row].view_id
    assert candidate_id(window.view.focused_overlay(OVERLAY)) == topic_id
    QTest.keyClick(window.view, "1")  # Trump is an actor, not a topic
    trump = text.index("ترامب")
    assert (trump, trump + 5, "actor") in _gold(team_project, ARABIC)
    focused = window.view.focused_overlay(OVERLAY)
    assert focused is not None
    candidate = window.review.session.candidate(candidate_id(focused))
    assert candidate is not None and candidate.state == "pending"
    before = _gold(team_project, ARABIC)
    QTest.keyClick(window.view, Qt.Key.Key_A)
    assert len(_gold(team_project, ARABIC)) == len(before) + 1


def test_leaving_review_says_the_documents_own_status_again(qtbot, team_project):
    window = _start_review(qtbot, team_project).window
    _open_disputed(window)
    assert window.state.text().startswith("Review")
    _toggle_review(qtbot, window)
    assert not window.review.active
    assert not window.state.text().startswith("Review")
    assert ARABIC in window.state.text()  # "ext id · lang · status", as before review


def test_a_database_error_in_a_review_decision_is_said_naming_the_file(
    qtbot, team_project, monkeypatch
):
    """A damaged page met while accepting went to the crash dialog as a traceback; it is
    said like any edit's, naming the project, and nothing is decided."""
    import sqlite3

    from annotator.core.services.adjudication import AdjudicationService

    window = _start_review(qtbot, team_project).window
    _open_disputed(window)

    def damaged(self, *args, **kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(AdjudicationService, "accept_agreed", damaged)
    told: list[str] = []

    def answer(box) -> None:
        told.append(box.text())
        box.accept()

    when_dialog(answer)
    QTest.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)  # accept where all agree
    qtbot.waitUntil(lambda: bool(told))
    assert str(team_project) in told[0] and "nothing was changed" in told[0]
    assert _gold(team_project, ARABIC) == set()
    assert not window.controller.undo_stack.canUndo()
