"""A person's connection that stops partway (a laptop's lid closed, a VPN gone) must not keep
the team waiting for hours: the client asks for TCP keepalives, the server probes its
clients and ends a session that sits in an unfinished transaction, a waiter for a lock
says who holds it instead of hanging, and every login has its connection limit.

The database's administrator here is not a superuser: a role that may create roles and
owns the database, as a hosted PostgreSQL gives."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import sql

from annotator.cli import main
from annotator.core.team import connection, lead, people, schema
from annotator.core.team.connection import connect, server_failure

SHORT_IDLE_MS = 1500  # the server's limit in these tests, so that they take seconds
# What `init` says it made of a database a version before m010 left.
UPGRADE_FROM_M010 = ", ".join(name for name, _ in schema.MIGRATIONS if name >= "m010")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _team(team_db, owner_url: str, tmp_path: Path) -> dict[str, str]:
    """Initialised by its owner; leads lee and liz, analysts ana and bob; three documents."""
    assert run("team", "init", owner_url)[0] == 0
    names = {short: team_db.person(short) for short in ("lee", "liz", "ana", "bob")}
    for short, name in names.items():
        role = "lead" if short in ("lee", "liz") else "analyst"
        code, _, err = run(
            "team", "user", "add", name, "--role", role, "--no-password", "--server", owner_url
        )
        assert code == 0, err
    source = tmp_path / "news.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for i, n in enumerate((40, 50, 60)):
            text = (f"خبر شماره {i} " + "متن " * n)[:n]
            out.write(json.dumps({"id": f"a{i}", "text": text}, ensure_ascii=False) + "\n")
    code, _, err = run("team", "push-docs", team_db.url_for(names["lee"]), str(source))
    assert code == 0, err
    return names


def _gone(team_db, pid: int) -> None:
    """Until the server has ended session `pid` (bounded: it fails rather than hangs)."""
    with team_db.connect("postgres", autocommit=True) as admin:
        for _ in range(2000):
            found = admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
            if found is None:
                return
            time.sleep(0.01)
    raise AssertionError(f"the server never ended session {pid}")


def _active(team_db, pid: int) -> None:
    """Until session `pid` runs a statement (bounded)."""
    with team_db.connect("postgres", autocommit=True) as admin:
        for _ in range(2000):
            row = admin.execute(
                "SELECT state FROM pg_stat_activity WHERE pid = %s", [pid]
            ).fetchone()
            if row == ("active",):
                return
            time.sleep(0.01)
    raise AssertionError(f"session {pid} never started its statement")


def _setting(conn: Any, name: str) -> str:
    """The session's value in the setting's own unit (milliseconds, seconds)."""
    row = conn.execute("SELECT setting FROM pg_settings WHERE name = %s", [name]).fetchone()
    return str(row[0])


def test_the_client_asks_for_tcp_keepalives_unless_the_address_says_otherwise(pg_server):
    """Without them a connection whose other end vanished is noticed only when the
    kernel gives up, hours later."""
    with connect(pg_server) as conn:
        sock = socket.socket(fileno=conn.pgconn.socket)
        try:
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
            idle = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE)
            interval = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL)
            count = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT)
        finally:
            sock.detach()
    # libpq's own default is keepalives on, after the system's two hours of silence
    assert idle + interval * count <= 120  # a vanished server is noticed within two minutes
    with connect(f"{pg_server}?keepalives_idle=7") as conn:
        sock = socket.socket(fileno=conn.pgconn.socket)
        try:
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == 7
        finally:
            sock.detach()
    with connect(f"{pg_server}?keepalives=0") as conn:
        sock = socket.socket(fileno=conn.pgconn.socket)
        try:
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 0
        finally:
            sock.detach()


def test_the_team_database_ends_idle_transactions_and_probes_its_clients(
    team_db, owner_url, tmp_path
):
    """Set by `team init` run by the database's owner (no superuser), for every session
    in the team database: those of people added before and after, and logins made
    elsewhere."""
    names = _team(team_db, owner_url, tmp_path)
    for person in (names["lee"], names["ana"]):
        with team_db.connect(person) as conn:
            assert _setting(conn, "idle_in_transaction_session_timeout") == str(
                schema.IDLE_IN_TRANSACTION_MS
            )
            for name, value in schema.SERVER_KEEPALIVES.items():
                assert _setting(conn, name) == str(value)
            assert 0 < schema.IDLE_IN_TRANSACTION_MS <= 5 * 60_000
    # the database's other databases and the server's own settings are untouched
    with psycopg.connect(team_db.url_for("postgres").rsplit("/", 1)[0] + "/postgres") as other:
        assert _setting(other, "idle_in_transaction_session_timeout") == "0"


def test_a_lead_stopped_inside_a_transaction_no_longer_blocks_the_team(
    team_db, owner_url, tmp_path, monkeypatch
):
    """lee's laptop went to sleep after taking the assignments' lock (as `team assign`
    does): the server ends the session after the limit, liz's assign then goes through,
    and lee's client, when it wakes, is told what happened: not a refusal, nothing kept."""
    monkeypatch.setattr(schema, "IDLE_IN_TRANSACTION_MS", SHORT_IDLE_MS)
    names = _team(team_db, owner_url, tmp_path)
    lee_url = team_db.url_for(names["lee"])
    asleep = connect(lee_url)
    try:
        asleep.execute("LOCK TABLE seed.assignments IN SHARE ROW EXCLUSIVE MODE")
        started = time.monotonic()
        code, out, err = run(
            "team", "assign", "--each", "1", "--server", team_db.url_for(names["liz"])
        )
        assert (code, err) == (0, "")
        assert out.startswith("3 assignments over 3 documents\n")
        assert time.monotonic() - started < 60  # the server's limit, not the TCP timeout's
        with pytest.raises(psycopg.errors.IdleInTransactionSessionTimeout) as woke:
            asleep.execute(
                "INSERT INTO seed.assignments(document, annotator) SELECT uid, %s "
                "FROM seed.documents",
                [names["bob"]],
            )
    finally:
        asleep.close()
    said = server_failure(lee_url, woke.value)
    assert isinstance(said, connection.Unreachable)  # a retry on a new connection is right
    assert "idle" in str(said) and "nothing of it was kept" in str(said)
    assert "refused" not in str(said) and "cannot reach" not in str(said)
    with team_db.connect("postgres") as conn:
        rows = conn.execute("SELECT annotator, assigned_by FROM seed.assignments").fetchall()
    assert len(rows) == 3 and {by for _, by in rows} == {names["liz"]}


