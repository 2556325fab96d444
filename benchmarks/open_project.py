"""Time to open a big project (10,000 documents, 200,000 spans): `benchmarks/open_project.py`.

Opening reads the schema and compares it with what our migrations make (a project file is
untrusted input); this says what that costs where it matters most, a project users keep
for months. The project is built once and kept (`--project` to reuse one).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from run import make_corpus


def build(project: Path, docs: int) -> None:
    from annotator.core.services.importer import Importer, ImportOptions
    from annotator.core.store.project import Project

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        make_corpus(corpus, docs, 20)
        with Project.open(project) as p:
            Importer(p).run([corpus], ImportOptions(normalize=False))


def time_open(project: Path, runs: int) -> list[float]:
    from annotator.core.store.project import Project

    Project.open(project, create=False).close()  # warm: imports, page cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        p = Project.open(project, create=False)
        times.append(time.perf_counter() - started)
        p.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(tempfile.gettempdir()) / "open-bench.seedproj"
    parser.add_argument("--project", type=Path, default=default)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if not args.project.exists():
        build(args.project, args.docs)
    times = time_open(args.project, args.runs)
    size = args.project.stat().st_size / 2**20
    median = statistics.median(times) * 1000
    print(
        f"open {args.project.name} ({size:.0f} MB): median {median:.2f} ms, "
        f"min {min(times) * 1000:.2f} ms, max {max(times) * 1000:.2f} ms over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
