"""The check of a project file before anything is written into it (issue 13, open items):
a refused file stays byte-identical, a big file gets the check that finds an index at odds
with its table, and that check stops at once when the user closes or cancels."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from annotator.core.errors import Cancelled, DamagedProject
from annotator.core.store import project as project_module
from annotator.core.store.project import Project

from ..conftest import SEEDS
from .test_cli import run
from .test_store_faults import flip_page, make_project
from .test_store_review_findings import _index_disagreeing_with_its_table


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


def test_a_big_file_whose_index_disagrees_with_its_table_gets_no_write(tmp_path: Path, big: None):
    """quick_check, all a big file used to get, passes such a file: the import's write went
    in, steered by the planted index entry."""
    path = tmp_path / "h.seedproj"
    _index_disagreeing_with_its_table(path)
    before = path.read_bytes()
    with (
        Project.open(path, create=False) as p,
        pytest.raises(DamagedProject, match="missing from index"),
        p.transaction(),
    ):
        p.labels.add_new("place")
    code, _, err = run("import", str(SEEDS), "--project", str(path))
    assert code == 1 and f"{path}: is damaged (" in err and "missing from index" in err
    assert path.read_bytes() == before


SLOW_SPANS = 600_000  # integrity_check takes 0.5-1.5 s on this machine


def make_slow_to_check(path: Path) -> None:
    """A sound project whose check takes long enough to be stopped halfway: many spans
    (another annotator's, so that a window of 'sara' shows none), made by SQLite itself
    (through the repositories it would take minutes)."""
    Project.open(path).close()
    raw = sqlite3.connect(path)
    text = "خبر " * 250
    raw.execute(
        "INSERT INTO documents(ext_id, title, lang, text, normalizer, text_sha256, "
        "original_sha256, length, created_at) VALUES ('d', 't', 'fa', ?, 'n', 'x', 'x', ?, 't')",
        [text, len(text)],
    )
    raw.execute("INSERT INTO annotators(name, created_at) VALUES ('ali', 't')")
    raw.execute(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1) "
        "INSERT INTO spans(document_id, annotator_id, label, char_start, char_end, text, "
        "created_at, updated_at) SELECT 1, 1, 'actor', i % 999, i % 999 + 1, 'x', 't', 't' "
        "FROM n",
        [SLOW_SPANS],
    )
    raw.commit()
    raw.close()


@pytest.fixture(scope="module")
def slow_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("slow") / "slow.seedproj"
    make_slow_to_check(path)
    return path


@pytest.fixture
def slow(slow_original: Path, tmp_path: Path) -> Path:
    path = tmp_path / "slow.seedproj"
    shutil.copy(slow_original, path)
    return path


def test_a_cancelled_check_stops_at_once_and_changes_nothing(slow: Path, big: None):
    before = slow.read_bytes()
    with Project.open(slow, create=False) as p:
        started = time.monotonic()
        p.verify()
        whole = time.monotonic() - started
        p.verified = False
        asked = time.monotonic() + whole / 10
        with pytest.raises(Cancelled):
            p.verify(lambda: time.monotonic() > asked)
        late = time.monotonic() - asked
        assert not p.verified  # the next write checks again
    assert late < max(whole / 4, 0.1), (late, whole)
    assert slow.read_bytes() == before


def test_a_cancel_that_comes_as_the_check_ends_stops_nothing_after_it(
    slow: Path, big: None, monkeypatch: pytest.MonkeyPatch
):
    """The window cancels its background check when it closes or opens another project; a
    cancel that the watcher notices only as the check ends must not interrupt the connection
    afterwards (a later statement on it, or a closed one: an "Unexpected error" dialog)."""
    errors: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(args.exc_value))
    after_check = threading.Event()
    asked = threading.Event()

    def cancelled() -> bool:
        # The watcher asked while the check ran; the answer "yes" arrives once it is over.
        asked.set()
        after_check.wait(120)  # however long the check takes on a busy machine
        return True

    with Project.open(slow, create=False) as p:
        p.verify(cancelled)  # long enough for the watcher to ask
        assert p.verified
        assert asked.wait(5)
    after_check.set()  # the user's cancel, just too late: the project is closed already
    time.sleep(0.2)
    assert errors == []
