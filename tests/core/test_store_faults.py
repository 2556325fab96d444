"""Damaged, full, read-only and busy projects: every failure told truly, nothing half-written.

A project file is untrusted input and disks fill up: a database error reaches the user as a
message naming the file (never a traceback), and no write goes into a file that fails a check.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from annotator.core.errors import DamagedProject, ProjectError, SearchIndexDamaged
from annotator.core.model import NewDocument, NewSpan
from annotator.core.store import project as project_module
from annotator.core.store.project import Project

from ..conftest import ROOT, SEEDS
from .test_cli import run

TEXT = "بوتين يلتقي أردوغان في سوتشي لبحث الوضع في سوريا"


def _doc(ext_id: str, text: str = TEXT) -> NewDocument:
    return NewDocument(ext_id, f"عنوان {ext_id}", "ar", text, text, None, "none", {}, "test")


def make_project(path: Path, docs: int = 300) -> None:
    """Enough documents and spans that the spans table spans several pages."""
    with Project.open(path) as p, p.transaction():
        for i in range(docs):
            doc_id = p.documents.add(_doc(f"d{i:04d}"))
            p.spans.add(doc_id, "sara", NewSpan("actor", 0, 5, "بوتين"))
            p.spans.add(doc_id, "ali", NewSpan("actor", 0, 5, "بوتين"))


def flip_page(path: Path, table: str) -> None:
    """Flip every bit of the page-type byte of a table's root page, as a failing disk might."""
    raw = sqlite3.connect(path)
    root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    size = raw.execute("PRAGMA page_size").fetchone()[0]
    raw.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * size)
        byte = f.read(1)[0]
        f.seek((root - 1) * size)
        f.write(bytes([byte ^ 0xFF]))


def damage_search_index(path: Path) -> None:
    """Garble the head of each of the full-text index's blocks (its schema is untouched,
    and SQLite's page check passes: only FTS5 sees the damage, when it reads them)."""
    raw = sqlite3.connect(path)
    raw.execute(
        "UPDATE documents_fts_data SET block = X'FFFFFFFF' || substr(block, 5) WHERE id > 10"
    )
    raw.commit()
    raw.close()


# -- 13.4: damaged files --------------------------------------------------------------------


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.seedproj"
    make_project(path)
    flip_page(path, "spans")
    flip_page(path, "spans_label")  # the index `stats` counts in
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["search", "بوتين"],
        ["export", "--out", "{out}"],
        ["agreement"],
        ["labels", "add", "place"],
        ["import", str(SEEDS / "000_4b76e7f10bebfeab.txt")],
    ],
    ids=lambda c: c[0] if c[0] != "labels" else "labels add",
)
def test_a_damaged_project_is_refused_by_every_command_and_left_as_it_was(
    damaged: Path, tmp_path: Path, command: list[str]
):
    before = damaged.read_bytes()
    args = [a.replace("{out}", str(tmp_path / "out.jsonl")) for a in command]
    code, _, err = run(*args, "--project", str(damaged))
    assert code == 1
    assert f"{damaged}: is damaged (" in err and "nothing was changed" in err
    assert damaged.read_bytes() == before
    assert not (tmp_path / "out.jsonl").exists()


