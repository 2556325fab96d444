"""The first-day defects of the window, each driven as a user meets it: real keys through
the window's shortcut map, real clicks, what is stored read through another connection."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QRegion
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QToolBar

from annotator.core.model import GOLD, NewSpan, Status
from annotator.core.store.project import Project
from annotator.gui.settings import UserSettings
from annotator.gui.suggestion_layer import OVERLAY

from .modal import when_dialog
from .test_main_window import ARABIC, open_doc, start, stored_spans, tag_word

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier


def _answer_next_dialog(button: Qt.Key = Qt.Key.Key_Return) -> None:
    when_dialog(lambda dialog: QTest.keyClick(dialog, button))


def test_no_key_is_given_twice(qtbot, corpus):
    """Qt reports "Ambiguous shortcut overload" and does nothing when two enabled actions,
    or one action twice, hold the same key: Ctrl+Shift+Z never redid under X."""
    window = start(qtbot, corpus).window
    seen: dict[str, str] = {}
    for action in window.actions():
        keys = [s.toString() for s in action.shortcuts()]
        assert len(keys) == len(set(keys)), (action.text(), keys)
        if not action.isEnabled():
            continue
        for key in keys:
            assert key not in seen, f"{key}: {seen.get(key)} and {action.text()}"
            seen[key] = action.text()


def test_ctrl_shift_z_redoes_a_tag(qtbot, corpus):
    session = start(qtbot, corpus)
    view = session.window.view
    open_doc(session, ARABIC)
    tag_word(qtbot, session, "بوتين", "1")
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert stored_spans(corpus, ARABIC) == []
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL_SHIFT)
    assert [s.text for s in stored_spans(corpus, ARABIC)] == ["بوتين"]


def test_review_offers_the_reviewers_own_work_beside_one_colleague(qtbot, corpus):
    with Project.open(corpus, create=False) as project, project.transaction():
        key = project.documents.key_by_ext_id(ARABIC)
        assert key is not None
        project.spans.add(key.id, "sara", NewSpan("actor", 0, 3, "xxx"))
        project.spans.add(key.id, "omid", NewSpan("actor", 0, 3, "xxx"))
    session = start(qtbot, corpus)
    window = session.window
    offered: list[str] = []

    def answer(dialog) -> None:
        offered.extend(box.text() for box in dialog.boxes)
        assert dialog.windowTitle()
        QTest.keyClick(dialog, Qt.Key.Key_Return)

    when_dialog(answer)
    QTest.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)
    assert sorted(offered) == ["omid", "sara"]
    assert window.reviewing()
    assert window.windowTitle().endswith("— review")


class _PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.region = QRegion()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.region = self.region.united(event.region())  # type: ignore[attr-defined]
        return False


def test_a_new_spans_badge_is_painted_whole_at_once(qtbot, corpus):
    session = start(qtbot, corpus)
    view = session.window.view
    open_doc(session, ARABIC)
    qtbot.waitUntil(lambda: view.isVisible())
    QApplication.processEvents()
    spy = _PaintSpy()
    view.viewport().installEventFilter(spy)
    tag_word(qtbot, session, "بوتين", "1")
    spans = session.window.controller.spans

    def ours() -> list:
        return [rect for rect, span_id in view.badge_rects() if span_id in spans]

    qtbot.waitUntil(lambda: bool(ours()))
    [badge] = ours()
    assert spy.region.contains(badge.toAlignedRect().adjusted(1, 1, -1, -1))


def test_accepted_and_rejected_suggestions_leave_no_badge_behind(qtbot, corpus):
    window = start(qtbot, corpus).window
    view = window.view
    key = window.project.documents.key_by_ext_id(ARABIC)
    window.open_document(key.id)
    layer = window.annotate.suggestions
    qtbot.waitUntil(lambda: any(s.source == "date" for s in layer.items))
    date = next(s for s in layer.items if s.source == "date")
    where = (date.start, date.end)
    assert view.focus_overlay(OVERLAY, layer.key_of(date))
    QTest.keyClick(view, "y")
    badges = {(s.start, s.end): view._marks.get(s.id) for s in view._spans}
    assert where in badges and (badges[where] is None or not badges[where].badge.endswith("?"))
    first = layer.items[0]
    assert view.focus_overlay(OVERLAY, layer.key_of(first))
    gone = (first.start, first.end)
    QTest.keyClick(view, "n")
    assert gone not in {(s.start, s.end) for s in view._spans}
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)  # the rejection undone: it is offered again
    qtbot.waitUntil(lambda: gone in {(s.start, s.end) for s in layer.items})


def test_a_label_key_or_delete_with_nothing_chosen_says_what_to_do(qtbot, corpus):
    session = start(qtbot, corpus)
    window, view = session.window, session.window.view
    open_doc(session, ARABIC)
    view.focus_span(None)
    view.clear_selection()
    QTest.keyClick(view, "1")
    assert "label key" in window.statusBar().currentMessage()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert "Delete" in window.statusBar().currentMessage()
    QTest.keyClick(view, "y")
    assert "suggestion" in window.statusBar().currentMessage()


def test_ctrl_e_opens_export_from_the_search_box(qtbot, corpus):
    window = start(qtbot, corpus).window
    box = next(e for e in window.documents.findChildren(QLineEdit) if e.isVisible())
    box.setFocus()
    qtbot.keyClicks(box, "abc")
    seen: list[str] = []

    def answer(dialog) -> None:
        seen.append(dialog.windowTitle())
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    when_dialog(answer)
    QTest.keyClick(box, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen == ["Export"]
    assert box.text() == "abc"  # and Ctrl+A, Ctrl+C stay the box's
    QTest.keyClick(box, Qt.Key.Key_A, CTRL)
    assert box.selectedText() == "abc"


def test_clicking_a_suggested_actor_while_choosing_a_speaker_accepts_and_links_it(qtbot, corpus):
    from annotator.core.services.actors import ActorRegistry

    with Project.open(corpus, create=False) as project:
        ActorRegistry(project).add("White House", ["البيت الأبيض"])
    session = start(qtbot, corpus)
    window, view = session.window, session.window.view
    open_doc(session, ARABIC)
    layer = window.annotate.suggestions
    qtbot.waitUntil(lambda: any(s.text == "البيت الأبيض" for s in layer.items))
    tag_word(qtbot, session, "جددا", "4")
    [claim] = stored_spans(corpus, ARABIC)
    QTest.keyClick(view, "s")
    item = next(s for s in layer.items if s.text == "البيت الأبيض")
    point = view.point_of(item.start + 2)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    spans = {s.text: s for s in stored_spans(corpus, ARABIC)}
    assert "البيت الأبيض" in spans
    assert window.controller.sources == {claim.id: spans["البيت الأبيض"].id}
    assert not window.annotate.picking_source()
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)  # one undo step takes back link and span
    assert [s.text for s in stored_spans(corpus, ARABIC)] == ["جددا"]


def test_marking_reviewed_with_candidates_pending_asks_first(qtbot, corpus):
    with Project.open(corpus, create=False) as project, project.transaction():
        key = project.documents.key_by_ext_id(ARABIC)
        assert key is not None
        project.spans.add(key.id, "ali", NewSpan("actor", 0, 3, "xxx"))
        project.spans.add(key.id, "omid", NewSpan("topic", 4, 8, "yyyy"))
    session = start(qtbot, corpus, UserSettings(annotator="lead"))
    window = session.window
    _answer_next_dialog()
    QTest.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)
    assert window.reviewing()
    qtbot.waitUntil(lambda: window.tasks.running() == 0)
    window.open_document(key.id)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    _answer_next_dialog(Qt.Key.Key_Escape)  # "No": not reviewed
    QTest.keyClick(window, Qt.Key.Key_Return, CTRL)
    assert window.project.status.get(key.id, GOLD) != Status.REVIEWED
    window.activateWindow()  # the question had the focus
    assert QTest.qWaitForWindowActive(window)

    def yes(box) -> None:
        assert isinstance(box, QMessageBox)
        assert "still undecided" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    when_dialog(yes)  # "Yes": reviewed, pending stay out of gold
    QTest.keyClick(window, Qt.Key.Key_Return, CTRL)
    assert window.project.status.get(key.id, GOLD) == Status.REVIEWED


def test_the_article_keeps_half_the_width_of_a_small_window(qtbot, corpus):
    window = start(qtbot, corpus).window
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    QApplication.processEvents()
    assert window.centralWidget().width() >= 1024 * 0.45
    bar = window.findChild(QToolBar, "work-toolbar")
    assert bar is not None
    hidden = [
        a.text()
        for a in bar.actions()
        if not a.isSeparator() and not bar.widgetForAction(a).isVisible()
    ]
    assert hidden == []


def test_my_spans_are_not_proposed_as_gold(qtbot, corpus):
    from annotator.gui.dialogs import ExportDialog

    dialog = ExportDialog("sara")
    qtbot.addWidget(dialog)
    name = dialog.suggested_name("work")
    assert name == "work-sara.jsonl"


def test_every_document_done_is_said_and_one_can_be_reopened(qtbot, tmp_path: Path, persian):
    from annotator.core.services.importer import Importer, ImportOptions

    path = tmp_path / "two.seedproj"
    source = tmp_path / "two.jsonl"
    source.write_text('{"id": "a", "text": "نص أول"}\n{"id": "b", "text": "نص ثان"}\n')
    with Project.open(path) as project:
        Importer(project, persian).run([source], ImportOptions())
    session = start(qtbot, path)
    window = session.window
    open_doc(session, "a")
    QTest.keyClick(window.view, Qt.Key.Key_Return, CTRL)
    assert window.controller.document.ext_id == "b"
    QTest.keyClick(window.view, Qt.Key.Key_Return, CTRL)
    assert "Every document is done" in window.statusBar().currentMessage()
    window.actions_.reopen.trigger()
    assert window.controller.status() == Status.IN_PROGRESS


def test_the_window_geometry_is_saved_when_it_changes(qtbot, corpus):
    """On disk, not only at exit: after a crash the window comes back as it was."""
    from annotator import paths

    window = start(qtbot, corpus, UserSettings(annotator="sara")).window
    window.resize(1100, 720)

    def on_disk() -> UserSettings:
        return UserSettings.load(paths.settings_path())

    qtbot.waitUntil(lambda: on_disk().window_geometry != "", timeout=3000)
    assert on_disk().window_state.startswith("ltr:")


def test_a_ranking_that_finishes_after_a_decision_keeps_the_decision(qtbot, corpus, monkeypatch):
    """The worker read the project before the document was marked reviewed; its rows come
    back afterwards and must not undo the queue's "reviewed"."""
    import threading

    from annotator.gui import jobs

    computed, gate = threading.Event(), threading.Event()
    gate.set()  # the first ranking, at the start of review, runs through
    real = jobs.ranking_job

    def late(path, annotators):
        job = real(path, annotators)

        def run(progress, cancelled):
            rows = job(progress, cancelled)
            computed.set()
            gate.wait(20)
            return rows

        return run

    monkeypatch.setattr(jobs, "ranking_job", late)
    with Project.open(corpus, create=False) as project, project.transaction():
        key = project.documents.key_by_ext_id(ARABIC)
        assert key is not None
        for name in ("ali", "omid"):
            project.spans.add(key.id, name, NewSpan("actor", 0, 3, "xxx"))
    window = start(qtbot, corpus, UserSettings(annotator="lead")).window
    _answer_next_dialog()
    QTest.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)
    assert window.reviewing()
    queue = window.review.queue.model
    qtbot.waitUntil(lambda: bool(queue.rows) and window.tasks.running() == 0, timeout=20_000)
    window.open_document(key.id)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    computed.clear()
    gate.clear()
    QTest.keyClick(window, Qt.Key.Key_U, CTRL_SHIFT)  # rank again: this one reads, then waits
    assert computed.wait(20)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)  # accept where all agree: nothing pending
    QTest.keyClick(window, Qt.Key.Key_Return, CTRL)  # reviewed
    assert next(r for r in queue.rows if r.document_id == key.id).reviewed
    gate.set()
    qtbot.waitUntil(lambda: window.tasks.running() == 0, timeout=20_000)
    assert next(r for r in queue.rows if r.document_id == key.id).reviewed
    assert "1 of" in window.review.queue.caption.text()


