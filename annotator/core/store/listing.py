"""The document list's SQL: filtered, paged rows of titles and counts, never the texts.

Every query walks document ids in order (the documents rowid, `documents_lang`, or the
full-text index, which all yield ids in order) and tests the other filters with an indexed
probe per document, so a page costs its own rows, not the corpus. Pages after the first go by
key (`id > last id`) instead of OFFSET, which would step over every earlier row again."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from annotator.core.model import Status
from annotator.core.store.failures import reading_search_index
from annotator.core.store.labels import AnnotatorRepository
from annotator.core.text.fold import search_key

# No annotator has this id: an annotator who never saved anything matches no status or span.
_NOBODY = -1
_FINISHED = (Status.DONE.value, Status.REVIEWED.value)
PREFIX_MIN = 3
# A status held by fewer than one document in _SPARSE_RATIO is looked up, not probed for.
_SPARSE_RATIO = 8


@dataclass(frozen=True)
class DocumentQuery:
    """What the list shows: one annotator's view of the corpus, narrowed by the filters.

    `status` NEW also matches documents the annotator never touched (no status row). `label`
    keeps documents where the annotator has at least one span with that label. `search` holds
    words that must all occur in the title or text, in any Persian/Arabic spelling; the last
    one may be the start of a word (of PREFIX_MIN letters or more), so the list narrows
    while the user is still typing.
    """

    annotator: str
    status: Status | None = None
    lang: str | None = None
    label: str | None = None
    search: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One line of the list: enough to show and find a document, without its text."""

    id: int
    ext_id: str
    title: str
    lang: str
    status: Status
    span_count: int


def match_expression(search: str | None) -> str | None:
    """The FTS5 query for what the user typed: every word, and words starting with the last.

    Words go through `search_key` like the indexed text, and are quoted so that FTS5 syntax
    characters in them are only characters. The last word counts as a prefix once it has
    PREFIX_MIN characters, so the list narrows while the user types; a shorter prefix
    expands to thousands of terms ("ال"* costs 0.4 s on 100,000 articles). None when
    nothing searchable was typed.
    """
    words = [w for w in search_key(search or "").split() if w]
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if len(words[-1]) >= PREFIX_MIN:
        quoted[-1] += "*"
    return " ".join(quoted)


@dataclass
class _Sql:
    """The FROM and WHERE of one query, with its parameters in order.

    `key` is the column rows are ordered and paged by: the document id, read from the
    full-text index itself when searching, which yields its matches in rowid order. Filters
    are written against the key so that counting never reads the documents' pages (each
    holds one article's text): only indexes.
    """

    annotator_id: int
    source: str = "documents d"
    key: str = "d.id"
    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)
    empty: bool = False  # a search with no words matches nothing, without asking SQLite

    def add(self, clause: str, *params: object) -> None:
        self.where.append(clause.replace("{key}", self.key))
        self.params.extend(params)

    def clause(self, *extra: str) -> str:
        parts = [*self.where, *(e.replace("{key}", self.key) for e in extra)]
        return " WHERE " + " AND ".join(parts) if parts else ""


_ROW_COLUMNS = (
    "SELECT d.id, d.ext_id, d.title, d.lang, coalesce(("
    "SELECT st.status FROM document_status st WHERE st.document_id = d.id "
    "AND st.annotator_id = ?), 'new'), ("
    "SELECT count(*) FROM spans s WHERE s.document_id = d.id AND s.annotator_id = ?) "
)


def _row(row: tuple) -> DocumentRow:
    doc_id, ext_id, title, lang, status, spans = row
    return DocumentRow(int(doc_id), ext_id, title, lang, Status(status), int(spans))


