"""Agreement between annotators of a project: load once, report, list disagreements, rank.

The metrics themselves (annotator.core.review) never see the project; this service turns
the stored rows into their columns and their answers back into document ids and texts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.core.model import GOLD
from annotator.core.review import agreement_report, pair_disagreements
from annotator.core.review.model import AgreementInput, DisagreementKind, Mode, SpanColumns
from annotator.core.review.report import AgreementReport, Json, JsonObject, RankedDocument
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
    kind: DisagreementKind
    a: SpanText | None
    b: SpanText | None
    titled: bool = True  # `document` is a title, not the id (shown by another rule)


@dataclass(frozen=True, slots=True)
class RankedProjectDocument:
    """A document's place in the review queue, with the project id the queue stores and
    the title a reader recognises."""

    rank: RankedDocument
    document_id: int
    title: str

    def as_dict(self) -> JsonObject:
        return {**self.rank.as_dict(), "document_id": self.document_id, "title": self.title}


@dataclass(frozen=True, slots=True)
class ProjectAgreement:
    """The agreement report of a project: the figures, and the ranking in project terms."""

    figures: AgreementReport
    ranking: tuple[RankedProjectDocument, ...]

    def as_dict(self) -> JsonObject:
        """The JSON `annotator agreement --format json` prints."""
        rows: list[Json] = [row.as_dict() for row in self.ranking]
        return self.figures.as_dict(ranking=rows)


@dataclass(frozen=True)
class LoadedAgreement:
    """An AgreementInput and the project ids behind its document codes."""

    input: AgreementInput
    document_ids: list[int]
    titles: list[str]  # title, or the external id when there is none
    titled: list[bool]  # which of `titles` are titles


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
        titled = [bool(row[2]) for row in rows.documents]
        return LoadedAgreement(inp, doc_ids, titles, titled)

    def report(
        self,
        annotators: Sequence[str] | None = None,
        labels: Sequence[str] | None = None,
        progress: Progress | None = None,
        cancelled: IsCancelled | None = None,
    ) -> ProjectAgreement:
        loaded = self.load(annotators, labels)
        return self.report_for(loaded, progress, cancelled)

    @staticmethod
    def report_for(
        loaded: LoadedAgreement,
        progress: Progress | None = None,
        cancelled: IsCancelled | None = None,
    ) -> ProjectAgreement:
        report = agreement_report(loaded.input, progress=progress, cancelled=cancelled)
        ranking = tuple(
            RankedProjectDocument(row, loaded.document_ids[row.index], loaded.titles[row.index])
            for row in report.ranking
        )
        return ProjectAgreement(report, ranking)

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
                DisagreementRow(
                    loaded.document_ids[d.doc],
                    loaded.titles[d.doc],
                    d.kind,
                    sides[0],
                    sides[1],
                    titled=loaded.titled[d.doc],
                )
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
            scores = [(row.document_id, row.rank.disagreement) for row in report.ranking]
            with self.project.transaction():
                review.save_scores(annotators, fingerprint, scores)
        return review.queue(annotators)
