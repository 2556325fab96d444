"""A working copy and its server: join, edit offline, push once, pull gold and new work;
and the faults that must lose nothing and duplicate nothing."""

from __future__ import annotations

import gc
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from annotator.core.model import DEFAULT_LABELS, GOLD, Document, NewDocument, Status
from annotator.core.services.annotations import AnnotationService
from annotator.core.store.project import Project
from annotator.core.store.team import TeamRepository, status_uid
from annotator.core.team import claims, lead, people, schema
from annotator.core.team.connection import Conflict, TeamError, Unreachable, connect
from annotator.core.team.sync import COMMITTED, SENT, TeamSync, join

TEXT = "پوتین و ترامپ روز سه‌شنبه در گفتگویی تلفنی درباره سوریه گفتگو کردند. "


def _doc(i: int) -> Document:
    text = f"خبر {i}: " + TEXT * (1 + i % 3)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(0, f"n{i}", f"عنوان {i}", "fa", text, text, None, {}, "none", digest, digest)


@pytest.fixture
def team(team_db):
    """Lead, analysts A and B; documents n0..n5, n0-n2 assigned to A, n3-n5 to B."""
    with connect(team_db.admin_url, autocommit=True) as admin:
        schema.initialise(admin, team_db.name)
        for short, role in (("lee", "lead"), ("ana", "analyst"), ("bob", "analyst")):
            people.add_person(admin, team_db.person(short), role, None)
    with connect(team_db.url_for(team_db.person("lee")), autocommit=True) as conn:
        lead.push_documents(conn, [_doc(i) for i in range(6)], list(DEFAULT_LABELS))
        conn.execute(
            "INSERT INTO seed.assignments(document, annotator) SELECT uid, CASE WHEN "
            "ext_id < 'n3' THEN %s ELSE %s END FROM seed.documents",
            [team_db.person("ana"), team_db.person("bob")],
        )
    return team_db


def _copy(team, tmp_path: Path, who: str, url: str | None = None) -> Project:
    project = Project.open(tmp_path / f"{who}.seedproj")
    join(project, url or team.url_for(team.person(who)))
    return project


def past_the_cursor(team, project: Project) -> None:
    """Move the copy's cursor past every row written so far, as a pull on a quiet server
    does: another session on a shared one (another test run, a helper) may hold the
    cluster's xmin back, and a pull then reads again rows a quiet server would not send."""
    with team.connect("postgres", autocommit=True) as conn:
        now = conn.execute("SELECT pg_current_xact_id()::text").fetchone()[0]
    with project.transaction():
        project.team.set_link(cursor=now)


def _server_layer(team, annotator: str) -> tuple[int, int, str]:
    """(live rows, all rows, checksum of the live rows) of one layer on the server."""
    with team.connect("postgres") as conn:
        live, total = conn.execute(
            "SELECT count(*) FILTER (WHERE NOT deleted), count(*) FROM seed.spans "
            "WHERE annotator = %s", [annotator]).fetchone()  # fmt: skip
        rows = conn.execute(
            "SELECT uid::text, label, char_start, char_end, text FROM seed.spans "
            "WHERE annotator = %s AND NOT deleted ORDER BY uid::text",
            [annotator],
        ).fetchall()
    return live, total, _checksum(rows)


def _checksum(rows) -> str:
    return hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()


def _local_layer(project: Project, annotator: str) -> tuple[int, str]:
    every = sum(
        len(project.spans.for_document(d, annotator)) for d, _ in project.documents.ext_ids()
    )
    rows = project.team.layer_rows(annotator)
    assert len(rows) == every  # every local span of the layer has its global id
    return every, _checksum(rows)


def _assert_exactly_once(team, project: Project, annotator: str) -> None:
    live, _total, server_sum = _server_layer(team, annotator)
    assert project.team.waiting() == 0
    assert (live, server_sum) == _local_layer(project, annotator)


def _tag(project: Project, who: str, n: int) -> list[int]:
    """n spans over the copy's documents, as the window makes them; returns their ids."""
    service = AnnotationService(project, who)
    ids = []
    docs = [d for d, _ in project.documents.ext_ids()]
    for i in range(n):
        doc = docs[i % len(docs)]
        start = 4 * (i // len(docs))
        ids.append(service.add_span(doc, "actor", start, start + 3).span.id)
    return ids


def test_join_copies_only_assigned_documents_and_keeps_no_password(team, tmp_path):
    a = team.person("ana")
    url = f"postgresql://{a}:pw-in-the-url@127.0.0.1:5432/{team.name}"
    project = _copy(team, tmp_path, "ana", url)
    assert sorted(e for _, e in project.documents.ext_ids()) == ["n0", "n1", "n2"]
    assert {"actor", "date"} <= project.labels.names()
    link = project.team.link()
    assert link["person"] == a and link["role"] == "analyst"
    project.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("ana.seedproj*"))
    assert b"pw-in-the-url" not in stored and a.encode() in stored


def test_edits_reach_the_server_once_and_a_second_sync_sends_nothing(team, tmp_path):
    a = team.person("ana")
    project = _copy(team, tmp_path, "ana")
    service = AnnotationService(project, a)
    ids = _tag(project, a, 9)
    service.remove_span(ids[0])
    service.relabel_span(ids[1], "date")
    doc = project.spans.get(ids[2]).document_id
    service.set_status(doc, Status.DONE)
    assert project.team.waiting() > 0
    engine = TeamSync(project)
    result = engine.sync()
    assert result.pushed > 0 and result.waiting == 0
    _assert_exactly_once(team, project, a)
    assert _server_layer(team, a)[0] == 8
    assert engine.sync().pushed == 0  # nothing new: nothing sent
    _assert_exactly_once(team, project, a)
    with team.connect("postgres") as conn:
        statuses = conn.execute(
            "SELECT status FROM seed.statuses WHERE annotator = %s AND status = 'done'", [a]
        ).fetchall()
    assert statuses == [("done",)]
    engine.close()


def test_undo_of_a_removal_after_a_push_leaves_one_live_row(team, tmp_path):
    a = team.person("ana")
    project = _copy(team, tmp_path, "ana")
    service = AnnotationService(project, a)
    span_id = _tag(project, a, 1)[0]
    engine = TeamSync(project)
    engine.sync()
    removed = service.remove_span(span_id)
    service.restore_span(removed)
    engine.sync()
    live, total, _ = _server_layer(team, a)
    assert (live, total) == (1, 2)  # the old row is a tombstone, the restored one lives
    _assert_exactly_once(team, project, a)
    engine.close()


def test_pull_brings_new_assignments_and_gold_and_says_what_changed(team, tmp_path):
    a = team.person("ana")
    mine = _copy(team, tmp_path, "ana")
    lead_copy = _copy(team, tmp_path, "lee")
    assert len(lead_copy.documents.ext_ids()) == 6  # a lead holds every document
    doc = next(d for d, e in lead_copy.documents.ext_ids() if e == "n0")
    gold = AnnotationService(lead_copy, GOLD).add_span(doc, "actor", 0, 3).span
    TeamSync(lead_copy).sync()
    with team.connect(team.person("lee"), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO seed.assignments(document, annotator) "
            "SELECT uid, %s FROM seed.documents WHERE ext_id = 'n4'", [a])  # fmt: skip
    changes = TeamSync(mine).sync().changes
    assert "n4" in {e for _, e in mine.documents.ext_ids()}
    here = next(d for d, e in mine.documents.ext_ids() if e == "n0")
    pulled = mine.spans.for_document(here, GOLD)
    assert [(s.label, s.start, s.end) for s in pulled] == [(gold.label, gold.start, gold.end)]
    assert changes.gold and changes.corpus and changes.touches(here)
    assert [(s.annotator, s.start) for s in changes.added] == [(GOLD, 0)]
    assert not changes.statuses  # gold's status is not the analyst's
    assert mine.team.waiting() == 0  # pulled rows are not this analyst's edits


