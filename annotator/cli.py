"""The `annotator` command: the window by default, and import/export/stats for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from annotator import __version__, paths
from annotator.cli_common import (
    analyst_name,
    fail,
    open_project,
    progress_stream,
    project_option,
    show_not_obey,
)
from annotator.core.errors import AnnotatorError
from annotator.core.formats.atomic import recover_interrupted_exports
from annotator.core.formats.registry import WRITERS
from annotator.core.formats.sources import FORMATS
from annotator.core.model import Label, ProjectStats, Status
from annotator.core.services.exporter import OFFSETS, Exporter, ExportOptions
from annotator.core.services.importer import (
    Importer,
    ImportOptions,
    ImportReport,
)
from annotator.core.services.splits import SplitSpec
from annotator.core.store.failures import real_path
from annotator.core.text.names import shown_id, shown_name, shown_title
from annotator.model_cli import model_group, stored_model
from annotator.predictions_cli import predictions_group
from annotator.team_cli import team_group


class _Annotator(click.Group):
    """`annotator FILE.seedproj` opens that project (a double-click on a project file runs
    this): a first argument that is no command but a project path means `--project`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            first = Path(args[0])
            if first.suffix == paths.PROJECT_SUFFIX or first.is_file():
                args = ["--project", *args]
        return super().parse_args(ctx, args)


@click.group(
    cls=_Annotator,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="annotator")
@click.option(
    "--project",
    "project_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Open this project in the window (default: the last one, or your own project).",
)
@click.pass_context
def main(ctx: click.Context, project_path: Path | None) -> None:
    """Seed Annotator: tag actors, dates, topics and claims in Persian and Arabic news.

    Without a command, opens the annotation window (on the demo corpus on first start);
    `annotator FILE.seedproj` opens that project.
    """
    show_not_obey()
    notes = recover_interrupted_exports()  # a killed export's folder comes back first
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if ctx.invoked_subcommand is not None:
        return
    from annotator.gui.app import run  # Qt loads only when a window is wanted

    try:
        sys.exit(run(project_path, notes))
    except AnnotatorError as exc:
        fail(str(exc))


@main.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@project_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="auto",
    show_default=True,
    help="auto: recognised from each file's content, then its extension; folders are walked.",
)
@click.option(
    "--annotator", default=None, help="Store spans under this name (overrides the file's)."
)
@click.option(
    "--normalize/--no-normalize",
    default=None,
    help="Normalise Persian with hazm, Arabic with safe fixes (default: the project's setting).",
)
@click.option("--add-labels", is_flag=True, help="Add labels the project does not have yet.")
@click.option("--encoding", default=None, help="Read files in this encoding (e.g. cp1256).")
@click.option("--dry-run", is_flag=True, help="Check everything, store nothing.")
@click.option(
    "--predictions", "model", default=None, metavar="MODEL",
    help="The files' spans are MODEL's predictions (shown as suggestions), not an annotator's. "
    "Label Studio predictions and our JSONL's \"predictions\" need no flag.",
)  # fmt: skip
def import_command(
    sources: tuple[Path, ...],
    project_path: Path | None,
    fmt: str,
    annotator: str | None,
    normalize: bool | None,
    add_labels: bool,
    encoding: str | None,
    dry_run: bool,
    model: str | None,
) -> None:
    """Import articles (plain text, JSONL with spans, CSV) into a project.

    The import is all or nothing: on any problem, every problem found is listed with its file
    and line, and the project is left exactly as it was.
    """
    if model is not None:
        from annotator.core.formats.predictions import model_name
        from annotator.core.formats.records import BadRecord

        try:
            model = model_name(model, "--predictions")
        except BadRecord as exc:
            fail(exc.message)
    options = ImportOptions(fmt, annotator, normalize, add_labels, encoding, dry_run, model)
    path = project_path or paths.default_project_path()
    try:
        target = real_path(path)  # through a symbolic link, the file it points to is made
    except AnnotatorError as exc:
        fail(str(exc))
    new_project = not target.exists()
    try:
        with open_project(path, create=True) as project, _progress_bar("Importing") as tick:
            report = Importer(project).run(
                sources, options, lambda p: tick(p.bytes_done, p.bytes_total)
            )
    except (KeyboardInterrupt, AnnotatorError) as exc:
        if new_project:
            _remove_project(target)  # "exactly as it was" is: no file at all (a link stays)
        if isinstance(exc, KeyboardInterrupt):
            fail("interrupted; nothing was imported", 130)
        fail(str(exc))
    if new_project and dry_run:
        _remove_project(target)
    _print_import(report, path)


