"""Review on a real project file: `cd benchmarks && python review.py [--docs N]`.

Stores the agreement benchmark's corpus (3 annotators x 10,000 documents x 20 spans, see
agreement.py) in a project, then times what a lead waits for:
- `annotator agreement`: loading the spans and texts from SQLite plus every figure;
- ranking the review queue in the background (the same, plus storing the scores);
- opening the review queue in the window (the cached ranking and its freshness check,
  then the window's review mode on 10,000 rows), in a fresh offscreen interpreter.
Targets: agreement <= 3 s; opening the review queue <= 200 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from agreement import ANNOTATORS, make_input
from common import run_child

sys.path.append(str(Path(__file__).resolve().parents[1]))

from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.services.agreement import AgreementService
from annotator.core.store.project import Project

AGREEMENT_TARGET_S = 3.0
QUEUE_TARGET_MS = 200.0


def build(path: Path, docs: int, spans: int, lang: str = "ar") -> None:
    inp = make_input(docs, spans)
    with Project.open(path) as project, project.transaction():
        ids = [
            project.documents.add(
                NewDocument(key, key, lang, text, text, None, "none", {}, "bench")
            )
            for key, text in zip(inp.documents, inp.texts, strict=True)
        ]
        for name in ANNOTATORS:
            cols = inp.spans[name]
            rows: dict[int, list[NewSpan]] = {}
            for d, s, e, k in zip(
                cols.doc.tolist(), cols.start.tolist(), cols.end.tolist(), cols.label.tolist(),
                strict=True,
            ):  # fmt: skip
                text = inp.texts[d]
                rows.setdefault(d, []).append(NewSpan(inp.labels[k], s, e, text[s:e]))
            for d, new in rows.items():
                project.spans.replace_for_document(ids[d], name, new, [])
            for doc_id in ids:
                project.status.set(doc_id, name, Status.DONE)


def median_of(runs: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def child(path: Path) -> None:
    """In a fresh interpreter: open the window on the project and enter review mode."""
    import json

    from PySide6.QtWidgets import QApplication

    from annotator.gui.app import start
    from annotator.gui.settings import UserSettings

    app = QApplication.instance() or QApplication([])
    session = start(path, UserSettings(annotator="lead"))
    window = session.window
    app.processEvents()
    service = AgreementService(window.project)
    started = time.perf_counter()
    rows = service.queue(list(ANNOTATORS))
    core_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    current = service.is_current(list(ANNOTATORS))
    check_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    review = window.review
    review.annotators = list(ANNOTATORS)
    window.set_mode(review)
    app.processEvents()
    window_ms = (time.perf_counter() - started) * 1000
    shown = window.review.queue.model.rowCount()
    window.close()
    print(
        json.dumps(
            {"core_ms": core_ms, "check_ms": check_ms, "window_ms": window_ms,
             "rows": len(rows), "shown": shown, "current": current}
        )
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--spans", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", type=Path, default=None)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "review.seedproj"
        started = time.perf_counter()
        build(path, args.docs, args.spans)
        print(f"project of {args.docs:,} documents built in {time.perf_counter() - started:.1f} s")
        with Project.open(path, create=False) as project:
            service = AgreementService(project)
            load_s, _ = median_of(args.runs, lambda: service.load(list(ANNOTATORS)))
            report_s, _ = median_of(args.runs, lambda: service.report(list(ANNOTATORS)))
            started = time.perf_counter()
            service.refresh_queue(list(ANNOTATORS))
            rank_s = time.perf_counter() - started
        verdict = "ok" if report_s <= AGREEMENT_TARGET_S else "OVER TARGET"
        print(
            f"  annotator agreement (load + figures): median {report_s:.2f} s "
            f"(target <= {AGREEMENT_TARGET_S} s: {verdict}); of which loading {load_s:.2f} s"
        )
        print(f"  ranking the review queue (background, stores scores): {rank_s:.2f} s")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        opened = [run_child(__file__, [str(path)], env) for _ in range(args.runs)]
        core = statistics.median(o["core_ms"] for o in opened)
        check = statistics.median(o["check_ms"] for o in opened)
        window = statistics.median(o["window_ms"] for o in opened)
        verdict = "ok" if window <= QUEUE_TARGET_MS else "OVER TARGET"
        print(
            f"  opening the review queue: review mode in the window with "
            f"{opened[0]['shown']:,} rows {window:.0f} ms (target <= {QUEUE_TARGET_MS:.0f} ms: "
            f"{verdict}), of which reading the cached ranking {core:.0f} ms"
        )
        print(
            f"  checking the ranking is current (in the worker): {check:.0f} ms "
            f"(current: {opened[0]['current']})"
        )


if __name__ == "__main__":
    main()
