"""`annotator predictions ...`: outside models' imported predictions, which the window and
`annotator suggest` show as suggestions (imported with `annotator import`)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.cli_common import fail, open_project, project_option
from annotator.core.errors import AnnotatorError


@click.group("predictions")
def predictions_group() -> None:
    """Outside models' predictions (imported from Label Studio `predictions`, our JSONL's
    `predictions`, or any file with `import --predictions MODEL`): list them, set the
    minimum score a suggestion needs, remove a model's."""


@predictions_group.command("list")
@project_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of a table.")
def list_command(project_path: Path | None, as_json: bool) -> None:
    """Each model: versions, documents, predictions (how many scored), and the minimum
    scores in force."""
    from annotator.core.services.predicted import min_scores

    try:
        with open_project(project_path, create=False, reading=True) as project:
            models = project.predictions.models()
            minimums = min_scores(project)
    except AnnotatorError as exc:
        fail(str(exc))
    if as_json:
        click.echo(
            json.dumps(
                {
                    "models": [
                        {
                            "model": m.model, "versions": list(m.versions),
                            "documents": m.documents, "predictions": m.predictions,
                            "scored": m.scored,
                        }
                        for m in models
                    ],
                    "min_score": minimums,
                },
                ensure_ascii=False, indent=2,
            )
        )  # fmt: skip
        return
    if not models:
        click.echo("No predictions imported.")
    for m in models:
        versions = ", ".join(m.versions) or "-"
        click.echo(
            f"model:{m.model}\tversions {versions}\t{m.documents} document(s)\t"
            f"{m.predictions} prediction(s), {m.scored} scored"
        )
    for label, score in sorted(minimums.items()):
        click.echo(f"minimum score {label}: {score:g}")


@predictions_group.command("min-score")
@project_option
@click.argument("score", type=float, required=False)
@click.option("--label", default="*", show_default=True,
              help="The label it applies to; * for every label without its own.")  # fmt: skip
@click.option("--clear", is_flag=True, help="Remove the label's minimum.")
def min_score_command(
    project_path: Path | None, score: float | None, label: str, clear: bool
) -> None:
    """Hide predictions scored below SCORE (and unscored ones) for a label."""
    from annotator.core.services.predicted import set_min_score

    if clear == (score is not None):
        fail("give a SCORE, or --clear")
    try:
        with open_project(project_path, create=False, reading=False) as project:
            set_min_score(project, None if clear else score, label)
    except AnnotatorError as exc:
        fail(str(exc))
    which = "every label" if label == "*" else f"label {label!r}"
    click.echo(
        f"Minimum score for {which} cleared." if clear else f"Minimum score for {which}: {score:g}."
    )


@predictions_group.command("remove")
@project_option
@click.argument("model")
def remove_command(project_path: Path | None, model: str) -> None:
    """Remove every prediction of MODEL (as `list` names it, with or without `model:`).
    Decisions already taken on its suggestions are kept."""
    name = model.removeprefix("model:")
    try:
        with (
            open_project(project_path, create=False, reading=False) as project,
            project.transaction(),
        ):
            removed = project.predictions.remove_model(name)
    except AnnotatorError as exc:
        fail(str(exc))
    if not removed:
        fail(f"no predictions of model {name!r} in the project")
    click.echo(f"Removed {removed} prediction(s) of model:{name}.")
