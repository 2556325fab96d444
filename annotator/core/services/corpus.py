"""The document list's view of the corpus for one annotator: the only thing its widgets call.

Qt-free, so the window's list, the CLI and tests share one definition of what "new", "done",
"has a claim" or a search means. Reads only: edits go through AnnotationService, and the list
is told afterwards which document to re-read.
"""

from __future__ import annotations

from annotator.core.errors import AnnotatorError
from annotator.core.model import Status
from annotator.core.store.listing import DocumentQuery, DocumentRow
from annotator.core.store.project import Project

__all__ = ["CorpusService", "DocumentQuery", "DocumentRow"]


class CorpusService:
    """The listing queries with the annotator bound, plus what the filter controls offer."""

    def __init__(self, project: Project, annotator: str) -> None:
        if not annotator.strip():
            raise AnnotatorError("the annotator needs a name")
        self.project = project
        self.annotator = annotator

    def query(
        self,
        *,
        status: Status | None = None,
        lang: str | None = None,
        label: str | None = None,
        search: str | None = None,
    ) -> DocumentQuery:
        """A query for this annotator; empty strings mean "any", like an empty filter box."""
        return DocumentQuery(
            self.annotator,
            status=status,
            lang=lang or None,
            label=label or None,
            search=search if search and search.strip() else None,
        )

    def _own(self, query: DocumentQuery) -> DocumentQuery:
        # Status and span counts are per annotator: another one's query would show wrong rows.
        if query.annotator != self.annotator:
            raise AnnotatorError(
                f"a query for {query.annotator!r} was given to {self.annotator!r}'s list"
            )
        return query

    def unassigned(self) -> frozenset[int]:
        """In a team working copy, the documents the lead has taken back from this analyst:
        kept with the work on them, which is sent if they are given back."""
        return frozenset(self.project.team.unassigned())

    def count(self, query: DocumentQuery) -> int:
        """How many documents the filters let through."""
        return self.project.listing.count(self._own(query))

    def page(self, query: DocumentQuery, offset: int, limit: int) -> list[DocumentRow]:
        """Rows `offset`.. of the filtered list, in document id order."""
        return self.project.listing.page(self._own(query), offset, limit)

    def page_after(self, query: DocumentQuery, after_id: int, limit: int) -> list[DocumentRow]:
        """The next rows after document `after_id`: what a list reading on should call."""
        return self.project.listing.page_after(self._own(query), after_id, limit)

    def row(self, document_id: int) -> DocumentRow:
        """One document's row as it is now; KeyError if it no longer exists."""
        return self.project.listing.row(document_id, self.annotator)

    def index_of(self, query: DocumentQuery, document_id: int) -> int | None:
        """The document's position in the filtered list; None if the filters hide it."""
        return self.project.listing.index_of(self._own(query), document_id)

    def next_id(self, query: DocumentQuery, after_id: int) -> int | None:
        """The next document to work on after `after_id`; None when the list ends there."""
        return self.project.listing.next_id(self._own(query), after_id)

    def previous_id(self, query: DocumentQuery, before_id: int) -> int | None:
        """The document before `before_id` in the list; None when it starts there."""
        return self.project.listing.previous_id(self._own(query), before_id)

    def progress(self) -> tuple[int, int]:
        """(done, total) documents for the status bar."""
        return self.project.listing.progress(self.annotator)

    def languages(self) -> list[str]:
        """Languages present in the project, fa and ar first, for the language filter."""
        order = {"fa": 0, "ar": 1}
        return sorted(self.project.listing.languages(), key=lambda lang: (order.get(lang, 2), lang))

    def label_names(self) -> list[str]:
        """Label names in palette order, for the label filter."""
        return [label.name for label in self.project.labels.all()]
