"""Outside models' predicted spans per document: stored on import, read by the suggester.

A model's predictions on a document are replaced whole by an import that states them, so a
file imported twice leaves one copy; the report counts what changed as span imports do.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from annotator.core.store.spans import SpanChanges

# A prediction as an import hands it over: (start, end, label, score, version, attrs).
PredictionRow = tuple[int, int, str, float | None, str | None, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Prediction:
    document_id: int
    model: str
    version: str | None
    start: int
    end: int
    label: str
    score: float | None
    attrs: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ModelSummary:
    model: str
    versions: tuple[str, ...]
    documents: int
    predictions: int
    scored: int  # how many carry a score


def _attrs_json(attrs: dict[str, Any]) -> str:
    return "{}" if not attrs else json.dumps(attrs, ensure_ascii=False, sort_keys=True)


def _merged(rows: Iterable[PredictionRow]) -> dict[tuple[int, int, str], PredictionRow]:
    """One row per place and label, the highest score kept (a file may say it twice)."""
    out: dict[tuple[int, int, str], PredictionRow] = {}
    for row in rows:
        key = (row[0], row[1], row[2])
        held = out.get(key)
        if held is None or (row[3] is not None and (held[3] is None or row[3] > held[3])):
            out[key] = row
    return out


class PredictionRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def replace(self, document_id: int, model: str, rows: Iterable[PredictionRow]) -> SpanChanges:
        """The model's predictions on the document become exactly `rows`."""
        new = _merged(rows)
        old = {
            (s, e, label): (score, version, attrs)
            for s, e, label, score, version, attrs in self._db.execute(
                "SELECT char_start, char_end, label, score, version, attrs FROM predictions "
                "WHERE document_id = ? AND model = ?",
                [document_id, model],
            )
        }
        unchanged = {
            key
            for key, (s, e, label, score, version, attrs) in new.items()
            if old.get(key) == (score, version, _attrs_json(attrs))
        }
        gone = [key for key in old if key not in unchanged]
        self._db.conn.executemany(
            "DELETE FROM predictions WHERE document_id = ? AND model = ? AND char_start = ? "
            "AND char_end = ? AND label = ?",
            [(document_id, model, *key) for key in gone],
        )
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        added = [row for key, row in new.items() if key not in unchanged]
        self._db.conn.executemany(
            "INSERT INTO predictions(document_id, model, version, char_start, char_end, label, "
            "score, attrs, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (document_id, model, version, s, e, label, score, _attrs_json(attrs), now)
                for s, e, label, score, version, attrs in added
            ],
        )
        return SpanChanges(added=len(added), removed=len(gone), unchanged=len(unchanged))

    def add(self, document_id: int, model: str, rows: Iterable[PredictionRow]) -> int:
        """More of the model's predictions on the document, from a second record of the same
        import (a Label Studio task with two predictions of one model); a place and label it
        already has keeps the higher score. Returns how many rows are new."""
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        before = self._count(document_id, model)
        self._db.conn.executemany(
            "INSERT INTO predictions(document_id, model, version, char_start, char_end, label, "
            "score, attrs, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(document_id, model, char_start, char_end, label) DO UPDATE SET "
            "score = excluded.score, version = excluded.version, attrs = excluded.attrs "
            "WHERE excluded.score > coalesce(predictions.score, -1e308)",
            [
                (document_id, model, version, s, e, label, score, _attrs_json(attrs), now)
                for s, e, label, score, version, attrs in _merged(rows).values()
            ],
        )
        return self._count(document_id, model) - before

    def _count(self, document_id: int, model: str) -> int:
        row = self._db.execute(
            "SELECT count(*) FROM predictions WHERE document_id = ? AND model = ?",
            [document_id, model],
        ).fetchone()
        return int(row[0])

    def for_document(self, document_id: int) -> list[Prediction]:
        """Every model's predictions on the document, most confident first (unscored last),
        so that of two overlapping ones the surer claims the place."""
        rows = self._db.execute(
            "SELECT model, version, char_start, char_end, label, score, attrs FROM predictions "
            "WHERE document_id = ? ORDER BY score IS NULL, score DESC, char_start, char_end, "
            "model, label",
            [document_id],
        )
        return [
            Prediction(
                document_id, model, version, s, e, label, score,
                {} if attrs == "{}" else json.loads(attrs),
            )
            for model, version, s, e, label, score, attrs in rows
        ]  # fmt: skip

    def iter_by_document(self) -> Iterator[tuple[int, list[Prediction]]]:
        """(document id, its predictions by model, then place) in document id order, one
        document at a time: an export walks them beside the documents."""
        rows = self._db.execute(
            "SELECT document_id, model, version, char_start, char_end, label, score, attrs "
            "FROM predictions INDEXED BY predictions_document "
            "ORDER BY document_id, model, char_start, char_end, label"
        )
        for doc_id, group in itertools.groupby(rows, key=lambda row: int(row[0])):
            yield doc_id, [
                Prediction(
                    doc_id, model, version, s, e, label, score,
                    {} if attrs == "{}" else json.loads(attrs),
                )
                for _doc, model, version, s, e, label, score, attrs in group
            ]  # fmt: skip

    def models(self) -> list[ModelSummary]:
        rows = self._db.execute(
            "SELECT model, json_group_array(DISTINCT version), count(DISTINCT document_id), "
            "count(*), count(score) FROM predictions GROUP BY model ORDER BY model"
        )  # JSON, not group_concat: a version may hold a comma
        return [
            ModelSummary(
                model,
                tuple(sorted(v for v in json.loads(versions) if v is not None)),
                int(docs),
                int(n),
                int(scored),
            )
            for model, versions, docs, n, scored in rows
        ]

    def remove_model(self, model: str) -> int:
        cursor = self._db.execute("DELETE FROM predictions WHERE model = ?", [model])
        return int(cursor.rowcount)
