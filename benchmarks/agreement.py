"""Speed of the agreement report: `cd benchmarks && python agreement.py [--docs N] [--runs R]`.

Generates (seeded) 3 annotators x 10,000 documents x 20 spans each on whole words of ~510
Persian/Arabic words (~3,000 characters) per document, any two annotators marking ~70% of
their spans identically (the rest moved by a word, relabelled, or marked elsewhere), then
times agreement_report (tokenization included) and pair_disagreements for one pair.
Target: agreement_report <= 3 s (median) on the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from common import LABELS, SEED, paragraphs

sys.path.append(str(Path(__file__).resolve().parents[1]))

from annotator.core.review import (
    AgreementInput,
    SpanColumns,
    agreement_report,
    pair_disagreements,
)

TARGET_S = 3.0
ANNOTATORS = ("ali", "sara", "reza")
KEEP = 0.84  # each annotator keeps a base span as is: two agree on ~0.84^2 = 70%


def vocabulary() -> tuple[list[str], list[str]]:
    return [" ".join(paragraphs(lang)).split() for lang in ("fa", "ar")]  # type: ignore[return-value]


def make_input(docs: int, spans: int, words: int = 510, seed: int = SEED) -> AgreementInput:
    """Texts of `words` seed words each; spans of 1-3 words, each annotator's a variation
    of one base set per document."""
    rng = np.random.default_rng(seed)
    pools = [np.array(v, dtype=object) for v in vocabulary()]
    texts: list[str] = []
    rows: dict[str, list[np.ndarray]] = {a: [] for a in ANNOTATORS}
    for d in range(docs):
        chosen = pools[d % 2][rng.integers(0, len(pools[d % 2]), words)].tolist()
        lens = np.fromiter(map(len, chosen), dtype=np.int64, count=words)
        starts = np.concatenate([[0], np.cumsum(lens + 1)[:-1]])
        ends = starts + lens
        texts.append(" ".join(chosen))
        slots = np.sort(rng.choice(np.arange(0, words - 4, 5), spans, replace=False))
        base_len = rng.integers(1, 4, spans)
        base_label = rng.integers(0, len(LABELS), spans)
        for a in ANNOTATORS:
            w0, n, label = slots.copy(), base_len.copy(), base_label.copy()
            roll = rng.random(spans)
            moved = (roll >= KEEP) & (roll < KEEP + 0.055)
            n[moved] = np.maximum(1, n[moved] + rng.choice([-1, 1], moved.sum()))
            relabelled = (roll >= KEEP + 0.055) & (roll < KEEP + 0.11)
            other = label[relabelled] + rng.integers(1, len(LABELS), relabelled.sum())
            label[relabelled] = other % len(LABELS)
            elsewhere = roll >= KEEP + 0.11
            w0[elsewhere] = rng.integers(0, words - 4, elsewhere.sum())
            n[elsewhere] = rng.integers(1, 4, elsewhere.sum())
            rows[a].append(
                np.stack([np.full(spans, d), starts[w0], ends[w0 + n - 1], label], axis=1)
            )
    spans_by = {}
    for a in ANNOTATORS:
        table = np.concatenate(rows[a])
        spans_by[a] = SpanColumns(
            table[:, 0].astype(np.int32), table[:, 1], table[:, 2], table[:, 3].astype(np.int16)
        )
    return AgreementInput(
        documents=[f"doc-{i:06d}" for i in range(docs)],
        texts=texts,
        labels=list(LABELS),
        annotators=list(ANNOTATORS),
        spans=spans_by,
        worked={a: np.ones(docs, dtype=bool) for a in ANNOTATORS},
    )


def timed[T](runs: int, work: Callable[[], T]) -> tuple[float, T]:
    """Median seconds of `runs` calls, and the last result."""
    times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--spans", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    inp = make_input(args.docs, args.spans)
    built = time.perf_counter() - started
    chars = sum(map(len, inp.texts))
    median, report = timed(args.runs, lambda: agreement_report(inp))
    pair_s, listed = timed(args.runs, lambda: pair_disagreements(inp, "ali", "sara"))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"agreement_report: {len(ANNOTATORS)} annotators x {args.docs} documents x "
        f"{args.spans} spans, {chars:,} characters, {report.tokens:,} tokens "
        f"(input built in {built:.1f} s)"
    )
    verdict = "ok" if median <= TARGET_S else "OVER TARGET"
    print(f"  median {median:.2f} s of {args.runs} (target <= {TARGET_S} s: {verdict})")
    print(f"  pair_disagreements(ali, sara): {pair_s:.2f} s, {len(listed):,} disagreements")
    print(f"  peak RSS {rss:.0f} MB")
    for pair in report.pairs:
        print(
            f"  {pair.a}/{pair.b}: F1 exact {number(pair.f1_exact.micro)}, "
            f"overlap {number(pair.f1_overlap.micro)}, "
            f"Cohen's kappa {number(pair.cohen_kappa.value)}"
        )
    unitizing = report.alpha_unitizing
    per_label = ", ".join(f"{k} {number(v.value)}" for k, v in unitizing.per_label.items())
    print(
        f"  Fleiss' kappa {number(report.fleiss_kappa.value)}, "
        f"Krippendorff's alpha {number(report.krippendorff_alpha.value)}, "
        f"alpha_U {number(unitizing.overall.value)} ({per_label})"
    )
    worst = report.ranking[0]
    print(f"  worst document {worst.doc}: disagreement {number(worst.disagreement)}")


def number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    main()
