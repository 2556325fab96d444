"""An import killed at any moment: the project holds all of it or none of it, opens, and
passes SQLite's check (issue 13, Proof: fault injection during an import)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core.store.project import Project

DOCUMENTS = 1500
SPANS_EACH = 5
KILLS = 12


def _write_corpus(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(DOCUMENTS):
            text = " ".join(f"کلمه{i}_{k} واژه" for k in range(40))
            spans = []
            at = 0
            for k in range(SPANS_EACH):
                word = f"کلمه{i}_{k}"
                start = text.index(word, at)
                spans.append({"start": start, "end": start + len(word), "label": "actor"})
                at = start + len(word)
            record = {"id": f"doc-{i}", "text": text, "spans": spans, "annotator": "ali"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _state(path: Path) -> tuple[int, int]:
    with Project.open(path, create=False) as project:
        check = project.db.execute("PRAGMA quick_check").fetchone()[0]
        assert check == "ok", check
        documents = project.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        spans = project.db.execute("SELECT count(*) FROM spans").fetchone()[0]
    return documents, spans


def _import(project: Path, corpus: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "annotator", "import", str(corpus)]
    command += ["--project", str(project), "--no-normalize"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_an_import_killed_at_any_moment_stores_all_or_nothing(tmp_path: Path):
    corpus = tmp_path / "corpus.jsonl"
    _write_corpus(corpus)
    project = tmp_path / "p.seedproj"
    env = dict(os.environ)
    # How long a whole import takes here, so that kills fall across all of it.
    started = time.monotonic()
    whole = _import(tmp_path / "timing.seedproj", corpus, env)
    assert whole.wait(300) == 0, whole.stderr.read() if whole.stderr else ""
    duration = time.monotonic() - started
    with Project.open(project):
        pass
    empty = _state(project)
    rng = random.Random(13)
    outcomes = []
    for _ in range(KILLS):
        before = _state(project)
        process = _import(project, corpus, env)
        time.sleep(rng.uniform(0.05, duration))
        killed = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait(60)
        after = _state(project)
        assert after in (before, (before[0] + DOCUMENTS, before[1] + DOCUMENTS * SPANS_EACH))
        if after != before:
            # stored whole: the next runs would only skip what is there
            break
        outcomes.append(killed)
    assert after in (empty, (DOCUMENTS, DOCUMENTS * SPANS_EACH))
    assert any(outcomes), "no kill landed while the import ran"
