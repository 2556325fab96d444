"""Adjudication into gold: candidates, decisions with provenance, undo, gold export."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD, NewDocument, NewSpan, Status
from annotator.core.services.adjudication import (
    ACCEPTED,
    ALL,
    CONFLICT,
    PENDING,
    REJECTED,
    SOME,
    AdjudicationService,
)
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.store.project import Project

# بوتين 0-5, يطلع 6-10, ترامب 11-16, على 17-20, نتائج 21-26, قمته 27-31
TEXT = "بوتين يطلع ترامب على نتائج قمته"
PUTIN, TRUMP, RESULTS = (0, 5), (11, 16), (21, 26)
TEAM = ("ali", "sara", "reza")


def _doc(project: Project, ext_id: str, text: str = TEXT) -> int:
    with project.transaction():
        return project.documents.add(
            NewDocument(ext_id, ext_id, "ar", text, text, None, "none", {}, "x")
        )


def _mark(project: Project, doc_id: int, annotator: str, span: tuple[int, int], label: str):
    text = project.documents.get(doc_id).text
    with project.transaction():
        project.spans.add(doc_id, annotator, NewSpan(label, *span, text[span[0] : span[1]]))
        project.status.set(doc_id, annotator, Status.DONE)


@pytest.fixture
def doc_id(project: Project) -> int:
    """All three mark Putin; ali and sara mark Trump; reza calls Trump a topic."""
    doc = _doc(project, "d1")
    for name in TEAM:
        _mark(project, doc, name, PUTIN, "actor")
    _mark(project, doc, "ali", TRUMP, "actor")
    _mark(project, doc, "sara", TRUMP, "actor")
    _mark(project, doc, "reza", TRUMP, "topic")
    return doc


@pytest.fixture
def lead(project: Project) -> AdjudicationService:
    return AdjudicationService(project, "lead", TEAM)


def _states(service: AdjudicationService, doc_id: int) -> dict:
    return {
        (c.start, c.end, c.label): (c.annotators, c.agreement, c.state)
        for c in service.document(doc_id).candidates
    }


def test_candidates_say_who_marked_them_and_how_much_they_agree(lead, doc_id):
    assert _states(lead, doc_id) == {
        (*PUTIN, "actor"): (TEAM, ALL, PENDING),
        (*TRUMP, "actor"): (("ali", "sara"), CONFLICT, PENDING),
        (*TRUMP, "topic"): (("reza",), CONFLICT, PENDING),
    }
    doc = lead.document(doc_id)
    assert doc.annotators == TEAM and doc.gold == [] and not doc.reviewed


def test_accept_stores_gold_with_provenance_at_once(lead, project, doc_id):
    putin = lead.document(doc_id).candidates[0]
    lead.accept(doc_id, putin)
    with Project.open(project.path, create=False) as other:  # committed: visible elsewhere
        [gold] = other.spans.for_document(doc_id, GOLD)
        provenance = other.review.provenance_for(doc_id)[gold.id]
    assert (gold.start, gold.end, gold.label, gold.text) == (*PUTIN, "actor", "بوتين")
    assert provenance.origin == "accepted" and provenance.sources == TEAM
    assert provenance.decided_by == "lead" and provenance.decided_at.startswith("20")
    assert _states(lead, doc_id)[(*PUTIN, "actor")][2] == ACCEPTED
    assert project.status.get(doc_id, GOLD) == Status.IN_PROGRESS


def test_undo_and_redo_bring_back_the_same_gold_span(lead, project, doc_id):
    decision = lead.accept(doc_id, lead.document(doc_id).candidates[0])
    [gold] = project.spans.for_document(doc_id, GOLD)
    lead.undo(decision)
    assert project.spans.for_document(doc_id, GOLD) == []
    assert project.review.provenance_for(doc_id) == {}
    lead.redo(decision)
    [again] = project.spans.for_document(doc_id, GOLD)
    assert again.id == gold.id
    assert project.review.provenance_for(doc_id)[gold.id].sources == TEAM


def test_reject_settles_a_candidate_and_accept_reverses_it(lead, project, doc_id):
    topic = next(c for c in lead.document(doc_id).candidates if c.label == "topic")
    decision = lead.reject(doc_id, topic)
    assert _states(lead, doc_id)[(*TRUMP, "topic")][2] == REJECTED
    assert project.spans.for_document(doc_id, GOLD) == []
    lead.undo(decision)
    assert _states(lead, doc_id)[(*TRUMP, "topic")][2] == PENDING
    lead.redo(decision)
    rejected = next(c for c in lead.document(doc_id).candidates if c.label == "topic")
    lead.accept(doc_id, rejected)
    assert _states(lead, doc_id)[(*TRUMP, "topic")][2] == ACCEPTED
    assert project.review.rejections(doc_id) == []


def test_rejecting_an_accepted_candidate_removes_its_gold(lead, project, doc_id):
    putin = lead.document(doc_id).candidates[0]
    lead.accept(doc_id, putin)
    accepted = lead.document(doc_id).candidates[0]
    decision = lead.reject(doc_id, accepted)
    assert project.spans.for_document(doc_id, GOLD) == []
    lead.undo(decision)
    [gold] = project.spans.for_document(doc_id, GOLD)
    assert gold.id == accepted.gold_span_id
    assert project.review.provenance_for(doc_id)[gold.id].origin == "accepted"


def test_edit_stores_the_corrected_span_and_rejects_the_marked_one(lead, project, doc_id):
    trump = next(c for c in lead.document(doc_id).candidates if c.label == "topic")
    lead.edit(doc_id, trump, 11, 16, "actor")  # reza's text, the others' label
    [gold] = project.spans.for_document(doc_id, GOLD)
    provenance = project.review.provenance_for(doc_id)[gold.id]
    assert (gold.label, provenance.origin, provenance.sources) == ("actor", "edited", ("reza",))
    states = _states(lead, doc_id)
    assert states[(*TRUMP, "topic")][2] == REJECTED
    assert states[(*TRUMP, "actor")][2] == ACCEPTED  # the same span as ali's and sara's


def test_add_a_span_nobody_marked_and_bad_spans_are_refused(lead, project, doc_id):
    lead.add(doc_id, *RESULTS, "topic")
    [gold] = project.spans.for_document(doc_id, GOLD)
    assert gold.text == "نتائج"
    assert project.review.provenance_for(doc_id)[gold.id].origin == "added"
    with pytest.raises(AnnotatorError, match="outside the document"):
        lead.add(doc_id, 20, 999, "topic")
    with pytest.raises(AnnotatorError, match="unknown label"):
        lead.add(doc_id, *RESULTS, "weather")
    assert len(project.spans.for_document(doc_id, GOLD)) == 1


def test_accept_where_all_agree_takes_only_unanimous_spans(lead, project, doc_id):
    decision = lead.accept_agreed(doc_id)
    assert [(g.start, g.end) for g in project.spans.for_document(doc_id, GOLD)] == [PUTIN]
    lead.undo(decision)
    assert project.spans.for_document(doc_id, GOLD) == []


def test_k_of_n_leaves_rival_labels_over_the_same_text_to_a_person(lead, project, doc_id):
    lead.accept_agreed(doc_id, min_votes=2)  # Trump/actor has 2 votes, Trump/topic 1
    gold = {(g.start, g.end, g.label) for g in project.spans.for_document(doc_id, GOLD)}
    assert gold == {(*PUTIN, "actor"), (*TRUMP, "actor")}
    lead.accept_agreed(doc_id, min_votes=1)  # now both Trump labels qualify: a conflict
    assert {(g.start, g.end, g.label) for g in project.spans.for_document(doc_id, GOLD)} == gold


def test_one_annotator_skipping_a_document_lowers_what_all_means(project):
    doc = _doc(project, "d2")
    _mark(project, doc, "ali", PUTIN, "actor")
    _mark(project, doc, "sara", PUTIN, "actor")  # reza never opened it
    lead = AdjudicationService(project, "lead", TEAM)
    assert lead.document(doc).annotators == ("ali", "sara")
    assert _states(lead, doc)[(*PUTIN, "actor")][1] == ALL


def test_a_lone_annotator_agrees_with_nobody(project):
    doc = _doc(project, "d3")
    _mark(project, doc, "ali", PUTIN, "actor")
    lead = AdjudicationService(project, "lead", TEAM)
    assert _states(lead, doc)[(*PUTIN, "actor")][1] == SOME


def test_reviewed_with_no_spans_is_exported_and_unreviewed_gold_is_not(
    lead, project, doc_id, tmp_path
):
    empty = _doc(project, "d-empty", "خبر بلا أسماء")
    _mark(project, empty, "ali", (0, 3), "topic")
    lead.accept(doc_id, lead.document(doc_id).candidates[0])  # d1: gold but not reviewed
    lead.set_reviewed(empty)  # nothing worth keeping there
    out = tmp_path / "gold.jsonl"
    Exporter(project).run(out, ExportOptions(annotators=(GOLD,)))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(x["id"], x["status"], x["spans"]) for x in lines] == [("d-empty", "reviewed", [])]
    decision = lead.set_reviewed(doc_id)
    Exporter(project).run(out, ExportOptions(annotators=(GOLD,)))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["d1", "d-empty"]
    [span] = lines[0]["spans"]
    assert span["provenance"]["annotators"] == list(TEAM)
    assert span["provenance"]["origin"] == "accepted"
    assert span["provenance"]["decided_by"] == "lead"
    lead.undo(decision)
    assert project.status.get(doc_id, GOLD) == Status.IN_PROGRESS


def test_analysts_see_where_gold_differs_from_their_work(lead, project, doc_id):
    trump = next(c for c in lead.document(doc_id).candidates if c.label == "actor" and c.start)
    lead.accept(doc_id, trump)
    lead.add(doc_id, *RESULTS, "topic")
    diff = lead.differences(doc_id, "reza")
    assert [(kind, g and g.label, m and m.label) for kind, g, m in diff] == [
        ("extra", None, "actor"),  # reza's Putin is not (yet) gold
        ("label", "actor", "topic"),  # gold says actor where reza said topic
        ("missed", "topic", None),
    ]
    ali = lead.differences(doc_id, "ali")
    assert [(kind, (g or m).start) for kind, g, m in ali] == [
        ("extra", 0),  # ali's Putin is not (yet) gold
        ("missed", 21),
    ]


def test_gold_is_not_a_candidate_source(project):
    with pytest.raises(AnnotatorError, match="gold"):
        AdjudicationService(project, "lead", ("ali", GOLD))


def test_relabelling_gold_keeps_its_sources_and_undo_restores_it(lead, project, doc_id):
    lead.accept(doc_id, lead.document(doc_id).candidates[0])
    [gold] = project.spans.for_document(doc_id, GOLD)
    decision = lead.relabel(doc_id, gold.id, "topic")
    [relabelled] = project.spans.for_document(doc_id, GOLD)
    provenance = project.review.provenance_for(doc_id)[relabelled.id]
    assert (relabelled.label, provenance.origin, provenance.sources) == ("topic", "edited", TEAM)
    lead.undo(decision)
    [back] = project.spans.for_document(doc_id, GOLD)
    assert (back.id, back.label) == (gold.id, "actor")
    assert project.review.provenance_for(doc_id)[gold.id].origin == "accepted"


def test_an_accepted_date_keeps_its_value_in_gold(project):
    doc = _doc(project, "d-date", "وصل يوم 12 شباط عام 2015 إلى موسكو")
    text = project.documents.get(doc).text
    start = text.index("12 شباط عام 2015")
    attrs = {"value": "2015-02-12", "precision": "day", "calendar": "levantine"}
    with project.transaction():
        for who in ("ali", "sara"):
            span = NewSpan("date", start, start + 16, text[start : start + 16], attrs)
            project.spans.add(doc, who, span)
    lead = AdjudicationService(project, "lead", ("ali", "sara"))
    lead.accept_agreed(doc)
    [gold] = project.spans.for_document(doc, GOLD)
    assert gold.attrs == attrs
