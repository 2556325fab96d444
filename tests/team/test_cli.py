"""`annotator team ...` against a real server: what a lead types, what they see, and what
the server then holds."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.formats import records

_EARLIER_SAID = "by an earlier try of this command, whose answer the cut connection lost"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _articles(path: Path, lengths: list[int]) -> Path:
    """A JSONL file of Persian articles of the given lengths (in characters, roughly)."""
    with path.open("w", encoding="utf-8") as out:
        for i, n in enumerate(lengths):
            text = (f"خبر شماره {i} " + "متن " * n)[:n]
            out.write(json.dumps({"id": f"a{i}", "text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def team(team_db, tmp_path):
    """An initialised team database with two analysts and a lead, added by the CLI."""
    assert run("team", "init", team_db.admin_url)[0] == 0
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cret-pass\n", encoding="utf-8")
    for short, role in (("ana", "analyst"), ("bob", "analyst"), ("cy", "analyst"), ("lee", "lead")):
        code, _, err = run(
            "team", "user", "add", team_db.person(short), "--role", role,
            "--password-file", str(secret), "--server", team_db.admin_url,
        )  # fmt: skip
        assert code == 0, err
    return team_db


def _db(team_db, sql: str, params: list | None = None) -> list[tuple]:
    with team_db.connect("postgres") as conn:
        return conn.execute(sql, params or []).fetchall()


def test_init_says_what_it_did_and_is_safe_to_repeat(team_db):
    code, out, _ = run("team", "init", team_db.admin_url)
    assert code == 0 and "team database ready" in out
    code, out, _ = run("team", "init", team_db.admin_url)
    assert code == 0 and "already up to date" in out


def test_user_add_stores_only_a_hash_of_the_password(team, tmp_path, user_dirs):
    rows = _db(team, "SELECT rolname, rolpassword FROM pg_authid WHERE rolname LIKE %s",
               [team.prefix + "%"])  # fmt: skip
    assert len(rows) == 4
    for _name, stored in rows:
        assert stored.startswith("SCRAM-SHA-256$") and "s3cret-pass" not in stored
    leftovers = [p for p in user_dirs.rglob("*") if p.is_file()]
    assert not any(b"s3cret-pass" in p.read_bytes() for p in leftovers)
    people = _db(team, "SELECT name, role FROM seed.people ORDER BY name")
    assert [r for _n, r in people] == ["analyst", "analyst", "analyst", "lead"]


def test_user_add_asks_for_the_password_and_a_lead_can_become_an_analyst(team):
    name = team.person("lee")
    code, out, err = run(
        "team", "user", "add", name, "--role", "analyst", "--server", team.admin_url,
        input="other-pass\nother-pass\n",
    )  # fmt: skip
    assert code == 0, err
    assert "other-pass" not in out
    assert _db(team, "SELECT role FROM seed.people WHERE name = %s", [name]) == [("analyst",)]
    groups = _db(
        team,
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles p ON p.oid = m.member WHERE p.rolname = %s",
        [name],
    )
    assert [g for (g,) in groups] == [g for (g,) in groups if g.endswith("_analyst")] != []


# prediction:...: an annotator of that name is a model's predictions in a Label Studio export
@pytest.mark.parametrize("name", ["gold", "postgres", "seed_x", "prediction:bot"])
def test_user_add_refuses_reserved_names_and_superusers(team, name):
    code, _, err = run("team", "user", "add", name, "--no-password", "--server", team.admin_url)
    assert code == 1 and err.startswith("error: ") and "Traceback" not in err
    assert _db(team, "SELECT count(*) FROM seed.people WHERE name = %s", [name]) == [(0,)]


def test_push_docs_from_files_and_from_a_project_never_duplicates(team, tmp_path):
    source = _articles(tmp_path / "news.jsonl", [40, 50, 60])
    code, out, err = run("team", "push-docs", team.admin_url, str(source))
    assert code == 0, err
    assert "3 documents added" in out
    code, out, _ = run("team", "push-docs", team.admin_url, str(source))
    assert "0 documents added, 3 already there" in out
    project = tmp_path / "local.seedproj"
    assert run("import", str(source), "--project", str(project))[0] == 0
    code, out, err = run("team", "push-docs", team.admin_url, str(project))
    assert "0 documents added, 3 already there" in out and not err  # the same articles
    docs = _db(team, "SELECT ext_id, length FROM seed.documents ORDER BY ext_id")
    assert [d for d, _ in docs] == ["a0", "a1", "a2"]
    labels = _db(team, "SELECT count(*) FROM seed.labels")
    assert labels[0][0] > 0  # the project's label set goes with its documents


def test_push_docs_reports_an_id_the_server_holds_with_another_text(team, tmp_path):
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "one.jsonl", [40])))
    code, _, err = run(
        "team", "push-docs", team.admin_url, str(_articles(tmp_path / "two.jsonl", [90]))
    )
    assert code == 0 and "a0: the server holds another text" in err
    [(length,)] = _db(team, "SELECT length FROM seed.documents")
    assert length < 50  # the first text stays


def test_push_docs_names_the_bad_file_and_line(team, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "متن"}\n{not json\n', encoding="utf-8")
    code, _, err = run("team", "push-docs", team.admin_url, str(bad))
    assert code == 1 and "bad.jsonl:2" in err
    assert _db(team, "SELECT count(*) FROM seed.documents") == [(0,)]


def test_push_docs_refuses_a_project_holding_documents_no_import_would_store(
    team, tmp_path, monkeypatch
):
    """A received project may hold a document past the bound (made by a version with
    another one, or by hand) or a broken offset map: pushed, every teammate's pull would
    leave it out. As a bad record of a file does, it refuses the push whole, naming each."""
    source = _articles(tmp_path / "news.jsonl", [40, 50])
    with source.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"id": "long", "text": "x" * 5_000_001}) + "\n")
    project = tmp_path / "received.seedproj"
    with monkeypatch.context() as patch:  # the version that made it took longer ones
        patch.setattr(records, "MAX_DOCUMENT_CHARS", 6_000_000)
        code, _, err = run("import", str(source), "--project", str(project), "--no-normalize")
        assert code == 0, err
    with contextlib.closing(sqlite3.connect(project)) as db, db:
        db.execute("UPDATE documents SET offset_map = '[0, 1, 0' WHERE ext_id = 'a1'")
    code, out, err = run("team", "push-docs", team.admin_url, str(project))
    assert code == 1 and not out
    assert f"error: {project}: 2 document(s) no import would store, so nothing was pushed" in err
    assert "document 'a1' (id 2): its offset_map is no offset map (" in err
    assert (
        "document 'long' (id 3): its text has 5,000,001 characters, more than the 5,000,000 "
        "a document may have" in err
    )
    # importing the file into this project again keeps the document as it is
    assert "push the file it came from, or import that into a new project" in err
    assert "import it again" not in err
    assert _db(team, "SELECT count(*) FROM seed.documents") == [(0,)]


def test_assign_to_named_analysts_balances_by_length(team, tmp_path):
    lengths = [500, 400, 300, 300, 200, 100, 100, 100]
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", lengths)))
    a, b = team.person("ana"), team.person("bob")
    code, out, err = run("team", "assign", "--to", a, "--to", b, "--server", team.admin_url)
    assert code == 0, err
    rows = _db(team, "SELECT a.annotator, count(*), sum(d.length) FROM seed.assignments a "
               "JOIN seed.documents d ON d.uid = a.document GROUP BY 1 ORDER BY 1")  # fmt: skip
    assert [r[0] for r in rows] == [a, b]
    assert sum(r[1] for r in rows) == len(lengths)  # every document once
    assert abs(rows[0][2] - rows[1][2]) <= 100  # within the shortest document
    code, out, _ = run("team", "assign", "--to", a, "--server", team.admin_url)
    assert "0 assignments" in out  # nothing left unassigned


def test_assign_each_document_to_k_analysts(team, tmp_path):
    run(
        "team",
        "push-docs",
        team.admin_url,
        str(_articles(tmp_path / "n.jsonl", [90, 80, 70, 60, 50, 40])),
    )
    code, _, err = run("team", "assign", "--each", "2", "--server", team.admin_url)
    assert code == 0, err
    per_doc = _db(team, "SELECT count(DISTINCT annotator) FROM seed.assignments GROUP BY document")
    assert sorted(n for (n,) in per_doc) == [2] * 6
    by_analyst = (
        "SELECT sum(d.length) FROM seed.assignments a "
        "JOIN seed.documents d ON d.uid = a.document GROUP BY a.annotator"
    )
    loads = [n for (n,) in _db(team, by_analyst)]
    assert len(loads) == 3 and max(loads) - min(loads) <= 90
    code, _, err = run("team", "assign", "--each", "5", "--server", team.admin_url)
    assert code == 1 and "there are 3" in err


def test_status_shows_progress_per_analyst_and_per_document(team, tmp_path):
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [90, 80])))
    a = team.person("ana")
    run("team", "assign", "--to", a, "--server", team.admin_url)
    with team.connect(a, autocommit=True) as conn:  # what the analyst's sync would write
        docs = [r[0] for r in conn.execute("SELECT uid FROM seed.documents ORDER BY ext_id")]
        for doc, state in zip(docs, ("done", "in_progress"), strict=True):
            conn.execute(
                "INSERT INTO seed.statuses(uid, document, annotator, status, version) "
                "VALUES (gen_random_uuid(), %s, current_user, %s, 1)",
                [doc, state],
            )
        conn.execute("UPDATE seed.people SET last_seen = now() WHERE name = current_user")
    code, out, err = run("team", "status", "--documents", "--server", team.admin_url)
    assert code == 0, err
    line = next(line for line in out.splitlines() if line.startswith(a))
    assert line.split()[1:5] == ["analyst", "2", "1", "1"] and "never" not in line
    assert "1 analysts: 1 documents" in out and "0 analysts: 1 documents" in out
    assert "a0: 1 of 1 finished" in out and "a1: 0 of 1 finished" in out


def test_sslmode_in_the_url_reaches_libpq(team_db):
    """The server here has no SSL: sslmode=require must be refused, not quietly dropped."""
    code, _, err = run("team", "init", team_db.admin_url + "?sslmode=require")
    assert code == 1 and "SSL" in err and "Traceback" not in err
    code, out, _ = run("team", "init", team_db.admin_url + "?sslmode=disable")
    assert code == 0 and "team database ready" in out


def test_an_unreachable_server_is_one_line_without_the_password(team_db):
    code, _, err = run("team", "status", "--server", "postgresql://ana:hunter2@127.0.0.1:1/x")
    assert code == 1 and "cannot reach the server" in err and "127.0.0.1:1" in err
    assert "hunter2" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://ana:hunter2 hunter3@127.0.0.1/x",  # libpq quotes the spaced part
        "postgresql://ana:hunter2%2Fhunter3@[::1/x",  # ... or the whole address
        "postgresql://ana:hunter2%zzhunter3@127.0.0.1/x",
    ],
)
def test_a_malformed_address_is_named_without_its_password(url, tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    password = tmp_path / "pw.txt"
    password.write_text("pw\n", encoding="utf-8")
    for args in (
        ("team", "status", "--server", url),
        ("team", "join", url, "--project", str(tmp_path / "copy.seedproj")),
        ("team", "join", url, "--password-file", str(password)),
    ):
        code, out, err = run(*args)
        assert code == 1 and "address cannot be read" in err, (args, err)
        assert "hunter" not in out + err and "Traceback" not in err, (args, err)
    assert not (tmp_path / "pgpass").exists()


def test_commands_refuse_a_database_that_is_not_a_team_database(team_db):
    code, _, err = run("team", "status", "--server", team_db.admin_url)
    assert code == 1 and "is not a Seed Annotator team database" in err


def test_join_keeps_the_password_in_the_pgpass_file_and_sync_pushes(team, tmp_path, monkeypatch):
    from annotator.core.services.annotations import AnnotationService
    from annotator.core.store.project import Project

    pgpass = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [90, 80])))
    a = team.person("ana")
    run("team", "assign", "--to", a, "--server", team.admin_url)
    secret = tmp_path / "mine.txt"
    secret.write_text("an:alyst-pass\n", encoding="utf-8")
    copy = tmp_path / "copy.seedproj"
    code, out, err = run(
        "team", "join", team.url_for(a), "--project", str(copy), "--password-file", str(secret)
    )
    assert code == 0, err
    assert "2 documents" in out and "analyst" in out
    assert pgpass.stat().st_mode & 0o777 == 0o600
    assert pgpass.read_text(encoding="utf-8").strip().endswith(":an\\:alyst-pass")
    assert b"alyst-pass" not in copy.read_bytes()
    with Project.open(copy) as project:
        doc = project.documents.ext_ids()[0][0]
        AnnotationService(project, a).add_span(doc, "actor", 0, 3)
    code, out, err = run("team", "sync", "--project", str(copy))
    assert code == 0, err
    assert "0 edits waiting" in out
    assert _db(team, "SELECT count(*) FROM seed.spans WHERE annotator = %s", [a]) == [(1,)]
    code, _, err = run("team", "sync", "--project", str(tmp_path / "none.seedproj"))
    assert code == 1 and "none.seedproj" in err


def _with_lead(team, tmp_path, short: str = "liz") -> str:
    secret = tmp_path / "liz.txt"
    secret.write_text("another-pass\n", encoding="utf-8")
    name = team.person(short)
    code, _, err = run(
        "team", "user", "add", name, "--role", "lead", "--password-file", str(secret),
        "--server", team.admin_url,
    )  # fmt: skip
    assert code == 0, err
    return name


def test_leads_claim_release_and_see_who_holds_what(team, tmp_path):
    lee, liz = team.person("lee"), _with_lead(team, tmp_path)
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [40, 50])))
    lee_url, liz_url = team.url_for(lee), team.url_for(liz)
    code, out, _ = run("team", "claim", "a0", "--server", lee_url)
    assert (code, out) == (0, "a0: yours\n")
    code, out, _ = run("team", "claim", "a0", "a1", "--server", liz_url)
    assert code == 1
    assert out.splitlines()[0] == "a1: yours"
    assert out.splitlines()[1].startswith(f"a0: held by {lee} since ")
    code, out, _ = run("team", "claims", "--server", liz_url)
    assert code == 0
    assert [line.split(" since ")[0] for line in out.splitlines()] == [f"a0: {lee}", f"a1: {liz}"]
    code, out, _ = run("team", "release", "a0", "--server", liz_url)
    assert (code, out) == (1, f"a0: held by {lee}, not you: not released\n")
    code, out, _ = run("team", "release", "a0", "--server", lee_url)
    assert (code, out) == (0, "a0: released\n")
    code, _, err = run("team", "claim", "nope", "--server", lee_url)
    assert code == 1 and "no such documents on the server: nope" in err
    assert _db(team, "SELECT count(*) FROM seed.claims") == [(1,)]


def test_a_lead_releases_an_absent_leads_claim_and_the_release_is_recorded(team, tmp_path):
    """A lead who is away holds documents nobody else could adjudicate: another lead (or
    the administrator) may release them with --force; the server records who released whose
    claim and when, and `team claims` shows it. Analysts may not."""
    lee, liz = team.person("lee"), _with_lead(team, tmp_path)
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [40, 50])))
    lee_url, liz_url = team.url_for(lee), team.url_for(liz)
    assert run("team", "claim", "a0", "a1", "--server", lee_url)[0] == 0
    code, _, err = run("team", "release", "a0", "--server", liz_url)
    assert code == 1 and "--force" in err
    ana = team.person("ana")
    run("team", "assign", "--to", ana, "--server", team.admin_url)  # she may see a0
    code, _, err = run("team", "release", "--force", "a0", "--server", team.url_for(ana))
    assert code == 1 and "permission denied for table claims" in err
    code, out, err = run("team", "release", "--force", "a0", "--server", liz_url)
    assert code == 0, err
    assert out.startswith(f"a0: released {lee}'s claim (held since ")
    assert _db(team, "SELECT lead FROM seed.claims") == [(lee,)]  # a1 still lee's
    assert _db(team, "SELECT lead, released_by FROM seed.claim_releases") == [(lee, liz)]
    code, out, _ = run("team", "claims", "--server", lee_url)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"a1: {lee} since ")
    assert any(line.startswith(f"a0: {lee}'s claim released by {liz} at ") for line in lines[1:])
    # liz now adjudicates a0: her claim holds as any other
    assert run("team", "claim", "a0", "--server", liz_url)[1] == "a0: yours\n"
    # a holder's own release is theirs to make, and no news: not recorded
    assert run("team", "release", "a1", "--server", lee_url)[0] == 0
    assert _db(team, "SELECT count(*) FROM seed.claim_releases") == [(1,)]


def test_only_the_database_records_releases(team, tmp_path):
    """Raw SQL: a lead's DELETE of another lead's claim is recorded as theirs; nobody but
    the server writes the record, and an analyst can neither release nor read it."""
    lee, liz = team.person("lee"), _with_lead(team, tmp_path)
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [40])))
    assert run("team", "claim", "a0", "--server", team.url_for(liz))[0] == 0
    with team.connect(lee, autocommit=True) as conn:
        conn.execute("DELETE FROM seed.claims")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO seed.claim_releases(document, lead, claimed_at, released_by) "
                "SELECT uid, 'x', now(), 'y' FROM seed.documents"
            )
    assert _db(team, "SELECT lead, released_by FROM seed.claim_releases") == [(liz, lee)]
    assert run("team", "claim", "a0", "--server", team.url_for(liz))[0] == 0
    with team.connect(team.person("ana"), autocommit=True) as conn:
        for sql in ("DELETE FROM seed.claims", "SELECT * FROM seed.claim_releases"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    assert _db(team, "SELECT count(*) FROM seed.claims") == [(1,)]


def _cancel_assignments(team, times: int, how: str) -> None:
    """The next `times` writes of assignments fail as the server fails them: cancelled as
    a deadlock's victim (`deadlock`), or with the connection cut (`cut`)."""
    if how == "deadlock":
        action = "RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01';"
    else:
        action = "PERFORM pg_terminate_backend(pg_backend_pid());"
    with team.connect("postgres", autocommit=True) as admin:
        admin.execute("CREATE SEQUENCE seed.victims")
        admin.execute(
            "CREATE FUNCTION seed.victim() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
            "SET search_path = pg_catalog AS $$ BEGIN "
            f"IF nextval('seed.victims') <= {times} THEN {action} END IF; "
            "RETURN NEW; END $$"
        )
        admin.execute(
            "CREATE TRIGGER victim BEFORE INSERT ON seed.assignments "
            "FOR EACH STATEMENT EXECUTE FUNCTION seed.victim()"
        )


