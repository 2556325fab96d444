"""Exported JSONL: exact offsets in either text, provenance, tokens, and a lossless round trip."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.importer import Importer
from annotator.core.store.project import Project

from ..conftest import SEEDS

PERSIAN = "000_4b76e7f10bebfeab"
ARABIC = "002_4dcc44e69668bede"


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def annotate(
    project: Project,
    ext_id: str,
    annotator: str,
    words: list[tuple[str, str]],
    status: Status | None = None,
) -> None:
    """Tag the first occurrence of each word in the stored text, as the window would."""
    key = project.documents.key_by_ext_id(ext_id)
    assert key is not None
    doc = project.documents.get(key.id)
    with project.transaction():
        for word, label in words:
            start = doc.text.index(word)
            project.spans.add(doc.id, annotator, NewSpan(label, start, start + len(word), word))
        if status is not None:
            project.status.set(doc.id, annotator, status)


@pytest.fixture
def annotated(project: Project, persian) -> Project:
    Importer(project, persian).run([SEEDS])
    annotate(
        project,
        PERSIAN,
        "sara",
        [("پوتین", "actor"), ("سوریه", "topic"), ("سهشنبه", "date")],
        Status.DONE,
    )
    annotate(project, ARABIC, "sara", [("بوتين", "actor"), ("الكرملين", "actor")])
    annotate(project, ARABIC, "omid", [("ترامب", "actor")], Status.DONE)
    return project


def test_every_span_matches_its_slice_in_both_offset_modes(annotated, tmp_path):
    for offsets in ("normalized", "original"):
        out = tmp_path / f"{offsets}.jsonl"
        Exporter(annotated).run(out, ExportOptions(offsets=offsets))
        lines = read_lines(out)
        assert sum(len(line["spans"]) for line in lines) == 6
        for line in lines:
            assert line["offsets"] == offsets and line["offset_unit"] == "codepoint"
            assert line["text_sha256"] == hashlib.sha256(line["text"].encode()).hexdigest()
            for span in line["spans"]:
                assert line["text"][span["start"] : span["end"]] == span["text"]


def test_original_offsets_point_into_the_text_as_imported(annotated, tmp_path):
    out = tmp_path / "o.jsonl"
    Exporter(annotated).run(out, ExportOptions(annotators=("sara",), offsets="original"))
    persian = next(line for line in read_lines(out) if line["id"] == PERSIAN)
    assert persian["text"] == (SEEDS / f"{PERSIAN}.txt").read_text(encoding="utf-8")
    texts = {s["label"]: s["text"] for s in persian["spans"]}
    assert texts["topic"] == "سوریە"  # the original spelling with U+06D5
    assert texts["date"] == "سەشنبە"
    assert "original_text" not in persian


def test_lines_carry_provenance_status_and_filter_by_status(annotated, tmp_path):
    out = tmp_path / "all.jsonl"
    report = Exporter(annotated).run(out)
    lines = read_lines(out)
    assert [(line["annotator"], line["id"]) for line in lines] == [
        ("sara", PERSIAN),
        ("omid", ARABIC),
        ("sara", ARABIC),
    ]
    assert (report.documents, report.spans) == (3, 6)
    persian = lines[0]
    assert persian["status"] == "done" and persian["lang"] == "fa"
    assert persian["meta"]["source"] == f"seeds/{PERSIAN}.txt"
    assert persian["original_text"] != persian["text"] and persian["normalizer"].startswith("hazm")
    done = tmp_path / "done.jsonl"
    Exporter(annotated).run(done, ExportOptions(annotators=("sara",), status="done"))
    assert [line["id"] for line in read_lines(done)] == [PERSIAN]


def test_project_without_annotations_exports_the_corpus(project, persian, tmp_path):
    Importer(project, persian).run([SEEDS])
    out = tmp_path / "corpus.jsonl"
    Exporter(project).run(out)
    lines = read_lines(out)
    assert len(lines) == 5 and all(
        line["annotator"] is None and line["spans"] == [] for line in lines
    )


def test_tokens_have_offsets_and_spans_get_token_indices(annotated, tmp_path, tokenizer):
    out = tmp_path / "t.jsonl"
    Exporter(annotated, tokenizer).run(out, ExportOptions(annotators=("sara",), tokens=True))
    for line in read_lines(out):
        tokens = line["tokens"]
        assert all(line["text"][t["start"] : t["end"]] == t["text"] for t in tokens)
        for span in line["spans"]:
            first, last = tokens[span["token_start"]], tokens[span["token_end"]]
            assert first["start"] <= span["start"] < first["end"]
            assert last["start"] < span["end"] <= last["end"]
        if line["lang"] == "fa":
            assert "سهشنبه" in {t["text"] for t in tokens}


def test_round_trip_reproduces_documents_and_spans(annotated, persian, tmp_path):
    first = tmp_path / "first.jsonl"
    Exporter(annotated).run(first)
    with Project.open(tmp_path / "copy.seedproj") as copy:
        Importer(copy, persian).run([first])
        for original in annotated.documents.iter_all():
            key = copy.documents.key_by_ext_id(original.ext_id)
            if key is None:
                continue
            doc = copy.documents.get(key.id)
            assert (doc.text, doc.original, doc.lang, doc.title, doc.meta) == (
                original.text,
                original.original,
                original.lang,
                original.title,
                original.meta,
            )
            for who in ("sara", "omid"):

                def spans(p: Project, doc_id: int, who: str = who) -> list[tuple]:
                    return [
                        (s.label, s.start, s.end, s.text, s.attrs)
                        for s in p.spans.for_document(doc_id, who)
                    ]

                assert spans(copy, doc.id) == spans(annotated, original.id)
                assert copy.status.get(doc.id, who) == annotated.status.get(original.id, who)
        second = tmp_path / "second.jsonl"
        Exporter(copy).run(second)

    def without_ids(path: Path) -> list[dict]:
        lines = read_lines(path)
        for line in lines:
            for span in line["spans"]:
                span.pop("id")
        return lines

    assert without_ids(first) == without_ids(second)


def test_relations_round_trip(project, persian, tmp_path):
    text = "قال الكرملين إن المحادثات بناءة"
    src = tmp_path / "r.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "r",
                "text": text,
                "annotator": "sara",
                "spans": [
                    {"id": "a", "start": 4, "end": 12, "label": "actor"},
                    {"id": "c", "start": 16, "end": 31, "label": "claim"},
                ],
                "relations": [{"head": "c", "tail": "a", "type": "said_by"}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    Importer(project, persian).run([src])
    out = tmp_path / "out.jsonl"
    Exporter(project).run(out)
    [line] = read_lines(out)
    ids = {s["label"]: s["id"] for s in line["spans"]}
    assert line["relations"] == [
        {"head": ids["claim"], "tail": ids["actor"], "type": "said_by", "attrs": {}}
    ]


def test_a_failed_or_cancelled_export_leaves_the_previous_file(annotated, tmp_path):
    out = tmp_path / "keep.jsonl"
    out.write_text("previous export\n", encoding="utf-8")
    with pytest.raises(Cancelled):
        Exporter(annotated).run(out, cancelled=lambda: True)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert list(tmp_path.glob("*.part")) == []
    with pytest.raises(AnnotatorError, match="no annotator called 'nobody'"):
        Exporter(annotated).run(out, ExportOptions(annotators=("nobody",)))


def test_spans_come_out_in_reading_order_whatever_order_they_were_made(project, tmp_path):
    with project.transaction():
        doc_id = project.documents.add(
            NewDocument("d", "t", "ar", "أ ب ت ث ج", "أ ب ت ث ج", None, "none", {}, "test")
        )
    for start in (8, 0, 4, 2, 6):  # tagged out of order, as an analyst jumps around
        word = "أ ب ت ث ج"[start : start + 1]
        project.spans.add(doc_id, "sara", NewSpan("actor", start, start + 1, word))
    project.spans.add(doc_id, "sara", NewSpan("topic", 0, 3, "أ ب"))
    out = tmp_path / "order.jsonl"
    Exporter(project).run(out)
    [line] = read_lines(out)
    assert [(s["start"], s["end"]) for s in line["spans"]] == [
        (0, 1),
        (0, 3),
        (2, 3),
        (4, 5),
        (6, 7),
        (8, 9),
    ]
