"""What a killed export leaves, and the journal that lets the next run tidy it up.

While an export runs, a journal entry in the user's state folder names its target and is
locked by the exporting process; its part file or temp folder is locked too. The next run,
an export to the same place or any start of the program, takes an unlocked entry for the
litter of a dead export: it removes our temp folders and part files, and puts back a
user's folder that was moved aside. Only names we make are touched, and only unlocked.

A split export moves its finished files into place one after another, in milliseconds.
Before the first move it writes a set entry (`*.set`) naming each target and the file that
will take its place (by inode); it removes it after the last. A kill between two moves
leaves the entry, and the next run (a start, or an export to one of those places) tells
the user which files are new and which hold what they held before. An export that tells
keeps the entry (locked) until its own files are in place: cancelled, it leaves the entry
for the next start to tell again, the files being as mixed as before.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator import paths
from annotator.core.errors import AnnotatorError

log = logging.getLogger(__name__)

MARKER = ".seed-export"  # in each folder we export: the format and the files we wrote
TEMP_TAG = ".seed-export-"  # our temp folders: .NAME.seed-export-XXXXXXXX
OLD = ".old"  # the folder being replaced, between two renames: .NAME.old


def journal_dir() -> Path:
    return paths.user_state_dir() / "exports"


@contextlib.contextmanager
def starting() -> Iterator[None]:
    """Held while an export starts (its journal entry, the tidying of its target, its part
    file or temp folder made and locked) and while a start tidies after dead exports. Between
    making its temp file and locking it, an export's file looks like a dead one's litter;
    under this lock no tidying can see it then. Held for milliseconds, never while writing."""
    if sys.platform == "win32":  # no advisory locks: nothing to wait for
        yield
        return
    import fcntl

    try:
        folder = journal_dir()
        folder.mkdir(parents=True, exist_ok=True)
        # Beside the journal, not in it: the journal is empty when no export is running.
        fd = os.open(folder.with_name(folder.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:  # no journal: exports still run, only recovery is lost
        log.warning("no lock on the export journal: %s", exc)
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # no advisory locks: every entry looks abandoned
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _sync(path: Path) -> None:
    """Durable before it is needed: the set entry must survive the power cut it is for."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)


def _key(target: Path) -> str:
    """One name for one place, however it was spelt (relative, through a linked parent)."""
    return str(Path(os.path.realpath(target.parent)) / target.name)


class Entry:
    """This process's note that it is exporting to `target`, locked while it runs."""

    def __init__(self, target: Path) -> None:
        self.path: Path | None = None
        self._fd: int | None = None
        self.notes: list[str] = []  # what the user is told of an earlier export there
        self.sets: list[DeadSet] = []  # the entries of those notes, held until told
        note = {"target": _key(target), "pid": os.getpid()}
        try:
            folder = journal_dir()
            folder.mkdir(parents=True, exist_ok=True)
            fd, made = tempfile.mkstemp(prefix=".", suffix=".new", dir=folder)
        except OSError as exc:  # the export still runs; only recovery at start is lost
            log.warning("no journal entry for the export to %s: %s", target, exc)
            return
        try:
            try_lock(fd)  # locked before it can be seen: never taken for a dead export's
            os.write(fd, json.dumps(note).encode())
            path = folder / f"{uuid.uuid4().hex}.json"
            os.rename(made, path)
        except OSError as exc:
            os.close(fd)
            Path(made).unlink(missing_ok=True)
            log.warning("no journal entry for the export to %s: %s", target, exc)
            return
        self.path, self._fd = path, fd

    def abandon(self) -> None:
        """Leave the entry, unlocked, for the next start: what the export left is litter
        it could not remove, to be tried again."""
        self.path = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        release(self.sets)

    def placed(self) -> None:
        """The export's file is in place: the dead sets it told of are done with."""
        for dead in self.sets:
            dead.remove()

    def close(self) -> None:
        release(self.sets)  # told of by an export that placed nothing: told again next run
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None
        if self._fd is not None:
            os.close(self._fd)  # releases the lock
            self._fd = None


