"""Speed and memory of the core on a generated corpus: `python benchmarks/run.py`.

Each measurement runs in a fresh subprocess so that its peak memory is its own. The corpus is
10,000 news articles of ~2.5 KB, half Persian, half Arabic, made by shuffling the paragraphs of
the seed articles with a fixed seed (same corpus on every run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from common import SEED, news_texts, run_child, word_spans

TARGETS = {
    "import_plain_s": 5.0,
    "export_s": 2.0,
    "peak_rss_mb": 300.0,
    "normalize_ratio": 1.0,  # both cores, wall time against hazm alone on one
    "worker_rss_mb": 250.0,
}


def make_corpus(path: Path, docs: int, spans_per_doc: int) -> None:
    """Write a JSONL corpus; with spans, 20 word-aligned spans per document under 'bench'."""
    rng = random.Random(SEED)
    with path.open("w", encoding="utf-8") as out:
        for i, (_lang, text) in enumerate(news_texts(docs, rng)):
            record: dict = {"id": f"bench-{i:06d}", "text": text}
            if spans_per_doc:
                record["annotator"] = "bench"
                record["spans"] = [
                    {"start": s, "end": e, "label": label}
                    for s, e, label in word_spans(text, rng, spans_per_doc)
                ]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def cpu_seconds() -> float:
    """User and system time of this process and of the children it has waited for (the
    normaliser workers, once the pool is shut down)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, children


# -- measurements, each run in its own process ----------------------------------------------


def measure_import(corpus: str, normalize: str, project: str, cores: str = "all") -> dict:
    """`cores` "one": this process and the workers it starts, which inherit it, on one core."""
    if cores == "one":
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from annotator.core.services.importer import Importer, ImportOptions
    from annotator.core.store.project import Project

    with Project.open(project) as p:
        cpu, started = cpu_seconds(), time.perf_counter()
        report = Importer(p).run([corpus], ImportOptions(normalize=normalize == "on"))
        elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    me, children = peak_rss_mb()
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "documents": report.added,
        "spans": report.spans.added,
        "rss_mb": me,
        "worker_rss_mb": children,
    }


def measure_export(project: str, out: str) -> dict:
    from annotator.core.services.exporter import Exporter
    from annotator.core.store.project import Project

    with Project.open(project, create=False) as p:
        started = time.perf_counter()
        report = Exporter(p).run(out)
        elapsed = time.perf_counter() - started
    me, _ = peak_rss_mb()
    return {"seconds": elapsed, "documents": report.documents, "spans": report.spans, "rss_mb": me}


def measure_hazm(corpus: str) -> dict:
    """hazm's Normalizer alone on the same Persian documents, one core, built beforehand."""
    from annotator.core.text.lang import detect_language

    texts = []
    with open(corpus, encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            if detect_language(text) == "fa":
                texts.append(text)
    import hazm

    normalizer = hazm.Normalizer()
    cpu, started = time.process_time(), time.perf_counter()
    for text in texts:
        normalizer.normalize(text)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "documents": len(texts),
        "ms_per_kb": 1000 * elapsed / kb,
    }


def child(name: str, *args: str) -> dict:
    return run_child(__file__, [name, *args])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median shown)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, *rest = args.child
        fn = {"import": measure_import, "export": measure_export, "hazm": measure_hazm}[name]
        print(json.dumps(fn(*rest)))
        return

    with tempfile.TemporaryDirectory(prefix="seed-bench-") as tmp:
        work = Path(tmp)
        plain, spanned = work / "corpus.jsonl", work / "spanned.jsonl"
        make_corpus(plain, args.docs, 0)
        make_corpus(spanned, args.docs, 20)
        size_mb = plain.stat().st_size / 1e6
        print(
            f"corpus: {args.docs} documents, {size_mb:.1f} MB "
            f"(half Persian, half Arabic); medians of {args.repeat} runs; load average "
            f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores\n"
        )

        def median_import(
            corpus: Path, normalize: str, cores: str = "all"
        ) -> tuple[float, dict, list[dict]]:
            """Each run imports into a new project of its own."""
            runs = [
                child(
                    "import",
                    str(corpus),
                    normalize,
                    str(work / f"{normalize}-{cores}-{i}.seedproj"),
                    cores,
                )
                for i in range(args.repeat)
            ]
            return statistics.median(r["seconds"] for r in runs), runs[-1], runs

        rows: list[tuple[str, str, str]] = []
        plain_s, plain_run, _ = median_import(plain, "off")
        rows.append(
            ("import, no normalisation", f"{plain_s:.2f} s", f"<= {TARGETS['import_plain_s']} s")
        )
        hazm_runs = [child("hazm", str(plain)) for _ in range(args.repeat)]
        hazm_s = statistics.median(r["seconds"] for r in hazm_runs)
        hazm_cpu = statistics.median(r["cpu_seconds"] for r in hazm_runs)
        rows.append(
            (
                f"hazm alone, {hazm_runs[0]['documents']} Persian docs, one core",
                f"{hazm_s:.2f} s, CPU {hazm_cpu:.2f} s ({hazm_runs[0]['ms_per_kb']:.2f} ms/KB)",
                "reference",
            )
        )
        norm_s, norm_run, norm_runs = median_import(plain, "on")
        norm_cpu = statistics.median(r["cpu_seconds"] for r in norm_runs)
        rows.append(
            (
                "import, with normalisation, both cores",
                f"{norm_s:.2f} s = {norm_s / hazm_s:.2f} x hazm alone",
                f"<= {TARGETS['normalize_ratio']} x",
            )
        )
        rows.append(
            (
                "  CPU time (workers' included)",
                f"{norm_cpu:.2f} s = {norm_cpu / hazm_cpu:.2f} x hazm alone's",
                "-",
            )
        )
        if hasattr(os, "sched_setaffinity"):
            one_s, _, _ = median_import(plain, "on", "one")
            rows.append(
                ("import, with normalisation, one core", f"{one_s / hazm_s:.2f} x hazm alone", "-")
            )
        spanned_project = work / "spanned.seedproj"
        spanned_run = child("import", str(spanned), "off", str(spanned_project))
        rows.append(
            (
                f"import with {spanned_run['spans']} spans, no normalisation",
                f"{spanned_run['seconds']:.2f} s",
                "-",
            )
        )
        export_runs = [
            child("export", str(spanned_project), str(work / f"out{i}.jsonl"))
            for i in range(args.repeat)
        ]
        export_s = statistics.median(r["seconds"] for r in export_runs)
        rows.append(
            (
                f"export {export_runs[0]['documents']} docs, {export_runs[0]['spans']} spans",
                f"{export_s:.2f} s",
                f"<= {TARGETS['export_s']} s",
            )
        )
        peak = max(
            plain_run["rss_mb"],
            norm_run["rss_mb"],
            spanned_run["rss_mb"],
            export_runs[-1]["rss_mb"],
        )
        rows.append(
            (
                "peak RSS, main process (any step)",
                f"{peak:.0f} MB",
                f"<= {TARGETS['peak_rss_mb']:.0f} MB",
            )
        )
        rows.append(
            (
                "peak RSS, one normaliser worker",
                f"{norm_run['worker_rss_mb']:.0f} MB",
                f"<= {TARGETS['worker_rss_mb']:.0f} MB",
            )
        )
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        rows.append((f"load average at the end ({os.cpu_count()} cores)", load, "-"))
        width = max(len(r[0]) for r in rows)
        for what, value, target in rows:
            print(f"{what:<{width}}  {value:<32} {target}")


if __name__ == "__main__":
    main()
