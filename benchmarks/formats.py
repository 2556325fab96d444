"""Export to every format and read each back: `cd benchmarks && python formats.py [--docs N]`.

One annotator's 20 spans on each of N Arabic documents of ~3,000 characters (the agreement
benchmark's corpus), exported with `Exporter` in each format, then imported into a fresh
project with auto detection. Prints seconds and documents per second for each.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from review import build

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

TARGETS = {
    "jsonl": "out.jsonl",
    "doccano": "out.doccano.jsonl",
    "labelstudio": "out.json",
    "prodigy": "out.prodigy.jsonl",
    "brat": "out_brat",
    "conll": "out.conll",
    "hf": "out.hf.jsonl",
    "spacy": "out.spacy",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = root / "source.seedproj"
        build(source, args.docs, 20)
        print(f"{args.docs:,} documents x 20 spans (one annotator exported)")
        print(f"{'format':<12} {'export s':>9} {'docs/s':>8} {'import s':>9} {'docs/s':>8}")
        for fmt, name in TARGETS.items():
            out = root / name
            with Project.open(source, create=False) as project:
                started = time.perf_counter()
                report = Exporter(project).run(out, ExportOptions(("ali",), format=fmt))
                exported = time.perf_counter() - started
            imported = None
            if fmt != "spacy":
                with Project.open(root / f"{fmt}.seedproj") as again:
                    started = time.perf_counter()
                    Importer(again).run(
                        [out], ImportOptions(annotator="ali", normalize=False, add_labels=True)
                    )
                    imported = time.perf_counter() - started
            back = f"{imported:>9.2f} {args.docs / imported:>8.0f}" if imported else f"{'—':>9}"
            print(f"{fmt:<12} {exported:>9.2f} {report.documents / exported:>8.0f} {back}")


if __name__ == "__main__":
    main()
