"""What one write changed, so that every screen refreshes exactly that and nothing re-reads.

Modelled on anki's `OpChanges`: each service write returns one `Changes`; the window
broadcasts it once and each panel looks at the flags it shows. Spans travel whole (added,
removed, updated) because the panels of the open document draw them as they are; everything
else is a flag and the documents it touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.model import Span, Status


@dataclass(frozen=True, slots=True)
class Changes:
    """Flags say which kinds of data changed; `documents` says where.

    `statuses` carries the new status of each document whose status changed, so nobody
    reads back what the service has just written.
    """

    documents: frozenset[int] = frozenset()
    added: tuple[Span, ...] = ()
    removed: tuple[Span, ...] = ()
    updated: tuple[Span, ...] = ()
    statuses: tuple[tuple[int, Status], ...] = ()
    relations: bool = False  # claims' sources (said_by) or other links
    labels: bool = False  # the project's label set (names, colours, keys)
    registry: bool = False  # actors and their aliases
    topics: bool = False  # the project's topic list
    suggestions: bool = False  # a suggestion accepted, rejected or brought back
    decided: tuple[tuple[int, int, str], ...] = ()  # (start, end, label) of those decided
    # on (accepted or rejected) in `documents`: the window stops showing them at once.
    gold: bool = False  # adjudicated spans, links or a document's review state
    corpus: bool = False  # documents added or replaced (an import)
    created: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    # (kind, key) of registry entries a write created (("actor", "12"), ("topic", "Syria")):
    # undo removes exactly these.

    @property
    def span(self) -> Span:
        """The one span a single-span write made, changed or removed."""
        return (self.added or self.updated or self.removed)[0]

    @property
    def spans(self) -> bool:
        return bool(self.added or self.removed or self.updated)

    @property
    def status(self) -> bool:
        return bool(self.statuses)

    def touches(self, document_id: int | None) -> bool:
        return document_id is not None and document_id in self.documents

    def status_of(self, document_id: int) -> Status | None:
        for doc, status in reversed(self.statuses):
            if doc == document_id:
                return status
        return None

    def __or__(self, other: Changes) -> Changes:
        """Both changes, in order: an undo macro or a bulk accept announces one value."""
        return Changes(
            documents=self.documents | other.documents,
            added=self.added + other.added,
            removed=self.removed + other.removed,
            updated=self.updated + other.updated,
            statuses=self.statuses + other.statuses,
            relations=self.relations or other.relations,
            labels=self.labels or other.labels,
            registry=self.registry or other.registry,
            topics=self.topics or other.topics,
            suggestions=self.suggestions or other.suggestions,
            decided=self.decided + other.decided,
            gold=self.gold or other.gold,
            corpus=self.corpus or other.corpus,
            created=self.created + other.created,
        )


def span_added(span: Span, status: Status | None = None) -> Changes:
    statuses = ((span.document_id, status),) if status is not None else ()
    return Changes(documents=frozenset({span.document_id}), added=(span,), statuses=statuses)


def span_removed(span: Span, relations: bool = False) -> Changes:
    return Changes(documents=frozenset({span.document_id}), removed=(span,), relations=relations)


def span_updated(span: Span) -> Changes:
    return Changes(documents=frozenset({span.document_id}), updated=(span,))


def status_set(document_id: int, status: Status) -> Changes:
    return Changes(documents=frozenset({document_id}), statuses=((document_id, status),))
