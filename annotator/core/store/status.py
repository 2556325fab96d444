"""Per-annotator document status: new, in progress, done (and reviewed for gold)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlite_utils import Database

from annotator.core.model import Status
from annotator.core.store.labels import AnnotatorRepository


class StatusRepository:
    def __init__(self, db: Database, annotators: AnnotatorRepository) -> None:
        self._db = db
        self._annotators = annotators

    def set(self, document_id: int, annotator: str, status: Status) -> None:
        self._db.execute(
            "INSERT INTO document_status(document_id, annotator_id, status, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(document_id, annotator_id) "
            "DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
            [
                document_id,
                self._annotators.ensure(annotator),
                Status(status).value,
                datetime.now(UTC).isoformat(timespec="milliseconds"),
            ],
        )

    def get(self, document_id: int, annotator: str) -> Status:
        annotator_id = self._annotators.find(annotator)
        if annotator_id is None:
            return Status.NEW
        row = self._db.execute(
            "SELECT status FROM document_status WHERE document_id = ? AND annotator_id = ?",
            [document_id, annotator_id],
        ).fetchone()
        return Status.NEW if row is None else Status(row[0])

    def all_for(self, annotator: str) -> dict[int, Status]:
        """Status of every document the annotator has one for (small: ints and a word each)."""
        rows = self._db.execute(
            "SELECT st.document_id, st.status FROM document_status st "
            "JOIN annotators a ON a.id = st.annotator_id WHERE a.name = ?",
            [annotator],
        )
        return {int(doc_id): Status(status) for doc_id, status in rows}

    def updated_for(self, annotator: str) -> dict[int, str]:
        """When each of the annotator's statuses last changed (ISO 8601, UTC: sortable).
        A status a team pull brought has no time of its own here (its updated_at is a
        marker, not a date): "", older than any change made here, rather than a word that
        sorts after every date and would put a join's pulled work before the newest."""
        rows = self._db.execute(
            "SELECT st.document_id, st.updated_at FROM document_status st "
            "JOIN annotators a ON a.id = st.annotator_id WHERE a.name = ?",
            [annotator],
        )
        return {int(doc_id): _dated(updated) for doc_id, updated in rows}


def _dated(updated: object) -> str:
    text = str(updated or "")
    return text if text[:1].isdigit() else ""
