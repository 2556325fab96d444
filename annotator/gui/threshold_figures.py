"""Held-out precision and recall of a label's suggestions at a threshold, from the figures
the evaluation stored (`Evaluation.as_dict()["labels"][label]`).

The evaluation keeps two points per label: every prediction (threshold 0) and the threshold
it chose. At any other threshold nothing was measured, and nothing is made up: None.
"""

from __future__ import annotations

from typing import Any

SAME = 1e-6


Figures = tuple[float | None, float | None]


def at_threshold(score: dict[str, Any] | None, threshold: float) -> Figures:
    if score is None:
        return None, None
    if abs(threshold - float(score["threshold"])) < SAME:
        return float(score["precision_at_threshold"]), float(score["recall_at_threshold"])
    if threshold < SAME:
        return float(score["precision"]), float(score["recall"])
    return None, None
