"""Suggestions in an annotation session (issue 15): `python benchmarks/acceptance.py`.

An analyst works through a fresh project of NewsFANE articles (Arabic news with gold NER;
the 1,528-sentence sample in ../shared/fixtures when there, else the repository's 150) in the
real window, offscreen, with the keys an analyst uses: Tab to each suggestion, Y when it is
exactly a gold span, N when it is not, then the gold spans still missing tagged by selection
and label key, then Ctrl+Return (done, next). The window retrains the model in the
background after every `retrain_every` new spans in finished documents (25, the default)
and the rules rebuild their patterns after tags; as an analyst's minute on an article
outlasts both, the analyst here reads each article once they have landed. Gold decides, so
the figures say how often each source's suggestions were right, not how a person would
have judged them; suggestions of a label the corpus does not annotate (the date rules'
"date") are left undecided and counted apart.

Prints, per block of documents and in all: suggestions shown, accepted and rejected per
source, the acceptance rate, and how much of the gold the accepted ones covered; the model's
retrains and its evaluated F1 as they landed; how many rejections were of a span that gold
has with or without a proclitic more (the repeat rule proposes the whole word, «لاسرائيل»,
as NewsFANE mostly tags it; where gold has the name alone, the suggestion is wrong by the
corpus's letter only).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import common
from common import ROOT, offscreen_env, spin

TAB_LIMIT = 400  # Tab presses to reach one suggestion (spans and suggestions share the ring)


def child(project: str, gold_file: str, count: str) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator.gui import app

    gold: dict[str, list[tuple[int, int, str]]] = {
        ext: [tuple(s) for s in spans]
        for ext, spans in json.loads(Path(gold_file).read_text(encoding="utf-8")).items()
    }
    labels = {label for spans in gold.values() for _s, _e, label in spans}
    session = app.start(Path(project))
    window = session.window
    layer = window.annotate.suggestions
    keeper = window.model
    keys = {lab.name: lab.shortcut for lab in window.project.labels.all()}
    spin(lambda: window.tasks.running() == 0 and layer._patterns is not None, timeout=300)
    ext_of = dict(window.project.documents.ext_ids())
    first = min(ext_of)
    window.open_document(first)
    rows = []
    retrains: list[dict] = []
    seen_model = None
    for _ in range(int(count)):
        doc = window.controller.document
        truth = set(gold[ext_of[doc.id]])
        # An analyst spends a minute or more on an article, a retrain and the rules' rebuild
        # take seconds: what the window does in the background has landed by the time they
        # read the next article. Waited for here, not assumed.
        spin(lambda: not keeper.training(), timeout=600)
        spin(lambda: not layer._stale and not layer._building, timeout=60)
        if keeper.model is not None:  # its predictions for the article come from a worker
            spin(lambda d=doc: window.predictions._kept.get(d.id) is not None, timeout=30)
        spin(lambda: not layer.busy(), timeout=60)  # the article's list, made in a worker
        shown = Counter(s.source for s in layer.items)
        accepted, rejected, ignored, clitic = Counter(), Counter(), Counter(), Counter()
        ignored.update(s.source for s in layer.items if s.label not in labels)
        while True:
            pending = [s for s in layer.items if s.label in labels]
            if not pending:
                break
            focused = None
            for _tab in range(TAB_LIMIT):
                QTest.keyClick(window.view, Qt.Key.Key_Tab)
                focused = layer.focused()
                if focused is not None and focused.label in labels:
                    break
            if focused is None or focused.label not in labels:
                raise RuntimeError(f"Tab never reached a suggestion in document {doc.id}")
            if focused.key in truth:
                QTest.keyClick(window.view, "y")
                accepted[focused.source] += 1
            else:
                QTest.keyClick(window.view, "n")
                rejected[focused.source] += 1
                if _clitic_kept(focused.start, focused.end, focused.label, truth, doc.text):
                    clitic[focused.source] += 1
            spin(lambda: not layer.busy(), timeout=60)  # the list made again after it
            shown.update(  # suggestions that appeared after a decision (an accepted repeat)
                s.source for s in layer.items if s.key not in {p.key for p in pending}
            )
        have = {(s.start, s.end, s.label) for s in window.controller.spans.values()}
        for start, end, label in sorted(truth - have):
            window.view.select_range(start, end)
            QTest.keyClick(window.view, keys[label])
        rows.append(
            {
                "doc": doc.id,
                "gold": len(truth),
                "shown": dict(shown),
                "accepted": dict(accepted),
                "rejected": dict(rejected),
                "ignored": dict(ignored),
                "clitic": dict(clitic),
                "model": keeper.model.info.documents if keeper.model is not None else 0,
            }
        )
        if keeper.model is not None and keeper.model is not seen_model:
            seen_model = keeper.model
            info = keeper.model.info
            f1 = (info.evaluation or {}).get("micro", {}).get("f1") if info.evaluation else None
            retrains.append({"at_document": len(rows), "trained_on": info.documents, "f1": f1})
        QTest.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        if window.controller.document is None or window.controller.document.id == doc.id:
            break  # the last document
    spin(lambda: not keeper.training(), timeout=300)
    window.close()
    return {"rows": rows, "retrains": retrains}


def _clitic_kept(start: int, end: int, label: str, truth: set, text: str) -> bool:
    """Whether gold has the suggestion's span with letters more or fewer before it, within
    the word (a proclitic: «لاسرائيل» against «اسرائيل»): wrong by the corpus's convention,
    not by the name."""
    return any(
        g_end == end
        and g_label == label
        and g_start != start
        and text[min(g_start, start) : max(g_start, start)].isalpha()
        for g_start, g_end, g_label in truth
    )


def build(home: Path, count: int) -> tuple[Path, Path]:
    """The articles untagged in a new project whose labels are the corpus's, each with a
    digit key; their gold spans aside in a JSON file the analyst consults."""
    from ner_corpus import NEWSFANE, NEWSFANE_BIG, documents

    from annotator.core.services.importer import Importer, ImportOptions
    from annotator.core.store.project import Project

    source = NEWSFANE_BIG if NEWSFANE_BIG.exists() else NEWSFANE
    records = documents(source, 3, "ar", "nf", limit=count, coarse=True)
    path = home / "news.seedproj"
    corpus = home / "docs.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": r["id"], "text": r["text"], "lang": "ar"}, ensure_ascii=False) + "\n"
            for r in records
        ),
        encoding="utf-8",
    )
    gold = {r["id"]: [(s["start"], s["end"], s["label"]) for s in r["spans"]] for r in records}
    gold_file = home / "gold.json"
    gold_file.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    with Project.open(path) as project:
        Importer(project).run([corpus], ImportOptions(format="jsonl", normalize=False))
        with project.transaction():  # an NER project: the corpus's labels, each with a key
            for label in project.labels.names():
                project.labels.remove(label)
            for label in sorted({s[2] for spans in gold.values() for s in spans}):
                project.labels.add_new(label, with_key=True)
    config = home / "xdg_config_home" / "SeedAnnotator"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps({"annotator": "bench"}), encoding="utf-8")
    return path, gold_file


def _rate(accepted: int, rejected: int) -> str:
    decided = accepted + rejected
    return f"{accepted}/{decided} ({100 * accepted / decided:.0f}%)" if decided else "-"


def report(result: dict, block: int) -> None:
    rows = result["rows"]
    sources = sorted({k for r in rows for k in (*r["shown"], *r["accepted"], *r["rejected"])})
    print(f"{len(rows)} documents, {sum(r['gold'] for r in rows)} gold spans")
    header = "documents".ljust(12) + "".join(f"{s:>22}" for s in sources) + "   gold by suggestion"
    print("acceptance (accepted/decided) per source:")
    print(header)
    for first in [*range(0, len(rows), block), None]:
        part = rows if first is None else rows[first : first + block]
        name = "all" if first is None else f"{first + 1}-{first + len(part)}"
        cells = []
        for source in sources:
            a = sum(r["accepted"].get(source, 0) for r in part)
            j = sum(r["rejected"].get(source, 0) for r in part)
            cells.append(f"{_rate(a, j):>22}")
        found = sum(sum(r["accepted"].values()) for r in part)
        total = sum(r["gold"] for r in part)
        cover = f"{found}/{total} ({100 * found / total:.0f}%)" if total else "-"
        print(name.ljust(12) + "".join(cells) + f"   {cover}")
    ignored = Counter()
    for r in rows:
        ignored.update(r["ignored"])
    if ignored:
        print("left undecided (a label the corpus does not annotate):", dict(ignored))
    clitic = Counter()
    for r in rows:
        clitic.update(r.get("clitic", {}))
    if clitic:
        print("rejected where gold takes the proclitic into the name:", dict(clitic))
    for r in result["retrains"]:
        f1 = "not evaluated" if r["f1"] is None else f"F1 {r['f1']:.2f}"
        print(
            f"model in use from document {r['at_document']}: trained on {r['trained_on']} "
            f"documents, {f1}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--block", type=int, default=20, help="documents per printed row")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)), flush=True)
        os._exit(0)  # hazm's loader thread is no part of the figures
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="seed-acceptance-") as tmp:
        home = Path(tmp)
        project, gold = build(home, args.documents)
        began = time.perf_counter()
        result = common.run_child(
            __file__, [str(project), str(gold), str(args.documents)], offscreen_env(home)
        )
        took = time.perf_counter() - began
    report(result, args.block)
    print(f"session: {took:.0f} s wall")


if __name__ == "__main__":
    main()
