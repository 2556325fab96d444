"""The generated news corpus every benchmark uses: seed paragraphs shuffled, reproducibly."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PERSIAN_SEEDS = ("000_4b76e7f10bebfeab", "001_d7112fb7f6b438bc")
LABELS = ("actor", "date", "topic", "claim")
SEED = 20171121


def paragraphs(lang: str) -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        if (path.stem in PERSIAN_SEEDS) == (lang == "fa"):
            out += [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    return out


def news_texts(count: int, rng: random.Random, size: int = 2500) -> Iterator[tuple[str, str]]:
    """(lang, text): half Persian, half Arabic, each about `size` bytes of UTF-8."""
    pools = {"fa": paragraphs("fa"), "ar": paragraphs("ar")}
    for i in range(count):
        lang = "fa" if i % 2 == 0 else "ar"
        parts: list[str] = []
        while sum(len(p.encode("utf-8")) + 1 for p in parts) < size:
            parts.append(rng.choice(pools[lang]))
        yield lang, "\n".join(parts)


def word_spans(text: str, rng: random.Random, count: int) -> list[tuple[int, int, str]]:
    """Up to `count` (start, end, label) spans on whole words, sorted."""
    starts = [j + 1 for j, ch in enumerate(text) if ch == " "][:-1]
    spans = []
    for start in sorted(rng.sample(starts, min(count, len(starts)))):
        end = text.find(" ", start)
        if end > start:
            spans.append((start, end, rng.choice(LABELS)))
    return spans


def run_child(
    script: str, args: list[str], env: dict[str, str] | None = None, python: str | None = None
) -> dict:
    """Run `script --child ARGS` in a fresh interpreter (its own peak memory, its own
    imports; `python` for another install's) and return the JSON its last output line holds."""
    result = subprocess.run(
        [python or sys.executable, script, "--child", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise SystemExit(f"{args[0]} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def offscreen_env(home: Path) -> dict[str, str]:
    """A window's child process: offscreen, with its own user folders under `home`."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    return env


def spin(until, timeout: float = 30.0) -> None:
    """Run the window's event loop until `until()`; a window that never gets there is a
    broken benchmark, not a figure."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError("the window never got there")
        QApplication.processEvents()
        time.sleep(0.001)


def suggestions_ready(window) -> None:
    """Until the window's suggestion rules are made, its background tasks are done and the
    Arabic tokenizer is ready: what a tag's figure or picture must not wait on."""
    layer = window.annotate.suggestions
    spin(
        lambda: (
            layer._patterns is not None
            and window.tasks.running() == 0
            and window.tokenizer.ready("ar")
        ),
        timeout=120,
    )
