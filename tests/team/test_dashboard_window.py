"""The lead's team dashboard in the window, against the real server: opened by its key,
read in the background, refreshed with F5, sortable, mirrored in Persian; analysts have
none."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.model import DEFAULT_LABELS
from annotator.core.store.project import Project
from annotator.core.team import lead, people, schema
from annotator.core.team.connection import connect
from annotator.core.team.dashboard import dashboard
from annotator.core.team.sync import join
from annotator.gui import i18n
from annotator.gui.settings import UserSettings
from annotator.gui.team_dashboard import SortRole

from ..gui.modal import when_dialog
from ..gui.test_main_window import start
from .conftest import TeamDb, make_team_db
from .test_dashboard import DONE, _doc, _work

WAIT_MS = 20_000
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def own_password_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(target))
    return target


@pytest.fixture
def team(team_db, tmp_path):
    """Lead lee; analysts ana and bob with n0..n2 each; both finished n0, ana also n1."""
    with connect(team_db.admin_url, autocommit=True) as admin:
        schema.initialise(admin, team_db.name)
        for short, role in (("lee", "lead"), ("ana", "analyst"), ("bob", "analyst")):
            people.add_person(admin, team_db.person(short), role, None)
    with connect(team_db.url_for(team_db.person("lee")), autocommit=True) as conn:
        lead.push_documents(conn, [_doc(i) for i in range(3)], list(DEFAULT_LABELS))
        lead.assign(conn, each=2)
    _work(team_db, tmp_path, "ana", {
        "n0": (DONE, [("پوتین", "actor"), ("ترامپ", "actor")]),
        "n1": (DONE, [("سوریه", "topic")]),
    })  # fmt: skip
    _work(team_db, tmp_path, "bob", {"n0": (DONE, [("پوتین", "actor"), ("سوریه", "topic")])})
    return team_db


@pytest.fixture
def translated(qapp) -> Iterator[None]:
    yield
    i18n.remove_translators(qapp)


def _window(qtbot, team, tmp_path: Path, short: str):
    path = tmp_path / f"{short}-window.seedproj"
    with Project.open(path) as project:
        join(project, team.url_for(team.person(short)))
    window = start(qtbot, path, UserSettings(annotator="x")).window
    qtbot.waitUntil(lambda: window.project.verified, timeout=WAIT_MS)
    return window


def _open_dashboard(qtbot, window, refreshes: int = 1):
    QTest.keyClick(window, Qt.Key.Key_T, CTRL_SHIFT)  # Ctrl+Shift+T: the team dashboard
    assert window.dashboard is not None
    board = window.dashboard
    qtbot.waitUntil(lambda: board.refreshes >= refreshes, timeout=WAIT_MS)
    return board


def _column(view, column: int) -> list:
    model = view.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_ctrl_shift_t_shows_progress_and_agreement_as_of_now(qtbot, qtmodeltester, team, tmp_path):
    window = _window(qtbot, team, tmp_path, "lee")
    board = _open_dashboard(qtbot, window)
    assert board.window.isVisible()
    view = board.view
    assert re.fullmatch(r"As of \d\d:\d\d", view.as_of.text()), view.as_of.text()
    assert view.problem.text() == ""
    ana, bob = team.person("ana"), team.person("bob")
    rows = {}
    for i in range(view.people.rowCount()):
        cells = [view.people.index(i, c).data() for c in range(7)]
        rows[cells[0].strip("\u2068\u2069")] = cells[1:]
    assert rows[ana][:5] == ["analyst", "3", "0", "2", "0"]
    assert rows[bob][:5] == ["analyst", "3", "0", "1", "0"]
    assert re.search(r"\d\d:\d\d", rows[ana][5])  # last seen: when ana pushed
    documents = {d.ext_id: (d.assigned, d.finished) for d in view.documents.rows}
    assert documents == {"n0": (2, 2), "n1": (2, 1), "n2": (2, 0)}
    with connect(team.url_for(team.person("lee")), autocommit=True) as conn:
        expected = dashboard(conn).agreement
    assert expected is not None
    alpha = expected.krippendorff_alpha.value
    assert view.summary["documents"].text() == "1"
    assert view.summary["krippendorff_alpha"].text() == f"{alpha:.3f}"
    pair = view.pairs.rows[0]
    assert {pair.a, pair.b} == {ana, bob}
    assert view.pairs.index(0, 2).data() == f"{expected.pairs[0].f1_exact.micro:.3f}"
    for model in (view.people, view.documents, view.pairs):
        qtmodeltester.check(model)
    for table in (view.people_view, view.documents_view, view.pairs_view):
        qtmodeltester.check(table.model())

    # More work arrives; the lead refreshes with F5 (no sync of their copy needed).
    _work(team, tmp_path, "bob", {"n1": (DONE, [("سوریه", "topic")])})
    QTest.keyClick(board.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: board.refreshes == 2, timeout=WAIT_MS)
    assert view.summary["documents"].text() == "2"
    assert {d.ext_id: d.finished for d in view.documents.rows}["n1"] == 2


def test_a_click_on_a_header_sorts_the_table(qtbot, team, tmp_path):
    window = _window(qtbot, team, tmp_path, "lee")
    board = _open_dashboard(qtbot, window)
    table = board.view.documents_view
    board.view.tabs.setCurrentIndex(1)  # the documents tab
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    finished = 3

    def click_header() -> None:
        x = header.sectionViewportPosition(finished) + header.sectionSize(finished) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    click_header()
    keys = [table.model().index(r, finished).data(SortRole) for r in range(3)]
    assert keys == sorted(keys)
    click_header()
    keys = [table.model().index(r, finished).data(SortRole) for r in range(3)]
    assert keys == sorted(keys, reverse=True)
    assert _column(table, finished) == ["2", "1", "0"]


def test_an_analyst_has_no_dashboard(qtbot, team, tmp_path):
    window = _window(qtbot, team, tmp_path, "ana")
    action = window.actions_.team_dashboard
    assert not action.isEnabled()
    QTest.keyClick(window, Qt.Key.Key_T, CTRL_SHIFT)
    QApplication.processEvents()
    assert window.dashboard is None


def test_a_server_gone_keeps_the_last_figures_and_says_why(qtbot, team, tmp_path):
    window = _window(qtbot, team, tmp_path, "lee")
    board = _open_dashboard(qtbot, window)
    shown = board.view.as_of.text()
    board.url = f"postgresql://{team.person('lee')}@127.0.0.1:1/{team.name}"  # nobody there
    QTest.keyClick(board.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: board.refreshes == 2, timeout=WAIT_MS)
    assert "cannot reach the server" in board.view.problem.text()
    assert board.view.as_of.text() == shown and board.view.summary["documents"].text() == "1"


def test_the_persian_dashboard_is_mirrored_and_translated(qtbot, qapp, translated, team, tmp_path):
    assert i18n.install_translator(qapp, "fa") == "fa"
    path = tmp_path / "lee-fa.seedproj"
    with Project.open(path) as project:
        join(project, team.url_for(team.person("lee")))
    settings = UserSettings(annotator="x")
    settings.language = "fa"
    window = start(qtbot, path, settings).window
    qtbot.waitUntil(lambda: window.project.verified, timeout=WAIT_MS)
    board = _open_dashboard(qtbot, window)
    assert board.window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert board.window.windowTitle() != "Team dashboard"
    view = board.view
    assert not view.as_of.text().startswith("As of")
    assert re.search(r"\d\d:\d\d", view.as_of.text())
    headers = [view.people.headerData(c, Qt.Orientation.Horizontal, 0) for c in range(7)]
    assert "Person" not in headers and all(headers)
    assert [view.tabs.tabText(i) for i in range(3)] != ["&People", "&Documents",
                                                       "&Agreement so far"]  # fmt: skip


def test_a_slow_read_makes_the_automatic_refresh_wait_longer(qtbot, team, tmp_path, monkeypatch):
    """A read of a big team costs seconds of CPU that hold the interpreter: refreshed every
    30 s regardless, the lead's window stuttered. Automatic refreshes take at most a tenth
    of the time; F5 still reads at once."""
    from annotator.gui import team_dashboard

    window = _window(qtbot, team, tmp_path, "lee")
    board = _open_dashboard(qtbot, window)
    assert board._timer.interval() == team_dashboard.REFRESH_S * 1000  # a quick read
    clock = [1000.0]
    monkeypatch.setattr(team_dashboard.time, "monotonic", lambda: clock[0])
    real_job = team_dashboard.dashboard_job

    def slow_job(url):
        run = real_job(url)

        def timed(progress, cancelled):
            result = run(progress, cancelled)
            clock[0] += 12.0  # as if the read had taken 12 s
            return result

        return timed

    monkeypatch.setattr(team_dashboard, "dashboard_job", slow_job)
    QTest.keyClick(board.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: board.refreshes == 2, timeout=WAIT_MS)
    assert board._timer.interval() == 120_000


def _claims_on_server(team) -> list[tuple]:
    with connect(team.admin_url, autocommit=True) as admin:
        return admin.execute(
            "SELECT d.ext_id, c.lead FROM seed.claims c JOIN seed.documents d "
            "ON d.uid = c.document ORDER BY 1"
        ).fetchall()


def test_a_lead_releases_an_absent_lead_s_claim_from_the_dashboard(
    qtbot, team, tmp_path, monkeypatch
):
    """liz, a lead who is away, holds n0: lee sees it on the Claims tab (Alt+C), selects it
    and presses Delete; a No leaves it, a Yes releases it on the server, in a worker
    thread, and the server records that lee released liz's claim."""
    import threading

    from annotator.core.team import claims

    liz = team.person("liz")
    with connect(team.admin_url, autocommit=True) as admin:
        people.add_person(admin, liz, "lead", None)
    with connect(team.url_for(liz), autocommit=True) as conn:
        claims.claim(conn, ["n0"])
    threads: list[bool] = []
    real = claims.release

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(claims, "release", recorded)
    window = _window(qtbot, team, tmp_path, "lee")
    board = _open_dashboard(qtbot, window)
    view = board.view
    QTest.keyClick(board.window, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # &Claims
    table = view.claims_view
    qtbot.waitExposed(table)
    assert _column(table, 1) == [f"\u2068{liz}\u2069"]
    assert not view.release_button.isEnabled()  # nothing selected: Delete does nothing
    QTest.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(table.model().index(0, 0)).center(),
    )
    assert view.release_button.isEnabled()

    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton):
        def given(box) -> None:
            assert isinstance(box, QMessageBox)
            asked.append(box.text())
            box.button(button).click()

        return given

    when_dialog(answer(QMessageBox.StandardButton.No))
    QTest.keyClick(board.window, Qt.Key.Key_Delete)  # the button's key: it clicks shortly
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=WAIT_MS)
    assert liz in asked[0] and "n0" in asked[0]
    assert "records that you released it" in asked[0]
    assert board.releases == 0 and threads == []
    assert _claims_on_server(team) == [("n0", liz)]

    board.window.activateWindow()  # the question had the focus, as it has for a user
    assert QTest.qWaitForWindowActive(board.window)
    when_dialog(answer(QMessageBox.StandardButton.Yes))
    QTest.keyClick(board.window, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: board.releases == 1, timeout=WAIT_MS)
    assert len(asked) == 2
    assert threads == [False]  # off the GUI thread
    assert view.claim_note.text() == f"Released {liz}'s claim on n0; the server recorded it."
    assert _claims_on_server(team) == []
    with connect(team.admin_url, autocommit=True) as admin:
        recorded_rows = admin.execute(
            "SELECT lead, released_by FROM seed.claim_releases"
        ).fetchall()
    assert recorded_rows == [(liz, team.person("lee"))]
    qtbot.waitUntil(lambda: view.claims.rowCount() == 0, timeout=WAIT_MS)  # read again
    assert not view.release_button.isEnabled()


