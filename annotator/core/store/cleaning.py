"""A cleaned copy of a refused project: our schema, the file's usable data, none of its
own SQL.

Made only when the user asks (the window asks first, the command line has `clean-copy`).
The copy starts as a new file made by our migrations and takes the rows of our tables from
the original, opened read-only; the original is never written. Rows that our definitions
refuse (a changed table can hold them) are left out and counted, never silently dropped;
rows our readers cannot use (rows_check) are left out or emptied and named (salvage), so
that a file refused for them alone has a way forward too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from annotator.core.errors import Cancelled, ProjectError
from annotator.core.store import rows_check, salvage, schema, schema_check
from annotator.core.store.failures import Unwritable
from annotator.core.store.project import connect
from annotator.core.text.fold import search_key


@dataclass
class CleanReport:
    original: Path
    copy: Path
    dropped: list[str] = field(default_factory=list)  # objects that were not ours
    rebuilt: list[str] = field(default_factory=list)  # ours, changed or missing: made anew
    left_out: dict[str, int] = field(default_factory=dict)  # table -> rows our rules refuse
    # rows our readers could not use: left out or emptied, kind by kind (salvage)
    unusable: list[salvage.Unusable] = field(default_factory=list)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


Progress = Callable[[int, int], None]
# SQLite calls the progress handler every this many of its instructions: often enough that a
# cancel stops a copy of 100,000 documents at once, seldom enough to cost nothing.
CANCEL_POLL_INSTRUCTIONS = 10_000


def make_cleaned_copy(
    path: str | Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CleanReport:
    """Write `NAME.cleaned.seedproj` beside `path` (never over an existing file).

    `progress(done, total)` counts the tables copied; `cancelled()` is polled while SQLite
    copies, and a cancel raises Cancelled with no copy left behind.
    """
    path = Path(path)
    if not path.is_file():
        raise ProjectError(f"{path}: no such project file")
    uri = _read_only_uri(path)
    try:
        applied, version, found, unusable = _inspect(path, uri)
    except sqlite3.DatabaseError as exc:
        raise ProjectError(
            f"{path}: is not a readable project file ({exc}); it was left untouched"
        ) from exc
    if not found and not unusable:
        raise ProjectError(
            f"{path}: holds only Seed Annotator's own schema and rows it can use; open it as it is"
        )
    report = CleanReport(path, path)
    for stranger in found:
        target = report.dropped if stranger.problem == "foreign" else report.rebuilt
        target.append(str(stranger.object))
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".cleaning", dir=path.parent)
    except OSError as exc:  # a read-only folder, disk or share: the way out is elsewhere
        reason = _unwritable_folder(exc)
        raise ProjectError(
            f"{path}: no copy can be made beside it ({reason}); nothing was changed. Copy "
            "the file to a folder you can write to and make the copy of it there",
            kind="no-copy-here", path=path, detail=reason,
        ) from exc  # fmt: skip
    os.close(fd)
    tmp = Path(name)
    try:
        _build(tmp, uri, applied, version, report, progress or _no_progress, cancelled)
        # The original's permissions, once written (a read-only original's mode given
        # before made SQLite open the copy read-only), and always the owner's to write:
        # the copy is to be worked in.
        with contextlib.suppress(OSError):
            os.chmod(tmp, (path.stat().st_mode & 0o777) | 0o600)
        report.copy = _place(tmp, path)
    except sqlite3.Error as exc:  # a damaged page met while copying: said, no copy left
        tmp.unlink(missing_ok=True)
        if cancelled is not None and cancelled():
            raise Cancelled(f"{path}: no cleaned copy was made (cancelled)") from exc
        raise ProjectError(
            f"{path}: could not be read whole ({exc}); no cleaned copy was made, and the "
            "file was left untouched"
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return report


def _unwritable_folder(exc: OSError) -> Unwritable:
    if exc.errno == errno.EROFS:
        return Unwritable("disk", "the disk it is on is read-only")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Unwritable("folder", "its folder is not writable")
    return Unwritable("", exc.strerror or str(exc))


def _read_only_uri(path: Path) -> str:
    """Read-only, and without the -wal and -shm files a read-only WAL reader leaves behind,
    unless a -wal with changes in it is there already (then it must be read)."""
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() and wal.stat().st_size else "immutable=1"
    return f"{path.resolve().as_uri()}?{mode}"


def _inspect(
    path: Path, uri: str
) -> tuple[tuple[str, ...], int, list[schema_check.Stranger], list[str]]:
    """Which of our migrations the file says it had, its version, what is not ours, and
    (when its schema is ours) the rows our readers could not use."""
    conn = connect(uri, uri=True)
    try:
        db = Database(conn, execute_plugins=False)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != schema.APPLICATION_ID:
            raise ProjectError(f"{path}: is not a Seed Annotator project; nothing was made")
        names = [m.name for m in schema.migrations._migrations]
        objects = schema_check.read_schema(conn)
        if schema_check.migrations_table_stranger(objects) is None:
            applied = {m.name for m in schema.migrations.applied(db)}
        else:  # the record itself is not to be trusted: the version says as much
            applied = set(names[:version])
        if version > schema.SCHEMA_VERSION or applied - set(names):
            raise ProjectError(
                f"{path}: was written by a newer version of Seed Annotator; update first"
            )
        ordered = tuple(n for n in names if n in applied)
        if ordered != tuple(names[: len(ordered)]):
            raise ProjectError(f"{path}: its record of schema changes is not one we write")
        found = schema_check.strangers(objects, ordered)
        # A file with SQL of its own gets a copy anyway; its rows are seen to as they go in.
        return ordered, version, found, [] if found else rows_check.unreadable_rows(db)
    finally:
        conn.close()


def _no_progress(done: int, total: int) -> None:
    pass


def _build(
    tmp: Path,
    uri: str,
    applied: tuple[str, ...],
    version: int,
    report: CleanReport,
    progress: Progress,
    cancelled: Callable[[], bool] | None,
) -> None:
    conn = connect(tmp.resolve().as_uri(), uri=True)
    if cancelled is not None:  # a non-zero answer interrupts the statement running
        conn.set_progress_handler(lambda: 1 if cancelled() else 0, CANCEL_POLL_INSTRUCTIONS)
    try:
        db = Database(conn, execute_plugins=False)
        names = [m.name for m in schema.migrations._migrations]
        if applied:
            stop = names[len(applied)] if len(applied) < len(names) else None
            schema.migrations.apply(db, stop_before=stop)
        conn.execute("PRAGMA foreign_keys = OFF")  # rows come in any order; checked below
        conn.execute("ATTACH DATABASE ? AS src", [uri])
        with db.atomic():
            left_out = Counter(_copy_rows(conn, applied, progress))
            # Before the orphans: a span on no document is named here, not merely counted.
            report.unusable = salvage.set_aside(conn)
            left_out.update(_drop_orphans(conn))
            salvage.forget_absent(conn)
            _record_team_changes(conn)
            _reindex(conn)
        conn.execute("DETACH DATABASE src")
        conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {int(version)}")
        report.left_out = {t: n for t, n in sorted(left_out.items()) if n}
        still = [str(s) for s in schema_check.strangers(schema_check.read_schema(conn), applied)]
        still += rows_check.unreadable_rows(Database(conn, execute_plugins=False))
        if still:  # cannot happen short of a bug here: never hand out a copy that is not clean
            raise ProjectError(f"{report.original}: the cleaned copy still holds {still[0]}")
    finally:
        conn.close()


def _copy_rows(
    conn: sqlite3.Connection, applied: tuple[str, ...], progress: Progress
) -> dict[str, int]:
    """Our tables' rows, through our definitions; returns the rows each table refused."""
    ours = schema_check.reference_schema(applied)
    total_steps, step = len(ours) + 1, 0
    virtual = [o.name for o in ours.values() if (o.sql or "").startswith("create virtual table")]
    theirs = {o.name: o for o in schema_check.read_schema(conn, "src") if o.type == "table"}
    refused: dict[str, int] = {}
    for (kind, name), _obj in ours.items():
        step += 1
        progress(step, total_steps)
        if kind != "table" or name in virtual or any(name.startswith(v + "_") for v in virtual):
            continue
        source = theirs.get(name)
        if source is None or (source.sql or "").startswith("create virtual table"):
            continue
        columns = [r[1] for r in conn.execute(f"PRAGMA main.table_info({_quote(name)})")]
        present = {r[1] for r in conn.execute(f"PRAGMA src.table_info({_quote(name)})")}
        shared = ", ".join(_quote(c) for c in columns if c in present)
        if not shared:
            continue
        if name == schema.migrations.migrations_table:
            continue  # the copy's own record, of the migrations that made it (a record
            # the file changed must not say more than was really applied)
        # Rows with unusable offsets are named by salvage, not counted here.
        keep = f" WHERE NOT ({rows_check.NOT_WHOLE})" if salvage.has_offsets(conn, name) else ""
        total = conn.execute(f"SELECT count(*) FROM src.{_quote(name)}{keep}").fetchone()[0]
        cursor = conn.execute(
            f"INSERT OR IGNORE INTO main.{_quote(name)} ({shared}) "
            f"SELECT {shared} FROM src.{_quote(name)}{keep}"
        )
        refused[name] = total - cursor.rowcount
    return refused


