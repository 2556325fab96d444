"""A split export killed (SIGKILL) between moving its train and its dev file into place: the
next start, or the next export there, says which files are new and which are as they were
(issue 12). Before, nothing said so: a new train.jsonl sat beside an old dev.jsonl."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.formats import atomic

from ..test_cli import run

# The real `annotator export` in a child process, which dies by SIGKILL right after the first
# of its finished files has been renamed into place. Only the test wraps os.replace; the
# export runs its own code.
KILL_AFTER_FIRST_MOVE = """
import os, signal, sys
real = os.replace
def replace(src, dst):
    real(src, dst)
    if str(src).endswith(".part"):
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
from annotator.cli import main
main(sys.argv[1:], prog_name="annotator")
"""


def _split_export_killed(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    project = tmp_path / "p.seedproj"
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": f"متن شماره {i}"}) + "\n" for i in range(30)),
        encoding="utf-8",
    )
    assert run("import", str(source), "--project", str(project))[0] == 0
    out = tmp_path / "out"
    out.mkdir()
    for name in ("train", "dev"):
        (out / f"gold.{name}.jsonl").write_bytes(b"old\n")
    export = ["export", "--project", str(project), "--out", str(out / "gold.jsonl")]
    child = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_FIRST_MOVE, *export, "--split", "train=0.9,dev=0.1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    files = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    new = [name for name, data in files.items() if data != b"old\n"]
    assert new == ["gold.train.jsonl"]  # the kill came between two moves: a mixed set
    return project, out, files


@pytest.mark.slow
def test_the_next_start_says_which_files_of_a_killed_split_export_are_new(tmp_path: Path):
    project, out, files = _split_export_killed(tmp_path)
    code, _out, err = run("stats", "--project", str(project))
    assert code == 0, err
    notes = [line for line in err.splitlines() if "stopped while it moved" in line]
    assert len(notes) == 1, err
    new, before = notes[0].split("new: ")[1].split("; as they were before it: ")
    assert new == str(out / "gold.train.jsonl")
    assert before.split(" (")[0] == str(out / "gold.dev.jsonl")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == files  # told, nothing changed
    assert list(atomic.journal_dir().iterdir()) == []  # and told once
    code, _out, err = run("stats", "--project", str(project))
    assert "stopped while it moved" not in err


@pytest.mark.slow
def test_the_next_export_there_says_so_too(tmp_path: Path, monkeypatch):
    """A window open since before the kill has made its start: its next export tells."""
    from annotator.core.services.exporter import Exporter, ExportOptions
    from annotator.core.services.splits import SplitSpec
    from annotator.core.store.project import Project

    project, out, _files = _split_export_killed(tmp_path)
    with Project.open(project, create=False) as opened:
        report = Exporter(opened).run(
            out / "gold.jsonl", ExportOptions(split=SplitSpec.parse("train=0.5,test=0.5"))
        )
    assert len(report.notes) == 1
    assert f"new: {out / 'gold.train.jsonl'}; as they were before it: " in report.notes[0]
    assert str(out / "gold.dev.jsonl") in report.notes[0]
    assert list(atomic.journal_dir().glob("*.set")) == []  # told once


def test_a_set_moved_whole_tells_nothing(tmp_path: Path):
    """Every file reached its place before the kill (only the entry stayed): no note."""
    folder = tmp_path / "out"
    folder.mkdir()
    parts = []
    for name in ("a", "b"):
        part = folder / f".{name}.part"
        part.write_bytes(b"new")
        parts.append((part, folder / name))
    entry = atomic.export_journal.SetEntry(parts)
    for part, target in parts:
        os.replace(part, target)
    entry._fd, fd = None, entry._fd  # as a kill leaves it: the entry, unlocked
    assert fd is not None
    os.close(fd)
    assert atomic.recover_interrupted_exports() == []
    assert list(atomic.journal_dir().iterdir()) == []


KILL_AFTER_FIRST_SWAP = """
import os, signal, sys
from annotator.core.formats import atomic
real = atomic._exchange
def exchange(a, b):
    done = real(a, b)
    os.kill(os.getpid(), signal.SIGKILL)
atomic._exchange = exchange
from annotator.cli import main
main(sys.argv[1:], prog_name="annotator")
"""


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))}


@pytest.mark.slow
def test_a_split_brat_export_killed_between_its_folder_swaps_is_told(tmp_path: Path):
    """The same for brat's folders, swapped in one step each (RENAME_EXCHANGE)."""
    project = tmp_path / "p.seedproj"
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": f"متن شماره {i}"}) + "\n" for i in range(30)),
        encoding="utf-8",
    )
    assert run("import", str(source), "--project", str(project))[0] == 0
    out = tmp_path / "out"
    out.mkdir()
    export = ["export", "--project", str(project), "--out", str(out / "gold"), "--format", "brat"]
    export += ["--split", "train=0.5,dev=0.5"]
    assert run(*export, "--seed", "1")[0] == 0
    before = {name: _tree(out / f"gold.{name}") for name in ("train", "dev")}
    child = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_FIRST_SWAP, *export, "--seed", "2"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    code, _out, err = run("stats", "--project", str(project))
    assert code == 0, err
    assert _tree(out / "gold.train") != before["train"]
    assert _tree(out / "gold.dev") == before["dev"]
    assert (
        f"new: {out / 'gold.train'}; as they were before it: {out / 'gold.dev'} (export again"
        in err
    ), err
    assert sorted(p.name for p in out.iterdir()) == ["gold.dev", "gold.train"]  # no litter
    assert list(atomic.journal_dir().iterdir()) == []


def test_a_set_killed_before_its_first_move_tells_nothing(tmp_path: Path):
    """Killed after the entry was written but before the first file moved (brat's first
    folder swap loads ctypes; a folder moved aside is put back at start): every file is as
    it was, a set that belongs together, yet the start said they may not belong together,
    with 'new: none'."""
    folder = tmp_path / "خروجی ها"
    folder.mkdir()
    parts = []
    for name in ("gold.train.jsonl", "gold.dev.jsonl"):
        (folder / name).write_bytes(b"old\n")
        part = folder / f".{name}.abcdefgh.part"
        part.write_bytes(b"new\n")
        parts.append((part, folder / name))
    entry = atomic.export_journal.SetEntry(parts)
    entry._fd, fd = None, entry._fd  # as a kill leaves it: the entry, unlocked
    assert fd is not None
    os.close(fd)
    for part, _target in parts:  # the next start removes the dead export's part files
        part.unlink()
    assert atomic.recover_interrupted_exports() == []
    assert list(atomic.journal_dir().iterdir()) == []