def test_a_confirmed_release_leaves_a_claim_another_lead_made_since(team, tmp_path):
    """lee confirmed releasing liz's claim; meanwhile liz let it go and sam took it: the
    release must not end sam's claim, which nobody confirmed."""
    from annotator.core.team import claims

    liz, sam, lee = team.person("liz"), team.person("sam"), team.person("lee")
    with connect(team.admin_url, autocommit=True) as admin:
        for name in (liz, sam):
            people.add_person(admin, name, "lead", None)
    with connect(team.url_for(sam), autocommit=True) as conn:
        claims.claim(conn, ["n0"])
    with connect(team.url_for(lee), autocommit=True) as conn:
        done = claims.release(conn, ["n0"], force=True, held_by=liz)
    assert done.taken == () and [(c.ext_id, c.lead) for c in done.held] == [("n0", sam)]
    assert _claims_on_server(team) == [("n0", sam)]


def _release_from_the_claims_tab(qtbot, board, answered) -> list[str]:
    """Select the Claims tab's first row and press Delete; `answered(box)` answers the
    question. The questions asked, in order."""
    QTest.keyClick(board.window, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # &Claims
    table = board.view.claims_view
    qtbot.waitExposed(table)
    QTest.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(table.model().index(0, 0)).center(),
    )
    asked: list[str] = []

    def given(box) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        answered(box)

    when_dialog(given)
    QTest.keyClick(board.window, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=WAIT_MS)
    return asked


