"""Documents on a team server that no import would have stored: past the bound on a
document's length (records.MAX_DOCUMENT_CHARS), with an offset map that is none or does not
fit their texts, or with a digest that is not their original's, written with SQL by a lead
(or there from before the server bounded their length). A pull leaves them out and says so,
as it does rows whose names command a terminal, and applies the rest; their spans wait with
them, and all come with the next pull once the document is corrected."""

from __future__ import annotations

import dataclasses
import hashlib
import json

import psycopg
import pytest

from annotator.core.formats import records
from annotator.core.model import DEFAULT_LABELS, NewDocument
from annotator.core.services.annotations import AnnotationService
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project
from annotator.core.team import lead, people, schema, sync
from annotator.core.team.connection import connect
from annotator.core.team.received import document_problem
from annotator.core.team.sync import TeamSync, join
from annotator.core.text.align import OffsetMap

from .test_received_names import _insert_span, team_sync_warning
from .test_sync import _copy, _doc, past_the_cursor, team  # noqa: F401  (the fixture)

ARTICLE = "خبر کوتاه درباره سوریه."


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _insert_document(
    conn, ext_id: str, text: str, original: str | None = None, offset_map: str | None = None,
    digest: str | None = None,
) -> str:  # fmt: skip
    """A document row written with SQL, as a lead (or an administrator) may."""
    given = text if original is None else original
    return str(
        conn.execute(
            "INSERT INTO seed.documents(uid, ext_id, title, lang, text, original, offset_map, "
            "normalizer, text_sha256, original_sha256, length) VALUES (gen_random_uuid(), "
            "%s, '', 'fa', %s, %s, %s, 'none', %s, %s, %s) RETURNING uid",
            [ext_id, text, original, offset_map, _sha(text), digest or _sha(given), len(text)],
        ).fetchone()[0]
    )


def _ext_ids(project: Project) -> list[str]:
    return sorted(e for _d, e in project.documents.ext_ids())


def test_documents_no_import_would_store_are_left_out_and_the_rest_applies(team, tmp_path):  # noqa: F811
    lee, ana = team.person("lee"), team.person("ana")
    lead_copy = _copy(team, tmp_path, "lee")
    with team.connect(lee, autocommit=True) as conn:  # the lead's own credentials, any SQL
        # a block past the end of the original (ten characters): exports in original
        # offsets put spans outside it
        past = _insert_document(conn, "x1", ARTICLE, ARTICLE[:10], "[8,12,8,23]")
        _insert_document(conn, "x2", ARTICLE, offset_map="not json")
        _insert_document(conn, "x3", ARTICLE, digest="0" * 64)
        _insert_document(conn, "x4", ARTICLE + " ۲")  # sound
        conn.execute(
            "INSERT INTO seed.assignments(document, annotator) SELECT uid, %s "
            "FROM seed.documents WHERE ext_id IN ('x1', 'x4')",
            [ana],
        )
    with team.connect(ana, autocommit=True) as conn:
        _insert_span(conn, past, "actor", 0, "خبر")
    result = TeamSync(lead_copy).sync()

    assert result.left_out.count == 3, result.left_out
    assert result.left_out.first == (
        f"seed.documents row {past}: its offset_map does not fit its original and text "
        f"(10 and {len(ARTICLE)} characters)"
    )
    assert "or a document no import would store (too long, or its offset map" in str(
        result.left_out
    )
    assert _ext_ids(lead_copy) == ["n0", "n1", "n2", "n3", "n4", "n5", "x4"]

    # Nothing holds the next pull up; the documents their lead corrects come with it, and
    # the span on one with it.
    with team.connect(lee, autocommit=True) as conn:
        conn.execute(
            "UPDATE seed.documents SET original = NULL, offset_map = NULL, "
            "original_sha256 = text_sha256 WHERE ext_id IN ('x1', 'x2', 'x3')"
        )
    again = TeamSync(lead_copy).sync()
    assert again.left_out.count == 0, again.left_out
    assert _ext_ids(lead_copy)[-4:] == ["x1", "x2", "x3", "x4"]
    x1 = next(d for d, e in lead_copy.documents.ext_ids() if e == "x1")
    assert [s.text for s in lead_copy.spans.for_document(x1, ana)] == ["خبر"]
    lead_copy.close()
    Project.open(tmp_path / "lee.seedproj", create=False).close()


