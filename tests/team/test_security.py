"""The database, not the program, keeps each analyst to their own layer: raw SQL on an
analyst's own connection (what they could type in psql) is refused or sees nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from annotator.core.team import people, schema
from annotator.core.team.connection import connect

psycopg = pytest.importorskip("psycopg")

D1, D2, D3 = (uuid.UUID(int=i) for i in (1, 2, 3))


def _doc(conn: Any, uid: uuid.UUID, name: str) -> None:
    conn.execute(
        "INSERT INTO seed.documents(uid, ext_id, lang, text, normalizer, text_sha256, "
        "original_sha256, length) VALUES (%s, %s, 'fa', 'متن خبر', 'none', 'x', 'x', 7)",
        [uid, name],
    )


def _span(conn: Any, doc: uuid.UUID, annotator: str) -> uuid.UUID:
    uid = uuid.uuid4()
    conn.execute(
        "INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
        "version) VALUES (%s, %s, %s, 'actor', 0, 3, 'متن', 1)",
        [uid, doc, annotator],
    )
    return uid


def _make_team(team_db):
    """A lead, analysts A and B; d1 assigned to A, d2 to B, d3 to nobody; each analyst has a
    span on their document, and gold has one on each."""
    with connect(team_db.admin_url, autocommit=True) as admin:
        schema.initialise(admin, team_db.name)
        lead, a, b = (team_db.person(n) for n in ("lead", "ana", "bob"))
        people.add_person(admin, lead, "lead", None)
        people.add_person(admin, a, "analyst", None)
        people.add_person(admin, b, "analyst", None)
    with team_db.connect(lead, autocommit=True) as conn:
        for uid, name in ((D1, "d1"), (D2, "d2"), (D3, "d3")):
            _doc(conn, uid, name)
        conn.execute(
            "INSERT INTO seed.assignments(document, annotator) VALUES (%s, %s), (%s, %s)",
            [D1, a, D2, b],
        )
        gold1, gold2 = _span(conn, D1, "gold"), _span(conn, D2, "gold")
    with team_db.connect(b, autocommit=True) as conn:
        b_span = _span(conn, D2, b)
    with team_db.connect(a, autocommit=True) as conn:
        a_span = _span(conn, D1, a)
    roles = schema.Roles(_tag(team_db))
    return {
        "db": team_db, "lead": lead, "a": a, "b": b, "roles": roles,
        "a_span": a_span, "b_span": b_span, "gold1": gold1, "gold2": gold2,
    }  # fmt: skip


@pytest.fixture(scope="module")
def team(module_team_db):
    return _make_team(module_team_db)


@pytest.fixture
def fresh_team(team_db):
    """For the tests whose writes succeed."""
    return _make_team(team_db)


def _tag(team_db: Any) -> str:
    with team_db.connect("postgres") as conn:
        return conn.execute("SELECT value FROM seed.team WHERE key = 'tag'").fetchone()[0]


def _as(team: dict, who: str) -> Any:
    return team["db"].connect(team[who], autocommit=True)


def _admin_span(team: dict, uid: uuid.UUID) -> tuple:
    with team["db"].connect("postgres") as conn:
        return conn.execute(
            "SELECT annotator, label, deleted FROM seed.spans WHERE uid = %s", [uid]
        ).fetchone()


def test_an_analyst_reads_only_assigned_documents_and_their_gold(team):
    with _as(team, "a") as conn:
        docs = [r[0] for r in conn.execute("SELECT ext_id FROM seed.documents ORDER BY ext_id")]
        spans = {r[0] for r in conn.execute("SELECT uid FROM seed.spans")}
        assigned = conn.execute("SELECT document, annotator FROM seed.assignments").fetchall()
        people_seen = [r[0] for r in conn.execute("SELECT name FROM seed.people")]
    assert docs == ["d1"]
    assert spans == {team["a_span"], team["gold1"]}  # not B's, not gold on B's document
    assert assigned == [(D1, team["a"])]
    assert people_seen == [team["a"]]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE seed.spans SET label = 'claim' WHERE uid = %(b_span)s",
        "UPDATE seed.spans SET label = 'claim' WHERE uid = %(gold1)s",
        "UPDATE seed.spans SET deleted = true WHERE annotator <> current_user",
    ],
)
def test_changes_to_other_layers_touch_no_row(team, statement):
    before = {k: _admin_span(team, team[k]) for k in ("b_span", "gold1", "gold2")}
    with _as(team, "a") as conn:
        cursor = conn.execute(statement, {k: team[k] for k in ("b_span", "gold1")})
        assert cursor.rowcount == 0
    assert {k: _admin_span(team, team[k]) for k in before} == before


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        # Another analyst's layer, gold, or a document not assigned to A.
        ("INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
         "version) VALUES (gen_random_uuid(), %(d1)s, %(b)s, 'actor', 0, 1, 'x', 1)", "row-level"),
        ("INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
         "version) VALUES (gen_random_uuid(), %(d1)s, 'gold', 'actor', 0, 1, 'x', 1)", "row-level"),
        ("INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
         "version) VALUES (gen_random_uuid(), %(d3)s, %(a)s, 'actor', 0, 1, 'x', 1)", "row-level"),
        ("INSERT INTO seed.statuses(uid, document, annotator, status, version) "
         "VALUES (gen_random_uuid(), %(d1)s, 'gold', 'reviewed', 1)", "row-level"),
        # An upsert onto B's row by its id.
        ("INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
         "version) VALUES (%(b_span)s, %(d1)s, %(a)s, 'actor', 0, 1, 'x', 9) "
         "ON CONFLICT (uid) DO UPDATE SET label = 'claim'", "row-level"),
        # Moving one's own row to another layer or to an unassigned document.
        ("UPDATE seed.spans SET annotator = %(b)s WHERE uid = %(a_span)s", "row-level"),
        ("UPDATE seed.spans SET annotator = 'gold' WHERE uid = %(a_span)s", "row-level"),
        ("UPDATE seed.spans SET document = %(d3)s WHERE uid = %(a_span)s", "row-level"),
        # Assignments, documents, people, roles: not theirs to change.
        ("INSERT INTO seed.assignments(document, annotator) VALUES (%(d3)s, %(a)s)", "permission"),
        ("UPDATE seed.assignments SET document = %(d3)s", "permission"),
        ("DELETE FROM seed.assignments", "permission"),
        ("UPDATE seed.documents SET text = 'x'", "permission"),
        ("DELETE FROM seed.documents", "permission"),
        ("UPDATE seed.people SET role = 'lead' WHERE name = current_user", "permission"),
        ("TRUNCATE seed.spans", "permission"),
        # A removal is a tombstone, which pulls bring to every copy; a row deleted outright,
        # even one's own, would stay in the lead's copy for ever.
        ("DELETE FROM seed.spans WHERE uid = %(a_span)s", "permission"),
        ("DELETE FROM seed.spans WHERE uid = %(b_span)s", "permission"),
        ("DELETE FROM seed.relations WHERE annotator = current_user", "permission"),
        ("DELETE FROM seed.statuses WHERE annotator = current_user", "permission"),
        ("DELETE FROM seed.decisions WHERE annotator = current_user", "permission"),
        ("TRUNCATE seed.decisions", "permission"),
        ("ALTER TABLE seed.spans DISABLE ROW LEVEL SECURITY", "owner"),
        ("GRANT %(lead_group)s TO %(a)s", "permission"),
        ("SET ROLE %(lead_group)s", "permission"),
        ("SET ROLE %(owner_group)s", "permission"),
        ("ALTER ROLE %(a)s BYPASSRLS", "permission"),
        ("ALTER ROLE %(a)s CREATEROLE", "permission"),
    ],
)  # fmt: skip
def test_an_analyst_cannot_write_what_is_not_theirs(team, statement, error):
    roles = team["roles"]
    params = {"d1": D1, "d3": D3, "a": team["a"], "b": team["b"], "a_span": team["a_span"],
              "b_span": team["b_span"]}  # fmt: skip
    idents = {"lead_group": roles.lead, "owner_group": roles.owner, "a": team["a"]}
    if "%(lead_group)s" in statement or "%(owner_group)s" in statement or "ROLE %(a)s" in statement:
        statement = psycopg.sql.SQL(statement.replace("%(", "{").replace(")s", "}")).format(
            **{k: psycopg.sql.Identifier(v) for k, v in idents.items()}
        )
        params = {}
    with _as(team, "a") as conn, pytest.raises(psycopg.Error) as raised:
        conn.execute(statement, params)
    # 42501, insufficient privilege: a refusal, not some other failure that happens to fail.
    assert raised.value.sqlstate == "42501", raised.value
    assert error != "row-level" or "row-level security" in str(raised.value)
    assert _admin_span(team, team["a_span"])[0] == team["a"]
    with team["db"].connect("postgres") as conn:
        assert conn.execute("SELECT count(*) FROM seed.assignments").fetchone()[0] == 2
        assert conn.execute(
            "SELECT role FROM seed.people WHERE name = %s", [team["a"]]
        ).fetchone() == ("analyst",)


def test_an_analyst_writes_their_own_layer(fresh_team):
    team = fresh_team
    with _as(team, "a") as conn:
        moved = conn.execute(
            "UPDATE seed.spans SET label = 'claim', version = 2 WHERE uid = %s", [team["a_span"]]
        )
        assert moved.rowcount == 1
        conn.execute(
            "INSERT INTO seed.statuses(uid, document, annotator, status, version) "
            "VALUES (gen_random_uuid(), %s, current_user, 'done', 1)",
            [D1],
        )
        conn.execute("UPDATE seed.people SET last_seen = now() WHERE name = current_user")
    assert _admin_span(team, team["a_span"]) == (team["a"], "claim", False)


def test_a_lead_reads_everything_and_writes_gold_but_no_analyst_layer(fresh_team):
    team = fresh_team
    with _as(team, "lead") as conn:
        assert conn.execute("SELECT count(*) FROM seed.documents").fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM seed.spans").fetchone()[0] == 4
        assert (
            conn.execute(
                "UPDATE seed.spans SET label = 'claim' WHERE uid = %s", [team["gold1"]]
            ).rowcount
            == 1
        )
        assert (
            conn.execute(
                "UPDATE seed.spans SET label = 'claim' WHERE uid = %s", [team["a_span"]]
            ).rowcount
            == 0
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _span(conn, D1, team["a"])
    for table in ("spans", "relations", "statuses", "decisions"):  # gold goes by tombstone
        with _as(team, "lead") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"DELETE FROM seed.{table} WHERE annotator = 'gold'")
    assert _admin_span(team, team["gold1"])[0] == "gold"
    with _as(team, "lead") as conn:
        conn.execute(
            "INSERT INTO seed.assignments(document, annotator) VALUES (%s, %s)", [D3, team["a"]]
        )
    with _as(team, "a") as conn:  # the new assignment opens the document to A at once
        docs = [r[0] for r in conn.execute("SELECT ext_id FROM seed.documents ORDER BY ext_id")]
    assert docs == ["d1", "d3"]


def test_tables_belong_to_a_role_nobody_logs_in_as_and_force_row_security(team):
    roles = team["roles"]
    with team["db"].connect("postgres") as conn:
        tables = conn.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, "
            "c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'seed' AND c.relkind = 'r'"
        ).fetchall()
        login = conn.execute(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", [roles.owner]
        ).fetchone()[0]
        member = conn.execute(
            "SELECT pg_has_role(%s, %s, 'MEMBER')", [team["a"], roles.owner]
        ).fetchone()[0]
        functions = conn.execute(
            "SELECT p.proname, p.prosecdef, p.proconfig FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'seed'"
        ).fetchall()
    assert len(tables) >= 9
    for name, owner, rls, forced in tables:
        assert owner == roles.owner, name
        assert (rls, forced) == (True, True) or name == "schema_migrations", name
    assert login is False and member is False
    assert functions, "the stamp trigger function"
    for name, definer, config in functions:
        if definer:  # a SECURITY DEFINER function must not trust the caller's search_path
            assert any(c.startswith("search_path=") for c in config or []), name


def test_an_analyst_cannot_forge_the_change_stamp(fresh_team):
    team = fresh_team
    """Pulls find changes by the writing transaction: a client-chosen stamp would hide one."""
    with _as(team, "a") as conn:
        conn.execute(
            "UPDATE seed.spans SET xid = '1', version = 3 WHERE uid = %s", [team["a_span"]]
        )
        real = conn.execute(
            "SELECT xid::text::bigint FROM seed.spans WHERE uid = %s", [team["a_span"]]
        ).fetchone()[0]
    assert real > 1


_BIG = "x" * (schema.MAX_ATTRS + 1)


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        # a label name of a megabyte
        ("INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
         "version) VALUES (gen_random_uuid(), %s, current_user, %s, 0, 3, 'متن', 1)",
         ["D1", "l" * 1_000_000]),
        # a span's text of a megabyte over three characters of offsets
        ("INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
         "version) VALUES (gen_random_uuid(), %s, current_user, 'actor', 0, 3, %s, 1)",
         ["D1", "t" * 1_000_000]),
        # ... or over as many offsets
        ("INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
         "version) VALUES (gen_random_uuid(), %s, current_user, 'actor', 0, 1000000, %s, 1)",
         ["D1", "t" * 1_000_000]),
        # attributes past the bound
        ("INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
         "attrs, version) VALUES (gen_random_uuid(), %s, current_user, 'actor', 0, 3, 'متن', "
         "jsonb_build_object('note', %s::text), 1)",
         ["D1", _BIG]),
        ("INSERT INTO seed.relations(uid, document, annotator, head, tail, type, attrs, "
         "version) VALUES (gen_random_uuid(), %s, current_user, gen_random_uuid(), "
         "gen_random_uuid(), 'said_by', jsonb_build_object('note', %s::text), 1)",
         ["D1", _BIG]),
        ("INSERT INTO seed.relations(uid, document, annotator, head, tail, type, version) "
         "VALUES (gen_random_uuid(), %s, current_user, gen_random_uuid(), gen_random_uuid(), "
         "%s, 1)",
         ["D1", "r" * 1_000_000]),
        ("INSERT INTO seed.decisions(uid, document, annotator, char_start, char_end, label, "
         "source, decision, decided_at, version) VALUES (gen_random_uuid(), %s, current_user, "
         "0, 3, 'actor', %s, 'accepted', 'now', 1)",
         ["D1", "s" * 1_000_000]),
    ],
)  # fmt: skip
def test_an_analyst_cannot_fill_the_server_with_one_huge_row(team, sql, params):
    """Sizes are bounded by the database: a person with psql and their own password could
    otherwise store a gigabyte in one label, span text or attribute."""
    params = [D1 if p == "D1" else p for p in params]
    with team["db"].connect(team["a"], autocommit=True) as conn:
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(sql, params)
        # the same row within the bounds is stored (then taken back: the module shares it)
        with conn.transaction(force_rollback=True):
            small = [p if not isinstance(p, str) else p[:2] for p in params]
            conn.execute(sql.replace("0, 1000000", "0, 2").replace(", 3, %s", ", 2, %s"), small)


@pytest.mark.parametrize(
    "statement",
    [
        # Moving a held gold row out of gold (into the lead's own layer) removes it from
        # the holder's gold as surely as deleting it.
        "UPDATE seed.spans SET annotator = current_user WHERE uid = %(gold1)s",
        # Moving it to another document removes it from the held one.
        "UPDATE seed.spans SET document = %(d3)s WHERE uid = %(gold1)s",
        "UPDATE seed.rejections SET document = %(d3)s WHERE document = %(d1)s",
    ],
)
def test_a_second_lead_cannot_move_gold_off_a_document_another_lead_holds(fresh_team, statement):
    """The first lead's gold on d1 claims it; the second lead's raw SQL may not take a
    gold row away from d1, by changing its layer or its document."""
    team = fresh_team
    with _as(team, "lead") as conn:
        conn.execute(
            "INSERT INTO seed.rejections(uid, document, char_start, char_end, label, "
            "decided_by, decided_at, version) VALUES (%s, %s, 0, 3, 'actor', 'x', 'now', 1)",
            [uuid.uuid4(), D1],
        )
    liz = team["db"].person("liz")
    with connect(team["db"].admin_url, autocommit=True) as admin:
        people.add_person(admin, liz, "lead", None)
    before = _admin_span(team, team["gold1"])
    with (
        team["db"].connect(liz, autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="held by"),
    ):
        conn.execute(statement, {"gold1": team["gold1"], "d1": D1, "d3": D3})
    assert _admin_span(team, team["gold1"]) == before
    with team["db"].connect("postgres") as conn:
        assert conn.execute(
            "SELECT count(*) FROM seed.rejections WHERE document = %s", [D1]
        ).fetchone() == (1,)


def test_a_lead_made_an_analyst_holds_no_document_any_more(fresh_team):
    """The first lead's gold claims d1 and d2; made an analyst, they could no longer
    release them (an analyst has no say over claims), and no other lead could adjudicate
    those documents ever again."""
    team = fresh_team
    liz = team["db"].person("liz")
    with connect(team["db"].admin_url, autocommit=True) as admin:
        people.add_person(admin, liz, "lead", None)
        people.add_person(admin, team["lead"], "analyst", None)
    with team["db"].connect(liz, autocommit=True) as conn:
        conn.execute(
            "UPDATE seed.spans SET label = 'date', version = 2 WHERE uid = %s", [team["gold1"]]
        )
    assert _admin_span(team, team["gold1"]) == ("gold", "date", False)


def test_an_analyst_cannot_fill_a_document_with_rows_by_the_million(fresh_team):
    """Each row is bounded (above), and so is how many rows one layer holds on one document:
    otherwise psql and a loop fill the server, and every lead's pull carries it all. Rows
    there before the bound came in count, and a row moved to another document counts there."""
    team = fresh_team
    insert = (
        "INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
        "version) SELECT gen_random_uuid(), %s, current_user, 'actor', 0, 3, 'متن', 1 "
        "FROM generate_series(1, %s)"
    )
    with team["db"].connect(team["lead"], autocommit=True) as conn:
        conn.execute("INSERT INTO seed.assignments(document, annotator) VALUES (%s, %s)",
                     [D3, team["a"]])  # fmt: skip
    with team["db"].connect(team["a"], autocommit=True) as conn:
        # d1 holds the fixture's span of ana's already: one short of the bound fits
        conn.execute(insert, [D1, schema.MAX_LAYER_ROWS - 1])
        with pytest.raises(psycopg.errors.ProgramLimitExceeded, match="document d1"):
            conn.execute(insert, [D1, 1])
        conn.execute(insert, [D3, 5])
        with pytest.raises(psycopg.errors.ProgramLimitExceeded, match="document d1"):
            conn.execute(
                "UPDATE seed.spans SET document = %s WHERE uid IN (SELECT uid FROM seed.spans "
                "WHERE document = %s AND annotator = current_user LIMIT 1)",
                [D1, D3],
            )
        # another layer table, and another analyst's layer on a document of theirs, are not
        # touched by ana's count
    with team["db"].connect(team["b"], autocommit=True) as conn:
        conn.execute(insert, [D2, 10])
    with team["db"].connect("postgres") as conn:
        held = conn.execute(
            "SELECT count(*) FROM seed.spans WHERE document = %s AND annotator = %s",
            [D1, team["a"]],
        ).fetchone()
    assert held == (schema.MAX_LAYER_ROWS,)


def test_rows_from_before_the_bound_count_against_it(team_db, monkeypatch):
    """A server upgraded to the bound counts the rows its layers hold already."""
    names = [name for name, _ in schema.MIGRATIONS]
    bound = names.index("m008_layer_quotas")  # the server as it was before the bound
    with connect(team_db.admin_url, autocommit=True) as admin:
        with monkeypatch.context() as patch:
            patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:bound])
            patch.setattr(schema, "SCHEMA_VERSION", bound)
            schema.initialise(admin, team_db.name)
        ana = team_db.person("ana")
        people.add_person(admin, team_db.person("lead"), "lead", None)
        people.add_person(admin, ana, "analyst", None)
    with team_db.connect(team_db.person("lead"), autocommit=True) as conn:
        _doc(conn, D1, "d1")
        conn.execute("INSERT INTO seed.assignments(document, annotator) VALUES (%s, %s)", [D1, ana])
    insert = (
        "INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
        "version) SELECT gen_random_uuid(), %s, current_user, 'actor', 0, 3, 'متن', 1 "
        "FROM generate_series(1, %s)"
    )
    with team_db.connect(ana, autocommit=True) as conn:
        conn.execute(insert, [D1, schema.MAX_LAYER_ROWS - 2])
    with connect(team_db.admin_url, autocommit=True) as admin:
        assert schema.initialise(admin, team_db.name).applied == tuple(names[bound:])
    with team_db.connect(ana, autocommit=True) as conn:
        conn.execute(insert, [D1, 2])
        with pytest.raises(psycopg.errors.ProgramLimitExceeded):
            conn.execute(insert, [D1, 1])


def test_one_person_cannot_take_every_connection_of_the_server(team):
    """A loop on connect with an analyst's password would leave the server no connection
    for anyone else; the analyst's own limit refuses the surplus."""
    opened = []
    try:
        for _ in range(people.CONNECTION_LIMIT):
            opened.append(team["db"].connect(team["a"]))
        with pytest.raises(psycopg.OperationalError, match="too many connections"):
            opened.append(team["db"].connect(team["a"]))
        # as the program says it: the server answered, it is not out of reach
        from annotator.core.team.connection import Unreachable, failures_explained

        url = team["db"].url_for(team["a"])
        with pytest.raises(Unreachable) as said, failures_explained(url):
            opened.append(connect(url))
        assert "no more connections for you" in str(said.value)
        assert "cannot reach" not in str(said.value)
        with team["db"].connect(team["b"]) as other:  # everyone else still gets in
            assert other.execute("SELECT 1").fetchone() == (1,)
    finally:
        for conn in opened:
            conn.close()