def test_the_confirmation_names_the_document_whose_id_holds_a_percent_sign(qtbot, team, tmp_path):
    """A URL-encoded id (`wire%3A17`, as feeds give them) is the document the lead is
    asked about, not one with the claim's date where its `%3` was."""
    from annotator.core.team import claims

    liz, odd = team.person("liz"), "wire%3A17"
    with connect(team.admin_url, autocommit=True) as admin:
        people.add_person(admin, liz, "lead", None)
        admin.execute(
            "INSERT INTO seed.documents(uid, ext_id, lang, text, normalizer, text_sha256, "
            "original_sha256, length) VALUES (gen_random_uuid(), %s, 'fa', 'متن', 'none', "
            "'x', 'x', 3)",
            [odd],
        )
    with connect(team.url_for(liz), autocommit=True) as conn:
        claims.claim(conn, [odd])
    board = _open_dashboard(qtbot, _window(qtbot, team, tmp_path, "lee"))
    asked = _release_from_the_claims_tab(
        qtbot, board, lambda box: box.button(QMessageBox.StandardButton.No).click()
    )
    assert asked[0].startswith(f"Release {liz}'s claim on {odd} (held since \u2066"), asked[0]
    assert _claims_on_server(team) == [(odd, liz)]


def test_a_claim_this_lead_made_since_the_question_is_reported_as_theirs(qtbot, team, tmp_path):
    """lee is asked about liz's claim; before lee answers Yes, liz lets go and lee claims
    the document (a gold write claims it too): the release leaves lee's claim, and the
    window says lee holds it, not that nobody does."""
    from annotator.core.team import claims

    liz, lee = team.person("liz"), team.person("lee")
    with connect(team.admin_url, autocommit=True) as admin:
        people.add_person(admin, liz, "lead", None)
    with connect(team.url_for(liz), autocommit=True) as conn:
        claims.claim(conn, ["n0"])
    board = _open_dashboard(qtbot, _window(qtbot, team, tmp_path, "lee"))

    def meanwhile_then_yes(box) -> None:
        with connect(team.url_for(liz), autocommit=True) as conn:
            claims.release(conn, ["n0"])
        with connect(team.url_for(lee), autocommit=True) as conn:
            claims.claim(conn, ["n0"])
        box.button(QMessageBox.StandardButton.Yes).click()

    _release_from_the_claims_tab(qtbot, board, meanwhile_then_yes)
    qtbot.waitUntil(lambda: board.releases == 1, timeout=WAIT_MS)
    assert board.view.claim_note.text() == "You hold n0 now: not released."
    assert _claims_on_server(team) == [("n0", lee)]


