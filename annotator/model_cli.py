"""`annotator model train|evaluate|suggest`: the learned suggestions from the command line.

Models live in this user's data folder (`paths.models_dir()`), one per project file and
annotator; see `annotator.core.learn.storage` for why never in the project.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from annotator import paths
from annotator.cli_common import analyst_name, fail, open_project, project_option
from annotator.core.errors import AnnotatorError

ANNOTATOR_HELP = "Whose model (default: your analyst name, as the window uses it)."


def _options(func: Any) -> Any:
    func = project_option(func)
    return click.option("--annotator", default=None, help=ANNOTATOR_HELP)(func)


def _progress(stage: str) -> Any:
    """One line per step on standard error: training is long and its steps uneven."""
    shown: dict[str, int] = {"last": -1}

    def tick(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent // 10 != shown["last"] // 10 or done == total:
            shown["last"] = percent
            click.echo(f"{stage}: {done}/{total}", err=True)

    return tick


def _max_tokens_option(func: Any) -> Any:
    """The same budget for `train` and `evaluate`: an evaluation's folds are trained as
    `train` would train, so its figures describe the model the same budget makes."""
    return click.option(
        "--max-tokens",
        type=click.IntRange(min=0),
        default=None,
        help="Tokens one training reads at most, newest finished documents first "
        "(default 150,000, ~30 s of CPU; 0: every document, however long it takes).",
    )(func)


def _budget(max_tokens: int | None) -> int | None:
    """The option's value as the core takes it: None reads every document."""
    from annotator.core.learn.crf import DEFAULT_MAX_TOKENS

    return DEFAULT_MAX_TOKENS if max_tokens is None else (max_tokens or None)


@click.group("model")
def model_group() -> None:
    """A model that learns suggestions from the project's own finished documents."""


@model_group.command("train")
@_options
@click.option("--no-evaluate", is_flag=True, help="Skip the k-fold evaluation (no thresholds).")
@click.option("--folds", default=5, show_default=True, type=click.IntRange(min=2))
@_max_tokens_option
def train_command(
    project_path: Path | None,
    annotator: str | None,
    no_evaluate: bool,
    folds: int,
    max_tokens: int | None,
) -> None:
    """Train on gold, then the annotator's done documents; evaluate to choose thresholds."""
    from annotator.core.learn import ModelStore, evaluate, train
    from annotator.core.learn.data import training_documents
    from annotator.core.learn.evaluate import MIN_DOCUMENTS

    budget = _budget(max_tokens)
    try:
        with open_project(project_path, create=False, reading=True) as project:
            annotator = annotator or analyst_name(project)
            evaluation = None
            enough = len(training_documents(project, annotator)) >= MIN_DOCUMENTS
            if not no_evaluate and enough:
                evaluation = evaluate(
                    project, annotator, folds=folds, progress=_progress("evaluating"),
                    max_tokens=budget,
                ).as_dict()  # fmt: skip
            model = train(
                project, annotator, evaluation=evaluation, progress=_progress("training"),
                max_tokens=budget,
            )  # fmt: skip
            store = ModelStore(paths.models_dir())
            store.save(project, model)
    except AnnotatorError as exc:
        fail(str(exc))
    info = model.info
    click.echo(
        f"Trained {annotator}'s model on {info.documents} document(s), {info.spans} span(s), "
        f"{info.tokens} token(s) in {info.train_cpu_s:.1f} s CPU; saved in {store.directory}."
    )
    if evaluation is not None:
        _print_evaluation(evaluation)
    elif not no_evaluate:
        click.echo(f"Not evaluated: fewer than {MIN_DOCUMENTS} finished documents.")


@model_group.command("evaluate")
@_options
@click.option("--folds", default=5, show_default=True, type=click.IntRange(min=2))
@_max_tokens_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def evaluate_command(
    project_path: Path | None,
    annotator: str | None,
    folds: int,
    max_tokens: int | None,
    as_json: bool,
) -> None:
    """k-fold precision, recall and F1 per label (exact spans) and a learning curve."""
    from annotator.core.learn import evaluate

    try:
        with open_project(project_path, create=False, reading=True) as project:
            annotator = annotator or analyst_name(project)
            result = evaluate(
                project, annotator, folds=folds, progress=_progress("evaluating"),
                max_tokens=_budget(max_tokens),
            )  # fmt: skip
    except AnnotatorError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_evaluation(result.as_dict())


