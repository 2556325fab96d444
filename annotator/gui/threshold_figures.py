"""Held-out precision and recall of a label's suggestions at a threshold, from the figures
the evaluation stored (`Evaluation.as_dict()["labels"][label]`).

An evaluation keeps each label's precision-recall curve (`pr_curve`): any threshold is read
off it, as measured on the held-out predictions. A model stored before evaluations kept the
curve has two points per label, every prediction (threshold 0) and the threshold it chose;
at any other threshold nothing was measured, and nothing is made up: None.
"""

from __future__ import annotations

from typing import Any

from annotator.core.learn.evaluate import at_threshold as on_curve

SAME = 1e-6
Figures = tuple[float | None, float | None]


def at_threshold(score: dict[str, Any] | None, threshold: float) -> Figures:
    if score is None:
        return None, None
    curve = score.get("pr_curve")
    if isinstance(curve, list) and curve:
        return on_curve(curve, threshold)
    if abs(threshold - float(score["threshold"])) < SAME:
        return float(score["precision_at_threshold"]), float(score["recall_at_threshold"])
    if threshold < SAME:
        return float(score["precision"]), float(score["recall"])
    return None, None