@pytest.mark.parametrize("how", ["deadlock", "cut"])
def test_a_command_the_server_cancels_once_is_run_again(team, tmp_path, how):
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [40, 50, 60])))
    _cancel_assignments(team, 1, how)
    code, out, err = run("team", "assign", "--each", "1", "--server", team.admin_url)
    assert (code, err) == (0, "")
    assert out.startswith("3 assignments over 3 documents")
    assert _db(team, "SELECT count(*) FROM seed.assignments") == [(3,)]


@pytest.mark.parametrize("how", ["deadlock", "cut"])
def test_a_command_the_server_keeps_cancelling_fails_in_one_line(team, tmp_path, how):
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [40, 50])))
    _cancel_assignments(team, 1000, how)
    code, out, err = run("team", "assign", "--each", "1", "--server", team.admin_url)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("error: ")
    assert "Traceback" not in err
    if how == "deadlock":
        assert "deadlock detected" in err and "nothing of it was kept" in err
    else:
        assert "cannot reach the server" in err
    assert _db(team, "SELECT count(*) FROM seed.assignments") == [(0,)]


def _answer_lost_once(team, monkeypatch, name: str, module=None) -> None:
    """The first call of `module`.`name` (lead's by default) commits on the server, then
    its connection is cut before the answer arrives (as a dropped VPN does): the command
    runs it again."""
    from annotator.core.team import lead

    module = module or lead
    real = getattr(module, name)
    calls = []

    def committed_then_cut(conn, *args, **kwargs):
        result = real(conn, *args, **kwargs)
        calls.append(result)
        if len(calls) == 1:
            with team.connect("postgres", autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", [conn.info.backend_pid])
            conn.execute("SELECT 1")  # the cut, as the client meets it
        return result

    monkeypatch.setattr(module, name, committed_then_cut)


def test_user_add_retried_after_a_lost_answer_does_not_call_its_own_login_existing(team_db):
    """The first try made the login and committed; its answer was lost. The retry finds
    the login there, but it is the one this command made: no "(an existing login)", which
    would tell the administrator a stranger's login joined the team."""
    from annotator.core.team import people

    assert run("team", "init", team_db.admin_url)[0] == 0
    ana, bob = team_db.person("ana"), team_db.person("bob")
    with pytest.MonkeyPatch.context() as patch:
        _answer_lost_once(team_db, patch, "add_person", people)
        code, out, err = run(
            "team", "user", "add", ana, "--no-password", "--server", team_db.admin_url
        )
    assert (code, out, err) == (0, f"{ana}: analyst\n", "")
    with team_db.connect("postgres", autocommit=True) as su:
        su.execute(f'CREATE ROLE "{bob}" LOGIN')  # made by someone else, before
    with pytest.MonkeyPatch.context() as patch:
        _answer_lost_once(team_db, patch, "add_person", people)
        code, out, err = run(
            "team", "user", "add", bob, "--no-password", "--server", team_db.admin_url
        )
    assert (code, out) == (0, f"{bob}: analyst (an existing login)\n"), err


def test_push_docs_retried_after_a_lost_answer_counts_what_its_first_try_added(
    team, tmp_path, monkeypatch
):
    source = _articles(tmp_path / "news.jsonl", [40, 50, 60])
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "old.jsonl", [40])))
    _answer_lost_once(team, monkeypatch, "push_documents")
    lead_url = team.url_for(team.person("lee"))  # not a superuser: the same reads work
    code, out, err = run("team", "push-docs", lead_url, str(source))
    assert (code, err) == (0, "")
    # a0 was there before this command; a1 and a2 came with its first try
    assert out.startswith(
        "2 documents added (all by an earlier try of this command, whose "
        "answer the cut connection lost), 1 already there; 0 new labels"
    )
    assert _db(team, "SELECT count(*) FROM seed.documents") == [(3,)]