def _remove_project(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _print_import(report: ImportReport, path: Path) -> None:
    verb = "Would import" if report.dry_run else "Imported"
    langs = ", ".join(f"{n} {lang}" for lang, n in sorted(report.by_lang.items()))
    click.echo(
        f"{verb} {report.added} new document(s){f' ({langs})' if langs else ''} from "
        f"{report.files} file(s) into {path}; {report.existing} already there."
    )
    changes = report.spans
    if report.annotators:
        click.echo(
            f"Spans ({', '.join(sorted(report.annotators))}): {changes.added} added, "
            f"{changes.removed} removed, {changes.unchanged} unchanged."
        )
    for model, predicted in sorted(report.predictions.items()):
        click.echo(
            f"Predictions (model:{model}): {predicted.added} added, {predicted.removed} "
            f"removed, {predicted.unchanged} unchanged."
        )
    if report.dated:
        click.echo(
            f"Date values: {report.dated} date span(s) given their value (or one to confirm)."
        )
    if report.labels_added:
        click.echo(f"New labels: {', '.join(report.labels_added)}")
    if report.formats:
        found = "; ".join(f"{what} ({n} file(s))" for what, n in sorted(report.formats.items()))
        click.echo(f"Read as: {found}")
    for warning in report.warnings[:20]:
        click.echo(f"warning: {warning}", err=True)
    if len(report.warnings) > 20:
        click.echo(f"warning: … and {len(report.warnings) - 20} more", err=True)


@main.command("export")
@project_option
# A folder is a valid --out: brat writes one, and replaces its own earlier export.
@click.option("--out", required=True, type=click.Path(path_type=Path))
@click.option(
    "--annotator",
    "annotators",
    multiple=True,
    help="Whose spans (repeatable; 'gold' for adjudicated). Default: everyone with work.",
)
@click.option(
    "--status",
    type=click.Choice([s.value for s in Status]),
    default=None,
    help="Only documents with this status for the annotator.",
)
@click.option("--offsets", type=click.Choice(OFFSETS), default="normalized", show_default=True)
@click.option(
    "--tokens", is_flag=True, help="Add tokens with offsets, and token_start/end to spans."
)
@click.option(
    "--format", "fmt", type=click.Choice(list(WRITERS)), default="jsonl",
    show_default=True, help="Our JSONL, or another tool's format (brat writes a folder).",
)  # fmt: skip
@click.option(
    "--split", "split", default=None, metavar="train=0.8,dev=0.1,test=0.1",
    help="Split by document into several files (gold.train.jsonl ...).",
)  # fmt: skip
@click.option("--seed", default=0, show_default=True, help="Seed of the split.")
@click.option("--stratify", is_flag=True, help="Spread every label set over the splits.")
@click.option(
    "--predictions", "with_predictions", is_flag=True,
    help="Also outside models' imported predictions (jsonl, labelstudio), apart from annotations.",
)  # fmt: skip
def export_command(
    project_path: Path | None,
    out: Path,
    annotators: tuple[str, ...],
    status: str | None,
    offsets: str,
    tokens: bool,
    fmt: str,
    split: str | None,
    seed: int,
    stratify: bool,
    with_predictions: bool,
) -> None:
    """Export a line (or record) per document and annotator, in code points or the
    format's own unit; says what the chosen format could not express."""
    try:
        spec = SplitSpec.parse(split, seed, stratify) if split else None
    except AnnotatorError as exc:
        fail(str(exc))
    options = ExportOptions(annotators, status, offsets, tokens, fmt, spec, with_predictions)
    try:
        with (
            open_project(project_path, create=False, reading=True) as project,
            _progress_bar("Exporting") as tick,
        ):
            report = Exporter(project).run(out, options, tick)
    except KeyboardInterrupt:
        fail("interrupted; no file was written", 130)
    except AnnotatorError as exc:
        fail(str(exc))
    where = ", ".join(str(p) for p in report.files) or str(report.path)
    click.echo(
        f"Wrote {report.documents} document(s), {report.spans} span(s), "
        f"{report.relations} relation(s) to {where}."
    )
    if report.predictions:
        click.echo(f"And {report.predictions} prediction(s) of outside models.")
    if report.splits:
        click.echo("Split: " + ", ".join(f"{k} {v}" for k, v in report.splits.items()))
    for what, count in report.lost.items():
        click.echo(f"Not expressible in {fmt}: {count} {what}", err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)


@main.command("clean-copy")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def clean_copy_command(path: Path) -> None:
    """Copy a refused project without the SQL Seed Annotator did not create (triggers,
    views, tables, indexes) and without the rows it cannot use (spans past their text,
    attributes that are no JSON object: emptied); the file itself is not changed."""
    from annotator.core.store.cleaning import make_cleaned_copy

    try:
        report = make_cleaned_copy(path)
    except AnnotatorError as exc:
        fail(str(exc))
    click.echo(f"Wrote {report.copy}; {path} was not changed.")
    if report.dropped:
        click.echo("Left out, not made by Seed Annotator: " + "; ".join(report.dropped))
    if report.rebuilt:
        click.echo("Made again as Seed Annotator defines them: " + "; ".join(report.rebuilt))
    if report.unusable:
        click.echo("Rows Seed Annotator cannot use (the original keeps them as they were):")
        for found in report.unusable:
            click.echo(f"  {found.describe()}")
    for table, count in report.left_out.items():
        click.echo(f"warning: {count} row(s) of {table} break its rules: left out", err=True)


class _Greedy(click.Option):
    """`--annotators ali sara reza`: the option takes every word up to the next option.

    Repeating the option (`--annotators ali --annotators sara`) works as well.
    """

    def add_to_parser(self, parser: Any, ctx: click.Context) -> None:
        super().add_to_parser(parser, ctx)
        for name in self.opts:
            option = getattr(parser, "_long_opt", {}).get(name)
            if option is None:  # a click without this parser: plain repeated options
                continue
            previous, prefixes = option.process, option.prefixes

            def process(
                value: Any,
                state: Any,
                previous: Callable[[Any, Any], None] = previous,
                prefixes: Iterable[str] = prefixes,
            ) -> None:
                values = [value]
                while state.rargs and not state.rargs[0].startswith(tuple(prefixes)):
                    values.append(state.rargs.pop(0))
                for item in values:
                    previous(item, state)

            option.process = process


@main.command("agreement")
@project_option
@click.option(
    "--annotators", cls=_Greedy, multiple=True, help="Whom to compare (default: all but gold)."
)
@click.option("--labels", cls=_Greedy, multiple=True, help="Which labels (default: all).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
    show_default=True,
)  # fmt: skip
def agreement_command(
    project_path: Path | None, annotators: tuple[str, ...], labels: tuple[str, ...], fmt: str
) -> None:
    """Inter-annotator agreement: span F1 per pair, kappas and alpha on tokens, alpha_U."""
    from annotator.core.review.render import as_csv, as_table
    from annotator.core.services.agreement import AgreementService

    try:
        with (
            open_project(project_path, create=False, reading=True) as project,
            _progress_bar("Comparing") as tick,
        ):
            report = AgreementService(project).report(annotators, labels, tick)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except AnnotatorError as exc:
        fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(as_csv(report.figures), nl=False)
    else:
        click.echo(as_table(report.figures))


@main.command("suggest")
@project_option
@click.option(
    "--annotator", default=None,
    help="Whose tags and decisions (default: your analyst name, as the window uses it).",
)  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write JSONL here (default: standard output).")  # fmt: skip
def suggest_command(project_path: Path | None, annotator: str | None, out: Path | None) -> None:
    """Every document's suggestions as JSONL: spans with label, source and attrs
    (dates: value, calendar; the trained model's: confidence), for checking and scripting."""
    import orjson

    from annotator.core.formats.atomic import AtomicFile
    from annotator.core.services.suggestions import Suggester

    try:
        with open_project(project_path, create=False) as project:
            annotator = annotator or analyst_name(project)
            suggester = Suggester(project, annotator, model=stored_model(project, annotator))
            sink = AtomicFile(out) if out is not None else None
            count = 0
            try:
                for doc in project.documents.iter_all():
                    found = suggester.for_document(doc)
                    count += len(found)
                    line = orjson.dumps({
                        "id": doc.ext_id, "annotator": annotator,
                        "suggestions": [
                            {"start": s.start, "end": s.end, "label": s.label, "text": s.text,
                             "source": s.source, "attrs": s.attrs,
                             **({"confidence": s.attrs["confidence"]}
                                if "confidence" in s.attrs else {})}
                            for s in found
                        ],
                    }) + b"\n"  # fmt: skip
                    if sink is not None:
                        sink.handle.write(line)
                    else:
                        click.echo(line.decode(), nl=False)
                if sink is not None:
                    sink.commit()
            except BaseException as exc:
                stuck = sink.abandon() if sink is not None else None
                if stuck is not None and isinstance(exc, KeyboardInterrupt):
                    fail(f"interrupted; no file was written; {stuck}", 130)
                if stuck is not None:
                    raise AnnotatorError(f"{out}: not written ({str(exc) or type(exc).__name__}"
                                         f"); {stuck}") from exc  # fmt: skip
                raise
    except KeyboardInterrupt:
        fail("interrupted; no file was written" if out is not None else "interrupted", 130)
    except AnnotatorError as exc:
        fail(str(exc))
    if out is not None:
        click.echo(f"Wrote {count} suggestion(s) to {out}.")


@main.group("actors")
def actors_group() -> None:
    """The registry of canonical actors and their aliases (پوتین, بوتين, Putin -> one)."""


@actors_group.command("list")
@project_option
def actors_list(project_path: Path | None) -> None:
    from annotator.core.services.actors import ActorRegistry

    try:
        with open_project(project_path, create=False) as project:
            actors = ActorRegistry(project).actors.all()
    except AnnotatorError as exc:
        fail(str(exc))
    for actor in actors:
        click.echo(f"{actor.id}\t{actor.name}\t{' | '.join(actor.aliases)}")


@actors_group.command("add")
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="Another spelling (repeatable).")
@project_option
def actors_add(name: str, aliases: tuple[str, ...], project_path: Path | None) -> None:
    from annotator.core.services.actors import ActorRegistry

    try:
        with open_project(project_path, create=False) as project:
            actor = ActorRegistry(project).add(name, aliases)
    except AnnotatorError as exc:
        fail(str(exc))
    click.echo(f"Actor {actor.id}: {actor.name} ({', '.join(actor.aliases)})")