class SetEntry:
    """This process moving several files into place: each target with the device and inode
    of the file that will become it, locked while the moves run."""

    SUFFIX = ".set"

    def __init__(self, moves: list[tuple[Path, Path]]) -> None:  # (finished temporary, target)
        self.path: Path | None = None
        self._fd: int | None = None
        try:
            files = []
            for temporary, target in moves:
                made = os.lstat(temporary)
                files.append({"target": _key(target), "dev": made.st_dev, "ino": made.st_ino})
            note = {"pid": os.getpid(), "files": files}
            folder = journal_dir()
            folder.mkdir(parents=True, exist_ok=True)
            fd, made_path = tempfile.mkstemp(prefix=".", suffix=".new", dir=folder)
        except OSError as exc:  # the moves still run; only the report after a kill is lost
            log.warning("no journal entry for the export's moves: %s", exc)
            return
        try:
            try_lock(fd)
            os.write(fd, json.dumps(note).encode())
            os.fsync(fd)
            path = folder / f"{uuid.uuid4().hex}{self.SUFFIX}"
            os.rename(made_path, path)
            _sync(folder)
        except OSError as exc:
            os.close(fd)
            Path(made_path).unlink(missing_ok=True)
            log.warning("no journal entry for the export's moves: %s", exc)
            return
        self.path, self._fd = path, fd

    def close(self) -> None:
        if self.path is not None:
            try:
                self.path.unlink(missing_ok=True)
            except OSError as exc:  # the files are in place; the next start only says so
                log.warning("could not remove the journal entry %s: %s", self.path, exc)
            self.path = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


@dataclass
class DeadSet:
    """A dead export's set entry, told of by a running export and locked by it (no other
    run tells it meanwhile): removed once that export has put a file in place, left for
    the next run when it puts none (cancelled, failed: the files are as mixed as before)."""

    path: Path
    fd: int
    note: str
    targets: frozenset[str]

    def remove(self) -> None:
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def release(sets: list[DeadSet]) -> None:
    for dead in sets:
        dead.release()


def _set_note(files: list[dict[str, Any]]) -> str | None:
    """What a dead export's moves left, told truly; None when every file reached its place
    (the set is whole: only the entry's removal was lost) or none did (killed before the
    first move, or its folder moved aside put back: the set is the one from before)."""
    new: list[str] = []
    old: list[str] = []
    missing: list[str] = []
    for item in files:
        target = str(item["target"])
        try:
            now = os.lstat(target)
        except FileNotFoundError:
            missing.append(target)
            continue
        same = (now.st_dev, now.st_ino) == (int(item["dev"]), int(item["ino"]))
        (new if same else old).append(target)
    if not new or (not old and not missing):
        return None
    said = [f"new: {', '.join(new)}"]
    if old:
        said.append(f"as they were before it: {', '.join(old)}")
    if missing:
        said.append(f"not written: {', '.join(missing)}")
    return (
        "an export was stopped while it moved its files into place, so they may not belong "
        f"together; {'; '.join(said)} (export again for a set that matches)"
    )


def _dead_sets(touching: str | None = None, hold: list[DeadSet] | None = None) -> list[str]:
    """Notes on the set entries of dead exports (all, or those naming `touching`), which
    are removed once told; with `hold`, those with a note stay, locked, in `hold` for the
    export that tells them to remove once its files are in place."""
    notes: list[str] = []
    folder = journal_dir()
    if not folder.is_dir():
        return notes
    for path in sorted(folder.glob(f"*{SetEntry.SUFFIX}")):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            if not try_lock(fd):
                continue  # its export is moving its files now
            try:
                files = json.loads(os.read(fd, 1 << 20))["files"]
                targets = frozenset(str(f["target"]) for f in files)
                if touching is not None and touching not in targets:
                    continue
                note = _set_note(files)
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                note = None  # not one we wrote whole: nothing true to tell
            if note:
                notes.append(note)
                if hold is not None:
                    hold.append(DeadSet(path, fd, note, targets))
                    fd = -1  # the export's now
                    continue
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:  # a read-only journal: tell it, stop nothing
                notes.append(
                    f"{path}: could not remove this note of an interrupted export "
                    f"({exc.strerror or exc}); delete it, or it is told again"
                )
        finally:
            if fd >= 0:
                os.close(fd)
    return notes


