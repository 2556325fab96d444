"""What SQLite's page check costs on a big project: `benchmarks/check_project.py`.

A project is checked (`PRAGMA integrity_check`) as it opens when it is small enough
(`CHECK_AT_OPEN_BYTES`), and before the first write of every connection (the window checks
a big one in the background and holds writes until then); this measures the check on 100,000
documents, against `quick_check` (which misses an index at odds with its table), in CPU
time and wall time, so that the threshold rests on figures. The project is built
once and kept (`--project` to reuse one); run with a cold page cache for the worst case.
"""

from __future__ import annotations

import argparse
import resource
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

    cpu: dict[str, list[float]] = {"quick_check": [], "integrity_check": []}
    wall: dict[str, list[float]] = {"quick_check": [], "integrity_check": []}
    with Project.open(args.project, create=False) as project:
        for _ in range(args.runs):  # alternately, so that both meet the same load
            for pragma in cpu:
                c0, w0 = _cpu(), time.perf_counter()
                if pragma == "integrity_check":
                    project.verified = False
                    project.verify()  # what the application runs
                else:
                    project.db.execute("PRAGMA quick_check(3)").fetchall()
                cpu[pragma].append(_cpu() - c0)
                wall[pragma].append(time.perf_counter() - w0)
    size = args.project.stat().st_size
    print(f"{args.project.name} ({size / 2**20:.0f} MB), {args.runs} runs:")
    for pragma in cpu:
        print(
            f"  {pragma}: CPU median {statistics.median(cpu[pragma]):.2f} s "
            f"(min {min(cpu[pragma]):.2f}), wall median {statistics.median(wall[pragma]):.2f} s"
        )
    print(f"checked as it opens up to {CHECK_AT_OPEN_BYTES / 2**20:.0f} MB")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