def test_assign_retried_after_a_lost_answer_counts_what_its_first_try_made(
    team, tmp_path, monkeypatch
):
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [40, 50, 60])))
    _answer_lost_once(team, monkeypatch, "assign")
    lead_url = team.url_for(team.person("lee"))
    code, out, err = run("team", "assign", "--each", "1", "--server", lead_url)
    assert (code, err) == (0, "")
    assert out.startswith(
        "3 assignments over 3 documents (by an earlier try of this command, "
        "whose answer the cut connection lost)"
    )
    assert _db(team, "SELECT count(*) FROM seed.assignments") == [(3,)]


def test_assign_next_retried_after_a_lost_answer_gives_no_more_documents(
    team, tmp_path, monkeypatch
):
    """--next N is not idempotent by itself: a retry of a try that committed would give N
    more documents. The retry finds that try's work and stops there."""
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [40, 50, 60])))
    _answer_lost_once(team, monkeypatch, "assign")
    ana = team.person("ana")
    code, out, err = run("team", "assign", "--to", ana, "--next", "1", "--server", team.admin_url)
    assert (code, err) == (0, "")
    assert out.startswith("1 assignments over 1 documents (by an earlier try")
    assert _db(team, "SELECT count(*) FROM seed.assignments") == [(1,)]


