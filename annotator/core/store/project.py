"""Opening a project file safely: identify it, check it, refuse newer ones, back up, migrate;
and its transactions, which take the write lock up front and explain every failure."""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from sqlite_utils import Database

from annotator.core.errors import (
    Cancelled,
    DamagedProject,
    ForeignSchemaError,
    ProjectBusy,
    ProjectError,
    ReadOnlyProject,
    UnusableRows,
)
from annotator.core.model import DEFAULT_LABELS
from annotator.core.store import failures, rows_check, schema, schema_check
from annotator.core.store.actors import ActorRepository
from annotator.core.store.documents import DocumentRepository
from annotator.core.store.failures import explain, real_path, unwritable
from annotator.core.store.labels import AnnotatorRepository, LabelRepository
from annotator.core.store.listing import ListingRepository
from annotator.core.store.predictions import PredictionRepository
from annotator.core.store.review import ReviewRepository
from annotator.core.store.settings import SettingsRepository
from annotator.core.store.spans import SpanRepository
from annotator.core.store.stats import StatsRepository
from annotator.core.store.status import StatusRepository
from annotator.core.store.suggestions import SuggestionRepository
from annotator.core.store.team import TeamRepository

BUSY_TIMEOUT_S = 5.0
# PRAGMA integrity_check reads every page and also finds index entries that disagree with
# their table (a hostile file's index pointing a digest at a planted row, which would steer
# our own deletes and look-ups to the wrong rows); quick_check finds only the first kind.
# benchmarks/check_project.py, 100,000 documents (807 MiB), warm, CPU time: quick_check
# 0.94 s, integrity_check 3.3 s (the spans table's three indexes take 2.6 s of it).
# Files up to this size are checked as they open (137 ms at 32 MiB); bigger ones before the
# first write on a connection (the window checks every file in the background, interruptibly,
# and holds writes until the check has passed).
CHECK_AT_OPEN_BYTES = 32 * 2**20
INTERRUPT_POLL_S = 0.02  # how soon a check notices that the user cancelled it


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@runtime_checkable
class _IdCache(Protocol):
    """A repository that remembers ids of rows a rollback can take back."""

    def forget_cache(self) -> None: ...


