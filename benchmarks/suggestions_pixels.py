"""Whether this code paints the article with suggestions and tags pixel for pixel as another
checkout does: `python benchmarks/suggestions_pixels.py --old DIR [--keep DIR]`.

The project of `suggestions_gui.py` (a usual and a long Arabic article, rules only). In the
real window (offscreen, a fresh process per code), each article is opened and its
suggestions drawn; then four tags by label key, each grabbed right after the key (the ones
under it taken off, the list not made again yet) and once the new list is drawn; Tab onto
the next span or suggestion, undo, a scroll, zoom in, a narrower and a wider window, zoom
back, the top again. Every picture is compared with the other code's; the names of those
that differ are printed, and the exit status is 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import common
from common import offscreen_env, spin, suggestions_ready


def child(project: str, out: str) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import annotator
    from annotator.gui import app
    from annotator.gui import suggestion_layer as layers
    from annotator.gui.settings import UserSettings

    layers.REBUILD_DELAY_MS = 3_600_000  # the same patterns throughout, in both codes
    folder = Path(out)
    session = app.start(Path(project), UserSettings(annotator="sara"))
    window = session.window
    window.resize(1100, 800)
    layer = window.annotate.suggestions
    view = window.view
    view.setCursorWidth(0)  # a blinking caret would make two pictures differ by chance
    suggestions_ready(window)
    names: list[str] = []

    def grab(name: str, settle: bool = True) -> None:
        if settle:
            spin(lambda: window.tasks.running() == 0 and not layer.busy(), timeout=120)
            QApplication.processEvents()
        view.clearFocus()  # no caret: see above
        view.viewport().repaint()
        name = f"{len(names):02d}-{name}.png"
        view.viewport().grab().toImage().save(str(folder / name))
        names.append(name)
        view.setFocus()

    ctrl = Qt.KeyboardModifier.ControlModifier
    for ext in ("usual", "long"):
        window.open_document(window.project.documents.key_by_ext_id(ext).id)
        spin(lambda: window.tasks.running() == 0 and bool(layer.items), timeout=120)
        grab(f"{ext}-open")
        text = window.controller.document.text
        words = [i + 1 for i, ch in enumerate(text[:3000]) if ch == " "]
        for n, label in ((5, "1"), (40, "2"), (80, "3"), (120, "4")):
            start = words[n]
            view.select_range(start, text.find(" ", start))
            QApplication.processEvents()
            QTest.keyClick(view, label)
            grab(f"{ext}-key{n}", settle=False)
            grab(f"{ext}-drawn{n}")
        QTest.keyClick(view, Qt.Key.Key_Tab)
        grab(f"{ext}-tab")
        QTest.keyClick(window, "z", ctrl)
        grab(f"{ext}-undo")
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 3)
        grab(f"{ext}-scrolled")
        QTest.keyClick(window, Qt.Key.Key_Equal, ctrl)
        grab(f"{ext}-zoomed")
        window.resize(900, 800)
        grab(f"{ext}-narrow")
        window.resize(1100, 800)
        grab(f"{ext}-wide")
        QTest.keyClick(window, Qt.Key.Key_0, ctrl)
        grab(f"{ext}-unzoomed")
        view.verticalScrollBar().setValue(0)
        grab(f"{ext}-top")
    window.close()
    return {"code": str(Path(annotator.__file__).parents[1]), "pictures": names}


def main() -> None:
    from PySide6.QtGui import QImage

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--old", type=Path, required=True, help="another checkout's code")
    parser.add_argument("--keep", type=Path, help="keep the pictures in this folder")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    import suggestions_gui

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(args.keep or tmp)
        home.mkdir(parents=True, exist_ok=True)
        project = home / "tags.seedproj"
        if not project.exists():
            suggestions_gui.make_project(project)
        runs = {}
        for name, code in (("this", None), ("old", args.old.resolve())):
            env = offscreen_env(home / f"home-{name}")
            if code is not None:
                env["PYTHONPATH"] = str(code)
            out = home / name
            out.mkdir(exist_ok=True)
            copy = home / f"{name}.seedproj"
            copy.write_bytes(project.read_bytes())
            runs[name] = common.run_child(__file__, [str(copy), str(out)], env)
        if runs["old"]["code"] == str(common.ROOT):
            raise SystemExit("--old ran this checkout's code: check its PYTHONPATH")
        differ = [
            name
            for name in runs["this"]["pictures"]
            if QImage(str(home / "this" / name)) != QImage(str(home / "old" / name))
        ]
    print(f"{len(runs['this']['pictures']) - len(differ)} pictures the same, {len(differ)} differ")
    for name in differ:
        print(f"  {name}")
    raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(*sys.argv[2:])))
    else:
        main()
