"""Suggestions that learn: a CRF trained on the project's own annotations (issue 15). No Qt.

The API the window and the command line use (keep it stable; extend, don't rename):

    train(project, annotator, *, context=None, thresholds=None, evaluation=None,
          progress=None, cancelled=None, max_tokens=DEFAULT_MAX_TOKENS) -> TrainedModel
        gold documents first, then the annotator's own done ones (`data.training_documents`).
        crfsuite holds the GIL while training: from the window, use TrainingJob (a process).
    evaluate(project, annotator, *, folds=5, curve=True, target=0.8, ...) -> Evaluation
        k-fold exact-match precision / recall / F1 per label, a learning curve, and the
        threshold per label that reaches precision 0.8 on held-out documents
        (`Evaluation.thresholds()`, `Evaluation.as_dict()`), and each label's
        precision-recall curve of the held-out predictions (`LabelScore.pr_curve`, read with
        `evaluate.at_threshold(curve, threshold)`).
    TrainedModel.predict(doc) -> list[Prediction(start, end, label, text, confidence)]
        code point offsets into the stored text, on the window's token edges; confidence is
        the minimum marginal of the span's tags (see `Prediction`).
    TrainedModel.suggestions(doc) -> the predictions that pass their label's threshold.
    TrainedModel.uncertainty(doc) -> Uncertainty(document_id, score, expected_errors, tokens)
        for ordering the document list (highest score first), active-learning style.
    rank_documents(project, model, ids=None, *, include_finished=False, progress, cancelled)
        -> [Uncertainty], most uncertain first (a worker thread will do: see `active`).
    with_thresholds(model, {label: value}) -> TrainedModel   (the window's slider; then save)
    ModelStore(models_dir).save(project, model) / .load(project, annotator) -> model | None
        / .state(project, annotator) -> ModelState(state, why, info)
        / .set_thresholds(project, model, {label: value}) -> model (stored)
        models live in the per-user data folder, never in the project (see `storage`); a
        model is stale when the project's labels change.
    TrainingJob(project_path, annotator, models_dir).start() / progress() / done() /
        result() / cancel()  (train + evaluate + save in a spawned process)
    training_documents(project, annotator) -> [(document id, whose spans)]  (cheap: to
        decide when enough new work came in to retrain)

The window's suggestions get the model as a fourth source: `Suggester(project, annotator,
patterns, model=model)` proposes its predictions after the rules' (registry, repeat, date),
with `attrs["confidence"]`, and never one the analyst decided on before.
"""

from annotator.core.learn.active import rank_documents
from annotator.core.learn.background import TrainingJob
from annotator.core.learn.crf import (
    DEFAULT_THRESHOLD,
    FEATURES_VERSION,
    TARGET_PRECISION,
    Context,
    ModelInfo,
    NotEnoughData,
    Prediction,
    TrainedModel,
    Uncertainty,
    train,
    with_thresholds,
)
from annotator.core.learn.data import Example, examples, training_documents
from annotator.core.learn.evaluate import CurvePoint, Evaluation, LabelScore, evaluate
from annotator.core.learn.storage import ModelState, ModelStore

__all__ = [
    "DEFAULT_THRESHOLD",
    "FEATURES_VERSION",
    "TARGET_PRECISION",
    "Context",
    "CurvePoint",
    "Evaluation",
    "Example",
    "LabelScore",
    "ModelInfo",
    "ModelState",
    "ModelStore",
    "NotEnoughData",
    "Prediction",
    "TrainedModel",
    "TrainingJob",
    "Uncertainty",
    "evaluate",
    "examples",
    "rank_documents",
    "train",
    "training_documents",
    "with_thresholds",
]
