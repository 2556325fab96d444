"""Errors the core raises; each carries what a user needs to find and fix the cause."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path


class AnnotatorError(Exception):
    """Base for errors that are reported to the user as a message, not a traceback."""


@dataclass
class InputProblem:
    """One problem in an input file, located as precisely as the format allows."""

    path: str
    message: str
    line: int | None = None  # 1-based line (JSONL, txt) or row (CSV, header = row 1)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


class InputError(AnnotatorError):
    """A file cannot be read as asked; nothing was written."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.problem = InputProblem(str(path), message, line)
        super().__init__(str(self.problem))


class UnwritableValue(AnnotatorError):
    """A document's stored value holds what no file can: half a character (a lone UTF-16
    surrogate, which Python's json reads from "\\ud800" in a JSON column); no import stores
    one, so another program put it there. Raised by a writer that had it to write."""

    def __init__(self, ext_id: str, title: str, where: str) -> None:
        super().__init__(
            f"document {ext_id!r} ({title!r}): {where} holds half a character (a lone UTF-16 "
            "surrogate, in JSON \\ud800 to \\udfff), which no file can hold; nothing was "
            "written. No import stores one: the project was changed by another program"
        )


class UnwritableNumber(UnwritableValue):
    """A document's spans' stored attributes hold a number orjson refuses (1e999, which
    SQLite keeps and json would read as inf): named as a half character is."""

    def __init__(self, ext_id: str, title: str, why: str) -> None:
        AnnotatorError.__init__(
            self,
            f"document {ext_id!r} ({title!r}): its spans' stored attributes hold a value no "
            f"file of ours can hold ({why}); nothing was written. No import stores one: the "
            "project was changed by another program",
        )


class ImportFailed(AnnotatorError):
    """An import found problems and was rolled back; the project is unchanged."""

    def __init__(self, problems: list[InputProblem], more: int = 0) -> None:
        self.problems = problems
        self.more = more
        lines = [str(p) for p in problems]
        if more:
            lines.append(f"... and {more} more problem(s)")
        lines.append("Nothing was imported; the project is unchanged.")
        super().__init__("\n".join(lines))


class ProjectError(AnnotatorError):
    """The project file cannot be opened or written (newer version, corrupt, locked).

    The message is English, for the command line and the log; `kind`, `path` and `detail`
    let the window say the common ones (read-only, damaged, disk full) in its own language.
    """

    kind: str = ""
    path: Path | str | None = None
    detail: str = ""

    def __init__(
        self, message: str, *, kind: str = "", path: Path | str | None = None, detail: str = ""
    ) -> None:
        super().__init__(message)
        if kind:
            self.kind, self.path, self.detail = kind, path, detail


class DamagedProject(ProjectError):
    """The project file fails SQLite's check, or a page read from it is damaged: nothing is
    written into it (a write could spread the damage)."""


class UnusableRows(DamagedProject):
    """The file's pages are sound but it holds rows our readers cannot use (rows_check):
    refused like damage, yet a copy without them (cleaning) can be made and opened, so it
    has a kind of its own (the window names the way out, not damage)."""

    def __init__(self, path: Path, found: list[str]) -> None:
        detail = "; ".join(found)
        super().__init__(
            f"{path}: holds rows Seed Annotator cannot use ({detail}); nothing was changed. "
            "A copy that leaves them out can be made beside it: "
            f"annotator clean-copy {shlex.quote(str(path))}",
            kind="unusable-rows", path=path, detail=detail,
        )  # fmt: skip
        self.found = found


class ProjectBusy(ProjectError):
    """Writes are held for now: the file is still being checked (or failed the check)."""


class SearchIndexDamaged(DamagedProject):
    """Only the full-text index is damaged; it can be rebuilt from the documents, which
    are intact."""

    path: Path

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"{path}: its search index is damaged ({detail}); nothing was changed. The index "
            "can be rebuilt from the documents: run the search again with --rebuild-index"
        )


class ReadOnlyProject(ProjectError):
    """The project can be read but not written here (file, folder or disk read-only)."""


class Cancelled(AnnotatorError):
    """Long work stopped at the user's request; its transaction was rolled back."""


class ForeignSchemaError(ProjectError):
    """The project file holds SQL objects our migrations did not make (a trigger would run
    its own SQL on our writes): refused, and the file left as it was."""

    def __init__(self, path: Path, objects: list[str]) -> None:
        self.path = path
        self.objects = objects
        listed = "; ".join(objects[:6])
        if len(objects) > 6:
            listed += f"; and {len(objects) - 6} more"
        super().__init__(
            f"{path}: holds SQL that Seed Annotator did not create ({listed}). It could change "
            "the work stored in it behind your back, so the project was not opened and the "
            "file was not changed. A cleaned copy, without that SQL, can be made beside it: "
            f"annotator clean-copy {shlex.quote(str(path))}"
        )
