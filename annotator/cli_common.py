"""What every `annotator` subcommand module shares: the `--project` option, opening the
project it names, the analyst's name and the one-line failure. One place, so that
`annotator predictions` and `annotator model` say and do exactly what `annotator export`
does (they repeated these lines and had begun to differ)."""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TextIO, cast

import click

from annotator import paths
from annotator.core.errors import AnnotatorError
from annotator.core.store.project import Project
from annotator.core.text.names import CONTROLS_BUT_LINES, DIRECTION_CONTROLS, escaped

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


# What a terminal obeys instead of showing: C0 and C1 controls (ESC starts sequences that
# clear the screen, retitle the window or, on many terminals, write the clipboard) and the
# bidi embeddings, overrides and isolates that reorder the rest of a line. Line breaks,
# tabs and the progress bar's return are our own; ZWNJ and the marks (LRM, RLM, ALM) are
# letters' business in Persian and Arabic and move nothing else.
_OBEYED = re.compile(f"[{CONTROLS_BUT_LINES}{DIRECTION_CONTROLS}]")
# The same, but for the cursor switches click's progress bar draws with (hidden while it
# draws, shown after): let through only on the bar's own stream (progress_stream).
_OBEYED_BUT_CURSOR = re.compile(r"(\x1b\[\?25[lh])" f"|[{CONTROLS_BUT_LINES}{DIRECTION_CONTROLS}]")


def for_terminal(text: str) -> str:
    """`text` as a terminal shows it: every character that would command it escaped."""
    return _OBEYED.sub(escaped, text)


class _Shown:
    """A terminal's stream through which names and texts read from files (a colleague's
    project, an import) are shown, not obeyed. Only a terminal: a pipe or a file gets the
    bytes exactly (JSON, CSV)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(for_terminal(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _BarShown(_Shown):
    """The stream our own progress bar draws on: its cursor switches pass, as nothing else
    writes here (the bar's label and figures are ours); all else is escaped as anywhere.
    Passing them on every stream let a name stored as ESC [ ? 25 l hide the user's cursor."""

    def write(self, text: str) -> int:
        self._stream.write(_OBEYED_BUT_CURSOR.sub(lambda m: m[1] or escaped(m), text))
        return len(text)


def progress_stream(stream: TextIO) -> TextIO:
    """`stream` (a terminal's) for click's progress bar alone: see _BarShown."""
    raw = stream._stream if isinstance(stream, _Shown) else stream
    return cast(TextIO, _BarShown(raw))


def show_not_obey() -> None:
    """Put every message of this process to a terminal through `for_terminal`."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, _Shown) and stream is not None and stream.isatty():
            # An ASCII terminal stream (LANG=C, PYTHONIOENCODING=ascii): click would write
            # past this wrapper, through its own UTF-8 wrapper of the stream's buffer; the
            # stream is made UTF-8 here, as click makes it, so click writes through this.
            # (Not yet on a Windows console: click writes to it through its own console
            # writer on the buffer.)
            if _is_ascii(stream) and hasattr(stream, "reconfigure"):
                stream.reconfigure(encoding="utf-8", errors="replace")
            setattr(sys, name, _Shown(stream))


def _is_ascii(stream: TextIO) -> bool:
    try:
        return codecs.lookup(stream.encoding or "ascii").name == "ascii"
    except LookupError:
        return False


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