def test_a_command_refused_by_the_server_says_so_in_one_line(team, tmp_path):
    """An analyst trying a lead's command: the server's refusal, not a traceback."""
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [40])))
    analyst = team.url_for(team.person("ana"))
    code, out, err = run("team", "assign", "--each", "1", "--server", analyst)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1
    assert "the server refused: permission denied for table assignments" in err
    code, _, err = run("team", "claims", "--server", analyst)
    assert code == 1 and "the server refused: permission denied for table claims" in err


def test_assign_by_uncertainty_gives_the_documents_the_model_is_least_sure_of(
    team, tmp_path, user_dirs
):
    """Active learning in a team: the lead's model (trained in their copy) ranks what is
    left, and `--next N` gives analysts the N it is least sure of; `--next` alone, the N
    longest."""
    from annotator import paths
    from annotator.core.learn import ModelStore, rank_documents, train
    from annotator.core.model import Status
    from annotator.core.store.project import Project
    from benchmarks.ner_corpus import NEWSFANE, documents, import_documents

    lee = team.person("lee")
    records = list(documents(NEWSFANE, 3, "ar", "nf", limit=18, coarse=True))
    copy = tmp_path / "lee.seedproj"
    import_documents(copy, records, lee)  # the lead's finished work: what the model learns
    with Project.open(copy) as project, project.transaction():
        for doc_id, _ext in project.documents.ext_ids()[-8:]:  # eight left to annotate
            for span in project.spans.for_document(doc_id, lee):
                project.spans.delete(span.id)
            project.status.set(doc_id, lee, Status.NEW)
    with Project.open(copy) as project:
        ModelStore(paths.models_dir()).save(project, train(project, lee))
        model = ModelStore(paths.models_dir()).load(project, lee)
        assert model is not None
        ext_of = dict(project.documents.ext_ids())
        ranked = [ext_of[u.document_id] for u in rank_documents(project, model)]
    assert len(ranked) == 8
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False)
                            + "\n" for r in records), encoding="utf-8")  # fmt: skip
    assert run("team", "push-docs", team.admin_url, str(docs), "--no-normalize")[0] == 0
    ana, bob = team.person("ana"), team.person("bob")
    code, out, err = run(
        "team", "assign", "--to", ana, "--to", bob, "--by", "uncertainty", "--next", "3",
        "--project", str(copy), "--annotator", lee, "--server", team.admin_url,
    )  # fmt: skip
    assert code == 0, err
    assert "3 assignments over 3 documents" in out and "Ranked 8 documents" in err
    given = _db(team, "SELECT d.ext_id FROM seed.assignments a JOIN seed.documents d "
                "ON d.uid = a.document")  # fmt: skip
    assert sorted(e for (e,) in given) == sorted(ranked[:3])
    # again: the next three, skipping what is assigned already
    run("team", "assign", "--to", ana, "--by", "uncertainty", "--next", "3",
        "--project", str(copy), "--annotator", lee, "--server", team.admin_url)  # fmt: skip
    given = _db(team, "SELECT d.ext_id FROM seed.assignments a JOIN seed.documents d "
                "ON d.uid = a.document")  # fmt: skip
    assert sorted(e for (e,) in given) == sorted(ranked[:6])
    # --next alone: the longest of the rest
    code, out, _ = run("team", "assign", "--to", bob, "--next", "2", "--server", team.admin_url)
    assert code == 0 and "2 assignments over 2 documents" in out
    # without a model: one line saying how to make one
    code, _, err = run(
        "team", "assign", "--to", ana, "--by", "uncertainty", "--next", "1",
        "--project", str(copy), "--annotator", bob, "--server", team.admin_url,
    )  # fmt: skip
    assert code == 1 and "annotator model train" in err
    code, _, err = run("team", "assign", "--to", ana, "--by", "uncertainty",
                       "--server", team.admin_url)  # fmt: skip
    assert code == 1 and "--next N" in err


