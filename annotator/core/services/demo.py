"""The demo project: the five seed articles, loaded into a new project on first start."""

from __future__ import annotations

from pathlib import Path

from annotator.core.text.decode import read_text_file
from annotator.core.text.lang import detect_language


def demo_batches(seeds: Path) -> list[list[Path]]:
    """The seed files, those that need no hazm first: they can be shown while hazm loads."""
    files = sorted(seeds.glob("*.txt"))
    persian = [f for f in files if detect_language(read_text_file(f)) == "fa"]
    rest = [f for f in files if f not in persian]
    return [batch for batch in (rest, persian) if batch]