@pytest.mark.parametrize("stalls", [1, 2])
def test_a_command_stalled_inside_its_transaction_is_run_again_or_says_why(
    team_db, owner_url, tmp_path, monkeypatch, stalls
):
    """The lead's own `team assign` is the sleeper: once, it is run again on a new
    connection and says what it did (its first try kept nothing); every time, it says in
    one line that the server ended the session, not that the server is out of reach."""
    monkeypatch.setattr(schema, "IDLE_IN_TRANSACTION_MS", SHORT_IDLE_MS)
    names = _team(team_db, owner_url, tmp_path)
    real = lead._earlier_tries
    stalled: list[int] = []

    def asleep_after_the_lock(cur, tries):
        found = real(cur, tries)
        if len(stalled) < stalls:
            stalled.append(cur.connection.info.backend_pid)
            _gone(team_db, stalled[-1])
        return found

    monkeypatch.setattr(lead, "_earlier_tries", asleep_after_the_lock)
    code, out, err = run("team", "assign", "--each", "1", "--server", team_db.url_for(names["lee"]))
    with team_db.connect("postgres") as conn:
        made = conn.execute("SELECT count(*) FROM seed.assignments").fetchone()
    if stalls == 1:
        assert (code, err) == (0, "")
        assert out.startswith("3 assignments over 3 documents\n")  # no "earlier try"
        assert made == (3,)
    else:
        assert (code, out) == (1, "")
        assert len(err.splitlines()) == 1 and err.startswith("error: ")
        assert "ended the session" in err and "nothing of it was kept" in err
        assert "cannot reach" not in err and "Traceback" not in err
        assert made == (0,)


def _long_text(conn: Any) -> None:
    """A document pushed: its text overruns the socket's buffer."""
    conn.execute("SELECT length(%s::text)", ["متن " * 1_000_000])


def _batch(conn: Any) -> None:
    """An assign's or a push's batch: psycopg sends it as a pipeline, whose entry reads
    nothing from the server."""
    with conn.cursor() as cur:
        cur.executemany("SELECT %s::int", [(n,) for n in range(3)])


def _stalled(
    url: str, team_db, then, end_it=None, wait_s: float = 0.0, before=None, **options
) -> psycopg.Error:
    """What a lead's connection meets when the server closed its session while it sat in
    a transaction (after `before`'s statements; `end_it` ends it sooner: an administrator,
    a restart), and the next statement is `then`: libpq's send finds the socket closed and
    drops the server's last word ("server closed the connection unexpectedly")."""
    conn = connect(url, **options)
    try:
        conn.execute("SELECT count(*) FROM seed.documents")  # the transaction is open
        if before is not None:
            before(conn)
        time.sleep(wait_s)
        if end_it is not None:
            end_it(conn.info.backend_pid)
        _gone(team_db, conn.info.backend_pid)
        with pytest.raises(psycopg.Error) as cut:
            then(conn)
    finally:
        conn.close()
    return cut.value


def _terminator(team_db):
    def terminate(pid: int) -> None:
        with team_db.connect("postgres", autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])

    return terminate


def _ended_for_idleness(said: BaseException) -> bool:
    return (
        isinstance(said, connection.Unreachable)  # a new connection is all it takes
        and "ended the session" in str(said)
        and "nothing of it was kept" in str(said)
        and "cannot reach" not in str(said)
    )


def _cut(said: BaseException) -> bool:
    """Called a cut, with libpq's own line and not the last of its indented hints
    ("\tbefore or while processing the request.")."""
    return (
        isinstance(said, connection.Unreachable)
        and "cannot reach the server" in str(said)
        and "idle" not in str(said)
        and "(\t" not in str(said)
        and "before or while processing" not in str(said)
    )


