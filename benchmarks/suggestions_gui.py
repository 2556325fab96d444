"""What a tag costs the window's GUI thread with suggestions on:
`python benchmarks/suggestions_gui.py [--old DIR] [--runs N] [--tags T]`.

The project: 300 generated articles (common.py) in which the analyst tagged 20 words or
word pairs each (repeat_rule.py: hundreds of texts for the repeat rule), an actor with
aliases for the registry rule, and two articles to tag in: a usual Arabic one (~2,000
characters, ~360 words) and a long one (~150,000 characters). Rules only, no model.

In the real window (offscreen, a fresh process per run), T tags in each article by
selection and label key. Per tag, CPU time of the GUI thread alone (`time.thread_time`):
- the key press: the span stored, the suggestions on hand updated, the article repainted;
- the whole tag: from the key press until the suggestions after it are drawn (the worker's
  list arrived), its waiting excluded;
and the wall time from the key press until they are drawn. The patterns are built once at
start (their rebuild after tags, in a worker either way, is put off for the run).

`--old DIR`: the same runs with the code in DIR too (`git archive main | tar -x -C DIR`),
alternating with this checkout's, on the same project. `--off`: this code with the
suggestions hidden (View > Show suggestions), what the tag costs without them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import common
from common import SEED, news_texts, offscreen_env, spin, suggestions_ready

LONG_CHARS = 150_000
ALIASES = {"Vladimir Putin": ["بوتين", "فلاديمير بوتين", "پوتین"], "Donald Trump": ["ترامب"]}


def child(project: str, ext: str, tags: str, shown: str = "on") -> dict:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import annotator
    from annotator.gui import app
    from annotator.gui import suggestion_layer as layers
    from annotator.gui.settings import UserSettings

    layers.REBUILD_DELAY_MS = 3_600_000  # the same patterns throughout (see the docstring)
    session = app.start(Path(project), UserSettings(annotator="sara"))
    window = session.window
    layer = window.annotate.suggestions
    suggestions_ready(window)
    window.open_document(window.project.documents.key_by_ext_id(ext).id)
    spin(lambda: window.tasks.running() == 0 and bool(layer.items), timeout=120)
    view = window.view
    if shown == "off":  # the tag alone, for comparison: View > Show suggestions unchecked
        QTest.keyClick(
            window, "h", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        assert not layer.items
    tick = QTimer()  # wakes the wait below now and then, should a condition need no event
    tick.start(20)

    def drawn() -> None:
        """The event loop, idle in between, until the list after the tag is drawn."""
        while window.tasks.running():
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        QApplication.processEvents()
        view.viewport().repaint()

    text = window.controller.document.text
    count = int(tags)
    words = [i + 1 for i, ch in enumerate(text) if ch == " "]
    step = max(len(words) // (count + 1), 1)
    press, whole, wall = [], [], []
    counts = []
    for n in range(count):
        start = words[(n + 1) * step]
        end = min(i for i in (text.find(" ", start), text.find("\n", start)) if i > 0)
        view.select_range(start, end)
        QApplication.processEvents()
        counts.append(len(layer.items))
        began, began_wall = time.thread_time(), time.perf_counter()
        QTest.keyClick(view, "1")
        view.viewport().repaint()
        pressed = time.thread_time()
        drawn()
        press.append(pressed - began)
        whole.append(time.thread_time() - began)
        wall.append(time.perf_counter() - began_wall)
    window.close()
    return {
        "code": str(Path(annotator.__file__).parents[1]),
        "chars": len(text),
        "suggestions": statistics.median(counts),
        "press": press,
        "whole": whole,
        "wall": wall,
    }


def make_project(path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    import repeat_rule

    from annotator.core.services.actors import ActorRegistry
    from annotator.core.services.importer import Importer, ImportOptions
    from annotator.core.store.project import Project

    repeat_rule.make_project(path, 300)
    rng = random.Random(SEED + 15)
    usual = next(t for lang, t in news_texts(2, rng, size=3_600) if lang == "ar")
    long = next(t for lang, t in news_texts(2, rng, size=int(LONG_CHARS * 1.9)) if lang == "ar")
    long = long[: long.rfind("\n", 0, LONG_CHARS)]
    source = path.with_name("tag_here.jsonl")
    source.write_text(
        "".join(
            json.dumps({"id": ext, "text": text, "lang": "ar"}, ensure_ascii=False) + "\n"
            for ext, text in (("usual", usual), ("long", long))
        ),
        encoding="utf-8",
    )
    with Project.open(path) as project:
        Importer(project).run([source], ImportOptions(format="jsonl", normalize=False))
        registry = ActorRegistry(project)
        for name, aliases in ALIASES.items():
            registry.add(name, aliases)


def _ms(values: list[float]) -> str:
    values = sorted(values)
    p90 = values[int(0.9 * (len(values) - 1))]
    return f"{1000 * statistics.median(values):7.1f} (p90 {1000 * p90:6.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--old", type=Path, help="another checkout's code, run alternately")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--tags", type=int, default=10)
    parser.add_argument("--off", action="store_true", help="also this code, suggestions off")
    args = parser.parse_args()
    codes: dict[str, Path | None] = {"this": None}
    if args.old is not None:
        codes["old"] = args.old.resolve()
    if args.off:
        codes["off"] = None
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        project = home / "tags.seedproj"
        make_project(project)
        results: dict[tuple[str, str], list[dict]] = {}
        for run in range(args.runs):
            for ext in ("usual", "long"):
                order = list(codes) if run % 2 == 0 else list(reversed(codes))
                for name in order:
                    env = offscreen_env(home / f"home-{name}")
                    if codes[name] is not None:
                        env["PYTHONPATH"] = str(codes[name])
                    copy = home / f"{name}-{run}-{ext}.seedproj"
                    copy.write_bytes(project.read_bytes())  # every run tags a fresh copy
                    shown = "off" if name == "off" else "on"
                    figures = common.run_child(
                        __file__, [str(copy), ext, str(args.tags), shown], env
                    )
                    results.setdefault((name, ext), []).append(figures)
    print(f"GUI-thread CPU per tag, ms, median over {args.runs} runs x {args.tags} tags:")
    print("code  article                      key press          whole tag     wall to drawn")
    for (name, ext), runs in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        first = runs[0]
        where = f"{ext} {first['chars']:,} ch, {first['suggestions']:.0f} sugg."
        row = [[v for r in runs for v in r[k]] for k in ("press", "whole", "wall")]
        print(f"{name:5} {where:28} {_ms(row[0])} {_ms(row[1])} {_ms(row[2])}")
        codes_seen = {r["code"] for r in runs}
        if name == "old" and any(c == str(common.ROOT) for c in codes_seen):
            raise SystemExit("--old ran this checkout's code: check its PYTHONPATH")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(*sys.argv[2:])))
    else:
        main()