_NO_MAP = "its offset_map is no offset map ("


@pytest.mark.parametrize(
    ("offset_map", "why"),
    [
        ("[1, 2, 3]", _NO_MAP + "an offset map is a flat list of integers, four per block)"),
        ("[0, 1, 0", _NO_MAP),  # no JSON
        ("null", _NO_MAP + "an offset map is a flat list"),
        ("[true, 1, 0, 1]", _NO_MAP + "an offset map is a flat list"),
        ("[0, 1, 0, 1.0]", _NO_MAP + "an offset map is a flat list"),
        ("[0, 1, 0, 18446744073709551616]", _NO_MAP + "an offset map is a flat list"),
        ("[0, 1, 0, 1" + "0" * 300 + "]", _NO_MAP),  # past a double
        ("[" * 200 + "]" * 200, _NO_MAP + "an offset map is a flat list"),  # nested
        # longer than any map of these texts: refused unread
        ("[" * 5000 + "]" * 5000, "its offset_map has 10,000 characters, more than a map"),
        ("[3, 1, 3, 2]", _NO_MAP + "offset blocks out of order, overlapping or empty at"),
        ("[0, 0, 0, 1]", "its offset_map does not fit its original and text"),  # one longer
    ],
)
def test_a_map_that_is_none_is_left_out_with_why(team, tmp_path, offset_map, why):  # noqa: F811
    """json, the map's own rules and then its fit, each refused by name, never raised."""
    lee = team.person("lee")
    with team.connect(lee, autocommit=True) as conn:
        uid = _insert_document(conn, "x1", ARTICLE, offset_map=offset_map)
    project = Project.open(tmp_path / "lee.seedproj")
    joined = join(project, team.url_for(lee))  # a lead's first join: a full pull
    assert joined.left_out.count == 1, joined.left_out
    assert joined.left_out.first.startswith(f"seed.documents row {uid}: {why}")
    assert len(joined.left_out.first) < 250, joined.left_out.first  # a hostile map quoted short
    assert "x1" not in _ext_ids(project)
    project.close()


def test_a_document_past_the_bound_from_before_the_server_refused_it(
    team_db, tmp_path, monkeypatch
):
    """A server from before m014 may hold one; the upgrade keeps it (the administrator's to
    look at), refuses any new one, and a pull leaves it out."""
    assert schema.MAX_DOCUMENT_CHARS == records.MAX_DOCUMENT_CHARS
    names = [name for name, _ in schema.MIGRATIONS]
    bound = names.index("m014_documents_bounded")  # the server as it was before the bound
    lee = team_db.person("lee")
    with connect(team_db.admin_url, autocommit=True) as admin:
        with monkeypatch.context() as patch:
            patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:bound])
            patch.setattr(schema, "SCHEMA_VERSION", bound)
            schema.initialise(admin, team_db.name)
        people.add_person(admin, lee, "lead", None)
    long_text = "x" * (records.MAX_DOCUMENT_CHARS + 1)
    with team_db.connect(lee, autocommit=True) as conn:
        lead.push_documents(conn, [_doc(0)], list(DEFAULT_LABELS))
        long_uid = _insert_document(conn, "long", long_text)
    with connect(team_db.admin_url, autocommit=True) as admin:
        assert schema.initialise(admin, team_db.name).applied == tuple(names[bound:])

    with team_db.connect(lee, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.CheckViolation):
            _insert_document(conn, "longer", "y" * (records.MAX_DOCUMENT_CHARS + 1))
        with pytest.raises(psycopg.errors.CheckViolation):
            _insert_document(conn, "long original", "z", original="z" * 5_000_001)
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("UPDATE seed.documents SET title = 'kept?' WHERE ext_id = 'long'")
        _insert_document(conn, "at the bound", "w" * records.MAX_DOCUMENT_CHARS)
        assert conn.execute(
            "SELECT count(*) FROM seed.documents WHERE ext_id = 'long'"
        ).fetchone() == (1,)

    project = Project.open(tmp_path / "lee.seedproj")
    joined = join(project, team_db.url_for(lee))
    assert joined.left_out.count == 1, joined.left_out
    assert joined.left_out.first == (
        f"seed.documents row {long_uid}: its text has 5,000,001 characters, more than the "
        "5,000,000 a document may have"
    )
    assert _ext_ids(project) == ["at the bound", "n0"]
    project.close()


