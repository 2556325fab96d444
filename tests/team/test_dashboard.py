"""`annotator team status`: progress and agreement so far, read from the real server.

The agreement figures must be the project's own: the same spans in a local project give
the same report through `annotator agreement`'s code, figure for figure."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.model import DEFAULT_LABELS, Document, NewDocument, Status
from annotator.core.services.agreement import AgreementService
from annotator.core.services.annotations import AnnotationService
from annotator.core.store.project import Project
from annotator.core.team import lead, people, schema
from annotator.core.team.connection import connect
from annotator.core.team.dashboard import dashboard
from annotator.core.team.sync import TeamSync, join

TEXT = "پوتین و ترامپ روز سه‌شنبه در گفتگویی تلفنی درباره سوریه گفتگو کردند. "
DONE, GOING = Status.DONE, Status.IN_PROGRESS

# who -> document -> (status, [(word, label)]); what each analyst's copy pushes.
PLAN: dict[str, dict[str, tuple[Status, list[tuple[str, str]]]]] = {
    "ana": {
        "n0": (DONE, [("پوتین", "actor"), ("ترامپ", "actor"), ("سوریه", "topic")]),
        "n1": (DONE, [("پوتین", "actor"), ("تلفنی", "claim")]),
        "n2": (DONE, [("سوریه", "topic")]),  # nobody else finished n2: not compared
    },
    "bob": {
        "n0": (DONE, [("پوتین", "actor"), ("ترامپ", "claim")]),
        "n1": (DONE, [("پوتین", "actor")]),
        "n3": (GOING, [("پوتین", "actor")]),
    },
    "cy": {
        "n0": (GOING, [("پوتین", "topic")]),  # in progress: not compared
        "n1": (DONE, [("پوتین", "actor"), ("سوریه", "topic"), ("ترامپ", "actor")]),
    },
}
COMPARED = ("n0", "n1")  # finished by two or more


def _text(i: int) -> str:
    return f"خبر {i}: " + TEXT


def _doc(i: int) -> Document:
    text = _text(i)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(0, f"n{i}", f"عنوان {i}", "fa", text, text, None, {}, "none", digest, digest)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _apply(project: Project, annotator: str, ext_id: str, status: Status, tags) -> None:
    service = AnnotationService(project, annotator)
    doc = project.documents.key_by_ext_id(ext_id).id
    text = project.documents.get(doc).text
    for word, label in tags:
        at = text.index(word)
        service.add_span(doc, label, at, at + len(word))
    service.set_status(doc, status)


def _work(team, tmp_path: Path, short: str, plan) -> None:
    """The analyst's own working copy (another machine): tag, mark, push."""
    path = tmp_path / f"{short}.seedproj"
    with Project.open(path) as copy:
        if "person" not in copy.team.link():
            join(copy, team.url_for(team.person(short)))
        for ext_id, (status, tags) in plan.items():
            _apply(copy, team.person(short), ext_id, status, tags)
        engine = TeamSync(copy)
        try:
            engine.sync()
            assert engine.waiting() == 0
        finally:
            engine.close()


def _local_reference(team, path: Path) -> Project:
    """The same finished work on the compared documents, in a local (file-passing) project."""
    project = Project.open(path)
    for i in (0, 1):
        text = _text(i)
        project.documents.add(
            NewDocument(f"n{i}", f"عنوان {i}", "fa", text, text, None, "none", {}, "t")
        )
    for short, plan in PLAN.items():
        for ext_id, (status, tags) in plan.items():
            if ext_id in COMPARED and status == DONE:
                _apply(project, team.person(short), ext_id, status, tags)
    return project


@pytest.fixture
def team(team_db, tmp_path):
    """Three analysts who all have n0..n3, a lead, and the PLAN pushed by each analyst."""
    with connect(team_db.admin_url, autocommit=True) as admin:
        schema.initialise(admin, team_db.name)
        for short, role in (("lee", "lead"), ("ana", "analyst"), ("bob", "analyst"),
                            ("cy", "analyst")):  # fmt: skip
            people.add_person(admin, team_db.person(short), role, None)
    with connect(team_db.url_for(team_db.person("lee")), autocommit=True) as conn:
        lead.push_documents(conn, [_doc(i) for i in range(4)], list(DEFAULT_LABELS))
        lead.assign(conn, each=3)
    for short, plan in PLAN.items():
        _work(team_db, tmp_path, short, plan)
    return team_db


