"""Output that appears whole or not at all: written beside the target, moved into place.

A folder is replaced only when it is our earlier export, unchanged (`.seed-export` lists
what we wrote, with digests): never someone's corpus that happens to hold .txt files, never
annotations edited in brat. Where the system can, the new folder and the old one swap in
one step; a kill at any moment is tidied up by the next run (see export_journal).
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotator import __version__
from annotator.core.errors import AnnotatorError
from annotator.core.formats import export_journal
from annotator.core.formats.export_journal import (
    MARKER,
    journal_dir,
    recover_interrupted_exports,
)

__all__ = [
    "MARKER",
    "AtomicDir",
    "AtomicFile",
    "Held",
    "held",
    "journal_dir",
    "recover_interrupted_exports",
]
TOOL_CACHES = frozenset({".stats_cache"})  # files brat writes into the folders it lists

# mkstemp/mkdtemp make owner-only files (0600, 0700); an export gets the mode any new
# file would, or Label Studio or doccano running as another user cannot read it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_error(path: Path, exc: OSError) -> AnnotatorError:
    """A failed write, said so that the user can act: which file, and a full disk by name."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return AnnotatorError(
            f"{path}: the disk is full; the export was not written (free some space and "
            "export again)"
        )
    return AnnotatorError(f"{path}: cannot write ({exc.strerror or exc})")


# -- one file ---------------------------------------------------------------------------


class _Output:
    """The part file's handle: a failed write names the file, says when the disk is full,
    and leaves no part file behind."""

    def __init__(self, owner: AtomicFile, raw: BinaryIO) -> None:
        self._owner = owner
        self._raw = raw

    def write(self, data: bytes) -> int:
        try:
            return self._raw.write(data)
        except OSError as exc:
            raise self._owner.failed(exc) from exc

    def close(self) -> None:
        """On the disk, not only in the system's cache, before the name can point at it:
        after a power cut a renamed but unsynced file can come back empty."""
        try:
            if not self._raw.closed:
                self._raw.flush()
                os.fsync(self._raw.fileno())
            self._raw.close()
        except OSError as exc:
            raise self._owner.failed(exc) from exc


class _Journaled:
    """What an export holds while it runs: its journal entry, and a lock on its temporary
    file or folder (so that another start's tidying leaves it alone)."""

    _lock = -1
    _entry: export_journal.Entry
    temporary: Path  # the part file or temp folder
    named = False  # an error already names the temporary as left behind

    def _release(self, *, kept: bool = False, placed: bool = False) -> None:
        """`kept`: the temporary could not be removed; the journal entry stays for the next
        start to try again. `placed`: the output is in its place."""
        if placed:
            self._entry.placed()
        if self._lock >= 0:
            os.close(self._lock)
            self._lock = -1
        if kept:
            self._entry.abandon()
        else:
            self._entry.close()

    def _joined(self) -> None:
        """Inside `held()`, the group removes this temporary too if the export goes no
        further, whatever a writer's own abort managed."""
        group = _HOLDING.get()
        if group is not None:
            assert isinstance(self, AtomicFile | AtomicDir)
            group.made.append(self)
            group.told += self._entry.sets  # the group's to remove once it moves a file in
            self._entry.sets = []


