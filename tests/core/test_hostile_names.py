"""Label and annotator names read from files are shown raw in the window (toolbar, span
panel, review views): one holding a control character or a bidi embedding, override or
isolate is refused on import, naming file and line, and nothing is imported. Persian
joiners and marks are letters' business and pass."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, ImportFailed
from annotator.core.services.annotations import AnnotationService
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

TEXT = "قال الرئيس في القاهرة إنّ الاجتماع سيُعقد غداً"
CAIRO = TEXT.index("القاهرة")
HOSTILE = ["actor\u202eرئیس", "red\x1b[31m", "x\u2066y", "nul\x00", "bell\x07", "csi\x9b2J"]


def _jsonl(folder: Path, label: str, annotator: str) -> tuple[Path, int | None]:
    good = {"id": "ok", "text": "سلام", "annotator": "omid"}
    span = {"start": CAIRO, "end": CAIRO + 7, "label": label}
    record = {"id": "a", "text": TEXT, "annotator": annotator, "spans": [span]}
    path = folder / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (good, record)), "utf-8")
    return path, 2


def _labelstudio(folder: Path, label: str, annotator: str) -> tuple[Path, int | None]:
    value = {"start": CAIRO, "end": CAIRO + 7, "text": "القاهرة", "labels": [label]}
    result = {"from_name": "label", "to_name": "text", "type": "labels", "value": value}
    tasks = [
        {"id": 1, "data": {"text": "سلام"}},
        {
            "id": 2,
            "data": {"text": TEXT},
            "annotations": [{"completed_by": {"email": annotator}, "result": [result]}],
        },
    ]
    path = folder / "a.json"
    path.write_text(json.dumps(tasks, indent=1), "utf-8")
    return path, None  # a task has no line of its own


def _brat(folder: Path, label: str, annotator: str) -> tuple[Path, int | None]:
    (folder / "a.txt").write_text(TEXT, "utf-8")
    path = folder / "a.ann"
    path.write_text(f"T1\t{label} {CAIRO} {CAIRO + 7}\tالقاهرة\n", "utf-8")
    return path, None


def _csv(folder: Path, label: str, annotator: str) -> tuple[Path, int | None]:
    path = folder / "a.csv"
    path.write_text("id,text\nok,سلام\na,قال\n", "utf-8")
    return path, 2


Maker = Callable[[Path, str, str], tuple[Path, int | None]]
# (format, maker, which name is hostile, whether the annotator comes from --annotator)
CASES: list[tuple[str, Maker, str, bool]] = [
    ("jsonl", _jsonl, "label", False),
    ("jsonl", _jsonl, "annotator", False),
    ("jsonl", _jsonl, "annotator", True),
    ("labelstudio", _labelstudio, "label", False),
    ("labelstudio", _labelstudio, "annotator", False),
    ("brat", _brat, "label", True),
    ("brat", _brat, "annotator", True),
    ("csv", _csv, "annotator", True),
]


# brat's reader refuses a file holding NUL itself: that pair tests nothing of ours
PAIRS = [
    (*case, hostile)
    for case in CASES
    for hostile in HOSTILE
    if not (case[0] == "brat" and case[2] == "label" and "\x00" in hostile)
]


@pytest.mark.parametrize(
    ("fmt", "make", "which", "by_option", "hostile"),
    PAIRS,
    ids=lambda c: getattr(c, "__name__", ascii(c) if isinstance(c, str) else str(c)),
)
def test_a_hostile_label_or_annotator_is_refused_and_nothing_is_imported(
    tmp_path: Path, project: Project, persian,
    fmt: str, make: Maker, which: str, by_option: bool, hostile: str,
) -> None:  # fmt: skip
    label = hostile if which == "label" else "place"
    name = hostile if which == "annotator" else "omid"
    source, line = make(tmp_path, label, name)
    labels_before = project.labels.names()
    options = ImportOptions(fmt, annotator=name if by_option else None, add_labels=True)
    with pytest.raises(ImportFailed) as caught:
        Importer(project, persian).run([source], options)
    [problem] = caught.value.problems
    if which == "annotator" and by_option:
        assert problem.path == "--annotator"  # checked once, before any file is read
    else:
        assert problem.path == str(source)
    if line is not None and not by_option:
        assert problem.line == line
    bad = next(c for c in hostile if c in _BAD)
    assert f"{which} {hostile!r} holds U+{ord(bad):04X}" in problem.message
    assert list(project.documents.iter_all()) == []
    assert project.labels.names() == labels_before
    assert [a.name for a in project.annotators.all()] == []


_BAD = "\u202e\x1b\u2066\x00\x07\x9b\t"


@pytest.mark.parametrize("name", ["tab\tname", "line\nname"])
def test_an_annotator_name_of_two_lines_or_with_a_tab_is_refused(
    tmp_path: Path, project: Project, persian, name: str
) -> None:
    source, _ = _jsonl(tmp_path, "place", name)
    with pytest.raises(ImportFailed, match=r"annotator .* holds U\+000"):
        Importer(project, persian).run([source], ImportOptions(add_labels=True))


def test_a_persian_label_and_annotator_with_joiners_and_marks_import(
    tmp_path: Path, project: Project, persian
) -> None:
    label = "نام\u200cخانوادگی\u200f"  # ZWNJ and RLM
    annotator = "علی\u200dرضا\u061c\u200e"  # ZWJ, ALM, LRM
    source, _ = _jsonl(tmp_path, label, annotator)
    report = Importer(project, persian).run([source], ImportOptions(add_labels=True))
    assert report.labels_added == [label]
    assert report.annotators == {annotator}
    assert report.spans.added == 1


@pytest.mark.parametrize("name", ["\u202e", "actor\u202eرئیس", "a\x1b[2J", "x\u2069"], ids=ascii)
def test_the_windows_add_label_refuses_a_commanding_name(project: Project, name: str) -> None:
    service = AnnotationService(project, "sara")
    before = project.labels.names()
    with pytest.raises(AnnotatorError, match=r"control or text-direction character"):
        service.add_label(name)
    assert project.labels.names() == before


def test_a_file_s_annotator_replaced_by_the_option_or_already_held_does_not_block(
    tmp_path: Path, project: Project, persian
) -> None:
    """Only a name the import would store, new to the project, is refused: `--annotator`
    replaces the file's (never stored), and a project that already holds such a name (made
    by an earlier version) can still take the same file again."""
    source, _ = _jsonl(tmp_path, "place", "bad\u202e")
    options = ImportOptions(annotator="omid", add_labels=True)
    report = Importer(project, persian).run([source], options)
    assert report.annotators == {"omid"}
    with project.transaction():  # as an earlier version stored it
        project.db.execute(
            "INSERT INTO annotators(name, created_at) VALUES (?, '2026-01-01')", ["bad\u202e"]
        )
    project.annotators.forget_cache()
    again = Importer(project, persian).run([source], ImportOptions(add_labels=True))
    assert again.annotators == {"bad\u202e"}
