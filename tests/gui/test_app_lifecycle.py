"""Starting and failing like a desktop app: a project file as the argument, a log in the
user's log folder, a dialog that names it on an unexpected error, a self-checking start."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from annotator import logs
from annotator.cli import main
from annotator.gui.crash import CrashReporter

from ..core.test_cli import run


def test_a_project_file_as_the_only_argument_opens_it(monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr("annotator.gui.app.run", lambda path, notes=(): opened.append(path) or 0)
    target = tmp_path / "mine.seedproj"
    code, _, _ = run(str(target))
    assert code == 0 and opened == [target]
    code, _, err = run("imprt")  # a typo of a command is not taken for a project
    assert code == 2 and "No such command" in err and len(opened) == 1
    assert main.name == "main"


def test_an_unexpected_error_is_logged_and_shown_with_the_log_path(qtbot, user_dirs):
    log_file = logs.setup_logging()
    assert str(log_file).startswith(str(user_dirs))
    reporter = CrashReporter(log_file)
    try:
        raise RuntimeError("the disk said no")
    except RuntimeError as exc:
        reporter.handle(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: reporter.shown == 1)
    box = reporter.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "RuntimeError: the disk said no" in box.text()
    assert str(log_file) in box.text() and "nothing stored is lost" in box.text()
    box.close()
    root = logging.getLogger()
    handlers = [h for h in root.handlers if getattr(h, "baseFilename", "") == str(log_file)]
    for handler in handlers:
        handler.flush()
        root.removeHandler(handler)  # later tests must not write into this test's folder
        handler.close()
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback" in text and "the disk said no" in text


def test_the_smoke_start_loads_the_demo_corpus_and_exits_cleanly(tmp_path):
    """What packaging/smoke runs against the built app, here against the installed one."""
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "QT_QPA_PLATFORM": "offscreen",
        "SEED_ANNOTATOR_SMOKE": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", "from annotator.cli import main; main()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["documents"] == 5 and report["font"] == "Vazirmatn"
    assert not report["timed_out"]
    assert list(Path(tmp_path / "cache").rglob("seed-annotator.log"))