def _drop_orphans(conn: sqlite3.Connection) -> Counter[str]:
    """Rows pointing at rows that are not there (or were refused); a span whose document is
    gone leaves its relations orphaned in turn, hence the loop."""
    dropped: Counter[str] = Counter()
    while True:
        bad = conn.execute("PRAGMA main.foreign_key_check").fetchall()
        if not bad:
            return dropped
        for table, rowid, _parent, _fk in bad:
            conn.execute(f"DELETE FROM main.{_quote(table)} WHERE rowid = ?", [rowid])
            dropped[table] += 1


def _record_team_changes(conn: sqlite3.Connection) -> None:
    """A team working copy's triggers (TeamRepository.record_changes), made last so that
    nothing of the cleaning is queued. Our migrations make none, and until the first sync
    remade them an edit (an import from the command line) went unsent, and a span added
    after a delete took the freed local id under the removed span's global id."""
    if (
        not conn.execute(
            "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'team_layers'"
        ).fetchone()
        or not conn.execute("SELECT 1 FROM main.team_layers LIMIT 1").fetchone()
    ):
        return
    for statement in schema.TEAM_TRIGGERS:
        conn.execute(statement)


def _reindex(conn: sqlite3.Connection) -> None:
    """The search index is made from the documents, not copied: its rows cannot be checked."""
    if not conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'documents_fts'").fetchone():
        return
    rows = conn.execute("SELECT id, title, text FROM main.documents").fetchall()
    conn.executemany(
        "INSERT INTO documents_fts(rowid, title, body) VALUES (?, ?, ?)",
        ((doc_id, search_key(title), search_key(text)) for doc_id, title, text in rows),
    )


def _place(tmp: Path, original: Path) -> Path:
    """`NAME.cleaned.seedproj`, or `NAME.cleaned-2.seedproj` ...: an existing file is kept."""
    for n in range(1, 1000):
        tag = "cleaned" if n == 1 else f"cleaned-{n}"
        target = original.with_name(f"{original.stem}.{tag}{original.suffix}")
        try:
            os.link(tmp, target)  # fails if the name is taken, unlike a rename
        except FileExistsError:
            continue
        except OSError:  # no hard links here (FAT, some network shares)
            if target.exists():
                continue
            os.replace(tmp, target)
            return target
        with contextlib.suppress(OSError):
            tmp.unlink()
        return target
    raise ProjectError(f"{original}: too many cleaned copies beside it; remove some first")