def test_the_dashboard_names_what_the_server_s_administrator_is_still_to_do(qtbot, team, tmp_path):
    """`team status` notes what only an administrator can make (here: the large objects
    taken from the team); the lead's dashboard shows the same, with the statements, and
    nothing once it is made."""
    with connect(team.admin_url, autocommit=True) as su:  # as if init had run as no superuser
        su.execute("GRANT EXECUTE ON FUNCTION lo_create(oid) TO PUBLIC")
        su.execute("INSERT INTO seed.team(key, value) VALUES ('pending:large_objects', 'revoke')")
    window = _window(qtbot, team, tmp_path, "lee")
    board = _open_dashboard(qtbot, window)
    label = board.view.to_do
    assert label.isVisible()
    text = label.text()
    assert text.startswith("Still to ask of the server's administrator:\n• ")
    assert "REVOKE EXECUTE ON FUNCTION" in text and "lo_create(oid)" in text
    # A keyboard-only lead copies it: Tab from Refresh to the note below it, Ctrl+A, Ctrl+C;
    # the next Tab goes on to the tabs under the note, then into the page.
    board.view.refresh_button.setFocus()
    qtbot.waitUntil(lambda: board.view.refresh_button.hasFocus())
    QTest.keyClick(board.view.refresh_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is label
    QTest.keyClick(label, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is board.view.tabs.tabBar()
    QTest.keyClick(board.view.tabs.tabBar(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is board.view.people_view
    label.setFocus()
    qtbot.waitUntil(label.hasFocus)
    QApplication.clipboard().clear()
    QTest.keyClick(label, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == text
    with connect(team.admin_url, autocommit=True) as su:
        su.execute("REVOKE EXECUTE ON FUNCTION lo_create(oid) FROM PUBLIC")
    QTest.keyClick(board.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: board.refreshes >= 2, timeout=WAIT_MS)
    assert not label.isVisible() and label.text() == ""


@pytest.fixture
def persian_team_db(pg_server: str) -> Iterator[TeamDb]:
    yield from make_team_db(first="تیم_")


def test_a_note_on_a_database_named_in_persian_reads_left_to_right(
    qtbot, persian_team_db, tmp_path
):
    """The notes are English sentences that begin with the database's name: one named in
    Persian made its note a right-to-left paragraph, its words and the statement to ask
    for out of order (and the paragraph against the right edge of an English window)."""
    db = persian_team_db
    with connect(db.admin_url, autocommit=True) as su:
        schema.initialise(su, db.name)
        people.add_person(su, db.person("lee"), "lead", None)
        su.execute("GRANT EXECUTE ON FUNCTION lo_create(oid) TO PUBLIC")
        su.execute("INSERT INTO seed.team(key, value) VALUES ('pending:large_objects', 'revoke')")
    board = _open_dashboard(qtbot, _window(qtbot, db, tmp_path, "lee"))
    text = board.view.to_do.text()
    assert f"• \u200e{db.name}: every person" in text
    laid_out = QTextDocument()
    laid_out.setPlainText(text)  # as the label lays it out: each line its own paragraph
    line = laid_out.begin().next()
    assert line.isValid()
    while line.isValid():
        assert line.textDirection() == Qt.LayoutDirection.LeftToRight, line.text()
        line = line.next()


def test_a_documents_title_and_id_holding_an_override_show_escaped(qtbot, team_db, tmp_path):
    """Titles and ids reach the server as the lead's files gave them (import keeps them): a
    title holding U+202E would make its line read as something else, a newline split it."""
    with connect(team_db.admin_url, autocommit=True) as admin:
        schema.initialise(admin, team_db.name)
        people.add_person(admin, team_db.person("lee"), "lead", None)
    hostile = replace(_doc(0), ext_id="n\u202e0", title="invoice\u202efdp.exe\nsecond")
    with connect(team_db.url_for(team_db.person("lee")), autocommit=True) as conn:
        # a tab, RLE ... PDF: kept, inside an isolate that orders nothing after it
        word = replace(_doc(1), title="\u202bعنوان\u202c\t1")
        lead.push_documents(conn, [hostile, word], list(DEFAULT_LABELS))
    window = _window(qtbot, team_db, tmp_path, "lee")
    view = _open_dashboard(qtbot, window).view
    shown = sorted(_column(view.documents_view, 0)), sorted(_column(view.documents_view, 1))
    assert shown == (
        ["\u2068n1\u2069", "\u2068n\\u202e0\u2069"],
        [
            "\u2068invoice\\u202efdp.exe\\u000asecond\u2069",
            "\u2068\u2068\u202bعنوان\u202c 1\u2069\u2069",
        ],
    )
