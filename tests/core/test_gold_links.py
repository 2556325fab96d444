"""Speaker links in review: a claim's said_by link to the actor who said it goes to gold with
its spans when the annotators agree on it, waits for the reviewer when they do not, leaves
with its spans, comes back with undo, and is exported."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD, NewDocument, NewSpan, Relation, Status
from annotator.core.services.adjudication import (
    ACCEPTED,
    ALL,
    CONFLICT,
    PENDING,
    REJECTED,
    SAID_BY,
    AddLink,
    AdjudicationService,
    LinkCandidate,
    RemoveLink,
)
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.store.project import Project

# "Putin said the summit succeeded and Trump said it failed"
TEXT = "قال بوتين إن القمة ناجحة وقال ترامب إنها فاشلة"
PUTIN, SUCCESS, TRUMP, FAILURE = (
    (4, 9, "actor"),
    (13, 24, "claim"),
    (30, 35, "actor"),
    (36, 46, "claim"),
)
TEAM = ("ali", "sara", "reza")


def _doc(project: Project) -> int:
    with project.transaction():
        return project.documents.add(
            NewDocument("d1", "d1", "ar", TEXT, TEXT, None, "none", {}, "x")
        )


def _work(project: Project, doc_id: int, who: str, keys, links=()) -> None:
    """`who` marks the spans and links claim -> actor (keys), and is done with the document."""
    with project.transaction():
        ids = {
            key: project.spans.add(
                doc_id, who, NewSpan(key[2], key[0], key[1], TEXT[key[0] : key[1]])
            ).id
            for key in keys
        }
        for claim, actor in links:
            project.spans.add_relation(ids[claim], ids[actor], SAID_BY)
        project.status.set(doc_id, who, Status.DONE)


def _gold_ids(project: Project, doc_id: int) -> dict[tuple[int, int, str], int]:
    return {(s.start, s.end, s.label): s.id for s in project.spans.for_document(doc_id, GOLD)}


def _gold_links(project: Project, doc_id: int) -> set[tuple[tuple, tuple]]:
    key_of = {i: k for k, i in _gold_ids(project, doc_id).items()}
    return {
        (key_of[r.head_id], key_of[r.tail_id])
        for r in project.spans.relations_for(doc_id, GOLD)
        if r.type == SAID_BY
    }


def _candidate(lead: AdjudicationService, doc_id: int, key):
    return next(c for c in lead.document(doc_id).candidates if c.key == key)


def _link(lead: AdjudicationService, doc_id: int, claim, actor) -> LinkCandidate:
    return next(x for x in lead.document(doc_id).links if (x.claim, x.actor) == (claim, actor))


@pytest.fixture
def doc_id(project: Project) -> int:
    return _doc(project)


@pytest.fixture
def lead(project: Project) -> AdjudicationService:
    return AdjudicationService(project, "lead", TEAM)


@pytest.fixture
def agreed(project: Project, doc_id: int) -> int:
    """ali and sara mark the success claim and Putin and say Putin said it; reza skipped it."""
    for who in ("ali", "sara"):
        _work(project, doc_id, who, [PUTIN, SUCCESS], [(SUCCESS, PUTIN)])
    return doc_id


# -- agreed links ---------------------------------------------------------------------------


def test_two_analysts_linking_the_same_claim_to_the_same_actor_put_the_link_in_gold(
    lead, project, agreed
):
    [link] = lead.document(agreed).links
    assert (link.claim, link.actor, link.annotators) == (SUCCESS, PUTIN, ("ali", "sara"))
    assert (link.agreement, link.state, link.ready) == (ALL, PENDING, False)
    lead.accept(agreed, _candidate(lead, agreed, SUCCESS))
    assert _gold_links(project, agreed) == set()  # the actor is not gold yet
    decision = lead.accept(agreed, _candidate(lead, agreed, PUTIN))
    assert _gold_links(project, agreed) == {(SUCCESS, PUTIN)}
    assert [type(step).__name__ for step in decision.steps] == ["AddGold", "AddLink"]
    [link] = lead.document(agreed).links
    gold = _gold_ids(project, agreed)
    assert (link.state, link.claim_span_id, link.actor_span_id) == (
        ACCEPTED,
        gold[SUCCESS],
        gold[PUTIN],
    )
    assert link.relation_id is not None


def test_undo_of_the_accept_takes_the_link_away_and_redo_brings_it_back(lead, project, agreed):
    lead.accept(agreed, _candidate(lead, agreed, PUTIN))
    decision = lead.accept(agreed, _candidate(lead, agreed, SUCCESS))  # the claim comes second
    [relation] = project.spans.relations_for(agreed, GOLD)
    lead.undo(decision)
    assert project.spans.relations_for(agreed, GOLD) == []
    assert set(_gold_ids(project, agreed)) == {PUTIN}
    lead.redo(decision)
    assert project.spans.relations_for(agreed, GOLD) == [relation]  # same ids all through


def test_accept_where_all_agree_adds_the_link_in_the_same_decision(lead, project, agreed):
    decision = lead.accept_agreed(agreed)
    assert _gold_links(project, agreed) == {(SUCCESS, PUTIN)}
    [add] = [step for step in decision.steps if isinstance(step, AddLink)]
    gold = _gold_ids(project, agreed)
    assert (add.link.head.id, add.link.tail.id) == (gold[SUCCESS], gold[PUTIN])
    lead.undo(decision)
    assert project.spans.for_document(agreed, GOLD) == []
    assert project.spans.relations_for(agreed, GOLD) == []
    lead.redo(decision)
    assert _gold_links(project, agreed) == {(SUCCESS, PUTIN)}


def test_k_of_n_links_what_everyone_who_marked_both_linked(lead, project, doc_id):
    """reza marked the claim alone and gave it no speaker: he has no say on Putin."""
    for who in ("ali", "sara"):
        _work(project, doc_id, who, [PUTIN, SUCCESS], [(SUCCESS, PUTIN)])
    _work(project, doc_id, "reza", [SUCCESS])
    lead.accept_agreed(doc_id, min_votes=2)
    assert _gold_links(project, doc_id) == {(SUCCESS, PUTIN)}


def test_a_lead_accepting_spans_one_by_one_gets_the_link_with_the_second(lead, project, doc_id):
    """The same rule for a lone annotator: nobody disputes ali's link."""
    _work(project, doc_id, "ali", [PUTIN, SUCCESS], [(SUCCESS, PUTIN)])
    [link] = lead.document(doc_id).links
    assert link.agreement == ALL
    lead.accept(doc_id, _candidate(lead, doc_id, SUCCESS))
    lead.accept(doc_id, _candidate(lead, doc_id, PUTIN))
    assert _gold_links(project, doc_id) == {(SUCCESS, PUTIN)}