@pytest.mark.parametrize("then", [_long_text, _batch])
def test_a_stall_whose_next_statement_finds_the_socket_closed_still_says_the_server_ended_it(
    team_db, owner_url, tmp_path, monkeypatch, then
):
    """The server's 25P03 never reaches psycopg here; the client's own idle time past the
    session's limit says what happened. Before, the lead was told the server could not be
    reached."""
    monkeypatch.setattr(schema, "IDLE_IN_TRANSACTION_MS", SHORT_IDLE_MS)
    names = _team(team_db, owner_url, tmp_path)
    url = team_db.url_for(names["lee"])
    said = server_failure(url, _stalled(url, team_db, then))
    assert _ended_for_idleness(said), said


def test_the_limit_judged_is_the_sessions_own_as_an_administrator_made_it_stricter(
    team_db, owner_url, tmp_path
):
    """`init` keeps an administrator's stricter limit: a second here, the team's minute
    in the code. The session ended after that second is still called what it was."""
    names = _team(team_db, owner_url, tmp_path)
    url = team_db.url_for(names["lee"])
    stricter = "-c idle_in_transaction_session_timeout=1000"
    said = server_failure(url, _stalled(url, team_db, _long_text, options=stricter))
    assert _ended_for_idleness(said), said


@pytest.mark.parametrize("limit", ["0", "10min"])
def test_a_cut_inside_a_longer_limit_or_none_is_not_called_idleness(
    team_db, owner_url, tmp_path, monkeypatch, limit
):
    """A session with no limit (settings still pending on a database its administrator
    does not own) or a longer one: cut by an administrator after two seconds idle, past
    what the team's code would allow, it is a cut, not the server's limit."""
    monkeypatch.setattr(schema, "IDLE_IN_TRANSACTION_MS", SHORT_IDLE_MS)
    names = _team(team_db, owner_url, tmp_path)
    url = team_db.url_for(names["lee"])
    options = f"-c idle_in_transaction_session_timeout={limit}"
    cut = _stalled(url, team_db, _long_text, _terminator(team_db), 2.0, options=options)
    assert _cut(server_failure(url, cut))


def test_a_limit_raised_for_one_transaction_is_judged_there_and_then_forgotten(
    team_db, owner_url, tmp_path, monkeypatch
):
    """A join raises its read's limit to ten minutes for that transaction alone (as
    `TeamSync._read` does): a cut two seconds idle inside it is not idleness; in the next
    transaction the session's own limit is judged again."""
    monkeypatch.setattr(schema, "IDLE_IN_TRANSACTION_MS", SHORT_IDLE_MS)
    names = _team(team_db, owner_url, tmp_path)
    url = team_db.url_for(names["lee"])

    def raised(conn: Any) -> None:
        conn.execute("SELECT set_config('idle_in_transaction_session_timeout', '10min', true)")
        conn.learn_idle_limit(transaction=True)

    # two seconds: past the session's 1.5 s, inside the transaction's ten minutes
    cut = _stalled(url, team_db, _long_text, _terminator(team_db), 2.0, before=raised)
    assert _cut(server_failure(url, cut))

    def raised_then_committed(conn: Any) -> None:
        raised(conn)
        conn.commit()
        conn.execute("SELECT 1")  # the next transaction: the session's 1.5 s again

    ended = _stalled(url, team_db, _long_text, before=raised_then_committed)
    assert _ended_for_idleness(server_failure(url, ended))


def test_a_cut_right_after_a_long_batch_is_not_called_idleness(team_db, owner_url, tmp_path):
    """A push's batches keep the server busy, never idle, for longer than the session's
    limit; cut right after them (an administrator, a VPN), the session was not ended for
    idleness. The batch's own answers restart the clock once its pipeline has ended."""
    names = _team(team_db, owner_url, tmp_path)
    url = team_db.url_for(names["lee"])

    def busy(conn: Any) -> None:
        with conn.cursor() as cur:
            cur.executemany("SELECT pg_sleep(%s)", [(0.5,)] * 6)  # 3 s busy

    options = "-c idle_in_transaction_session_timeout=2000"
    cut = _stalled(url, team_db, _long_text, _terminator(team_db), before=busy, options=options)
    assert _cut(server_failure(url, cut))


def test_a_session_left_idle_after_a_batch_is_ended_and_called_so(team_db, owner_url, tmp_path):
    """psycopg ends a batch with a Sync and, as a race goes, a Flush on which the server
    stops its idle timer: after a batch the session had no limit (a lead stalled there
    kept the team's locks), or one the client could not time ("cannot reach the server"
    for the server's own limit). The team's cursor ends a batch with a plain statement,
    which restarts both clocks: the server ends the session, and the client says so."""
    names = _team(team_db, owner_url, tmp_path)
    url = team_db.url_for(names["lee"])

    def batch(conn: Any) -> None:
        with conn.cursor() as cur:  # a last row that takes a while: the Flush goes out
            cur.executemany("SELECT pg_sleep(%s)", [(0,), (0,), (0.1,)])

    options = "-c idle_in_transaction_session_timeout=1000"
    # bounded: before, the session never ended
    ended = _stalled(url, team_db, _long_text, before=batch, options=options)
    assert _ended_for_idleness(server_failure(url, ended))


