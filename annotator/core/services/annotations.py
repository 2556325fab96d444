"""Single edits by one annotator, each in its own transaction, each returning what changed.

The window's undo commands call these and nothing else, so an edit shown on screen is an edit
already committed to disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import NewSpan, Relation, Span, Status
from annotator.core.services.actors import ActorRegistry
from annotator.core.services.date_values import date_attrs, publication_date
from annotator.core.store.actors import Actor
from annotator.core.store.project import Project

DATE_LABEL, ACTOR_LABEL, CLAIM_LABEL = "date", "actor", "claim"
SAID_BY = "said_by"  # claim -> the actor span who said it


@dataclass(frozen=True, slots=True)
class SpanChange:
    """A fact for the panels to react to: one span appeared, went, or changed label."""

    kind: str  # "added" | "removed" | "relabelled"
    span: Span


class AnnotationService:
    def __init__(self, project: Project, annotator: str) -> None:
        if not annotator.strip():
            raise AnnotatorError("the annotator needs a name")
        self.project = project
        self.annotator = annotator

    def add_span(
        self, document_id: int, label: str, start: int, end: int, text: str | None = None
    ) -> SpanChange:
        """Tag text[start:end] of the stored text (code points, end exclusive).

        `text` is the document's stored text when the caller has it open: a 1 MB article is
        then not read again for every tag.
        """
        if text is None:
            text = self.project.documents.get(document_id).text
        if not 0 <= start < end <= len(text):
            raise AnnotatorError(f"span {start}-{end} is outside the document (0-{len(text)})")
        if label not in self.project.labels.names():
            raise AnnotatorError(f"unknown label {label!r}")
        attrs: dict[str, Any] = {}
        if label == DATE_LABEL:
            attrs = self._date_attrs(document_id, text, start, end)
        elif label == ACTOR_LABEL:  # a known alias links the span to its registry actor
            attrs = ActorRegistry(self.project).link_attrs({}, self._actor(text[start:end]))
        with self.project.transaction():
            span = self.project.spans.add(
                document_id, self.annotator, NewSpan(label, start, end, text[start:end], attrs)
            )
            if self.project.status.get(document_id, self.annotator) == Status.NEW:
                self.project.status.set(document_id, self.annotator, Status.IN_PROGRESS)
        return SpanChange("added", span)

    def _date_attrs(self, document_id: int, text: str, start: int, end: int) -> dict[str, Any]:
        """A date span is normalised as it is made; a relative one gets a suggestion
        resolved against the publication date, which the analyst confirms."""
        lang, meta = self.project.documents.lang_and_meta(document_id)
        anchor = publication_date(meta, text, lang)
        return date_attrs(text[start:end], lang, anchor)

    def _actor(self, text: str) -> Actor | None:
        return ActorRegistry(self.project).match(text)

    def restore_span(self, span: Span) -> SpanChange:
        """Put back a span removed earlier (undo), under its old id when that is still free."""
        with self.project.transaction():
            restored = self.project.spans.add(
                span.document_id,
                span.annotator,
                NewSpan(span.label, span.start, span.end, span.text, span.attrs),
                span_id=span.id,
            )
        return SpanChange("added", restored)

    def remove_span(self, span_id: int) -> SpanChange:
        span = self.project.spans.get(span_id)
        with self.project.transaction():
            self.project.spans.delete(span_id)
        return SpanChange("removed", span)

    def relabel_span(self, span_id: int, label: str) -> SpanChange:
        if label not in self.project.labels.names():
            raise AnnotatorError(f"unknown label {label!r}")
        with self.project.transaction():
            self.project.spans.relabel(span_id, label)
        return SpanChange("relabelled", self.project.spans.get(span_id))

    def set_attrs(self, span_id: int, attrs: dict[str, Any]) -> SpanChange:
        """Replace a span's attributes (a date's normalised value, ...); returns the span."""
        with self.project.transaction():
            self.project.spans.set_attrs(span_id, attrs)
        return SpanChange("relabelled", self.project.spans.get(span_id))

    def set_source(self, claim_id: int, source_id: int | None) -> tuple[Relation | None, ...]:
        """Who said a claim: its `said_by` relation to an actor span of the same document
        (one source per claim; None removes it). Returns (old, new) for undo."""
        claim = self.project.spans.get(claim_id)
        if claim.label != CLAIM_LABEL:
            raise AnnotatorError("only a claim has a source")
        if source_id is not None:
            source = self.project.spans.get(source_id)
            if source.document_id != claim.document_id or source.annotator != claim.annotator:
                raise AnnotatorError("the source must be a span of yours in the same document")
        with self.project.transaction():
            old = self.project.spans.relations_from(claim_id, SAID_BY)
            for relation in old:
                self.project.spans.delete_relation(relation.id)
            new = None
            if source_id is not None:
                new = self.project.spans.add_relation(claim_id, source_id, SAID_BY)
        return (old[0] if old else None), new

    def restore_source(self, claim_id: int, relation: Relation | None) -> None:
        """Undo: the claim's source as it was, under its old relation id."""
        with self.project.transaction():
            for current in self.project.spans.relations_from(claim_id, SAID_BY):
                self.project.spans.delete_relation(current.id)
            if relation is not None:
                self.project.spans.add_relation(
                    relation.head_id, relation.tail_id, relation.type, relation.id
                )

    def relations(self, document_id: int) -> list[Relation]:
        return self.project.spans.relations_for(document_id, self.annotator)

    def spans(self, document_id: int) -> list[Span]:
        return self.project.spans.for_document(document_id, self.annotator)

    def set_status(self, document_id: int, status: Status) -> Status:
        """Set and return the previous status, for undo."""
        with self.project.transaction():
            previous = self.project.status.get(document_id, self.annotator)
            self.project.status.set(document_id, self.annotator, status)
        return previous
