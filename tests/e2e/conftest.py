"""The installed `annotator` under a real X server (Xvfb and openbox), driven with xdotool.

The rest of the suite runs Qt offscreen, in the test process. That platform has no window
manager, no X keyboard mapping and another set of standard key bindings, and it has let real
defects through (under X, Ctrl+Shift+Z was an "ambiguous shortcut" that did nothing). Here
the real program runs as its own process on its own display, receives keys and clicks through
the X server as a user's would, and what it did is read back from what the user depends on:
the stored project (through a separate connection), window titles and screenshots.

Needs Debian's xvfb, openbox, xdotool, imagemagick and x11-utils, and the libraries of Qt's
xcb plugin (`.ci/run` installs them). Without them the tests are skipped, or fail when the
environment variable CI is set.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from annotator import paths
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project
from annotator.gui.settings import UserSettings

from ..conftest import SEEDS

BIN = Path(sys.executable).parent  # the venv's: its `annotator` is the installed program
ANNOTATOR = BIN / "annotator"
RENDER_OFFSCREEN = Path(__file__).with_name("render_offscreen.py")

SCREEN = "1280x800x24"
# openbox places normal windows at the top left without a title bar or border: the main
# window opens at 1280×800 (MainWindow's size without saved geometry) and fills the screen
# whole, with no resize by the window manager, as the offscreen rendering opens it. Dialogs
# keep their decorations and placement.
OPENBOX_RC = """<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <theme><keepBorder>no</keepBorder></theme>
  <applications>
    <application class="*" type="normal">
      <decor>no</decor>
      <position force="yes"><x>0</x><y>0</y></position>
    </application>
  </applications>
