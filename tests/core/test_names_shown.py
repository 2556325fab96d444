"""What others wrote and a project keeps (a colleague's labels, annotators, link types, a
document's title and id) is shown through one function, `text.names.shown`: a control,
line break or text-direction character shows as its escape, so a title holding U+202E
cannot make a list's line read as something else, nor a newline split it. Persian and
Arabic joiners and marks stay as they are. On import, link types follow the labels' rule
(refused, naming file and line); a title or id is the document's and is kept, with a
warning naming where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.cli_common import for_terminal
from annotator.core.errors import ImportFailed
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project
from annotator.core.text.names import name_problem, shown

TEXT = "قال الرئيس في القاهرة إنّ الاجتماع سيُعقد غداً"
CAIRO = TEXT.index("القاهرة")


@pytest.mark.parametrize(
    ("raw", "seen"),
    [
        ("exe.\u202etxt", "exe.\\u202etxt"),  # reads as "exe.txt" reversed otherwise
        ("a\u2066b\u2069c", "a\\u2066b\\u2069c"),
        ("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
        ("two\nlines", "two\\u000alines"),
        ("tab\there\r", "tab\\u0009here\\u000d"),
        ("red\x1b[31m", "red\\u001b[31m"),
        (
            "nul\x00 bell\x07 del\x7f csi\x9b nel\x85",
            "nul\\u0000 bell\\u0007 del\\u007f csi\\u009b nel\\u0085",
        ),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
    ],
    ids=ascii,
)
def test_a_commanding_character_is_shown_as_its_escape(raw: str, seen: str) -> None:
    assert shown(raw) == seen


@pytest.mark.parametrize(
    "name",
    [
        "نام\u200cخانوادگی",  # ZWNJ
        "علی\u200dرضا",  # ZWJ
        "سارا\u200f (RLM)",
        "Ali\u200e",  # LRM
        "\u061cمحمد",  # ALM
        "الكرملين «موسكو»، 2024",
        "plain",
        "",
    ],
    ids=ascii,
)
def test_persian_and_arabic_joiners_and_marks_are_shown_as_they_are(name: str) -> None:
    assert shown(name) is name


def test_the_terminal_escapes_as_the_window_does_but_keeps_its_lines() -> None:
    """One escape for both: the command line's own output has lines and tabs."""
    hostile = "a\u202eb\x1bc\u2067d"
    assert for_terminal(hostile) == shown(hostile)
    assert for_terminal("one\ttwo\n") == "one\ttwo\n"


def test_a_line_or_paragraph_separator_in_a_name_is_refused() -> None:
    """Qt breaks a line at U+2028 as at a newline: a name is one line."""
    assert name_problem("actor\u2028ADMIN", "label") is not None
    assert name_problem("actor\u2029", "annotator") is not None


def _linked(folder: Path, link_type: str) -> Path:
    good = {"id": "ok", "text": "سلام", "annotator": "omid"}
    spans = [
        {"id": "s1", "start": 0, "end": 3, "label": "actor"},
        {"id": "s2", "start": CAIRO, "end": CAIRO + 7, "label": "place"},
    ]
    links = [{"head": "s1", "tail": "s2", "type": link_type}]
    record = {"id": "a", "text": TEXT, "annotator": "omid", "spans": spans, "relations": links}
    path = folder / "links.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (good, record)), "utf-8")
    return path


@pytest.mark.parametrize("link_type", ["said_by\u202eyb_dias", "in\nside", "x\x1b[2J"], ids=ascii)
def test_a_link_type_holding_a_commanding_character_is_refused_naming_file_and_line(
    tmp_path: Path, project: Project, persian, link_type: str
) -> None:
    source = _linked(tmp_path, link_type)
    with pytest.raises(ImportFailed) as caught:
        Importer(project, persian).run([source], ImportOptions(add_labels=True))
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == (str(source), 2)
    assert problem.message.startswith(f"link type {link_type!r} holds U+")
    assert list(project.documents.iter_all()) == []


def test_a_persian_link_type_with_a_joiner_imports(
    tmp_path: Path, project: Project, persian
) -> None:
    source = _linked(tmp_path, "گفته\u200cشده")
    report = Importer(project, persian).run([source], ImportOptions(add_labels=True))
    assert report.added == 2 and report.spans.added == 2


def test_a_brat_link_type_holding_an_override_is_refused_naming_the_file(
    tmp_path: Path, project: Project, persian
) -> None:
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    path = tmp_path / "a.ann"
    path.write_text(
        f"T1\tactor 0 3\tقال\nT2\tplace {CAIRO} {CAIRO + 7}\tالقاهرة\n"
        "R1\tsaid\u202eby Arg1:T1 Arg2:T2\n",
        "utf-8",
    )
    options = ImportOptions(annotator="omid", add_labels=True)
    with pytest.raises(ImportFailed) as caught:
        Importer(project, persian).run([path], options)
    [problem] = caught.value.problems
    assert problem.path == str(path)
    assert "link type 'said\\u202eby' holds U+202E" in problem.message
    assert list(project.documents.iter_all()) == []


def test_a_title_or_id_holding_commanding_characters_is_kept_and_the_import_says_where(
    tmp_path: Path, project: Project, persian
) -> None:
    """A hostile title does not refuse a file of good documents: each is stored as the
    file gives it (exports give it back), and the warning names the first line."""
    records = [
        {"id": "ok", "text": "سلام", "title": "گزارش\u200cها"},
        {"id": "b", "text": TEXT, "title": "invoice\u202efdp.exe\nsecond line"},
        {"id": "c\u2067d", "text": "متن دیگر"},
    ]
    path = tmp_path / "titles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    report = Importer(project, persian).run([path], ImportOptions())
    assert report.added == 3
    stored = {d.ext_id: d.title for d in project.documents.iter_all()}
    assert stored["b"] == "invoice\u202efdp.exe\nsecond line"
    assert "c\u2067d" in stored
    [warning] = [w for w in report.warnings if "title or id" in w]
    assert warning.startswith("2 document(s) have a title or id holding a control")
    assert f"first at {path}:2 (U+202E)" in warning


def test_the_command_lines_search_and_stats_keep_one_line_to_a_hit_and_a_label(
    tmp_path: Path, project_path: Path, persian
) -> None:
    """A pipe gets `search` as one hit a line, three tab-separated fields, and `stats` one
    annotator a line: a title's tab or line break, a label's newline, are shown escaped."""
    source = tmp_path / "one.jsonl"
    record = {"id": "d\t1", "title": "a\tb\nc\u202e", "text": TEXT, "annotator": "omid"}
    record["spans"] = [{"start": CAIRO, "end": CAIRO + 7, "label": "place"}]
    source.write_text(json.dumps(record) + "\n", "utf-8")
    with Project.open(project_path) as project:
        Importer(project, persian).run([source], ImportOptions(add_labels=True))
        with project.transaction():
            project.db.execute("UPDATE labels SET name = 'pla\nce' WHERE name = 'place'")
            project.db.execute("UPDATE annotators SET name = 'om\u202eid' WHERE name = 'omid'")
    runner = CliRunner()
    found = runner.invoke(main, ["search", "القاهرة", "--project", str(project_path)])
    assert found.stdout == "d\\u00091\tar\ta\\u0009b\\u000ac\\u202e\n"
    stats = runner.invoke(main, ["stats", "--project", str(project_path)]).stdout
    assert "  om\\u202eid: new 1; spans 1 (pla\\u000ace 1)\n" in stats, stats
