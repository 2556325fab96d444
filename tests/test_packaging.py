"""`pip install .` must give a working app: the demo corpus and resources inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("seed_annotator-*.whl")
    return built


def test_wheel_carries_seeds_fonts_licence_and_the_command(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    seeds = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    for name in seeds:
        assert f"annotator/_data/seeds/{name}" in names
    for name in ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf", "OFL.txt"):
        assert f"annotator/_data/resources/fonts/{name}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "annotator = annotator.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_finds_its_demo_corpus_outside_the_checkout(wheel: Path, tmp_path: Path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "from annotator import paths; import annotator; "
        "print(annotator.__file__); print(paths.seeds_dir()); print(paths.resources_dir())"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    module, seeds, resources = result.stdout.split("\n")[:3]
    assert module.startswith(str(target))
    assert Path(seeds) == target / "annotator" / "_data" / "seeds"
    assert len(list(Path(seeds).glob("*.txt"))) == 5
    assert (Path(resources) / "fonts" / "OFL.txt").exists()
