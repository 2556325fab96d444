"""Decisions on suggestions: which were rejected (never shown again) and the rates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlite_utils import Database


class SuggestionRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def decide(
        self,
        document_id: int,
        annotator: str,
        key: tuple[int, int, str],
        source: str,
        decision: str,
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO suggestion_decisions(document_id, annotator, char_start, "
            "char_end, label, source, decision, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [document_id, annotator, *key, source, decision,
             datetime.now(UTC).isoformat(timespec="milliseconds")],
        )  # fmt: skip

    def undecide(self, document_id: int, annotator: str, key: tuple[int, int, str]) -> None:
        self._db.execute(
            "DELETE FROM suggestion_decisions WHERE document_id = ? AND annotator = ? "
            "AND char_start = ? AND char_end = ? AND label = ?",
            [document_id, annotator, *key],
        )

    def decided(self, document_id: int, annotator: str) -> set[tuple[int, int, str]]:
        rows = self._db.execute(
            "SELECT char_start, char_end, label FROM suggestion_decisions "
            "WHERE document_id = ? AND annotator = ?",
            [document_id, annotator],
        )
        return {(s, e, label) for s, e, label in rows}

    def rejected_at(
        self, document_id: int, annotator: str, sources: Sequence[str]
    ) -> set[tuple[str, int, int]]:
        """(source, start, end) of the suggestions from `sources` rejected here, whatever
        their label: a rule's label can change as the corpus is tagged, the rejection of
        that rule's suggestion stands (another rule's at the same place is its own)."""
        marks = ", ".join("?" * len(sources))
        rows = self._db.execute(
            "SELECT source, char_start, char_end FROM suggestion_decisions "
            f"WHERE document_id = ? AND annotator = ? AND decision = 'rejected' "
            f"AND source IN ({marks})",
            [document_id, annotator, *sources],
        )
        return {(str(source), s, e) for source, s, e in rows}

    def rates(self, annotator: str) -> dict[str, tuple[int, int]]:
        """source -> (accepted, rejected) for this annotator."""
        rows = self._db.execute(
            "SELECT source, sum(decision = 'accepted'), sum(decision = 'rejected') "
            "FROM suggestion_decisions WHERE annotator = ? GROUP BY source ORDER BY source",
            [annotator],
        )
        return {source: (int(a), int(r)) for source, a, r in rows}

    def tagged_counts(self, annotator: str) -> list[tuple[str, str, int]]:
        """(text, label, times) for every text this annotator tagged, over the whole corpus:
        the repeat rule sums them over the spellings of one name."""
        rows = self._db.execute(
            "SELECT s.text, s.label, count(*) AS n FROM spans s JOIN annotators a "
            "ON a.id = s.annotator_id WHERE a.name = ? GROUP BY s.text, s.label "
            "ORDER BY s.text, s.label",
            [annotator],
        )
        return [(text, label, int(n)) for text, label, n in rows]
