"""Opening a project file safely: identify it, refuse newer ones, back up, migrate."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from annotator.core.errors import ForeignSchemaError, ProjectError
from annotator.core.model import DEFAULT_LABELS
from annotator.core.store import schema, schema_check
from annotator.core.store.actors import ActorRepository
from annotator.core.store.documents import DocumentRepository
from annotator.core.store.labels import AnnotatorRepository, LabelRepository
from annotator.core.store.listing import ListingRepository
from annotator.core.store.review import ReviewRepository
from annotator.core.store.settings import SettingsRepository
from annotator.core.store.spans import SpanRepository
from annotator.core.store.stats import StatsRepository
from annotator.core.store.status import StatusRepository
from annotator.core.store.suggestions import SuggestionRepository

BUSY_TIMEOUT_S = 5.0


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Project:
    """One open project file. Not shared between threads: open one per thread."""

    def __init__(self, path: Path, db: Database) -> None:
        self.path = path
        self.db = db
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

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Project:
        """Open (and with `create`, make) a project; never overwrites a file it cannot read."""
        path = Path(path)
        if path.is_dir():
            raise ProjectError(f"{path}: is a folder, not a project file")
        existed = path.exists() and path.stat().st_size > 0
        if not existed and not create:
            raise ProjectError(f"{path}: no such project (import documents to create it)")
        if not existed:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ProjectError(f"{path}: cannot create the project: {exc.strerror}") from exc
        try:
            conn = connect(path)
        except sqlite3.Error as exc:
            raise ProjectError(f"{path}: cannot open the project: {exc}") from exc
        try:
            db = Database(conn, execute_plugins=False)
            check_file(path, db, existed)
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA synchronous = FULL")  # a tag shown as saved survives power loss
            _migrate(path, db)
            db.enable_wal()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _explain(path, exc) from exc
        except BaseException:
            conn.close()
            raise
        project = cls(path, db)
        if not existed:
            project._seed_defaults()
        return project

    def _seed_defaults(self) -> None:
        with self.transaction():
            for label in DEFAULT_LABELS:
                self.labels.add(label)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (nested blocks use savepoints)."""
        try:
            with self.db.atomic():
                yield
        except sqlite3.OperationalError as exc:
            raise _explain(self.path, exc) from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
    """A connection on which a file's schema can run no SQL of its own choosing.

    `trusted_schema=OFF` keeps functions with side effects out of views, triggers and
    defaults; defensive mode refuses `writable_schema` and the other ways ordinary SQL can
    corrupt a file. Neither replaces the comparison with our schema (`check_file`).
    """
    conn = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_S, uri=uri)
    try:
        conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
        conn.execute("PRAGMA trusted_schema = OFF")
    except BaseException:
        conn.close()
        raise
    return conn


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


def _migrate(path: Path, db: Database) -> None:
    pending = schema.migrations.pending(db)
    if not pending:
        return
    if schema.migrations.applied(db):
        _backup(path, db)
    schema.migrations.apply(db)
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")


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


def _explain(path: Path, exc: sqlite3.Error) -> ProjectError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return ProjectError(
            f"{path}: the project is locked by another program (waited {BUSY_TIMEOUT_S:.0f} s); "
            "close it there and try again"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return ProjectError(
            f"{path}: is not a readable project file ({text}); it was left untouched"
        )
    if "readonly" in text:
        return ProjectError(f"{path}: the project file is read-only")
    return ProjectError(f"{path}: {text}")
