"""Train / dev / test splits by document: reproducible from a seed, optionally stratified.

By document, never by line: an article's spans from two annotators must not land in train
and test at once. Stratified by label presence: documents are grouped by the set of labels
they carry, and each group is cut in the same proportions, so a rare label is not left out
of dev or test by chance.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from annotator.core.errors import AnnotatorError


@dataclass(frozen=True)
class SplitSpec:
    parts: tuple[tuple[str, float], ...]  # (name, share) in the order given
    seed: int = 0
    stratify: bool = False

    @classmethod
    def parse(cls, text: str, seed: int = 0, stratify: bool = False) -> SplitSpec:
        """`train=0.8,dev=0.1,test=0.1` (shares may also be percentages that sum to 100)."""
        parts: list[tuple[str, float]] = []
        for item in text.split(","):
            name, sep, value = item.strip().partition("=")
            if not sep or not name.strip():
                raise AnnotatorError(f"--split: expected name=share, got {item.strip()!r}")
            try:
                share = float(value)
            except ValueError:
                raise AnnotatorError(f"--split: {value!r} is not a number") from None
            if share < 0:
                raise AnnotatorError(f"--split: {name} has a negative share")
            if not name.strip().isidentifier():
                raise AnnotatorError(f"--split: {name!r} cannot be part of a file name")
            parts.append((name.strip(), share))
        names = [n for n, _ in parts]
        if len(set(names)) != len(names):
            raise AnnotatorError("--split: a split is named twice")
        total = sum(s for _, s in parts)
        if abs(total - 100) < 1e-6:
            parts = [(n, s / 100) for n, s in parts]
        elif abs(total - 1) > 1e-6:
            raise AnnotatorError(f"--split: the shares add up to {total:g}, not 1 (or 100)")
        return cls(tuple(parts), seed, stratify)


def _cut(count: int, shares: list[float]) -> list[int]:
    """How many of `count` items each part gets: largest remainder, so they sum to count."""
    exact = [count * s for s in shares]
    sizes = [int(x) for x in exact]
    left = count - sum(sizes)
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - sizes[i]), i))
    for i in order[:left]:
        sizes[i] += 1
    return sizes


def assign(
    keys: Iterable[str], spec: SplitSpec, groups: Mapping[str, Hashable] | None = None
) -> dict[str, str]:
    """Document key -> split name. The same keys, spec and groups always give the same
    answer, whatever order the keys come in."""
    ordered = sorted(set(keys))
    names = [n for n, _ in spec.parts]
    shares = [s for _, s in spec.parts]
    if spec.stratify and groups is not None:
        by_group: dict[str, list[str]] = {}
        for key in ordered:
            by_group.setdefault(repr(groups.get(key)), []).append(key)
        batches = [by_group[g] for g in sorted(by_group)]
    else:
        batches = [ordered]
    rng = random.Random(spec.seed)
    line: list[str] = []
    for batch in batches:
        rng.shuffle(batch)
        line += batch
    # Kronecker (golden ratio) scores: any run of consecutive positions, such as one
    # label group, gets scores spread evenly over [0, 1), so every group is cut in about
    # the split's proportions, and sorting by score then cutting keeps the totals exact.
    scores = {key: ((p + 0.5) * _PHI) % 1.0 for p, key in enumerate(line)}
    ranked = sorted(line, key=scores.__getitem__)
    out: dict[str, str] = {}
    start = 0
    for name, size in zip(names, _cut(len(ranked), shares), strict=True):
        for key in ranked[start : start + size]:
            out[key] = name
        start += size
    return out


_PHI = (5**0.5 - 1) / 2
