"""Records that can hold no span (blank text, a task the annotator passed on) are left out and
counted in one warning; the rest of the file imports (issue 12, item 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.formats.doccano import read_doccano
from annotator.core.formats.jsonl import read_jsonl
from annotator.core.formats.labelstudio import read_labelstudio
from annotator.core.formats.prodigy import read_prodigy
from annotator.core.formats.records import BLANK_TEXT, Skipped, SourceRecord
from annotator.core.model import Status
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

TEXT = "قال الرئيس في القاهرة إنّ الاجتماع سيُعقد غداً"
CAIRO = TEXT.index("القاهرة")


def _lines(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _prodigy(tmp_path: Path) -> Path:
    """Prodigy's ner.manual output: good records around two with a blank text, one ignored
    and one rejected (lines 2, 4, 5, 6)."""
    span = {"start": CAIRO, "end": CAIRO + len("القاهرة"), "label": "actor"}
    return _lines(
        tmp_path / "prodigy.jsonl",
        [
            {"text": TEXT, "spans": [span], "answer": "accept", "_input_hash": 1},
            {"text": " ", "spans": [], "answer": "accept", "_input_hash": 2},
            {"text": TEXT + " اليوم", "spans": [span], "answer": "accept", "_input_hash": 3},
            {"text": "\n", "answer": "accept", "_input_hash": 4},
            {"text": TEXT + " أمس", "spans": [span], "answer": "ignore", "_input_hash": 5},
            {"text": TEXT + " غدا", "spans": [], "answer": "reject", "_input_hash": 6},
        ],
    )


def test_prodigy_blank_and_passed_records_are_skipped_and_the_rest_imports(
    tmp_path: Path, project: Project, persian
) -> None:
    source = _prodigy(tmp_path)
    report = Importer(project, persian).run([source], ImportOptions(annotator="omid"))
    assert (report.added, report.skipped, report.spans.added) == (2, 4, 2)
    assert report.warnings[:3] == [
        f"skipped 2 record(s): blank text, first at {source}:2",
        f"skipped 1 record(s): Prodigy answer 'ignore', first at {source}:5",
        f"skipped 1 record(s): Prodigy answer 'reject', first at {source}:6",
    ]
    assert sorted(d.text for d in project.documents.iter_all()) == [TEXT, TEXT + " اليوم"]


def test_the_command_line_says_what_was_skipped_and_where(tmp_path: Path) -> None:
    from .test_cli import run

    source = _prodigy(tmp_path)
    project = str(tmp_path / "p.seedproj")
    code, out, err = run("import", str(source), "--project", project, "--annotator", "omid")
    assert code == 0, err
    assert "Imported 2 new document(s)" in out
    assert f"warning: skipped 2 record(s): blank text, first at {source}:2" in err


@pytest.mark.parametrize(
    ("reader", "record"),
    [
        (read_jsonl, {"id": "b", "text": "  \t ", "spans": []}),
        (read_doccano, {"text": " ", "label": []}),
        (read_prodigy, {"text": "\u00a0", "answer": "accept"}),
    ],
    ids=["jsonl", "doccano", "prodigy"],
)
def test_a_blank_text_is_skipped_not_a_problem(tmp_path: Path, reader, record: dict) -> None:
    good = {"text": TEXT}
    path = _lines(tmp_path / "in.jsonl", [good, record, good])
    items = list(reader(path))
    assert [type(i) for i in items] == [SourceRecord, Skipped, SourceRecord]
    assert items[1].reason == BLANK_TEXT and items[1].where == f"{path}:2"


def test_label_studio_blank_tasks_and_cancelled_annotations_are_skipped(
    tmp_path: Path, project: Project, persian
) -> None:
    span = {
        "id": "r1",
        "type": "labels",
        "from_name": "label",
        "to_name": "text",
        "value": {"start": CAIRO, "end": CAIRO + 7, "text": "القاهرة", "labels": ["actor"]},
    }
    tasks = [
        {"id": 7, "data": {"text": " "}, "annotations": [{"result": []}]},
        {
            "id": 8,
            "data": {"text": TEXT},
            "annotations": [
                {"completed_by": {"email": "a@x.org"}, "result": [span]},
                {"completed_by": {"email": "b@x.org"}, "result": [span], "was_cancelled": True},
            ],
        },
    ]
    source = tmp_path / "ls.json"
    source.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    assert [type(i) for i in read_labelstudio(source)] == [Skipped, SourceRecord, Skipped]
    report = Importer(project, persian).run([source])
    assert report.warnings[:2] == [
        f"skipped 1 record(s): blank text, first at {source} (task 1 (id 7))",
        "skipped 1 record(s): Label Studio annotation cancelled (skipped by its annotator), "
        f"first at {source} (task 2 (id 8), annotation 2)",
    ]
    (doc,) = project.documents.iter_all()
    # The cancelled annotation left nothing: b@x.org did not finish this document.
    assert project.status.get(doc.id, "a@x.org") == Status.DONE
    assert project.annotators.find("b@x.org") is None
