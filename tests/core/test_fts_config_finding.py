"""Review finding: a damaged FTS5 config record ('version' not 4) blocked search and imports.

FTS5 refuses such an index with plain SQLITE_ERROR ("invalid fts5 file format ... run
'rebuild'"), which was neither told as search-index damage nor cured by our rebuild (which
only emptied the index with 'delete-all', and that fails the same way).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import SearchIndexDamaged
from annotator.core.model import NewDocument
from annotator.core.store import schema, schema_check
from annotator.core.store.project import Project

from .test_cli import run

TEXT = "بوتين يلتقي أردوغان في سوتشي لبحث الوضع في سوريا"


def _doc(ext_id: str) -> NewDocument:
    return NewDocument(ext_id, f"عنوان {ext_id}", "ar", TEXT, TEXT, None, "none", {}, "test")


def _schema(path: Path) -> list[tuple]:
    raw = sqlite3.connect(path)
    try:
        return sorted(raw.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        raw.close()


@pytest.fixture
def bad_config(tmp_path: Path) -> Path:
    path = tmp_path / "fts.seedproj"
    with Project.open(path) as p, p.transaction():
        for i in range(3):
            p.documents.add(_doc(f"d{i}"))
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT v FROM documents_fts_config WHERE k = 'version'").fetchone() == (4,)
    raw.execute("UPDATE documents_fts_config SET v = 99 WHERE k = 'version'")
    raw.commit()
    raw.close()
    return path


def test_a_bad_fts5_version_is_told_as_search_index_damage(bad_config: Path):
    with Project.open(bad_config, create=False) as p:
        with pytest.raises(SearchIndexDamaged, match="invalid fts5 file format"):
            p.documents.search("بوتين")
        with pytest.raises(SearchIndexDamaged), p.transaction():  # an import's write
            p.documents.add(_doc("new"))
    code, _, err = run("search", "بوتين", "--project", str(bad_config))
    assert code == 1
    assert f"{bad_config}: its search index is damaged" in err
    assert "--rebuild-index" in err


def test_the_rebuild_cures_it_in_process(bad_config: Path):
    before = _schema(bad_config)
    with Project.open(bad_config, create=False) as p:
        with p.transaction():
            assert p.documents.rebuild_search_index() == 3
        assert {d.ext_id for d in p.documents.search("بوتين")} == {"d0", "d1", "d2"}
        with pytest.raises(sqlite3.Error):  # the connection is defensive again
            p.db.conn.execute("UPDATE documents_fts_config SET v = 99 WHERE k = 'version'")
    assert _schema(bad_config) == before  # byte-identical SQL: the schema check still passes


def test_the_cli_rebuild_cures_it_and_imports_work_again(bad_config: Path, tmp_path: Path):
    before = _schema(bad_config)
    code, out, err = run("search", "--rebuild-index", "بوتين", "--project", str(bad_config))
    assert code == 0, err
    assert len(out.splitlines()) == 3
    assert _schema(bad_config) == before

    raw = sqlite3.connect(bad_config)
    assert raw.execute("SELECT v FROM documents_fts_config WHERE k = 'version'").fetchone() == (4,)
    raw.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    raw.close()

    source = tmp_path / "more.jsonl"
    source.write_text('{"id": "late", "text": "أردوغان في سوتشي"}\n', encoding="utf-8")
    code, _, err = run("import", str(source), "--project", str(bad_config))
    assert code == 0, err

    with Project.open(bad_config, create=False) as p:  # the schema check passes on opening
        assert p.documents.count() == 4
        assert {d.ext_id for d in p.documents.search("سوتشي")} == {"d0", "d1", "d2", "late"}
        objects = schema_check.read_schema(p.db.conn)
        applied = tuple(m.name for m in schema.migrations.applied(p.db))
        assert schema_check.strangers(objects, applied) == []


def test_a_failed_rebuild_leaves_the_index_as_it_was(bad_config: Path):
    """All or nothing: a rebuild stopped midway leaves the old (damaged) table, not none."""
    before = _schema(bad_config)

    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with (
        Project.open(bad_config, create=False) as p,
        pytest.raises(KeyboardInterrupt),
        p.transaction(),
    ):
        p.documents.rebuild_search_index(stop)
    assert _schema(bad_config) == before
    with Project.open(bad_config, create=False) as p, pytest.raises(SearchIndexDamaged):
        p.documents.search("بوتين")
