"""The `annotator` command as a user types it: exit codes, messages, files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from annotator import __version__, paths
from annotator.cli import main

from ..conftest import SEEDS


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_version_and_help():
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out
    code, out, _ = run("--help")
    assert code == 0
    for command in ("import", "export", "stats", "search", "labels"):
        assert command in out


def test_import_stats_search_export_on_a_project_file(tmp_path: Path):
    project = str(tmp_path / "p.seedproj")
    code, out, err = run("import", str(SEEDS), "--project", project)
    assert code == 0, err
    assert "Imported 5 new document(s) (3 ar, 2 fa) from 5 file(s)" in out
    code, out, _ = run("stats", "--project", project, "--json")
    stats = json.loads(out)
    assert stats["documents"] == 5 and stats["by_lang"] == {"ar": 3, "fa": 2}
    code, out, _ = run("search", "الكرملين", "--project", project)
    assert code == 0 and "002_4dcc44e69668bede" in out
    target = tmp_path / "out.jsonl"
    code, out, err = run("export", "--project", project, "--out", str(target))
    assert code == 0, err
    assert len(target.read_text(encoding="utf-8").splitlines()) == 5


def test_annotations_round_trip_through_the_command_line(tmp_path: Path):
    project = str(tmp_path / "p.seedproj")
    src = tmp_path / "sara.jsonl"
    text = "قال الكرملين إن بوتين وترامب"
    src.write_text(
        json.dumps(
            {
                "id": "k",
                "text": text,
                "spans": [{"start": 4, "end": 12, "label": "actor", "text": "الكرملين"}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    code, out, err = run("import", str(src), "--project", project, "--annotator", "sara")
    assert code == 0, err
    assert "Spans (sara): 1 added, 0 removed, 0 unchanged." in out
    code, out, _ = run("stats", "--project", project)
    assert "sara:" in out and "actor 1" in out
    target = tmp_path / "gold.jsonl"
    run("export", "--project", project, "--out", str(target), "--annotator", "sara", "--tokens")
    [line] = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert line["annotator"] == "sara" and line["spans"][0]["text"] == "الكرملين"
    assert line["spans"][0]["token_start"] == line["spans"][0]["token_end"] == 1


def test_bad_input_exits_non_zero_naming_file_and_line(tmp_path: Path):
    project = tmp_path / "p.seedproj"
    run("import", str(SEEDS / "002_4dcc44e69668bede.txt"), "--project", str(project))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "نص"}\n{oops\n', encoding="utf-8")
    code, out, err = run("import", str(bad), "--project", str(project))
    assert code == 1
    assert f"{bad}:2: not valid JSON" in err and "unchanged" in err
    code, out, _ = run("stats", "--project", str(project), "--json")
    assert json.loads(out)["documents"] == 1


def test_reading_commands_do_not_create_projects(tmp_path: Path):
    missing = tmp_path / "missing.seedproj"
    code, _, err = run("stats", "--project", str(missing))
    assert code == 1 and "no such project" in err
    code, _, err = run("export", "--project", str(missing), "--out", str(tmp_path / "x.jsonl"))
    assert code == 1 and not missing.exists()


def test_default_project_lives_in_the_user_data_folder(user_dirs: Path):
    code, out, err = run("import", str(SEEDS / "002_4dcc44e69668bede.txt"))
    assert code == 0, err
    path = paths.default_project_path()
    assert path.is_relative_to(user_dirs) and path.exists()
    assert str(path) in out


def test_labels_add_and_list(tmp_path: Path):
    project = str(tmp_path / "p.seedproj")
    code, _, err = run(
        "labels",
        "add",
        "place",
        "--project",
        project,
        "--key",
        "5",
        "--color",
        "#abcdef",
        "--description",
        "A location",
    )
    assert code == 0, err
    code, out, _ = run("labels", "list", "--project", project)
    assert "5\tplace\t#abcdef\t-\tA location" in out.splitlines()
    assert any(line.startswith("2\tdate\t") and "\tvalue\t" in line for line in out.splitlines())
    code, _, err = run("labels", "add", "place2", "--project", project, "--key", "1")
    assert code == 1 and "already taken by 'actor'" in err
    code, out, _ = run("labels", "list", "--project", project)
    assert "place2" not in out


def test_installed_entry_point_runs():
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and __version__ in result.stdout


def test_a_failed_or_dry_run_import_into_a_new_project_leaves_no_file(tmp_path: Path):
    project = tmp_path / "new.seedproj"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    code, _, err = run("import", str(bad), "--project", str(project))
    assert code == 1 and f"{bad}:1" in err
    assert list(tmp_path.glob("new.seedproj*")) == []
    code, out, _ = run("import", str(SEEDS), "--project", str(project), "--dry-run")
    assert code == 0 and "Would import 5 new document(s)" in out
    assert list(tmp_path.glob("new.seedproj*")) == []