def test_ctrl_c_during_a_statement_cancels_it_and_keeps_the_connection(pg_server):
    """psycopg cancels the query and waits again on the same generator, which sends it
    None: the connection stays usable, as a plain psycopg one does."""
    import subprocess
    import sys

    script = Path(__file__).with_name("interrupted_statement.py")
    done = subprocess.run(
        [sys.executable, str(script), pg_server], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["interrupted; closed: False", "next: (1,)"], done
    assert "closing connection" not in done.stderr


def test_a_connection_cut_soon_after_its_last_answer_is_not_called_idle(
    team_db, owner_url, tmp_path, monkeypatch
):
    """An administrator's pg_terminate_backend, a restart, a network cut: the same lost
    last word, but well inside the limit, so no idleness is claimed."""
    monkeypatch.setattr(schema, "IDLE_IN_TRANSACTION_MS", 60_000)
    names = _team(team_db, owner_url, tmp_path)
    url = team_db.url_for(names["lee"])
    assert _cut(server_failure(url, _stalled(url, team_db, _long_text, _terminator(team_db))))


def test_a_waiter_for_a_lock_a_busy_session_holds_says_who_holds_it(
    team_db, owner_url, tmp_path, monkeypatch
):
    """A session that holds the lock and is busy (not idle: the server lets it run) keeps
    another lead's assign waiting only so long; then the waiter is told who holds it, in
    one line, and nothing was assigned."""
    monkeypatch.setattr(lead, "LOCK_WAIT_MS", 300)
    names = _team(team_db, owner_url, tmp_path)
    busy = connect(team_db.url_for(names["lee"]))
    cancelled: list[BaseException] = []

    def work() -> None:
        try:
            busy.execute("SELECT pg_sleep(60)")
        except psycopg.errors.QueryCanceled as exc:
            cancelled.append(exc)

    working = threading.Thread(target=work)
    try:
        busy.execute("LOCK TABLE seed.assignments IN SHARE ROW EXCLUSIVE MODE")
        working.start()
        _active(team_db, busy.info.backend_pid)
        code, out, err = run(
            "team", "assign", "--each", "1", "--server", team_db.url_for(names["liz"])
        )
    finally:
        busy.cancel_safe()
        working.join(10)
        busy.close()
    assert cancelled  # lee's session was busy all along, never idle
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"held by {names['lee']}" in err and "nothing was assigned" in err
    assert "cannot reach" not in err
    with team_db.connect("postgres") as conn:
        assert conn.execute("SELECT count(*) FROM seed.assignments").fetchone() == (0,)


def test_logins_made_before_the_connection_limit_get_it_at_the_upgrade(
    team_db, owner_url, monkeypatch
):
    """People added before `CONNECTION LIMIT` have none: one of them looping on connect
    would take every connection of the server. The upgrade gives each login with no limit
    the team's; a limit their administrator chose is kept; a login this administrator may
    not change (made a superuser since) is named, and the upgrade goes on."""
    ana, bob, cy = team_db.person("ana"), team_db.person("bob"), team_db.person("cy")
    before = [name for name, _ in schema.MIGRATIONS if name < "m010"]
    with connect(owner_url, autocommit=True) as admin:
        with monkeypatch.context() as patch:
            patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[: len(before)])
            patch.setattr(schema, "SCHEMA_VERSION", len(before))
            schema.initialise(admin, team_db.name)
        for name in (ana, bob, cy):
            people.add_person(admin, name, "analyst", None)
    with team_db.connect("postgres", autocommit=True) as su:
        # as the program made them then: no limit; one the administrator limited; and one
        # the server's superuser made a superuser, whom the team's administrator may not alter
        for name, limit in ((ana, -1), (bob, 3), (cy, -1)):
            su.execute(
                sql.SQL("ALTER ROLE {} CONNECTION LIMIT {}").format(
                    sql.Identifier(name), sql.Literal(limit)
                )
            )
        su.execute(sql.SQL("ALTER ROLE {} SUPERUSER").format(sql.Identifier(cy)))
    code, out, err = run("team", "init", owner_url)
    assert code == 0, err
    assert out.endswith(f": upgraded ({UPGRADE_FROM_M010})\n")
    [limit_note] = _notes(err, "keeps no connection limit")
    assert limit_note.startswith(f"note: {cy}: ")
    # the other note: large objects, which only a superuser may take from the team
    assert [line for line in err.splitlines() if line != limit_note] == _notes(err, "large obj")
    with team_db.connect("postgres") as su:
        limits = dict(
            su.execute(
                "SELECT rolname, rolconnlimit FROM pg_roles WHERE rolname = ANY(%s)",
                [[ana, bob, cy]],
            ).fetchall()
        )
    assert limits == {ana: people.CONNECTION_LIMIT, bob: 3, cy: -1}
    opened = []
    try:
        for _ in range(people.CONNECTION_LIMIT):
            opened.append(team_db.connect(ana))
        with pytest.raises(psycopg.OperationalError, match="too many connections"):
            opened.append(team_db.connect(ana))
    finally:
        for conn in opened:
            conn.close()