def _figures(report_dict: dict) -> dict:
    return {k: v for k, v in report_dict.items() if k != "documents_by_disagreement"}


def test_status_json_gives_progress_and_the_projects_own_agreement(team, tmp_path):
    code, out, err = run(
        "team", "status", "--documents", "--format", "json",
        "--server", team.url_for(team.person("lee")),
    )  # fmt: skip
    assert code == 0, err
    got = json.loads(out)
    ana, bob, cy = (team.person(s) for s in ("ana", "bob", "cy"))
    rows = {p["name"]: p for p in got["people"]}
    assert [rows[n]["assigned"] for n in (ana, bob, cy)] == [4, 4, 4]
    assert [(rows[n]["in_progress"], rows[n]["done"]) for n in (ana, bob, cy)] == [
        (0, 3), (1, 2), (1, 1)]  # fmt: skip
    assert all(rows[n]["last_seen"] for n in (ana, bob, cy))
    assert rows[team.person("lee")]["last_seen"] is None
    finished = {d["id"]: (d["assigned"], d["finished"]) for d in got["per_document"]}
    assert finished == {"n0": (3, 2), "n1": (3, 3), "n2": (3, 1), "n3": (3, 0)}
    assert got["finished_by"] == {"0": 1, "1": 1, "2": 1, "3": 1}
    assert got["agreement_documents"] == 2

    with _local_reference(team, tmp_path / "local.seedproj") as local:
        expected = AgreementService(local).report().as_dict()
    agreement = got["agreement"]
    assert agreement["annotators"] == [ana, bob, cy]
    assert _figures(agreement) == _figures(expected)
    ranked = {r["doc"]: r["disagreement"] for r in agreement["documents_by_disagreement"]}
    assert ranked == {r["doc"]: r["disagreement"] for r in expected["documents_by_disagreement"]}
    per_doc = {d["id"]: d["disagreement"] for d in got["per_document"]}
    assert per_doc["n2"] is None and per_doc["n1"] == ranked["n1"]
    pair = next(p for p in agreement["pairs"] if {p["a"], p["b"]} == {ana, bob})
    # ana and bob on n0 and n1: پوتین twice alike; ترامپ actor against claim; ana's
    # سوریه and تلفنی alone: 2 of 5 + 3 spans match exactly.
    assert (pair["documents"], pair["f1_exact"]["tp"]) == (2, 2)
    assert pair["f1_exact"]["micro"] == pytest.approx(2 * 2 / (5 + 3))


def test_status_table_says_agreement_so_far_without_a_sync(team, tmp_path):
    code, out, err = run("team", "status", "--server", team.url_for(team.person("lee")))
    assert code == 0, err
    assert out.startswith("as of ")
    assert "Agreement so far, on the 2 document(s) finished by two or more analysts:" in out
    assert f"{team.person('ana')} / {team.person('bob')}" in out
    assert "Krippendorff's alpha (tokens):" in out
    # bob finishes n3 and ana finishes it too (a new push, no sync of anyone else's)
    _work(team, tmp_path, "bob", {"n3": (DONE, [])})
    _work(team, tmp_path, "ana", {"n3": (DONE, [("پوتین", "actor")])})
    code, out, _ = run("team", "status", "--server", team.url_for(team.person("lee")))
    assert "on the 3 document(s) finished by two or more analysts" in out


def test_agreement_leaves_out_removed_spans(team, tmp_path):
    """A span the analyst removed is a tombstone on the server: not compared."""
    before = _pair_tp(team)
    with Project.open(tmp_path / "bob.seedproj") as copy:
        doc = copy.documents.key_by_ext_id("n1").id
        service = AnnotationService(copy, team.person("bob"))
        (span,) = service.spans(doc)
        service.remove_span(span.id)
        engine = TeamSync(copy)
        try:
            engine.sync()
        finally:
            engine.close()
    assert _pair_tp(team) == before - 1


