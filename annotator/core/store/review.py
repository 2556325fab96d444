"""What review reads and writes: several annotators' spans at once, gold provenance,
rejected candidates and the cached review-queue ranking."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from sqlite_utils import Database

from annotator.core.model import GOLD, Status


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _placeholders(items: Sequence[object]) -> str:
    return ", ".join("?" * len(items))


@dataclass(frozen=True, slots=True)
class Provenance:
    """Why a gold span exists: accepted, edited from a candidate, or added by the reviewer."""

    origin: str  # "accepted" | "edited" | "added"
    sources: tuple[str, ...]  # the annotators whose span it came from
    decided_by: str
    decided_at: str


@dataclass(frozen=True, slots=True)
class Rejection:
    start: int
    end: int
    label: str
    decided_by: str
    decided_at: str


@dataclass(frozen=True, slots=True)
class LinkRejection:
    """A link between two spans (a claim and who said it) the reviewer turned down, known by
    the (start, end, label) of both ends, so it holds whichever gold spans they become."""

    head: tuple[int, int, str]
    tail: tuple[int, int, str]
    type: str
    decided_by: str
    decided_at: str


# Link rejections share review_rejections with span rejections (no table of their own yet):
# a row for one has the head's edges and, as its label, this mark then a JSON array of the
# head's label, the type and the tail. No label name starts with a control character.
_LINK_MARK = "\x1e"


def _link_label(head_label: str, rtype: str, tail: tuple[int, int, str]) -> str:
    return _LINK_MARK + json.dumps([head_label, rtype, *tail], ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """A document in the review queue, worst disagreement first."""

    document_id: int
    ext_id: str
    title: str
    disagreement: float | None  # None: fewer than two of the annotators did it
    reviewed: bool


@dataclass(frozen=True)
class AgreementRows:
    """Raw columns for AgreementInput: texts, each annotator's spans, who did what."""

    documents: list[tuple[int, str, str, str]]  # (id, ext_id, title, text) in id order
    # annotator -> (document ids, starts, ends, label codes); code -1 for other labels
    spans: dict[str, tuple[list[int], list[int], list[int], list[int]]]
    worked: dict[str, list[int]]  # annotator -> documents with a status other than "new"


class ReviewRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- agreement input ----------------------------------------------------------------------

    def agreement_rows(self, annotators: Sequence[str], labels: Sequence[str]) -> AgreementRows:
        """Everything the metrics read for these annotators.

        A document enters when one of them has a span on it or a status past "new"; the
        texts come too, for tokens and continuum lengths. Each annotator's spans come as
        four JSON arrays built by SQLite: 600,000 spans as rows of Python ints cost ~1 s,
        as arrays parsed by orjson ~0.5 s.
        """
        wanted = list(labels)
        code = " ".join(f"WHEN ? THEN {i}" for i in range(len(wanted)))
        spans: dict[str, tuple[list[int], list[int], list[int], list[int]]] = {}
        worked: dict[str, list[int]] = {}
        doc_ids: set[int] = set()
        for name in annotators:
            found = self._db.execute("SELECT id FROM annotators WHERE name = ?", [name]).fetchone()
            if found is None:
                spans[name], worked[name] = ([], [], [], []), []
                continue
            row = self._db.execute(
                "SELECT json_group_array(document_id), json_group_array(char_start), "
                f"json_group_array(char_end), json_group_array(CASE label {code} ELSE -1 END) "
                "FROM spans WHERE annotator_id = ?",
                [*wanted, found[0]],
            ).fetchone()
            columns = tuple(orjson.loads(column) for column in row)
            spans[name] = columns
            worked[name] = [
                r[0]
                for r in self._db.execute(
                    "SELECT document_id FROM document_status "
                    "WHERE annotator_id = ? AND status != 'new'",
                    [found[0]],
                )
            ]
            doc_ids.update(columns[0])
            doc_ids.update(worked[name])
        documents = self._db.execute(
            "SELECT id, ext_id, title, text FROM documents "
            "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
            [orjson.dumps(sorted(doc_ids)).decode()],
        ).fetchall()
        return AgreementRows(documents, spans, worked)

    def fingerprint(self, annotators: Sequence[str]) -> str:
        """Changes whenever any of these annotators' spans or statuses change."""
        names = list(annotators)
        row = self._db.execute(
            "SELECT count(*), coalesce(max(s.id), 0), coalesce(max(s.updated_at), ''), "
            "coalesce(sum(s.char_start * 31 + s.char_end), 0) FROM spans s "
            f"JOIN annotators a ON a.id = s.annotator_id WHERE a.name IN ({_placeholders(names)})",
            names,
        ).fetchone()
        status = self._db.execute(
            "SELECT count(*), coalesce(max(st.updated_at), '') FROM document_status st "
            "JOIN annotators a ON a.id = st.annotator_id "
            f"WHERE a.name IN ({_placeholders(names)})",
            names,
        ).fetchone()
        return json.dumps([*row, *status])

    # -- the review queue -----------------------------------------------------------------------

    @staticmethod
    def key(annotators: Iterable[str]) -> str:
        return json.dumps(sorted(annotators), ensure_ascii=False)

    def save_scores(
        self,
        annotators: Sequence[str],
        fingerprint: str,
        scores: Iterable[tuple[int, float | None]],
    ) -> None:
        key = self.key(annotators)
        self._db.execute("DELETE FROM review_scores WHERE annotators = ?", [key])
        self._db.conn.executemany(
            "INSERT INTO review_scores(annotators, document_id, disagreement) VALUES (?, ?, ?)",
            [(key, doc_id, score) for doc_id, score in scores],
        )
        self._db.execute(
            "INSERT INTO review_fingerprints(annotators, fingerprint, computed_at) "
            "VALUES (?, ?, ?) ON CONFLICT(annotators) DO UPDATE SET "
            "fingerprint = excluded.fingerprint, computed_at = excluded.computed_at",
            [key, fingerprint, _now()],
        )

    def saved_fingerprint(self, annotators: Sequence[str]) -> str | None:
        row = self._db.execute(
            "SELECT fingerprint FROM review_fingerprints WHERE annotators = ?",
            [self.key(annotators)],
        ).fetchone()
        return None if row is None else row[0]

    def queue(self, annotators: Sequence[str]) -> list[QueueRow]:
        """The cached ranking: worst first, documents only one annotator did last."""
        rows = self._db.execute(
            "SELECT d.id, d.ext_id, d.title, r.disagreement, "
            "coalesce(st.status = 'reviewed', 0) FROM review_scores r "
            "JOIN documents d ON d.id = r.document_id "
            "LEFT JOIN annotators g ON g.name = ? "
            "LEFT JOIN document_status st ON st.document_id = d.id AND st.annotator_id = g.id "
            "WHERE r.annotators = ? "
            "ORDER BY r.disagreement IS NULL, r.disagreement DESC, d.id",
            [GOLD, self.key(annotators)],
        )
        return [QueueRow(i, e, t, s, bool(rv)) for i, e, t, s, rv in rows]

    # -- gold provenance and rejections ---------------------------------------------------------

    def set_provenance(self, span_id: int, provenance: Provenance) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO gold_provenance(span_id, origin, sources, decided_by, "
            "decided_at) VALUES (?, ?, ?, ?, ?)",
            [
                span_id,
                provenance.origin,
                json.dumps(list(provenance.sources), ensure_ascii=False),
                provenance.decided_by,
                provenance.decided_at,
            ],
        )

    def provenance_for(self, document_id: int) -> dict[int, Provenance]:
        """span id -> provenance for the gold spans of a document that have one."""
        rows = self._db.execute(
            "SELECT p.span_id, p.origin, p.sources, p.decided_by, p.decided_at "
            "FROM gold_provenance p JOIN spans s ON s.id = p.span_id WHERE s.document_id = ?",
            [document_id],
        )
        return {
            span_id: Provenance(origin, tuple(json.loads(sources)), by, at)
            for span_id, origin, sources, by, at in rows
        }

    def reject(self, document_id: int, start: int, end: int, label: str, by: str) -> Rejection:
        stamp = _now()
        self._db.execute(
            "INSERT OR REPLACE INTO review_rejections(document_id, char_start, char_end, label, "
            "decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
            [document_id, start, end, label, by, stamp],
        )
        return Rejection(start, end, label, by, stamp)

    def unreject(self, document_id: int, start: int, end: int, label: str) -> None:
        self._db.execute(
            "DELETE FROM review_rejections WHERE document_id = ? AND char_start = ? "
            "AND char_end = ? AND label = ?",
            [document_id, start, end, label],
        )

    def rejections(self, document_id: int) -> list[Rejection]:
        rows = self._db.execute(
            "SELECT char_start, char_end, label, decided_by, decided_at FROM review_rejections "
            "WHERE document_id = ? AND substr(label, 1, 1) != ? "
            "ORDER BY char_start, char_end, label",
            [document_id, _LINK_MARK],
        )
        return [Rejection(*row) for row in rows]

    def reject_link(self, document_id: int, rejection: LinkRejection) -> None:
        head = rejection.head
        self._db.execute(
            "INSERT OR REPLACE INTO review_rejections(document_id, char_start, char_end, label, "
            "decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                document_id,
                head[0],
                head[1],
                _link_label(head[2], rejection.type, rejection.tail),
                rejection.decided_by,
                rejection.decided_at,
            ],
        )

    def unreject_link(
        self, document_id: int, head: tuple[int, int, str], tail: tuple[int, int, str], rtype: str
    ) -> None:
        self.unreject(document_id, head[0], head[1], _link_label(head[2], rtype, tail))

    def link_rejections(self, document_id: int) -> list[LinkRejection]:
        rows = self._db.execute(
            "SELECT char_start, char_end, label, decided_by, decided_at FROM review_rejections "
            "WHERE document_id = ? AND substr(label, 1, 1) = ? ORDER BY char_start, char_end",
            [document_id, _LINK_MARK],
        )
        out = []
        for start, end, label, by, at in rows:
            head_label, rtype, tail_start, tail_end, tail_label = json.loads(label[1:])
            tail = (tail_start, tail_end, tail_label)
            out.append(LinkRejection((start, end, head_label), tail, rtype, by, at))
        return out

    def reviewed_documents(self) -> set[int]:
        rows = self._db.execute(
            "SELECT st.document_id FROM document_status st JOIN annotators a "
            "ON a.id = st.annotator_id WHERE a.name = ? AND st.status = ?",
            [GOLD, Status.REVIEWED.value],
        )
        return {row[0] for row in rows}
