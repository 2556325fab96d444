"""What a database error means to the user, said truly and naming the file.

SQLite's own words mislead: a full disk shows as "disk I/O error" when the shared-memory file
cannot grow, a read-only folder as "unable to open database file", a lost race for the write
lock as "database is locked" after no wait at all. Each error is read by its code and, where
the code is ambiguous, by looking at the disk, the file and its folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from annotator.core.errors import DamagedProject, ProjectError, ReadOnlyProject, SearchIndexDamaged

# Primary result codes (the low byte of an extended code), from sqlite3.h.
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_CONSTRAINT = 19
SQLITE_NOTADB = 26
SQLITE_CORRUPT_VTAB = SQLITE_CORRUPT | (1 << 8)  # a virtual table's data: the search index
SQLITE_ERROR = 1
# FTS5's words for a damaged or foreign version record in its config table: plain
# SQLITE_ERROR, told by its text alone (sqlite3/ext/fts5/fts5_config.c).
FTS5_BAD_FORMAT = "invalid fts5 file format"

# An I/O error on a disk with less room than this is the disk being full: SQLite calls it
# SQLITE_FULL only when a write says ENOSPC, not when the -shm file fails to grow.
FULL_BELOW_BYTES = 1 << 20
WAIT_WORTH_SAYING_S = 0.05


def real_path(path: Path) -> Path:
    """The file a project path stands for (a symbolic link's target, which SQLite opens)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError) as exc:  # 3.12 says RuntimeError for a loop, 3.13 OSError
        if isinstance(exc, OSError) and exc.errno != errno.ELOOP:
            raise ProjectError(f"{path}: cannot be opened: {exc.strerror}") from exc
        raise ProjectError(
            f"{path}: is a symbolic link that leads round in a loop; nothing was changed"
        ) from exc


def _may_write(path: Path) -> bool:
    effective = os.access in os.supports_effective_ids  # as the process is, e.g. setuid
    return os.access(path, os.W_OK, effective_ids=effective)


class Unwritable(str):
    """Why a project cannot be written here: the English words the core's messages use,
    and a `kind` (with the `name` of a file beside it) by which the window says it in the
    interface's language."""

    kind: str
    name: str

    def __new__(cls, kind: str, text: str, name: str = "") -> Unwritable:
        reason = super().__new__(cls, text)
        reason.kind, reason.name = kind, name
        return reason


def unwritable(path: Path) -> Unwritable | None:
    """Why the project at `path` cannot be written here, or None if it can.

    SQLite writes the file and, beside it, the -wal and -shm files it makes and removes:
    the folder must be writable as well as the file.
    """
    real = path.resolve()
    folder = real.parent
    if read_only_disk(folder):
        return Unwritable("disk", "the disk it is on is read-only")
    if real.exists() and not _may_write(real):
        return Unwritable("file", "the file is read-only")
    if folder.exists() and not _may_write(folder):
        return Unwritable("folder", "its folder is not writable")
    for suffix in ("-wal", "-shm"):  # left read-only by a reader when the file was
        beside = real.with_name(real.name + suffix)
        if beside.exists() and not _may_write(beside):
            return Unwritable(
                "beside",
                f"{beside.name} beside it is read-only; remove it when no program has it open",
                beside.name,
            )
    return None


def read_only_disk(folder: Path) -> bool:
    """Mounted read-only (a CD, a write-protected stick, a read-only network share)."""
    if not hasattr(os, "statvfs"):  # Windows: the file's own flag says it
        return False
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.resolve().parent).free < FULL_BELOW_BYTES
    except (OSError, RuntimeError):
        return False