def _triggers(project: Project) -> set[str]:
    rows = project.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {name for (name,) in rows}


def test_a_local_project_has_no_outbox_triggers_and_records_nothing(project):
    from annotator.core.model import NewDocument

    with project.transaction():
        doc = project.documents.add(
            NewDocument("x", "", "fa", TEXT, TEXT, None, "none", {}, "test")
        )
    AnnotationService(project, "me").add_span(doc, "actor", 0, 3)
    assert project.team.waiting() == 0 and project.team.link() == {}
    assert not {t for t in _triggers(project) if t.startswith("team_")}


def test_a_working_copy_with_a_changed_outbox_trigger_is_refused(team, tmp_path):
    """The triggers a working copy gets are checked like every object of a project file:
    one rewritten by someone else (here to send nothing) refuses the file."""
    import sqlite3

    from annotator.core.errors import ForeignSchemaError

    project = _copy(team, tmp_path, "ana")
    assert {t for t in _triggers(project) if t.startswith("team_")} == set(
        __import__("annotator.core.store.schema", fromlist=["x"]).TEAM_TRIGGER_NAMES
    )
    project.close()
    project = Project.open(tmp_path / "ana.seedproj")  # our own triggers pass the check
    project.close()
    raw = sqlite3.connect(tmp_path / "ana.seedproj")
    raw.execute("DROP TRIGGER team_span_added")
    raw.execute(
        "CREATE TRIGGER team_span_added AFTER INSERT ON spans BEGIN DELETE FROM team_outbox; END"
    )
    raw.commit()
    raw.close()
    with pytest.raises(ForeignSchemaError, match="team_span_added"):
        Project.open(tmp_path / "ana.seedproj")


def test_a_connection_killed_mid_push_loses_and_duplicates_nothing(team, tmp_path):
    a = team.person("ana")
    project = _copy(team, tmp_path, "ana")
    _tag(project, a, 12)
    waiting = project.team.waiting()
    engine = TeamSync(project)

    def kill(stage: str) -> None:
        if stage == SENT:
            pid = engine._conn.info.backend_pid
            with team.connect("postgres", autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", [pid])

    with pytest.raises(Unreachable):
        engine.push(kill)
    assert _server_layer(team, a)[1] == 0  # the cut transaction left nothing
    assert project.team.waiting() == waiting
    engine.sync()
    _assert_exactly_once(team, project, a)
    engine.close()


def test_a_connection_killed_after_the_commit_is_not_sent_twice(team, tmp_path):
    """The server committed, then the link died before the client heard: the next push
    sends the same rows with the same ids and versions, and the server keeps one each."""
    a = team.person("ana")
    project = _copy(team, tmp_path, "ana")
    _tag(project, a, 5)
    waiting = project.team.waiting()
    engine = TeamSync(project)

    def lost(stage: str) -> None:
        if stage == COMMITTED:
            raise ConnectionAbortedError("the acknowledgement was lost")

    with pytest.raises(ConnectionAbortedError):
        engine.push(lost)
    assert project.team.waiting() == waiting and _server_layer(team, a)[0] == 5
    engine.sync()
    assert _server_layer(team, a)[1] == 5
    _assert_exactly_once(team, project, a)
    engine.close()


_CHILD = """
import sys, time
from pathlib import Path
from annotator.core.store.project import Project
from annotator.core.team.sync import TeamSync

path, stage, marker = sys.argv[1:4]
with Project.open(path) as project:
    def hold(where):
        if where == stage:
            Path(marker).write_text(where)
            time.sleep(120)
    TeamSync(project).push(hold)
"""


@pytest.mark.slow
@pytest.mark.parametrize("stage", [SENT, COMMITTED])
def test_a_client_killed_mid_push_loses_and_duplicates_nothing(team, tmp_path, stage):
    a = team.person("ana")
    project = _copy(team, tmp_path, "ana")
    _tag(project, a, 10)
    waiting = project.team.waiting()
    project.close()
    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(tmp_path / "ana.seedproj"), stage, str(marker)]
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the pushing process ended early"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    with Project.open(tmp_path / "ana.seedproj") as project:
        assert project.team.waiting() == waiting  # nothing was cleared before the kill
        engine = TeamSync(project)
        engine.sync()
        assert _server_layer(team, a)[1] == 10
        _assert_exactly_once(team, project, a)
        engine.close()


def test_an_unreachable_server_keeps_edits_waiting_until_it_is_back(team, tmp_path):
    a = team.person("ana")
    project = _copy(team, tmp_path, "ana")
    _tag(project, a, 4)
    gone = TeamSync(project, url=team.url_for(a, port=1))  # connection refused
    with pytest.raises(Unreachable, match="cannot reach the server"):
        gone.sync()
    waiting = project.team.waiting()
    _tag(project, a, 2)  # work goes on offline
    with pytest.raises(Unreachable):
        gone.sync()
    assert project.team.waiting() == waiting + 2 and _server_layer(team, a)[1] == 0
    back = TeamSync(project)
    back.sync()
    _assert_exactly_once(team, project, a)
    assert _server_layer(team, a)[0] == 6
    back.close()


def test_the_server_refuses_a_copy_that_writes_another_analysts_layer(team, tmp_path):
    """A tampered copy that marks B's layer as its own still cannot write it."""
    b = team.person("bob")
    project = _copy(team, tmp_path, "ana")
    with project.transaction():
        project.team.own_layers([b])
    _tag(project, b, 1)
    from annotator.core.team.connection import TeamError

    with pytest.raises(TeamError, match="row-level security"):
        TeamSync(project).push()
    assert _server_layer(team, b)[1] == 0


def test_links_and_suggestion_decisions_travel_and_the_lead_sees_them(team, tmp_path):
    a = team.person("ana")
    project = _copy(team, tmp_path, "ana")
    lead_copy = _copy(team, tmp_path, "lee")
    service = AnnotationService(project, a)
    doc = project.documents.ext_ids()[0][0]
    speaker = service.add_span(doc, "actor", 0, 3).span
    claim = service.add_span(doc, "claim", 8, 20).span
    service.set_source(claim.id, speaker.id)
    service.reject_suggestion(doc, (30, 35, "actor"), "repeat")
    service.reject_suggestion(doc, (40, 45, "actor"), "repeat")
    service.forget_suggestion(doc, (40, 45, "actor"))  # undone before any push
    TeamSync(project).sync()
    with team.connect("postgres") as conn:
        link = conn.execute(
            "SELECT r.type, h.label, t.label FROM seed.relations r "
            "JOIN seed.spans h ON h.uid = r.head JOIN seed.spans t ON t.uid = r.tail "
            "WHERE r.annotator = %s AND NOT r.deleted", [a]).fetchall()  # fmt: skip
        decided = conn.execute(
            "SELECT char_start, decision, deleted FROM seed.decisions WHERE annotator = %s "
            "ORDER BY char_start", [a]).fetchall()  # fmt: skip
    assert link == [("said_by", "claim", "actor")]
    assert decided == [(30, "rejected", False), (40, "rejected", True)]
    changes = TeamSync(lead_copy).sync().changes
    assert changes.relations and changes.suggestions
    there = next(
        d for d, e in lead_copy.documents.ext_ids() if e == project.documents.get(doc).ext_id
    )
    assert [r.type for r in lead_copy.spans.relations_for(there, a)] == ["said_by"]
    assert lead_copy.suggestions.decided(there, a) == {(30, 35, "actor")}