class Project:
    """One open project file. Not shared between threads: open one per thread."""

    def __init__(self, path: Path, db: Database, read_only: str | None = None) -> None:
        self.path = path
        self.db = db
        self.read_only = read_only  # why it was opened only for reading, or None
        self.verified = False  # SQLite's check (verify) passed on this connection
        # This connection made the file: no other program has it open yet (a team join
        # may then write while it reads the server; sync.TeamSync.pull).
        self.created = False
        self._wal = False  # the file is in WAL mode (set once it passed the check)
        self._held: str | None = None  # why writes are refused for now (hold_writes)
        self.settings = SettingsRepository(db)
        self.documents = DocumentRepository(db)
        self.labels = LabelRepository(db)
        self.annotators = AnnotatorRepository(db)
        self.spans = SpanRepository(db, self.annotators)
        self.status = StatusRepository(db, self.annotators)
        self.stats = StatsRepository(db)
        self.listing = ListingRepository(db, self.annotators)
        self.review = ReviewRepository(db)
        self.actors = ActorRepository(db)
        self.suggestions = SuggestionRepository(db)
        self.predictions = PredictionRepository(db)
        self.team = TeamRepository(db, self.annotators, self.documents)

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool = True,
        for_reading: bool = False,
        check_now: bool = True,
    ) -> Project:
        """Open (and with `create`, make) a project; never overwrites a file it cannot read.

        `for_reading`: a project that cannot be written here (a read-only file, folder or
        disk) opens read-only, and any write is then refused saying why. `check_now=False`:
        the caller checks the file elsewhere (the window, in the background) and holds its
        writes until then (`hold_writes`), so even a small file is not checked here.
        """
        path = Path(path)
        real = real_path(path)
        if real.is_dir():
            raise ProjectError(f"{path}: is a folder, not a project file")
        existed = real.exists() and real.stat().st_size > 0
        if not existed and not create:
            raise ProjectError(f"{path}: no such project (import documents to create it)")
        read_only = unwritable(real) if existed else None
        if read_only is not None and not for_reading:  # before SQLite leaves files beside it
            raise ReadOnlyProject(
                f"{path}: is read-only here ({read_only}); nothing was changed",
                kind="read-only", path=path, detail=read_only,
            )  # fmt: skip
        if not existed:
            try:
                real.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ProjectError(f"{path}: cannot create the project: {exc.strerror}") from exc
        try:
            conn = _connect_read_only(real) if read_only else connect(real)
        except sqlite3.Error as exc:
            raise explain(path, exc) from exc
        try:
            db = Database(conn, execute_plugins=False)
            check_file(path, db, existed)
            db.execute("PRAGMA foreign_keys = ON")
            project = cls(path, db, read_only)
            if check_now and existed and real.stat().st_size <= CHECK_AT_OPEN_BYTES:
                project.verify()
            if read_only is None:
                db.execute("PRAGMA synchronous = FULL")  # a tag shown as saved survives power loss
                project._migrate(existed)
                if not existed:
                    project.verified = True  # made here, just now
                    project.created = True
                if project.verified:
                    project._enable_wal()
            elif schema.migrations.pending(db):
                raise ReadOnlyProject(
                    f"{path}: was made by an older version of Seed Annotator and must be "
                    f"upgraded before it is read, but it is read-only here ({read_only}); "
                    "nothing was changed"
                )
        except sqlite3.Error as exc:  # a wait for a lock here was not measured: none is claimed
            conn.close()
            raise explain(path, exc) from exc
        except BaseException:
            conn.close()
            raise
        if not existed:
            project._seed_defaults()
        return project

    def _seed_defaults(self) -> None:
        with self.transaction():
            for label in DEFAULT_LABELS:
                self.labels.add(label)

    def verify(self, cancelled: Callable[[], bool] | None = None) -> None:
        """Refuse a file that fails SQLite's integrity_check (flipped bits, a torn page, an
        index that disagrees with its table) or holds rows our readers cannot use
        (rows_check), before anything is written into it: a write could spread the damage.
        Once per connection.

        `cancelled`: polled from another thread, which interrupts the check at once when it
        says so (SQLite's progress handler is not called inside its page check: on 100,000
        documents it went 1.2 s without a call); the check then raises Cancelled.
        """
        if self.verified:
            return
        done = threading.Event()
        # Held while the watcher interrupts, and by the check as it ends: an interrupt then
        # reaches only the check, never a later statement or a closed connection.
        ending = threading.Lock()
        if cancelled is not None:
            threading.Thread(
                target=self._interrupt_when, args=(cancelled, done, ending), daemon=True
            ).start()
        unusable: list[str] = []
        try:
            rows = [row[0] for row in self.db.execute("PRAGMA integrity_check(3)")]
            broken: list[str] = []
            if rows_check.broken_rules(rows):  # rows a copy leaves out; is the rest sound?
                broken, rows = rows, self._check_past_rules()
            if rows == ["ok"] or (broken and rows_check.broken_rules(rows)):
                # sound pages; now rows our readers could not use
                unusable = rows_check.unreadable_rows(self.db)
                # Both passes' lines: a NULL where none may be still shows in the second.
                past = [] if rows == ["ok"] else rows
                if rows_check.unexplained(self.db, broken + past, unusable):
                    rows, unusable = list(dict.fromkeys(broken + past)), []  # damage
                else:
                    rows = unusable
        except sqlite3.OperationalError as exc:
            if cancelled is not None and cancelled():
                raise Cancelled(f"{self.path}: the check was stopped") from exc
            raise explain(self.path, exc) from exc
        except sqlite3.Error as exc:
            raise explain(self.path, exc) from exc
        finally:
            with ending:
                done.set()
        if unusable:  # a copy without them can be made (cleaning): said apart from damage
            raise UnusableRows(self.path, unusable)
        if rows:
            lines = [line for row in rows for line in row.splitlines() if not line.startswith("*")]
            found = "; ".join(lines)
            raise DamagedProject(
                f"{self.path}: is damaged ({found}); nothing was changed",
                kind="damaged", path=self.path, detail=found,
            )  # fmt: skip
        self.mark_verified()

    def _check_past_rules(self) -> list[str]:
        """integrity_check again, without the CHECK constraints it found broken (its first
        three lines may all be those): only the rare file that breaks them pays twice."""
        self.db.execute("PRAGMA ignore_check_constraints = ON")
        try:
            return [row[0] for row in self.db.execute("PRAGMA integrity_check(3)")]
        finally:  # never left on: it would let our own writes past the CHECKs
            self.db.execute("PRAGMA ignore_check_constraints = OFF")

    def _interrupt_when(
        self, cancelled: Callable[[], bool], done: threading.Event, ending: threading.Lock
    ) -> None:
        while not done.wait(INTERRUPT_POLL_S):
            if cancelled():
                with ending:  # the check may have ended while the answer came
                    if not done.is_set():
                        self.db.conn.interrupt()  # the one call SQLite allows from a thread
                return

    def mark_verified(self) -> None:
        """The check passed, here or on another connection (the window checks in the
        background, so that opening a project never waits for it): writes may go in."""
        self.verified = True
        self._held = None

    def hold_writes(self, reason: str) -> None:
        """Refuse every write with `reason` (a message naming the file) until the check
        has passed: while the window checks the file in the background, or once that check
        found it damaged."""
        self._held = reason

    def _migrate(self, existed: bool) -> None:
        """Upgrade the schema in one transaction, with a copy of the file set aside first."""
        db = self.db
        if not schema.migrations.pending(db):
            return
        if existed:
            self.verify()
        if schema.migrations.applied(db):
            _backup(self.path, db)
        with self._immediate():
            schema.migrations.apply(db)
            db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (nested blocks use savepoints).

        The write lock is taken as the transaction begins (BEGIN IMMEDIATE): a transaction
        that read first and then found another program had written meanwhile could only
        fail (SQLITE_BUSY_SNAPSHOT, which no waiting cures). Rows a rollback takes back
        take their cached ids with them, whatever repository cached them.
        """
        if self.read_only is not None:
            raise ReadOnlyProject(
                f"{self.path}: is read-only here ({self.read_only}), so it was opened for "
                "reading only; nothing was changed",
                kind="read-only", path=self.path, detail=self.read_only,
            )  # fmt: skip
        if self.db.conn.in_transaction:
            with self._savepoint():
                yield
            return
        if self._held is not None:
            raise ProjectBusy(self._held)
        self.verify()
        self._enable_wal()
        with self._immediate():
            yield

    def _enable_wal(self) -> None:
        """Switching to WAL writes page 1: only into a file that passed the check, so that a
        file refused at its first write is left byte for byte as it came."""
        if not self._wal:
            self.db.enable_wal()
            self._wal = True

    @contextlib.contextmanager
    def _immediate(self) -> Iterator[None]:
        conn = self.db.conn
        started = time.monotonic()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise explain(self.path, exc, time.monotonic() - started) from exc
        try:
            yield
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:  # SQLITE_FULL and I/O errors may have rolled back already
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            self._forget_caches()
            if isinstance(exc, sqlite3.Error):
                raise explain(self.path, exc) from exc
            raise

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        conn = self.db.conn
        name = f"nested_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
            conn.execute(f"RELEASE SAVEPOINT {name}")
        except BaseException as exc:
            if conn.in_transaction:  # an error may have ended the whole transaction
                with contextlib.suppress(sqlite3.Error):
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
            self._forget_caches()
            if isinstance(exc, sqlite3.Error):
                raise explain(self.path, exc) from exc
            raise

    def _forget_caches(self) -> None:
        for repository in vars(self).values():
            if isinstance(repository, _IdCache):
                repository.forget_cache()

    def explained(self, exc: BaseException) -> ProjectError | None:
        """A database error met outside a transaction (a read), as the user's message; so
        is JSON stored nested past what Python reads (a hostile file passes every check
        of SQLite's and ours, then would end a read in a RecursionError)."""
        if isinstance(exc, sqlite3.Error):
            return explain(self.path, exc)
        if isinstance(exc, RecursionError):
            return DamagedProject(
                f"{self.path}: holds data nested too deeply to read (a damaged or hostile "
                "file); nothing was changed"
            )
        return None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, kind: object, exc: BaseException | None, trace: object) -> None:
        """A database error anywhere inside `with project:` leaves as a message naming the
        file (a damaged page is found when it is read), never as a traceback."""
        self.close()
        explained = self.explained(exc) if exc is not None else None
        if explained is not None:
            raise explained from exc


