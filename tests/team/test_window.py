"""The window of a team working copy against the real server: joining from File ▸ Join team
project, the sync state in the status bar, and what the lead decides showing up by itself."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from annotator.core.model import DEFAULT_LABELS, GOLD, Document, NewDocument
from annotator.core.services.annotations import AnnotationService
from annotator.core.store.project import Project
from annotator.core.team import lead, people, schema
from annotator.core.team.connection import TeamError, connect
from annotator.core.team.sync import TeamSync, join
from annotator.gui import team_sync, window_files
from annotator.gui.settings import UserSettings
from annotator.gui.team_join import JoinDialog

from ..gui.modal import unanswered, when_dialog
from ..gui.test_main_window import start, tag_word
from ..gui.test_names_shown_plain import MARKUP, shown_tip

TEXT = "پوتین و ترامپ روز سه‌شنبه در گفتگویی تلفنی درباره سوریه گفتگو کردند. "
WAIT_MS = 20_000
CTRL_SHIFT = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
)  # a sync round every few seconds, a loaded machine


@pytest.fixture(autouse=True)
def dialogs_answered() -> Iterator[None]:
    yield
    assert unanswered() == 0, "a dialog this test answers never came up"


@pytest.fixture(autouse=True)
def own_password_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(target))
    return target


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offline retries start after 2 s and double: the test of coming back waits less."""
    monkeypatch.setattr(team_sync, "BACKOFF_S", (1.0, 2.0))


def _doc(i: int) -> Document:
    text = f"خبر {i}: " + TEXT
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(0, f"n{i}", f"عنوان {i}", "fa", text, text, None, {}, "none", digest, digest)


@pytest.fixture
def team(team_db):
    """A lead and analyst ana; documents n0..n2, all assigned to ana."""
    with connect(team_db.admin_url, autocommit=True) as admin:
        schema.initialise(admin, team_db.name)
        for short, role in (("lee", "lead"), ("ana", "analyst")):
            people.add_person(admin, team_db.person(short), role, None)
    with connect(team_db.url_for(team_db.person("lee")), autocommit=True) as conn:
        lead.push_documents(conn, [_doc(i) for i in range(3)], list(DEFAULT_LABELS))
        conn.execute(
            "INSERT INTO seed.assignments(document, annotator) SELECT uid, %s FROM seed.documents",
            [team_db.person("ana")],
        )
    return team_db