# -- what one analyst, typing SQL with their own credentials, can do to the others' sync:
# the rows they may write must not block a colleague's pushes nor corrupt a lead's copy.


def _share(team, ext_id: str, who: str) -> str:
    """Assign `ext_id` to `who` as well; returns its global id."""
    with team.connect("postgres", autocommit=True) as conn:
        uid = conn.execute("SELECT uid::text FROM seed.documents WHERE ext_id = %s", [ext_id])
        uid = uid.fetchone()[0]
        conn.execute(
            "INSERT INTO seed.assignments(document, annotator) VALUES (%s, %s)", [uid, who]
        )
    return uid


def test_an_analyst_who_takes_a_colleagues_status_id_blocks_none_of_their_pushes(team, tmp_path):
    """Status ids derive from (document, annotator): anyone sharing the document can compute
    B's and write a row of their own under it before B pushes."""
    a, b = team.person("ana"), team.person("bob")
    shared = _share(team, "n3", a)
    with team.connect(a, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO seed.statuses(uid, document, annotator, status, version) "
            "VALUES (%s, %s, current_user, 'new', 1)",
            [status_uid(shared, b), shared],
        )
    bob = _copy(team, tmp_path, "bob")
    doc = next(d for d, e in bob.documents.ext_ids() if e == "n3")
    AnnotationService(bob, b).set_status(doc, Status.DONE)
    _tag(bob, b, 2)
    result = TeamSync(bob).sync()
    assert result.waiting == 0
    with team.connect("postgres") as conn:
        held = conn.execute(
            "SELECT annotator, status FROM seed.statuses WHERE document = %s ORDER BY 1",
            [shared],
        ).fetchall()
        spans = conn.execute("SELECT count(*) FROM seed.spans WHERE annotator = %s", [b])
        assert spans.fetchone()[0] == 2
    assert held == sorted([(a, "new"), (b, "done")])


def test_a_row_under_the_id_of_a_document_does_not_cost_the_lead_their_gold(team, tmp_path):
    """Ids are unique per server table only: a span or link may carry a document's (or a gold
    span's) id. Taken in, it replaced the document's id in the lead's copy, and the gold the
    lead then made on that document was dropped from the outbox unsent."""
    a = team.person("ana")
    lead_copy = _copy(team, tmp_path, "lee")
    doc = next(d for d, e in lead_copy.documents.ext_ids() if e == "n0")
    gold = AnnotationService(lead_copy, GOLD)
    kept = gold.add_span(doc, "actor", 0, 3).span
    TeamSync(lead_copy).sync()
    with team.connect(a, autocommit=True) as conn:
        d0, g = conn.execute(
            "SELECT d.uid, s.uid FROM seed.documents d JOIN seed.spans s ON s.document = d.uid "
            "WHERE d.ext_id = 'n0' AND s.annotator = 'gold'"
        ).fetchone()
        conn.execute(
            "INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, "
            "text, version) VALUES (%s, %s, current_user, 'actor', 4, 7, 'xxx', 1)",
            [d0, d0],
        )
        conn.execute(
            "INSERT INTO seed.relations(uid, document, annotator, head, tail, type, version) "
            "SELECT %s, %s, current_user, s.uid, s.uid, 'said_by', 1 FROM seed.spans s "
            "WHERE s.uid = %s",
            [g, d0, d0],
        )
        conn.execute(  # a link of A's layer between two gold spans
            "INSERT INTO seed.relations(uid, document, annotator, head, tail, type, version) "
            "VALUES (gen_random_uuid(), %s, current_user, %s, %s, 'said_by', 1)",
            [d0, g, g],
        )
    TeamSync(lead_copy).sync()
    assert lead_copy.spans.relations_for(doc, GOLD) == []
    gold.add_span(doc, "date", 8, 11)
    gold.relabel_span(kept.id, "date")
    assert TeamSync(lead_copy).sync().waiting == 0
    with team.connect("postgres") as conn:
        held = conn.execute(
            "SELECT label, char_start FROM seed.spans WHERE annotator = 'gold' AND NOT deleted "
            "ORDER BY char_start"
        ).fetchall()
    assert held == [("date", 0), ("date", 8)]


def test_a_document_taken_back_from_an_analyst_holds_up_none_of_their_other_edits(team, tmp_path):
    """Their edits on it can no longer be stored (the server refuses them); before, that
    refusal failed every later push too, and all their work waited for ever."""
    a = team.person("ana")
    ana = _copy(team, tmp_path, "ana")
    ids = _tag(ana, a, 3)  # one span on each of n0, n1, n2
    TeamSync(ana).sync()
    service = AnnotationService(ana, a)
    for span_id in ids[1:]:
        service.relabel_span(span_id, "date")
    n0 = ana.spans.get(ids[0]).document_id
    service.remove_span(ids[0])  # a removal there is withheld too (and not counted)
    service.add_span(n0, "date", 8, 11)
    with team.connect("postgres", autocommit=True) as conn:
        conn.execute(
            "DELETE FROM seed.assignments WHERE annotator = %s AND document = "
            "(SELECT uid FROM seed.documents WHERE ext_id = 'n0')",
            [a],
        )
    engine = TeamSync(ana)
    first = engine.sync()
    _tag(ana, a, 2)
    second = engine.sync()
    assert (first.withheld, first.waiting, second.withheld, second.waiting) == (1, 0, 1, 0)
    with team.connect("postgres") as conn:
        held = conn.execute(
            "SELECT d.ext_id, s.label, s.deleted FROM seed.spans s JOIN seed.documents d "
            "ON d.uid = s.document WHERE s.annotator = %s ORDER BY 1, 2",
            [a],
        ).fetchall()
    assert held == [
        ("n0", "actor", False),  # as it was when the lead took the document back
        ("n1", "actor", False),
        ("n1", "date", False),
        ("n2", "date", False),
    ]


def test_a_lead_joining_on_a_second_machine_can_change_the_gold_made_on_the_first(team, tmp_path):
    """A new copy numbers its edits from the highest version the server holds of its
    layers; counting the person's own spans only, a lead's gold edits got versions the
    server already had, and were dropped as old."""
    first = _copy(team, tmp_path, "lee")
    doc = next(d for d, e in first.documents.ext_ids() if e == "n0")
    gold = AnnotationService(first, GOLD)
    span = gold.add_span(doc, "actor", 0, 3).span
    TeamSync(first).sync()
    for label in ("date", "actor", "date"):
        gold.relabel_span(span.id, label)
        TeamSync(first).sync()
    (tmp_path / "second").mkdir()
    second = _copy(team, tmp_path / "second", "lee")
    there = next(d for d, e in second.documents.ext_ids() if e == "n0")
    (pulled,) = second.spans.for_document(there, GOLD)
    AnnotationService(second, GOLD).relabel_span(pulled.id, "actor")
    assert TeamSync(second).sync().waiting == 0
    with team.connect("postgres") as conn:
        held = conn.execute("SELECT label FROM seed.spans WHERE annotator = 'gold'").fetchall()
    assert held == [("actor",)]


