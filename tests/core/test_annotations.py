"""Single edits as the window makes them: stored at once, undoable, checked."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import NewDocument, Status
from annotator.core.services.annotations import AnnotationService
from annotator.core.store.project import Project

TEXT = "قال الكرملين إن بوتين وترامب تحدثا"


@pytest.fixture
def doc_id(project: Project) -> int:
    with project.transaction():
        return project.documents.add(NewDocument("d", "t", "ar", TEXT, TEXT, None, "none", {}, "x"))


def test_add_takes_the_text_from_the_document_and_starts_progress(project, doc_id):
    service = AnnotationService(project, "sara")
    change = service.add_span(doc_id, "actor", 4, 12)
    assert (change.kind, change.span.text) == ("added", "الكرملين")
    assert project.status.get(doc_id, "sara") == Status.IN_PROGRESS
    with Project.open(project.path, create=False) as other:  # committed, visible elsewhere
        assert [s.text for s in other.spans.for_document(doc_id)] == ["الكرملين"]


def test_remove_then_restore_keeps_the_id(project, doc_id):
    service = AnnotationService(project, "sara")
    span = service.add_span(doc_id, "actor", 16, 21).span
    removed = service.remove_span(span.id)
    assert removed.kind == "removed" and service.spans(doc_id) == []
    restored = service.restore_span(removed.span)
    assert restored.span.id == span.id and service.spans(doc_id) == [span]


def test_restore_takes_a_new_id_when_the_old_one_was_reused(project, doc_id):
    service = AnnotationService(project, "sara")
    span = service.add_span(doc_id, "actor", 16, 21).span
    service.remove_span(span.id)
    other = service.add_span(doc_id, "actor", 22, 28).span  # may take the freed id
    restored = service.restore_span(span).span
    assert restored.id != other.id
    assert {s.text for s in service.spans(doc_id)} == {"بوتين", "وترامب"}


def test_relabel_and_status(project, doc_id):
    service = AnnotationService(project, "sara")
    span = service.add_span(doc_id, "actor", 16, 21).span
    assert service.relabel_span(span.id, "topic").span.label == "topic"
    assert service.set_status(doc_id, Status.DONE) == Status.IN_PROGRESS
    assert project.status.get(doc_id, "sara") == Status.DONE


def test_bad_edits_are_refused(project, doc_id):
    service = AnnotationService(project, "sara")
    with pytest.raises(AnnotatorError, match="outside the document"):
        service.add_span(doc_id, "actor", 30, 99)
    with pytest.raises(AnnotatorError, match="unknown label"):
        service.add_span(doc_id, "person", 0, 3)
    with pytest.raises(AnnotatorError, match="needs a name"):
        AnnotationService(project, "  ")
    assert service.spans(doc_id) == []
