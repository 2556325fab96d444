"""Held-out precision and recall of a label's suggestions at a threshold, from the figures
the evaluation stored (`Evaluation.as_dict()["labels"][label]`).

With the held-out predictions' points (`points`: [confidence, right] pairs, when the
evaluation keeps them) any threshold is measured: what it keeps, how much of it is right,
how much of the label's held-out spans that finds. Without them the evaluation has two
points per label, every prediction (threshold 0) and the threshold it chose; at any other
threshold nothing was measured, and nothing is made up: None.
"""

from __future__ import annotations

from typing import Any

SAME = 1e-6
Figures = tuple[float | None, float | None]


def at_threshold(score: dict[str, Any] | None, threshold: float) -> Figures:
    if score is None:
        return None, None
    points = score.get("points")
    if isinstance(points, list) and points:
        kept = [bool(right) for confidence, right in points if float(confidence) >= threshold]
        right = sum(kept)
        support = int(score["support"])
        return (right / len(kept) if kept else None), (right / support if support else None)
    if abs(threshold - float(score["threshold"])) < SAME:
        return float(score["precision_at_threshold"]), float(score["recall_at_threshold"])
    if threshold < SAME:
        return float(score["precision"]), float(score["recall"])
    return None, None
