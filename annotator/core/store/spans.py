"""Spans and relations: single edits for the window, whole-document replacement for imports."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from annotator.core.model import GOLD, NewRelation, NewSpan, Relation, Span
from annotator.core.store.labels import AnnotatorRepository

_SPAN_SELECT = (
    "SELECT s.id, s.document_id, a.name, s.label, s.char_start, s.char_end, s.text, s.attrs "
    "FROM spans s JOIN annotators a ON a.id = s.annotator_id "
)


# (label, start, end, text, attrs): a span as an import hands it over in bulk, a plain tuple
# because a frozen dataclass per span costs more than the row insert itself.
SpanRow = tuple[str, int, int, str, dict[str, Any]]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _attrs(raw: str) -> dict:
    return {} if raw == "{}" else json.loads(raw)  # most spans have none: skip the parser


def _span(row: tuple) -> Span:
    sid, doc_id, annotator, label, start, end, text, attrs = row
    return Span(sid, doc_id, annotator, label, start, end, text, _attrs(attrs))


@dataclass(frozen=True, slots=True)
class SpanChanges:
    """What replacing an annotator's spans on a document did, for the import report."""

    added: int = 0
    removed: int = 0
    unchanged: int = 0

    def __add__(self, other: SpanChanges) -> SpanChanges:
        return SpanChanges(
            self.added + other.added,
            self.removed + other.removed,
            self.unchanged + other.unchanged,
        )


