"""Memory and speed of the document list on 100,000 documents: `python benchmarks/list_memory.py`.

Builds a project in a temporary folder (100,000 articles of ~2.5 KB from the seed paragraphs,
half Persian, half Arabic, 10 spans each under the annotator "bench", four in ten documents
with a status), then measures in a fresh subprocess, so that the peak RSS is the list's own:
open the project, show a DocumentList, scroll, filter, jump to the last document.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, SEED, news_texts, word_spans

ANNOTATOR = "bench"
TARGET_RSS_MB = 300.0


def build(path: Path, docs: int, spans_per_doc: int) -> float:
    """Write the project in one transaction through the repositories; returns seconds."""
    sys.path.insert(0, str(ROOT))
    from annotator.core.model import NewDocument, NewSpan, Status
    from annotator.core.store.project import Project

    rng = random.Random(SEED)
    started = time.perf_counter()
    with Project.open(path) as project, project.transaction():
        for i, (lang, text) in enumerate(news_texts(docs, rng)):
            title = f"{text.split(chr(10))[0][:70]} {i}"
            doc_id = project.documents.add(
                NewDocument(f"bench-{i:06d}", title, lang, text, text, None, "none", {}, "bench")
            )
            spans = [
                NewSpan(label, start, end, text[start:end])
                for start, end, label in word_spans(text, rng, spans_per_doc)
            ]
            project.spans.replace_for_document(doc_id, ANNOTATOR, spans, [])
            if i % 10 < 3:
                project.status.set(doc_id, ANNOTATOR, Status.DONE)
            elif i % 10 == 3:
                project.status.set(doc_id, ANNOTATOR, Status.IN_PROGRESS)
    return time.perf_counter() - started


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn, repeat: int = 5) -> tuple[float, object]:
    """Median milliseconds of `repeat` calls, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[len(times) // 2], result


def measure(path: str) -> dict:
    """Runs in the fresh subprocess: the window's side of the list, then the raw queries."""
    started = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from annotator.core.model import Status
    from annotator.core.services.corpus import CorpusService
    from annotator.core.store.project import Project
    from annotator.gui.document_list import DocumentList

    out: dict = {}
    painted: list[float] = []

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    app = QApplication.instance() or QApplication([])
    project = Project.open(path, create=False)
    service = CorpusService(project, ANNOTATOR)
    widget = DocumentList(service)
    watcher = FirstPaint()
    widget.view.viewport().installEventFilter(watcher)
    widget.resize(500, 800)
    widget.show()
    while not painted:
        app.processEvents()
    model = widget.model
    # From the start of this process's work, Python imports of Qt and the project included.
    out["first_rows_shown_ms"] = (painted[0] - started) * 1000
    out["rows_at_start"] = model.rowCount()
    out["rss_after_show_mb"] = rss_mb()

    t0 = time.perf_counter()
    for _ in range(10):
        widget.view.scrollToBottom()
        app.processEvents()
    out["scroll_10x_ms"] = (time.perf_counter() - t0) * 1000
    out["rows_after_scrolling"] = model.rowCount()

    t0 = time.perf_counter()
    widget.status_combo.setCurrentIndex(widget.status_combo.findData(Status.DONE))
    app.processEvents()
    out["filter_done_ms"] = (time.perf_counter() - t0) * 1000
    out["rows_done_filter"] = (model.rowCount(), model.total())
    widget.status_combo.setCurrentIndex(0)
    app.processEvents()

    last = service.previous_id(service.query(), 2**62)
    assert last is not None
    t0 = time.perf_counter()
    widget.select_document(last)
    app.processEvents()
    out["go_to_last_ms"] = (time.perf_counter() - t0) * 1000
    out["rows_after_go_to_last"] = model.rowCount()
    out["rss_after_all_rows_mb"] = rss_mb()

    queries = {
        "none": service.query(),
        "status=done": service.query(status=Status.DONE),
        "status=new": service.query(status=Status.NEW),
        "lang=fa": service.query(lang="fa"),
        "label=claim": service.query(label="claim"),
        "search": service.query(search="ترامب"),
        "search prefix": service.query(search="کرمل"),
        "fa+done+claim": service.query(status=Status.DONE, lang="fa", label="claim"),
        "ar+new+search": service.query(status=Status.NEW, lang="ar", search="ترامب"),
    }
    out["count_ms"] = {}
    out["page_ms"] = {}
    for name, query in queries.items():
        ms, n = _timed(lambda q=query: service.count(q))
        out["count_ms"][name] = (round(ms, 2), n)
        ms, _ = _timed(lambda q=query: service.page(q, 0, 200))
        out["page_ms"][name] = round(ms, 2)
    everything = service.query()
    ms, _ = _timed(lambda: service.page(everything, 99_800, 200))
    out["page_ms"]["none, offset 99,800"] = round(ms, 2)
    ms, _ = _timed(lambda: service.page_after(everything, last - 200, 200))
    out["page_after_ms (by key, at the end)"] = round(ms, 2)
    ms, _ = _timed(lambda: service.index_of(everything, last))
    out["index_of_last_ms"] = round(ms, 2)
    ms, _ = _timed(lambda: service.next_id(service.query(status=Status.DONE), 1))
    out["next_id_done_ms"] = round(ms, 2)
    ms, _ = _timed(service.progress)
    out["progress_ms"] = round(ms, 2)
    widget.close()
    project.close()
    out["peak_rss_mb"] = rss_mb()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--spans", type=int, default=10, help="spans per document")
    parser.add_argument("--project", type=Path, help="reuse (or build once into) this file")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure), ensure_ascii=False))
        return 0
    with tempfile.TemporaryDirectory(prefix="list-bench-") as tmp:
        path = args.project or Path(tmp) / "bench.seedproj"
        if not path.exists():
            print(f"building {args.docs:,} documents, {args.spans} spans each ...", flush=True)
            print(f"  built in {build(path, args.docs, args.spans):.1f} s", flush=True)
        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    for key, value in result.items():
        print(f"{key:36} {value}")
    ok = result["peak_rss_mb"] <= TARGET_RSS_MB
    print(
        f"peak RSS {result['peak_rss_mb']:.0f} MB (target <= {TARGET_RSS_MB:.0f} MB): "
        f"{'ok' if ok else 'OVER'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
