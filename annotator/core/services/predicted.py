"""Outside models' imported predictions as suggestions, the least trusted source.

A rule (a registry alias, a repeat of the analyst's own tag, a date) has been right on this
project's kind of text; an outside model was trained elsewhere. So predictions come after
the rules: where a rule proposes something, an overlapping prediction is not shown. Each
model is a source of its own (`model:<name>`), so its acceptance rate is counted apart, and
a prediction the analyst rejected never comes back (the decision is kept by place and label,
as for every suggestion).

A minimum score per label (`annotator predictions min-score`) hides the model's less sure
predictions; where a minimum applies, a prediction without a score is hidden too, since
nothing says it clears the bar.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document
from annotator.core.store.project import Project

PREFIX = "model:"  # a suggestion's source: model:<name>
MIN_SCORE = "prediction_min_score"  # project setting: {label or "*": minimum score}
ANY_LABEL = "*"
# What a prediction's suggestion carries for the analyst's eyes only: not stored with the
# span an accept makes (the label's kind computes its value then, as for a tagged span).
SHOWN_ONLY = ("confidence", "model", "model_version")


def source_of(model: str) -> str:
    return f"{PREFIX}{model}"


def is_prediction(source: str) -> bool:
    return source.startswith(PREFIX)


def min_scores(project: Project) -> dict[str, float]:
    value = project.settings.get(MIN_SCORE) or {}
    if not isinstance(value, dict):
        return {}
    return {
        str(k): float(v)
        for k, v in value.items()
        if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
    }


def set_min_score(project: Project, score: float | None, label: str = ANY_LABEL) -> None:
    """Set (or with None clear) the minimum score of a label's predictions; `*` for every
    label without one of its own."""
    if label != ANY_LABEL and label not in project.labels.names():
        raise AnnotatorError(f"unknown label {label!r}")
    if score is not None and not math.isfinite(score):
        # nothing is >= NaN: it would hide every prediction of the label
        raise AnnotatorError(f"the minimum score must be a finite number, not {score}")
    scores = min_scores(project)
    if score is None:
        scores.pop(label, None)
    else:
        scores[label] = float(score)
    with project.transaction():
        project.settings.set(MIN_SCORE, scores)


def passes(label: str, score: float | None, minimums: Mapping[str, float]) -> bool:
    bar = minimums.get(label, minimums.get(ANY_LABEL))
    if bar is None:
        return True
    return score is not None and score >= bar


def predicted(
    project: Project, doc: Document, minimums: Mapping[str, float] | None = None
) -> Iterator[tuple[int, int, str, str, str, dict[str, Any]]]:
    """(start, end, label, text, source, attrs) of each prediction on the document that
    clears its label's minimum score, most confident first."""
    if minimums is None:
        minimums = min_scores(project)
    labels = project.labels.names()
    text = doc.text
    for p in project.predictions.for_document(doc.id):
        if p.label not in labels or p.end > len(text) or not passes(p.label, p.score, minimums):
            continue
        attrs: dict[str, Any] = dict(p.attrs)
        attrs["model"] = p.model
        if p.version is not None:
            attrs["model_version"] = p.version
        if p.score is not None:
            attrs["confidence"] = p.score
        yield p.start, p.end, p.label, text[p.start : p.end], source_of(p.model), attrs


def stored_attrs(source: str, attrs: dict[str, Any]) -> dict[str, Any] | None:
    """What an accepted suggestion's span keeps: a prediction keeps the attributes its file
    gave (None when it gave none: the label's kind computes them, a date's value for one);
    every other source's are the span's."""
    if not is_prediction(source):
        return attrs
    kept = {k: v for k, v in attrs.items() if k not in SHOWN_ONLY}
    return kept or None
