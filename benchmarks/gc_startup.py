"""Python's cycle collection while the window starts: `python benchmarks/gc_startup.py [--runs N]`.

Prints, for a first start on the demo project (its import and hazm's loading both run), how
many collections ran in the first SECONDS seconds, their total and longest wall time, and
on which threads. Every collection holds the interpreter, so its longest one is a pause of
the GUI thread wherever it ran; the window collects on the GUI thread only
(annotator.gui.collector), where hazm's loader and the tasks' threads used to. Each run is a
fresh process under its own temporary user folders, offscreen.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT

SECONDS = 20

_CHILD = """
import gc, json, sys, threading, time
from pathlib import Path
from PySide6.QtCore import QEventLoop, QTimer
from annotator.gui import app
from annotator.gui.settings import UserSettings

began: dict[int, float] = {}
seen: list[tuple[float, str]] = []

def timed(phase, info):
    if phase == "start":
        began[threading.get_ident()] = time.perf_counter()
    elif (start := began.pop(threading.get_ident(), None)) is not None:
        seen.append(((time.perf_counter() - start) * 1000, threading.current_thread().name))

gc.callbacks.append(timed)
session = app.start(Path(sys.argv[1]), UserSettings(annotator="bench"))
loop = QEventLoop()
QTimer.singleShot(int(sys.argv[2]) * 1000, loop.quit)
loop.exec()
print(json.dumps(seen))
"""


def one_run(seconds: int) -> list[tuple[float, str]]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            env[name] = str(Path(home) / name.lower())
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(Path(home) / "demo.seedproj"), str(seconds)],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return [tuple(pair) for pair in json.loads(out.stdout.strip().splitlines()[-1])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    for run in range(args.runs):
        seen = one_run(SECONDS)
        total = sum(ms for ms, _ in seen)
        longest = sorted(seen, reverse=True)[:3]
        threads = sorted({name for _, name in seen})
        print(
            f"run {run + 1}: {len(seen)} collections, {total:.0f} ms in all; longest "
            + ", ".join(f"{ms:.0f} ms ({name})" for ms, name in longest)
            + f"; threads: {', '.join(threads)}"
        )


if __name__ == "__main__":
    main()