@actors_group.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@project_option
def actors_import(path: Path, project_path: Path | None) -> None:
    """Read actors from CSV (name, aliases as a|b|c, description) or JSON."""
    from annotator.core.services.actors import ActorRegistry

    try:
        with open_project(project_path, create=False) as project:
            count = ActorRegistry(project).import_file(path)
    except AnnotatorError as exc:
        fail(str(exc))
    click.echo(f"Read {count} actor(s) from {path}.")


@actors_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@project_option
def actors_export(fmt: str, project_path: Path | None) -> None:
    from annotator.core.services.actors import ActorRegistry

    try:
        with open_project(project_path, create=False) as project:
            registry = ActorRegistry(project)
            text = registry.export_json() if fmt == "json" else registry.export_csv()
    except AnnotatorError as exc:
        fail(str(exc))
    click.echo(text, nl=fmt == "json")


@main.command("stats")
@project_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats_command(project_path: Path | None, as_json: bool) -> None:
    """Documents by language and status, spans by label and annotator."""
    try:
        with open_project(project_path, create=False, reading=True) as project:
            summary = project.stats.summary()
            path = project.path
    except AnnotatorError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(summary.__dict__, ensure_ascii=False, indent=2))
    else:
        _print_stats(summary, path)


def _print_stats(s: ProjectStats, path: Path) -> None:
    click.echo(f"Project {path}")
    langs = ", ".join(f"{lang} {n}" for lang, n in s.by_lang.items()) or "none"
    click.echo(f"Documents: {s.documents} ({langs})")
    for name in sorted(set(s.by_status) | set(s.spans_by_label)):
        # A stored "new" (a file may state it) is counted with the documents never opened.
        statuses = {k: v for k, v in s.by_status.get(name, {}).items() if k != "new"}
        started = sum(statuses.values())
        parts = [f"{k} {v}" for k, v in sorted(statuses.items())]
        parts.append(f"new {s.documents - started}")
        labels = s.spans_by_label.get(name, {})
        spans = ", ".join(f"{shown_name(k)} {v}" for k, v in sorted(labels.items())) or "none"
        click.echo(
            f"  {shown_name(name)}: {', '.join(parts)}; spans {sum(labels.values())} ({spans})"
        )