def test_recent_projects_are_listed_newest_first_without_this_one(qtbot, corpus, tmp_path: Path):
    other = tmp_path / "other.seedproj"
    with Project.open(other):
        pass
    settings = UserSettings(annotator="sara", recent_projects=[str(other), "/gone.seedproj"])
    window = start(qtbot, corpus, settings).window
    assert settings.recent_projects[0] == str(corpus)  # this one, remembered at start
    menu = window.actions_.recent
    menu.aboutToShow.emit()
    assert [a.text() for a in menu.actions()] == ["other.seedproj", "gone.seedproj"]
    _answer_next_dialog(Qt.Key.Key_Return)  # "/gone.seedproj is not there any more"
    menu.actions()[1].trigger()
    window.files.open_in_window(corpus)
    assert "open here" in window.statusBar().currentMessage()


def test_the_focused_suggestion_stays_focused_when_the_list_changes_around_it(qtbot, corpus):
    session = start(qtbot, corpus)
    window, view = session.window, session.window.view
    open_doc(session, ARABIC)
    layer = window.annotate.suggestions
    qtbot.waitUntil(lambda: len(layer.items) >= 2)
    last = layer.items[-1]
    tag_word(qtbot, session, "ترامب", "1")  # a tag before it: the list is rebuilt
    assert view.focus_overlay(OVERLAY, layer.key_of(last))
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)  # undo the tag: the list changes again
    assert layer.focused() == last