class ListingRepository:
    """Reads for the document list; writes go through the other repositories."""

    def __init__(self, db: Database, annotators: AnnotatorRepository) -> None:
        self._db = db
        self._annotators = annotators

    def _sql(self, query: DocumentQuery) -> _Sql:
        found = self._annotators.find(query.annotator)
        sql = _Sql(_NOBODY if found is None else found)
        if query.search is not None and query.search.strip():
            match = match_expression(query.search)
            if match is None:
                sql.empty = True
                return sql
            sql.source = "documents_fts f"
            sql.key = "f.rowid"
            sql.add("documents_fts MATCH ?", match)
            if query.lang:
                # The (lang, rowid) index answers without reading the document's page.
                sql.add(
                    "EXISTS (SELECT 1 FROM documents l INDEXED BY documents_lang "
                    "WHERE l.lang = ? AND l.id = {key})",
                    query.lang,
                )
        elif query.lang:
            sql.add("d.lang = ?", query.lang)  # documents_lang holds the ids in order
        if query.status is not None:
            self._status_filter(sql, Status(query.status))
        if query.label:
            # Walks the document's spans through spans_document (document_id, annotator_id).
            sql.add(
                "EXISTS (SELECT 1 FROM spans s WHERE s.document_id = {key} "
                "AND s.annotator_id = ? AND s.label = ?)",
                sql.annotator_id,
                query.label,
            )
        return sql

    def _status_filter(self, sql: _Sql, status: Status) -> None:
        if status is Status.NEW:
            # No status row, or one saying new: one primary-key probe per document.
            sql.add(
                "NOT EXISTS (SELECT 1 FROM document_status st WHERE st.document_id = {key} "
                "AND st.annotator_id = ? AND st.status != 'new')",
                sql.annotator_id,
            )
            return
        # Few documents in this status (done, early in a project): list them through the
        # (annotator_id, status) index, or every page would probe the whole corpus to find
        # them. Many: probing each document in id order fills a page sooner.
        matching = self._db.execute(
            "SELECT count(*) FROM document_status WHERE annotator_id = ? AND status = ?",
            [sql.annotator_id, status.value],
        ).fetchone()[0]
        if matching * _SPARSE_RATIO < self._total():
            sql.add(
                "{key} IN (SELECT document_id FROM document_status "
                "WHERE annotator_id = ? AND status = ?)",
                sql.annotator_id,
                status.value,
            )
        else:
            sql.add(
                "EXISTS (SELECT 1 FROM document_status st WHERE st.document_id = {key} "
                "AND st.annotator_id = ? AND st.status = ?)",
                sql.annotator_id,
                status.value,
            )

    def _total(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def _rows(
        self, sql: _Sql, extra: list[str], params: list[object], limit: int, offset: int
    ) -> list[DocumentRow]:
        if sql.empty or limit <= 0:
            return []
        source = sql.source
        if source != "documents d":
            # CROSS JOIN keeps the index outermost: its rowid order is the list's order.
            source += " CROSS JOIN documents d ON d.id = f.rowid"
        with reading_search_index(self._db):
            rows = self._db.execute(
                f"{_ROW_COLUMNS} FROM {source}{sql.clause(*extra)} "
                f"ORDER BY {sql.key} LIMIT ? OFFSET ?",
                [
                    sql.annotator_id,
                    sql.annotator_id,
                    *sql.params,
                    *params,
                    limit,
                    max(offset, 0),
                ],
            ).fetchall()
        return [_row(row) for row in rows]

    def _count(self, sql: _Sql, extra: str | None = None, param: object = None) -> int:
        """Count matches; over documents, by walking `documents_lang`, never the table.

        Left to itself SQLite counts `id < ?` along the table's rowid, reading one page per
        article (130 ms for 100,000); the (lang, rowid) index holds every id in ~1 MB (5 ms).
        """
        if sql.empty:
            return 0
        source = sql.source
        if source == "documents d":
            source = "documents d INDEXED BY documents_lang"
        where = sql.clause(extra) if extra else sql.clause()
        params = [*sql.params, param] if extra else sql.params
        with reading_search_index(self._db):
            found = self._db.execute(f"SELECT count(*) FROM {source}{where}", params).fetchone()
        return int(found[0])

    def _exists(self, sql: _Sql, document_id: int) -> bool:
        if sql.empty:
            return False
        with reading_search_index(self._db):
            found = self._db.execute(
                f"SELECT 1 FROM {sql.source}{sql.clause('{key} = ?')}", [*sql.params, document_id]
            ).fetchone()
        return found is not None

    def page(self, query: DocumentQuery, offset: int, limit: int) -> list[DocumentRow]:
        """Rows `offset` to `offset + limit` of the filtered list, in document id order.

        OFFSET re-walks the rows before it; a list that reads on from its last row should use
        `page_after`, which costs the same at the end of the corpus as at its start.
        """
        return self._rows(self._sql(query), [], [], limit, offset)

    def page_after(self, query: DocumentQuery, after_id: int, limit: int) -> list[DocumentRow]:
        """Up to `limit` matching rows with an id above `after_id` (0: from the start)."""
        return self._rows(self._sql(query), ["{key} > ?"], [after_id], limit, 0)

    def count(self, query: DocumentQuery) -> int:
        """How many documents match; reads indexes only, never the documents' pages."""
        if query.status is not None and not (query.lang or query.label or query.search):
            return self._count_status(query.annotator, Status(query.status))
        return self._count(self._sql(query))

    def _count_status(self, annotator: str, status: Status) -> int:
        """The status combo alone: counted in the (annotator_id, status) index, ~1 ms."""
        found = self._annotators.find(annotator)
        annotator_id = _NOBODY if found is None else found
        if status is Status.NEW:
            touched = self._db.execute(
                "SELECT count(*) FROM document_status WHERE annotator_id = ? AND status != ?",
                [annotator_id, Status.NEW.value],
            ).fetchone()[0]
            return self._total() - int(touched)
        return int(
            self._db.execute(
                "SELECT count(*) FROM document_status WHERE annotator_id = ? AND status = ?",
                [annotator_id, status.value],
            ).fetchone()[0]
        )

    def row(self, document_id: int, annotator: str) -> DocumentRow:
        """One document's line, re-read after a span or status change; KeyError if gone."""
        rows = self._rows(self._sql(DocumentQuery(annotator)), ["d.id = ?"], [document_id], 1, 0)
        if not rows:
            raise KeyError(document_id)
        return rows[0]

    def matches(self, query: DocumentQuery, document_id: int) -> bool:
        """Whether the filters let the document through."""
        return self._exists(self._sql(query), document_id)

    def index_of(self, query: DocumentQuery, document_id: int) -> int | None:
        """The document's row in the filtered list, or None when the filters leave it out."""
        sql = self._sql(query)
        if not self._exists(sql, document_id):
            return None
        return self._count(sql, "{key} < ?", document_id)

    def next_id(self, query: DocumentQuery, after_id: int) -> int | None:
        """The first matching document after `after_id`, for "done, next"; None at the end."""
        return self._neighbour(query, after_id, ">", "")

    def previous_id(self, query: DocumentQuery, before_id: int) -> int | None:
        """The last matching document before `before_id`; None at the start."""
        return self._neighbour(query, before_id, "<", " DESC")

    def _neighbour(self, query: DocumentQuery, pivot: int, op: str, order: str) -> int | None:
        sql = self._sql(query)
        if sql.empty:
            return None
        with reading_search_index(self._db):
            row = self._db.execute(
                f"SELECT {sql.key} FROM {sql.source}{sql.clause('{key} ' + op + ' ?')} "
                f"ORDER BY {sql.key}{order} LIMIT 1",
                [*sql.params, pivot],
            ).fetchone()
        return None if row is None else int(row[0])

    def progress(self, annotator: str) -> tuple[int, int]:
        """(finished, all) documents for the annotator; finished is done, or reviewed (gold)."""
        total = self._total()
        annotator_id = self._annotators.find(annotator)
        if annotator_id is None:
            return 0, total
        done = self._db.execute(
            "SELECT count(*) FROM document_status WHERE annotator_id = ? AND status IN (?, ?)",
            [annotator_id, *_FINISHED],
        ).fetchone()[0]
        return int(done), total

    def languages(self) -> list[str]:
        """The languages documents are tagged with, from the `documents_lang` index alone."""
        return [row[0] for row in self._db.execute("SELECT DISTINCT lang FROM documents")]
