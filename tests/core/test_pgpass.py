"""The password file holds the user's other saved passwords too: saving one must never
lose them, nor leave the file readable by others."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from annotator.core.team import pgpass

OTHERS = [f"db{i}.example.org:5432:*:someone{i}:secret-{i}" for i in range(200)]


def test_saving_a_password_keeps_the_others_and_the_file_private(tmp_path, monkeypatch):
    target = tmp_path / "pgpass"
    target.write_text("\n".join(OTHERS) + "\n", encoding="utf-8")
    target.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(target))
    pgpass.save("postgresql://ana@team.example.org:5433/news", "first")
    pgpass.save("postgresql://ana@team.example.org:5433/news", "se:cond")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines == [*OTHERS, "team.example.org:5433:news:ana:se\\:cond"]
    assert target.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".pgpass*"))  # no temporary file left behind


def test_a_write_cut_short_loses_none_of_the_saved_passwords(tmp_path):
    """The disk fills (here: a file size limit) halfway through writing the file."""
    target = tmp_path / "pgpass"
    before = "\n".join(OTHERS) + "\n"
    target.write_text(before, encoding="utf-8")
    target.chmod(0o600)
    script = textwrap.dedent(
        """
        import os, resource, signal, sys
        from annotator.core.team import pgpass
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
        try:
            pgpass.save("postgresql://ana@team.example.org/news", "new")
        except OSError as exc:
            sys.exit(f"failed: {exc}")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PGPASSFILE": str(target)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "File too large" in done.stderr, done.stderr
    assert target.read_text(encoding="utf-8") == before
    assert target.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".pgpass*"))
