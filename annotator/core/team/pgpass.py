"""Passwords in libpq's own password file (PGPASSFILE, else ~/.pgpass), mode 0600.

libpq reads it on every connection, so the program never holds a password after joining
and never writes one into a project file, the settings or a log. (The system keyring was
the other choice; it is a further dependency, and without a desktop session it has no
backend at all, where this file works everywhere libpq does.)
"""

from __future__ import annotations

import os
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
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    os.chmod(target, 0o600)  # libpq ignores a file others may read
    return target
