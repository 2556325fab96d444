"""A span's or link's attributes, or a document's meta, that are no JSON object, written on
the server with SQL (its jsonb takes any JSON): a pull leaves those rows out, says so, and
applies the rest; the next pull is not held up by them, and the copy opens after it."""

from __future__ import annotations

import pytest

from annotator.core.store.project import Project
from annotator.core.store.team import Applied
from annotator.core.team import received, sync
from annotator.core.team.sync import PULL_CHUNK, TeamSync

from .test_received_names import _insert_span, _span_row, team_sync_warning
from .test_sync import _copy, past_the_cursor, team  # noqa: F401  (the fixture)


def _attrs(conn, uid: str, attrs: str) -> None:
    conn.execute(
        "UPDATE seed.spans SET attrs = %s::jsonb, version = version + 1 WHERE uid = %s",
        [attrs, uid],
    )


def _link(conn, doc: str, head: str, tail: str, attrs: str) -> str:
    return str(
        conn.execute(
            "INSERT INTO seed.relations(uid, document, annotator, head, tail, type, attrs, "
            "version) VALUES (gen_random_uuid(), %s, current_user, %s, %s, 'in', %s::jsonb, 1) "
            "RETURNING uid",
            [doc, head, tail, attrs],
        ).fetchone()[0]
    )


def _n0(project: Project) -> int:
    return next(d for d, e in project.documents.ext_ids() if e == "n0")


def test_rows_whose_attrs_are_no_object_are_left_out_and_the_rest_applies(team, tmp_path):  # noqa: F811
    ana = team.person("ana")
    lead_copy = _copy(team, tmp_path, "lee")
    with team.connect(ana, autocommit=True) as conn:  # her own credentials, any SQL
        d0 = conn.execute("SELECT uid FROM seed.documents WHERE ext_id = 'n0'").fetchone()[0]
        bad = _insert_span(conn, d0, "actor", 0, "خبر")
        _attrs(conn, bad, "[1]")
        head = _insert_span(conn, d0, "actor", 4, "0")
        tail = _insert_span(conn, d0, "topic", 7, "پوتین")
        _link(conn, d0, head, tail, "5")
        _link(conn, d0, tail, head, '{"note": "kept"}')
    result = TeamSync(lead_copy).sync()

    assert result.left_out.count == 2, result.left_out
    assert (
        result.left_out.first == f"seed.spans row {bad}: its attrs is not a JSON object (an array)"
    )
    doc = _n0(lead_copy)
    held = sorted((s.label, s.text) for s in lead_copy.spans.for_document(doc, ana))
    assert held == [("actor", "0"), ("topic", "پوتین")]
    links = lead_copy.spans.relations_for(doc, ana)
    assert [(r.type, r.attrs) for r in links] == [("in", {"note": "kept"})]

    # The cursor moved on: nothing holds the next pull up, and the row its writer corrects
    # comes with it.
    past_the_cursor(team, lead_copy)
    with team.connect(ana, autocommit=True) as conn:
        _attrs(conn, bad, '{"sure": true}')
    again = TeamSync(lead_copy).sync()
    assert again.left_out.count == 0, again.left_out
    spans = {s.text: s.attrs for s in lead_copy.spans.for_document(doc, ana)}
    assert spans["خبر"] == {"sure": True}
    lead_copy.close()
    with Project.open(tmp_path / "lee.seedproj", create=False) as reopened:  # rows check
        assert len(reopened.spans.for_document(doc, ana)) == 3


def test_a_big_pull_stores_no_such_row_and_the_copy_opens(team, tmp_path, monkeypatch):  # noqa: F811
    """Past MAX_LISTED_SPANS a pull lists no span, and stored '[1]' as it came: the copy was
    refused at its next open, holding rows its readers cannot use."""
    monkeypatch.setattr(sync, "MAX_LISTED_SPANS", 1)
    ana = team.person("ana")
    lead_copy = _copy(team, tmp_path, "lee")
    with team.connect(ana, autocommit=True) as conn:
        d0 = conn.execute("SELECT uid FROM seed.documents WHERE ext_id = 'n0'").fetchone()[0]
        for attrs, start, text in (("5", 0, "خبر"), ("null", 4, "0"), ('"x"', 7, "پوتین")):
            _attrs(conn, _insert_span(conn, d0, "actor", start, text), attrs)
        _insert_span(conn, d0, "topic", 0, "خبر")
    result = TeamSync(lead_copy).sync()
    assert result.left_out.count == 3, result.left_out
    assert result.left_out.first.endswith("its attrs is not a JSON object (a number)")
    lead_copy.close()
    with Project.open(tmp_path / "lee.seedproj", create=False) as reopened:
        doc = _n0(reopened)
        assert [(s.label, s.attrs) for s in reopened.spans.for_document(doc, ana)] == [
            ("topic", {})
        ]