def test_gold_export_carries_the_link_between_the_exported_spans(lead, project, agreed, tmp_path):
    lead.accept_agreed(agreed)
    lead.set_reviewed(agreed)
    out = tmp_path / "gold.jsonl"
    report = Exporter(project).run(out, ExportOptions(annotators=(GOLD,)))
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert report.relations == 1
    by_id = {s["id"]: (s["start"], s["end"], s["label"]) for s in line["spans"]}
    [relation] = line["relations"]
    assert relation["type"] == SAID_BY
    assert (by_id[relation["head"]], by_id[relation["tail"]]) == (SUCCESS, PUTIN)


# -- disputed links -------------------------------------------------------------------------


@pytest.fixture
def disputed(project: Project, doc_id: int) -> int:
    """All mark both actors and the success claim: ali says Putin said it, sara Trump, and
    reza gives it no speaker."""
    spans = [PUTIN, TRUMP, SUCCESS]
    _work(project, doc_id, "ali", spans, [(SUCCESS, PUTIN)])
    _work(project, doc_id, "sara", spans, [(SUCCESS, TRUMP)])
    _work(project, doc_id, "reza", spans)
    return doc_id


def test_a_disputed_speaker_is_not_put_in_gold_but_offered(lead, project, disputed):
    lead.accept_agreed(disputed)
    assert set(_gold_ids(project, disputed)) == {PUTIN, TRUMP, SUCCESS}
    assert _gold_links(project, disputed) == set()
    links = lead.document(disputed).links
    assert [(x.actor, x.annotators, x.agreement, x.state, x.ready) for x in links] == [
        (PUTIN, ("ali",), CONFLICT, PENDING, True),
        (TRUMP, ("sara",), CONFLICT, PENDING, True),
    ]
    assert {x.claim_text for x in links} == {"القمة ناجحة"}
    assert [x.actor_text for x in links] == ["بوتين", "ترامب"]


def test_accepting_a_disputed_link_stores_it_and_another_replaces_it(lead, project, disputed):
    lead.accept_agreed(disputed)
    first = lead.accept_link(disputed, _link(lead, disputed, SUCCESS, PUTIN))
    assert _gold_links(project, disputed) == {(SUCCESS, PUTIN)}
    states = {x.actor: x.state for x in lead.document(disputed).links}
    assert states == {PUTIN: ACCEPTED, TRUMP: REJECTED}  # the claim has its speaker
    second = lead.accept_link(disputed, _link(lead, disputed, SUCCESS, TRUMP))
    assert _gold_links(project, disputed) == {(SUCCESS, TRUMP)}  # one speaker per claim
    assert [type(step) for step in second.steps] == [RemoveLink, AddLink]
    lead.undo(second)
    assert _gold_links(project, disputed) == {(SUCCESS, PUTIN)}
    lead.undo(first)
    assert _gold_links(project, disputed) == set()
    assert {x.state for x in lead.document(disputed).links} == {PENDING}
    lead.redo(first)
    lead.redo(second)
    assert _gold_links(project, disputed) == {(SUCCESS, TRUMP)}
    again = lead.accept_link(disputed, _link(lead, disputed, SUCCESS, TRUMP))
    assert again.steps == ()  # already so: no empty undo step


