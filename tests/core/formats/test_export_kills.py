"""A brat export killed at any step: the user's folder stays whole, or the next run (a start
or an export) puts it back, and no litter of ours is left (issue 13, item 3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..test_store_faults import small_disk_available

SCRIPT = Path(__file__).with_name("kill_export.py")


def kill_every_step(work: Path, mode: str) -> list[dict]:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(work), mode],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "export failed" not in result.stderr, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith('{"step"')]


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["exchange", "renames"])
def test_a_kill_at_any_step_leaves_the_folder_whole_or_put_back(tmp_path: Path, mode: str):
    records = kill_every_step(tmp_path / "work", mode)
    kills = [r for r in records if r["exit"] == 9]
    assert records[-1]["exit"] == 0  # the last run went through: every step was tried
    assert len(kills) == len(records) - 1 >= 30
    for record in records:
        if record["left"] not in ("old", "new"):
            # Only between the two renames, and then the old folder waits beside it.
            assert mode == "renames" and record["left"] == "None" and record["aside"], record
        if record["route"] == "start":
            assert record["after"] in ("old", "new"), record
        else:
            assert record["after"] == "next", record
        assert record["leftovers"] == [], record
        assert record["journal"] == [], record
    if mode == "renames":  # the window the report found was reached, and closed again
        assert any(r["left"] == "None" for r in kills)
    print(f"{mode}: {len(kills)} kills survived")


def test_the_command_line_puts_a_folder_back_as_it_starts(tmp_path: Path):
    """A start, not only the next export, finds a dead export's journal entry."""
    from annotator.core.formats import atomic
    from annotator.core.store.project import Project

    from ..test_cli import run
    from .test_brat_replace import export, snapshot

    target = tmp_path / "out" / "brat"
    target.parent.mkdir()
    export(target, "a")
    before = snapshot(target)
    os.rename(target, target.with_name(".brat.old"))  # killed between the two renames
    stale = target.with_name(".brat.seed-export-k1ll3d00")
    (stale / "x").mkdir(parents=True)  # and its half-built folder
    journal = atomic.journal_dir()
    journal.mkdir(parents=True, exist_ok=True)
    (journal / "dead.json").write_text(json.dumps({"target": str(target), "pid": 1}))
    project = tmp_path / "p.seedproj"
    Project.open(project).close()
    code, _out, err = run("stats", "--project", str(project))
    assert code == 0
    assert f"{target}: put back" in err
    assert snapshot(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["brat"]
    assert list(journal.iterdir()) == []


def test_part_files_of_killed_exports_are_removed_by_the_next(tmp_path: Path):
    from ..test_cli import run

    project = tmp_path / "p.seedproj"
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "متن"}\n', encoding="utf-8")
    assert run("import", str(source), "--project", str(project))[0] == 0
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".gold.jsonl.k1ll3d_0.part"  # as tempfile names them
    stale.write_bytes(b'{"id": "half')
    mine = out / ".gold.jsonl.notes.part"  # not a name we make: left alone
    mine.write_bytes(b"mine")
    code, _out, err = run("export", "--project", str(project), "--out", str(out / "gold.jsonl"))
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [".gold.jsonl.notes.part", "gold.jsonl"]


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "name"), [("jsonl", "gold.jsonl"), ("brat", "brat")])
def test_a_full_disk_is_said_so_and_leaves_nothing(tmp_path: Path, fmt: str, name: str):
    """A real full disk: a 64 KiB tmpfs in a private mount namespace."""
    if not small_disk_available():
        pytest.skip("no unprivileged mount namespaces here")
    from ..test_cli import run

    project = tmp_path / "p.seedproj"
    source = tmp_path / "in.jsonl"
    text = "بوتين يلتقي أردوغان في سوتشي. " * 100  # 5 KB of UTF-8 each
    source.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": text}) + "\n" for i in range(40)),
        encoding="utf-8",
    )
    assert run("import", str(source), "--project", str(project))[0] == 0
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (
        'mount -t tmpfs -o size=64k tmpfs "$1" && '
        '"$2" -m annotator export --project "$3" --out "$1/$4" --format "$5"; '
        'echo "exit=$?"; ls -A "$1"'
    )
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", str(disk), sys.executable, str(project),
         name, fmt],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    assert f"{disk / name}: the disk is full" in result.stderr
    assert result.stdout.split() == ["exit=1"]  # and `ls -A` found nothing left on the disk