def _before_m010(team_db, owner_url: str, monkeypatch) -> None:
    """The team database as a version before m010 left it, set up by its owner."""
    before = [name for name, _ in schema.MIGRATIONS if name < "m010"]
    with connect(owner_url, autocommit=True) as admin, monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[: len(before)])
        patch.setattr(schema, "SCHEMA_VERSION", len(before))
        schema.initialise(admin, team_db.name)


def test_an_upgrade_by_an_administrator_who_no_longer_owns_the_database_goes_on(
    team_db, owner_url, monkeypatch
):
    """A DBA took the database over; the team's administrator, who still administers the
    team, upgrades as before: the idle limits only the owner may set are named in a note
    they can hand on, and the rest of the upgrade is made."""
    _before_m010(team_db, owner_url, monkeypatch)
    with team_db.connect("postgres", autocommit=True) as su:
        db = sql.Identifier(team_db.name)
        su.execute(sql.SQL("ALTER DATABASE {} OWNER TO postgres").format(db))
        su.execute(
            sql.SQL("GRANT CONNECT, CREATE ON DATABASE {} TO {}").format(
                db, sql.Identifier(team_db.person("admin"))
            )
        )
    code, out, err = run("team", "init", owner_url)
    assert code == 0, err
    assert out.endswith(f": upgraded ({UPGRADE_FROM_M010})\n")
    [note] = _notes(err, "only the database's owner (postgres) may set")
    assert note.startswith(f"note: {team_db.name}: ")
    with team_db.connect("postgres", autocommit=True) as su:
        assert _setting(su, "idle_in_transaction_session_timeout") == "0"
        for statement in _statements(note):
            su.execute(statement.encode())  # what the note asks the owner to run, as given
    with team_db.connect("postgres") as conn:
        assert _setting(conn, "idle_in_transaction_session_timeout") == str(
            schema.IDLE_IN_TRANSACTION_MS
        )
        for name, value in schema.SERVER_KEEPALIVES.items():
            assert _setting(conn, name) == str(value)
        assert _setting(conn, "tcp_user_timeout") == str(_probing_ms())
    code, out, err = run("team", "init", owner_url)  # made: nothing left to say of it
    assert code == 0 and _notes(err, "may set") == []
    assert err.splitlines() == _notes(err, "large objects")  # what only a superuser may do


def test_an_upgrade_the_server_refuses_says_the_servers_reason(team_db, owner_url, monkeypatch):
    """A refusal met while the migration runs as the administrator is the server's own
    words, not "current transaction is aborted"; nothing of the upgrade is kept."""
    _before_m010(team_db, owner_url, monkeypatch)
    monkeypatch.setattr(schema, "IDLE_IN_TRANSACTION_MS", -5)  # a value the server refuses
    code, out, err = run("team", "init", owner_url)
    assert code == 1 and out == ""
    assert "outside the valid range" in err and "aborted" not in err, err
    with team_db.connect("postgres") as conn:
        assert "m010_sessions_end_when_idle" not in schema.applied(conn)


def test_init_keeps_a_stricter_limit_the_administrator_set_and_tightens_a_looser_one(
    team_db, owner_url
):
    """The database's idle limits are the administrator's too: a shorter wait they chose
    stays; one longer than the team needs (or off) gets the team's."""
    with team_db.connect("postgres", autocommit=True) as su:
        db = sql.Identifier(team_db.name)
        for name, value in (
            ("idle_in_transaction_session_timeout", "5s"),
            ("tcp_keepalives_idle", "10min"),
            ("tcp_keepalives_interval", "3"),
            ("tcp_keepalives_count", "0"),
            ("tcp_user_timeout", "30s"),
        ):
            su.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    db, sql.Identifier(name), sql.Literal(value)
                )
            )
    code, _, err = run("team", "init", owner_url)
    assert code == 0 and _notes(err, "may set") == [], err
    with team_db.connect("postgres") as conn:
        assert _setting(conn, "tcp_user_timeout") == "30000"
        assert _setting(conn, "idle_in_transaction_session_timeout") == "5000"
        assert _setting(conn, "tcp_keepalives_idle") == str(
            schema.SERVER_KEEPALIVES["tcp_keepalives_idle"]
        )
        assert _setting(conn, "tcp_keepalives_interval") == "3"
        assert _setting(conn, "tcp_keepalives_count") == str(
            schema.SERVER_KEEPALIVES["tcp_keepalives_count"]
        )