def test_the_bound_on_rows_is_said_as_a_refusal_not_as_an_unreachable_server(fresh_team):
    """PostgreSQL files the bound's error (program_limit_exceeded) under OperationalError,
    like a cut connection: the window said "cannot reach the server" and went on retrying,
    as if offline, a push the server will refuse every time."""
    from annotator.core.team.connection import TeamError, Unreachable, server_failure

    team = fresh_team
    insert = (
        "INSERT INTO seed.spans(uid, document, annotator, label, char_start, char_end, text, "
        "version) SELECT gen_random_uuid(), %s, current_user, 'actor', 0, 3, 'متن', 1 "
        "FROM generate_series(1, %s)"
    )
    url = team["db"].url_for(team["a"])
    with (
        team["db"].connect(team["a"], autocommit=True) as conn,
        pytest.raises(psycopg.errors.ProgramLimitExceeded) as refused,
    ):
        conn.execute(insert, [D1, schema.MAX_LAYER_ROWS])
    error = server_failure(url, refused.value)
    assert isinstance(error, TeamError) and not isinstance(error, Unreachable)
    assert "refused" in str(error) and f"at most {schema.MAX_LAYER_ROWS}" in str(error)


# What a person could call to make a large object, or to grow one: large objects live in the
# server's own catalog, outside every table of the team and every bound on its rows.
LARGE_OBJECT_WRITES = [
    "SELECT lo_create(0)",
    "SELECT lo_creat(-1)",
    "SELECT lo_from_bytea(0, '\\x00'::bytea)",
]


