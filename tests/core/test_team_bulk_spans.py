"""A big team pull's span inserting pauses the outbox trigger and the span indexes
(TeamRepository.bulk_spans): whatever goes wrong, they are there afterwards, and the user
is told what went wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import ProjectError
from annotator.core.model import NewDocument
from annotator.core.store.project import Project

SPAN_OBJECTS = "SELECT type, name FROM sqlite_master WHERE tbl_name = 'spans' ORDER BY name"


def _team_copy(path: Path) -> Project:
    project = Project.open(path)
    with project.transaction():
        text = "x" * 1000
        project.documents.add(NewDocument("a", "a", "fa", text, text, None, "none", {}, "t"))
        project.db.execute("INSERT INTO labels(name, color) VALUES ('L', '#000000')")
        project.team.record_changes()
    return project


def test_a_disk_filling_up_during_a_big_pull_is_said_as_such(tmp_path: Path) -> None:
    """SQLite rolls the whole transaction back when the disk fills: the dropped trigger and
    indexes are back by that rollback, and making them again failed ("index ... already
    exists"), which hid the disk being full behind an error that made no sense."""
    project = _team_copy(tmp_path / "copy.seedproj")
    try:
        before = project.db.execute(SPAN_OBJECTS).fetchall()
        doc = project.documents.key_by_ext_id("a").id
        pages = project.db.execute("PRAGMA page_count").fetchone()[0]
        project.db.execute(f"PRAGMA max_page_count = {pages + 30}")  # the disk fills up
        annotator = project.annotators.ensure("ana")
        rows = [(doc, annotator, "L", 0, 1, "x", "{}", "pulled", "pulled")] * 50_000
        pull = project.team.bulk_spans(len(rows))
        with pytest.raises(ProjectError) as raised, project.transaction(), pull:
            project.db.conn.executemany(
                "INSERT INTO spans(document_id, annotator_id, label, char_start, char_end, "
                "text, attrs, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        assert raised.value.kind == "disk-full", str(raised.value)
        assert project.db.execute(SPAN_OBJECTS).fetchall() == before
        assert project.db.execute("SELECT count(*) FROM spans").fetchone() == (0,)
    finally:
        project.close()


def test_bulk_spans_outside_a_transaction_is_refused(tmp_path: Path) -> None:
    """Outside a transaction the trigger's drop would commit at once, and an edit made
    before it came back would never reach the outbox."""
    project = _team_copy(tmp_path / "copy.seedproj")
    try:
        before = project.db.execute(SPAN_OBJECTS).fetchall()
        with pytest.raises(RuntimeError), project.team.bulk_spans(10_000):
            pass
        assert project.db.execute(SPAN_OBJECTS).fetchall() == before
    finally:
        project.close()


def test_a_big_pull_failing_as_it_sets_indexes_aside_leaves_them_all_in_place(
    tmp_path: Path,
) -> None:
    """A failure at the setting aside (here SQLITE_LOCKED from a statement still stepping;
    in the field a full disk, an I/O error): the trigger and indexes are all there
    afterwards, and the copy goes on pulling."""
    project = _team_copy(tmp_path / "copy.seedproj")
    try:
        before = project.db.execute(SPAN_OBJECTS).fetchall()
        with pytest.raises(ProjectError), project.transaction():
            pending = project.db.conn.execute("SELECT name FROM sqlite_master")
            pending.fetchone()
            with project.team.bulk_spans(50_000):
                pass
        pending.close()
        assert project.db.execute(SPAN_OBJECTS).fetchall() == before
        with project.transaction():
            text = "y" * 100
            doc = project.documents.add(
                NewDocument("b", "b", "fa", text, text, None, "none", {}, "t")
            )
            project.db.execute(
                "INSERT INTO team_ids(kind, local_id, uid) VALUES ('document', ?, 'doc-b')", [doc]
            )
        assert project.team.local_ids("document", ["doc-b"]) == {"doc-b": doc}
    finally:
        project.close()


def _pulled(uid: str, doc_uid: str, annotator: str) -> tuple:
    return (uid, doc_uid, annotator, "L", 0, 1, "x", "{}", 1, False, None)


def test_an_id_left_behind_by_a_span_removed_without_triggers_gives_way(tmp_path: Path) -> None:
    """A span removed while the copy had no outbox triggers (a cleaned copy) leaves its
    global id under a local number SQLite gives again: the pulled span that gets the
    number gets its own id, and the stale one goes."""
    from annotator.core.store.team import Applied

    project = _team_copy(tmp_path / "copy.seedproj")
    try:
        with project.transaction():
            doc = project.documents.key_by_ext_id("a").id
            project.db.execute(
                "INSERT INTO team_ids(kind, local_id, uid) VALUES ('document', ?, 'doc-a')", [doc]
            )
            project.db.execute(
                "INSERT INTO team_ids(kind, local_id, uid, owned) VALUES ('span', 1, 'stale', 1)"
            )
            rows = [_pulled("new-1", "doc-a", "ana"), _pulled("new-2", "doc-a", "me")]
            project.team.apply_spans(rows, {"me"}, Applied())
        ids = project.db.execute(
            "SELECT t.uid, t.owned, a.name FROM team_ids t JOIN spans s ON s.id = t.local_id "
            "JOIN annotators a ON a.id = s.annotator_id WHERE t.kind = 'span' ORDER BY t.uid"
        ).fetchall()
        assert ids == [("new-1", 0, "ana"), ("new-2", 1, "me")]
        assert project.team.local_ids("span", ["stale"]) == {}
    finally:
        project.close()


@pytest.mark.parametrize("incoming", [None, 50_000])
def test_a_big_pull_reading_the_held_ids_at_once_skips_an_id_of_another_kind(
    tmp_path: Path, incoming: int | None
) -> None:
    """Into a copy holding few ids, a big pull reads them all at once rather than a
    chunk at a time: a pulled span under a document's id is still left out."""
    from annotator.core.store.team import Applied

    project = _team_copy(tmp_path / "copy.seedproj")
    try:
        with project.transaction():
            doc = project.documents.key_by_ext_id("a").id
            project.db.execute(
                "INSERT INTO team_ids(kind, local_id, uid) VALUES ('document', ?, 'doc-a')", [doc]
            )
            with project.team.bulk_spans(incoming):
                project.team.apply_spans(
                    [_pulled("doc-a", "doc-a", "ana"), _pulled("s-1", "doc-a", "ana")],
                    set(),
                    Applied(),
                )
                project.team.apply_spans([_pulled("s-2", "doc-a", "ana")], set(), Applied())
        held = project.db.execute("SELECT kind, uid FROM team_ids ORDER BY uid").fetchall()
        assert held == [("document", "doc-a"), ("span", "s-1"), ("span", "s-2")]
        assert project.db.execute("SELECT count(*) FROM spans").fetchone() == (2,)
    finally:
        project.close()
