"""The demo project: the five seed articles, loaded into a new project on first start."""

from __future__ import annotations

from pathlib import Path

from annotator.core.services.importer import Importer, ImportOptions, ImportReport
from annotator.core.store.project import Project


def create_demo_project(path: Path, seeds: Path) -> ImportReport | None:
    """Create `path` with the seed articles if it does not exist yet; None if it existed."""
    if path.exists() and path.stat().st_size > 0:
        return None
    with Project.open(path) as project:
        return Importer(project).run([seeds], ImportOptions(format="txt"))
