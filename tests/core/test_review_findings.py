"""Review findings: adjudication cases a lead hits that the main tests did not cover."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.model import GOLD, NewDocument, NewSpan, Status
from annotator.core.services.adjudication import PENDING, REJECTED, AdjudicationService
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.store.project import Project

# بوتين 0-5, يطلع 6-10, ترامب 11-16, على 17-20, نتائج 21-26, قمته 27-31
TEXT = "بوتين يطلع ترامب على نتائج قمته"
TEAM = ("ali", "sara", "reza")


def _doc(project: Project, ext_id: str) -> int:
    with project.transaction():
        return project.documents.add(
            NewDocument(ext_id, ext_id, "ar", TEXT, TEXT, None, "none", {}, "x")
        )


def _mark(project: Project, doc_id: int, who: str, start: int, end: int, label: str) -> None:
    with project.transaction():
        project.spans.add(doc_id, who, NewSpan(label, start, end, TEXT[start:end]))
        project.status.set(doc_id, who, Status.DONE)


def _gold(project: Project, doc_id: int) -> set[tuple[int, int, str]]:
    return {(s.start, s.end, s.label) for s in project.spans.for_document(doc_id, GOLD)}


def _state(lead: AdjudicationService, doc_id: int, key: tuple[int, int, str]) -> str:
    return next(c.state for c in lead.document(doc_id).candidates if c.key == key)


def test_gold_from_a_rejected_candidate_leaves_it_rejected_and_undo_too(project):
    """The candidate panel's "Gold as ..." on a rejected candidate: gold gets the span with
    the new label, and the candidate as marked stays settled, before and after undo."""
    doc = _doc(project, "d1")
    _mark(project, doc, "reza", 11, 16, "topic")
    lead = AdjudicationService(project, "lead", TEAM)
    [topic] = lead.document(doc).candidates
    lead.reject(doc, topic)
    [topic] = lead.document(doc).candidates
    decision = lead.edit(doc, topic, 11, 16, "actor")
    assert _gold(project, doc) == {(11, 16, "actor")}
    assert _state(lead, doc, (11, 16, "topic")) == REJECTED
    lead.undo(decision)
    assert _gold(project, doc) == set()
    assert _state(lead, doc, (11, 16, "topic")) == REJECTED


def test_accept_where_all_agree_on_a_document_nobody_did_accepts_nothing(project):
    """Ctrl+Shift+A on an article none of the team opened: nothing to accept, no error."""
    doc = _doc(project, "d1")
    lead = AdjudicationService(project, "lead", TEAM)
    decision = lead.accept_agreed(doc)
    assert decision.steps == ()


def test_accept_where_all_agree_does_not_take_a_lone_annotators_spans(project):
    """One annotator did the document: their spans are "some", not "all" (the badge is
    faint), and accepting where all agree must not turn them into gold unread."""
    doc = _doc(project, "d1")
    _mark(project, doc, "ali", 0, 5, "actor")
    _mark(project, doc, "ali", 11, 16, "topic")
    lead = AdjudicationService(project, "lead", TEAM)
    assert lead.accept_agreed(doc).steps == ()
    assert _gold(project, doc) == set()
    lead.accept_agreed(doc, min_votes=1)  # asked for explicitly: one vote is enough
    assert _gold(project, doc) == {(0, 5, "actor"), (11, 16, "topic")}


def test_k_of_n_leaves_overlapping_spans_of_one_label_to_a_person(project):
    """Two of four mark "بوتين" as an actor, the other two "بوتين يطلع": both reach K = 2,
    but gold must not get two overlapping actors for one name."""
    doc = _doc(project, "d1")
    team = ("ali", "sara", "reza", "mina")
    _mark(project, doc, "ali", 0, 5, "actor")
    _mark(project, doc, "sara", 0, 5, "actor")
    _mark(project, doc, "reza", 0, 10, "actor")
    _mark(project, doc, "mina", 0, 10, "actor")
    _mark(project, doc, "ali", 11, 16, "actor")
    _mark(project, doc, "mina", 11, 16, "actor")
    lead = AdjudicationService(project, "lead", team)
    lead.accept_agreed(doc, min_votes=2)
    assert _gold(project, doc) == {(11, 16, "actor")}
    assert _state(lead, doc, (0, 5, "actor")) == PENDING
    assert _state(lead, doc, (0, 10, "actor")) == PENDING


def test_relabelling_gold_to_its_own_label_changes_nothing(project):
    """A label key on a focused gold span with the label it has: no new span, the
    provenance stays "accepted", and no empty step lands in the undo history."""
    doc = _doc(project, "d1")
    for who in TEAM:
        _mark(project, doc, who, 0, 5, "actor")
    lead = AdjudicationService(project, "lead", TEAM)
    lead.accept_agreed(doc)
    [gold] = project.spans.for_document(doc, GOLD)
    decision = lead.relabel(doc, gold.id, "actor")
    assert decision.steps == ()
    [same] = project.spans.for_document(doc, GOLD)
    assert same.id == gold.id
    assert project.review.provenance_for(doc)[gold.id].origin == "accepted"


def test_relabelling_gold_onto_a_gold_span_does_not_duplicate_it(project):
    """Both readings of a word were accepted; relabelling one into the other leaves one
    gold span there, not two identical ones in the export."""
    doc = _doc(project, "d1")
    _mark(project, doc, "ali", 11, 16, "actor")
    _mark(project, doc, "reza", 11, 16, "topic")
    lead = AdjudicationService(project, "lead", TEAM)
    for candidate in lead.document(doc).candidates:
        lead.accept(doc, candidate)
    topic = next(s for s in project.spans.for_document(doc, GOLD) if s.label == "topic")
    decision = lead.relabel(doc, topic.id, "actor")
    assert [(s.start, s.end, s.label) for s in project.spans.for_document(doc, GOLD)] == [
        (11, 16, "actor")
    ]
    lead.undo(decision)
    assert _gold(project, doc) == {(11, 16, "actor"), (11, 16, "topic")}


def test_gold_keeps_the_speaker_two_analysts_gave_a_claim(project, tmp_path: Path):
    """ali and sara both tagged "بوتين" and the claim after it and linked the claim to
    Putin; the lead accepted both spans one by one, marked the document reviewed, and the
    gold export had no relation at all."""
    doc = _doc(project, "d1")
    for who in ("ali", "sara"):
        _mark(project, doc, who, 0, 5, "actor")
        _mark(project, doc, who, 6, 31, "claim")
        with project.transaction():
            actor, claim = project.spans.for_document(doc, who)
            project.spans.add_relation(claim.id, actor.id, "said_by")
    lead = AdjudicationService(project, "lead", TEAM)
    for candidate in lead.document(doc).candidates:
        lead.accept(doc, candidate)
    lead.set_reviewed(doc)
    out = tmp_path / "gold.jsonl"
    Exporter(project).run(out, ExportOptions(annotators=(GOLD,)))
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    labels = {s["id"]: s["label"] for s in line["spans"]}
    assert [(labels[r["head"]], r["type"], labels[r["tail"]]) for r in line["relations"]] == [
        ("claim", "said_by", "actor")
    ]
