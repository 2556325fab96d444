"""What every `annotator` subcommand module shares: the `--project` option, opening the
project it names, the analyst's name and the one-line failure. One place, so that
`annotator predictions` and `annotator model` say and do exactly what `annotator export`
does (they repeated these lines and had begun to differ)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from annotator import paths
from annotator.core.errors import AnnotatorError
from annotator.core.store.project import Project

PROJECT_HELP = "Project file (default: the per-user project, {})."


def project_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--project",
        "project_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help=PROJECT_HELP.format(paths.default_project_path()),
    )(func)


@contextmanager
def open_project(
    project_path: Path | None, create: bool, reading: bool = False
) -> Iterator[Project]:
    """`reading`: a command that only reads also works on a project it cannot write."""
    path = project_path or paths.default_project_path()
    with Project.open(path, create=create, for_reading=reading) as project:
        yield project


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def analyst_name(project: Project) -> str:
    """The name the window stores your tags under (asked on its first start), else the
    project's only annotator; suggestions depend on whose tags they learn from."""
    from annotator.gui.settings import UserSettings  # a dataclass and JSON: no Qt

    settings = paths.settings_path()
    name = UserSettings.load(settings).annotator.strip()
    if name:
        return name
    names = [n for n in project.stats.annotators_with_work() if n != "gold"]
    if len(names) == 1:
        return names[0]
    who = f" ({', '.join(names)})" if names else ""
    raise AnnotatorError(
        f"no analyst name is set in {settings} (the window asks for it on first start) and "
        f"the project has {len(names)} annotators with work{who}: pass --annotator NAME"
    )