def explain(path: Path, exc: sqlite3.Error, waited: float | None = None) -> ProjectError:
    """The user's message for `exc`, met working on the project at `path`.

    `waited` is how long the failing statement waited for another program's lock, measured
    by the caller: a lock message says that, never the timeout it might have waited.
    """
    code = getattr(exc, "sqlite_errorcode", 0) or 0
    kind = code & 0xFF
    text = str(exc)
    if kind in (SQLITE_BUSY, SQLITE_LOCKED) or (not code and "locked" in text):
        return _locked(path, waited)
    if code == SQLITE_CORRUPT_VTAB or _bad_fts5_format(exc):
        return SearchIndexDamaged(path, text)
    if kind == SQLITE_CORRUPT:
        return DamagedProject(
            f"{path}: is damaged ({text}); nothing was changed",
            kind="damaged", path=path, detail=text,
        )  # fmt: skip
    if kind == SQLITE_NOTADB:
        return ProjectError(
            f"{path}: is not a readable project file ({text}); it was left untouched"
        )
    if kind == SQLITE_FULL or (kind == SQLITE_IOERR and _disk_full(path)):
        return ProjectError(
            f"{path}: the disk is full; nothing was changed. Make room on it and try again",
            kind="disk-full", path=path,
        )  # fmt: skip
    if kind in (SQLITE_READONLY, SQLITE_CANTOPEN):
        reason = unwritable(path)
        if reason is not None:
            return ReadOnlyProject(
                f"{path}: is read-only here ({reason}); nothing was changed",
                kind="read-only", path=path, detail=reason,
            )  # fmt: skip
        if kind == SQLITE_READONLY:
            return ReadOnlyProject(f"{path}: could not be written ({text}); nothing was changed")
        return ProjectError(f"{path}: cannot be opened ({text})")
    if kind == SQLITE_IOERR:
        name = getattr(exc, "sqlite_errorname", "")
        return ProjectError(f"{path}: the disk failed ({text}, {name}); nothing was changed")
    if kind == SQLITE_CONSTRAINT:
        return ProjectError(
            f"{path}: the change breaks the project's rules ({text}); nothing was changed"
        )
    return ProjectError(f"{path}: {text}; nothing was changed")


def _locked(path: Path, waited: float | None) -> ProjectError:
    if waited is None:
        return ProjectError(
            f"{path}: the project is locked by another program; nothing was changed. "
            "Try again once it is done there"
        )
    if waited < WAIT_WORTH_SAYING_S:  # refused at once: waiting could not have helped
        return ProjectError(
            f"{path}: another program changed the project while this one was reading it; "
            "nothing was changed. Try again"
        )
    return ProjectError(
        f"{path}: the project is locked by another program (waited {waited:.1f} s); nothing "
        "was changed. Try again once it is done there"
    )


def file_of(db: Database) -> Path:
    """The file a connection reads (for messages from repositories, which hold no path)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else Path("project")


def _bad_fts5_format(exc: sqlite3.Error) -> bool:
    """FTS5 refusing its own config record (its 'version' is not the one it writes): the
    index's damage, cured by making the index again, not the file's."""
    code = getattr(exc, "sqlite_errorcode", 0) or 0
    return code & 0xFF == SQLITE_ERROR and FTS5_BAD_FORMAT in str(exc)


def _pages_sound(db: Database) -> bool:
    try:
        return [row[0] for row in db.execute("PRAGMA quick_check(1)")] == ["ok"]
    except sqlite3.DatabaseError:
        return False


@contextlib.contextmanager
def reading_search_index(db: Database) -> Iterator[None]:
    """Queries of the full-text index: its damage is told as such, so that the window can
    offer to rebuild it from the documents (which it does not damage).

    FTS5 reports damage to its blobs as SQLITE_CORRUPT_VTAB, but as plain SQLITE_CORRUPT
    once the query ranks its matches; if every page is sound, that damage is the index's.
    A damaged config record ('version') is plain SQLITE_ERROR, "invalid fts5 file format".
    """
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if _bad_fts5_format(exc):
            raise SearchIndexDamaged(file_of(db), str(exc)) from exc
        code = getattr(exc, "sqlite_errorcode", 0) or 0
        if code & 0xFF != SQLITE_CORRUPT:
            raise
        path = file_of(db)
        if code == SQLITE_CORRUPT_VTAB or _pages_sound(db):
            raise SearchIndexDamaged(path, str(exc)) from exc
        raise explain(path, exc) from exc