</openbox_config>
"""
MAIN_TITLE = r"^Seed Annotator .*\.seedproj"  # xdotool regex (the title has an em dash)
ANNOTATOR_NAME = "sara"

X_START_TIMEOUT_S = 10.0
WINDOW_TIMEOUT_S = 30.0  # the first start of a cold venv imports PySide6, numpy, hazm
COMMAND_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0

# executable -> the Debian package that provides it
TOOLS = {
    "Xvfb": "xvfb",
    "openbox": "openbox",
    "xdotool": "xdotool",
    "import": "imagemagick",
    "xwininfo": "x11-utils",
    "xprop": "x11-utils",
}
# Libraries Qt's xcb plugin loads that a minimal Debian lacks -> their packages
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
}

# -- what the machine needs ------------------------------------------------------------------


def _missing_packages() -> list[str]:
    """Debian packages to install before these tests can run; [] when all is there."""
    missing = [package for tool, package in TOOLS.items() if shutil.which(tool) is None]
    spec = importlib.util.find_spec("PySide6")
    ldd = shutil.which("ldd")
    if spec is not None and spec.origin is not None and ldd is not None:
        plugin = Path(spec.origin).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            out = subprocess.run(
                [ldd, str(plugin)],
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT_S,
                check=False,
            ).stdout
            for lib in re.findall(r"^\s*(\S+) => not found", out, re.MULTILINE):
                missing.append(XCB_LIBRARIES.get(lib, f"(the package of {lib})"))
    return sorted(set(missing))


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail on CI, where a skip would hide a broken setup."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the end-to-end tests must run)", pytrace=False)
    pytest.skip(reason)


# -- bounded waiting ----------------------------------------------------------------------------


def wait_until[T](
    condition: Callable[[], T],
    timeout: float = 5.0,
    interval: float = 0.1,
    message: str | Callable[[], str] = "condition not met",
) -> T:
    """Poll `condition` until it returns something truthy (returned), or fail at `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            text = message() if callable(message) else message
            raise AssertionError(f"(after {timeout:g} s) {text}")
        time.sleep(interval)


def _die_with_parent() -> None:
    """Run in a child before exec: the kernel stops it if the test process dies unawares
    (killed by a CI timeout, say), when no teardown runs."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: teardown only
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def stop(process: subprocess.Popen, timeout: float = STOP_TIMEOUT_S) -> None:
    """Terminate a process we started, then kill it if it does not go."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


# -- the display ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Desktop:
    """An X display with a window manager, and the X tools that act on it."""

    display: str  # ":N"
    env: dict[str, str]

    def run(self, *args: str | int, timeout: float = COMMAND_TIMEOUT_S) -> str:
        result = subprocess.run(
            [str(a) for a in args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(
                f"{' '.join(map(str, args))} exited with {result.returncode}: {result.stderr}"
            )
        return result.stdout

    def windows(self) -> list[tuple[str, str]]:
        """(id, title) of every visible window with a title."""
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "."],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
            check=False,
        ).stdout.split()
        return [(window, self.title(window)) for window in found]

    def title(self, window: str) -> str:
        return self.run("xdotool", "getwindowname", window).rstrip("\n")

    def wait_window(
        self, pattern: str, timeout: float, process: subprocess.Popen | None = None
    ) -> str:
        """The id of the first visible window whose title matches the (xdotool) regex.

        `xdotool search --sync` waits for it; bounded here, and given up at once when
        `process`, which was to show it, has exited.
        """
        search = subprocess.Popen(
            ["xdotool", "search", "--sync", "--onlyvisible", "--name", pattern],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    out, _ = search.communicate(timeout=0.2)
                    return out.split()[0]
                except subprocess.TimeoutExpired:
                    pass
                if process is not None and process.poll() is not None:
                    raise AssertionError(
                        f"the program exited with {process.returncode} before a window "
                        f"titled like {pattern!r} appeared"
                    )
                if time.monotonic() >= deadline:
                    raise AssertionError(
                        f"no window titled like {pattern!r} within {timeout:g} s; "
                        f"visible windows: {self.windows()}"
                    )
        finally:
            stop(search)

    def geometry(self, window: str) -> tuple[int, int, int, int]:
        """x, y (on the screen), width, height of a window's own area, frame excluded."""
        info = self.run("xwininfo", "-id", window)

        def field(name: str) -> int:
            match = re.search(rf"{name}:\s+(-?\d+)", info)
            assert match, info
            return int(match.group(1))

        return (
            field("Absolute upper-left X"),
            field("Absolute upper-left Y"),
            field("Width"),
            field("Height"),
        )

    def active_window(self) -> str | None:
        result = subprocess.run(
            ["xdotool", "getactivewindow"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
            check=False,
        )
        return result.stdout.strip() or None

    def activate(self, window: str) -> None:
        if self.active_window() != window:
            self.run("xdotool", "windowactivate", "--sync", window)

        def active() -> bool:
            # On a loaded machine the window manager can let one request pass (the active
            # window read back as none, seen once at the end of a full CI run): ask again.
            if self.active_window() == window:
                return True
            self.run("xdotool", "windowactivate", window)
            return False

        wait_until(
            active,
            timeout=10.0,
            message=lambda: f"window {window} not active: {self.active_window()} is",
        )

    def screenshot(self, path: Path, window: str = "root") -> Path:
        """A PNG of the whole screen, or of one window's own area (as on screen)."""
        self.run("import", "-window", window, str(path))
        return path


def _read_display_number(fd: int, xvfb: subprocess.Popen, log: Path) -> str:
    """Xvfb writes the display number it took to -displayfd once it accepts clients."""
    data = b""
    deadline = time.monotonic() + X_START_TIMEOUT_S
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"Xvfb did not start within {X_START_TIMEOUT_S:g} s")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 64)
            if not chunk:  # EOF: Xvfb exited
                xvfb.wait(STOP_TIMEOUT_S)
                raise AssertionError(
                    f"Xvfb exited ({xvfb.returncode}): {log.read_text(errors='replace')}"
                )
            data += chunk
    return f":{data.decode().strip()}"


@pytest.fixture(scope="session")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    """Xvfb on a free display number, and openbox on it; stopped after the session."""
    missing = _missing_packages()
    if missing:
        _unavailable(
            "the end-to-end tests need an X server and X tools: "
            f"apt-get install {' '.join(missing)}"
        )
    if not ANNOTATOR.is_file():
        _unavailable(f"{ANNOTATOR} is not installed: pip install -e '.[test]'")
    folder = tmp_path_factory.mktemp("x")
    started: list[subprocess.Popen] = []
    logs = []
    try:
        xvfb_log = folder / "xvfb.log"
        logs.append(xvfb_log.open("wb"))
        read_fd, write_fd = os.pipe()
        try:
            xvfb = subprocess.Popen(
                # -noreset: without it the server resets when its last client disconnects
                # (the readiness probe), and a client connecting meanwhile is refused.
                [
                    *("Xvfb", "-displayfd", str(write_fd), "-screen", "0", SCREEN),
                    *("-nolisten", "tcp", "-noreset"),
                ],
                pass_fds=(write_fd,),
                stdin=subprocess.DEVNULL,
                stdout=logs[-1],
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
            started.append(xvfb)
            os.close(write_fd)
            write_fd = -1
            display = _read_display_number(read_fd, xvfb, xvfb_log)
        finally:
            os.close(read_fd)
            if write_fd >= 0:
                os.close(write_fd)
        home = folder / "home"
        home.mkdir()
        env = {
            **_clean_env(),
            "DISPLAY": display,
            "HOME": str(home),  # openbox reads no one's own configuration
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_DATA_HOME": str(home / "data"),
        }
        x = Desktop(display, env)
        x.run("xprop", "-root")  # the server answers
        rc = folder / "openbox-rc.xml"
        rc.write_text(OPENBOX_RC, encoding="utf-8")
        logs.append((folder / "openbox.log").open("wb"))
        openbox = subprocess.Popen(
            ["openbox", "--config-file", str(rc)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=logs[-1],
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        started.append(openbox)

        def managed() -> bool:
            if openbox.poll() is not None:
                raise AssertionError(f"openbox exited with {openbox.returncode}")
            return "window id" in x.run("xprop", "-root", "_NET_SUPPORTING_WM_CHECK")

        wait_until(managed, X_START_TIMEOUT_S, message="openbox did not take the display")
        yield x
    finally:
        for process in reversed(started):
            stop(process)
        for handle in logs:
            handle.close()


def _clean_env() -> dict[str, str]:
    """This process's environment without what would steer Qt away from the X server
    (the suite sets QT_QPA_PLATFORM=offscreen) or change its scale and fonts."""
    env = dict(os.environ)
    for name in (
        "QT_QPA_PLATFORM",
        "QT_QPA_PLATFORMTHEME",
        "QT_SCALE_FACTOR",
        "QT_SCREEN_SCALE_FACTORS",
        "QT_AUTO_SCREEN_SCALE_FACTOR",
        "QT_FONT_DPI",
        "WAYLAND_DISPLAY",
        "SEED_ANNOTATOR_SMOKE",
        "LC_ALL",
        "LANGUAGE",
    ):
        env.pop(name, None)
    env["LANG"] = "C.UTF-8"
    return env


# -- the user ---------------------------------------------------------------------------------


def write_settings(**changes: Any) -> UserSettings:
    """The user's settings file (in this test's folders), updated with `changes`."""
    path = paths.settings_path()
    settings = UserSettings.load(path)
    for name, value in changes.items():
        setattr(settings, name, value)
    settings.save(path)
    return settings


@pytest.fixture
def user_env(user_dirs: Path, desktop: Desktop) -> dict[str, str]:
    """The environment of a program the user starts: this test's own HOME and XDG folders
    (the suite's `user_dirs`), the X display, and settings that already name the annotator
    (no name dialog), in English, light theme."""
    runtime = user_dirs / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {
        **desktop.env,
        "HOME": str(user_dirs),
        "XDG_RUNTIME_DIR": str(runtime),
        **{
            name: os.environ[name]
            for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
        },
    }
    write_settings(annotator=ANNOTATOR_NAME, language="en", theme="light")
    return env


# -- projects ---------------------------------------------------------------------------------


@pytest.fixture
def demo_project(tmp_path: Path, persian) -> Path:
    """A project of the five demo articles, imported as the program imports them."""
    path = tmp_path / "e2e.seedproj"
    with Project.open(path) as project:
        Importer(project, persian).run([SEEDS], ImportOptions())
    return path


def stored_spans(project_path: Path, ext_id: str, annotator: str = ANNOTATOR_NAME) -> list:
    """Read through a separate connection: what is there is stored."""
    with Project.open(project_path, create=False) as project:
        key = project.documents.key_by_ext_id(ext_id)
        assert key is not None, ext_id
        return project.spans.for_document(key.id, annotator)


def document_text(project_path: Path, ext_id: str) -> str:
    with Project.open(project_path, create=False) as project:
        key = project.documents.key_by_ext_id(ext_id)
        assert key is not None, ext_id
        return project.documents.get(key.id).text


# -- the program ------------------------------------------------------------------------------


@dataclass
class RunningAnnotator:
    """`annotator PROJECT` on the display, and a user's hands on its window."""

    desktop: Desktop
    process: subprocess.Popen
    window: str  # X window id of the main window
    project: Path
    env: dict[str, str]
    stderr_path: Path
    folder: Path  # the test's tmp_path: screenshots go there
    settings: str  # the user's settings file as the program started with it
    _shots: int = 0

    def key(self, *keys: str, window: str | None = None) -> None:
        """Press keys (xdotool names: ctrl+shift+z, Return) in `window` (the main one),
        activated first. Sent through XTEST, as the keyboard sends them, not as synthetic
        events to one window."""
        self.desktop.activate(window or self.window)
        self.desktop.run("xdotool", "key", "--clearmodifiers", "--delay", "50", *keys)

    def type(self, text: str, window: str | None = None) -> None:
        """Type text, Persian and Arabic letters included (xdotool maps spare keycodes)."""
        self.desktop.activate(window or self.window)
        self.desktop.run("xdotool", "type", "--clearmodifiers", "--delay", "60", text)

    def click(self, x: int, y: int) -> None:
        """A left click at (x, y) in the main window's own coordinates."""
        self.desktop.activate(self.window)
        self.desktop.run("xdotool", "mousemove", "--window", self.window, x, y, "click", "1")

    def title(self) -> str:
        return self.desktop.title(self.window)

    def size(self) -> tuple[int, int]:
        _x, _y, width, height = self.desktop.geometry(self.window)
        return width, height

    def screenshot(self, name: str, whole_screen: bool = False) -> Path:
        """A PNG of the main window (or the screen) in this test's folder."""
        return self.desktop.screenshot(
            self.folder / f"{name}.png", "root" if whole_screen else self.window
        )

    def stderr(self) -> str:
        self.process.poll()
        return self.stderr_path.read_text(encoding="utf-8", errors="replace").strip()

    def wait_window(self, pattern: str, timeout: float = 5.0) -> str:
        return self.desktop.wait_window(pattern, timeout, self.process)

    def diagnostics(self) -> str:
        """What a failure message should carry: windows, the program's stderr, the screen."""
        self._shots += 1
        try:
            shot = str(self.screenshot(f"failure-{self._shots}", whole_screen=True))
        except (AssertionError, subprocess.SubprocessError) as exc:
            shot = f"(none: {exc})"
        alive = "running" if self.process.poll() is None else f"exited {self.process.returncode}"
        return (
            f"\n  annotator: {alive}; visible windows: {self.desktop.windows()}"
            f"\n  annotator's stderr: {self.stderr() or '(empty)'}"
            f"\n  screenshot: {shot}"
        )


@pytest.fixture
def launch(
    desktop: Desktop, user_env: dict[str, str], tmp_path: Path
) -> Iterator[Callable[..., RunningAnnotator]]:
    """Start `annotator PROJECT` as the user would; every program started is stopped after
    the test. `document` (an external id) is the one it opens on, by the user's settings."""
    started: list[tuple[subprocess.Popen, Any]] = []

    def start(project: Path, document: str | None = None) -> RunningAnnotator:
        if document is not None:
            write_settings(positions={str(project): document})
        settings = paths.settings_path().read_text(encoding="utf-8")
        stderr_path = tmp_path / f"annotator-{len(started) + 1}.stderr"
        handle = stderr_path.open("wb")
        process = subprocess.Popen(
            [str(ANNOTATOR), str(project)],
            env=user_env,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        started.append((process, handle))
        try:
            window = desktop.wait_window(MAIN_TITLE, WINDOW_TIMEOUT_S, process)
        except AssertionError as exc:
            raise AssertionError(
                f"{exc}; annotator's output: {stderr_path.read_text(errors='replace')}"
            ) from None
        app = RunningAnnotator(
            desktop, process, window, project, user_env, stderr_path, tmp_path, settings
        )
        desktop.activate(window)
        return app

    try:
        yield start
    finally:
        for process, handle in started:
            stop(process)
            handle.close()


def render_offscreen(app: RunningAnnotator, out: Path) -> dict[str, Any]:
    """The same window rendered by Qt's offscreen platform in another process: the same
    project, the user's settings as the X program started with them (it saves its layout as
    it goes), the X window's size. Saves `window.grab()` to `out` and returns the geometry of
    its widgets in window coordinates (see render_offscreen.py)."""
    config = app.folder / "offscreen-config"
    target = config / paths.settings_path().relative_to(os.environ["XDG_CONFIG_HOME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(app.settings, encoding="utf-8")
    env = {k: v for k, v in app.env.items() if k != "DISPLAY"}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config))
    width, height = app.size()
    result = subprocess.run(
        [
            sys.executable,
            str(RENDER_OFFSCREEN),
            str(app.project),
            str(out),
            str(width),
            str(height),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"offscreen rendering failed: {result.stdout}{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])