def test_user_add_of_a_login_the_administrator_may_not_alter_adds_it_with_a_note(
    team_db, owner_url
):
    """Adding an existing login worked before logins got a connection limit; one this
    administrator may not alter (PostgreSQL 15: a REPLICATION login; 16 and later: one
    another administrator made) still joins the team, and a note says what to ask for."""
    rep = team_db.person("rep")
    with team_db.connect("postgres", autocommit=True) as su:
        su.execute(sql.SQL("CREATE ROLE {} LOGIN REPLICATION").format(sql.Identifier(rep)))
    assert run("team", "init", owner_url)[0] == 0
    code, out, err = run(
        "team", "user", "add", rep, "--role", "analyst", "--no-password", "--server", owner_url
    )
    assert code == 0, err
    assert out == f"{rep}: analyst (an existing login)\n"
    assert err.startswith(f"note: {rep}: keeps no connection limit: ") and "ALTER ROLE" in err
    assert len(err.splitlines()) == 1
    with team_db.connect(rep) as conn:  # in the team: reads what an analyst reads
        assert conn.execute("SELECT count(*) FROM seed.documents").fetchone() == (0,)
    with team_db.connect("postgres") as su:
        row = su.execute("SELECT role FROM seed.people WHERE name = %s", [rep]).fetchone()
    assert row == ("analyst",)


def test_an_upgrade_retried_after_a_lost_answer_still_names_the_logins_it_could_not_limit(
    team_db, owner_url, monkeypatch
):
    """The upgrade committed and its answer was lost: the retry finds nothing left to do,
    and must still say what was upgraded and which logins keep no connection limit (that
    try's notes), not "already up to date"."""
    cy = team_db.person("cy")
    _before_m010(team_db, owner_url, monkeypatch)
    with connect(owner_url, autocommit=True) as admin:
        people.add_person(admin, cy, "analyst", None)
    with team_db.connect("postgres", autocommit=True) as su:
        su.execute(
            sql.SQL("ALTER ROLE {} CONNECTION LIMIT -1 SUPERUSER").format(sql.Identifier(cy))
        )
    real, calls = schema.initialise, []

    def committed_then_cut(conn, *args, **kwargs):
        result = real(conn, *args, **kwargs)
        calls.append(result)
        if len(calls) == 1:
            with team_db.connect("postgres", autocommit=True) as su:
                su.execute("SELECT pg_terminate_backend(%s)", [conn.info.backend_pid])
            conn.execute("SELECT 1")  # the cut, as the client meets it
        return result

    monkeypatch.setattr(schema, "initialise", committed_then_cut)
    code, out, err = run("team", "init", owner_url)
    assert code == 0 and len(calls) == 2, err
    assert out.endswith(
        f": upgraded ({UPGRADE_FROM_M010}) (by an earlier try "
        "of this command, whose answer the cut connection lost)\n"
    ), out
    assert len(_notes(err, f"{cy}: keeps no connection limit: ")) == 1, err


def test_an_assign_waits_for_other_locks_as_it_did_before_its_own_bound(
    team_db, owner_url, tmp_path, monkeypatch
):
    """The bound on the wait for the assignments' lock is for that lock only: a later
    wait of the same assign (the administrator busy with the people table) lasts as long
    as it takes, and the assign then goes through, rather than failing at the bound with a
    message about the assignments."""
    monkeypatch.setattr(lead, "LOCK_WAIT_MS", 300)
    names = _team(team_db, owner_url, tmp_path)
    outcome: list[Any] = []
    with team_db.connect("postgres") as su, connect(team_db.url_for(names["liz"])) as conn:
        su.execute("LOCK TABLE seed.people IN ACCESS EXCLUSIVE MODE")

        def assign() -> None:
            try:
                outcome.append(lead.assign(conn, each=1))
            except Exception as exc:  # reported by the assertion below
                outcome.append(exc)

        waiter = threading.Thread(target=assign)
        waiter.start()
        pid = conn.info.backend_pid
        for _ in range(2000):  # until the assign has waited three bounds on seed.people
            waited = su.execute(
                "SELECT wait_event_type = 'Lock' AND clock_timestamp() - query_start "
                "> %s * interval '1 ms' FROM pg_stat_activity WHERE pid = %s",
                [3 * lead.LOCK_WAIT_MS, pid],
            ).fetchone()
            if outcome or (waited and waited[0]):
                break
            time.sleep(0.01)
        su.commit()
        waiter.join(10)
    assert not waiter.is_alive()
    assert [type(o).__name__ for o in outcome] == ["Assigned"], outcome
    assert outcome[0].assignments == 3


def test_init_takes_a_limit_the_server_rounds_to_off_for_off(team_db, owner_url):
    """PostgreSQL rounds a setting to its whole unit: `400us` of the idle limit is 0 (no
    limit) and `400ms` of keepalive idleness is 0 (the system's two hours). Read as
    stricter than the team's, both were kept, and nothing ended a sleeping session."""
    with team_db.connect("postgres", autocommit=True) as su:
        db = sql.Identifier(team_db.name)
        for name, value in (
            ("idle_in_transaction_session_timeout", "400us"),
            ("tcp_keepalives_idle", "400ms"),
            ("tcp_user_timeout", "400us"),
        ):
            su.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    db, sql.Identifier(name), sql.Literal(value)
                )
            )
    code, _, err = run("team", "init", owner_url)
    assert code == 0 and _notes(err, "may set") == [], err
    with team_db.connect("postgres") as conn:
        assert _setting(conn, "tcp_user_timeout") == str(_probing_ms())
        assert _setting(conn, "idle_in_transaction_session_timeout") == str(
            schema.IDLE_IN_TRANSACTION_MS
        )
        assert _setting(conn, "tcp_keepalives_idle") == str(
            schema.SERVER_KEEPALIVES["tcp_keepalives_idle"]
        )


