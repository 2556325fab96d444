"""Passwords in libpq's own password file (PGPASSFILE, else ~/.pgpass), mode 0600.

libpq reads it on every connection, so the program never holds a password after joining
and never writes one into a project file, the settings or a log. (The system keyring was
the other choice; it is a further dependency, and without a desktop session it has no
backend at all, where this file works everywhere libpq does.)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from psycopg import ProgrammingError, conninfo

from annotator.core.team.connection import TeamError, redacted


def path() -> Path:
    return Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def save(url: str, password: str) -> Path:
    """Remember `password` for the URL's host, port, database and user (replacing an
    earlier line for the same four)."""
    try:
        parts = conninfo.conninfo_to_dict(url)
    except ProgrammingError as exc:
        raise TeamError(
            f"the team server address cannot be read: {redacted(url, str(exc).strip())}"
        ) from None
    fields = [
        str(parts.get("host") or "localhost"),
        str(parts.get("port") or "5432"),
        str(parts.get("dbname") or "*"),
        str(parts.get("user") or os.environ.get("PGUSER") or ""),
    ]
    if not fields[3]:
        raise TeamError("the server address names no user (postgresql://NAME@HOST/DB)")
    key = ":".join(_escape(f) for f in fields) + ":"
    target = path()
    lines = []
    if target.exists():
        lines = [
            line
            for line in target.read_text(encoding="utf-8").splitlines()
            if not line.startswith(key)
        ]
    lines.append(key + _escape(password))
    target.parent.mkdir(parents=True, exist_ok=True)
    _replace(target, "\n".join(lines) + "\n")
    return target


def _replace(target: Path, text: str) -> None:
    """Write a new file beside `target` and rename it over: the file holds the user's
    other saved passwords too, and a crash while rewriting it in place would lose them.
    Made 0600 from the start (libpq ignores a file others may read, and the passwords must
    never be readable by them even for a moment)."""
    target = target.resolve()  # a symlinked file is replaced where it really is
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):  # the rename itself survives a power cut
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