class SpanRepository:
    def __init__(self, db: Database, annotators: AnnotatorRepository) -> None:
        self._db = db
        self._annotators = annotators

    def add(
        self, document_id: int, annotator: str, span: NewSpan, span_id: int | None = None
    ) -> Span:
        """Store a span; `span_id` brings a removed span back under its old id (undo)."""
        stamp = _now()
        if (
            span_id is not None
            and self._db.execute("SELECT 1 FROM spans WHERE id = ?", [span_id]).fetchone()
        ):
            span_id = None  # taken meanwhile (another window, an import): take a new one
        cursor = self._db.execute(
            "INSERT INTO spans(id, document_id, annotator_id, label, char_start, char_end, text, "
            "attrs, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                span_id,
                document_id,
                self._annotators.ensure(annotator),
                span.label,
                span.start,
                span.end,
                span.text,
                json.dumps(span.attrs, ensure_ascii=False),
                stamp,
                stamp,
            ],
        )
        return Span(
            int(cursor.lastrowid or 0),
            document_id,
            annotator,
            span.label,
            span.start,
            span.end,
            span.text,
            dict(span.attrs),
        )

    def get(self, span_id: int) -> Span:
        row = self._db.execute(_SPAN_SELECT + "WHERE s.id = ?", [span_id]).fetchone()
        if row is None:
            raise KeyError(span_id)
        return _span(row)

    def delete(self, span_id: int) -> None:
        self._db.execute("DELETE FROM spans WHERE id = ?", [span_id])

    def set_attrs(self, span_id: int, attrs: dict) -> None:
        self._db.execute(
            "UPDATE spans SET attrs = ?, updated_at = ? WHERE id = ?",
            [json.dumps(attrs, ensure_ascii=False) if attrs else "{}", _now(), span_id],
        )

    def relabel(self, span_id: int, label: str) -> None:
        self._db.execute(
            "UPDATE spans SET label = ?, updated_at = ? WHERE id = ?", [label, _now(), span_id]
        )

    def for_document(self, document_id: int, annotator: str | None = None) -> list[Span]:
        sql = _SPAN_SELECT + "WHERE s.document_id = ?"
        params: list[object] = [document_id]
        if annotator is not None:
            sql += " AND a.name = ?"
            params.append(annotator)
        rows = self._db.execute(sql + " ORDER BY s.char_start, s.char_end, s.id", params)
        return [_span(row) for row in rows]

    def add_relation(
        self, head_id: int, tail_id: int, rtype: str, relation_id: int | None = None
    ) -> Relation:
        """Store a relation; `relation_id` brings one back under its old id (undo)."""
        cursor = self._db.execute(
            "INSERT INTO relations(id, head_id, tail_id, type, attrs) VALUES (?, ?, ?, ?, '{}')",
            [relation_id, head_id, tail_id, rtype],
        )
        return Relation(int(cursor.lastrowid or 0), head_id, tail_id, rtype)

    def delete_relation(self, relation_id: int) -> None:
        self._db.execute("DELETE FROM relations WHERE id = ?", [relation_id])

    def restore_relation(self, relation: Relation) -> Relation:
        """Store a relation as it was, attributes too, under its old id when that is still
        free (undo); an id of 0, or one taken meanwhile, gets a new one."""
        relation_id: int | None = relation.id or None
        if (
            relation_id is not None
            and self._db.execute("SELECT 1 FROM relations WHERE id = ?", [relation_id]).fetchone()
        ):
            relation_id = None
        cursor = self._db.execute(
            "INSERT INTO relations(id, head_id, tail_id, type, attrs) VALUES (?, ?, ?, ?, ?)",
            [
                relation_id,
                relation.head_id,
                relation.tail_id,
                relation.type,
                json.dumps(relation.attrs, ensure_ascii=False) if relation.attrs else "{}",
            ],
        )
        return Relation(
            int(cursor.lastrowid or 0),
            relation.head_id,
            relation.tail_id,
            relation.type,
            dict(relation.attrs),
        )

    def holds_relation_type(self, rtype: str) -> bool:
        """Whether any relation is of `rtype`: a type the project holds already is the
        project's, and re-importing its own links must not be refused for its name."""
        found = self._db.execute("SELECT 1 FROM relations WHERE type = ? LIMIT 1", [rtype])
        return found.fetchone() is not None

    def relations_touching(self, span_id: int) -> list[Relation]:
        """The relations a span is the head or the tail of: what removing it takes along."""
        rows = self._db.execute(
            "SELECT id, head_id, tail_id, type, attrs FROM relations "
            "WHERE head_id = ? OR tail_id = ? ORDER BY id",
            [span_id, span_id],
        )
        return [Relation(i, h, t, ty, _attrs(at)) for i, h, t, ty, at in rows]

    def relations_from(self, head_id: int, rtype: str) -> list[Relation]:
        rows = self._db.execute(
            "SELECT id, head_id, tail_id, type, attrs FROM relations "
            "WHERE head_id = ? AND type = ? ORDER BY id",
            [head_id, rtype],
        )
        return [Relation(i, h, t, ty, _attrs(at)) for i, h, t, ty, at in rows]

    def relations_for(self, document_id: int, annotator: str) -> list[Relation]:
        rows = self._db.execute(
            "SELECT r.id, r.head_id, r.tail_id, r.type, r.attrs FROM relations r "
            "JOIN spans s ON s.id = r.head_id JOIN annotators a ON a.id = s.annotator_id "
            "WHERE s.document_id = ? AND a.name = ? ORDER BY r.id",
            [document_id, annotator],
        )
        return [Relation(i, h, t, ty, _attrs(at)) for i, h, t, ty, at in rows]

    def replace_for_document(
        self,
        document_id: int,
        annotator: str,
        spans: list[NewSpan],
        relations: list[NewRelation],
    ) -> SpanChanges:
        """Make `annotator`'s spans on the document exactly `spans`, keeping unchanged rows.

        Re-importing an analyst's newer file must not duplicate spans, and spans that did not
        change keep their ids (and so any relation or review decision that points at them).
        """
        annotator_id = self._annotators.ensure(annotator)
        existing = self.for_document(document_id, annotator)
        if not existing and not relations:
            self._insert_many(document_id, annotator_id, spans)
            return SpanChanges(added=len(spans))
        by_key: dict[tuple[str, int, int], list[Span]] = {}
        for old in existing:
            by_key.setdefault((old.label, old.start, old.end), []).append(old)
        ref_ids: dict[str, int] = {}
        kept: set[int] = set()
        added = unchanged = 0
        for new in spans:
            matches = by_key.get((new.label, new.start, new.end))
            if matches:
                old = matches.pop(0)
                kept.add(old.id)
                unchanged += 1
                if old.attrs != new.attrs:
                    self._db.execute(
                        "UPDATE spans SET attrs = ?, updated_at = ? WHERE id = ?",
                        [json.dumps(new.attrs, ensure_ascii=False), _now(), old.id],
                    )
                span_id = old.id
            else:
                span_id = self.add(document_id, annotator, new).id
                added += 1
            if new.ref is not None:
                ref_ids[new.ref] = span_id
        removed = [old.id for old in existing if old.id not in kept]
        for span_id in removed:
            self.delete(span_id)
        self._replace_relations(document_id, annotator_id, relations, ref_ids)
        return SpanChanges(added, len(removed), unchanged)

    def _insert_many(self, document_id: int, annotator_id: int, spans: list[NewSpan]) -> None:
        """First import of a document's spans: one statement for all of them."""
        stamp = _now()
        self._db.conn.executemany(
            "INSERT INTO spans(document_id, annotator_id, label, char_start, char_end, text, "
            "attrs, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    document_id,
                    annotator_id,
                    s.label,
                    s.start,
                    s.end,
                    s.text,
                    json.dumps(s.attrs, ensure_ascii=False) if s.attrs else "{}",
                    stamp,
                    stamp,
                )
                for s in spans
            ],
        )

    def add_to_new_documents(self, batch: Iterable[tuple[int, str, Sequence[SpanRow]]]) -> int:
        """Spans of (document id, annotator, spans) where that annotator has none yet, as on
        documents an import has just added, in one statement for the whole batch; returns
        how many. Rows go in batch order, so span ids are those one insert per document
        would give. Nothing to compare against means no lookup per document.
        """
        stamp = _now()
        ensure = self._annotators.ensure
        dumps = json.dumps
        rows = [
            (
                document_id,
                annotator_id,
                label,
                start,
                end,
                text,
                dumps(attrs, ensure_ascii=False) if attrs else "{}",
                stamp,
                stamp,
            )
            for document_id, annotator, spans in batch
            for annotator_id in (ensure(annotator),)
            for label, start, end, text, attrs in spans
        ]
        self._db.conn.executemany(
            "INSERT INTO spans(document_id, annotator_id, label, char_start, char_end, text, "
            "attrs, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        return len(rows)

    def _replace_relations(
        self,
        document_id: int,
        annotator_id: int,
        relations: list[NewRelation],
        ref_ids: dict[str, int],
    ) -> None:
        self._db.execute(
            "DELETE FROM relations WHERE head_id IN "
            "(SELECT id FROM spans WHERE document_id = ? AND annotator_id = ?)",
            [document_id, annotator_id],
        )
        for rel in relations:
            self._db.execute(
                "INSERT INTO relations(head_id, tail_id, type, attrs) VALUES (?, ?, ?, ?)",
                [
                    ref_ids[rel.head_ref],
                    ref_ids[rel.tail_ref],
                    rel.type,
                    json.dumps(rel.attrs, ensure_ascii=False),
                ],
            )

    def iter_json_by_document(self, annotator: str) -> Iterator[tuple[int, int, str]]:
        """(document id, span count, spans as a JSON array) for the annotator, in id order.

        SQLite builds the JSON: exporting 200,000 spans then costs one indexed scan and no
        Python object per span. Within a document the spans come in reading order, the order
        of the index the scan walks.
        """
        annotator_id = self._annotators.find(annotator)
        if annotator_id is None:
            return
        # Rows are yielded one by one, not with `yield from` the cursor: a generator left
        # unfinished (an export stopped by an error) would otherwise close its cursor when
        # collected, after the connection, and print a traceback below the error.
        if annotator == GOLD:  # gold spans say where they came from
            rows = self._db.execute(
                "SELECT s.document_id, count(*), json_group_array(json_object("
                "'id', s.id, 'start', s.char_start, 'end', s.char_end, 'label', s.label, "
                "'text', s.text, 'attrs', json(s.attrs), 'provenance', CASE WHEN p.span_id "
                "IS NULL THEN NULL ELSE json_object('origin', p.origin, 'annotators', "
                "json(p.sources), 'decided_by', p.decided_by, 'decided_at', p.decided_at) END))"
                " FROM spans s INDEXED BY spans_annotator "
                "LEFT JOIN gold_provenance p ON p.span_id = s.id "
                "WHERE s.annotator_id = ? GROUP BY s.document_id ORDER BY s.document_id",
                [annotator_id],
            )
        else:
            rows = self._db.execute(
                "SELECT document_id, count(*), json_group_array(json_object("
                "'id', id, 'start', char_start, 'end', char_end, 'label', label, 'text', text, "
                "'attrs', json(attrs))) FROM spans INDEXED BY spans_annotator "
                "WHERE annotator_id = ? GROUP BY document_id ORDER BY document_id",
                [annotator_id],
            )
        for row in rows:  # noqa: UP028 (not `yield from`: see above)
            yield row

    def labels_by_document(self, annotators: list[str]) -> dict[int, set[str]]:
        """document id -> labels these annotators used there (for stratified splits)."""
        marks = ", ".join("?" * len(annotators))
        rows = self._db.execute(
            "SELECT DISTINCT s.document_id, s.label FROM spans s JOIN annotators a "
            f"ON a.id = s.annotator_id WHERE a.name IN ({marks})",
            annotators,
        )
        out: dict[int, set[str]] = {}
        for doc_id, label in rows:
            out.setdefault(doc_id, set()).add(label)
        return out

    def iter_relations(self, annotator: str) -> Iterator[tuple[int, list[Relation]]]:
        """(document id, relations) for the annotator, in document id order."""
        rows = self._db.execute(
            "SELECT s.document_id, r.id, r.head_id, r.tail_id, r.type, r.attrs FROM relations r "
            "JOIN spans s ON s.id = r.head_id JOIN annotators a ON a.id = s.annotator_id "
            "WHERE a.name = ? ORDER BY s.document_id, r.id",
            [annotator],
        )
        current: int | None = None
        batch: list[Relation] = []
        for doc_id, rid, head, tail, rtype, attrs in rows:
            if doc_id != current:
                if current is not None:
                    yield current, batch
                current, batch = doc_id, []
            batch.append(Relation(rid, head, tail, rtype, _attrs(attrs)))
        if current is not None:
            yield current, batch
