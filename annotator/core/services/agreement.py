"""Agreement between annotators of a project: load once, report, list disagreements, rank.

The metrics themselves (annotator.core.review) never see the project; this service turns
the stored rows into their columns and their answers back into document ids and texts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.core.model import GOLD
from annotator.core.review import agreement_report, pair_disagreements
from annotator.core.review.model import AgreementInput, Mode, SpanColumns
from annotator.core.store.project import Project
from annotator.core.store.review import QueueRow

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class SpanText:
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class DisagreementRow:
    """One disagreement with what the agreement view shows and opens."""

    document_id: int
    document: str  # title, or the external id when there is none
    kind: str
    a: SpanText | None
    b: SpanText | None


@dataclass(frozen=True)
class LoadedAgreement:
    """An AgreementInput and the project ids behind its document codes."""

    input: AgreementInput
    document_ids: list[int]
    titles: list[str]


class AgreementService:
    def __init__(self, project: Project) -> None:
        self.project = project

    def annotators(self) -> list[str]:
        """Everyone with work except gold: the default set to compare."""
        return [name for name in self.project.stats.annotators_with_work() if name != GOLD]

    def load(
        self, annotators: Sequence[str] | None = None, labels: Sequence[str] | None = None
    ) -> LoadedAgreement:
        names = list(annotators) if annotators else self.annotators()
        known = set(self.project.stats.annotators_with_work()) | {
            a.name for a in self.project.annotators.all()
        }
        unknown = [name for name in names if name not in known]
        if unknown:
            raise AnnotatorError(f"no annotator called {unknown[0]!r} in this project")
        project_labels = [label.name for label in self.project.labels.all()]
        wanted = list(labels) if labels else project_labels
        missing = [label for label in wanted if label not in project_labels]
        if missing:
            raise AnnotatorError(f"no label called {missing[0]!r} in this project")
        rows = self.project.review.agreement_rows(names, wanted)
        doc_ids = [row[0] for row in rows.documents]
        sorted_ids = np.array(doc_ids, dtype=np.int64)  # ascending: the query orders by id
        spans: dict[str, SpanColumns] = {}
        worked: dict[str, np.ndarray] = {}
        for name in names:
            docs, starts, ends, labels_ = (np.array(c, dtype=np.int64) for c in rows.spans[name])
            codes = np.searchsorted(sorted_ids, docs)
            worked[name] = np.zeros(len(doc_ids), dtype=bool)
            worked[name][codes] = True  # a span on a document: they did it, whatever else
            done = np.array(rows.worked[name], dtype=np.int64)
            worked[name][np.searchsorted(sorted_ids, done)] = True
            keep = labels_ >= 0  # spans of labels not asked for are left out
            spans[name] = SpanColumns(
                codes[keep].astype(np.int32),
                starts[keep],
                ends[keep],
                labels_[keep].astype(np.int16),
            )
        inp = AgreementInput(
            documents=[row[1] for row in rows.documents],
            texts=[row[3] for row in rows.documents],
            labels=wanted,
            annotators=names,
            spans=spans,
            worked=worked,
        )
        titles = [row[2] or row[1] for row in rows.documents]
        return LoadedAgreement(inp, doc_ids, titles)

    def report(
        self,
        annotators: Sequence[str] | None = None,
        labels: Sequence[str] | None = None,
        progress: Progress | None = None,
        cancelled: IsCancelled | None = None,
    ) -> dict[str, Any]:
        loaded = self.load(annotators, labels)
        return self.report_for(loaded, progress, cancelled)

    @staticmethod
    def report_for(
        loaded: LoadedAgreement,
        progress: Progress | None = None,
        cancelled: IsCancelled | None = None,
    ) -> dict[str, Any]:
        report = agreement_report(loaded.input, progress=progress, cancelled=cancelled)
        for row in report["documents_by_disagreement"]:
            row["document_id"] = loaded.document_ids[row["index"]]
            row["title"] = loaded.titles[row["index"]]
        return report

    @staticmethod
    def disagreements(
        loaded: LoadedAgreement, a: str, b: str, label: str | None, mode: Mode
    ) -> list[DisagreementRow]:
        inp = loaded.input
        out = []
        for d in pair_disagreements(inp, a, b, label or None, mode):
            text = inp.texts[d.doc]
            sides = [
                None if side is None else SpanText(side[0], side[1], inp.labels[side[2]],
                                                   text[side[0] : side[1]])
                for side in (d.a, d.b)
            ]  # fmt: skip
            out.append(
                DisagreementRow(loaded.document_ids[d.doc], loaded.titles[d.doc], d.kind, *sides)
            )
        return out

    # -- the review queue -----------------------------------------------------------------------

    def queue(self, annotators: Sequence[str]) -> list[QueueRow]:
        """The ranking computed last time (at once, even when the corpus is large)."""
        return self.project.review.queue(annotators)

    def is_current(self, annotators: Sequence[str]) -> bool:
        review = self.project.review
        return review.saved_fingerprint(annotators) == review.fingerprint(annotators)

    def refresh_queue(
        self,
        annotators: Sequence[str],
        progress: Progress | None = None,
        cancelled: IsCancelled | None = None,
    ) -> list[QueueRow]:
        """Rank the documents by disagreement again when the annotations changed."""
        if len(annotators) < 2:
            raise AnnotatorError("pick at least two annotators to compare")
        review = self.project.review
        fingerprint = review.fingerprint(annotators)
        if review.saved_fingerprint(annotators) != fingerprint:
            loaded = self.load(annotators)
            report = self.report_for(loaded, progress, cancelled)
            if cancelled is not None and cancelled():
                raise Cancelled("ranking cancelled")
            scores = [
                (r["document_id"], r["disagreement"]) for r in report["documents_by_disagreement"]
            ]
            with self.project.transaction():
                review.save_scores(annotators, fingerprint, scores)
        return review.queue(annotators)
