"""Exports that meet each other: two to one target at once, or a start's tidying while an
export writes, never delete each other's files; and an export is on the disk (fsynced, file
and folder) before it replaces the old one (issue 13, open item 5)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from annotator.core.formats import atomic, export_journal

PAUSE_S = 0.5


def _dead_entry(target: Path) -> None:
    """A journal entry of an export that was killed: unlocked, naming `target`."""
    folder = export_journal.journal_dir()
    folder.mkdir(parents=True, exist_ok=True)
    note = {"target": export_journal._key(target), "pid": 999_999}
    (folder / "dead.json").write_text(json.dumps(note), encoding="utf-8")


@pytest.fixture
def paused_after_making_its_temp(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The first export stops for a moment between making its part file (or temp folder)
    and locking it: the moment another process's tidying could take it for litter."""
    made = threading.Event()
    first = threading.Lock()
    real_mkstemp, real_mkdtemp = tempfile.mkstemp, tempfile.mkdtemp

    def pausing(real):
        def make(*args, **kwargs):
            out = real(*args, **kwargs)
            ours = kwargs.get("suffix") == ".part" or export_journal.TEMP_TAG in kwargs.get(
                "prefix", ""
            )  # not the journal's own entry, made first
            if ours and first.acquire(blocking=False):  # only the first export pauses
                made.set()
                threading.Event().wait(PAUSE_S)
            return out

        return make

    monkeypatch.setattr(atomic.tempfile, "mkstemp", pausing(real_mkstemp))
    monkeypatch.setattr(atomic.tempfile, "mkdtemp", pausing(real_mkdtemp))
    return made


def _export_file(target: Path, text: bytes, errors: list[BaseException]) -> None:
    try:
        out = atomic.AtomicFile(target)
        out.handle.write(text)
        out.commit()
    except BaseException as exc:  # the test looks at it
        errors.append(exc)


@pytest.mark.parametrize("other", ["start-tidying", "second-export"])
def test_an_export_s_part_file_survives_another_run_s_tidying(
    tmp_path: Path, paused_after_making_its_temp: threading.Event, other: str
):
    target = tmp_path / "out.jsonl"
    _dead_entry(target)  # what makes an export tidy this target
    errors: list[BaseException] = []
    first = threading.Thread(target=_export_file, args=(target, b"first\n", errors))
    first.start()
    assert paused_after_making_its_temp.wait(5)
    # A killed export's entry the first one's start did not see (another start had
    # already listed it, say): a start tidies that target now.
    _dead_entry(target)
    if other == "start-tidying":
        second = threading.Thread(target=export_journal.recover_interrupted_exports)
    else:
        second = threading.Thread(target=_export_file, args=(target, b"second\n", errors))
    second.start()
    first.join(10)
    second.join(10)
    assert errors == []
    assert target.read_bytes() in (b"first\n", b"second\n")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_folder_export_s_temp_folder_survives_a_start_s_tidying(
    tmp_path: Path, paused_after_making_its_temp: threading.Event
):
    target = tmp_path / "brat"
    errors: list[BaseException] = []

    def export() -> None:
        try:
            out = atomic.AtomicDir(target, "brat")
            (out.path / "a.txt").write_text("متن", encoding="utf-8")
            out.commit()
        except BaseException as exc:  # the test looks at it
            errors.append(exc)

    first = threading.Thread(target=export)
    first.start()
    assert paused_after_making_its_temp.wait(5)
    _dead_entry(target)
    tidy = threading.Thread(target=export_journal.recover_interrupted_exports)
    tidy.start()
    first.join(10)
    tidy.join(10)
    assert errors == []
    assert (target / "a.txt").read_text(encoding="utf-8") == "متن"


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What was fsynced and renamed, in order."""
    events: list[tuple[str, str]] = []
    real_fsync, real_replace, real_rename = os.fsync, os.replace, os.rename

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(a, b, **kw) -> None:
        events.append(("rename", str(b)))
        real_replace(a, b, **kw)

    def rename(a, b, **kw) -> None:
        events.append(("rename", str(b)))
        real_rename(a, b, **kw)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "rename", rename)
    return events


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads fd names from /proc")
def test_a_file_export_is_fsynced_with_its_folder_before_it_replaces_the_old(
    tmp_path: Path, synced: list[tuple[str, str]]
):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    out = atomic.AtomicFile(target)
    out.handle.write(b"new\n")
    part = str(out.part)
    out.commit()
    swap = synced.index(("rename", str(target)))
    assert ("fsync", part) in synced[:swap]  # the data, before the name points at it
    assert ("fsync", str(tmp_path)) in synced[swap + 1 :]  # the new name itself


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads fd names from /proc")
def test_a_folder_export_is_fsynced_before_it_is_swapped_in(
    tmp_path: Path, synced: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)  # the two renames
    target = tmp_path / "brat"
    first = atomic.AtomicDir(target, "brat")
    (first.path / "a.txt").write_text("old", encoding="utf-8")
    first.commit()
    synced.clear()
    out = atomic.AtomicDir(target, "brat")
    (out.path / "a.txt").write_text("new", encoding="utf-8")
    built = out.path
    out.commit()
    swap = synced.index(("rename", str(target)))
    before = {name for kind, name in synced[:swap] if kind == "fsync"}
    assert {str(built / "a.txt"), str(built / atomic.MARKER), str(built)} <= before
    assert ("fsync", str(tmp_path)) in synced[swap + 1 :]


@pytest.mark.skipif(
    sys.platform == "win32" or not Path("/proc/self/fd").is_dir(),
    reason="imitates Windows on a POSIX system with /proc",
)
def test_a_folder_export_syncs_its_files_through_handles_that_may_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Windows flushes a file only through a handle open for writing (FlushFileBuffers
    needs GENERIC_WRITE; os.fsync of a read-only one fails with EBADF): a folder export
    that synced its files through read-only handles would fail there every time."""
    import errno
    import fcntl

    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        mode = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE
        if mode == os.O_RDONLY and not os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(errno.EBADF, "Bad file descriptor")  # as _commit() says it there
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    out = atomic.AtomicDir(tmp_path / "brat", "brat")
    (out.path / "a.txt").write_text("text", encoding="utf-8")
    assert out.commit() == tmp_path / "brat"
    assert (tmp_path / "brat" / "a.txt").read_text(encoding="utf-8") == "text"
