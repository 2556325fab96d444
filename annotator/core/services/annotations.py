"""Single edits by one annotator, each in its own transaction, each returning what changed.

The window's undo commands call these and nothing else, so an edit shown on screen is an edit
already committed to disk, and the `Changes` each returns is all the panels need to show it.
Every write has its inverse here too, so undo takes back everything an edit did (a new actor
made from the span panel, the speaker link that went with a removed span...).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from annotator.core.changes import Changes, span_added, span_removed, span_updated, status_set
from annotator.core.errors import AnnotatorError
from annotator.core.kinds import is_speaker, kind_of, takes_source
from annotator.core.model import Label, NewSpan, Relation, Span, Status
from annotator.core.services import predicted
from annotator.core.services.actors import ActorRegistry
from annotator.core.services.topics import TopicList
from annotator.core.store.project import Project

SAID_BY = "said_by"  # claim -> the actor span who said it


@dataclass(frozen=True, slots=True)
class Removed:
    """A removed span and the links that went with it, to put back on undo."""

    span: Span
    relations: tuple[Relation, ...]
    changes: Changes


def _same_place(a: Span, b: Span) -> bool:
    """The same span for an undo command: a claim and an actor can share their text."""
    return (a.document_id, a.start, a.end, a.label) == (b.document_id, b.start, b.end, b.label)


class AnnotationService:
    def __init__(self, project: Project, annotator: str) -> None:
        if not annotator.strip():
            raise AnnotatorError("the annotator needs a name")
        self.project = project
        self.annotator = annotator

    def _mine(self, span_id: int, like: Span | None = None) -> Span:
        """The analyst's span an edit (or its undo) means.

        SQLite gives a freed id to the next span stored, an import's or a gold decision's:
        an undo command holding an id from before must never touch that one. So the span
        must be this annotator's and where the command saw it; if it came back under
        another id (an undo of its removal), it is found by its place."""
        try:
            span: Span | None = self.project.spans.get(span_id)
        except KeyError:
            span = None
        mine = span is not None and span.annotator == self.annotator
        if span is not None and mine and (like is None or _same_place(span, like)):
            return span
        if like is not None:
            for other in self.project.spans.for_document(like.document_id, self.annotator):
                if _same_place(other, like):
                    return other
        raise AnnotatorError("the span is no longer there")

    # -- spans ------------------------------------------------------------------------------

    def add_span(
        self,
        document_id: int,
        label: str,
        start: int,
        end: int,
        text: str | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> Changes:
        """Tag text[start:end] of the stored text (code points, end exclusive).

        `text` is the document's stored text when the caller has it open: a 1 MB article is
        then not read again for every tag. `attrs` (an accepted suggestion's) replace what
        the label's kind would compute.
        """
        if text is None:
            text = self.project.documents.get(document_id).text
        if not 0 <= start < end <= len(text):
            raise AnnotatorError(f"span {start}-{end} is outside the document (0-{len(text)})")
        if label not in self.project.labels.names():
            raise AnnotatorError(f"unknown label {label!r}")
        if attrs is None:
            kind = kind_of(label)
            attrs = kind.new_attrs(self.project, document_id, text, start, end) if kind else {}
        with self.project.transaction():
            span = self.project.spans.add(
                document_id, self.annotator, NewSpan(label, start, end, text[start:end], attrs)
            )
            status = self._started(document_id)
        return span_added(span, status)

    def _started(self, document_id: int) -> Status | None:
        """A first tag puts a new document in progress; returns the new status if it did."""
        if self.project.status.get(document_id, self.annotator) != Status.NEW:
            return None
        self.project.status.set(document_id, self.annotator, Status.IN_PROGRESS)
        return Status.IN_PROGRESS

    def restore_span(self, removed: Span | Removed) -> Changes:
        """Put back a span removed earlier (undo), under its old id when that is still free,
        with the speaker links it had."""
        span = removed.span if isinstance(removed, Removed) else removed
        relations = removed.relations if isinstance(removed, Removed) else ()
        with self.project.transaction():
            restored = self.project.spans.add(
                span.document_id,
                span.annotator,
                NewSpan(span.label, span.start, span.end, span.text, span.attrs),
                span_id=span.id,
            )
            for r in relations:
                head = restored.id if r.head_id == span.id else r.head_id
                tail = restored.id if r.tail_id == span.id else r.tail_id
                self._put_back(replace(r, head_id=head, tail_id=tail))
        changes = span_added(restored)
        return changes | Changes(relations=True) if relations else changes

    def remove_span(self, span_id: int, like: Span | None = None) -> Removed:
        span = self._mine(span_id, like)
        span_id = span.id
        relations = tuple(
            r
            for r in self.project.spans.relations_for(span.document_id, span.annotator)
            if span_id in (r.head_id, r.tail_id)
        )
        with self.project.transaction():
            self.project.spans.delete(span_id)  # its relations go with it (foreign keys)
        return Removed(span, relations, span_removed(span, relations=bool(relations)))

    def relabel_span(
        self, span_id: int, label: str, like: Span | None = None,
        relations: tuple[Relation, ...] = (),
    ) -> tuple[Changes, tuple[Relation, ...]]:  # fmt: skip
        """A new label. A claim that is no longer a claim loses its speaker link, and a span
        that is no longer a speaker stops being one: those links are returned, and an undo
        passes them back in `relations` to be restored."""
        if label not in self.project.labels.names():
            raise AnnotatorError(f"unknown label {label!r}")
        span = self._mine(span_id, like)
        dropped = tuple(
            r
            for r in self.project.spans.relations_for(span.document_id, self.annotator)
            if r.type == SAID_BY
            and (
                (r.head_id == span.id and not takes_source(label))
                or (r.tail_id == span.id and not is_speaker(label))
            )
        )
        with self.project.transaction():
            self.project.spans.relabel(span.id, label)
            for relation in dropped:
                self.project.spans.delete_relation(relation.id)
            for relation in relations:
                head = span.id if relation.head_id == span_id else relation.head_id
                tail = span.id if relation.tail_id == span_id else relation.tail_id
                self._put_back(replace(relation, head_id=head, tail_id=tail))
        changes = span_updated(self.project.spans.get(span.id))
        if dropped or relations:
            changes = changes | Changes(relations=True)
        return changes, dropped

    def set_value(
        self, span_id: int, typed: str, like: Span | None = None
    ) -> tuple[Changes, dict[str, Any]]:
        """What the analyst typed in the span panel's value column, read by the label's
        kind (a date, a registry actor, a topic...); returns the change and the old attrs.

        An actor or topic the value creates is made in the same transaction, and named in
        `Changes.created` so that `unset_value` can take it out again."""
        span = self._mine(span_id, like)
        kind = kind_of(span.label)
        if kind is None:
            raise AnnotatorError(f"a {span.label} span has no value")
        with self.project.transaction():
            edit = kind.parse(self.project, span, typed)
            self.project.spans.set_attrs(span.id, edit.attrs)
        changes = span_updated(self.project.spans.get(span.id)) | Changes(
            registry=edit.registry, topics=edit.topics, created=edit.created
        )
        return changes, dict(span.attrs)

    def unset_value(
        self, span_id: int, attrs: dict[str, Any], created: tuple[tuple[str, str], ...],
        like: Span | None = None,
    ) -> Changes:  # fmt: skip
        """Undo of `set_value`: the old attributes, and what it added to the registry gone."""
        span_id = self._mine(span_id, like).id
        with self.project.transaction():
            self.project.spans.set_attrs(span_id, attrs)
            ActorRegistry(self.project).forget(created)
            topics = TopicList(self.project)
            for kind, key in created:
                if kind == "topic":
                    topics.remove(key)
        registry = any(kind in ("actor", "alias") for kind, _ in created)
        topics_changed = any(kind == "topic" for kind, _ in created)
        return span_updated(self.project.spans.get(span_id)) | Changes(
            registry=registry, topics=topics_changed
        )

    # -- who said a claim -------------------------------------------------------------------

    def set_source(
        self, claim_id: int, source_id: int | None,
        claim_like: Span | None = None, source_like: Span | None = None,
    ) -> tuple[Relation | None, Changes]:  # fmt: skip
        """Who said a claim: its `said_by` relation to a speaker span of the same document
        (one source per claim; None removes it). Returns the old relation, for undo."""
        claim = self._mine(claim_id, claim_like)
        claim_id = claim.id
        if not takes_source(claim.label):
            raise AnnotatorError("only a claim has a source")
        if source_id is not None:
            source = self._mine(source_id, source_like)
            source_id = source.id
            if source.document_id != claim.document_id or source.annotator != claim.annotator:
                raise AnnotatorError("the source must be a span of yours in the same document")
            if not is_speaker(source.label):
                raise AnnotatorError("a source is an actor span")
        with self.project.transaction():
            old = self.project.spans.relations_from(claim_id, SAID_BY)
            for relation in old:
                self.project.spans.delete_relation(relation.id)
            if source_id is not None:
                self.project.spans.add_relation(claim_id, source_id, SAID_BY)
        changes = Changes(documents=frozenset({claim.document_id}), relations=True)
        return (old[0] if old else None), changes

    def restore_source(
        self, claim_id: int, relation: Relation | None, like: Span | None = None
    ) -> Changes:
        """Undo: the claim's source as it was, under its old relation id."""
        claim = self._mine(claim_id, like)
        claim_id = claim.id
        with self.project.transaction():
            for current in self.project.spans.relations_from(claim_id, SAID_BY):
                self.project.spans.delete_relation(current.id)
            if relation is not None:
                self._put_back(replace(relation, head_id=claim_id))
        return Changes(documents=frozenset({claim.document_id}), relations=True)

    def _put_back(self, relation: Relation) -> None:
        """Undo: a link as it was, under its old id if still free, and only while both of
        its spans are still there (the other end may have gone meanwhile)."""
        try:
            self.project.spans.get(relation.head_id)
            self.project.spans.get(relation.tail_id)
        except KeyError:
            return
        self.project.spans.restore_relation(relation)

    # -- suggestions ------------------------------------------------------------------------

    def accept_suggestion(
        self, document_id: int, key: tuple[int, int, str], source: str, label: str,
        attrs: dict[str, Any], text: str | None = None,
    ) -> Changes:  # fmt: skip
        """A suggestion taken: stored as a span of `label` (the suggested one, or the key
        the analyst pressed) and remembered as accepted, in one transaction."""
        start, end, _suggested_label = key
        same_label = label == key[2]
        with self.project.transaction():
            self.project.suggestions.decide(document_id, self.annotator, key, source, "accepted")
            changes = self.add_span(
                document_id, label, start, end, text,
                predicted.stored_attrs(source, attrs) if same_label else None,
            )  # fmt: skip
        return changes | Changes(suggestions=True, decided=(key,))

    def reject_suggestion(
        self, document_id: int, key: tuple[int, int, str], source: str
    ) -> Changes:
        with self.project.transaction():
            self.project.suggestions.decide(document_id, self.annotator, key, source, "rejected")
        return Changes(documents=frozenset({document_id}), suggestions=True, decided=(key,))

    def forget_suggestion(
        self, document_id: int, key: tuple[int, int, str], span: Span | None = None
    ) -> Changes:
        """Undo of an accept or a reject: the decision gone, and the accepted span too (and
        the document back to new, if accepting it was the first tag there)."""
        changes = Changes(documents=frozenset({document_id}), suggestions=True)
        with self.project.transaction():
            self.project.suggestions.undecide(document_id, self.annotator, key)
            if span is not None:
                changes = changes | self.remove_span(span.id, span).changes
        return changes

    # -- labels and status ------------------------------------------------------------------

    def add_label(self, name: str) -> tuple[Label, Changes]:
        """A label added in the window gets the first free digit key, usable at once."""
        with self.project.transaction():
            label = self.project.labels.add_new(name, with_key=True)
        return label, Changes(labels=True)

    def remove_label(self, name: str) -> Changes:
        with self.project.transaction():
            self.project.labels.remove(name)
        return Changes(labels=True)

    def set_status(self, document_id: int, status: Status) -> tuple[Status, Changes]:
        """Set, and return the previous status for undo."""
        with self.project.transaction():
            previous = self.project.status.get(document_id, self.annotator)
            self.project.status.set(document_id, self.annotator, status)
        return previous, status_set(document_id, status)

    # -- reads ------------------------------------------------------------------------------

    def relations(self, document_id: int) -> list[Relation]:
        return self.project.spans.relations_for(document_id, self.annotator)

    def spans(self, document_id: int) -> list[Span]:
        return self.project.spans.for_document(document_id, self.annotator)

    def status(self, document_id: int) -> Status:
        return self.project.status.get(document_id, self.annotator)