def test_a_big_damaged_project_read_without_the_check_is_still_reported(
    damaged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Above the size checked at open, the damage shows when a page is read: the error
    that comes up then is a message too, not a traceback."""
    monkeypatch.setattr(project_module, "CHECK_AT_OPEN_BYTES", 0)
    for args in (["stats"], ["export", "--out", str(tmp_path / "o.jsonl")], ["agreement"]):
        code, _, err = run(*args, "--project", str(damaged))
        assert code == 1, args
        assert f"{damaged}: is damaged (" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.seedproj", "home"]


def test_no_write_goes_into_a_big_damaged_project(damaged: Path, monkeypatch):
    """Not checked at open (too big), the file is checked before the first write."""
    monkeypatch.setattr(project_module, "CHECK_AT_OPEN_BYTES", 0)
    before = damaged.read_bytes()
    with (
        Project.open(damaged) as p,
        pytest.raises(DamagedProject, match="is damaged"),
        p.transaction(),
    ):
        p.labels.add_new("place")
    code, _, err = run("import", str(SEEDS), "--project", str(damaged))
    assert code == 1 and "is damaged" in err
    assert damaged.read_bytes() == before


def test_a_damaged_project_is_not_migrated(damaged: Path, monkeypatch):
    """A migration rewrites tables: never on a file that fails the check."""
    monkeypatch.setattr(project_module, "CHECK_AT_OPEN_BYTES", 0)
    raw = sqlite3.connect(damaged)
    raw.execute(
        "DELETE FROM _sqlite_migrations WHERE name IN "
        "('m004_suggestions', 'm005_team', 'm008_team_held')"
    )
    for (trigger,) in raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'team_%'"
    ).fetchall():
        raw.execute(f"DROP TRIGGER {trigger}")
    for table in (
        "team_held", "team_unassigned",
        "team_outbox", "team_ids", "team_layers", "team_link", "suggestion_decisions",
    ):  # fmt: skip
        raw.execute(f"DROP TABLE {table}")
    raw.execute("PRAGMA user_version = 3")
    raw.commit()
    raw.close()
    before = damaged.read_bytes()
    with pytest.raises(DamagedProject, match="is damaged"):
        Project.open(damaged)
    assert damaged.read_bytes() == before
    assert not list(damaged.parent.glob("*.backup*"))


@pytest.fixture
def bad_index(tmp_path: Path) -> Path:
    path = tmp_path / "index.seedproj"
    code, _, err = run("import", str(SEEDS), "--project", str(path))
    assert code == 0, err
    damage_search_index(path)
    return path


def test_a_damaged_search_index_is_explained_not_a_traceback(bad_index: Path):
    code, _, err = run("search", "بوتين", "--project", str(bad_index))
    assert code == 1
    assert f"{bad_index}: its search index is damaged" in err
    assert "--rebuild-index" in err


def test_the_search_index_is_rebuilt_from_the_documents(bad_index: Path, tmp_path: Path):
    fresh = tmp_path / "fresh.seedproj"
    run("import", str(SEEDS), "--project", str(fresh))
    with Project.open(bad_index) as p:
        with pytest.raises(SearchIndexDamaged):
            p.documents.search("بوتين")
        p.documents.rebuild_search_index()
        rebuilt = {d.ext_id for d in p.documents.search("بوتين")}
    with Project.open(fresh) as p:
        assert rebuilt == {d.ext_id for d in p.documents.search("بوتين")} != set()
    code, out, err = run("search", "--rebuild-index", "بوتين", "--project", str(bad_index))
    assert code == 0, err
    assert len(out.splitlines()) == len(rebuilt)
    raw = sqlite3.connect(bad_index)
    raw.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    raw.close()


# -- 13.6: caches and rollbacks ----------------------------------------------------------------


def test_a_rolled_back_transaction_leaves_no_cached_annotator_id(project_path: Path):
    """A new annotator's row goes with the rollback: so must the id remembered for it."""
    with Project.open(project_path) as p:
        with p.transaction():
            doc_id = p.documents.add(_doc("a"))
        with pytest.raises(RuntimeError), p.transaction():
            p.spans.add(doc_id, "newcomer", NewSpan("actor", 0, 5, "بوتين"))
            raise RuntimeError("the commit fails")
        with p.transaction():
            p.spans.add(doc_id, "newcomer", NewSpan("actor", 0, 5, "بوتين"))
        assert [s.annotator for s in p.spans.for_document(doc_id)] == ["newcomer"]


def test_a_full_disk_is_named_as_such(project_path: Path):
    with Project.open(project_path) as p:
        with p.transaction():
            doc_id = p.documents.add(_doc("a", TEXT * 100))
        pages = p.db.execute("PRAGMA page_count").fetchone()[0]
        p.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
        with pytest.raises(ProjectError) as caught, p.transaction():
            p.spans.add(doc_id, "newcomer", NewSpan("actor", 0, 5000, (TEXT * 100)[:5000]))
        assert str(caught.value).startswith(f"{project_path}: the disk is full")
        assert "nothing was changed" in str(caught.value)
        p.db.execute("PRAGMA max_page_count = 1073741823")
        with p.transaction():
            p.spans.add(doc_id, "newcomer", NewSpan("actor", 0, 5, "بوتين"))


# -- 13.10: full disks and read-only projects ---------------------------------------------------


def small_disk_available() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /tmp"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def on_small_disk(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run `script` (sh) where `$DISK` is a 1 MiB disk of its own: a mount namespace, so
    the test needs no privileges and leaves nothing mounted."""
    disk = tmp_path / "disk"
    disk.mkdir()
    annotator = Path(sys.executable).with_name("annotator")
    shell = f'mount -t tmpfs -o size=1m tmpfs "$DISK" && cd "$DISK" && {script}'
    env = {**os.environ, "DISK": str(disk), "ANNOTATOR": str(annotator), "SEEDS": str(SEEDS)}
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", shell],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip


@pytest.mark.skipif(not small_disk_available(), reason="no user namespaces to mount a disk in")
def test_a_full_disk_is_called_full_not_a_disk_io_error(tmp_path: Path):
    result = on_small_disk(
        tmp_path,
        '"$ANNOTATOR" import "$SEEDS" --project p.seedproj > /dev/null || exit 9; '
        "dd if=/dev/zero of=filler bs=4k 2> /dev/null; "
        '"$ANNOTATOR" stats --project p.seedproj; '
        '"$ANNOTATOR" labels add place --project p.seedproj',
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    for line in lines:
        assert "p.seedproj: the disk is full" in line, line
        assert "I/O" not in line


def without_write_permission() -> list[str]:
    """Root writes anywhere: the command runs without that privilege, as a user would."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    caps = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]


def annotator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*without_write_permission(), sys.executable, "-m", "annotator", *args],
        capture_output=True, text=True, check=False, cwd=ROOT, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_project_can_be_read_and_says_so_when_written(tmp_path: Path, what: str):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "p.seedproj"
    code, _, err = run("import", str(SEEDS), "--project", str(path))
    assert code == 0, err
    before = sorted(p.name for p in folder.iterdir())
    content = path.read_bytes()
    (path if what == "file" else folder).chmod(0o444 if what == "file" else 0o555)
    try:
        stats = annotator("stats", "--json", "--project", str(path))
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["documents"] == 5
        search = annotator("search", "بوتين", "--project", str(path))
        assert search.returncode == 0, search.stderr
        assert search.stdout.count("\n") >= 1
        out = tmp_path / "out.jsonl"
        export = annotator("export", "--out", str(out), "--project", str(path))
        assert export.returncode == 0, export.stderr
        assert len(out.read_text(encoding="utf-8").splitlines()) == 5
        write = annotator("labels", "add", "place", "--project", str(path))
        assert write.returncode == 1
        reason = "the file is read-only" if what == "file" else "its folder is not writable"
        assert f"{path}: is read-only here ({reason})" in write.stderr, write.stderr
        assert "nothing was changed" in write.stderr
        assert "Traceback" not in write.stderr
    finally:
        path.chmod(0o644)
        folder.chmod(0o755)
    assert path.read_bytes() == content
    assert sorted(p.name for p in folder.iterdir()) == before  # no read-only -wal, -shm left
    write = annotator("labels", "add", "place", "--project", str(path))  # writable again
    assert write.returncode == 0, write.stderr