class Relay:
    """A TCP relay to the server that the test cuts (connections dropped, the port then
    refuses) and opens again: the network gone for a while, then back."""

    def __init__(self, target: tuple[str, int] = ("127.0.0.1", 5432)) -> None:
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []

    def open(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        for end in (a, b):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes its accept()
            self._listener.close()
            self._listener = None
        for end in self._open:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()
        self._open.clear()


@pytest.fixture
def relay() -> Iterator[Relay]:
    r = Relay()
    r.open()
    yield r
    r.cut()


def _working_copy(team, tmp_path: Path, short: str, port: int = 5432) -> Path:
    path = tmp_path / f"{short}.seedproj"
    with Project.open(path) as project:
        join(project, team.url_for(team.person(short), port))
    return path


def _open_window(qtbot, path: Path, annotator: str):
    session = start(qtbot, path, UserSettings(annotator=annotator))
    window = session.window
    qtbot.waitUntil(lambda: window.project.verified, timeout=WAIT_MS)  # writes held till then
    return window


def _server_spans(team, annotator: str) -> list[tuple[str, int, int]]:
    with team.connect("postgres") as conn:
        return conn.execute(
            "SELECT label, char_start, char_end FROM seed.spans "
            "WHERE annotator = %s AND NOT deleted ORDER BY char_start",
            [annotator],
        ).fetchall()


def _recorded(window) -> list[str]:
    """Every text the sync state takes from now on (a state may last only milliseconds)."""
    seen: list[str] = []
    window.sync.changed.connect(lambda text, _detail: seen.append(text))
    return seen


# -- joining -------------------------------------------------------------------------------


def _fill_join(server: str, name: str, password: str):
    def answer(dialog) -> None:
        assert isinstance(dialog, JoinDialog)
        QTest.keyClicks(dialog.server, server)
        dialog.name.clear()
        QTest.keyClicks(dialog.name, name)
        QTest.keyClicks(dialog.password, password)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    return answer


def test_join_from_the_file_menu_makes_the_working_copy_and_opens_it(
    qtbot, team, tmp_path, monkeypatch, own_password_file, user_dirs
):
    started: list[list[str]] = []

    class Process:  # a new window is a new program: recorded, not started here
        @staticmethod
        def startDetached(program: str, args: list[str]) -> tuple[bool, int]:
            started.append(args)
            return True, 1

    monkeypatch.setattr(window_files, "QProcess", Process)
    local = tmp_path / "mine.seedproj"
    with Project.open(local) as project:
        project.documents.add(NewDocument("x", "x", "fa", "متن", "متن", None, "none", {}, "t"))
    window = _open_window(qtbot, local, "someone")
    assert window.sync is None  # a local project does not sync
    ana = team.person("ana")
    server = f"postgresql://127.0.0.1:5432/{team.name}"
    when_dialog(_fill_join(server, ana, "s3cret-pw"))
    QTest.keyClick(window, Qt.Key.Key_J, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(started), timeout=WAIT_MS)
    copy = Path(started[0][-1])
    assert copy.suffix == ".seedproj" and copy != local
    with Project.open(copy, create=False) as joined:
        assert joined.team.link()["person"] == ana
        assert sorted(e for _, e in joined.documents.ext_ids()) == ["n0", "n1", "n2"]
    assert b"s3cret-pw" not in copy.read_bytes()  # the password is libpq's, not the project's
    window.settings_changed.emit()  # the settings written, as at any change
    for handler in logging.getLogger().handlers:
        handler.flush()
    kept = [f for f in user_dirs.rglob("*") if f.is_file() and b"s3cret-pw" in f.read_bytes()]
    assert kept == []  # not in the settings, the log, the data folder
    assert own_password_file.read_text().strip().endswith(f":{ana}:s3cret-pw")
    assert "Opening" in window.statusBar().currentMessage()


def test_a_refused_join_says_why(qtbot, team, tmp_path):
    local = tmp_path / "mine.seedproj"
    with Project.open(local) as project:
        project.documents.add(NewDocument("x", "x", "fa", "متن", "متن", None, "none", {}, "t"))
    window = _open_window(qtbot, local, "someone")
    said: list[str] = []

    def read_and_close(box) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        box.accept()

    server = f"postgresql://127.0.0.1:5432/{team.name}"
    when_dialog(_fill_join(server, team.person("nobody"), "pw"))
    QTest.keyClick(window, Qt.Key.Key_J, CTRL_SHIFT)
    when_dialog(read_and_close, timeout=WAIT_MS / 1000)
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT_MS)
    assert team.person("nobody") in said[0] and "does not exist" in said[0]


# -- the sync state ------------------------------------------------------------------------


def test_status_bar_goes_synced_then_waiting_after_a_tag_then_synced(qtbot, team, tmp_path):
    window = _open_window(qtbot, _working_copy(team, tmp_path, "ana"), "someone else")
    ana = team.person("ana")
    assert window.settings.annotator == ana  # a team copy annotates as its person
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=WAIT_MS)
    seen = _recorded(window)
    tag_word(qtbot, SimpleNamespace(window=window), "پوتین", "1")
    qtbot.waitUntil(lambda: bool(_server_spans(team, ana)), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=WAIT_MS)
    # the tag and the document's new status "in progress": two edits
    waiting = [i for i, text in enumerate(seen) if re.fullmatch(r"\d+ edits? waiting", text)]
    assert waiting, seen
    assert any(text.startswith("Synced") for text in seen[waiting[0] :])
    doc = window.controller.document
    start_ = doc.text.index("پوتین")
    assert _server_spans(team, ana) == [("actor", start_, start_ + len("پوتین"))]


