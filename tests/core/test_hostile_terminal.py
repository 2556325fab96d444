"""Names from someone else's file reach the terminal as text, never as terminal commands: an
annotator named `a ESC ] 0 ; … BEL` retitled the window, ESC [ 2 J cleared it (over the
errors above), OSC 52 writes the clipboard on many terminals, U+202E reversed the line."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli_common import for_terminal, progress_stream
from annotator.core.model import Label
from annotator.core.services.annotations import AnnotationService
from annotator.core.store.project import Project

from .test_cli import run

TEXT = "پوتین به تهران رفت"
HOSTILE_LABEL = "\x1b[2J\x1b]52;c;cHduZWQ=\x07actor\u202eroot"
HOSTILE_ANNOTATOR = "ali\x1b]0;pwned\x07\x9b31m"


def _in_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """What `annotator ARGS` writes to a terminal (a pseudo-terminal: isatty is true)."""
    main, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", *args],
        stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary, env=env,
    )  # fmt: skip
    os.close(secondary)
    out = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's other end closed: the program ended
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(main)
    return out.decode("utf-8", errors="replace")


@pytest.mark.slow
@pytest.mark.parametrize("encoding", [None, "ascii"], ids=["utf-8", "ascii-terminal"])
def test_names_a_project_carries_are_shown_not_obeyed_by_the_terminal(
    tmp_path: Path, encoding: str | None
) -> None:
    """An ASCII terminal stream too: click wrote past the escaping through its own UTF-8
    wrapper of the stream's buffer."""
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    project = tmp_path / "p.seedproj"
    assert run("import", "--project", str(project), str(source))[0] == 0
    # Import refuses such names now (test_hostile_names.py); a project made before still
    # carries them, and so may one pulled from a team.
    with Project.open(project) as opened:
        opened.labels.add(Label(HOSTILE_LABEL, "#123456"))
        doc = next(opened.documents.iter_all())
        AnnotationService(opened, HOSTILE_ANNOTATOR).add_span(doc.id, HOSTILE_LABEL, 0, 5)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    shown = _in_a_terminal(["labels", "list", "--project", str(project)], env)
    shown += _in_a_terminal(["stats", "--project", str(project)], env)
    assert "actor" in shown and "pwned" in shown, shown  # still there to read
    for command in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert command not in shown, shown
    assert "\\u202e" in shown and "\\u001b" in shown


def test_for_terminal_keeps_what_our_own_output_needs() -> None:
    """Line breaks, tabs, the progress bar's return; ZWNJ and the right-to-left mark, which
    Persian words and numbers need."""
    ours = "a\tb\nc\rمی\u200cروم \u200f۱۲"
    assert for_terminal(ours) == ours


def test_a_name_cannot_switch_the_cursor_off() -> None:
    """The progress bar's cursor switches passed everywhere, so a name holding ESC [ ? 25 l
    hid the user's cursor after the command ended; only the bar's own stream passes them."""
    assert for_terminal("a\x1b[?25lb\x1b[?25h") == "a\\u001b[?25lb\\u001b[?25h"
    bar = io.StringIO()
    progress_stream(bar).write("\r\x1b[?25lImporting  [##--]  50%\x1b[2J\x1b[?25h\n")
    assert bar.getvalue() == "\r\x1b[?25lImporting  [##--]  50%\\u001b[2J\x1b[?25h\n"


CURSOR_OFF = "\x1b[?25l"


@pytest.mark.slow
def test_on_a_terminal_only_our_progress_bar_switches_the_cursor(tmp_path: Path) -> None:
    """A project holding a label ESC [ ? 25 l: listing it shows the sequence as text; an
    import's progress bar still hides the cursor while it draws and shows it after."""
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    project = tmp_path / "p.seedproj"
    assert run("import", "--project", str(project), str(source))[0] == 0
    with Project.open(project) as opened:
        opened.labels.add(Label(f"hidden{CURSOR_OFF}", "#123456"))
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    listed = _in_a_terminal(["labels", "list", "--project", str(project)], env)
    assert "hidden\\u001b[?25l" in listed and "\x1b" not in listed, listed
    other = tmp_path / "b.jsonl"
    other.write_text(json.dumps({"text": TEXT + "."}, ensure_ascii=False) + "\n", "utf-8")
    imported = _in_a_terminal(["import", "--project", str(project), str(other)], env)
    assert "Importing" in imported, imported
    assert imported.count(CURSOR_OFF) >= 1 and imported.rstrip().count("\x1b[?25h") >= 1
    assert imported.rindex("\x1b[?25h") > imported.rindex(CURSOR_OFF), imported


def test_for_terminal_escapes_controls_and_bidi_overrides() -> None:
    assert for_terminal("a\x1b[2Jb\u202ec\x00d\x7f\x85") == (
        "a\\u001b[2Jb\\u202ec\\u0000d\\u007f\\u0085"
    )