def test_team_sync_on_the_command_line_names_the_document_it_left_out(team, tmp_path):  # noqa: F811
    lee = team.person("lee")
    path = tmp_path / "lee.seedproj"
    _copy(team, tmp_path, "lee").close()
    with team.connect(lee, autocommit=True) as conn:
        uid = _insert_document(conn, "x1", ARTICLE, offset_map="[0, 1, 0, 1")
    done = team_sync_warning(path)
    assert f"(first: seed.documents row {uid}: its offset_map is no offset map (" in done.stderr
    with Project.open(path, create=False) as project:
        assert "x1" not in _ext_ids(project)


def test_a_normalised_document_comes_whole_with_its_map(team, tmp_path):  # noqa: F811
    """What an import stores passes: a map of deletions, insertions and rewrites (a
    ligature, tatweels, CRLF line ends), and its original's digest as the import took it."""
    lee = team.person("lee")
    source = tmp_path / "news.jsonl"
    text = "\ufeffسلام\u0640\u0640 دنیا ، این یک متن است .\r\nﻻ ﷽ ۴۵۶ كتاب «نقل قول» ؟"
    source.write_text(json.dumps({"id": "m1", "text": text}) + "\n", encoding="utf-8")
    with Project.open(tmp_path / "source.seedproj") as made:
        Importer(made).run([source], ImportOptions(normalize=True))
        [doc] = list(made.documents.iter_all())
    assert doc.offset_map_json is not None and doc.original != doc.text
    with team.connect(lee, autocommit=True) as conn:
        lead.push_documents(conn, [doc], [])
    project = Project.open(tmp_path / "lee.seedproj")
    joined = join(project, team.url_for(lee))
    assert joined.left_out.count == 0, joined.left_out
    pulled = project.documents.get(next(d for d, e in project.documents.ext_ids() if e == "m1"))
    assert (pulled.text, pulled.original, pulled.offset_map_json) == (
        doc.text,
        doc.original,
        doc.offset_map_json,
    )
    project.close()


def _local(project: Project, ext_id: str) -> int:
    return next(d for d, e in project.documents.ext_ids() if e == ext_id)


def test_own_work_on_a_document_left_out_at_a_join_comes_with_it_once_corrected(team, tmp_path):  # noqa: F811
    """Only a join reads a person's own layers; a document it left out came later without
    them (the server still held them, and annotating again made them twice). Its own
    spans come with it, and are hers: a removal here goes to the server."""
    lee, ana = team.person("lee"), team.person("ana")
    with team.connect(lee, autocommit=True) as conn:
        uid = _insert_document(conn, "x1", ARTICLE, offset_map="[0, 1, 0")
        conn.execute(
            "INSERT INTO seed.assignments(document, annotator) SELECT uid, %s "
            "FROM seed.documents WHERE ext_id = 'x1'",
            [ana],
        )
    with team.connect(ana, autocommit=True) as conn:  # her work, from her old laptop
        span_uid = _insert_span(conn, uid, "actor", 0, "خبر")
    copy = _copy(team, tmp_path, "ana")  # she joins on a new machine: x1 left out
    assert "x1" not in _ext_ids(copy)
    past_the_cursor(team, copy)
    # read again at each pull, still left out, and counted once (a window adds them up)
    assert TeamSync(copy).sync().left_out.count == 0
    assert "x1" not in _ext_ids(copy) and copy.team.waiting_documents() == {uid}
    with team.connect(lee, autocommit=True) as conn:  # the lead corrects the document
        conn.execute("UPDATE seed.documents SET offset_map = NULL WHERE ext_id = 'x1'")

    again = TeamSync(copy).sync()
    assert again.left_out.count == 0, again.left_out
    [span] = copy.spans.for_document(_local(copy, "x1"), ana)
    assert span.text == "خبر"
    assert copy.team.waiting_documents() == set()
    assert _removed_reaches_the_server(team, copy, span.id, span_uid) == (True,)
    copy.close()


