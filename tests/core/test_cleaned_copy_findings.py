"""The cleaned copy of a refused project, as a review found it could go wrong: a changed
record of schema changes copied along, and a damaged original ending in a traceback."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import ForeignSchemaError, ProjectError
from annotator.core.store.cleaning import make_cleaned_copy
from annotator.core.store.project import Project


def test_a_changed_record_of_schema_changes_is_not_copied_into_the_clean_copy(tmp_path: Path):
    """The record table was refused as changed, yet its rows (naming a migration from the
    future) were copied: the cleaned copy could not be opened."""
    path = tmp_path / "h.seedproj"
    Project.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE _sqlite_migrations ADD COLUMN note TEXT")
    conn.execute(
        "UPDATE _sqlite_migrations SET name = 'm009_future' WHERE name = 'm004_suggestions'"
    )
    conn.commit()
    conn.close()
    with pytest.raises(ForeignSchemaError):
        Project.open(path, create=False)
    report = make_cleaned_copy(path)
    with Project.open(report.copy, create=False) as project:
        names = [r[0] for r in project.db.execute("SELECT name FROM _sqlite_migrations")]
    assert "m009_future" not in names and "m004_suggestions" in names


def test_a_damaged_original_is_said_and_leaves_no_copy(tmp_path: Path):
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "h.seedproj"
    Project.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.executemany(
        "INSERT INTO documents(ext_id, lang, text, normalizer, text_sha256, original_sha256, "
        "length, created_at) VALUES (?, 'fa', ?, 'n', 'x', 'x', 1, 't')",
        [(f"d{i}", "x" * 3000) for i in range(300)],
    )
    conn.execute("CREATE TRIGGER evil AFTER INSERT ON labels BEGIN SELECT 1; END")
    conn.commit()
    conn.close()
    size = path.stat().st_size
    with path.open("r+b") as damaged:
        damaged.seek(size - 4096 * 30)
        damaged.write(os.urandom(4096 * 20))
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="no cleaned copy was made"):
        make_cleaned_copy(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["h.seedproj"]


def test_data_nested_past_reading_is_said_not_a_traceback(tmp_path: Path):
    """A project whose schema is ours exactly, with a document's metadata nested 200,000
    deep: every check passed, then `export` ended in a RecursionError traceback."""
    import subprocess
    import sys

    path = tmp_path / "h.seedproj"
    Project.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO documents(ext_id, lang, text, normalizer, text_sha256, original_sha256, "
        "length, meta, created_at) VALUES ('d', 'fa', 'hello world', 'n', 'x', 'x', 11, ?, 't')",
        ["[" * 200_000 + "]" * 200_000],
    )
    conn.commit()
    conn.close()
    out = tmp_path / "o.jsonl"
    command = [sys.executable, "-m", "annotator", "export", "--project", str(path)]
    result = subprocess.run(
        [*command, "--format", "jsonl", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # Refused as it opens now, naming the row (rows_check): json_valid finds it no object.
    said = f"{path}: holds rows Seed Annotator cannot use (document 1: its meta is not a JSON"
    assert said in result.stderr
    assert not out.exists()
