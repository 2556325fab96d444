"""Kill a brat export at every file-system step, then run again: `kill_export.py WORK MODE`.

Run in a fresh interpreter by test_export_kills.py: this process is single-threaded, so
forking it is safe. For step n = 1, 2, ... a forked child replaces an earlier export and dies
(os._exit) just before its n-th file-system call (open, mkdir, rename, unlink, exchange ...);
this process records what the child left, runs again (what the command line runs as it
starts, or the next export) and records what that left. One JSON line per step, judged by
the test.
MODE is `exchange` (one atomic swap) or `renames` (systems without one: two renames).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path

from annotator.core.formats import atomic
from annotator.core.formats.brat import BratWriter
from annotator.core.formats.exchange import ExportDoc, ExportSpan

TEXT = "بوتين يلتقي أردوغان في سوتشي"
KILLED = 9


def export(target: Path, *ext_ids: str) -> None:
    writer = BratWriter(target)
    try:
        for ext_id in ext_ids:
            span = ExportSpan(1, 0, 5, "actor", "بوتين")
            writer.add(ExportDoc(ext_id, "t", TEXT, "ar", {}, None, "done", [span]))
        writer.finish()
    except BaseException:
        writer.abort()
        raise


def snapshot(folder: Path) -> dict[str, str] | None:
    if not folder.is_dir():
        return None
    return {
        str(p.relative_to(folder)): p.read_bytes().hex()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".seed-export"  # the marker holds a version string
    }


def leftovers(parent: Path, keep: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name != keep)


def die_at(n: int) -> None:
    """In the child: count the file-system calls an export makes, and die before the n-th."""
    count = 0

    def step(fn):  # type: ignore[no-untyped-def]
        def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal count
            count += 1
            if count == n:
                os._exit(KILLED)
            return fn(*args, **kwargs)

        return wrapped

    for name in ("open", "mkdir", "rename", "replace", "unlink", "rmdir", "write"):
        setattr(os, name, step(getattr(os, name)))
    io.open = step(io.open)  # Path.write_text, Path.open
    if hasattr(atomic, "_exchange"):  # (getattr: the script also runs against older code)
        atomic._exchange = step(atomic._exchange)


def main_loop(work: Path, mode: str) -> None:
    if mode == "renames":
        atomic._exchange = lambda a, b: False  # as on a file system without RENAME_EXCHANGE
    work.mkdir(parents=True, exist_ok=True)
    reference = work / "reference"
    reference.mkdir()
    export(reference / "old", "a", "b")
    export(reference / "new", "c", "d", "e")
    export(reference / "next", "f")
    old, new, nxt = (snapshot(reference / n) for n in ("old", "new", "next"))
    n = 0
    while n < 500:  # far more than an export of three documents takes
        n += 1
        parent = work / f"step{n:03d}"
        parent.mkdir()
        target = parent / "brat"
        export(target, "a", "b")
        pid = os.fork()  # safe: nothing here starts a thread
        if pid == 0:
            code = 0
            try:
                die_at(n)
                export(target, "c", "d", "e")
            except BaseException as exc:
                print(f"export failed: {exc!r}", file=sys.stderr, flush=True)
                code = 3
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        state = snapshot(target)
        record = {
            "step": n,
            "exit": code,
            "left": "old" if state == old else "new" if state == new else repr(state)[:200],
            "aside": (parent / ".brat.old").is_dir(),
            "route": "start" if n % 2 else "export",
        }
        if n % 2:
            record["notes"] = getattr(atomic, "recover_interrupted_exports", list)()
            after = snapshot(target)
            record["after"] = "old" if after == old else "new" if after == new else repr(after)
        else:
            try:
                export(target, "f")
                record["after"] = "next" if snapshot(target) == nxt else "wrong"
            except Exception as exc:
                record["after"] = f"refused: {exc}"
        record["leftovers"] = leftovers(parent, "brat")
        journal = atomic.journal_dir() if hasattr(atomic, "journal_dir") else work / "none"
        record["journal"] = sorted(p.name for p in journal.glob("*"))
        print(json.dumps(record), flush=True)
        shutil.rmtree(parent)
        if code == 0:
            return
    raise SystemExit("the export never finished: it makes more steps on every run")


if __name__ == "__main__":
    main_loop(Path(sys.argv[1]), sys.argv[2])
