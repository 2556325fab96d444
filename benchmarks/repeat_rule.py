"""The repeat rule's cost: `python benchmarks/repeat_rule.py [--docs N] [--repeat R]`.

On the generated corpus (common.py: half Persian, half Arabic, ~2,500 bytes an article),
an analyst who tagged 20 words or word pairs in each article (so thousands of distinct
texts, up to MAX_TERMS of them searched). CPU time of this process:
- building what the rules search (`Patterns.build`: reading every span and compiling),
  median of R builds, as the window does in a worker after tags;
- one article's suggestions (`Suggester.for_document`, rules only), as the window asks
  when an article opens: median and p90 over 200 Arabic and 200 Persian articles.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from common import SEED, news_texts


def make_project(path: Path, docs: int) -> int:
    """The corpus with the analyst's spans; returns how many distinct texts they tagged."""
    from annotator.core.services.importer import Importer, ImportOptions
    from annotator.core.store.project import Project

    rng = random.Random(SEED)
    texts: set[str] = set()
    source = path.with_suffix(".jsonl")
    with source.open("w", encoding="utf-8") as out:
        for i, (lang, text) in enumerate(news_texts(docs, rng)):
            words = [(m, m + len(w)) for m, w in _words(text)]
            spans = []
            for start_at in sorted(rng.sample(range(len(words) - 1), 20)):
                pair = rng.random() < 0.3  # names of two words: «فلاديمير بوتين»
                start, end = words[start_at][0], words[start_at + pair][1]
                if not spans or start >= spans[-1]["end"]:
                    spans.append(
                        {"start": start, "end": end, "label": rng.choice(["actor", "topic"])}
                    )
                    texts.add(text[start:end])
            record = {"id": f"r{i:06d}", "text": text, "lang": lang, "annotator": "sara",
                      "spans": spans}  # fmt: skip
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with Project.open(path) as project:
        Importer(project).run([source], ImportOptions(format="jsonl", normalize=False))
    return len(texts)


def _words(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for word in text.split(" "):
        stripped = word.strip('،.,:؛«»"()\n')
        if stripped and "\n" not in stripped:
            out.append((at + word.index(stripped), stripped))
        at += len(word) + 1
    return out


def measure(path: Path, repeat: int) -> dict[str, float]:
    import regex

    from annotator.core.services.suggestions import Patterns, Suggester
    from annotator.core.store.project import Project

    with Project.open(path, create=False) as project:
        builds = []
        for _ in range(repeat):
            regex.purge()  # compiled afresh each time, as in the window's worker
            cpu = time.process_time()
            patterns = Patterns.build(project, "sara")
            builds.append(time.process_time() - cpu)
        figures = {"build_s": statistics.median(builds)}
        by_lang: dict[str, list[int]] = {"ar": [], "fa": []}
        for doc_id, _ext in project.documents.ext_ids():
            lang = project.documents.get(doc_id).lang
            if len(by_lang.get(lang, [1] * 200)) < 200:
                by_lang[lang].append(doc_id)
        suggester = Suggester(project, "sara", patterns)
        for lang, ids in by_lang.items():
            times = []
            for doc_id in ids:
                doc = project.documents.get(doc_id)
                cpu = time.process_time()
                suggester.for_document(doc, spans=[])
                times.append(time.process_time() - cpu)
            times.sort()
            figures[f"{lang}_median_ms"] = 1000 * statistics.median(times)
            figures[f"{lang}_p90_ms"] = 1000 * times[int(0.9 * (len(times) - 1))]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "repeats.seedproj"
        distinct = make_project(path, args.docs)
        figures = measure(path, args.repeat)
    print(f"{args.docs} articles, {distinct} distinct tagged texts; CPU:")
    print(f"  patterns built (median of {args.repeat})      {figures['build_s']:7.3f} s")
    for lang in ("ar", "fa"):
        print(
            f"  one {lang} article's suggestions, median / p90 "
            f"{figures[f'{lang}_median_ms']:7.2f} / {figures[f'{lang}_p90_ms']:.2f} ms"
        )


if __name__ == "__main__":
    main()