def connect(target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
    """A connection on which a file's schema can run no SQL of its own choosing.

    `trusted_schema=OFF` keeps functions with side effects out of views, triggers and
    defaults; defensive mode refuses `writable_schema` and the other ways ordinary SQL can
    corrupt a file. Neither replaces the comparison with our schema (`check_file`).
    """
    # isolation_level=None: no implicit deferred BEGIN before a write; transactions are
    # begun by Project.transaction, with the write lock taken up front.
    conn = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_S, uri=uri, isolation_level=None)
    try:
        conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
        conn.execute("PRAGMA trusted_schema = OFF")
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Read a project that cannot be written here, leaving nothing beside it.

    `mode=ro` makes -wal and -shm files when they are missing, owned by this process and
    read-only like the file; the owner's next open would find them read-only (and in a
    sticky shared folder could not even delete them). So a file this process may not write
    is read as it stands (`immutable=1`) unless a writer is at work on it: a -wal with
    changes in it (which must be read), or a -wal and -shm a writer has open (then `mode=ro`
    uses them and makes nothing). Only a process that may write the file and its folder
    opens with `mode=ro` otherwise (it can remove what it makes); if that fails because the
    -shm cannot be made and no -wal is there, no program is writing and it is read as it
    stands.
    """
    base = path.resolve().as_uri()
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    try:
        live = wal.exists() and (wal.stat().st_size > 0 or shm.exists())
    except OSError:
        live = True
    if not live and not _we_may_write(path):
        return connect(f"{base}?immutable=1", uri=True)
    conn = connect(f"{base}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        return conn
    except sqlite3.Error as exc:
        conn.close()
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code not in (failures.SQLITE_CANTOPEN, failures.SQLITE_READONLY) or wal.exists():
            raise
    return connect(f"{base}?immutable=1", uri=True)


def _we_may_write(path: Path) -> bool:
    """This process (its effective ids) may write the file and its folder, on a writable
    disk: what it would leave beside the file it could also remove."""
    real = path.resolve()
    if failures.read_only_disk(real.parent):
        return False
    return failures._may_write(real) and failures._may_write(real.parent)


def check_file(path: Path, db: Database, existed: bool) -> None:
    """Refuse, before anything is read through them or written, files that are not ours,
    are newer than this version, or carry SQL objects our migrations did not make."""
    objects = schema_check.read_schema(db.conn)
    _check_identity(path, db, existed, objects)
    applied = {m.name for m in schema.migrations.applied(db)}
    names = [m.name for m in schema.migrations._migrations]
    if applied != set(names[: len(applied)]):
        raise ProjectError(
            f"{path}: its record of schema changes ({', '.join(sorted(applied))}) is not one "
            "Seed Annotator writes; the file was not changed"
        )
    found = schema_check.strangers(objects, tuple(n for n in names if n in applied))
    if found:
        raise ForeignSchemaError(path, [str(s) for s in found])


def _check_identity(
    path: Path, db: Database, existed: bool, objects: list[schema_check.SchemaObject]
) -> None:
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    has_tables = any(o.type == "table" for o in objects)
    if existed and has_tables and app_id != schema.APPLICATION_ID:
        raise ProjectError(f"{path}: is an SQLite database, but not a Seed Annotator project")
    odd = schema_check.migrations_table_stranger(objects)
    if odd is not None:
        raise ForeignSchemaError(path, [str(odd)])
    if version > schema.SCHEMA_VERSION or _unknown_migrations(db):
        raise ProjectError(
            f"{path}: was written by a newer version of Seed Annotator (schema {version}; "
            f"this version reads up to {schema.SCHEMA_VERSION}). Update the application; "
            "the file was not changed."
        )


def _unknown_migrations(db: Database) -> set[str]:
    if not db[schema.migrations.migrations_table].exists():
        return set()
    return {m.name for m in schema.migrations.applied(db)} - schema.KNOWN_MIGRATIONS


def _backup(path: Path, db: Database) -> Path:
    """Copy the project aside before changing its schema, so a failed upgrade loses nothing."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.stem}.schema{version}-{stamp}.backup{path.suffix}")
    dest = connect(target)
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    return target