def test_push_docs_retry_counts_a_first_try_whose_commit_finished_after_the_retry_asked(team):
    """The cut try's COMMIT can still be under way on the server when the retry asks
    pg_xact_status ('in progress'); the retry's insert then waits for it and finds its rows.
    Those rows carry the first try's id and are visible: that try committed them, and the
    report must say they were added by it, not that they were already there."""
    import hashlib
    import threading
    import time

    from annotator.core.model import Document
    from annotator.core.team import lead

    def doc(ext: str, text: str) -> Document:
        sha = hashlib.sha256(text.encode()).hexdigest()
        return Document(0, ext, ext, "fa", text, text, None, {}, "none", sha, sha)

    docs = [doc("b1", "متن اول"), doc("b2", "متن دوم")]
    lee = team.person("lee")
    tries: list[str] = []
    with team.connect(lee) as first, team.connect(lee, autocommit=True) as second:
        with first.transaction():  # the first try, its commit not yet done
            lead.push_documents(first, docs, [], tries)
            result: list = []
            retry = threading.Thread(
                target=lambda: result.append(lead.push_documents(second, docs, [], tries))
            )
            retry.start()
            with team.connect("postgres", autocommit=True) as admin:
                for _ in range(500):  # until the retry waits on the first try's rows
                    waiting = admin.execute(
                        "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                        [second.info.backend_pid],
                    ).fetchone()
                    if waiting and waiting[0] == "Lock":
                        break
                    time.sleep(0.01)
                else:
                    raise AssertionError("the retry never waited for the first try")
        retry.join(10)
    assert not retry.is_alive()
    pushed = result[0]
    assert (pushed.added, pushed.earlier, pushed.existing) == (2, 2, 0)