def test_a_document_whose_meta_is_no_object_is_left_out(team, tmp_path):  # noqa: F811
    """Its spans wait with it, and all come once its meta is corrected."""
    lee, bob = team.person("lee"), team.person("bob")
    with team.connect(bob, autocommit=True) as conn:
        d4 = conn.execute("SELECT uid FROM seed.documents WHERE ext_id = 'n4'").fetchone()[0]
        _insert_span(conn, d4, "actor", 0, "خبر")
    with team.connect("postgres", autocommit=True) as conn:
        conn.execute("UPDATE seed.documents SET meta = '[1, 2]' WHERE ext_id = 'n4'")
    project = _copy(team, tmp_path, "lee")  # a lead's first join: a full pull
    assert sorted(e for _d, e in project.documents.ext_ids()) == ["n0", "n1", "n2", "n3", "n5"]
    with team.connect(lee, autocommit=True) as conn:
        conn.execute("UPDATE seed.documents SET meta = '{\"k\": 1}' WHERE ext_id = 'n4'")
    assert TeamSync(project).sync().left_out.count == 0
    n4 = next(d for d, e in project.documents.ext_ids() if e == "n4")
    assert [s.text for s in project.spans.for_document(n4, bob)] == ["خبر"]
    project.close()
    Project.open(tmp_path / "lee.seedproj", create=False).close()


def test_team_sync_on_the_command_line_says_which_row_it_left_out(team, tmp_path):  # noqa: F811
    ana = team.person("ana")
    path = tmp_path / "lee.seedproj"
    _copy(team, tmp_path, "lee").close()
    with team.connect(ana, autocommit=True) as conn:
        d0 = conn.execute("SELECT uid FROM seed.documents WHERE ext_id = 'n0'").fetchone()[0]
        bad = _insert_span(conn, d0, "actor", 0, "خبر")
        _attrs(conn, bad, "[1]")
    done = team_sync_warning(path)
    assert f"seed.spans row {bad}: its attrs is not a JSON object (an array)" in done.stderr
    Project.open(path, create=False).close()


def test_a_clean_chunk_is_passed_whole_and_only_its_unusable_rows_are_left_out() -> None:
    rows = [_span_row(i, "ana", "actor") for i in range(PULL_CHUNK)]
    assert received.objects_only("spans", rows, Applied()) is rows
    rows[3] = (*_span_row(3, "ana", "actor")[:7], "[1]", 1, True)  # a removal: applied
    rows[9] = (*_span_row(9, "ana", "actor")[:7], '{"a": 1}', 1, False)
    rows[11] = (*_span_row(11, "ana", "actor")[:7], "1" + "0" * 5000, 1, False)
    rows[13] = (*_span_row(13, "ana", "actor")[:7], '{"a": 1' + "0" * 5000 + "}", 1, False)
    applied = Applied()
    kept = received.objects_only("spans", rows, applied)
    assert [row[0] for row in rows if row not in kept] == ["u11", "u13"]
    assert applied.left_out == 2 and applied.first_left_out.endswith("(a number)")
    assert received.objects_only("spans", [rows[13]], Applied()) == []  # past a double


@pytest.mark.parametrize(
    ("raw", "what"),
    [
        ("1" + "0" * 400, "a number"),  # '1e400' as jsonb gives it back
        ("[" + "1" + "0" * 400 + "]", "an array"),
        ('{"a": ' + "9" * 400 + "}", "an object holding a number"),
        ('{"n": 18446744073709551616}', "an object holding a number"),  # 2**64, 26 characters
        ('{"n": -9223372036854775809}', "an object holding a number"),
        ('{"a": 1' + "0" * 400 + ".5}", "an object holding a number"),  # inf, written null
        ('{"a":' + "[" * 1500 + "]" * 1500 + "}", "nested too deep"),
        ('{"a":' + "[" * 3000 + "]" * 3000 + "}", "nested too deep"),
    ],
)
def test_numbers_past_a_double_and_deep_nesting_are_left_out_not_raised(raw, what) -> None:
    """jsonb keeps any number ('1e400' comes back as 401 digits, 2**64 as 20) and any
    depth: orjson, which writes the copy's exports and pushes, refuses such numbers as json
    reads them, and json's reader stops at about 1,000 levels. Read, described or stored,
    they ended every pull in a TypeError or a RecursionError, or a span's every push."""
    link = sync.RelationRow("r1", "d1", "ana", "h", "t", "in", sync._attrs(raw), 1, False)
    applied = Applied()
    assert received.objects_only("relations", [link], applied) == []
    assert applied.left_out == 1 and what in applied.first_left_out
    span = (*_span_row(1, "ana", "actor")[:7], raw, 1, False)
    applied = Applied()
    assert received.objects_only("spans", [span], applied) == []
    assert applied.left_out == 1 and what in applied.first_left_out


def test_a_span_holding_an_integer_past_64_bits_is_left_out_and_pushes_go_on(team, tmp_path):  # noqa: F811
    """json reads 2**64 as an integer, which orjson refuses to write: stored, the span took
    the lead's every push down with it once gold was made of it."""
    ana = team.person("ana")
    lead_copy = _copy(team, tmp_path, "lee")
    with team.connect(ana, autocommit=True) as conn:
        d0 = conn.execute("SELECT uid FROM seed.documents WHERE ext_id = 'n0'").fetchone()[0]
        bad = _insert_span(conn, d0, "actor", 0, "خبر")
        _attrs(conn, bad, '{"n": 18446744073709551616}')
    result = TeamSync(lead_copy).sync()
    assert result.left_out.count == 1, result.left_out
    assert result.left_out.first.startswith(f"seed.spans row {bad}: its attrs is not")
    assert lead_copy.spans.for_document(_n0(lead_copy), ana) == []
    lead_copy.close()