def _notes(err: str, about: str) -> list[str]:
    """The notes in `err` that mention `about`."""
    return [line for line in err.splitlines() if line.startswith("note: ") and about in line]


def _statements(note: str) -> list[str]:
    """What a note asks the database's owner or a superuser to run, as given."""
    return note.split("to run: ", 1)[1].strip().split("; ")


@pytest.mark.parametrize("how", ["team init", "by hand"])
def test_large_objects_an_administrator_may_not_forbid_stay_pending_until_a_superuser_does(
    team_db, owner_url, how
):
    """Only a superuser may take the large objects' functions from the team (they belong to
    the server's own owner): an administrator who is none is told what to ask for, `team
    status` says it is still open, and a superuser's `team init` (or the note's statements,
    run by a superuser) closes it."""
    ana = team_db.person("ana")
    code, out, err = run("team", "init", owner_url)
    assert code == 0
    [note] = _notes(err, "large objects")
    assert "only a superuser may" in note and "REVOKE EXECUTE ON FUNCTION" in note
    assert run("team", "user", "add", ana, "--no-password", "--server", owner_url)[0] == 0
    with team_db.connect(ana, autocommit=True) as conn:
        conn.execute("SELECT lo_unlink(lo_create(0))")  # the note is true: not yet closed
    lee = team_db.person("lee")
    code, _, err = run("team", "user", "add", lee, "--role", "lead", "--no-password",
                       "--server", owner_url)  # fmt: skip
    assert code == 0, err
    code, out, err = run("team", "status", "--server", team_db.url_for(lee))
    assert code == 0 and len(_notes(err, "large objects")) == 1, err
    # An analyst can do nothing about it, and the note would tell them how to fill the disk.
    code, out, err = run("team", "status", "--server", team_db.url_for(ana))
    assert code == 0 and _notes(err, "large objects") == [], err
    if how == "team init":
        code, out, err = run("team", "init", team_db.admin_url)
        assert (code, err) == (0, "")
        assert out.endswith(": already up to date\n")
    else:
        with team_db.connect("postgres", autocommit=True) as su:
            for statement in _statements(note):
                su.execute(statement.encode())
    with team_db.connect(ana) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT lo_create(0)")
    for args in (("init", owner_url), ("status", "--server", team_db.url_for(lee))):
        code, out, err = run("team", *args)
        assert code == 0 and _notes(err, "large objects") == [], err


def test_settings_an_administrator_may_not_make_stay_pending_until_the_owner_upgrades(
    team_db, owner_url, monkeypatch
):
    """A DBA took the database over; the team's administrator upgraded, and the settings
    only the database's owner may make were named in a note. They stay to be made: every
    upgrade and `team status` say so, and the owner's `team init` makes them (before, the
    migration was recorded as made, and the owner's upgrade found nothing to do)."""
    _before_m010(team_db, owner_url, monkeypatch)
    lee = team_db.person("lee")
    with team_db.connect("postgres", autocommit=True) as su:
        db = sql.Identifier(team_db.name)
        su.execute(sql.SQL("ALTER DATABASE {} OWNER TO postgres").format(db))
        su.execute(
            sql.SQL("GRANT CONNECT, CREATE ON DATABASE {} TO {}").format(
                db, sql.Identifier(team_db.person("admin"))
            )
        )
    assert run("team", "init", owner_url)[0] == 0
    code, _, err = run("team", "user", "add", lee, "--role", "lead", "--no-password",
                       "--server", owner_url)  # fmt: skip
    assert code == 0, err
    code, out, err = run("team", "init", owner_url)  # up to date, but not done
    assert code == 0
    [note] = _notes(err, "only the database's owner (postgres) may set")
    assert "idle_in_transaction_session_timeout" in note and "tcp_user_timeout" in note
    assert out.endswith(": up to date, but for what the notes say is still to be done\n"), out
    code, out, err = run("team", "status", "--server", team_db.url_for(lee))
    [said] = _notes(err, "only the database's owner (postgres) may set")
    assert code == 0 and _statements(said) == _statements(note)
    code, out, err = run("team", "status", "--format", "json", "--server", team_db.url_for(lee))
    assert code == 0 and [f"note: {n}" for n in json.loads(out)["to_do"]] == err.splitlines()
    code, out, err = run("team", "init", team_db.admin_url)  # the owner's upgrade
    assert (code, err) == (0, "")
    with team_db.connect(lee) as conn:
        assert _setting(conn, "idle_in_transaction_session_timeout") == str(
            schema.IDLE_IN_TRANSACTION_MS
        )
        for name, value in schema.SERVER_KEEPALIVES.items():
            assert _setting(conn, name) == str(value)
    for args in (("init", owner_url), ("status", "--server", team_db.url_for(lee))):
        code, out, err = run("team", *args)
        assert code == 0 and _notes(err, "may set") == [], err
    assert out.startswith("as of ")