CURVE_THRESHOLDS = (0.1, 0.3, 0.5, 0.7, 0.9)


def _print_evaluation(evaluation: dict[str, Any]) -> None:
    click.echo(
        f"{evaluation['folds']}-fold over {evaluation['documents']} document(s), exact spans; "
        f"threshold: the lowest confidence reaching precision {evaluation['target_precision']}"
        " (P@t, R@t and the table below: where the window shows the model's suggestions, at "
        "places no rule proposes)"
    )
    click.echo(
        f"{'label':<24}{'support':>8}{'P':>7}{'R':>7}{'F1':>7}{'thresh':>8}{'P@t':>7}{'R@t':>7}"
    )
    for label, s in evaluation["labels"].items():
        click.echo(
            f"{label:<24}{s['support']:>8}{s['precision']:>7.2f}{s['recall']:>7.2f}"
            f"{s['f1']:>7.2f}{s['threshold']:>8.2f}{s['precision_at_threshold']:>7.2f}"
            f"{s['recall_at_threshold']:>7.2f}"
        )
    micro = evaluation["micro"]
    click.echo(
        f"{'all (micro)':<24}{'':>8}{micro['precision']:>7.2f}{micro['recall']:>7.2f}"
        f"{micro['f1']:>7.2f}"
    )
    from annotator.core.learn.evaluate import short_of_target

    best, none = short_of_target(evaluation)
    target = evaluation["target_precision"]
    if best:
        click.echo(
            f"precision {target} not reached by {', '.join(best)}: the threshold of best "
            "precision was chosen (P@t)"
        )
    if none:
        click.echo(
            f"no suggestion of {', '.join(none)} was right on held-out documents where no "
            "rule proposes: none is shown"
        )
    curves = {label: s.get("pr_curve") for label, s in evaluation["labels"].items()}
    if any(curves.values()):
        from annotator.core.learn.evaluate import at_threshold

        click.echo("precision/recall on held-out documents at a threshold, where shown:")
        click.echo(f"{'label':<24}" + "".join(f"{t:>12.1f}" for t in CURVE_THRESHOLDS))
        for label, curve in curves.items():
            figures = [at_threshold(curve or [], t) for t in CURVE_THRESHOLDS]
            click.echo(
                f"{label:<24}"
                + "".join(f"{'-' if p is None else f'{p:.2f}':>7}/{r:.2f}" for p, r in figures)
            )
    if evaluation["curve"]:
        points = ", ".join(f"{c['documents']}: {c['f1']:.2f}" for c in evaluation["curve"])
        click.echo(f"learning curve (training documents: F1): {points}")


@model_group.command("suggest")
@_options
@click.option("--all", "everything", is_flag=True, help="Also spans under their threshold.")
def suggest_command(project_path: Path | None, annotator: str | None, everything: bool) -> None:
    """The stored model's predictions for every document, as JSONL with confidences."""
    import orjson

    try:
        with open_project(project_path, create=False, reading=True) as project:
            annotator = annotator or analyst_name(project)
            model = _ready_model(project, annotator)
            for doc in project.documents.iter_all():
                found = model.predict(doc) if everything else model.suggestions(doc)
                click.echo(orjson.dumps({
                    "id": doc.ext_id, "annotator": annotator,
                    "predictions": [
                        {"start": p.start, "end": p.end, "label": p.label, "text": p.text,
                         "confidence": round(p.confidence, 4),
                         "threshold": model.threshold(p.label)}
                        for p in found
                    ],
                }).decode())  # fmt: skip
    except AnnotatorError as exc:
        fail(str(exc))


def _ready_model(project: Any, annotator: str) -> Any:
    from annotator.core.learn import ModelStore

    store = ModelStore(paths.models_dir())
    model = store.load(project, annotator)
    if model is None:
        why = store.state(project, annotator).why
        raise AnnotatorError(f"no usable model for {annotator} ({why}): run annotator model train")
    return model


def stored_model(project: Any, annotator: str) -> Any:
    """The annotator's model if one is ready, else None (`annotator suggest` without one);
    a model that is there but unusable is named on standard error, with the cure."""
    from annotator.core.learn import ModelStore

    store = ModelStore(paths.models_dir())
    model = store.load(project, annotator)
    state = store.state(project, annotator)
    if model is None and state.state != "missing":
        click.echo(
            f"note: model suggestions left out: {state.why}; run annotator model train", err=True
        )
    return model
