"""Speed and memory of the annotation window: `python benchmarks/gui.py [--skip-memory]`.

Prints: cold start to a painted main window on the demo project (process start included),
opening a 1 MB Arabic document with 10,000 spans until highlighted, tagging in it (key
press to stored and repainted), peak memory with a 100,000-document project open, and the
window's memory on the demo project under a real X server (Xvfb, when installed), once
hazm has loaded. Each measurement runs in a fresh process under its own temporary user
folders (offscreen, but the X one).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common
from common import ROOT, SEED, paragraphs, word_spans

TARGETS = {"cold_s": 1.0, "open_ms": 300.0, "tag_ms": 16.0, "rss_mb": 300.0}


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    return env


def _settings(home: Path) -> None:
    config = home / "xdg_config_home" / "SeedAnnotator"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps({"annotator": "bench"}), encoding="utf-8")


# -- children --------------------------------------------------------------------------------


def _painted(window) -> None:
    from PySide6.QtWidgets import QApplication

    window.view.viewport().repaint()
    QApplication.processEvents()


def child_cold(project: str) -> dict:
    from annotator.gui import app

    session = app.start(Path(project))
    _painted(session.window)
    painted = time.time()
    session.window.close()  # waits for hazm's background start-up before the process ends
    return {"painted_at": painted}


def child_big(project: str) -> dict:
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication

    from annotator.core.text.utf16 import Utf16Index
    from annotator.gui import app

    session = app.start(Path(project))
    window = session.window
    big = window.project.documents.key_by_ext_id("big")
    small = window.project.documents.key_by_ext_id("small")
    opens = []
    for _ in range(5):
        window.open_document(small.id)
        _painted(window)
        started = time.perf_counter()
        window.open_document(big.id)
        _painted(window)
        opens.append(time.perf_counter() - started)
    # The tag is timed as an analyst tags all day, not in the first seconds while hazm
    # starts in the background (it holds the interpreter's lock on and off for about 2 s).
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (
        window.tasks.running() or not window.tokenizer.ready("fa")
    ):
        QApplication.processEvents()
        time.sleep(0.02)
    text = window.controller.document.text
    index = Utf16Index(text)
    tags = []
    for i in range(40):
        start = text.index(" ", 200 + 37 * i) + 1
        end = text.index(" ", start)
        cursor = window.view.textCursor()
        cursor.setPosition(index.to_utf16(start))
        cursor.setPosition(index.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        window.view.setTextCursor(cursor)
        started = time.perf_counter()
        window.tag("actor")
        _painted(window)
        tags.append(time.perf_counter() - started)
        window.controller.undo_stack.undo()
    window.close()
    return {
        "open_ms": 1000 * statistics.median(opens),
        "tag_ms": 1000 * statistics.median(tags),
        "tag_p90_ms": 1000 * sorted(tags)[int(0.9 * len(tags))],
        "spans": len(window.controller.spans),
    }


def child_x_memory(project: str) -> dict:
    """The demo window as a user has it: under X, hazm loaded, the demo corpus open."""
    from PySide6.QtWidgets import QApplication

    from annotator.gui import app

    session = app.start(Path(project))
    window = session.window
    window.restore_position()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (
        window.tasks.running() or not window.tokenizer.ready("fa")
    ):
        QApplication.processEvents()
        time.sleep(0.02)
    for _ in range(50):  # a second of an idle window
        QApplication.processEvents()
        time.sleep(0.02)
    _painted(window)
    rss = _rss_mb()
    window.close()
    heavy = {"spacy", "sklearn", "pandas", "pyarrow", "scipy", "torch"}
    return {
        "rss_mb": rss,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "platform": QApplication.platformName(),
        # test-only packages of the development venv that something imported: a user's
        # install (`pip install .`, or --python its interpreter) has none of them
        "heavy": sorted(heavy & {name.split(".")[0] for name in sys.modules}),
    }


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _xvfb() -> tuple[subprocess.Popen[bytes], str] | None:
    """A private X server for the X measurement; None where Xvfb is not installed."""
    if shutil.which("Xvfb") is None:
        return None
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        display = pipe.readline().strip()
    return server, f":{display}"


def child_memory(project: str) -> dict:
    from PySide6.QtWidgets import QApplication

    from annotator.gui import app

    session = app.start(Path(project))
    window = session.window
    table = window.documents.view
    for _ in range(10):
        bar = table.verticalScrollBar()
        bar.setValue(bar.maximum())
        QApplication.processEvents()
    _painted(window)
    rows = table.model().rowCount()
    window.close()
    return {"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": rows}


# -- the parent ------------------------------------------------------------------------------


def run_child(home: Path, name: str, project: Path) -> tuple[float, dict]:
    """Seconds from launching the child to its "painted_at" (if it reports one), its figures.

    A child may go on after painting (closing waits for hazm's background start-up); that
    time is not the user's wait, so the clock stops at the child's own timestamp.
    """
    started = time.time()
    figures = common.run_child(__file__, [name, str(project)], _env(home))
    return figures.get("painted_at", time.time()) - started, figures


def build_demo(home: Path) -> Path:
    from annotator.core.services.demo import demo_batches
    from annotator.core.services.importer import Importer, ImportOptions
    from annotator.core.store.project import Project

    path = home / "demo.seedproj"
    with Project.open(path) as project:
        for batch in demo_batches(ROOT / "seeds"):
            Importer(project).run(batch, ImportOptions(format="txt"))
    return path


def build_big(home: Path) -> Path:
    """One 1 MB Arabic article with 10,000 spans, and a small one to switch from."""
    from annotator.core.model import NewDocument, NewSpan, Status
    from annotator.core.store.project import Project

    rng = random.Random(SEED)
    pool = paragraphs("ar")
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < 1_000_000:
        parts.append(rng.choice(pool))
    text = "\n".join(parts)
    path = home / "big.seedproj"
    with Project.open(path) as project, project.transaction():
        for ext_id, body in (("small", pool[0]), ("big", text)):
            doc_id = project.documents.add(
                NewDocument(ext_id, ext_id, "ar", body, body, None, "none", {}, "bench")
            )
            if ext_id == "big":
                spans = [
                    NewSpan(label, s, e, body[s:e]) for s, e, label in word_spans(body, rng, 10_000)
                ]
                project.spans.replace_for_document(doc_id, "bench", spans, [])
                # 10,000 spans of one's own: a document in progress (a first tag would
                # change its status, and undoing it would change it back, every time)
                project.status.set(doc_id, "bench", Status.IN_PROGRESS)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-memory", action="store_true", help="skip the 100,000 documents")
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument(
        "--python",
        default=None,
        help="the interpreter of a user's install for the X memory figure (the development "
        "venv has test-only packages that are imported along: spaCy, scikit-learn, pandas)",
    )
    args = parser.parse_args()
    if args.child:
        name, project = args.child
        fn = {
            "cold": child_cold, "big": child_big, "memory": child_memory,
            "x_memory": child_x_memory,
        }[name]  # fmt: skip
        print(json.dumps(fn(project)))
        return

    sys.path.insert(0, str(ROOT))
    rows = []
    with tempfile.TemporaryDirectory(prefix="seed-gui-bench-") as tmp:
        home = Path(tmp)
        _settings(home)
        demo = build_demo(home)
        run_child(home, "cold", demo)  # first run writes qt-material's icon cache
        colds = [run_child(home, "cold", demo)[0] for _ in range(args.repeat)]
        rows.append(
            (
                "cold start to painted window (demo project)",
                f"{statistics.median(colds):.2f} s",
                f"<= {TARGETS['cold_s']} s",
            )
        )
        _, big = run_child(home, "big", build_big(home))
        rows.append(
            (
                "open 1 MB Arabic document, 10,000 spans",
                f"{big['open_ms']:.0f} ms",
                f"<= {TARGETS['open_ms']:.0f} ms",
            )
        )
        rows.append(
            (
                "tag a selection there: stored and repainted",
                f"{big['tag_ms']:.1f} ms (p90 {big['tag_p90_ms']:.1f})",
                f"<= {TARGETS['tag_ms']:.0f} ms",
            )
        )
        x = _xvfb()
        if x is not None:
            server, display = x
            try:
                env = {**_env(home), "DISPLAY": display}
                env.pop("QT_QPA_PLATFORM")
                shown = common.run_child(__file__, ["x_memory", str(demo)], env, args.python)
            finally:
                server.terminate()
                server.wait(10)
            rows.append(
                (
                    f"window on the demo project under X ({shown['platform']}), hazm loaded",
                    f"{shown['rss_mb']:.0f} MB RSS (peak {shown['peak_mb']:.0f})"
                    + (f", with {', '.join(shown['heavy'])}" if shown["heavy"] else ""),
                    f"<= {TARGETS['rss_mb']:.0f} MB",
                )
            )
        if not args.skip_memory:
            from list_memory import build

            large = home / "large.seedproj"
            build(large, args.docs, 10)
            _, memory = run_child(home, "memory", large)
            rows.append(
                (
                    f"window open on {args.docs:,} documents, list scrolled",
                    f"{memory['rss_mb']:.0f} MB RSS",
                    f"<= {TARGETS['rss_mb']:.0f} MB",
                )
            )
    width = max(len(r[0]) for r in rows)
    for what, value, target in rows:
        print(f"{what:<{width}}  {value:<26} {target}")


if __name__ == "__main__":
    main()
