"""The check of a project file before anything is written into it (issue 13, open items):
a refused file stays byte-identical, a big file gets the check that finds an index at odds
with its table, and that check stops at once when the user closes or cancels."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import DamagedProject
from annotator.core.store import project as project_module
from annotator.core.store.project import Project

from .test_store_faults import flip_page, make_project


def _in_rollback_mode(path: Path) -> None:
    """As a file made by another tool (or by hand) comes: no write-ahead log."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode = DELETE")
    raw.close()


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as too big to check as it opens."""
    monkeypatch.setattr(project_module, "CHECK_AT_OPEN_BYTES", 0)


def test_a_big_damaged_file_refused_at_its_first_write_is_byte_identical(tmp_path: Path, big: None):
    """Opening it may not switch it to WAL (which writes page 1) before the check ran."""
    path = tmp_path / "damaged.seedproj"
    make_project(path)
    _in_rollback_mode(path)
    flip_page(path, "spans")
    before = path.read_bytes()
    with (
        Project.open(path, create=False) as p,
        pytest.raises(DamagedProject, match="is damaged"),
        p.transaction(),
    ):
        p.labels.add_new("place")
    assert path.read_bytes() == before
    assert sorted(q.name for q in tmp_path.glob("damaged*")) == ["damaged.seedproj"]


def test_a_sound_file_in_rollback_mode_is_switched_to_wal_once_checked(tmp_path: Path, big: None):
    path = tmp_path / "sound.seedproj"
    make_project(path, docs=3)
    _in_rollback_mode(path)
    with Project.open(path, create=False) as p:
        with p.transaction():
            p.labels.add_new("place")
        assert p.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