def test_agreement_leaves_out_labels_the_team_no_longer_lists(team):
    """The lead removed a label the analysts had used: its spans are not compared (they
    would match each other and raise the figures), and the others keep their labels."""
    before = _pair_tp(team)
    with team.connect("postgres", autocommit=True) as su:
        su.execute("DELETE FROM seed.labels WHERE name = 'claim'")
        # bob's "claim" on ترامپ in n0 is gone from the comparison; ana's "actor" there is
        # now unmatched either way, so the true positives stay; give both a "claim" there
        su.execute(
            "INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, "
            "text, version) SELECT gen_random_uuid(), s.document, %s, 'claim', s.char_start, "
            "s.char_end, s.text, 9 FROM seed.spans s JOIN seed.documents d ON d.uid = s.document "
            "WHERE d.ext_id = 'n0' AND s.annotator = %s AND s.label = 'claim'",
            [team.person("ana"), team.person("bob")],
        )
    assert _pair_tp(team) == before


def _pair_tp(team) -> int:
    with connect(team.url_for(team.person("lee")), autocommit=True) as conn:
        board = dashboard(conn)
    assert board.agreement is not None
    pair = board.agreement.pair(team.person("ana"), team.person("bob"))
    assert pair is not None
    return pair.f1_exact.total.tp


def test_before_two_analysts_finish_there_is_no_agreement_yet(team_db, tmp_path):
    with connect(team_db.admin_url, autocommit=True) as admin:
        schema.initialise(admin, team_db.name)
        for short, role in (("lee", "lead"), ("ana", "analyst"), ("bob", "analyst")):
            people.add_person(admin, team_db.person(short), role, None)
    with connect(team_db.url_for(team_db.person("lee")), autocommit=True) as conn:
        lead.push_documents(conn, [_doc(0)], list(DEFAULT_LABELS))
        lead.assign(conn, each=2)
    _work(team_db, tmp_path, "ana", {"n0": (DONE, [("پوتین", "actor")])})
    code, out, _ = run("team", "status", "--server", team_db.url_for(team_db.person("lee")))
    assert code == 0 and "no document is finished by two analysts yet" in out
    code, out, _ = run(
        "team", "status", "--format", "json", "--server", team_db.url_for(team_db.person("lee"))
    )
    got = json.loads(out)
    assert got["agreement"] is None and got["agreement_documents"] == 0
    assert "per_document" not in got  # only with --documents


def test_an_analyst_sees_only_their_own_progress(team):
    """Row-level security: the same reads on an analyst's connection show only their own."""
    ana = team.person("ana")
    with connect(team.url_for(ana), autocommit=True) as conn:
        board = dashboard(conn)
    assert [p.name for p in board.people] == [ana]
    assert board.agreement is None  # no one else's finished work is visible to compare


def test_counts_are_of_assigned_work_only(team):
    """A document taken back from an analyst after they finished it, and a lead's own layer,
    are not assigned work: "done" never exceeds "assigned", and a document's "finished"
    counts only the people it is assigned to. Work on a document not assigned to its
    author shows apart, as `unassigned`."""
    ana, lee = team.person("ana"), team.person("lee")
    with connect(team.url_for(lee), autocommit=True) as conn:
        conn.execute(
            "DELETE FROM seed.assignments WHERE annotator = %s AND document = "
            "(SELECT uid FROM seed.documents WHERE ext_id = 'n2')",
            [ana],
        )
        # The lead's own (non-gold) layer: finished n3, which no analyst finished.
        conn.execute(
            "INSERT INTO seed.statuses(uid, document, annotator, status, version) "
            "SELECT gen_random_uuid(), uid, current_user, 'done', 1 FROM seed.documents "
            "WHERE ext_id = 'n3'"
        )
        board = dashboard(conn)
    rows = {p.name: p for p in board.people}
    assert (rows[ana].assigned, rows[ana].done, rows[ana].unassigned) == (3, 2, 1)
    assert (rows[lee].assigned, rows[lee].done, rows[lee].unassigned) == (0, 0, 1)
    assert all(p.done + p.in_progress <= p.assigned for p in board.people)
    finished = {d.ext_id: (d.assigned, d.finished) for d in board.per_document}
    assert finished == {"n0": (3, 2), "n1": (3, 3), "n2": (2, 0), "n3": (3, 0)}
    assert board.finished == {0: 2, 2: 1, 3: 1}
    code, out, _ = run("team", "status", "--format", "json", "--server", team.url_for(lee))
    assert code == 0
    got = {p["name"]: p for p in json.loads(out)["people"]}
    assert (got[ana]["done"], got[ana]["unassigned"]) == (2, 1)
