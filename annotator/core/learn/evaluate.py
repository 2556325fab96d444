"""How good the model is on annotations it did not see, as INCEpTION measures recommenders.

k-fold over the finished documents (gold, then the analyst's done ones): each fold is held
out once while a model trained on the rest predicts it. A prediction counts as right only if
start, end and label all equal a stored span (exact match), so the figures are what an
analyst would see accepting suggestions as they are. The held-out predictions with their
confidences also choose each label's threshold: the lowest confidence at which the
predictions kept reach the target precision (0.8), which keeps the most recall.

Each label also keeps its precision-recall curve from the same held-out predictions: the
precision and recall of what a threshold keeps, at every threshold that keeps something
else (confidences rounded down to CURVE_STEP), so the window and the command line report
any threshold the analyst picks from measurements, not only the chosen one.

Thresholds and curves are measured where the window shows the model's suggestions: not at
a place the rules propose first. A text tagged in the training documents is proposed again
wherever it occurs (the "repeat" rule), and a model's suggestion overlapping it is never
shown; those are the model's easiest predictions. Chosen over all predictions, a threshold
for precision 0.8 let through 48% right suggestions in a measured session
(benchmarks/acceptance.py). So a held-out prediction (and a gold span) overlapping a
whole-word occurrence of a text the analyst tagged in its fold's training side (the rule
reads their own spans, not gold) is left out of them; a label whose every prediction the
rules would propose is measured over all. Precision, recall and F1 per label still count
every prediction: the model's quality.

The learning curve trains on growing parts of one split's training side and scores the
same held-out fold: does more annotation still pay?
"""

from __future__ import annotations

import bisect
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import Cancelled
from annotator.core.learn.crf import (
    DEFAULT_MAX_TOKENS,
    DEFAULT_THRESHOLD,
    FEATURES_VERSION,
    TARGET_PRECISION,
    Context,
    IsCancelled,
    ModelInfo,
    NotEnoughData,
    Prepared,
    Progress,
    TrainedModel,
    fit,
    prepare,
)
from annotator.core.learn.data import examples
from annotator.core.model import GOLD
from annotator.core.store.project import Project
from annotator.core.text.repeats import Repeats