def _release_answer_lost_once(team, monkeypatch, meanwhile=None) -> None:
    """The first `claims.release` commits on the server, then its connection is cut before
    the answer arrives (and `meanwhile()` runs, as others work on): the command runs it
    again."""
    from annotator.core.team import claims

    real = claims.release
    calls = []

    def committed_then_cut(conn, *args, **kwargs):
        result = real(conn, *args, **kwargs)
        calls.append(result)
        if len(calls) == 1:
            if meanwhile is not None:
                meanwhile()
            with team.connect("postgres", autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", [conn.info.backend_pid])
            conn.execute("SELECT 1")  # the cut, as the client meets it
        return result

    monkeypatch.setattr(claims, "release", committed_then_cut)


def test_release_retried_after_a_lost_answer_says_released(team, tmp_path, monkeypatch):
    """The first try let go of a0 and lost its answer: the retry finds a0 held by nobody,
    and must still say it was released (by that try), not stay silent or say otherwise."""
    lee = team.person("lee")
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [40, 50])))
    lee_url = team.url_for(lee)
    assert run("team", "claim", "a0", "--server", lee_url)[0] == 0
    _release_answer_lost_once(team, monkeypatch)
    code, out, err = run("team", "release", "a0", "a1", "--server", lee_url)
    assert (code, err) == (0, "")
    # a1 was never held: nothing to say about it, as without the cut; of a0, whether
    # someone claimed it since (here nobody)
    assert out == f"a0: released ({_EARLIER_SAID}); nobody holds it now\n"
    assert _db(team, "SELECT count(*) FROM seed.claims") == [(0,)]