class AtomicFile(_Journaled):
    """A binary file written at `.<target>.XXXXXXXX.part` and renamed onto `target` by
    commit()."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        if self.target.is_dir():
            raise AnnotatorError(f"{self.target}: is a folder; give a file name for the export")
        if self.target.exists() and not self.target.is_file():
            # The rename would put a file where the device, pipe or socket was (where the
            # user may, as root in a container: `--out /dev/stdout` replaced the device).
            raise AnnotatorError(
                f"{self.target}: is not a file (a device, pipe or socket); give a file name "
                "for the export"
            )
        with export_journal.starting():  # no tidying sees the part file before it is locked
            self._entry = export_journal.start(self.target)
            try:
                fd, tmp = tempfile.mkstemp(
                    prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent
                )
            except OSError as exc:
                self._entry.close()
                raise write_error(self.target, exc) from exc
            # Locked until committed or aborted (a closed handle is not the end: doccano
            # reads its part back), so that another export's tidying takes it for work in
            # progress.
            self._lock = os.open(tmp, os.O_RDONLY)
            export_journal.try_lock(self._lock)
        self.part = Path(tmp)
        self.temporary = self.part
        self.handle = _Output(self, os.fdopen(fd, "wb"))
        self._joined()

    def failed(self, exc: OSError) -> AnnotatorError:
        error = write_error(self.target, exc)
        try:
            self.abort()
        except OSError as left:
            self.named = True  # held() need not name it again
            return AnnotatorError(f"{error}; and {_unremoved([(self.part, left)])}")
        return error

    def commit(self) -> Path:
        """Move the file into place; inside `held()`, leave it complete beside its place
        for the group to move with the others."""
        self.handle.close()
        with contextlib.suppress(OSError):  # file systems without modes (FAT, SMB)
            os.chmod(self.part, 0o666 & ~_UMASK)
        group = _HOLDING.get()
        if group is not None:
            group.outputs.append(self)
            return self.target
        return self._publish()

    def _check(self) -> None:
        """Nothing to look at again: a file's target was checked when it was made."""

    def _publish(self) -> Path:
        try:
            os.replace(self.part, self.target)
        except OSError as exc:
            raise self.failed(exc) from exc
        sync_folder(self.target.parent)  # the new name, on the disk too
        self._release(placed=True)
        return self.target

    def abandon(self) -> AnnotatorError | None:
        """abort() for a caller that is already failing: the part file that could not be
        removed as an error naming it (None when it was, or an earlier error named it), so
        the user reads which file to delete instead of a traceback."""
        if self.named:
            return None
        try:
            self.abort()
        except OSError as left:
            if not self.part.exists():  # removed; what failed was the journal's entry
                return None
            self.named = True
            return AnnotatorError(_unremoved([(self.part, left)]))
        return None

    def abort(self) -> None:
        """Remove the part file; an OSError says it could not be (the target is untouched)."""
        with contextlib.suppress(OSError):
            self.handle._raw.close()  # a full disk fails the flush; the file closes anyway
        try:
            self.part.unlink(missing_ok=True)
        except OSError:
            self._release(kept=True)
            raise
        self._release()


