"""Outside models' predictions: import cost against spans, and suggestions per article.

    python benchmarks/predictions.py [--docs N] [--repeat R]

On the generated corpus (common.py, no normalisation, so the figures are the storing
alone), CPU time of this process, median of R runs, each in a fresh project:
- importing the documents alone, with 20 spans each (an annotator's), and with 20 scored
  predictions each (one model's); then the same predictions file again (the idempotent path:
  every prediction compared and kept);
- the suggestions of one article (rules and predictions), as the window asks for them when
  an article opens, with and without 20 predictions on it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from common import SEED, news_texts, word_spans


def make_corpus(path: Path, docs: int, kind: str) -> None:
    rng = random.Random(SEED)
    with path.open("w", encoding="utf-8") as out:
        for i, (_lang, text) in enumerate(news_texts(docs, rng)):
            record: dict = {"id": f"bench-{i:06d}", "text": text}
            spans = word_spans(text, rng, 20)
            if kind == "spans":
                record["annotator"] = "bench"
                record["spans"] = [{"start": s, "end": e, "label": lab} for s, e, lab in spans]
            elif kind == "predictions":
                record["model"] = "bench-model"
                record["predictions"] = [
                    {"start": s, "end": e, "label": lab, "score": round(rng.random(), 3)}
                    for s, e, lab in spans
                ]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def timed_import(project_path: Path, *files: Path) -> list[float]:
    from annotator.core.services.importer import Importer, ImportOptions
    from annotator.core.store.project import Project

    out = []
    with Project.open(project_path) as project:
        for path in files:
            cpu = time.process_time()
            Importer(project).run([path], ImportOptions(normalize=False))
            out.append(time.process_time() - cpu)
    return out


def suggestion_ms(project_path: Path, docs: int) -> float:
    """Median CPU milliseconds of one article's suggestions (patterns built beforehand,
    as the window builds them in a worker)."""
    from annotator.core.services.suggestions import Patterns, Suggester
    from annotator.core.store.project import Project

    with Project.open(project_path, create=False) as project:
        patterns = Patterns.build(project, "sara")
        ids = [doc_id for doc_id, _ in project.documents.ext_ids()][: min(docs, 200)]
        times = []
        for doc_id in ids:
            doc = project.documents.get(doc_id)
            cpu = time.process_time()
            Suggester(project, "sara", patterns).for_document(doc)
            times.append(time.process_time() - cpu)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {kind: folder / f"{kind}.jsonl" for kind in ("plain", "spans", "predictions")}
        for kind, path in files.items():
            make_corpus(path, args.docs, kind)
        runs: dict[str, list[float]] = {
            "documents alone": [], "with 20 spans each": [], "with 20 predictions each": [],
            "the predictions again (existing documents)": [],
        }  # fmt: skip
        for r in range(args.repeat):
            [plain] = timed_import(folder / f"p{r}.seedproj", files["plain"])
            [spans] = timed_import(folder / f"s{r}.seedproj", files["spans"])
            first, again = timed_import(
                folder / f"m{r}.seedproj", files["predictions"], files["predictions"]
            )
            for key, value in zip(runs, (plain, spans, first, again), strict=True):
                runs[key].append(value)
        base = statistics.median(runs["documents alone"])
        print(f"import of {args.docs} documents, CPU seconds (median of {args.repeat}):")
        for key, values in runs.items():
            median = statistics.median(values)
            print(f"  {key:45s} {median:6.2f} s  {median / base:4.2f} x")
        without = suggestion_ms(folder / "p0.seedproj", args.docs)
        with_predictions = suggestion_ms(folder / "m0.seedproj", args.docs)
        print("suggestions of one article, CPU ms (median over 200 articles):")
        print(f"  {'no predictions':45s} {without:6.2f} ms")
        print(f"  {'20 predictions':45s} {with_predictions:6.2f} ms")


if __name__ == "__main__":
    main()