@main.command("search")
@click.argument("query")
@project_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option(
    "--rebuild-index", is_flag=True, help="Make the search index again from the documents first."
)
def search_command(query: str, project_path: Path | None, limit: int, rebuild_index: bool) -> None:
    """Full-text search; ي/ی, ك/ک, harakat and ZWNJ variants match each other."""
    try:
        with open_project(project_path, create=False, reading=not rebuild_index) as project:
            if rebuild_index:
                with project.transaction():
                    project.documents.rebuild_search_index()
            hits = project.documents.search(query, limit)
    except AnnotatorError as exc:
        fail(str(exc))
    for hit in hits:  # one line a hit, three fields: a tab or line break in a title is shown
        click.echo(f"{shown_id(hit.ext_id)}\t{hit.lang}\t{shown_title(hit.title)}")
    if not hits:
        click.echo("no matches", err=True)


@main.group("labels")
def labels_group() -> None:
    """List or add the project's labels."""


@labels_group.command("list")
@project_option
def labels_list(project_path: Path | None) -> None:
    try:
        with open_project(project_path, create=False, reading=True) as project:
            labels = project.labels.all()
    except AnnotatorError as exc:
        fail(str(exc))
    from annotator.core.kinds import kind_of

    for label in labels:
        kind = "value" if kind_of(label.name) is not None else "-"
        click.echo(
            f"{label.shortcut or '-'}\t{label.name}\t{label.color}\t{kind}\t{label.description}"
        )


