"""Smoke test of a built app: first start on a fresh account, demo corpus loaded, clean exit.

    python packaging/smoke.py [dist/SeedAnnotator/annotator] [--timeout 180] [--keep]

Runs the frozen executable offscreen (QT_QPA_PLATFORM=offscreen) with an empty HOME and XDG
folders, so the app creates the per-user project and imports the bundled demo corpus exactly
as on a user's first start. The app is started with SEED_ANNOTATOR_SMOKE=1: it quits by itself
once the window is up and its background work is done, printing a JSON line (documents,
title, font). Afterwards the project file is checked with sqlite3: our application_id, the
"SEED" magic at offset 68, and one document per file in seeds/. The log must hold no traceback.

An app without the smoke switch is stopped after --timeout seconds and judged by the project
file alone ("emulated"; --emulate forces that). Exit status 0 means the build passed.
Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "SeedAnnotator"
APPLICATION_ID = 0x53454544
SMOKE_ENV = "SEED_ANNOTATOR_SMOKE"


def default_executable() -> Path:
    name = "annotator.exe" if sys.platform == "win32" else "annotator"
    return ROOT / "dist" / APP_NAME / name


def account(home: Path) -> tuple[dict[str, str], Path, Path]:
    """An environment for a fresh user, its config folder and its data folder (appdirs')."""
    env = {
        **os.environ,
        "HOME": str(home),
        "USERPROFILE": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "QT_QPA_PLATFORM": "offscreen",
        SMOKE_ENV: "1",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }
    env.pop("PYTHONPATH", None)  # the frozen app must not need the checkout
    (home / "runtime").mkdir(parents=True, mode=0o700)
    if sys.platform == "darwin":
        config = data = home / "Library" / "Application Support" / APP_NAME
    else:  # Linux (on Windows appdirs asks the shell for the real profile: not isolated)
        config = home / ".config" / APP_NAME
        data = home / ".local" / "share" / APP_NAME
    return env, config, data


def check_project(path: Path, seeds: int) -> list[str]:
    problems = []
    if not path.is_file():
        return [f"no project file at {path}"]
    if path.read_bytes()[68:72] != b"SEED":
        problems.append("the project file lacks the SEED magic at offset 68")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        db.close()
    if app_id != APPLICATION_ID:
        problems.append(f"application_id is {app_id:#x}, not {APPLICATION_ID:#x}")
    if documents != seeds:
        problems.append(f"{documents} document(s) in the project, {seeds} seed file(s) bundled")
    print(f"project: {path.name}, application_id {app_id:#x}, {documents} document(s)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("executable", nargs="?", type=Path, default=default_executable())
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--keep", action="store_true", help="keep the temporary home")
    parser.add_argument(
        "--emulate",
        action="store_true",
        help=f"do not set {SMOKE_ENV}: stop the app after --timeout, judge the project file",
    )
    args = parser.parse_args()
    exe = args.executable.resolve()
    if not exe.is_file():
        print(f"error: no built app at {exe}; run packaging/build.sh first", file=sys.stderr)
        return 2
    seeds = len(list((ROOT / "seeds").glob("*.txt")))
    home = Path(tempfile.mkdtemp(prefix="seed-smoke-"))
    env, config, data = account(home)
    if args.emulate:
        del env[SMOKE_ENV]
    config.mkdir(parents=True, exist_ok=True)
    # The first start asks for the annotator's name in a modal dialog: answer it beforehand.
    (config / "settings.json").write_text(json.dumps({"annotator": "smoke"}), encoding="utf-8")

    started = time.monotonic()
    process = subprocess.Popen(
        [str(exe)],
        cwd=home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    emulated = False
    try:
        out, err = process.communicate(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        emulated = True  # no smoke switch in this build (or it hung): stop it, judge the file
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGTERM)  # the app and any worker it spawned
        else:
            process.terminate()
        try:
            out, err = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
    elapsed = time.monotonic() - started

    problems: list[str] = []
    report = None
    for line in out.splitlines():
        if line.startswith("{"):
            with contextlib.suppress(ValueError):
                report = json.loads(line)
    print(
        f"app ran {elapsed:.1f} s, exit status {process.returncode}"
        f"{' (stopped after the timeout: smoke switch emulated)' if emulated else ''}"
    )
    print(f"smoke report: {json.dumps(report, ensure_ascii=False)}")
    if not emulated:
        if process.returncode != 0:
            problems.append(f"the app exited with status {process.returncode}")
        if report is None:
            problems.append("the app printed no smoke report")
        elif report.get("documents") != seeds or report.get("timed_out"):
            problems.append(f"smoke report says {report}")
    problems += check_project(data / "default.seedproj", seeds)
    logs = list(home.rglob("*.log"))
    for log in logs:
        if "Traceback" in log.read_text(encoding="utf-8", errors="replace"):
            problems.append(f"traceback in {log}")
    if "Traceback" in err:
        problems.append("traceback on standard error")
    if err.strip():
        print("standard error:\n  " + "\n  ".join(err.strip().splitlines()[-30:]))
    if args.keep:
        print(f"kept {home}")
    else:
        shutil.rmtree(home, ignore_errors=True)
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    print("smoke test passed" if not problems else "smoke test FAILED")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