def test_a_document_left_out_comes_when_this_program_takes_it(team, tmp_path, monkeypatch):  # noqa: F811
    """A later version with a relaxed rule: the document comes with no write on the
    server, although the cursor moved past its row when it was left out."""
    lee = team.person("lee")
    with team.connect(lee, autocommit=True) as conn:
        _insert_document(conn, "x1", ARTICLE * 20)  # 460 characters, the others fewer
    monkeypatch.setattr(records, "MAX_DOCUMENT_CHARS", 400)  # the version of today
    copy = _copy(team, tmp_path, "lee")
    assert "x1" not in _ext_ids(copy)
    past_the_cursor(team, copy)
    # past the bound, it is not read again (a text of a gigabyte would cross the network
    # on every pull), and waits
    assert TeamSync(copy).sync().left_out.count == 0
    assert len(copy.team.waiting_documents()) == 1
    monkeypatch.setattr(records, "MAX_DOCUMENT_CHARS", 5_000_000)  # the next version
    assert TeamSync(copy).sync().left_out.count == 0
    assert "x1" in _ext_ids(copy)
    assert copy.team.waiting_documents() == set()
    copy.close()


def test_a_held_document_sent_again_is_not_counted_left_out(team, tmp_path):  # noqa: F811
    """A pull never changes a document the copy holds: its row rewritten (here with a map
    that is none) or its assignment changed, it is sent again, and its spans apply."""
    lee, ana = team.person("lee"), team.person("ana")
    copy = _copy(team, tmp_path, "lee")
    with team.connect(lee, autocommit=True) as conn:
        conn.execute("UPDATE seed.documents SET offset_map = '[0, 1, 0' WHERE ext_id = 'n0'")
        n0 = conn.execute("SELECT uid::text FROM seed.documents WHERE ext_id = 'n0'").fetchone()
    with team.connect(ana, autocommit=True) as conn:
        _insert_span(conn, n0[0], "actor", 0, "خبر")
    again = TeamSync(copy).sync()
    assert again.left_out.count == 0, again.left_out
    assert [s.text for s in copy.spans.for_document(_local(copy, "n0"), ana)] == ["خبر"]
    assert copy.team.waiting_documents() == set()
    copy.close()


def test_an_offset_map_longer_than_its_texts_allow_is_refused_unread(monkeypatch):
    """A map of 48 MiB on a short document took 2.9 s CPU and 500 MB to parse, every pull."""
    original = "ab" * 1000
    text = "a" * 1000
    sound = OffsetMap(tuple((2 * i + 1, 2 * i + 2, i + 1, i + 1) for i in range(1000)))
    spaced = json.dumps([n for block in sound.blocks for n in block])  # ", " between
    doc = NewDocument("d", "", "fa", original, text, spaced, "none", {}, "", _sha(original))
    assert document_problem(doc) is None

    def unread(_data):
        raise AssertionError("parsed")

    monkeypatch.setattr(OffsetMap, "from_json", unread)
    huge = "[" + ", ".join(["0"] * 2_000_000) + "]"
    assert document_problem(dataclasses.replace(doc, offset_map_json=huge)) == (
        "its offset_map has 6,000,000 characters, more than a map of its texts can have (48,002)"
    )
    # A text far shorter than its original leaves room for few blocks: a map of 48 MiB on
    # a document of five million characters cut to a few was parsed.
    short = NewDocument("d", "", "fa", original, "ab", None, "none", {}, "", _sha(original))
    assert document_problem(dataclasses.replace(short, offset_map_json="[" + " " * 200 + "]")) == (
        "its offset_map has 202 characters, more than a map of its texts can have (92)"
    )


def test_the_densest_sound_map_is_not_refused_for_its_length():
    """The bound on a map's length is no tighter than the rules of a map: a deletion, a
    rewritten character, an insertion, a rewritten character, over and over (as many
    blocks as texts of 3,000 characters can have), written with json's ", " and compact."""
    blocks: list[tuple[int, int, int, int]] = []
    for i in range(0, 3000, 3):
        blocks += [(i, i + 1, i, i), (i + 1, i + 2, i, i + 1)]
        blocks += [(i + 2, i + 2, i + 1, i + 2), (i + 2, i + 3, i + 2, i + 3)]
    densest = OffsetMap(tuple(blocks))
    original = text = "ب" * 3000
    for written in (json.dumps([n for block in blocks for n in block]), densest.to_json()):
        doc = NewDocument("d", "", "fa", original, text, written, "none", {}, "", _sha(original))
        assert document_problem(doc) is None


