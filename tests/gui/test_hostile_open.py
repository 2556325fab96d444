"""Opening a colleague's project that carries SQL of its own: asked first, then a clean copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core.errors import ForeignSchemaError, ProjectError
from annotator.gui import app as gui_app
from annotator.gui.settings import UserSettings

from ..core.test_hostile_project import PLANTED, make_project, plant
from .modal import when_dialog
from .test_main_window import start
from .test_window_defects import _answer_next_dialog


def planted(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    plant(path, PLANTED["trigger"][2])
    return path, path.read_bytes()


def test_declining_the_cleaned_copy_opens_nothing_and_changes_nothing(qtbot, tmp_path):
    path, before = planted(tmp_path)
    _answer_next_dialog(Qt.Key.Key_Escape)
    with pytest.raises(ForeignSchemaError):
        gui_app.start(path, UserSettings(annotator="sara"))
    assert path.read_bytes() == before
    assert not (tmp_path / "colleague.cleaned.seedproj").exists()


def test_accepting_opens_the_cleaned_copy_and_leaves_the_original(qtbot, tmp_path):
    path, before = planted(tmp_path)
    _answer_next_dialog(Qt.Key.Key_Y)
    session = start(qtbot, path)
    copy = tmp_path / "colleague.cleaned.seedproj"
    assert session.window.project.path == copy
    assert session.settings.last_project == str(copy)
    assert path.read_bytes() == before


def test_a_start_that_put_an_export_folder_back_says_so_in_the_window(qtbot, tmp_path, monkeypatch):
    """`annotator` puts back a folder a killed export had moved aside before the window
    opens; that used to be said on stderr only, which a user who starts from a desktop
    icon never sees."""
    from click.testing import CliRunner

    from annotator import cli
    from annotator.core.store.project import Project

    note = f"{tmp_path / 'brat'}: put back as it was before an export was interrupted"
    monkeypatch.setattr(cli, "recover_interrupted_exports", lambda: [note])
    path = tmp_path / "work.seedproj"
    with Project.open(path):
        pass
    told: list[str] = []
    sessions = []

    def run(project_path, notes=()):
        # the window as `run` builds it, without its event loop (the test's is running)
        session = gui_app.start(project_path, UserSettings(annotator="sara"), notes)
        sessions.append(session)
        qtbot.addWidget(session.window)
        return 0

    monkeypatch.setattr(gui_app, "run", run)

    def answer(box) -> None:
        told.append(box.text())
        box.accept()

    when_dialog(answer)
    result = CliRunner().invoke(cli.main, ["--project", str(path)])
    assert result.exit_code == 0, result.output
    qtbot.waitUntil(lambda: bool(told))
    assert "interrupted" in told[0] and note in told[0]


def test_a_start_after_a_split_export_killed_among_its_moves_does_not_say_put_right(
    qtbot, tmp_path, monkeypatch
):
    """A split export killed between its moves left a new train file beside an old dev
    file. The window told it under 'An export that was interrupted earlier was put right:'
    though nothing was put right: the note itself says to export again."""
    import os

    from click.testing import CliRunner

    from annotator import cli
    from annotator.core.formats import export_journal
    from annotator.core.store.project import Project

    folder = tmp_path / "خروجی"
    folder.mkdir()
    parts = []
    for name in ("gold.train.jsonl", "gold.dev.jsonl"):
        (folder / name).write_bytes(b"old\n")
        part = folder / f".{name}.abcdefgh.part"
        part.write_bytes(b"new\n")
        parts.append((part, folder / name))
    entry = export_journal.SetEntry(parts)
    os.replace(*parts[0])  # train moved, then the kill
    parts[1][0].unlink()
    entry._fd, fd = None, entry._fd
    assert fd is not None
    os.close(fd)
    path = tmp_path / "work.seedproj"
    with Project.open(path):
        pass
    told: list[str] = []

    def run(project_path, notes=()):
        session = gui_app.start(project_path, UserSettings(annotator="sara"), notes)
        qtbot.addWidget(session.window)
        return 0

    monkeypatch.setattr(gui_app, "run", run)

    def answer(box) -> None:
        told.append(box.text())
        box.accept()

    when_dialog(answer)
    result = CliRunner().invoke(cli.main, ["--project", str(path)])
    assert result.exit_code == 0, result.output
    qtbot.waitUntil(lambda: bool(told))
    assert f"new: {folder / 'gold.train.jsonl'}" in told[0]
    assert "put right" not in told[0]


def unusable(tmp_path: Path) -> Path:
    """A received project: sara's span 1 ends past its text, the document's metadata is
    no JSON object, span 2 is sound."""
    from annotator.core.model import NewSpan
    from annotator.core.store.project import Project

    from ..core.test_hostile_rows import _tamper

    path = tmp_path / "colleague.seedproj"
    make_project(path)  # document a, sara's actor span 1
    with Project.open(path) as project, project.transaction():
        project.spans.add(1, "sara", NewSpan("actor", 12, 19, "أردوغان"))
    _tamper(path, "UPDATE spans SET char_end = 999 WHERE id = 1")
    _tamper(path, "UPDATE documents SET meta = '[]'")
    return path


def answer_offer_and_report() -> tuple[list[str], list[str]]:
    """Enter on the offer (its default: make the copy), then Enter on the report of what
    the copy left out; the texts of both, as they are shown."""
    asked: list[str] = []
    told: list[str] = []

    def tell(box) -> None:
        told.append(box.text())
        QTest.keyClick(box, Qt.Key.Key_Return)

    def ask(box) -> None:
        asked.append(box.text())
        box.finished.connect(lambda _result: when_dialog(tell))
        QTest.keyClick(box, Qt.Key.Key_Return)

    when_dialog(ask)
    return asked, told


def test_a_project_with_rows_it_cannot_use_opens_as_a_copy_that_says_what_it_left_out(
    qtbot, tmp_path
):
    """A received file with a span past its text was refused with no way forward: the
    cleaned copy carried the span over (or refused to be made), so it was refused again."""
    path = unusable(tmp_path)
    before = path.read_bytes()
    asked, told = answer_offer_and_report()
    session = start(qtbot, path)

    copy = tmp_path / "colleague.cleaned.seedproj"
    assert "colleague.seedproj holds rows Seed Annotator cannot use" in asked[0]
    assert "span 1 ends at 999" in asked[0]
    assert session.window.project.path == copy
    assert session.settings.last_project == str(copy)
    assert told and "colleague.cleaned.seedproj was made beside colleague.seedproj" in told[0]
    assert "• Spans ending past their document's text, left out: 1 (#1)" in told[0], told[0]
    assert "• Documents whose metadata could not be read, kept with none: 1 (#1)" in told[0]
    assert path.read_bytes() == before
    assert [s.text for s in session.window.project.spans.for_document(1, "sara")] == ["أردوغان"]


def test_a_big_project_found_holding_rows_it_cannot_use_offers_the_copy_in_its_window(
    qtbot, tmp_path, monkeypatch
):
    """A project too big to check before its window opens is checked while it is up: the
    rows found there were told as damage, with writes held and no way forward."""
    from annotator.gui.window_files import FileCommands

    monkeypatch.setattr(gui_app, "CHECK_AT_OPEN_BYTES", 0)  # checked once the window is up
    opened: list[Path] = []  # a new window is a new process: where it would open
    monkeypatch.setattr(FileCommands, "open_in_window", lambda _self, where: opened.append(where))
    path = unusable(tmp_path)
    before = path.read_bytes()
    asked, told = answer_offer_and_report()
    session = gui_app.start(path, UserSettings(annotator="sara"))
    qtbot.addWidget(session.window)

    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    copy = tmp_path / "colleague.cleaned.seedproj"
    assert opened == [copy]
    assert session.settings.last_project == str(copy)  # the next start opens the copy
    assert "span 1 ends at 999" in asked[0]
    assert "• Spans ending past their document's text, left out: 1 (#1)" in told[0], told
    assert session.window.project.path == path and not session.window.project.verified
    assert path.read_bytes() == before


def test_declining_the_copy_in_the_window_says_the_way_out_not_damage(qtbot, tmp_path, monkeypatch):
    """Declined, the refusal was told with the template for damage ("is damaged (…);
    nothing will be written into it"), which threw away the core's words naming the copy;
    and the status bar kept saying the project was being checked."""
    monkeypatch.setattr(gui_app, "CHECK_AT_OPEN_BYTES", 0)  # checked once the window is up
    path = unusable(tmp_path)
    told: list[str] = []

    def decline(box) -> None:
        box.finished.connect(
            lambda _result: when_dialog(lambda b: (told.append(b.text()), b.accept()))
        )
        QTest.keyClick(box, Qt.Key.Key_Escape)

    when_dialog(decline)
    session = gui_app.start(path, UserSettings(annotator="sara"))
    qtbot.addWidget(session.window)
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)

    assert told[0].startswith(f"{path} is not damaged: its pages are sound"), told
    assert "span 1 ends at 999" in told[0]
    assert told[0].endswith(f"annotator clean-copy {path}"), told
    status = session.window.statusBar().currentMessage()
    assert status == (
        "This project holds rows Seed Annotator cannot use: nothing will be written into it."
    )
    assert not (tmp_path / "colleague.cleaned.seedproj").exists()


def test_a_check_that_fails_in_the_window_is_no_longer_said_to_be_running(
    qtbot, tmp_path, monkeypatch
):
    from annotator.core.errors import DamagedProject
    from annotator.gui import jobs

    def damaged(path: Path):
        def run(progress, cancelled):
            raise DamagedProject(f"{path}: is damaged (x)", kind="damaged", path=path, detail="x")

        return run

    monkeypatch.setattr(jobs, "verify_job", damaged)
    monkeypatch.setattr(gui_app, "CHECK_AT_OPEN_BYTES", 0)
    path = tmp_path / "colleague.seedproj"
    make_project(path)
    told: list[str] = []
    when_dialog(lambda box: (told.append(box.text()), box.accept()))
    session = gui_app.start(path, UserSettings(annotator="sara"))
    qtbot.addWidget(session.window)
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)
    assert told == [
        f"{path} is damaged (x); nothing was changed, and nothing will be written into it."
    ]
    status = session.window.statusBar().currentMessage()
    assert status == "This project did not pass its check: nothing will be written into it."


def test_a_folder_the_copy_cannot_be_written_in_is_said_with_the_way_out(
    qtbot, tmp_path, monkeypatch
):
    """Made in a folder that cannot be written (a read-only share, a CD), the copy ended in
    the window's dialog for an unexpected error (mkstemp's PermissionError)."""
    import errno
    import tempfile

    real = tempfile.mkstemp

    def refused(*args, **kwargs):
        if kwargs.get("suffix") == ".cleaning":  # the sandbox runs as root: modes are ignored
            raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    path = unusable(tmp_path)
    before = path.read_bytes()
    _asked, told = answer_offer_and_report()
    with pytest.raises(ProjectError):
        gui_app.start(path, UserSettings(annotator="sara"))
    assert told == [
        f"No copy of {path} can be made beside it (its folder is not writable); nothing was "
        "changed. Copy the file to a folder you can write to and open it from there."
    ]
    assert path.read_bytes() == before