def test_a_forced_release_retried_after_a_lost_answer_names_whose_claim_it_was(
    team, tmp_path, monkeypatch
):
    lee, liz = team.person("lee"), _with_lead(team, tmp_path)
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [40, 50])))
    assert run("team", "claim", "a0", "--server", team.url_for(lee))[0] == 0
    _release_answer_lost_once(team, monkeypatch)
    code, out, err = run("team", "release", "--force", "a0", "--server", team.url_for(liz))
    assert (code, err) == (0, "")
    assert out.startswith(f"a0: released {lee}'s claim (held since ")
    assert out.endswith(f"; recorded) ({_EARLIER_SAID}); nobody holds it now\n")
    assert _db(team, "SELECT lead, released_by FROM seed.claim_releases") == [(lee, liz)]


@pytest.mark.parametrize("force", [True, False])
def test_a_retried_release_leaves_a_claim_made_after_its_first_try(
    team, tmp_path, monkeypatch, force
):
    """The first try released a0 and its answer was lost; before the retry, a0 was
    claimed again (by sam, another lead; or, without --force, by lee's own window): that
    is a new claim nobody asked to end, and the retry leaves it, saying what the first try
    did and who holds the document now."""
    from annotator.core.team import claims

    lee, liz = team.person("lee"), _with_lead(team, tmp_path)
    sam = _with_lead(team, tmp_path, "sam")
    run("team", "push-docs", team.admin_url, str(_articles(tmp_path / "n.jsonl", [40, 50])))
    assert run("team", "claim", "a0", "--server", team.url_for(lee))[0] == 0
    releaser, claimant = (liz, sam) if force else (lee, lee)

    def claimed_again() -> None:
        with psycopg.connect(team.url_for(claimant), autocommit=True) as conn:
            assert claims.claim(conn, ["a0"]).taken == ("a0",)

    _release_answer_lost_once(team, monkeypatch, claimed_again)
    args = ["--force"] if force else []
    code, out, err = run("team", "release", *args, "a0", "--server", team.url_for(releaser))
    assert (code, err) == (0, "")
    [(since,)] = _db(team, "SELECT to_char(claimed_at, 'YYYY-MM-DD HH24:MI') FROM seed.claims")
    now = f"; held now by {claimant} (claimed since, at {since})\n"
    if force:
        assert out.startswith(f"a0: released {lee}'s claim (held since ")
        assert out.endswith(f"; recorded) ({_EARLIER_SAID}){now}")
    else:
        assert out == f"a0: released ({_EARLIER_SAID}){now}"
    assert _db(team, "SELECT c.lead FROM seed.claims c") == [(claimant,)]