@pytest.mark.parametrize("listed", ["not json", '{"a": 1}', '[1, "x", "{0}"]'])
def test_a_list_of_waiting_documents_that_is_none_waits_for_nothing(team, tmp_path, listed):  # noqa: F811
    """The list is kept in the copy's file, which anyone may edit: what is no list of ids
    is none (each id goes to the server as a uuid, and one that is none would stop pulls)."""
    copy = _copy(team, tmp_path, "lee")
    with copy.transaction():
        copy.team.set_link(waiting_documents=listed)
    assert copy.team.waiting_documents() == set()
    assert TeamSync(copy).sync().left_out.count == 0
    copy.close()


def test_the_status_bar_says_a_document_was_left_out_as_one(qapp):
    """The row left out may be the document itself: "their documents too long or
    inconsistent" read as if it were another row's."""
    from datetime import UTC, datetime

    from annotator.core.team.sync import LeftOut
    from annotator.gui.team_sync import SyncState

    state = SyncState()
    state.synced(0, datetime.now(UTC), left_out=LeftOut(1, "seed.documents row x: its text"))
    assert "or a document no import would store (see the log); first: seed.documents" in (
        state.detail
    )


def _assign(conn, uid: str, person: str) -> None:
    conn.execute("INSERT INTO seed.assignments(document, annotator) VALUES (%s, %s)", [uid, person])


def _quiet_pulls(team, project: Project, n: int = 3) -> list[int]:  # noqa: F811
    """`n` pulls on a server nobody writes to, each from a cursor past every row (as on a
    server no other session holds back); how many rows each left out."""
    counts = []
    for _ in range(n):
        past_the_cursor(team, project)
        counts.append(TeamSync(project).sync().left_out.count)
    return counts


def _removed_reaches_the_server(team, copy: Project, span_id: int, span_uid: str):  # noqa: F811
    """Ana removes her span here and syncs: the server's `deleted` of it, as a row."""
    AnnotationService(copy, team.person("ana")).remove_span(span_id)
    TeamSync(copy).sync()
    with team.connect(team.person("lee"), autocommit=True) as conn:
        return conn.execute("SELECT deleted FROM seed.spans WHERE uid = %s", [span_uid]).fetchone()


def _bad_document_with_her_spans(team, n: int) -> tuple[str, list[str]]:  # noqa: F811
    """A document whose offset map is none (x1), assigned to ana, and her n spans on it."""
    lee, ana = team.person("lee"), team.person("ana")
    with team.connect(lee, autocommit=True) as conn:
        uid = _insert_document(conn, "x1", ARTICLE, offset_map="[0, 1, 0")
        conn.execute(
            "INSERT INTO seed.assignments(document, annotator) VALUES (%s, %s)", [uid, ana]
        )
    with team.connect(ana, autocommit=True) as conn:
        return uid, [_insert_span(conn, uid, "actor", 0, "خبر") for _ in range(n)]


def test_a_waiting_document_still_unsound_sends_nothing_again(team, tmp_path, monkeypatch):  # noqa: F811
    """Read again at every pull, it came with all its spans, every layer, each time, for
    them to be dropped here (a document with 300,000 spans crossed the network again at
    every pull of the window, for nothing). Its spans come once it is sound."""
    lee, ana = team.person("lee"), team.person("ana")
    uid, _ = _bad_document_with_her_spans(team, 30)
    copy = _copy(team, tmp_path, "ana")
    spans = []
    real = sync._read

    def counted(*args, **kwargs):
        for kind, rows in real(*args, **kwargs):
            if kind.endswith("spans"):
                spans.append(len(rows))
            yield kind, rows

    monkeypatch.setattr(sync, "_read", counted)
    assert _quiet_pulls(team, copy) == [0, 0, 0]
    assert sum(spans) == 0 and copy.team.waiting_documents() == {uid}
    with team.connect(lee, autocommit=True) as conn:
        conn.execute("UPDATE seed.documents SET offset_map = NULL WHERE uid = %s", [uid])
    assert _quiet_pulls(team, copy, 1) == [0]
    assert sum(spans) == 30 and len(copy.spans.for_document(_local(copy, "x1"), ana)) == 30
    copy.close()