def test_offline_is_shown_and_the_edit_goes_once_the_network_is_back(qtbot, team, tmp_path, relay):
    window = _open_window(qtbot, _working_copy(team, tmp_path, "ana", relay.port), "x")
    ana = team.person("ana")
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=WAIT_MS)
    relay.cut()
    tag_word(qtbot, SimpleNamespace(window=window), "ترامپ", "1")
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Offline since"), timeout=WAIT_MS)
    assert re.fullmatch(r"Offline since \d\d:\d\d", window.sync_label.text())
    assert "cannot reach the server" in window.sync_label.toolTip()
    assert _server_spans(team, ana) == []
    relay.open()
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=WAIT_MS)
    assert [label for label, _s, _e in _server_spans(team, ana)] == ["actor"]


def test_rows_a_pull_left_out_are_said_in_the_status_bar(qtbot, team, tmp_path):
    """Left out only in the log, a lead whose window syncs in the background never heard
    that the server holds rows this copy does not."""
    window = _open_window(qtbot, _working_copy(team, tmp_path, "lee"), "x")
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=WAIT_MS)
    with team.connect(team.person("lee"), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO seed.labels(name, color, position) VALUES (%s, '#123456', 9)",
            ["actor\x1b[2J"],
        )
    said = "1 server row left out"
    qtbot.waitUntil(lambda: said in window.sync_label.text(), timeout=WAIT_MS)
    tip = shown_tip(window.sync_label.toolTip())
    assert "first: seed.labels: label 'actor\\x1b[2J' holds U+001B" in tip, tip
    assert "\x1b" not in tip
    seen = _recorded(window)
    # the next round's pull meets the row no more: still said
    qtbot.waitUntil(lambda: any(t.startswith("Synced") for t in seen), timeout=WAIT_MS)
    assert said in window.sync_label.text()


def test_a_servers_words_in_the_sync_tooltip_are_text(qtbot, team, tmp_path, monkeypatch):
    """The server's message (server_failure keeps its words) may carry what a colleague
    named: in the tooltip it is shown, not read as HTML."""
    said = f"{team.url_for('lee')}: permission denied for table {MARKUP}"

    def refused(self):
        raise TeamError(said)

    path = _working_copy(team, tmp_path, "ana")
    monkeypatch.setattr(TeamSync, "sync", refused)
    window = _open_window(qtbot, path, "x")
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Sync error"), timeout=WAIT_MS)
    assert shown_tip(window.sync_label.toolTip()) == said


def test_closing_the_window_does_not_wait_for_the_sync(qtbot, team, tmp_path):
    window = _open_window(qtbot, _working_copy(team, tmp_path, "ana"), "x")
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=WAIT_MS)
    thread = window.sync._thread
    began = time.monotonic()
    window.close()
    assert time.monotonic() - began < 1.5
    thread.join(5)
    assert not thread.is_alive()  # the loop ended, its connections closed


# -- what others did -----------------------------------------------------------------------


def test_a_gold_span_of_the_lead_shows_in_the_open_article(qtbot, team, tmp_path):
    window = _open_window(qtbot, _working_copy(team, tmp_path, "ana"), "x")
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=WAIT_MS)
    doc = window.controller.document
    assert doc is not None and doc.ext_id == "n0"
    assert window.annotate.gold.keys() == []
    with Project.open(tmp_path / "lee.seedproj") as lead_copy:
        join(lead_copy, team.url_for(team.person("lee")))
        there = lead_copy.documents.key_by_ext_id("n0").id
        start_ = doc.text.index("سوریه")
        AnnotationService(lead_copy, GOLD).add_span(there, "topic", start_, start_ + 5)
        engine = TeamSync(lead_copy)
        try:
            engine.sync()
        finally:
            engine.close()
    qtbot.waitUntil(lambda: window.annotate.gold.keys() != [], timeout=WAIT_MS)
    view = window.view
    (key,) = window.annotate.gold.keys()
    assert view.focus_overlay("gold", key)
    assert window.controller.document.id == doc.id  # no jump, no reload of the article
    assert window.controller.spans == {}  # gold is not the analyst's own layer