MIN_DOCUMENTS = 4  # fewer cannot be split into a training and a held-out part worth scoring
CURVE_STEP = 0.001  # finer than the window's threshold box (two decimals): exact there
CURVE_SIZES = (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


@dataclass(frozen=True)
class LabelScore:
    label: str
    support: int  # spans of the label in the held-out documents
    predicted: int
    correct: int
    threshold: float  # chosen for the target precision
    precision_at_threshold: float
    recall_at_threshold: float
    # (threshold, precision, recall), thresholds ascending: what `confidence >= threshold`
    # keeps; between two points the higher one's figures hold (see `at_threshold`)
    pr_curve: tuple[tuple[float, float, float], ...] = ()

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class CurvePoint:
    documents: int  # training documents
    f1: float  # micro F1 over all labels on the held-out fold (exact match)
    per_label: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    documents: int
    folds: int
    target_precision: float
    labels: tuple[LabelScore, ...]
    curve: tuple[CurvePoint, ...]

    @property
    def micro(self) -> tuple[float, float, float]:
        predicted = sum(s.predicted for s in self.labels)
        correct = sum(s.correct for s in self.labels)
        support = sum(s.support for s in self.labels)
        p = correct / predicted if predicted else 0.0
        r = correct / support if support else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def thresholds(self) -> dict[str, float]:
        return {s.label: s.threshold for s in self.labels}

    def as_dict(self) -> dict[str, Any]:
        p, r, f = self.micro
        return {
            "documents": self.documents, "folds": self.folds,
            "target_precision": self.target_precision,
            "micro": {"precision": p, "recall": r, "f1": f},
            "labels": {
                s.label: {
                    "support": s.support, "predicted": s.predicted, "correct": s.correct,
                    "precision": s.precision, "recall": s.recall, "f1": s.f1,
                    "threshold": s.threshold,
                    "precision_at_threshold": s.precision_at_threshold,
                    "recall_at_threshold": s.recall_at_threshold,
                    "pr_curve": [list(point) for point in s.pr_curve],
                }
                for s in self.labels
            },
            "thresholds": self.thresholds(),
            "curve": [
                {"documents": c.documents, "f1": c.f1, "per_label": c.per_label}
                for c in self.curve
            ],
        }  # fmt: skip


Scored = tuple[str, float, bool]  # label, confidence, right


def _score(model: TrainedModel, held_out: Sequence[Prepared]) -> tuple[list[Scored], dict]:
    """Every prediction on the held-out documents, and the gold count per label."""
    scored, support, _shown, _shown_support = _score_shown(model, held_out, None)
    return scored, support


def _score_shown(
    model: TrainedModel, held_out: Sequence[Prepared], rules: Repeats | None
) -> tuple[list[Scored], dict[str, int], list[Scored], dict[str, int]]:
    """`_score`, and the same for what the window would show: the predictions, and gold
    spans, that overlap no place `rules` finds (the texts the repeat rule proposes)."""
    scored: list[Scored] = []
    support: dict[str, int] = {}
    shown: list[Scored] = []
    shown_support: dict[str, int] = {}
    for p in held_out:
        doc = p.example.document
        found = () if rules is None else rules.find(doc.text, doc.lang)
        claimed = [(start, end) for start, end, _label in found]
        gold = set(p.example.spans)
        for start, end, label in gold:
            support[label] = support.get(label, 0) + 1
            if not _overlaps(claimed, start, end):
                shown_support[label] = shown_support.get(label, 0) + 1
        for pred in model.predict(p.example.document, p.tokens):
            row = (pred.label, pred.confidence, (pred.start, pred.end, pred.label) in gold)
            scored.append(row)
            if not _overlaps(claimed, pred.start, pred.end):
                shown.append(row)
    return scored, support, shown, shown_support


def _overlaps(claimed: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a span overlaps any of the sorted, non-overlapping `claimed` ones."""
    i = bisect.bisect_left(claimed, (end, end))  # the first that starts at or past the end
    return i > 0 and claimed[i - 1][1] > start


def _taught(train_part: Sequence[Prepared]) -> Repeats:
    """The texts the analyst tagged in the training side: what the repeat rule, which
    reads the analyst's own spans (not gold), would propose (its spellings, its proclitics
    and as many texts as it searches)."""
    counts = Counter(
        (p.example.document.text[s:e], label)
        for p in train_part
        if p.example.layer != GOLD
        for s, e, label in p.example.spans
    )
    return Repeats.build((text, label, n) for (text, label), n in counts.items())


def choose_threshold(
    scored: Sequence[tuple[float, bool]], support: int, target: float = TARGET_PRECISION
) -> tuple[float, float, float]:
    """(threshold, precision, recall) keeping predictions at or above the threshold: the
    lowest threshold whose precision reaches the target, else the one of best precision;
    when none of them was right, 1.0 (suggest nothing: every one shown would have been a
    wrong one for the analyst to reject)."""
    if not scored:
        return DEFAULT_THRESHOLD, 0.0, 0.0
    ranked = sorted(scored, key=lambda x: -x[0])
    best: tuple[float, float, float] | None = None
    best_precision = (-1.0, 0.0, 0.0, 0.0)
    right = 0
    for n, (confidence, ok) in enumerate(ranked, start=1):
        right += ok
        if n < len(ranked) and ranked[n][0] == confidence:
            continue  # a threshold keeps every prediction of the same confidence
        precision, recall = right / n, (right / support if support else 0.0)
        if precision >= target:
            best = (confidence, precision, recall)
        if precision >= best_precision[0]:
            best_precision = (precision, confidence, precision, recall)
    if best is not None:
        return best
    if right == 0:
        return 1.0, 0.0, 0.0
    return best_precision[1], best_precision[2], best_precision[3]


def short_of_target(
    evaluation: dict[str, Any], in_use: dict[str, float] | None = None
) -> tuple[list[str], list[str]]:
    """Labels whose chosen threshold did not reach the target precision (an evaluation's
    dict): (chosen at their best precision, below the target; none of whose suggestions
    was right where the window shows them, so none is shown). The window and the command
    line say which, rather than let "the lowest that reached the target" stand for every
    label. A label whose threshold the analyst has since moved (`in_use`, the model's
    thresholds now) is theirs: what the training chose no longer says what is shown."""
    target = float(evaluation["target_precision"])
    best, none = [], []
    for label, score in dict(evaluation.get("labels", {})).items():
        if not score.get("predicted"):
            continue  # nothing predicted on held-out documents: nothing to choose from
        chosen = float(score["threshold"])
        if in_use is not None and abs(in_use.get(label, chosen) - chosen) > 1e-9:
            continue
        if chosen >= 1.0 and not float(score["precision_at_threshold"]):
            none.append(label)
        elif float(score["precision_at_threshold"]) < target:
            best.append(label)
    return best, none


def precision_recall_curve(
    scored: Sequence[tuple[float, bool]], support: int
) -> tuple[tuple[float, float, float], ...]:
    """(threshold, precision, recall) of the predictions with confidence >= threshold, one
    point per distinct confidence (rounded down to CURVE_STEP), thresholds ascending."""
    steps = round(1 / CURVE_STEP)
    ranked = sorted(((math.floor(c * steps + 1e-9) / steps, ok) for c, ok in scored), reverse=True)
    points: list[tuple[float, float, float]] = []
    right = 0
    for n, (threshold, ok) in enumerate(ranked, start=1):
        right += ok
        if n < len(ranked) and ranked[n][0] == threshold:
            continue
        recall = right / support if support else 0.0
        points.append((threshold, round(right / n, 4), round(recall, 4)))
    return tuple(reversed(points))


def at_threshold(curve: Sequence[Sequence[float]], threshold: float) -> tuple[float | None, float]:
    """(precision, recall) of what `threshold` keeps, read off a label's `pr_curve`:
    the figures of its lowest point at or above the threshold. Nothing kept: (None, 0.0),
    as a precision of nothing is not a number to show."""
    thresholds = [float(point[0]) for point in curve]
    i = bisect.bisect_left(thresholds, threshold - 1e-9)
    if i == len(curve):
        return None, 0.0
    return float(curve[i][1]), float(curve[i][2])


def _label_scores(
    scored: list[Scored],
    support: dict[str, int],
    labels: Sequence[str],
    target: float,
    shown: list[Scored] | None = None,
    shown_support: dict[str, int] | None = None,
) -> tuple[LabelScore, ...]:
    """Per label: precision, recall and F1 of every prediction; the threshold and the
    curve from what the window would show (`shown`; all of them when not given)."""
    if shown is None or shown_support is None:
        shown, shown_support = scored, support
    out = []
    for label in labels:
        mine = [(c, ok) for lab, c, ok in scored if lab == label]
        if not mine and not support.get(label):
            continue
        seen = [(c, ok) for lab, c, ok in shown if lab == label]
        gold = shown_support.get(label, 0)
        if not seen:  # the rules propose every one: measured over all of them, as before
            seen, gold = mine, support.get(label, 0)
        threshold, p_at, r_at = choose_threshold(seen, gold, target)
        out.append(
            LabelScore(
                label, support.get(label, 0), len(mine), sum(ok for _c, ok in mine),
                threshold, p_at, r_at, precision_recall_curve(seen, gold),
            )
        )  # fmt: skip
    return tuple(out)


def _micro_f1(scored: list[Scored], support: dict[str, int]) -> tuple[float, dict[str, float]]:
    def f1(rows: list[Scored], gold: int) -> float:
        right = sum(ok for _l, _c, ok in rows)
        p = right / len(rows) if rows else 0.0
        r = right / gold if gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    per_label = {
        label: round(f1([s for s in scored if s[0] == label], n), 4)
        for label, n in sorted(support.items())
    }
    return round(f1(scored, sum(support.values())), 4), per_label


def evaluate_prepared(
    prepared: Sequence[Prepared],
    context: Context,
    labels: Sequence[str],
    *,
    folds: int = 5,
    curve: bool = True,
    target: float = TARGET_PRECISION,
    seed: int = 0,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    max_tokens: int | None = DEFAULT_MAX_TOKENS,
) -> Evaluation:
    """The evaluation of already prepared documents (the benchmark calls this directly)."""
    if len(prepared) < MIN_DOCUMENTS:
        raise NotEnoughData(
            f"an evaluation needs at least {MIN_DOCUMENTS} finished documents "
            f"({len(prepared)} so far)"
        )
    order = list(prepared)
    random.Random(seed).shuffle(order)
    k = max(2, min(folds, len(order)))
    parts = [order[i::k] for i in range(k)]
    # the learning curve's training side; past the documents one training's budget holds,
    # every point would be the same model
    train_side = [p for part in parts[1:] for p in part]
    last_point = _within(train_side, max_tokens)
    sizes = [n for n in CURVE_SIZES if n < last_point] if curve else []
    steps = k + len(sizes) + (1 if curve else 0)
    done = 0
    info = ModelInfo("evaluation", tuple(labels), FEATURES_VERSION)

    def model_of(train_part: Sequence[Prepared]) -> TrainedModel | None:
        nonlocal done
        if cancelled is not None and cancelled():
            raise Cancelled("the evaluation was stopped")
        try:
            data = fit(train_part, None, cancelled, max_tokens)
        except NotEnoughData:
            data = None
        done += 1
        if progress is not None:
            progress(done, steps)
        return None if data is None else TrainedModel(data, info, context)

    scored: list[Scored] = []
    support: dict[str, int] = {}
    shown: list[Scored] = []
    shown_support: dict[str, int] = {}
    for i, held_out in enumerate(parts):
        train_part = [p for j, part in enumerate(parts) if j != i for p in part]
        model = model_of(train_part)
        if model is None:
            _none, fold_support = _score_support(held_out)
            fold_shown_support = fold_support
        else:
            fold_scored, fold_support, fold_shown, fold_shown_support = _score_shown(
                model, held_out, _taught(train_part)
            )
            scored.extend(fold_scored)
            shown.extend(fold_shown)
        for label, n in fold_support.items():
            support[label] = support.get(label, 0) + n
        for label, n in fold_shown_support.items():
            shown_support[label] = shown_support.get(label, 0) + n
    points: list[CurvePoint] = []
    if curve:
        held_out = parts[0]
        for n in [*sizes, last_point]:
            model = model_of(train_side[:n])
            if model is None:
                points.append(CurvePoint(n, 0.0))
                continue
            f1, per_label = _micro_f1(*_score(model, held_out))
            points.append(CurvePoint(n, f1, per_label))
    return Evaluation(
        len(order), k, target,
        _label_scores(scored, support, labels, target, shown, shown_support), tuple(points),
    )  # fmt: skip


def _within(prepared: Sequence[Prepared], max_tokens: int | None) -> int:
    """How many of the documents, in order, a training's token budget surely reads (a few
    more where `crf.line_sequences` samples lines without a span away)."""
    if max_tokens is None:
        return len(prepared)
    total = 0
    for n, p in enumerate(prepared):
        total += len(p.tokens)
        if total > max_tokens:
            return max(1, n)
    return len(prepared)


def _score_support(held_out: Sequence[Prepared]) -> tuple[None, dict[str, int]]:
    support: dict[str, int] = {}
    for p in held_out:
        for _s, _e, label in p.example.spans:
            support[label] = support.get(label, 0) + 1
    return None, support


def evaluate(
    project: Project,
    annotator: str,
    *,
    folds: int = 5,
    curve: bool = True,
    target: float = TARGET_PRECISION,
    context: Context | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    max_tokens: int | None = DEFAULT_MAX_TOKENS,
) -> Evaluation:
    """k-fold evaluation of the model `train` would make, on the same documents (each
    fold's training within the same token budget).

    Costs about k + the curve's points trainings (each on fewer documents than `train`):
    run it where `train` runs (a process, not a thread: see `train`).
    `progress(done, total)` counts trainings.
    """
    context = context or Context.of(project)
    labels = sorted(project.labels.names())
    items = examples(project, annotator, cancelled)
    prepared = prepare(items, context, cancelled, keep_features=False)
    return evaluate_prepared(
        prepared, context, labels, folds=folds, curve=curve, target=target,
        progress=progress, cancelled=cancelled, max_tokens=max_tokens,
    )  # fmt: skip
