"""A document finished with nothing to mark is a negative example: it is kept as done for its
annotator and exported with no spans, in every format that can say so (issue 12, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.services.annotations import AnnotationService
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NEWS = FIXTURES / "prodigy" / "annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl"

TAGGED = "قال الرئيس في القاهرة إنّ الاجتماع سيُعقد غداً."
NOTHING = "وقال المتحدث إنّ الاجتماع انتهى دون بيان."
UNTOUCHED = "وصل الوفد إلى المطار صباح الأحد."


def test_accepted_prodigy_records_without_spans_come_back_out_as_done(
    tmp_path: Path, project: Project, persian
) -> None:
    """The published Prodigy file: every accepted record is finished work, spans or not."""
    raw = [orjson.loads(line) for line in NEWS.read_bytes().splitlines()]
    accepted = [r for r in raw if r["answer"] == "accept"]
    empty = [r for r in accepted if not r.get("spans")]
    assert empty  # the file has accepted records with nothing marked
    Importer(project, persian).run([NEWS], ImportOptions(annotator="ali", add_labels=True))
    out = tmp_path / "ali.jsonl"
    Exporter(project).run(out, ExportOptions(annotators=("ali",)))
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(lines) == len({r["text"] for r in accepted})
    assert {line["status"] for line in lines} == {"done"}
    nothing = [line for line in lines if line["spans"] == []]
    assert {line["text"] for line in nothing} == {r["text"] for r in empty}


def _project(path: Path) -> Project:
    """ali tagged one document, marked another done in the window with nothing in it, and
    never opened a third."""
    project = Project.open(path)
    with project.transaction():
        ids = [
            project.documents.add(
                NewDocument(name, name, "ar", text, text, None, "none", {}, f"{name}.txt")
            )
            for name, text in (("tagged", TAGGED), ("nothing", NOTHING), ("untouched", UNTOUCHED))
        ]
        start = TAGGED.index("القاهرة")
        project.spans.add(ids[0], "ali", NewSpan("actor", start, start + 7, "القاهرة"))
        project.status.set(ids[0], "ali", Status.DONE)
    AnnotationService(project, "ali").set_status(ids[1], Status.DONE)
    return project


# Formats whose files hold a finished document with no span, and read it back as one.
ROUND_TRIP = {
    "jsonl": "ali.jsonl",
    "prodigy": "ali.prodigy.jsonl",
    "doccano": "ali.doccano.jsonl",
    "labelstudio": "ali.json",
    "hf": "ali.hf.jsonl",
    "conll": "ali.conll",
}


@pytest.mark.parametrize("fmt", list(ROUND_TRIP))
def test_done_with_no_spans_is_exported_and_read_back_as_done(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ROUND_TRIP[fmt]
    with _project(tmp_path / "a.seedproj") as project:
        report = Exporter(project).run(out, ExportOptions(annotators=("ali",), format=fmt))
    assert (report.documents, report.spans) == (2, 1)  # the untouched one stays out
    with Project.open(tmp_path / "b.seedproj") as copy:
        Importer(copy).run([out], ImportOptions(format=fmt, annotator="ali"))
        found = sorted(
            (copy.status.get(doc.id, "ali").value, len(copy.spans.for_document(doc.id, "ali")))
            for doc in copy.documents.iter_all()
        )
    assert found == [("done", 0), ("done", 1)]


def test_spacy_docbin_marks_every_token_of_a_finished_empty_document_outside(
    tmp_path: Path,
) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "ali.spacy"
    with _project(tmp_path / "a.seedproj") as project:
        Exporter(project).run(out, ExportOptions(annotators=("ali",), format="spacy"))
    docs = list(DocBin().from_bytes(out.read_bytes()).get_docs(spacy.blank("xx").vocab))
    assert [d.text for d in docs] == [TAGGED, NOTHING]
    empty = docs[1]
    assert not empty.ents and {t.ent_iob_ for t in empty} == {"O"}  # "nothing", not "unknown"


def test_finished_records_without_an_annotator_are_counted_not_lost_silently(
    tmp_path: Path, project: Project, persian
) -> None:
    source = tmp_path / "p.jsonl"
    source.write_text(
        json.dumps({"text": NOTHING, "answer": "accept", "_input_hash": 7}, ensure_ascii=False)
        + "\n",
        "utf-8",
    )
    report = Importer(project, persian).run([source])
    assert report.added == 1
    assert report.warnings == [
        f"1 record(s) say the document is finished but name no annotator, first at {source}:1: "
        "imported as unannotated; pass --annotator NAME to keep them as done"
    ]


@pytest.mark.parametrize(("fmt", "name"), [("conll", "CoNLL"), ("hf", "Hugging Face JSONL")])
def test_token_formats_say_that_unfinished_work_will_read_as_finished(
    tmp_path: Path, fmt: str, name: str
) -> None:
    """Every token carries a tag, so a document half done exports as one with nothing more
    to mark: said, as Prodigy and Label Studio say what they cannot express."""
    with _project(tmp_path / "a.seedproj") as project:
        (tagged, *_rest) = project.documents.iter_all()
        project.status.set(tagged.id, "ali", Status.IN_PROGRESS)
        out = tmp_path / f"ali.{fmt}"
        report = Exporter(project).run(out, ExportOptions(annotators=("ali",), format=fmt))
    assert (
        report.lost[f"annotation status other than done ({name} tags read as finished work)"] == 1
    )