def _tag_and_sync(team, tmp_path: Path, short: str, word: str, label: str) -> None:
    """An analyst's own copy (another machine): a tag on n0, pushed."""
    with Project.open(tmp_path / f"{short}.seedproj") as copy:
        if "person" not in copy.team.link():
            join(copy, team.url_for(team.person(short)))
        doc = copy.documents.key_by_ext_id("n0").id
        at = copy.documents.get(doc).text.index(word)
        AnnotationService(copy, team.person(short)).add_span(doc, label, at, at + len(word))
        engine = TeamSync(copy)
        try:
            engine.sync()
        finally:
            engine.close()


def test_a_lead_reviewing_sees_an_analysts_new_tag_without_reload(qtbot, team, tmp_path):
    """Live review: the lead reviews n0 while the analysts go on tagging it."""
    with connect(team.admin_url, autocommit=True) as admin:
        people.add_person(admin, team.person("bob"), "analyst", None)
    with connect(team.url_for(team.person("lee")), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO seed.assignments(document, annotator) SELECT uid, %s FROM seed.documents",
            [team.person("bob")],
        )
    _tag_and_sync(team, tmp_path, "ana", "پوتین", "actor")
    _tag_and_sync(team, tmp_path, "bob", "پوتین", "actor")
    window = _open_window(qtbot, _working_copy(team, tmp_path, "lee"), "x")
    assert window.annotate.gold.enabled is False  # a lead reviews gold in review mode
    when_dialog(lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_Return))
    QTest.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)  # Ctrl+Shift+R: review
    assert window.reviewing()
    qtbot.waitUntil(lambda: window.tasks.running() == 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.controller.document is not None, timeout=WAIT_MS)
    assert window.controller.document.ext_id == "n0"
    panel = window.review.candidates
    assert panel.count() == 1  # both marked پوتین as actor
    _tag_and_sync(team, tmp_path, "bob", "ترامپ", "actor")
    qtbot.waitUntil(lambda: panel.count() == 2, timeout=WAIT_MS)
    assert window.controller.document.ext_id == "n0"


def test_the_join_dialog_shows_a_whole_server_address(qtbot) -> None:
    """Under a real window manager the dialog came up a few characters wide: its title and
    the server's placeholder were cut off."""
    dialog = JoinDialog("sara")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    address = "postgresql://annotation.example.org:5432/newsroom_team"
    assert dialog.server.width() > dialog.server.fontMetrics().horizontalAdvance(address)


def test_a_document_taken_back_stays_in_the_list_marked_not_assigned(qtbot, team, tmp_path):
    """The lead takes n1 back, then gives it back: the analyst's list keeps it (with their
    work) and says so, rather than showing it as if still theirs."""
    from annotator.gui.document_model import COL_STATUS, COL_TITLE

    ana = team.person("ana")
    window = _open_window(qtbot, _working_copy(team, tmp_path, "ana"), "x")
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=WAIT_MS)
    model = window.documents.model

    def status_of(ext_id: str) -> str:
        for row in range(model.rowCount()):
            tip = model.data(model.index(row, COL_TITLE), Qt.ItemDataRole.ToolTipRole)
            if shown_tip(tip).endswith(ext_id):
                return str(model.data(model.index(row, COL_STATUS)))
        raise AssertionError(f"{ext_id} is not in the list")

    assert status_of("n1") == "new"
    with team.connect("postgres", autocommit=True) as conn:
        conn.execute(
            "DELETE FROM seed.assignments WHERE annotator = %s AND document = "
            "(SELECT uid FROM seed.documents WHERE ext_id = 'n1')",
            [ana],
        )
    qtbot.waitUntil(lambda: status_of("n1") == "not assigned", timeout=WAIT_MS)
    assert model.rowCount() == 3 and status_of("n0") == "new"
    with team.connect("postgres", autocommit=True) as conn:
        conn.execute(
            "INSERT INTO seed.assignments(document, annotator) "
            "SELECT uid, %s FROM seed.documents WHERE ext_id = 'n1'",
            [ana],
        )
    qtbot.waitUntil(lambda: status_of("n1") == "new", timeout=WAIT_MS)


