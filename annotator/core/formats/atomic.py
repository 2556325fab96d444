"""Output that appears whole or not at all: written beside the target, moved into place."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from annotator.core.errors import AnnotatorError

# mkstemp/mkdtemp make owner-only files (0600, 0700); an export gets the mode any new
# file would, or Label Studio or doccano running as another user cannot read it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class AtomicFile:
    """A binary file written at `<target>.part-*` and renamed onto `target` by commit()."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        if self.target.is_dir():
            raise AnnotatorError(f"{self.target}: is a folder; give a file name for the export")
        try:
            fd, tmp = tempfile.mkstemp(
                prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent
            )
        except OSError as exc:
            raise AnnotatorError(f"{self.target}: cannot write here ({exc.strerror})") from exc
        self.part = Path(tmp)
        self.handle: BinaryIO = os.fdopen(fd, "wb")

    def commit(self) -> Path:
        self.handle.close()
        with contextlib.suppress(OSError):  # file systems without modes (FAT, SMB)
            os.chmod(self.part, 0o666 & ~_UMASK)
        os.replace(self.part, self.target)
        return self.target

    def abort(self) -> None:
        self.handle.close()
        self.part.unlink(missing_ok=True)


class AtomicDir:
    """A folder of files (brat: one .txt and .ann per document) built beside `target`.

    commit() replaces an existing target folder only if it holds nothing but files this
    kind of export writes, so a typo cannot wipe someone's folder.
    """

    def __init__(self, target: Path, owned_suffixes: tuple[str, ...]) -> None:
        self.target = Path(target)
        self.owned = owned_suffixes
        if self.target.exists() and not self.target.is_dir():
            raise AnnotatorError(f"{self.target}: is a file; give a folder for this export")
        if self.target.is_dir():
            strangers = [p.name for p in self.target.iterdir() if p.suffix not in self.owned]
            if strangers:
                raise AnnotatorError(
                    f"{self.target}: holds other files ({strangers[0]} ...); "
                    "give an empty or new folder"
                )
        try:
            self.path = Path(
                tempfile.mkdtemp(prefix=f".{self.target.name}.", dir=self.target.parent)
            )
        except OSError as exc:
            raise AnnotatorError(f"{self.target}: cannot write here ({exc.strerror})") from exc

    def commit(self) -> Path:
        old = None
        if self.target.exists():
            old = self.target.with_name(f".{self.target.name}.old")
            shutil.rmtree(old, ignore_errors=True)  # left by an export that was killed
            os.replace(self.target, old)
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o777 & ~_UMASK)
        try:
            os.replace(self.path, self.target)
        except OSError:
            if old is not None:
                os.replace(old, self.target)  # the user's folder back where it was
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return self.target

    def abort(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