def sync_folder(folder: Path) -> None:
    """A rename is durable once its folder is synced. Some file systems (and Windows) cannot
    sync a folder: the rename stands, only its durability is the system's business then."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _sync_file(path: Path) -> None:
    # Open for writing: Windows flushes a file only through a handle that may write to it
    # (os.fsync of a read-only one fails there with EBADF).
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- several outputs, all or none ----------------------------------------------------------


def _unremoved(stuck: list[tuple[Path, OSError]]) -> str:
    shown = ", ".join(f"{path} ({exc.strerror or exc})" for path, exc in stuck)
    return (
        f"could not remove this export's unfinished files: {shown}; the files the export "
        "would have replaced keep their contents (delete these by hand; the next start of "
        "Seed Annotator tries again)"
    )


class Held:
    """Outputs committed inside `held()`: complete beside their places, moved in together."""

    def __init__(self) -> None:
        self.outputs: list[AtomicFile | AtomicDir] = []  # committed, not yet in place
        self.made: list[AtomicFile | AtomicDir] = []  # every temporary made inside
        # Set entries of earlier exports killed among their moves to these places.
        self.told: list[export_journal.DeadSet] = []
        self._placed: set[str] = set()

    @property
    def notes(self) -> list[str]:
        """On an earlier export to these places, for the user: none on a set this export
        wrote again whole (its files belong together now)."""
        return [d.note for d in self.told if not d.targets <= self._placed]

    def publish(self) -> None:
        """Every output into its place: each folder checked first (none may have been
        edited since), then the renames, a few milliseconds for the whole set."""
        for output in self.outputs:
            output._check()
        done: list[Path] = []
        moving: AtomicFile | AtomicDir | None = None
        # A kill between two moves leaves this entry: the next run says which are new.
        journal = (
            export_journal.SetEntry([(o.temporary, o.target) for o in self.outputs])
            if len(self.outputs) > 1
            else None
        )
        try:
            for moving in list(self.outputs):
                done.append(moving._publish())
                self._placed.add(export_journal._key(moving.target))
                for dead in self.told:  # the set told of is another now
                    dead.remove()
                self.outputs.remove(moving)
                if moving in self.made:
                    self.made.remove(moving)
        except BaseException as exc:
            if not done:
                raise  # nothing of the set moved: the error says what it is
            # Part of the set is new: say which, and that the rest kept what it held.
            shown = ", ".join(str(p) for p in done)
            if isinstance(exc, Exception):
                cause = exc.__cause__ if isinstance(exc.__cause__, OSError) else exc
                why = getattr(cause, "strerror", None) or str(cause)
                target = moving.target if moving is not None else "?"
                said = f"{target}: could not be put in place ({why})"
            else:
                said = "interrupted"
            raise AnnotatorError(
                f"{said}; it and the rest of this export's files keep their earlier "
                f"contents; already written by this export: {shown} (export again)"
            ) from exc
        finally:
            if journal is not None:
                journal.close()  # in this process the error above says what is new

    def abort(self) -> None:
        """Remove what is not in place yet: the targets keep what they held. One file that
        cannot be removed stops no other; the error names each that could not."""
        export_journal.release(self.told)  # nothing moved: the next run tells them again
        stuck: list[tuple[Path, OSError]] = []
        for output in dict.fromkeys([*self.made, *self.outputs]):
            try:
                output.abort()
            except OSError as exc:
                if not output.named:
                    stuck.append((output.temporary, exc))
        self.outputs.clear()
        self.made.clear()
        if stuck:
            raise AnnotatorError(_unremoved(stuck))


_HOLDING: contextvars.ContextVar[Held | None] = contextvars.ContextVar("holding", default=None)


@contextlib.contextmanager
def held() -> Iterator[Held]:
    """Commits inside leave each output whole beside its place, for `Held.publish` to move
    them in together, or `Held.abort` to remove them: a cancel or an error before the
    renames leaves none of a split export's files, even one while the last of them is
    finished (spaCy compresses its whole file in finish). The renames themselves take
    milliseconds; one failing among them leaves some new and the rest as they were, and
    `publish` names which; after a kill among them the next run does (export_journal's set
    entry). Leaving the block aborts what was not published."""
    group = Held()
    token = _HOLDING.set(group)
    try:
        yield group
    except BaseException as exc:
        _HOLDING.reset(token)
        try:
            group.abort()
        except AnnotatorError as left:  # the export's own error first, then the litter
            said = str(exc) or "interrupted"
            raise AnnotatorError(f"{said}; and {left}") from exc
        raise
    _HOLDING.reset(token)
    group.abort()


# -- a folder ---------------------------------------------------------------------------


def _digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _listing(names: list[str]) -> str:
    shown = ", ".join(sorted(names)[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _plain_name(name: str) -> bool:
    """A marker entry we could have written: one file name inside the folder, nothing that
    reaches out of it (absolute, a separator, `..`, a Windows drive's `C:`) or that no file
    system takes (NUL). Our names never hold these: safe_stem replaces them."""
    return (
        bool(name)
        and name not in (".", "..")
        and not any(c in name for c in "/\\:\x00")
        and not os.path.isabs(name)
    )


def _tool_cache(path: Path) -> bool:
    """brat's own cache: a regular file by that name; a folder so named is the user's."""
    return path.name in TOOL_CACHES and path.is_file() and not path.is_symlink()


def refusal(target: Path, fmt: str, *, check_contents: bool) -> str | None:
    """Why `target` must not be replaced by a `fmt` export; None when it may be.

    `check_contents` compares every file with the digest we wrote: a brat user edits the
    .ann files in place, and those edits are work no export may overwrite.
    """
    if target.is_symlink():
        return f"{target}: is a link; give the folder itself, or a new one"
    if not target.exists():
        return None
    if not target.is_dir():
        return f"{target}: is a file; give a folder for this export"
    try:
        names = os.listdir(target)
    except OSError as exc:
        return f"{target}: cannot be read ({exc.strerror})"
    if not names:
        return None
    marker = export_journal.marker(target)
    if marker is None or marker.get("format") != fmt:
        return (
            f"{target}: holds files ({_listing(names)}) and is not an earlier {fmt} export "
            "of Seed Annotator, so nothing was written; give a new or empty folder"
        )
    files: dict[str, Any] = marker["files"]
    if not all(_plain_name(name) for name in files):
        return (
            f"{target / MARKER}: lists files outside the folder, so it is not one Seed Annotator "
            "wrote and the folder is not recognisably an earlier export; nothing was written. "
            "Give a new or empty folder"
        )
    strangers = [n for n in names if n not in files and n != MARKER and not _tool_cache(target / n)]
    if strangers:
        return (
            f"{target}: holds files the earlier export did not write ({_listing(strangers)}); "
            "they would be lost, so nothing was written. Move them out, or give a new folder"
        )
    if check_contents:
        for name, digest in files.items():
            path = target / name
            if not os.path.lexists(path):
                continue  # deleted since: nothing of the user's to lose
            if not path.is_file() or path.is_symlink() or _digest(path) != digest:
                return (
                    f"{path}: changed since Seed Annotator wrote it (edited in brat?), so "
                    "nothing was written; import it first, or give a new folder"
                )
    return None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE): no moment without
    either. False where the system or file system cannot."""
    import ctypes  # here: the program's start need not pay for it

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = (
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    )
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


class AtomicDir(_Journaled):
    """A folder of files (brat: one .txt and .ann per document) built beside `target` and
    swapped in by commit(), with `.seed-export` listing what it holds."""

    def __init__(self, target: Path, fmt: str) -> None:
        self.target = Path(target)
        self.fmt = fmt
        self.names: list[str] = []  # the files commit() found in it, with the marker
        with export_journal.starting():  # no tidying sees the temp folder before it is locked
            self._entry = export_journal.start(self.target)
            try:
                problem = refusal(self.target, fmt, check_contents=False)  # before any work
                if problem:
                    raise AnnotatorError(problem)
                try:
                    made = tempfile.mkdtemp(
                        prefix=f".{self.target.name}{export_journal.TEMP_TAG}",
                        dir=self.target.parent,
                    )
                    self._lock = os.open(made, os.O_RDONLY)
                except OSError as exc:
                    raise write_error(self.target, exc) from exc
            except BaseException:
                self._entry.close()
                raise
            export_journal.try_lock(self._lock)  # held while it is built: in use, not litter
        self.path = Path(made)
        self.temporary = self.path
        self._joined()

    def commit(self) -> Path:
        """Swap the new folder in; the replaced one goes once the new one is in place.
        Inside `held()`, leave it complete beside its place for the group to swap in."""
        files = {p.name: _digest(p) for p in sorted(self.path.iterdir()) if p.name != MARKER}
        marker = {"format": self.fmt, "by": f"Seed Annotator {__version__}", "files": files}
        (self.path / MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
        self.names = sorted([*files, MARKER])
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o777 & ~_UMASK)
        for path in self.path.iterdir():  # on the disk before the folder takes the name
            _sync_file(path)
        sync_folder(self.path)
        group = _HOLDING.get()
        if group is not None:
            group.outputs.append(self)
            return self.target
        self._check()
        return self._publish()

    def _check(self) -> None:
        problem = refusal(self.target, self.fmt, check_contents=True)  # it may have changed
        if problem:
            raise AnnotatorError(problem)

    def _publish(self) -> Path:
        try:
            if not os.path.lexists(self.target):
                os.rename(self.path, self.target)
            elif _exchange(self.path, self.target):
                shutil.rmtree(self.path, ignore_errors=True)  # it holds the replaced export now
            else:
                self._two_renames()
        except OSError as exc:
            raise write_error(self.target, exc) from exc
        sync_folder(self.target.parent)
        self._release(placed=True)
        return self.target

    def _two_renames(self) -> None:
        """Where no exchange exists: the old folder aside, the new one in, the old one out.
        A kill between the first two leaves `.NAME.old`, which the next run puts back."""
        old = self.target.with_name(f".{self.target.name}{export_journal.OLD}")
        if os.path.lexists(old):
            raise AnnotatorError(f"{old}: is in the way of the export; move it away first")
        os.rename(self.target, old)
        try:
            os.rename(self.path, self.target)
        except OSError:
            os.rename(old, self.target)  # the user's folder back where it was
            raise
        tag = f".{self.target.name}{export_journal.TEMP_TAG}"
        try:  # the new folder is in place: what follows is tidying, never a failure
            trash = Path(tempfile.mkdtemp(prefix=tag, dir=old.parent))
            os.rename(old, trash / "old")
        except OSError:
            return  # .NAME.old goes with the next export there (export_journal.recover)
        shutil.rmtree(trash, ignore_errors=True)

    def abort(self) -> None:
        """Remove the temp folder; an OSError says it could not be (the target is untouched)."""
        failures: list[OSError] = []

        def note(_fn: Any, _path: str, exc: BaseException) -> None:
            if isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError):
                failures.append(exc)

        shutil.rmtree(self.path, onexc=note)
        if failures and os.path.lexists(self.path):
            self._release(kept=True)
            raise failures[0]
        self._release()
