"""Documents: insertion with their search index, lookups for de-duplication, streaming reads."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from annotator.core.model import Document, DocumentInfo, NewDocument
from annotator.core.store import schema
from annotator.core.store.failures import reading_search_index
from annotator.core.text.fold import search_key

SQL_MAX_INT = 2**63 - 1  # SQLite's largest integer: a LIMIT above it is "all of them"
_REBUILD_BATCH = 500
# The index exactly as the migration makes it: sqlite_master keeps the statement's text,
# which the schema check compares with the migrations' when the project is opened.
_FTS_TABLE = "documents_fts"
_CREATE_FTS = next(
    sql for sql in schema._V1 if sql.startswith(f"CREATE VIRTUAL TABLE {_FTS_TABLE} ")
)

_DOC_COLUMNS = (
    "id, ext_id, title, lang, text, original, offset_map, meta, normalizer, "
    "text_sha256, original_sha256"
)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class DocumentKey:
    """Enough of a stored document to decide whether an incoming one is the same article."""

    id: int
    ext_id: str
    original_sha256: str
    text_sha256: str


def _document(row: tuple) -> Document:
    doc_id, ext_id, title, lang, text, original, offset_map, meta, normalizer, tsha, osha = row
    return Document(
        id=doc_id,
        ext_id=ext_id,
        title=title,
        lang=lang,
        text=text,
        original=text if original is None else original,
        offset_map_json=offset_map,
        meta=json.loads(meta),
        normalizer=normalizer,
        text_sha256=tsha,
        original_sha256=osha,
    )


class DocumentRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, doc: NewDocument) -> int:
        """Store one document and index it for search; the caller owns the transaction."""
        original = None if doc.original == doc.text else doc.original
        original_sha256 = doc.original_sha256 or sha256(doc.original)
        text_sha256 = original_sha256 if original is None else sha256(doc.text)
        cursor = self._db.execute(
            "INSERT INTO documents(ext_id, title, lang, text, original, offset_map, normalizer, "
            "text_sha256, original_sha256, length, meta, source, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc.ext_id,
                doc.title,
                doc.lang,
                doc.text,
                original,
                doc.offset_map_json,
                doc.normalizer,
                text_sha256,
                original_sha256,
                len(doc.text),
                json.dumps(doc.meta, ensure_ascii=False),
                doc.source,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ],
        )
        doc_id = int(cursor.lastrowid or 0)
        self._db.execute(
            "INSERT INTO documents_fts(rowid, title, body) VALUES (?, ?, ?)",
            [doc_id, search_key(doc.title), search_key(doc.text)],
        )
        return doc_id

    def key_by_ext_id(self, ext_id: str) -> DocumentKey | None:
        row = self._db.execute(
            "SELECT id, ext_id, original_sha256, text_sha256 FROM documents WHERE ext_id = ?",
            [ext_id],
        ).fetchone()
        return None if row is None else DocumentKey(*row)

    def key_by_original_sha256(self, digest: str) -> DocumentKey | None:
        row = self._db.execute(
            "SELECT id, ext_id, original_sha256, text_sha256 FROM documents "
            "WHERE original_sha256 = ? ORDER BY id LIMIT 1",
            [digest],
        ).fetchone()
        return None if row is None else DocumentKey(*row)

    def get(self, document_id: int) -> Document:
        row = self._db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise KeyError(document_id)
        return _document(row)

    def iter_all(self, lang: str | None = None) -> Iterator[Document]:
        """Every document in import order, one row at a time (never the corpus in memory)."""
        sql = f"SELECT {_DOC_COLUMNS} FROM documents"
        params: list[str] = []
        if lang:
            sql += " WHERE lang = ?"
            params.append(lang)
        for row in self._db.execute(sql + " ORDER BY id", params):
            yield _document(row)

    def infos(self, offset: int = 0, limit: int = 100) -> list[DocumentInfo]:
        rows = self._db.execute(
            "SELECT id, ext_id, title, lang, length FROM documents ORDER BY id LIMIT ? OFFSET ?",
            [limit, offset],
        ).fetchall()
        return [DocumentInfo(*row) for row in rows]

    def lang_and_meta(self, document_id: int) -> tuple[str, dict]:
        """Without the text: a 1 MB article is not read again to tag one date in it."""
        row = self._db.execute(
            "SELECT lang, meta FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise KeyError(document_id)
        return row[0], json.loads(row[1] or "{}")

    def ext_ids(self) -> list[tuple[int, str]]:
        """(id, external id) of every document, in import order."""
        return [(i, e) for i, e in self._db.execute("SELECT id, ext_id FROM documents ORDER BY id")]

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def search(self, query: str, limit: int = 50) -> list[DocumentInfo]:
        """Documents whose title or text hold every word of `query`, in any spelling variant."""
        words = [w for w in search_key(query).split() if w]
        if not words:
            return []
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        with reading_search_index(self._db):
            rows = self._db.execute(
                "SELECT d.id, d.ext_id, d.title, d.lang, d.length FROM documents_fts f "
                "JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH ? "
                "ORDER BY f.rank LIMIT ?",
                [match, min(max(limit, 0), SQL_MAX_INT)],
            ).fetchall()
        return [DocumentInfo(*row) for row in rows]

    def rebuild_search_index(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Make the full-text index again from the documents; returns how many it holds.

        The index is contentless (it keeps search keys, not a copy of the texts), so FTS5's
        own 'rebuild' cannot make it. Nor can emptying it ('delete-all') when its shadow
        tables are what is damaged (a config record FTS5 refuses, "invalid fts5 file
        format"): the table is dropped, made again by the migration's own statement, and
        every document indexed anew, as `add` does. All of it or none: a savepoint, inside
        the caller's transaction if there is one.
        """
        conn = self._db.conn
        conn.execute("SAVEPOINT rebuild_search_index")
        try:
            self._mend_version_record()
            conn.execute(f"DROP TABLE {_FTS_TABLE}")
            conn.execute(_CREATE_FTS)
            done = self._index_all(progress)
            conn.execute("RELEASE SAVEPOINT rebuild_search_index")
        except BaseException:
            if conn.in_transaction:  # an error may have ended the whole transaction
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK TO SAVEPOINT rebuild_search_index")
                    conn.execute("RELEASE SAVEPOINT rebuild_search_index")
            raise
        return done

    def _mend_version_record(self) -> None:
        """Put back the config record FTS5 reads before anything else, even a DROP TABLE of
        its index ('version' 4, as FTS5 writes it); the rest of the index is made anew.

        FTS5's shadow tables are read-only on a defensive connection, so that SQL from a
        file cannot write them: the defence is lowered for this one statement of ours."""
        conn = self._db.conn
        defensive = conn.getconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE)
        conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, False)
        try:
            conn.execute(f"INSERT OR REPLACE INTO {_FTS_TABLE}_config(k, v) VALUES ('version', 4)")
        finally:
            conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, defensive)

    def _index_all(self, progress: Callable[[int, int], None] | None) -> int:
        total, done, last = self.count(), 0, 0
        while True:
            rows = self._db.execute(
                "SELECT id, title, text FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                [last, _REBUILD_BATCH],
            ).fetchall()
            if not rows:
                return done
            self._db.conn.executemany(
                "INSERT INTO documents_fts(rowid, title, body) VALUES (?, ?, ?)",
                [(doc_id, search_key(title), search_key(text)) for doc_id, title, text in rows],
            )
            done, last = done + len(rows), rows[-1][0]
            if progress is not None:
                progress(done, total)
