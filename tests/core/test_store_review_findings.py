"""Review findings on opening a project: a reader must leave nothing behind that locks the
owner out, and the check at open must catch an index that disagrees with its table."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.errors import DamagedProject
from annotator.core.store.project import Project

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534
NO_OVERRIDE = "-dac_override,-dac_read_search,-fowner"


def _setpriv() -> str:
    if os.geteuid() != 0:
        pytest.skip("needs root, to run one process as the owner and another as someone else")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: another user cannot be played")
    return setpriv


def _python(prefix: list[str], code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": "/tmp"}
    return subprocess.run(
        [*prefix, sys.executable, "-c", code],
        capture_output=True, text=True, check=False, cwd="/", env=env, timeout=120,
    )  # fmt: skip


def as_reader(setpriv: str, code: str) -> subprocess.CompletedProcess[str]:
    """Someone who may not write the file: root without its power to write what is not
    writable. (Not another uid: it could not read the checkout, which may sit in a
    folder only its owner can enter, as a fresh clone in a temporary folder does.)"""
    return _python([setpriv, f"--bounding-set={NO_OVERRIDE}", f"--inh-caps={NO_OVERRIDE}"], code)


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder everyone may write in, sticky like /tmp: pytest's own is the owner's only."""
    folder = Path(tempfile.mkdtemp(prefix="seed-shared-", dir="/tmp"))
    folder.chmod(0o1777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


READ = """
from pathlib import Path
from annotator.core.store.project import Project
with Project.open(Path({path!r}), create=False, for_reading=True) as p:
    print(p.read_only, p.documents.count())
"""


@pytest.mark.parametrize("mode", [0o644, 0o664])
def test_another_user_reading_leaves_nothing_that_locks_the_owner_out(shared: Path, mode: int):
    """The file is someone else's: a reader that left -wal and -shm files of its own beside
    it locked that owner out (and in a sticky folder the owner could not delete them)."""
    setpriv = _setpriv()
    path = shared / "p.seedproj"
    Project.open(path).close()
    path.chmod(mode)
    os.chown(path, NOBODY, NOBODY)  # the owner is another user
    before = sorted(p.name for p in shared.iterdir())
    content = path.read_bytes()

    read = as_reader(setpriv, READ.format(path=str(path)))
    assert read.returncode == 0, read.stderr
    assert read.stdout.split()[0] == "the", read.stdout  # "the file is read-only"
    assert sorted(p.name for p in shared.iterdir()) == before
    assert path.read_bytes() == content


def test_another_user_reads_changes_a_writer_has_in_its_wal(shared: Path):
    """A -wal with changes in it is read (mode=ro), not passed over (immutable=1)."""
    setpriv = _setpriv()
    path = shared / "p.seedproj"
    with Project.open(path) as owner:
        path.chmod(0o644)
        os.chown(path, NOBODY, NOBODY)  # the reader may not write it; this writer (root) may
        owner.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
        with owner.transaction():
            owner.db.execute(
                "INSERT INTO documents(ext_id, title, lang, text, normalizer, text_sha256, "
                "original_sha256, length, created_at) "
                "VALUES ('d1', 't', 'en', 'x', 'n', 'a', 'b', 1, 't')"
            )
        assert (shared / "p.seedproj-wal").stat().st_size > 0
        read = as_reader(setpriv, READ.format(path=str(path)))
        assert read.returncode == 0, read.stderr
        assert read.stdout.split()[-1] == "1", read.stdout


def _index_disagreeing_with_its_table(path: Path) -> str:
    """/tmp/review2/t7_index.py: the index on original_sha256 points a digest at a planted
    row whose own original_sha256 is something else."""
    Project.open(path).close()
    digest = hashlib.sha256(b"text the victim will import later").hexdigest()
    index = "documents_original_sha256"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute(
        f"UPDATE sqlite_master SET sql='CREATE INDEX {index} ON documents(title)' "
        f"WHERE name='{index}'"
    )
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO documents(ext_id, title, lang, text, normalizer, text_sha256, "
        "original_sha256, length, created_at) "
        "VALUES ('planted', ?, 'fa', 'unrelated', 'n', 'x', 'x', 9, 't')",
        [digest],
    )
    conn.commit()
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute(
        f"UPDATE sqlite_master SET sql='CREATE INDEX {index} ON documents(original_sha256)' "
        f"WHERE name='{index}'"
    )
    conn.commit()
    conn.close()
    return digest


@pytest.mark.parametrize("for_reading", [False, True])
def test_an_index_that_disagrees_with_its_table_is_refused_as_damaged(
    tmp_path: Path, for_reading: bool
):
    path = tmp_path / "h.seedproj"
    _index_disagreeing_with_its_table(path)
    content = path.read_bytes()
    with pytest.raises(DamagedProject, match="missing from index"):
        Project.open(path, create=False, for_reading=for_reading)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.glob("h.seedproj*")) == ["h.seedproj"]