def test_an_upgrade_makes_the_settings_an_earlier_version_recorded_as_made_but_skipped(
    team_db, owner_url, monkeypatch
):
    """Team databases an earlier version upgraded as a non-owner have m010 recorded and
    none of its settings: the owner's next upgrade makes them."""
    names = [name for name, _ in schema.MIGRATIONS]
    bound = names.index("m011_connection_limits") + 1
    with team_db.connect("postgres", autocommit=True) as su:
        db = sql.Identifier(team_db.name)
        su.execute(sql.SQL("ALTER DATABASE {} OWNER TO postgres").format(db))
        su.execute(
            sql.SQL("GRANT CONNECT, CREATE ON DATABASE {} TO {}").format(
                db, sql.Identifier(team_db.person("admin"))
            )
        )
    with connect(owner_url, autocommit=True) as admin, monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:bound])
        patch.setattr(schema, "SCHEMA_VERSION", bound)
        schema.initialise(admin, team_db.name)
    with team_db.connect("postgres", autocommit=True) as su:
        su.execute("DELETE FROM seed.team WHERE key <> 'tag'")  # that version kept no record
        assert _setting(su, "idle_in_transaction_session_timeout") == "0"
    code, out, err = run("team", "init", team_db.admin_url)
    assert (code, err) == (0, ""), err
    assert out.endswith(f": upgraded ({', '.join(names[bound:])})\n")
    with team_db.connect("postgres") as conn:
        assert _setting(conn, "idle_in_transaction_session_timeout") == str(
            schema.IDLE_IN_TRANSACTION_MS
        )
        for name, value in schema.SERVER_KEEPALIVES.items():
            assert _setting(conn, name) == str(value)


def _probing_ms() -> int:
    """How long the server's keepalives take to give up on a silent client."""
    k = schema.SERVER_KEEPALIVES
    return (
        k["tcp_keepalives_idle"] + k["tcp_keepalives_interval"] * k["tcp_keepalives_count"]
    ) * 1000


def test_the_team_database_gives_up_on_a_client_that_stops_acknowledging(
    team_db, owner_url, tmp_path
):
    """Keepalives probe an idle connection only: a server process sending a pull's rows to
    a client that vanished kept retransmitting for a quarter of an hour and more (the
    system's retries), its snapshot held all that while. Data unacknowledged for as long as
    the keepalives take to give up ends the connection too."""
    names = _team(team_db, owner_url, tmp_path)
    for person in (names["lee"], names["ana"]):
        with team_db.connect(person) as conn:  # over TCP: the server's socket's own value
            assert _setting(conn, "tcp_user_timeout") == str(_probing_ms())


def test_the_client_gives_up_on_a_server_that_stops_acknowledging(pg_server):
    """The client's own sends (a push's rows) to a server that vanished are given up on as
    soon as its keepalives would give up on an idle connection; an address that sets its own
    keeps it."""
    with connect(pg_server) as conn:
        sock = socket.socket(fileno=conn.pgconn.socket)
        try:
            idle = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE)
            interval = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL)
            count = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT)
            given_up = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT)
        finally:
            sock.detach()
    assert given_up == (idle + interval * count) * 1000
    with connect(f"{pg_server}?tcp_user_timeout=5000") as conn:
        sock = socket.socket(fileno=conn.pgconn.socket)
        try:
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT) == 5000
        finally:
            sock.detach()


def test_init_gives_up_on_a_silent_client_no_later_than_the_stricter_keepalives_kept(
    team_db, owner_url
):
    """The administrator's keepalives give up on a silent client after 20 s and are kept as
    stricter; on Linux `tcp_user_timeout`, once set, decides when unanswered probes end the
    connection whatever their count, so the team's two minutes would have kept a vanished
    client's session (its locks, its connection slot) six times as long."""
    kept = {"tcp_keepalives_idle": 10, "tcp_keepalives_interval": 5, "tcp_keepalives_count": 2}
    with team_db.connect("postgres", autocommit=True) as su:
        for name, value in kept.items():
            su.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    sql.Identifier(team_db.name), sql.Identifier(name), sql.Literal(value)
                )
            )
    code, _, err = run("team", "init", owner_url)
    assert code == 0 and _notes(err, "may set") == [], err
    with team_db.connect("postgres") as conn:
        for name, value in kept.items():
            assert _setting(conn, name) == str(value)
        given_up = int(_setting(conn, "tcp_user_timeout"))
    assert 0 < given_up <= (10 + 5 * 2) * 1000


def test_the_client_gives_up_no_later_than_the_keepalives_its_address_sets(pg_server):
    """An address whose keepalives give up on a silent server after 7 s keeps that: on
    Linux `tcp_user_timeout` decides when unanswered probes end the connection, whatever
    their count, so the team's minute would have waited eight times as long."""
    address = f"{pg_server}?keepalives_idle=5&keepalives_interval=1&keepalives_count=2"
    with connect(address) as conn:
        sock = socket.socket(fileno=conn.pgconn.socket)
        try:
            given_up = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT)
        finally:
            sock.detach()
    assert 0 < given_up <= (5 + 1 * 2) * 1000
