"""What others wrote and a project keeps is shown through one of two rules. A name (a
colleague's label, annotator, link type: `text.names.shown_name`) shows every control, line
break or text-direction character as its escape. A document's title or id (its own words:
`shown_title`) shows as escapes only what would spoof or break its line (controls, line
breaks, the overrides, an unpaired embedding or isolate), so a title holding U+202E cannot
make a list's line read as something else, nor a newline split it; a tab (a Persian
couplet's halves) shows as a space, and paired embeddings and isolates (Persian text from
Word) stay. Persian and Arabic joiners and marks stay as they are. On import, link types
follow the labels' rule (refused, naming file and line, but for one the project holds); a
title or id is the document's and is kept, with a warning naming where and what."""

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
from annotator.core.text.names import name_problem, shown_id, shown_name, shown_title

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
def test_a_commanding_character_in_a_name_is_shown_as_its_escape(raw: str, seen: str) -> None:
    """Names stay strict, a tab too: "a b" and "a<TAB>b" are two labels."""
    assert shown_name(raw) == seen


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
    assert shown_name(name) is name
    assert shown_title(name) is name


def test_the_terminal_escapes_as_the_window_does_but_keeps_its_lines() -> None:
    """One escape for both: the command line's own output has lines and tabs."""
    hostile = "a\u202eb\x1bc\u2067d"
    assert for_terminal(hostile) == shown_name(hostile)
    assert for_terminal("one\ttwo\n") == "one\ttwo\n"


COUPLET = "بنی‌آدم اعضای یکدیگرند\tکه در آفرینش ز یک گوهرند"
RLE, LRE, PDF, RLO, LRO = "\u202b", "\u202a", "\u202c", "\u202e", "\u202d"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