# -- 13.11: an import and the window's tags -----------------------------------------------------


def test_a_write_made_while_a_transaction_reads_does_not_abort_it(project_path: Path):
    """The import reads (is this document there?) before it writes. Another connection's
    short write in between must make it wait, never fail with a false "locked"."""
    with Project.open(project_path) as p, p.transaction():
        doc_id = p.documents.add(_doc("a"))
    done = threading.Event()
    errors: list[BaseException] = []

    def tag() -> None:  # the window: its own connection, in its own thread
        try:
            with Project.open(project_path) as window, window.transaction():
                window.spans.add(doc_id, "sara", NewSpan("actor", 0, 5, "بوتين"))
        except BaseException as exc:  # reported below
            errors.append(exc)
        done.set()

    writer = threading.Thread(target=tag)
    with Project.open(project_path) as importer:
        try:
            with importer.transaction():
                assert importer.documents.key_by_ext_id("b") is None  # the import reads first
                writer.start()
                done.wait(2)  # the tag goes in now, or waits for the import to commit
                importer.documents.add(_doc("b"))
        finally:
            writer.join()
    assert errors == []
    with Project.open(project_path) as p:
        assert p.documents.count() == 2
        assert len(p.spans.for_document(doc_id)) == 1


def test_a_lock_message_says_how_long_it_waited(project_path: Path, monkeypatch):
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_S", 0.4)
    Project.open(project_path).close()
    holder = sqlite3.connect(project_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Project.open(project_path) as p:
            started = time.monotonic()
            with pytest.raises(ProjectError) as caught, p.transaction():
                p.labels.add_new("place")
            waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    said = re.search(r"locked by another program \(waited (\d+\.\d) s\)", str(caught.value))
    assert said is not None, str(caught.value)
    assert 0.4 <= float(said.group(1)) <= waited + 0.05


IMPORT_DOCS = 3000


def test_an_import_survives_the_windows_tags_in_another_process(tmp_path: Path):
    """Two processes, as in real use: `annotator import` and a window tagging meanwhile."""
    path = tmp_path / "p.seedproj"
    with Project.open(path) as p, p.transaction():
        doc_id = p.documents.add(_doc("first"))
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for i in range(IMPORT_DOCS):
            f.write(json.dumps({"id": f"n{i}", "text": f"{TEXT} {i}"}, ensure_ascii=False))
            f.write("\n")
    importing = subprocess.Popen(
        [sys.executable, "-m", "annotator", "import", str(corpus), "--project", str(path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    tags, failures = 0, []
    with Project.open(path) as window:
        while importing.poll() is None:
            try:
                with window.transaction():
                    window.spans.add(doc_id, "sara", NewSpan("actor", 0, 5, "بوتين"))
                tags += 1
            except ProjectError as exc:  # the import took longer than a tag may wait
                failures.append(str(exc))
            time.sleep(0.02)
    _, err = importing.communicate()
    assert importing.returncode == 0, err
    assert tags > 0
    for failure in failures:
        assert "locked by another program (waited 5." in failure
    with Project.open(path) as p:
        assert p.documents.count() == IMPORT_DOCS + 1
        assert len(p.spans.for_document(doc_id)) == tags


# -- 13.12, 13.13 ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_a_failed_import_through_a_symlink_keeps_the_symlink(tmp_path: Path, kind: str):
    link = tmp_path / "link.seedproj"
    target = tmp_path / ("elsewhere.seedproj" if kind == "dangling" else "link.seedproj")
    link.symlink_to(target.name)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "x", "text": "نص", "annotator": "a", '
        '"spans": [{"start": 0, "end": 1, "label": "nolabel"}]}\n',
        encoding="utf-8",
    )
    code, _, err = run("import", str(bad), "--project", str(link))
    assert code == 1, err
    assert link.is_symlink() and os.readlink(link) == target.name
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == [
        "bad.jsonl",
        "link.seedproj",
    ]
    if kind == "loop":
        assert f"{link}: is a symbolic link that leads round in a loop" in err


def test_a_huge_search_limit_is_no_crash(tmp_path: Path):
    path = str(tmp_path / "p.seedproj")
    run("import", str(SEEDS), "--project", path)
    code, out, err = run("search", "بوتين", "--limit", "99999999999999999999", "--project", path)
    assert code == 0, err
    assert out.count("\n") >= 1
    code, _, err = run("search", "بوتين", "--limit", "0", "--project", path)
    assert code == 2 and "limit" in err.lower()
