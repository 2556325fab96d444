"""Counts for `annotator stats` and the status bar, computed in SQL, never by loading rows."""

from __future__ import annotations

from sqlite_utils import Database

from annotator.core.model import ProjectStats


class StatsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def summary(self) -> ProjectStats:
        by_lang = dict(
            self._db.execute("SELECT lang, count(*) FROM documents GROUP BY lang ORDER BY lang")
        )
        by_status: dict[str, dict[str, int]] = {}
        rows = self._db.execute(
            "SELECT a.name, st.status, count(*) FROM document_status st "
            "JOIN annotators a ON a.id = st.annotator_id GROUP BY a.name, st.status"
        )
        for name, status, n in rows:
            by_status.setdefault(name, {})[status] = n
        spans_by_label: dict[str, dict[str, int]] = {}
        rows = self._db.execute(
            "SELECT a.name, s.label, count(*) FROM spans s "
            "JOIN annotators a ON a.id = s.annotator_id GROUP BY a.name, s.label"
        )
        for name, label, n in rows:
            spans_by_label.setdefault(name, {})[label] = n
        return ProjectStats(
            documents=sum(by_lang.values()),
            by_lang=by_lang,
            by_status=by_status,
            spans_by_label=spans_by_label,
            spans_total=sum(sum(d.values()) for d in spans_by_label.values()),
        )

    def annotators_with_work(self) -> list[str]:
        """Annotators with at least one span or a status, so exports skip empty names."""
        rows = self._db.execute(
            "SELECT name FROM annotators a WHERE EXISTS "
            "(SELECT 1 FROM spans s WHERE s.annotator_id = a.id) OR EXISTS "
            "(SELECT 1 FROM document_status st WHERE st.annotator_id = a.id "
            "AND st.status != 'new') ORDER BY name"
        )
        return [row[0] for row in rows]
