"""Which documents the model learns from, and what it learns from each.

Gold first: a document adjudicated into gold (gold's status reviewed or done) teaches gold's
spans. Then the analyst's own documents marked done that have no gold. A document in
progress teaches nothing: its untagged words are not yet known to be outside every label.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annotator.core.errors import Cancelled
from annotator.core.model import GOLD, Document, Status
from annotator.core.store.project import Project

FINISHED = (Status.DONE, Status.REVIEWED)


@dataclass(frozen=True)
class Example:
    document: Document
    spans: tuple[tuple[int, int, str], ...]  # (start, end, label), code points
    layer: str  # whose spans: "gold" or the analyst's name


def training_documents(project: Project, annotator: str) -> list[tuple[int, str]]:
    """(document id, whose spans): gold where it exists, then the analyst's own done
    documents, each the most recently finished first, so a training's token budget
    (`crf.DEFAULT_MAX_TOKENS`) always takes in the work that made it retrain. Cheap (four
    small queries): the window can call it to tell whether enough new work came in."""
    gold = {d for d, s in project.status.all_for(GOLD).items() if s in FINISHED}
    own = set()
    if annotator != GOLD:
        own = {d for d, s in project.status.all_for(annotator).items() if s in FINISHED}
    return [(d, GOLD) for d in _newest_first(project, GOLD, gold)] + [
        (d, annotator) for d in _newest_first(project, annotator, own - gold)
    ]


def _newest_first(project: Project, annotator: str, ids: set[int]) -> list[int]:
    if not ids:
        return []
    updated = project.status.updated_for(annotator)
    return sorted(ids, key=lambda d: (updated.get(d, ""), d), reverse=True)


def examples(
    project: Project,
    annotator: str,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Example]:
    """The training documents with their spans (only labels the project still has), in
    `training_documents` order."""
    labels = project.labels.names()
    chosen = training_documents(project, annotator)
    out: list[Example] = []
    for n, (doc_id, layer) in enumerate(chosen):
        if cancelled is not None and cancelled():
            raise Cancelled("training was stopped")
        doc = project.documents.get(doc_id)
        spans = tuple(
            (s.start, s.end, s.label)
            for s in project.spans.for_document(doc_id, layer)
            if s.label in labels
        )
        out.append(Example(doc, spans, layer))
        if progress is not None:
            progress(n + 1, len(chosen))
    return out