def test_rejecting_a_link_settles_it_and_undo_reopens_it(lead, project, disputed):
    lead.accept_agreed(disputed)
    decision = lead.reject_link(disputed, _link(lead, disputed, SUCCESS, PUTIN))
    assert _link(lead, disputed, SUCCESS, PUTIN).state == REJECTED
    assert _link(lead, disputed, SUCCESS, TRUMP).state == PENDING
    assert project.review.rejections(disputed) == []  # not a rejected span
    lead.undo(decision)
    assert _link(lead, disputed, SUCCESS, PUTIN).state == PENDING
    lead.redo(decision)
    lead.accept_link(disputed, _link(lead, disputed, SUCCESS, PUTIN))  # changed their mind
    assert _link(lead, disputed, SUCCESS, PUTIN).state == ACCEPTED
    assert project.review.link_rejections(disputed) == []


def test_a_rejected_agreed_link_does_not_come_back_with_its_spans(lead, project, agreed):
    lead.accept_agreed(agreed)
    lead.reject_link(agreed, _link(lead, agreed, SUCCESS, PUTIN))
    assert _gold_links(project, agreed) == set()
    putin = _gold_ids(project, agreed)[PUTIN]
    lead.remove(agreed, putin)
    lead.accept(agreed, _candidate(lead, agreed, PUTIN))
    assert _gold_links(project, agreed) == set()
    assert _link(lead, agreed, SUCCESS, PUTIN).state == REJECTED


def test_a_link_is_decided_once_both_spans_are_gold(lead, project, disputed):
    link = _link(lead, disputed, SUCCESS, PUTIN)
    with pytest.raises(AnnotatorError, match="into gold first"):
        lead.accept_link(disputed, link)
    lead.reject_link(disputed, link)  # turning it down needs no gold
    assert _link(lead, disputed, SUCCESS, PUTIN).state == REJECTED


# -- gold spans leaving take their links ----------------------------------------------------


def test_removing_a_gold_span_removes_its_links_and_undo_restores_them(lead, project, agreed):
    lead.accept_agreed(agreed)
    [relation] = project.spans.relations_for(agreed, GOLD)
    gold = _gold_ids(project, agreed)
    decision = lead.remove(agreed, gold[PUTIN])  # the tail
    assert project.spans.relations_for(agreed, GOLD) == []
    assert _link(lead, agreed, SUCCESS, PUTIN).state == PENDING
    lead.undo(decision)
    assert project.spans.relations_for(agreed, GOLD) == [relation]
    lead.redo(decision)
    assert project.spans.relations_for(agreed, GOLD) == []
    lead.undo(decision)
    rejected = lead.reject(agreed, _candidate(lead, agreed, SUCCESS))  # the head
    assert project.spans.relations_for(agreed, GOLD) == []
    lead.undo(rejected)
    assert project.spans.relations_for(agreed, GOLD) == [relation]


def test_relabelling_a_gold_claim_drops_its_speaker_and_undo_restores_it(lead, project, agreed):
    lead.accept_agreed(agreed)
    [relation] = project.spans.relations_for(agreed, GOLD)
    decision = lead.relabel(agreed, _gold_ids(project, agreed)[SUCCESS], "topic")
    assert project.spans.relations_for(agreed, GOLD) == []
    lead.undo(decision)
    assert project.spans.relations_for(agreed, GOLD) == [relation]


def test_a_link_comes_back_even_when_its_span_returns_under_another_id(lead, project, agreed):
    """Undo puts a removed span back under a new id when its own was taken meanwhile: the
    link must follow it, not point at whatever holds the old id."""
    lead.accept_agreed(agreed)
    gold = _gold_ids(project, agreed)
    decision = lead.remove(agreed, gold[PUTIN])
    with project.transaction():  # someone else's span takes Putin's old id
        project.spans.add(agreed, "ali", NewSpan("topic", 13, 24, TEXT[13:24]), gold[PUTIN])
    lead.undo(decision)
    putin = _gold_ids(project, agreed)[PUTIN]
    assert putin != gold[PUTIN]
    [relation] = project.spans.relations_for(agreed, GOLD)
    assert relation == Relation(relation.id, gold[SUCCESS], putin, SAID_BY)