def test_a_span_that_is_none_on_a_waiting_document_is_counted_once(team, tmp_path):  # noqa: F811
    """The window adds up every pull's count: read again with its document at every pull,
    such a span was counted again at each, and the count grew for ever."""
    lee = team.person("lee")
    with team.connect(lee, autocommit=True) as conn:
        uid = _insert_document(conn, "x1", ARTICLE, offset_map="[0, 1, 0")
        span = _insert_span(conn, uid, "actor", 0, "خبر")
        conn.execute("UPDATE seed.spans SET attrs = '[]' WHERE uid = %s", [span])
    copy = _copy(team, tmp_path, "lee")  # the join counts the document (and the span)
    assert _quiet_pulls(team, copy) == [0, 0, 0]
    copy.close()


def test_a_waiting_document_removed_on_the_server_waits_no_more_in_a_leads_copy(team, tmp_path):  # noqa: F811
    """The server never sends a removed document, and the copy waited for it for ever,
    asking at every pull. A lead sees every document: one not shown is gone."""
    lee = team.person("lee")
    with team.connect(lee, autocommit=True) as conn:
        uid = _insert_document(conn, "x1", ARTICLE, offset_map="[0, 1, 0")
    copy = _copy(team, tmp_path, "lee")
    assert copy.team.waiting_documents() == {uid}
    with team.connect(lee, autocommit=True) as conn:
        conn.execute("DELETE FROM seed.documents WHERE uid = %s", [uid])
    assert _quiet_pulls(team, copy, 1) == [0]
    assert copy.team.waiting_documents() == set()
    assert "x1" not in _ext_ids(copy)
    copy.close()


def test_a_waiting_document_taken_back_for_a_while_comes_with_her_rows_when_given_again(
    team,  # noqa: F811
    tmp_path,
):
    """Taken back from the analyst, it is hidden from her; dropped from the waiting ones
    then, it came by its assignment once given again, without her own rows (only a
    waiting document brings them): her work, still on the server, was done twice."""
    lee, ana = team.person("lee"), team.person("ana")
    with team.connect(lee, autocommit=True) as conn:
        uid = _insert_document(conn, "x1", ARTICLE, offset_map="[0, 1, 0")
        _assign(conn, uid, ana)
    with team.connect(ana, autocommit=True) as conn:  # her work, from her old laptop
        _insert_span(conn, uid, "actor", 0, "خبر")
    copy = _copy(team, tmp_path, "ana")
    assert copy.team.waiting_documents() == {uid}
    with team.connect(lee, autocommit=True) as conn:  # taken back for a while
        conn.execute("DELETE FROM seed.assignments WHERE document = %s", [uid])
    assert _quiet_pulls(team, copy, 1) == [0]
    with team.connect(lee, autocommit=True) as conn:  # corrected and given back
        conn.execute("UPDATE seed.documents SET offset_map = NULL WHERE uid = %s", [uid])
        _assign(conn, uid, ana)
    assert TeamSync(copy).sync().left_out.count == 0
    [span] = copy.spans.for_document(_local(copy, "x1"), ana)
    assert span.text == "خبر"
    assert copy.team.waiting_documents() == set()
    copy.close()