def test_a_lead_made_an_analyst_keeps_pushing_their_own_work(team, tmp_path):
    """The server refuses them gold from then on; the copy they had as a lead still holds
    gold edits, which must not hold up the rest."""
    lee = team.person("lee")
    copy = _copy(team, tmp_path, "lee")
    n0 = next(d for d, e in copy.documents.ext_ids() if e == "n0")
    AnnotationService(copy, GOLD).add_span(n0, "actor", 0, 3)
    TeamSync(copy).sync()
    with connect(team.admin_url, autocommit=True) as admin:
        people.add_person(admin, lee, "analyst", None)
        admin.execute(
            "INSERT INTO seed.assignments(document, annotator) "
            "SELECT uid, %s FROM seed.documents WHERE ext_id = 'n0'",
            [lee],
        )
    AnnotationService(copy, GOLD).add_span(n0, "date", 8, 11)
    AnnotationService(copy, lee).add_span(n0, "actor", 0, 3)
    result = TeamSync(copy).sync()
    assert (result.withheld, result.waiting) == (1, 0)
    with team.connect("postgres") as conn:
        held = conn.execute(
            "SELECT annotator, label FROM seed.spans WHERE NOT deleted ORDER BY 1, 2"
        ).fetchall()
    assert held == [("gold", "actor"), (lee, "actor")]


@pytest.mark.parametrize(
    ("start", "end", "text"),
    # (the server itself refuses a text whose length is not the span's: test_security)
    [(5000, 5001, "x"), (0, 3, "not")],
)
def test_a_span_that_does_not_fit_its_document_stays_out_of_the_leads_copy(
    team, tmp_path, start, end, text
):
    """The server checks only start < end and the text's length: an analyst may write any
    offsets and text with SQL, and the lead's copy would hold a span that is not
    text[start:end] of its document."""
    a = team.person("ana")
    lead_copy = _copy(team, tmp_path, "lee")
    with team.connect(a, autocommit=True) as conn:
        d0 = conn.execute("SELECT uid FROM seed.documents WHERE ext_id = 'n0'").fetchone()[0]
        for s, e, t in ((start, end, text), (0, 3, "خبر")):
            conn.execute(
                "INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, "
                "text, version) VALUES (gen_random_uuid(), %s, current_user, 'actor', %s, %s, "
                "%s, 1)",
                [d0, s, e, t],
            )
    TeamSync(lead_copy).sync()
    doc = next(d for d, e in lead_copy.documents.ext_ids() if e == "n0")
    held = [(s.start, s.end, s.text) for s in lead_copy.spans.for_document(doc, a)]
    assert held == [(0, 3, "خبر")]