def test_a_leads_gold_on_a_document_another_lead_holds_is_said_in_the_status_bar(
    qtbot, team, tmp_path
):
    """The server refuses it; the window says so, and whose the document is, rather than
    showing the copy as synced while that gold never reaches the server."""
    from annotator.core.team import claims

    liz = team.person("liz")
    with connect(team.admin_url, autocommit=True) as admin:
        people.add_person(admin, liz, "lead", None)
    with connect(team.url_for(liz), autocommit=True) as conn:
        assert claims.claim(conn, ["n0"]).taken == ("n0",)
    path = _working_copy(team, tmp_path, "lee")
    window = _open_window(qtbot, path, "x")
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=WAIT_MS)
    with Project.open(path) as copy:  # the lead's gold, as review mode writes it
        n0 = copy.documents.key_by_ext_id("n0").id
        n1 = copy.documents.key_by_ext_id("n1").id
        AnnotationService(copy, GOLD).add_span(n0, "actor", 0, 3)
        AnnotationService(copy, GOLD).add_span(n1, "actor", 0, 3)
    qtbot.waitUntil(
        lambda: f"gold not sent, held by another lead: n0 ({liz})" in window.sync_label.text(),
        timeout=WAIT_MS,
    )
    assert "annotator team release" in window.sync_label.toolTip()
    with team.connect("postgres") as conn:
        held = conn.execute(
            "SELECT d.ext_id FROM seed.spans s JOIN seed.documents d ON d.uid = s.document "
            "WHERE s.annotator = 'gold'"
        ).fetchall()
    assert held == [("n1",)]


def test_a_leads_held_gold_goes_out_and_the_warning_goes_once_released(qtbot, team, tmp_path):
    """Once the other lead lets the document go, the gold kept in this copy reaches the
    server and the status bar stops saying it was not sent."""
    from annotator.core.team import claims

    liz = team.person("liz")
    with connect(team.admin_url, autocommit=True) as admin:
        people.add_person(admin, liz, "lead", None)
    with connect(team.url_for(liz), autocommit=True) as conn:
        assert claims.claim(conn, ["n0"]).taken == ("n0",)
    path = _working_copy(team, tmp_path, "lee")
    window = _open_window(qtbot, path, "x")
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced"), timeout=WAIT_MS)
    with Project.open(path) as copy:
        n0 = copy.documents.key_by_ext_id("n0").id
        AnnotationService(copy, GOLD).add_span(n0, "actor", 0, 3)
    qtbot.waitUntil(lambda: "held by another lead" in window.sync_label.text(), timeout=WAIT_MS)
    with connect(team.url_for(liz), autocommit=True) as conn:
        assert claims.release(conn, ["n0"]).taken == ("n0",)

    def on_server() -> list:
        with team.connect("postgres") as conn:
            return conn.execute(
                "SELECT d.ext_id FROM seed.spans s JOIN seed.documents d ON d.uid = s.document "
                "WHERE s.annotator = 'gold'"
            ).fetchall()

    qtbot.waitUntil(lambda: on_server() == [("n0",)], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "held by another lead" not in window.sync_label.text(), timeout=WAIT_MS)
