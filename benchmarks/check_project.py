"""What SQLite's page check costs on a big project: `benchmarks/check_project.py`.

A project is checked (`PRAGMA quick_check`) as it opens when it is small enough
(`CHECK_AT_OPEN_BYTES`), and before the first write of every connection; this measures the
check on 100,000 documents, so that the threshold rests on a figure. The project is built
once and kept (`--project` to reuse one); run with a cold page cache for the worst case.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT
from list_memory import build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(tempfile.gettempdir()) / "check-bench.seedproj"
    parser.add_argument("--project", type=Path, default=default)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not args.project.exists():
        print(f"building {args.docs} documents in {build(args.project, args.docs, 20):.0f} s")
    sys.path.insert(0, str(ROOT))
    from annotator.core.store.project import CHECK_AT_OPEN_BYTES, Project

    times = []
    with Project.open(args.project, create=False) as project:
        for _ in range(args.runs):
            project.verified = False
            started = time.perf_counter()
            project.verify()
            times.append(time.perf_counter() - started)
    size = args.project.stat().st_size
    print(
        f"quick_check of {args.project.name} ({size / 2**20:.0f} MB): first {times[0]:.2f} s, "
        f"median {statistics.median(times):.2f} s over {args.runs} runs; checked at open "
        f"up to {CHECK_AT_OPEN_BYTES / 2**20:.0f} MB"
    )


if __name__ == "__main__":
    main()