def _entries() -> list[tuple[Path, str, int, int | None]]:
    """(entry, target, pid, locked fd or None): an fd is held when the entry is abandoned."""
    out: list[tuple[Path, str, int, int | None]] = []
    folder = journal_dir()
    if not folder.is_dir():
        return out
    for path in folder.glob(".*.new"):  # an entry its export did not live to finish
        with _unless_in_use(str(path)) as free:
            if free:
                path.unlink(missing_ok=True)
    for path in sorted(folder.glob("*.json")):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            note = json.loads(os.read(fd, 1 << 16))
            target, pid = str(note.get("target", "")), int(note.get("pid", 0))
        except (OSError, ValueError, AttributeError, TypeError):
            target, pid = "", 0
        if try_lock(fd):
            out.append((path, target, pid, fd))
        else:
            os.close(fd)
            out.append((path, target, pid, None))
    return out


def _claim(target: Path) -> list[Path]:
    """The entries of dead exports to `target`, once no other live process exports there.
    This process's own (doccano rewrites its file through a second one) are its business."""
    key = _key(target)
    dead, running = [], False
    for path, entry_target, pid, fd in _entries():
        if fd is not None:
            os.close(fd)
            if entry_target == key:
                dead.append(path)
        elif entry_target == key and pid != os.getpid():
            running = True
    if running:
        raise AnnotatorError(f"{target}: another export to it is running; try again later")
    return dead


def recover_interrupted_exports() -> list[str]:
    """Tidy what killed exports left and put back folders they had moved aside; returns
    what the user should be told. Called as the program starts."""
    with starting():
        return _recover_all()


def _recover_all() -> list[str]:
    notes: list[str] = []
    for path, target, _pid, fd in _entries():
        if fd is None:  # alive
            continue
        try:
            if target:
                notes += recover(Path(target))
            path.unlink(missing_ok=True)
        except OSError as exc:
            notes.append(f"{target}: could not tidy after an interrupted export ({exc})")
        finally:
            os.close(fd)
    # Once folders moved aside are back: a folder put back is one as it was before.
    return _dead_sets() + notes


def recover(target: Path) -> list[str]:
    """Put back what a killed export of `target` left; only names we make are touched."""
    notes: list[str] = []
    parent, name = target.parent, target.name
    if not parent.is_dir():
        return notes
    old = parent / f".{name}{OLD}"
    if old.is_dir() and not old.is_symlink():
        if not os.path.lexists(target):
            os.rename(old, target)
            notes.append(f"{target}: put back as it was before an export was interrupted")
        elif marker(old) is not None and marker(target) is not None:
            shutil.rmtree(old, ignore_errors=True)  # replaced by the export that followed
        else:
            notes.append(
                f"{old}: an interrupted export left this folder beside {target}; it was kept "
                "(look inside, and delete it once you no longer need it)"
            )
    part = re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.part\Z")
    for entry in os.scandir(parent):
        if entry.name.startswith(f".{name}{TEMP_TAG}") and entry.is_dir(follow_symlinks=False):
            with _unless_in_use(entry.path) as free:
                if free:
                    shutil.rmtree(entry.path, ignore_errors=True)
        elif part.match(entry.name) and entry.is_file(follow_symlinks=False):
            with _unless_in_use(entry.path) as free:
                if free:
                    os.unlink(entry.path)
    return notes


@contextlib.contextmanager
def _unless_in_use(path: str) -> Iterator[bool]:
    """True when no running export holds `path` (each locks its part file or temp folder)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        yield try_lock(fd)
    finally:
        os.close(fd)


def start(target: Path) -> Entry:
    """Journal the export to `target`, then clear what an earlier one left there. Called
    inside `starting()`, which the caller holds until its own temp file is locked."""
    dead = _claim(target)
    entry = Entry(target)
    try:
        for note in recover(target):
            log.warning("%s", note)
        entry.notes = _dead_sets(_key(target), entry.sets)
        for note in entry.notes:
            log.warning("%s", note)
        for path in dead:
            path.unlink(missing_ok=True)
    except OSError as exc:
        entry.close()
        raise AnnotatorError(f"{target}: an interrupted export left things here ({exc})") from exc
    return entry


def marker(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return None
    return data