@main.command("values")
@project_option
@click.option(
    "--annotator",
    "annotators",
    multiple=True,
    help="Only this annotator's spans (repeatable; default: everyone but gold).",
)
def values_command(project_path: Path | None, annotators: tuple[str, ...]) -> None:
    """Give imported spans the values the window gives a new span: dates their normalised
    value, actors their registry link (spans that already have attributes are kept)."""
    from annotator.core.services.values import fill_values

    try:
        with open_project(project_path, create=False) as project:
            changed = fill_values(project, list(annotators) or None)
    except AnnotatorError as exc:
        fail(str(exc))
    click.echo(f"Gave {changed} span(s) a value.")


@labels_group.command("add")
@click.argument("name")
@project_option
@click.option("--color", default=None, help="#rrggbb (default: the next free colour).")
@click.option("--key", "shortcut", default=None, help="Keyboard shortcut, e.g. 5.")
@click.option("--description", default="")
def labels_add(
    name: str, project_path: Path | None, color: str | None, shortcut: str | None, description: str
) -> None:
    try:
        with open_project(project_path, create=True) as project, project.transaction():
            label = project.labels.add_new(name)
            if color or shortcut or description:
                project.labels.update(
                    Label(label.name, color or label.color, shortcut, description, label.position)
                )
    except AnnotatorError as exc:
        fail(str(exc))
    click.echo(f"Added label {label.name!r}.")


main.add_command(team_group)
main.add_command(predictions_group)
main.add_command(model_group)


@contextmanager
def _progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on a terminal; silent in pipes and CI logs."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    with click.progressbar(length=1000, label=label, file=progress_stream(sys.stderr)) as bar:
        state = {"shown": 0}

        def tick(done: int, total: int) -> None:
            target = 1000 * done // total if total else 0
            if target > state["shown"]:
                bar.update(target - state["shown"])
                state["shown"] = target

        yield tick