def test_her_rows_written_after_the_join_on_a_waiting_document_take_her_later_edits(
    team,  # noqa: F811
    tmp_path,
):
    """Her own rows on a waiting document come with their versions; written elsewhere
    after the join set the copy's base (her old laptop), they outnumbered it, her removal
    here went out with a lower version, and the server kept the span, saying nothing."""
    lee, ana = team.person("lee"), team.person("ana")
    with team.connect(lee, autocommit=True) as conn:
        uid = _insert_document(conn, "x1", ARTICLE, offset_map="[0, 1, 0")
        _assign(conn, uid, ana)
    copy = _copy(team, tmp_path, "ana")  # x1 left out, waits
    base = int(copy.team.link()["version_base"])
    with team.connect(ana, autocommit=True) as conn:  # her old laptop, after the join
        span_uid = _insert_span(conn, uid, "actor", 0, "خبر")
        conn.execute("UPDATE seed.spans SET version = %s WHERE uid = %s", [base + 1000, span_uid])
        relation_uid = conn.execute(
            "INSERT INTO seed.relations(uid, document, annotator, head, tail, type, version) "
            "VALUES (gen_random_uuid(), %s, current_user, %s, %s, 'rel', %s) RETURNING uid::text",
            [uid, span_uid, span_uid, base + 2000],
        ).fetchone()[0]
    past_the_cursor(team, copy)
    with team.connect(lee, autocommit=True) as conn:
        conn.execute("UPDATE seed.documents SET offset_map = NULL WHERE uid = %s", [uid])
    TeamSync(copy).sync()
    [span] = copy.spans.for_document(_local(copy, "x1"), ana)
    assert _removed_reaches_the_server(team, copy, span.id, span_uid) == (True,)
    with team.connect(lee, autocommit=True) as conn:
        assert conn.execute(
            "SELECT deleted FROM seed.relations WHERE uid = %s", [relation_uid]
        ).fetchone() == (True,)
    copy.close()


def test_two_pulls_at_once_never_write_her_older_rows_over_her_edit(team, tmp_path):  # noqa: F811
    """The window's pull and `annotator team sync` on the same file: both read a waiting
    document with her own spans. The first stores it and she removes a span; the second,
    read before her edit, found the document held and wrote her span back (and her
    removal never reached the server)."""
    lee, ana = team.person("lee"), team.person("ana")
    uid, [span_uid] = _bad_document_with_her_spans(team, 1)
    copy = _copy(team, tmp_path, "ana")
    past_the_cursor(team, copy)
    with team.connect(lee, autocommit=True) as conn:
        conn.execute("UPDATE seed.documents SET offset_map = NULL WHERE uid = %s", [uid])
    # The command line's pull reads ...
    slow = TeamSync(copy)
    state = sync._Pull(cursor=copy.team.link()["cursor"], waiting=copy.team.waiting_documents())
    parts = list(slow._read(state, sorted(copy.team.owned())))
    # ... the window's reads and applies, and she removes her span ...
    TeamSync(copy).pull()
    [span] = copy.spans.for_document(_local(copy, "x1"), ana)
    AnnotationService(copy, ana).remove_span(span.id)
    # ... then the command line's applies what it read before.
    slow._write(state, None, None, lambda _state: (part for part in parts), None)
    assert copy.spans.for_document(_local(copy, "x1"), ana) == []
    TeamSync(copy).sync()
    with team.connect(lee, autocommit=True) as conn:
        assert conn.execute(
            "SELECT deleted FROM seed.spans WHERE uid = %s", [span_uid]
        ).fetchone() == (True,)
    assert copy.spans.for_document(_local(copy, "x1"), ana) == []
    copy.close()


def test_a_lead_made_an_analyst_keeps_waiting_for_a_document_now_hidden_from_her(
    team,  # noqa: F811
    tmp_path,
):
    """The copy's role is the join's: a lead made an analyst since dropped, as removed, a
    waiting document row-level security now hides from her, and given to her again it
    came without her own rows. The server's role decides."""
    lee = team.person("lee")
    with team.connect(lee, autocommit=True) as conn:
        uid = _insert_document(conn, "x1", ARTICLE, offset_map="[0, 1, 0")
        _insert_span(conn, uid, "actor", 0, "خبر")  # her own layer, from another laptop
    copy = _copy(team, tmp_path, "lee")
    assert copy.team.waiting_documents() == {uid}
    with connect(team.admin_url, autocommit=True) as admin:
        people.add_person(admin, lee, "analyst", None)
    assert copy.team.link()["role"] == "lead"  # the copy still says lead
    _quiet_pulls(team, copy, 1)
    assert copy.team.waiting_documents() == {uid}
    with team.connect("postgres", autocommit=True) as conn:  # corrected, given to her
        conn.execute("UPDATE seed.documents SET offset_map = NULL WHERE uid = %s", [uid])
        _assign(conn, uid, lee)
    TeamSync(copy).sync()
    assert len(copy.spans.for_document(_local(copy, "x1"), lee)) == 1
    copy.close()
