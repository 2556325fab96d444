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
    assert (change.added[0].text, change.removed, change.updated) == ("الكرملين", (), ())
    # What changed travels with the change: nobody reads the status back.
    assert change.status_of(doc_id) == Status.IN_PROGRESS
    assert project.status.get(doc_id, "sara") == Status.IN_PROGRESS
    with Project.open(project.path, create=False) as other:  # committed, visible elsewhere
        assert [s.text for s in other.spans.for_document(doc_id)] == ["الكرملين"]
    assert service.add_span(doc_id, "actor", 16, 21).statuses == ()  # started already


def test_remove_then_restore_keeps_the_id(project, doc_id):
    service = AnnotationService(project, "sara")
    span = service.add_span(doc_id, "actor", 16, 21).span
    removed = service.remove_span(span.id)
    assert removed.changes.removed == (span,) and service.spans(doc_id) == []
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
    assert service.relabel_span(span.id, "topic")[0].span.label == "topic"
    previous, changes = service.set_status(doc_id, Status.DONE)
    assert previous == Status.IN_PROGRESS and changes.status_of(doc_id) == Status.DONE
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


def test_removing_a_speaker_and_undoing_it_brings_the_link_back(project, doc_id):
    service = AnnotationService(project, "sara")
    kremlin = service.add_span(doc_id, "actor", 4, 12).span
    claim = service.add_span(doc_id, "claim", 16, 34).span
    service.set_source(claim.id, kremlin.id)
    removed = service.remove_span(kremlin.id)
    assert removed.changes.relations and service.relations(doc_id) == []
    service.restore_span(removed)
    [link] = service.relations(doc_id)
    assert (link.head_id, link.tail_id) == (claim.id, kremlin.id)


def test_a_new_actor_typed_for_a_span_is_gone_again_after_undo(project, doc_id):
    service = AnnotationService(project, "sara")
    span = service.add_span(doc_id, "actor", 4, 12).span
    changes, old = service.set_value(span.id, "Kremlin")
    assert changes.registry and changes.created == (("actor", str(changes.span.attrs["actor_id"])),)
    assert [a.name for a in project.actors.all()] == ["Kremlin"]
    service.unset_value(span.id, old, changes.created)
    assert project.actors.all() == [] and project.spans.get(span.id).attrs == old


def test_an_alias_added_to_a_known_actor_is_taken_back_alone(project, doc_id):
    from annotator.core.services.actors import ActorRegistry

    ActorRegistry(project).add("Kremlin", ["Moscow"])
    service = AnnotationService(project, "sara")
    span = service.add_span(doc_id, "actor", 4, 12).span  # الكرملين: not an alias yet
    changes, old = service.set_value(span.id, "Kremlin")
    assert [kind for kind, _ in changes.created] == ["alias"]
    assert "الكرملين" in project.actors.all()[0].aliases
    service.unset_value(span.id, old, changes.created)
    [actor] = project.actors.all()
    assert actor.name == "Kremlin" and set(actor.aliases) == {"Kremlin", "Moscow"}


def test_a_new_topic_is_taken_back_and_a_known_one_stays(project, doc_id):
    from annotator.core.services.topics import TopicList

    TopicList(project).add("Syria")
    service = AnnotationService(project, "sara")
    span = service.add_span(doc_id, "topic", 16, 21).span
    changes, old = service.set_value(span.id, "Ukraine")
    assert changes.topics and TopicList(project).all() == ["Syria", "Ukraine"]
    service.unset_value(span.id, old, changes.created)
    assert TopicList(project).all() == ["Syria"]
    changes, old = service.set_value(span.id, "syria")  # the list's own spelling is kept
    assert changes.created == () and changes.span.attrs["topic"] == "Syria"


def test_an_accepted_suggestion_is_forgotten_with_its_span(project, doc_id):
    service = AnnotationService(project, "sara")
    key = (4, 12, "actor")
    changes = service.accept_suggestion(doc_id, key, "registry", "actor", {"actor": "K"})
    span = changes.added[0]
    assert changes.suggestions and span.attrs == {"actor": "K"}
    assert project.suggestions.decided(doc_id, "sara") == {key}
    service.forget_suggestion(doc_id, key, span)
    assert project.suggestions.decided(doc_id, "sara") == set() and service.spans(doc_id) == []
    # accepted as another label (a label key): that label's own attributes, not the suggestion's
    other = service.accept_suggestion(doc_id, key, "registry", "topic", {"actor": "K"}).added[0]
    assert other.label == "topic" and other.attrs == {}


def test_a_label_added_and_taken_back(project, doc_id):
    service = AnnotationService(project, "sara")
    label, changes = service.add_label("  place ")
    assert changes.labels and (label.name, label.shortcut) == ("place", "5")
    service.remove_label("place")
    assert "place" not in project.labels.names()
    service.add_label("place")
    service.add_span(doc_id, "place", 4, 12)
    with pytest.raises(AnnotatorError, match="in use"):
        service.remove_label("place")


def test_an_id_freed_and_taken_by_another_span_is_never_edited_by_an_old_command(project, doc_id):
    """SQLite hands a freed id to the next span stored (an import's, a gold decision's):
    an undo command that remembers the old id finds its own span by place, or refuses."""
    from annotator.core.model import NewSpan

    service = AnnotationService(project, "sara")
    span = service.add_span(doc_id, "actor", 16, 21).span
    service.remove_span(span.id, span)
    with project.transaction():  # someone else's span takes the freed id
        other = project.spans.add(doc_id, "omid", NewSpan("topic", 0, 3, TEXT[:3]))
    assert other.id == span.id
    with pytest.raises(AnnotatorError, match="no longer there"):
        service.remove_span(span.id, span)
    restored = service.restore_span(span).span  # back under a new id
    assert restored.id != span.id
    service.relabel_span(span.id, "topic", span)  # the old id: resolved to the restored one
    assert project.spans.get(restored.id).label == "topic"
    assert project.spans.get(other.id).label == "topic" and other.annotator == "omid"


def test_a_claim_relabelled_loses_its_speaker_and_undo_brings_it_back(project, doc_id):
    service = AnnotationService(project, "sara")
    kremlin = service.add_span(doc_id, "actor", 4, 12).span
    claim = service.add_span(doc_id, "claim", 16, 34).span
    service.set_source(claim.id, kremlin.id)
    changes, dropped = service.relabel_span(claim.id, "date")
    assert changes.relations and service.relations(doc_id) == []
    service.relabel_span(claim.id, "claim", relations=dropped)
    [link] = service.relations(doc_id)
    assert (link.head_id, link.tail_id) == (claim.id, kremlin.id)
    _changes, dropped = service.relabel_span(kremlin.id, "topic")  # no speaker any more
    assert len(dropped) == 1 and service.relations(doc_id) == []