def _edit_while_held_up(team, table: str, work, edit) -> float:
    """`work` on a thread of its own, held up on the server by a lock on `table`; how long
    `edit` takes meanwhile (on its own connection to the copy, as the window's). An error
    of `work`'s is raised here."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # handed to the test's thread
            errors.append(exc)

    with team.connect("postgres") as blocker:
        blocker.execute(f"LOCK TABLE seed.{table} IN ACCESS EXCLUSIVE MODE")
        worker = threading.Thread(target=run)
        worker.start()
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:  # the work waits on the server now
                with team.connect("postgres", autocommit=True) as watch:
                    waiting = watch.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                        "AND application_name = 'seed-annotator' AND wait_event_type = 'Lock'",
                        [team.name],
                    ).fetchone()[0]
                if waiting:
                    break
                time.sleep(0.05)
            assert waiting, "the work never reached the server"
            started = time.monotonic()
            edit()
            took = time.monotonic() - started
        finally:
            time.sleep(0.2)
            blocker.rollback()  # the server answers now
            worker.join(30)
    assert not errors, errors
    return took


def test_a_pull_slow_on_the_server_does_not_hold_up_an_edit_in_the_window(team, tmp_path):
    """A lead's full pull reads for seconds; an edit made meanwhile on another connection
    to the copy (the window's) must not wait for it, let alone time out."""
    lee = team.person("lee")
    path = _copy(team, tmp_path, "lee").path

    def pull() -> None:
        with Project.open(path) as project:
            engine = TeamSync(project)
            engine.pull()
            engine.close()

    def edit() -> None:
        with Project.open(path) as window:
            _tag(window, lee, 1)

    took = _edit_while_held_up(team, "decisions", pull, edit)
    assert took < 1.0, f"a local edit waited {took:.1f} s for a pull"


def test_a_join_cut_before_it_records_edits_leaves_no_copy_that_loses_them(
    team, tmp_path, monkeypatch
):
    """A join that got its documents but died before switching on the outbox left a copy
    that looked joined and never sent an edit made in it."""
    a = team.person("ana")
    project = Project.open(tmp_path / "ana.seedproj")

    def killed(self, names):
        raise KeyboardInterrupt("killed between the pull and recording edits")

    with monkeypatch.context() as patch:
        patch.setattr(TeamRepository, "own_layers", killed)
        with pytest.raises(KeyboardInterrupt):
            join(project, team.url_for(a))
    # Nothing of the cut join stays: no documents to edit, no link that says "joined".
    assert project.documents.ext_ids() == []
    assert "person" not in project.team.link()
    with pytest.raises(TeamError, match="not a team working copy"):
        TeamSync(project)
    join(project, team.url_for(a))  # joining again is the way on, and then edits travel
    _tag(project, a, 2)
    assert project.team.waiting() > 0
    engine = TeamSync(project)
    engine.sync()
    engine.close()
    _assert_exactly_once(team, project, a)
    assert _server_layer(team, a)[0] == 2


def _deadlocks(team, times: int) -> None:
    """The server cancels the next `times` writes of spans as it cancels a deadlock's
    victim (SQLSTATE 40P01), whoever writes them."""
    with team.connect("postgres", autocommit=True) as admin:
        admin.execute(f"CREATE SEQUENCE seed.victims MAXVALUE {times + 1000}")
        admin.execute(
            "CREATE FUNCTION seed.victim() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
            "SET search_path = pg_catalog AS $$ BEGIN "
            f"IF nextval('seed.victims') <= {times} THEN "
            "RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END IF; "
            "RETURN NEW; END $$"
        )
        admin.execute(
            "CREATE TRIGGER victim BEFORE INSERT ON seed.spans "
            "FOR EACH STATEMENT EXECUTE FUNCTION seed.victim()"
        )


def test_a_deadlock_is_retried_once_and_then_reported_as_such(team, tmp_path):
    a = team.person("ana")
    project = _copy(team, tmp_path, "ana")
    _tag(project, a, 3)
    engine = TeamSync(project)
    _deadlocks(team, 1)
    with team.connect("postgres", autocommit=True) as admin:  # the trigger fires
        with pytest.raises(psycopg.errors.DeadlockDetected):
            admin.execute("INSERT INTO seed.spans SELECT * FROM seed.spans WHERE false")
        admin.execute("ALTER SEQUENCE seed.victims RESTART")
    assert engine.sync().waiting == 0  # cancelled once, sent again at once
    _assert_exactly_once(team, project, a)
    _tag(project, a, 2)
    with team.connect("postgres", autocommit=True) as admin:
        admin.execute(
            "CREATE OR REPLACE FUNCTION seed.victim() RETURNS trigger LANGUAGE plpgsql "
            "SECURITY DEFINER SET search_path = pg_catalog AS $$ BEGIN "
            "RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END $$"
        )
    with pytest.raises(TeamError) as raised:
        engine.sync()
    assert not isinstance(raised.value, Unreachable)
    assert "cannot reach" not in str(raised.value)
    assert "deadlock detected" in str(raised.value) and "another" in str(raised.value)
    assert project.team.waiting() > 0  # nothing lost: sent at the next sync
    with team.connect("postgres", autocommit=True) as admin:
        admin.execute("DROP TRIGGER victim ON seed.spans")
    assert engine.sync().waiting == 0
    engine.close()
    _assert_exactly_once(team, project, a)
    assert _server_layer(team, a)[0] == 5


# -- two leads: a per-document claim, and each other's gold ------------------------------


def _second_lead(team) -> str:
    liz = team.person("liz")
    with connect(team.admin_url, autocommit=True) as admin:
        people.add_person(admin, liz, "lead", None)
    return liz


def _doc_of(project: Project, ext_id: str) -> int:
    return next(d for d, e in project.documents.ext_ids() if e == ext_id)


def _gold_on_server(team) -> list[tuple]:
    with team.connect("postgres") as conn:
        return conn.execute(
            "SELECT d.ext_id, s.label, s.char_start, s.writer FROM seed.spans s "
            "JOIN seed.documents d ON d.uid = s.document "
            "WHERE s.annotator = 'gold' AND NOT s.deleted ORDER BY 1, 3"
        ).fetchall()


def test_the_database_refuses_a_leads_gold_on_a_document_another_lead_holds(team):
    """Raw SQL with a lead's own login: the first gold write claims the document, and
    another lead's write there is refused, saying who holds it, until it is released."""
    lee, liz = team.person("lee"), _second_lead(team)
    insert = (
        "INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
        "version) SELECT gen_random_uuid(), uid, 'gold', 'actor', 0, 3, 'خبر', 1 "
        "FROM seed.documents WHERE ext_id = %s"
    )
    with team.connect(lee, autocommit=True) as conn:
        conn.execute(insert, ["n0"])
    with team.connect(liz, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            conn.execute(insert, ["n0"])
        assert f"gold on document n0 is held by {lee}" in str(refused.value)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor take it over by hand
            conn.execute("UPDATE seed.claims SET lead = current_user")
        # Her own claims: none. (Releasing lee's is a lead's right since m009, and the
        # server records it: tests/team/test_cli.py.)
        conn.execute("DELETE FROM seed.claims WHERE lead = current_user")
        conn.execute(insert, ["n1"])  # a free document: hers now
        held = conn.execute(
            "SELECT d.ext_id, c.lead FROM seed.claims c JOIN seed.documents d "
            "ON d.uid = c.document ORDER BY 1"
        ).fetchall()
    assert held == [("n0", lee), ("n1", liz)]
    with team.connect(lee, autocommit=True) as conn:  # lee marks his gold of n0 reviewed
        conn.execute(
            "INSERT INTO seed.statuses(uid, document, annotator, status, version) "
            "SELECT gen_random_uuid(), uid, 'gold', 'reviewed', 2 FROM seed.documents "
            "WHERE ext_id = 'n0'"
        )
    with team.connect(liz, autocommit=True) as conn:
        conn.execute(insert, ["n0"])  # released: hers to adjudicate now
    assert [(e, w) for e, _l, _s, w in _gold_on_server(team)] == [
        ("n0", lee),
        ("n0", liz),
        ("n1", liz),
    ]


def test_two_leads_never_overwrite_each_others_gold_and_pull_each_others(team, tmp_path):
    lee, liz = team.person("lee"), _second_lead(team)
    lee_copy = _copy(team, tmp_path, "lee")
    (tmp_path / "liz").mkdir()
    liz_copy = _copy(team, tmp_path / "liz", "liz")
    lee_gold, liz_gold = AnnotationService(lee_copy, GOLD), AnnotationService(liz_copy, GOLD)
    lee_gold.add_span(_doc_of(lee_copy, "n0"), "actor", 0, 3)
    assert TeamSync(lee_copy).sync().waiting == 0
    liz_gold.add_span(_doc_of(liz_copy, "n0"), "date", 8, 11)  # on lee's document
    liz_gold.add_span(_doc_of(liz_copy, "n1"), "date", 8, 11)
    result = TeamSync(liz_copy).sync()
    assert result.held == (("n0", lee),)
    assert result.waiting == 0  # her other gold went through
    assert _gold_on_server(team) == [("n0", "actor", 0, lee), ("n1", "date", 8, liz)]
    # Liz's copy now shows lee's gold on n0 (besides her own unsent span, which it keeps)
    assert [(s.label, s.start) for s in liz_copy.spans.for_document(_doc_of(liz_copy, "n0"),
                                                                     GOLD)] == [
        ("actor", 0), ("date", 8)
    ]  # fmt: skip
    lee_sync = TeamSync(lee_copy).sync()
    assert lee_sync.changes.gold
    assert [
        (s.label, s.start) for s in lee_copy.spans.for_document(_doc_of(lee_copy, "n1"), GOLD)
    ] == [("date", 8)]
    assert lee_copy.team.waiting() == 0  # pulled gold is not sent back as lee's own
    assert TeamSync(lee_copy).sync().pushed == 0
    assert _gold_on_server(team) == [("n0", "actor", 0, lee), ("n1", "date", 8, liz)]


def test_gold_held_back_by_another_leads_claim_goes_out_once_released(team, tmp_path):
    """The status bar tells a lead their gold "stays in this copy" until the holder lets
    the document go: it must then reach the server, not be forgotten by the first push."""
    lee, liz = team.person("lee"), _second_lead(team)
    lee_copy = _copy(team, tmp_path, "lee")
    (tmp_path / "liz").mkdir()
    liz_copy = _copy(team, tmp_path / "liz", "liz")
    AnnotationService(lee_copy, GOLD).add_span(_doc_of(lee_copy, "n0"), "actor", 0, 3)
    TeamSync(lee_copy).sync()
    AnnotationService(liz_copy, GOLD).add_span(_doc_of(liz_copy, "n0"), "date", 8, 11)
    assert TeamSync(liz_copy).sync().held == (("n0", lee),)
    with connect(team.url_for(lee), autocommit=True) as conn:
        assert claims.release(conn, ["n0"]).taken == ("n0",)
    result = TeamSync(liz_copy).sync()
    assert result.held == ()
    assert _gold_on_server(team) == [("n0", "actor", 0, lee), ("n0", "date", 8, liz)]


def test_a_lead_can_change_gold_another_lead_finished(team, tmp_path):
    """Gold has more than one writer: a lead's next edits are numbered past the versions
    of the gold they pulled, or the server drops them as older."""
    liz = _second_lead(team)
    (tmp_path / "liz").mkdir()
    liz_copy = _copy(team, tmp_path / "liz", "liz")  # joined before lee's many edits
    lee_copy = _copy(team, tmp_path, "lee")
    n0 = _doc_of(lee_copy, "n0")
    service = AnnotationService(lee_copy, GOLD)
    span = service.add_span(n0, "actor", 0, 3).span
    engine = TeamSync(lee_copy)
    for label in ("date", "actor", "date", "actor", "date"):
        service.relabel_span(span.id, label)
        engine.sync()
    lee_copy.status.set(n0, GOLD, Status.REVIEWED)  # finished: the claim is released
    engine.sync()
    TeamSync(liz_copy).sync()
    (pulled,) = liz_copy.spans.for_document(_doc_of(liz_copy, "n0"), GOLD)
    AnnotationService(liz_copy, GOLD).relabel_span(pulled.id, "actor")
    result = TeamSync(liz_copy).sync()
    assert (result.held, result.waiting) == ((), 0)
    assert _gold_on_server(team) == [("n0", "actor", 0, liz)]
    engine.sync()
    assert [s.label for s in lee_copy.spans.for_document(n0, GOLD)] == ["actor"]


def _flaky_reads(team, times: int, pulls_only: bool = False) -> None:
    """The first `times` reads of spans on each analyst's connection are cancelled as the
    server cancels a serialization failure (SQLSTATE 40001). A pull reads in a read-only
    transaction, so the count is kept in session advisory locks, which a rollback keeps.
    `pulls_only`: only reads in such a transaction (not a join's look at the versions)."""
    only = "current_setting('transaction_read_only')::boolean AND " if pulls_only else ""
    with team.connect("postgres", autocommit=True) as admin:
        tag = admin.execute("SELECT value FROM seed.team WHERE key = 'tag'").fetchone()[0]
        admin.execute(
            "CREATE FUNCTION seed.flaky() RETURNS boolean LANGUAGE plpgsql VOLATILE "
            "SET search_path = pg_catalog AS $$ DECLARE n integer; BEGIN "
            "SELECT count(*) INTO n FROM pg_locks WHERE locktype = 'advisory' "
            "AND pid = pg_backend_pid() AND classid = 4242; "
            f"IF {only}n < {times} THEN PERFORM pg_advisory_lock(4242, n + 1); RAISE EXCEPTION "
            "'could not serialize access due to concurrent update' USING ERRCODE = '40001'; "
            "END IF; RETURN true; END $$"
        )
        admin.execute(
            f"CREATE POLICY flaky ON seed.spans AS RESTRICTIVE FOR SELECT TO seed_{tag}_analyst "
            "USING (seed.flaky())"
        )


def test_a_pull_the_server_cancels_once_is_read_again(team, tmp_path):
    ana = _copy(team, tmp_path, "ana")
    lead_copy = _copy(team, tmp_path, "lee")
    AnnotationService(lead_copy, GOLD).add_span(_doc_of(lead_copy, "n0"), "actor", 0, 3)
    TeamSync(lead_copy).sync()
    _flaky_reads(team, 1)
    engine = TeamSync(ana)
    changes = engine.pull()  # cancelled once, read again at once
    assert engine._conn is not None
    cancelled = engine._conn.execute(
        "SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND classid = 4242"
    ).fetchone()
    assert cancelled == (1,)
    engine.close()
    assert changes.gold
    assert [s.label for s in ana.spans.for_document(_doc_of(ana, "n0"), GOLD)] == ["actor"]


def test_a_pull_the_server_keeps_cancelling_is_reported_and_changes_nothing(team, tmp_path):
    ana = _copy(team, tmp_path, "ana")
    lead_copy = _copy(team, tmp_path, "lee")
    AnnotationService(lead_copy, GOLD).add_span(_doc_of(lead_copy, "n0"), "actor", 0, 3)
    TeamSync(lead_copy).sync()
    cursor = ana.team.link()["cursor"]
    _flaky_reads(team, 2)
    engine = TeamSync(ana)
    with pytest.raises(Conflict) as raised:
        engine.pull()
    assert "could not serialize access" in str(raised.value)
    assert "cannot reach" not in str(raised.value)
    assert ana.team.link()["cursor"] == cursor
    assert ana.spans.for_document(_doc_of(ana, "n0"), GOLD) == []
    assert engine.pull().gold  # the same connection reads it at the next round
    engine.close()


def test_gold_provenance_and_rejections_travel_like_gold_spans(team, tmp_path):
    """Which annotator's span a lead took, and the candidates they turned down: before,
    only the bare gold span reached the server, and another lead's review showed the
    rejected candidates as pending and the gold as of unknown origin."""
    from annotator.core.services.adjudication import AdjudicationService

    a, lee, liz = team.person("ana"), team.person("lee"), _second_lead(team)
    ana = _copy(team, tmp_path, "ana")
    service = AnnotationService(ana, a)
    n0 = _doc_of(ana, "n0")
    service.add_span(n0, "actor", 0, 3)
    service.add_span(n0, "date", 8, 11)
    TeamSync(ana).sync()
    lee_copy = _copy(team, tmp_path, "lee")
    (tmp_path / "liz").mkdir()
    liz_copy = _copy(team, tmp_path / "liz", "liz")
    review = AdjudicationService(lee_copy, lee, [a])
    there = _doc_of(lee_copy, "n0")
    by_key = {c.key: c for c in review.document(there).candidates}
    review.accept(there, by_key[(0, 3, "actor")])
    review.reject(there, by_key[(8, 11, "date")])
    assert TeamSync(lee_copy).sync().waiting == 0
    with team.connect("postgres") as conn:
        held = conn.execute(
            "SELECT provenance->>'origin', provenance->'sources', provenance->>'decided_by' "
            "FROM seed.spans WHERE annotator = 'gold'"
        ).fetchall()
        rejected = conn.execute(
            "SELECT char_start, char_end, label, decided_by, writer, deleted FROM seed.rejections"
        ).fetchall()
    assert held == [("accepted", [a], lee)]
    assert rejected == [(8, 11, "date", lee, lee, False)]

    TeamSync(liz_copy).sync()
    seen = AdjudicationService(liz_copy, liz, [a]).document(_doc_of(liz_copy, "n0"))
    assert [(g.span.label, g.provenance.origin, g.provenance.sources, g.provenance.decided_by)
            for g in seen.gold] == [("actor", "accepted", (a,), lee)]  # fmt: skip
    assert {c.key: c.state for c in seen.candidates} == {
        (0, 3, "actor"): "accepted",
        (8, 11, "date"): "rejected",
    }
    assert liz_copy.team.waiting() == 0  # what liz pulled is not hers to send
    # the analyst sees the gold decision with its provenance too
    TeamSync(ana).sync()
    (gold,) = ana.spans.for_document(n0, GOLD)
    assert ana.review.provenance_for(n0)[gold.id].decided_by == lee
    # a rejection taken back is taken back everywhere
    again = {c.key: c for c in review.document(there).candidates}
    review.accept(there, again[(8, 11, "date")])
    TeamSync(lee_copy).sync()
    TeamSync(liz_copy).sync()
    assert liz_copy.review.rejections(_doc_of(liz_copy, "n0")) == []


def _assignment(team, who: str, ext_id: str, given: bool) -> None:
    with team.connect("postgres", autocommit=True) as conn:
        if given:
            conn.execute(
                "INSERT INTO seed.assignments(document, annotator) "
                "SELECT uid, %s FROM seed.documents WHERE ext_id = %s",
                [who, ext_id],
            )
        else:
            conn.execute(
                "DELETE FROM seed.assignments WHERE annotator = %s AND document = "
                "(SELECT uid FROM seed.documents WHERE ext_id = %s)",
                [who, ext_id],
            )


def test_edits_made_while_a_document_was_taken_back_are_sent_when_it_is_given_back(team, tmp_path):
    """Before, a push dropped them from the outbox: the server never had them, even after
    the lead gave the document back, and the copy and the server disagreed for good."""
    a = team.person("ana")
    ana = _copy(team, tmp_path, "ana")
    ids = _tag(ana, a, 3)  # one span on each of n0, n1, n2
    TeamSync(ana).sync()
    n0 = _doc_of(ana, "n0")
    _assignment(team, a, "n0", given=False)
    engine = TeamSync(ana)
    engine.sync()
    assert ana.team.unassigned() == {n0}  # kept here, and marked
    assert len(ana.documents.ext_ids()) == 3
    service = AnnotationService(ana, a)
    service.relabel_span(ids[0], "date")
    service.add_span(n0, "date", 8, 11)
    removed = service.add_span(n0, "actor", 12, 15).span
    service.remove_span(removed.id)
    ana.status.set(n0, a, Status.DONE)
    first = engine.sync()
    assert first.withheld > 0 and first.waiting == 0
    with team.connect("postgres") as conn:
        n0_rows = conn.execute(
            "SELECT s.label, s.char_start FROM seed.spans s JOIN seed.documents d "
            "ON d.uid = s.document WHERE d.ext_id = 'n0' AND NOT s.deleted ORDER BY 2"
        ).fetchall()
    assert n0_rows == [("actor", 0)]  # as it was when the lead took it back
    _assignment(team, a, "n0", given=True)
    again = engine.sync()
    assert (again.withheld, again.waiting) == (0, 0)
    assert ana.team.unassigned() == set() and ana.team.held() == 0
    _assert_exactly_once(team, ana, a)
    with team.connect("postgres") as conn:
        status = conn.execute(
            "SELECT s.status FROM seed.statuses s JOIN seed.documents d ON d.uid = s.document "
            "WHERE d.ext_id = 'n0' AND s.annotator = %s",
            [a],
        ).fetchall()
    assert status == [("done",)]
    engine.close()


def _last_seen(team, who: str):
    with team.connect("postgres") as conn:
        return conn.execute(
            "SELECT last_seen FROM seed.people WHERE name = %s", [team.person(who)]
        ).fetchone()[0]


def _set_last_seen(team, who: str, value: str | None) -> None:
    with team.connect("postgres", autocommit=True) as conn:
        conn.execute(
            "UPDATE seed.people SET last_seen = %s::timestamptz WHERE name = %s",
            [value, team.person(who)],
        )


def test_an_analyst_who_only_pulls_is_seen_at_most_once_a_minute(team, tmp_path, monkeypatch):
    """Reading is activity too: a sync with nothing to push notes the analyst as seen,
    on the connection the sync uses anyway, and not more than once a minute."""
    from annotator.core.team import sync

    clock = [1000.0]
    monkeypatch.setattr(sync, "_clock", lambda: clock[0], raising=False)
    project = _copy(team, tmp_path, "ana")
    _set_last_seen(team, "ana", None)
    engine = TeamSync(project)
    try:
        assert engine.sync().pushed == 0
        assert _last_seen(team, "ana") is not None  # a fresh connection: seen
        _set_last_seen(team, "ana", "2000-01-01")
        clock[0] += 30
        engine.sync()  # the kept connection, within the minute: not written again
        assert _last_seen(team, "ana").year == 2000
        clock[0] += 31
        engine.sync()
        assert _last_seen(team, "ana").year > 2000
    finally:
        engine.close()
        project.close()


def test_a_big_pull_leaves_the_copy_recording_edits_and_its_indexes_whole(
    team, tmp_path, monkeypatch
):
    """A big pull drops the outbox's span trigger and the span indexes while it inserts,
    and makes them again in the same transaction: afterwards the file's schema is the one
    a small pull leaves, the pulled spans are all there, and a new edit reaches the outbox."""
    from annotator.core.store import team as store_team

    a = team.person("ana")
    with _copy(team, tmp_path, "ana") as mine:
        _tag(mine, a, 9)
        TeamSync(mine).sync()
    schema_of = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    with Project.open(tmp_path / "small.seedproj") as copy:
        join(copy, team.url_for(team.person("lee")))
        expected = copy.db.execute(schema_of).fetchall()
    monkeypatch.setattr(store_team, "BULK_SPANS", 1)
    with Project.open(tmp_path / "big.seedproj") as copy:
        join(copy, team.url_for(team.person("lee")))
        assert copy.db.execute(schema_of).fetchall() == expected
        assert copy.team.records_changes()
        assert len(copy.team.layer_rows(a)) == 9
        assert copy.team.waiting() == 0
        doc = copy.documents.key_by_ext_id("n0").id
        span = AnnotationService(copy, GOLD).add_span(doc, "actor", 0, 3).span.id
        outbox = "SELECT local_id FROM team_outbox WHERE kind = 'span'"
        assert copy.db.execute(outbox).fetchall() == [(span,)]
        assert copy.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_big_later_pull_into_a_small_copy_changes_removes_and_adds_spans_exactly(
    team, tmp_path, monkeypatch
):
    """A big pull into a copy that holds few spans sets the span indexes aside
    (TeamRepository.bulk_spans): a span the analyst changed is changed, one they removed
    is removed, new ones are added once, and the global ids stay unique."""
    import sqlite3

    from annotator.core.store import team as store_team

    a = team.person("ana")
    with _copy(team, tmp_path, "ana") as mine:
        kept, gone = _tag(mine, a, 2)
        TeamSync(mine).sync()
        with Project.open(tmp_path / "lead.seedproj") as copy:
            join(copy, team.url_for(team.person("lee")))
            held = copy.db.execute("SELECT count(*) FROM team_ids").fetchone()[0]
            service = AnnotationService(mine, a)
            service.remove_span(gone)
            service.relabel_span(kept, "date")
            doc = mine.documents.key_by_ext_id("n0").id
            for i in range(held + 20):  # past the first two, which sit at 0
                service.add_span(doc, "actor", 8 + 2 * i, 9 + 2 * i)
            TeamSync(mine).sync()
            monkeypatch.setattr(store_team, "BULK_SPANS", 1)
            assert TeamSync(copy).pull().documents
            _assert_exactly_once(team, copy, a)
            labels = copy.db.execute(
                "SELECT label, count(*) FROM spans GROUP BY label ORDER BY label"
            ).fetchall()
            assert labels == [("actor", held + 20), ("date", 1)]
            uid = copy.db.execute("SELECT uid FROM team_ids LIMIT 1").fetchone()[0]
            with pytest.raises(sqlite3.IntegrityError):
                copy.db.execute(
                    "INSERT INTO team_ids(kind, local_id, uid) VALUES ('span', -1, ?)", [uid]
                )


# -- a join into a new file: the local writes go on while the server is read -------------


def _lead_with_ana_work(team, tmp_path: Path, spans: int, monkeypatch) -> str:
    """Ana's `spans` tags on the server; a lead's join then reads them a few at a time
    (so in many chunks, and the local writes start long before the reading ends)."""
    from annotator.core.team import sync

    a = team.person("ana")
    with _copy(team, tmp_path, "ana") as mine:
        _tag(mine, a, spans)
        engine = TeamSync(mine)
        engine.sync()
        engine.close()
    monkeypatch.setattr(sync, "PULL_CHUNK", 2)
    return team.person("lee")


def _reading_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "team-pull-read" and t.is_alive()]


def _backends(team, user: str) -> list[tuple[int, str]]:
    with team.connect("postgres", autocommit=True) as admin:
        return admin.execute(
            "SELECT pid, state FROM pg_stat_activity WHERE datname = %s AND usename = %s",
            [team.name, user],
        ).fetchall()


def _assert_unjoined(project: Project, schema_before: list[tuple]) -> None:
    """Nothing of a failed join stays: no document, no span, no id, no link, the schema
    (trigger, span indexes) as the file had it."""
    assert project.documents.ext_ids() == []
    assert project.db.execute("SELECT count(*) FROM spans").fetchone() == (0,)
    assert project.db.execute("SELECT count(*) FROM team_ids").fetchone() == (0,)
    assert "person" not in project.team.link()
    assert project.db.execute(_SCHEMA).fetchall() == schema_before
    with pytest.raises(TeamError, match="not a team working copy"):
        TeamSync(project)


_SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"


def test_a_fresh_join_writes_here_while_the_server_is_still_read(team, tmp_path, monkeypatch):
    lee = _lead_with_ana_work(team, tmp_path, 40, monkeypatch)
    seen: list[tuple[int, list[str]]] = []
    apply_spans = TeamRepository.apply_spans

    def noting(self, rows, *args, **kwargs):
        states = [state for _pid, state in _backends(team, lee)]
        seen.append((len(_reading_threads()), states))
        return apply_spans(self, rows, *args, **kwargs)

    monkeypatch.setattr(TeamRepository, "apply_spans", noting)
    with Project.open(tmp_path / "lead.seedproj") as copy:
        join(copy, team.url_for(lee))
        _assert_exactly_once_in(team, copy, team.person("ana"))
    assert len(seen) == 20
    # The first chunk is written while the reading thread is at work and the lead's
    # snapshot is still open on the server.
    threads, states = seen[0]
    assert threads == 1
    assert any("transaction" in s or s == "active" for s in states), states
    assert not _reading_threads()


def _assert_exactly_once_in(team, project: Project, annotator: str) -> None:
    live, _total, server_sum = _server_layer(team, annotator)
    assert (live, server_sum) == _local_layer(project, annotator)


def test_a_fresh_join_cut_while_the_server_is_read_leaves_no_copy(team, tmp_path, monkeypatch):
    """The connection is killed (pg_terminate_backend) after some of the rows were written
    here: the one local transaction rolls them all back, and joining again works."""
    lee = _lead_with_ana_work(team, tmp_path, 40, monkeypatch)
    apply_spans = TeamRepository.apply_spans
    killed: list[int] = []

    def cut(self, rows, *args, **kwargs):
        if not killed:
            with team.connect("postgres", autocommit=True) as admin:
                for pid, _state in _backends(team, lee):
                    admin.execute("SELECT pg_terminate_backend(%s)", [pid])
                    killed.append(pid)
        return apply_spans(self, rows, *args, **kwargs)

    path = tmp_path / "lead.seedproj"
    with Project.open(path) as copy:
        before = copy.db.execute(_SCHEMA).fetchall()
        with monkeypatch.context() as patch:
            patch.setattr(TeamRepository, "apply_spans", cut)
            with pytest.raises(Unreachable):
                join(copy, team.url_for(lee))
        assert killed
        assert not _reading_threads()
        _assert_unjoined(copy, before)
        joined = join(copy, team.url_for(lee))
        assert joined.documents == 6
        _assert_exactly_once_in(team, copy, team.person("ana"))
        assert copy.team.records_changes()
    with Project.open(path) as again:  # and so it stays on disk
        assert again.team.link()["person"] == lee
        assert again.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_fresh_join_failing_here_stops_reading_and_leaves_no_copy(team, tmp_path, monkeypatch):
    """A failure of the local writes part-way (here the second chunk) rolls back the
    first, stops the reading thread and ends the server snapshot; joining again works."""
    lee = _lead_with_ana_work(team, tmp_path, 40, monkeypatch)
    apply_spans = TeamRepository.apply_spans
    calls: list[int] = []

    def failing(self, rows, *args, **kwargs):
        calls.append(len(rows))
        if len(calls) == 2:
            raise OSError("injected: the local writes fail part-way")
        return apply_spans(self, rows, *args, **kwargs)

    with Project.open(tmp_path / "lead.seedproj") as copy:
        before = copy.db.execute(_SCHEMA).fetchall()
        with monkeypatch.context() as patch:
            patch.setattr(TeamRepository, "apply_spans", failing)
            with pytest.raises(OSError, match="injected"):
                join(copy, team.url_for(lee))
        assert len(calls) == 2
        assert not _reading_threads()
        deadline = time.monotonic() + 10  # the snapshot ended with its connection
        while _backends(team, lee) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _backends(team, lee) == []
        _assert_unjoined(copy, before)
        join(copy, team.url_for(lee))
        _assert_exactly_once_in(team, copy, team.person("ana"))


def test_a_fresh_join_the_server_cancels_once_is_read_again(team, tmp_path):
    """A fresh join writes as it reads: a read the server cancels part-way is rolled back
    here too, and the whole join is done once more."""
    lead_copy = _copy(team, tmp_path, "lee")
    AnnotationService(lead_copy, GOLD).add_span(_doc_of(lead_copy, "n0"), "actor", 0, 3)
    TeamSync(lead_copy).sync()
    _flaky_reads(team, 1, pulls_only=True)
    ana = _copy(team, tmp_path, "ana")
    assert sorted(e for _, e in ana.documents.ext_ids()) == ["n0", "n1", "n2"]
    assert [s.label for s in ana.spans.for_document(_doc_of(ana, "n0"), GOLD)] == ["actor"]
    assert ana.team.link()["person"] == team.person("ana")


def test_a_fresh_join_the_server_keeps_cancelling_leaves_no_copy(team, tmp_path):
    lead_copy = _copy(team, tmp_path, "lee")
    AnnotationService(lead_copy, GOLD).add_span(_doc_of(lead_copy, "n0"), "actor", 0, 3)
    TeamSync(lead_copy).sync()
    _flaky_reads(team, 2, pulls_only=True)
    with Project.open(tmp_path / "ana.seedproj") as ana:
        before = ana.db.execute(_SCHEMA).fetchall()
        with pytest.raises(Conflict, match="could not serialize access"):
            join(ana, team.url_for(team.person("ana")))
        _assert_unjoined(ana, before)


@pytest.mark.parametrize("before", ["documents", "empty"])
def test_a_first_join_into_a_project_made_earlier_reads_before_taking_the_lock(
    team, tmp_path, before
):
    """Only a join into a file it makes writes while it reads: a project made earlier may
    be open in the window, whose edits must not wait on the server; an empty one too
    (its labels edited: that waited until the server answered, and failed after 5 s)."""
    lee = team.person("lee")
    path = tmp_path / "mine.seedproj"
    with Project.open(path) as mine, mine.transaction():
        if before == "documents":
            text = "خبر محلی که پیش از پیوستن به تیم اینجا بود."
            mine.documents.add(NewDocument("local", "", "fa", text, text, None, "none", {}, "t"))

    def joining() -> None:
        with Project.open(path) as project:
            join(project, team.url_for(lee))

    def edit() -> None:
        with Project.open(path) as window:
            if before == "documents":
                _tag(window, "me", 1)
            else:
                AnnotationService(window, "me").add_label("place")

    # The labels: the pull's first read (join's own first reads do not touch them, so the
    # join waits in its pull, not before it).
    took = _edit_while_held_up(team, "labels", joining, edit)
    assert took < 1.0, f"a local edit waited {took:.1f} s for a join"
    with Project.open(path) as joined:
        assert len(joined.documents.ext_ids()) == (7 if before == "documents" else 6)


def test_a_fresh_join_failing_here_after_the_server_went_says_one_thing(
    team, tmp_path, monkeypatch
):
    """The server ends the connection, then the local writes fail: the local error is
    raised, and nothing more is said: no "Exception ignored ... AdminShutdown" from the
    stopped reading's cursor, nothing to the threads' hook (the window's crash dialog)."""
    lee = _lead_with_ana_work(team, tmp_path, 40, monkeypatch)
    apply_spans = TeamRepository.apply_spans
    calls: list[int] = []
    unraisable: list[object] = []
    thread_errors: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    monkeypatch.setattr(threading, "excepthook", thread_errors.append)

    def cut_then_fail(self, rows, *args, **kwargs):
        calls.append(len(rows))
        if len(calls) == 2:
            time.sleep(0.5)  # the reading fills its parts ahead and waits for room
            with team.connect("postgres", autocommit=True) as admin:
                for pid, _state in _backends(team, lee):
                    admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            time.sleep(0.3)
            raise OSError("injected: the local writes fail")
        return apply_spans(self, rows, *args, **kwargs)

    with Project.open(tmp_path / "lead.seedproj") as copy:
        before = copy.db.execute(_SCHEMA).fetchall()
        with monkeypatch.context() as patch:
            patch.setattr(TeamRepository, "apply_spans", cut_then_fail)
            with pytest.raises(OSError, match="injected"):
                join(copy, team.url_for(lee))
        gc.collect()
        assert not _reading_threads()
        _assert_unjoined(copy, before)
    assert unraisable == [] and thread_errors == []
