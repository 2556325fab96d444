"""Our Label Studio export read by Label Studio's own converter (label-studio-converter, the
code label-studio-sdk's `Converter` carries on): it needs a task `id` (issue 12, item 5)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from label_studio_converter import Converter

from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.store.project import Project

TAGGED = "قال الرئيس في القاهرة إنّ الاجتماع في دمشق سيُعقد غداً ."
NOTHING = "وقال المتحدث إنّ الاجتماع انتهى دون بيان ."
CONFIG = """<View>
  <Labels name="label" toName="text"><Label value="actor"/><Label value="place"/></Labels>
  <Text name="text" value="$text"/>
</View>"""


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    """A document with two spans, one finished with none, one nobody opened."""
    out = tmp_path / "ls.json"
    with Project.open(tmp_path / "p.seedproj") as project, project.transaction():
        project.labels.add_new("place")
        ids = [
            project.documents.add(NewDocument(n, n, "ar", t, t, None, "none", {}, f"{n}.txt"))
            for n, t in (("tagged", TAGGED), ("nothing", NOTHING), ("new", "نص لم يفتح ."))
        ]
        for word, label in (("القاهرة", "actor"), ("دمشق", "place")):
            start = TAGGED.index(word)
            span = NewSpan(label, start, start + len(word), word)
            project.spans.add(ids[0], "ali@example.org", span)
        project.status.set(ids[0], "ali@example.org", Status.DONE)
        project.status.set(ids[1], "ali@example.org", Status.DONE)
    with Project.open(tmp_path / "p.seedproj", create=False) as project:
        Exporter(project).run(out, ExportOptions(format="labelstudio"))
    return out


def _convert(source: Path, fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / fmt
    Converter(config=CONFIG, project_dir=None).convert(str(source), str(out), fmt, is_dir=False)
    (result,) = out.iterdir()
    return result


def test_every_task_and_annotation_has_a_whole_number_id(exported: Path) -> None:
    tasks = json.loads(exported.read_text("utf-8"))
    task_ids = [t["id"] for t in tasks]
    annotation_ids = [a["id"] for t in tasks for a in t["annotations"]]
    for ids in (task_ids, annotation_ids):
        assert all(isinstance(i, int) and not isinstance(i, bool) for i in ids)
        assert len(set(ids)) == len(ids)
    assert [t["data"]["id"] for t in tasks] == ["tagged", "nothing"]  # "new": nobody's work


def test_json_min_gives_each_annotation_its_spans(exported: Path, tmp_path: Path) -> None:
    records = json.loads(_convert(exported, "JSON_MIN", tmp_path).read_text("utf-8"))
    by_text = {r["text"]: r for r in records}
    assert set(by_text) == {TAGGED, NOTHING}
    spans = sorted((s["start"], s["end"], s["text"], s["labels"]) for s in by_text[TAGGED]["label"])
    assert spans == sorted(
        (TAGGED.index(w), TAGGED.index(w) + len(w), w, [label])
        for w, label in (("القاهرة", "actor"), ("دمشق", "place"))
    )
    assert "label" not in by_text[NOTHING]  # submitted with nothing marked
    assert {r["annotator"] for r in records} == {"ali@example.org"}


def test_conll_tags_the_tokens_of_each_span(exported: Path, tmp_path: Path) -> None:
    lines = _convert(exported, "CONLL2003", tmp_path).read_text("utf-8").splitlines()
    tags = {line.split(" -X- _ ")[0]: line.split(" -X- _ ")[1] for line in lines[1:] if line}
    assert tags["القاهرة"] == "B-actor" and tags["دمشق"] == "B-place"
    assert {tags[word] for word in NOTHING.split()} == {"O"}


def test_csv_has_a_row_per_annotation(exported: Path, tmp_path: Path) -> None:
    with _convert(exported, "CSV", tmp_path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["text"] for r in rows) == sorted([TAGGED, NOTHING])