def test_release_retry_counts_a_first_try_whose_commit_finished_after_the_retry_began(team):
    """The cut try's COMMIT can still be under way when the retry runs: the retry's
    release waits for its rows and finds them gone; it must say the first try released
    them."""
    import threading
    import time

    from annotator.core.team import claims

    lee = team.person("lee")
    with team.connect(lee, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO seed.documents(uid, ext_id, lang, text, normalizer, text_sha256, "
            "original_sha256, length) VALUES (gen_random_uuid(), 'b1', 'fa', 'متن', 'none', "
            "'x', 'x', 3)"
        )
        claims.claim(conn, ["b1"])
    tries: dict = {}
    with team.connect(lee) as first, team.connect(lee, autocommit=True) as second:
        with first.transaction():  # the first try, its commit not yet done
            assert claims.release(first, ["b1"], tries=tries).taken == ("b1",)
            result: list = []
            retry = threading.Thread(
                target=lambda: result.append(claims.release(second, ["b1"], tries=tries))
            )
            retry.start()
            with team.connect("postgres", autocommit=True) as admin:
                for _ in range(500):  # until the retry waits on the first try's rows
                    waiting = admin.execute(
                        "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                        [second.info.backend_pid],
                    ).fetchone()
                    if waiting and waiting[0] == "Lock":
                        break
                    time.sleep(0.01)
                else:
                    raise AssertionError("the retry never waited for the first try")
        retry.join(10)
    assert not retry.is_alive()
    released = result[0]
    assert (released.taken, released.earlier, released.held) == (("b1",), ("b1",), ())


def test_user_add_retried_while_its_first_try_still_commits_adds_the_login_once(team_db):
    """A slow COMMIT (synchronous replication): the retry ran while the first try's login
    was not yet visible, made it again, and failed on the name, telling the administrator
    the command failed when it had not. The retry waits for the first try now."""
    import threading

    from annotator.core.team import people, schema
    from annotator.core.team.connection import connect

    with connect(team_db.admin_url, autocommit=True) as admin:
        schema.initialise(admin, team_db.name)
    ana = team_db.person("ana")
    tries: dict[str, bool] = {}
    first = connect(team_db.admin_url)
    first.execute("SELECT 1")  # the command's transaction, not yet committed
    people.add_person(first, ana, "analyst", None, tries)
    answers: dict[str, object] = {}

    def retry() -> None:
        with connect(team_db.admin_url) as conn:
            try:
                answers["added"] = people.add_person(conn, ana, "analyst", None, tries)
                conn.commit()
            except Exception as exc:  # what the administrator would be told
                answers["error"] = exc

    thread = threading.Thread(target=retry)
    thread.start()
    thread.join(1.0)
    assert thread.is_alive()  # waiting for the first try, not making the login again
    first.commit()
    first.close()
    thread.join(20)
    assert "error" not in answers, answers
    added = answers["added"]
    assert isinstance(added, people.PersonAdded) and not added.existed


def test_an_id_holding_a_line_break_keeps_one_claim_a_line(team, tmp_path):
    """A document's id is kept as the lead's file gave it, a line break too: `claim`,
    `claims` and `release` show it escaped (text.names.shown_title), so a script reading
    one claim a line reads one."""
    lee = team.person("lee")
    source = tmp_path / "n.jsonl"
    source.write_text(json.dumps({"id": "a\n0", "text": "خبر شماره صفر " * 4}) + "\n", "utf-8")
    assert run("team", "push-docs", team.admin_url, str(source))[0] == 0
    url = team.url_for(lee)
    assert run("team", "claim", "a\n0", "--server", url)[:2] == (0, "a\\u000a0: yours\n")
    code, out, _ = run("team", "claims", "--server", url)
    assert code == 0
    [line] = out.splitlines()
    assert line.startswith(f"a\\u000a0: {lee} since ")
    assert run("team", "release", "a\n0", "--server", url)[:2] == (0, "a\\u000a0: released\n")