@pytest.mark.parametrize("who", ["a", "lead"])
@pytest.mark.parametrize("statement", LARGE_OBJECT_WRITES)
def test_nobody_in_the_team_can_fill_the_disk_with_large_objects(team, who, statement):
    """Large objects cost no row of any table: without this, an analyst with psql could
    write gigabytes with lo_from_bytea in a loop, whatever m004 and m008 bound. `init` run
    by a superuser takes them from everyone in the team database."""
    with _as(team, who) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement.encode())
    with team["db"].connect("postgres") as su:
        assert su.execute("SELECT count(*) FROM pg_largeobject_metadata").fetchone() == (0,)


def test_a_large_object_made_before_the_upgrade_grows_no_more(team_db, monkeypatch):
    """One made while anyone could is kept (it is the administrator's to look at), but
    nothing more is written into it."""
    names = [name for name, _ in schema.MIGRATIONS]
    with connect(team_db.admin_url, autocommit=True) as admin:
        with monkeypatch.context() as patch:
            bound = names.index("m011_connection_limits") + 1  # the last before large objects
            patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:bound])
            patch.setattr(schema, "SCHEMA_VERSION", bound)
            schema.initialise(admin, team_db.name)
        ana = team_db.person("ana")
        people.add_person(admin, ana, "analyst", None)
    with team_db.connect(ana, autocommit=True) as conn:
        row = conn.execute("SELECT lo_from_bytea(0, '\\x00'::bytea)").fetchone()
        assert row is not None
        made = row[0]
    with connect(team_db.admin_url, autocommit=True) as admin:
        report = schema.initialise(admin, team_db.name)
    assert report.notes == () and report.applied == tuple(names[bound:])
    with team_db.connect(ana) as conn:
        for statement in (
            "SELECT lo_put(%s, 0, '\\x01'::bytea)",
            "SELECT lowrite(lo_open(%s, 131072), '\\x01'::bytea)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement.encode(), [made])
            conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(LARGE_OBJECT_WRITES[0].encode())