@pytest.mark.parametrize(
    ("raw", "seen"),
    [
        (COUPLET, COUPLET.replace("\t", " ")),  # a couplet's two halves: a space between
        (f"{RLE}گزارش{PDF} سالانه", f"{FSI}{RLE}گزارش{PDF} سالانه{PDI}"),  # from Word: kept
        (
            f"{LRE}GDP{PDF} {RLI}ایران{PDI} {FSI}x{PDI}",
            f"{FSI}{LRE}GDP{PDF} {RLI}ایران{PDI} {FSI}x{PDI}{PDI}",
        ),
        (f"{RLE}a {LRI}b{PDI} c{PDF}", f"{FSI}{RLE}a {LRI}b{PDI} c{PDF}{PDI}"),  # nested
        (f"invoice{RLO}fdp.exe", "invoice\\u202efdp.exe"),  # overrides: always escaped
        (f"a{LRO}b{PDF}", "a\\u202db\\u202c"),  # the PDF closing it then closes nothing
        (f"{RLE}عنوان", "\\u202bعنوان"),  # left open: reorders what follows the title
        (f"a{PDI}b", "a\\u2069b"),  # closes nothing
        (f"{LRI}a{PDF}b{PDI}", f"{LRI}a\\u202cb{PDI}"),  # a PDF does not close an isolate
        (f"{RLE}a{LRI}b{PDF}c{PDI}", f"\\u202ba{LRI}b\\u202cc{PDI}"),  # crossed
        ("two\nlines\r", "two\\u000alines\\u000d"),
        ("red\x1b[31m nel\x85", "red\\u001b[31m nel\\u0085"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
    ],
    ids=ascii,
)
def test_a_title_shows_escaped_only_what_spoofs_or_breaks_its_line(raw: str, seen: str) -> None:
    assert shown_title(raw) == seen


def test_a_title_with_a_tab_or_paired_embeddings_imports_without_a_warning(
    tmp_path: Path, project: Project, persian
) -> None:
    """Saadi's couplet, its halves parted by a tab, is a plain text file's title; a title
    copied from Word holds RLE ... PDF: neither spoofs anything."""
    (tmp_path / "saadi.txt").write_text(COUPLET + "\nچو عضوی به درد آورد روزگار\n", "utf-8")
    records = [{"id": "w", "text": TEXT, "title": f"{RLE}گزارش{PDF}\t{RLI}سالانه{PDI}"}]
    word = tmp_path / "word.jsonl"
    word.write_text(json.dumps(records[0]) + "\n", "utf-8")
    report = Importer(project, persian).run([tmp_path / "saadi.txt", word], ImportOptions())
    assert report.added == 2
    assert [w for w in report.warnings if "title or id" in w] == []
    assert sorted(d.title for d in project.documents.iter_all()) == sorted(
        [COUPLET, records[0]["title"]]
    )


@pytest.mark.parametrize(
    ("title", "named"),
    [
        (
            "two\nlines",
            "U+000A (control character); kept as they are, and shown with such "
            "characters escaped (as \\u000a)",
        ),
        (f"{RLE}left open", "U+202B (RIGHT-TO-LEFT EMBEDDING)"),
        ("a\u2028b", "U+2028 (LINE SEPARATOR)"),
    ],
    ids=ascii,
)
def test_the_title_warning_names_the_character_found_and_where(
    tmp_path: Path, project: Project, persian, title: str, named: str
) -> None:
    """Not always "\\u202e", nor a text-direction character when it is a line break."""
    records = [{"id": "ok", "text": "سلام"}, {"id": "b", "text": TEXT, "title": title}]
    path = tmp_path / "titles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    report = Importer(project, persian).run([path], ImportOptions())
    [warning] = [w for w in report.warnings if "title or id" in w]
    assert f"first at {path}:2: {named}" in warning, warning
    assert "202e" not in warning.lower()


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


def test_a_link_type_the_project_holds_already_imports_and_a_new_project_refuses_it(
    tmp_path: Path, project_path: Path, persian
) -> None:
    """Link types were never checked before: a project may hold `founded\u202eBy`. Its
    own links, exported and imported again, must not be refused for that name."""
    held = "founded\u202eBy"
    with Project.open(project_path) as project:
        Importer(project, persian).run(
            [_linked(tmp_path, "said_by")], ImportOptions(add_labels=True)
        )
        with project.transaction():  # as an earlier version stored it
            project.db.execute("UPDATE relations SET type = ?", [held])
    more = tmp_path / "more"
    more.mkdir()
    source = _linked(more, held)
    lines = source.read_text("utf-8").replace('"id": "a"', '"id": "a2"')
    source.write_text(lines.replace('"id": "ok"', '"id": "ok2"'), "utf-8")
    with Project.open(project_path) as project:
        report = Importer(project, persian).run([source], ImportOptions())
        assert report.added == 2
        types = project.db.execute("SELECT type FROM relations ORDER BY id").fetchall()
        assert [t for (t,) in types] == [held, held]
    with Project.open(tmp_path / "new.seedproj") as fresh:
        with pytest.raises(ImportFailed) as caught:
            Importer(fresh, persian).run([source], ImportOptions(add_labels=True))
        [problem] = caught.value.problems
        assert (problem.path, problem.line) == (str(source), 2)
        assert problem.message.startswith(f"link type {held!r} holds U+202E")
        assert list(fresh.documents.iter_all()) == []


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
    assert warning.startswith("2 document(s) have a title or id holding a character that")
    assert f"first at {path}:2: U+202E (RIGHT-TO-LEFT OVERRIDE)" in warning
    assert "escaped (as \\u202e)" in warning


def test_the_command_lines_search_and_stats_keep_one_line_to_a_hit_and_a_label(
    tmp_path: Path, project_path: Path, persian
) -> None:
    """A pipe gets `search` as one hit a line, three tab-separated fields, and `stats` one
    annotator a line: a title's line break and a label's newline are shown escaped, a
    title's tab as a space; an id's escaped, as a name's (an id is typed back)."""
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
    assert found.stdout == "d\\u00091\tar\ta b\\u000ac\\u202e\n"
    stats = runner.invoke(main, ["stats", "--project", str(project_path)]).stdout
    assert "  om\\u202eid: new 1; spans 1 (pla\\u000ace 1)\n" in stats, stats


def test_a_title_keeping_an_embedding_is_shown_inside_an_isolate():
    """Its drawing is tested in tests/gui/test_names_shown_escaped.py."""
    assert shown_title("\u202breport\u202c") == "\u2068\u202breport\u202c\u2069"
    assert shown_title("\u2067x\u2069") == "\u2067x\u2069"  # an isolate as it is


def test_an_id_is_shown_by_the_names_rule_so_no_two_look_alike():
    """An id is a key a lead types back (`team release ID`)."""
    assert shown_id("d\t1") != shown_id("d 1")
    assert shown_id("\u202b10 01\u202c") == "\\u202b10 01\\u202c"
    assert shown_id("خبر‌ها-1") == "خبر‌ها-1"  # ZWNJ is the word's


def test_an_id_holding_a_tab_is_named_in_the_import_warning(tmp_path, persian):
    """It is shown escaped (shown_id), so the import says so, as for a title."""
    source = tmp_path / "ids.jsonl"
    source.write_text(json.dumps({"id": "d\t1", "text": TEXT}) + "\n", "utf-8")
    with Project.open(tmp_path / "p.seedproj") as project:
        report = Importer(project, persian).run([source], ImportOptions(add_labels=True))
    said = "\n".join(report.warnings)
    assert "ids.jsonl:1" in said and "U+0009" in said, said
