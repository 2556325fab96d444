"""Label Studio JSON: the editor's and converter's files, JSON-MIN, and round trips."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.core.errors import InputProblem
from annotator.core.formats.exchange import ExportDoc, ExportRelation, ExportSpan
from annotator.core.formats.labelstudio import (
    CANCELLED,
    LabelStudioWriter,
    read_labelstudio,
    sniff_labelstudio,
)
from annotator.core.formats.records import Skipped, SourceRecord

from .helpers import problems as _problems
from .helpers import records as _records
from .helpers import span as _span

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "label-studio"

FA = "😀 گزارش\u200cها از تهران می\u200cگویند که علی‌رضا به مشهد رفت."
AR = "قال الرئيس 🇪🇬 في القاهرة إنّ الاجتماع سيُعقد غداً."


def _doc(ext_id: str, text: str, spans: list[ExportSpan], **kw: object) -> ExportDoc:
    fields: dict = {
        "ext_id": ext_id,
        "title": f"title of {ext_id}",
        "text": text,
        "lang": "fa",
        "meta": {"source": "agency", "url": "https://example.org/1"},
        "annotator": "ali@example.org",
        "status": "done",
        "spans": sorted(spans, key=lambda s: (s.start, s.end)),
    }
    fields.update(kw)
    return ExportDoc(**fields)


def _write(target: Path, docs: list[ExportDoc]) -> object:
    writer = LabelStudioWriter(target)
    for doc in docs:
        writer.add(doc)
    return writer.finish()


def _write_json(path: Path, value: object) -> Path:
    path.write_bytes(orjson.dumps(value, option=orjson.OPT_INDENT_2))
    return path


# --------------------------------------------------------------------------- round trips


def test_round_trip_one_task_per_document_with_utf16_offsets(tmp_path: Path) -> None:
    fa_spans = [
        _span(11, FA, "گزارش\u200cها", "TOPIC"),
        _span(12, FA, "تهران", "LOC"),
        _span(13, FA, "علی‌رضا به مشهد", "EVENT"),  # overlaps the next one
        _span(14, FA, "مشهد", "LOC"),
    ]
    docs = [
        _doc("fa-1", FA, fa_spans, relations=[ExportRelation(13, 14, "ends_in")]),
        _doc("fa-1", FA, fa_spans[1:2], annotator="sara", status="in_progress"),
        _doc("fa-1", FA, fa_spans[:1], annotator="prediction:crf-2"),
        _doc("ar-1", AR, [_span(21, AR, "القاهرة", "LOC")], lang="ar", annotator="gold"),
        _doc("empty", "متن بدون برچسب", [], annotator=None, status="new"),
    ]
    target = tmp_path / "ls.json"
    report = _write(target, docs)
    assert report.documents == 3 and report.spans == 7
    assert set(report.lost) == {
        "annotator names that are not e-mail addresses (Label Studio gives those annotations "
        "to whoever imports them; the name stays in created_username)",
        "annotation status other than done (Label Studio annotations are submitted)",
    }

    tasks = orjson.loads(target.read_bytes())
    assert [t["data"]["id"] for t in tasks] == ["fa-1", "ar-1", "empty"]
    first = tasks[0]
    assert first["data"]["meta"] == {"source": "agency", "url": "https://example.org/1"}
    assert first["data"]["title"] == "title of fa-1"
    assert len(first["annotations"]) == 2 and len(first["predictions"]) == 1
    assert first["predictions"][0]["model_version"] == "crf-2"
    ali = first["annotations"][0]
    assert ali["completed_by"] == {"email": "ali@example.org"}
    assert "completed_by" not in first["annotations"][1]
    tehran = next(r for r in ali["result"] if r["id"] == "span-12")
    # One emoji before: UTF-16 offsets are one past the code point ones.
    assert tehran["value"]["start"] == FA.index("تهران") + 1
    assert tehran["value"]["text"] == "تهران" and tehran["value"]["labels"] == ["LOC"]
    relation = next(r for r in ali["result"] if r["type"] == "relation")
    assert relation["from_id"] == "span-13" and relation["to_id"] == "span-14"
    assert tasks[1]["annotations"][0]["ground_truth"] is True
    assert tasks[2]["annotations"] == [] and tasks[2]["predictions"] == []

    records = _records(list(read_labelstudio(target)))
    assert [(r.ext_id, r.annotator, r.predicted_by) for r in records] == [
        ("fa-1", "ali@example.org", ()),
        ("fa-1", "sara", ()),
        ("fa-1", None, ("crf-2",)),  # a prediction reads back as the model's, not a person's
        ("ar-1", "gold", ()),
        ("empty", None, ()),
    ]
    by_annotator = {r.annotator or "".join(r.predicted_by): r for r in records}
    for doc in docs[:4]:
        record = by_annotator[doc.annotator.removeprefix("prediction:")]
        assert record.text == doc.text and record.title == doc.title
        assert record.meta["source"] == "agency"
        got = sorted((s.start, s.end, s.label) for s in record.spans or record.predictions)
        assert got == [(s.start, s.end, s.label) for s in doc.spans]
        assert "import_warnings" not in record.meta
    assert not by_annotator["crf-2"].spans and not by_annotator["crf-2"].has_annotations
    ali_back = by_annotator["ali@example.org"]
    refs = {s.ref: ali_back.text[s.start : s.end] for s in ali_back.spans}
    (rel,) = ali_back.relations
    assert (refs[rel.head_ref], rel.type, refs[rel.tail_ref]) == (
        "علی‌رضا به مشهد",
        "ends_in",
        "مشهد",
    )
    assert not records[-1].has_annotations


def test_result_ids_are_stable_across_exports(tmp_path: Path) -> None:
    doc = _doc("x", AR, [_span(7, AR, "القاهرة", "LOC")], lang="ar")
    _write(tmp_path / "a.json", [doc])
    _write(tmp_path / "b.json", [doc])
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_empty_export_is_an_empty_array_and_abort_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _write(out / "empty.json", [])
    assert orjson.loads((out / "empty.json").read_bytes()) == []
    writer = LabelStudioWriter(out / "aborted.json")
    writer.add(_doc("x", AR, []))
    writer.abort()
    assert [p.name for p in out.iterdir()] == ["empty.json"]


def test_span_attributes_are_reported_lost(tmp_path: Path) -> None:
    doc = _doc("x", AR, [_span(1, AR, "القاهرة", "LOC", note="capital")], lang="ar")
    report = _write(tmp_path / "a.json", [doc])
    assert report.lost == {"span attributes (Label Studio labels have none)": 1}


# --------------------------------------------------------------------------- offsets


def test_code_point_pre_annotations_are_accepted_with_a_warning(tmp_path: Path) -> None:
    start = AR.index("القاهرة")  # after a flag: two astral characters
    task = {
        "data": {"text": AR},
        "predictions": [
            {
                "result": [
                    {
                        "id": "r1",
                        "type": "labels",
                        "value": {
                            "start": start,
                            "end": start + 7,
                            "text": "القاهرة",
                            "labels": ["LOC"],
                        },
                    }
                ]
            }
        ],
    }
    (record,) = _records(list(read_labelstudio(_write_json(tmp_path / "t.json", [task]))))
    assert AR[record.predictions[0].start : record.predictions[0].end] == "القاهرة"
    assert "code points" in record.meta["import_warnings"][0]
    assert record.annotator is None and record.predicted_by == ("label-studio",)


def test_utf16_offsets_are_read_as_such(tmp_path: Path) -> None:
    start = AR.index("القاهرة")
    task = {
        "id": 5,
        "data": {"text": AR},
        "annotations": [
            {
                "completed_by": 7,
                "result": [
                    {
                        "id": "r1",
                        "type": "labels",
                        "value": {"start": start + 2, "end": start + 9, "labels": ["LOC"]},
                    }
                ],
            }
        ],
    }
    (record,) = _records(list(read_labelstudio(_write_json(tmp_path / "t.json", [task]))))
    assert AR[record.spans[0].start : record.spans[0].end] == "القاهرة"
    assert record.annotator == "ls-user-7" and record.ext_id == "5"
    assert "import_warnings" not in record.meta


# --------------------------------------------------------------------------- real files


def _check_against_text(record: SourceRecord, path: Path) -> None:
    """Every span's text as the file gives it equals the slice of the record's text."""
    raw = orjson.loads(path.read_bytes())
    texts = {
        r["value"]["text"]
        for task in (raw if isinstance(raw, list) else [raw])
        for kind in ("annotations", "completions", "predictions")
        for item in task.get(kind, [])
        for r in item["result"]
        if r.get("type") == "labels"
    }
    for span in (*record.spans, *record.predictions):
        assert record.text[span.start : span.end] in texts


def test_v0_completions() -> None:
    path = FIXTURES / "legacy-completions-v0/348.json"
    (record,) = _records(list(read_labelstudio(path)))
    assert record.ext_id == "348" and record.annotator is None and record.status == "done"
    assert len(record.spans) == 38
    assert {s.label for s in record.spans} == {"INGREDIENT"}
    _check_against_text(record, path)
    assert any(record.text[s.start : s.end] == "Disodium Cocoamphodiacetate," for s in record.spans)


def test_editor_examples_annotations_and_predictions() -> None:
    path = FIXTURES / "lsf-examples/named_entity/annotations_1.json"
    (record,) = _records(list(read_labelstudio(path)))
    assert record.ext_id == "1" and record.meta["ls_annotation_id"] == "1001"
    assert [(record.text[s.start : s.end], s.label) for s in record.spans] == [
        ("February 22", "Date")
    ]
    assert record.meta.get("task_path") is None  # task_path is outside data: not meta

    path = FIXTURES / "lsf-examples/named_entity/tasks.json"
    (record,) = _records(list(read_labelstudio(path)))
    assert record.annotator is None and record.status is None and not record.spans
    assert [(p.model, p.label, p.score) for p in record.predictions] == [("model 1", "Date", None)]
    _check_against_text(record, path)


@pytest.mark.parametrize("name", ["tasks.json", "annotations_1.json"])
def test_span_copied_from_another_task_is_a_problem_naming_the_task(name: str) -> None:
    items = list(read_labelstudio(FIXTURES / "lsf-examples/rich_text_plain" / name))
    assert not _records(items)
    (problem,) = _problems(items)
    assert problem.message.startswith("task 1")
    assert "'February 22'" in problem.message and "' supporters'" in problem.message
    assert "343-354" in problem.message


def test_modern_envelope_with_image_results() -> None:
    records = _records(list(read_labelstudio(FIXTURES / "modern-export-envelope/csv_test.json")))
    assert [(r.ext_id, r.annotator, r.predicted_by) for r in records] == [
        ("1", "hakan@heartex.com", ()),
        ("1", None, ("model 0",)),
        ("2", "hakan@heartex.com", ()),
        ("2", None, ("model 0",)),
    ]
    assert all(r.spans == () and r.predictions == () for r in records)
    assert [r.has_annotations for r in records] == [True, False, True, False]
    assert "rectanglelabels" in records[0].meta["import_warnings"][0]
    assert records[0].text.startswith("Calif. wildfires")
    assert records[0].meta["image"].startswith("https://")


# --------------------------------------------------------------------------- JSON-MIN


def test_json_min(tmp_path: Path) -> None:
    start = FA.index("تهران")
    items = [
        {
            "text": FA,
            "id": 3,
            "label": [{"start": start + 1, "end": start + 6, "text": "تهران", "labels": ["LOC"]}],
            "sentiment": "Neutral",
            "annotator": "ali@example.org",
            "annotation_id": 9,
            "lead_time": 3.5,
        },
        {"text": "بدون متن برچسب", "id": 4, "annotator": 2, "annotation_id": 10},
    ]
    path = _write_json(tmp_path / "min.json", items)
    assert sniff_labelstudio(path, path.read_text()) == "Label Studio JSON-MIN"
    first, second = _records(list(read_labelstudio(path)))
    assert first.ext_id == "3" and first.annotator == "ali@example.org"
    assert [(FA[s.start : s.end], s.label) for s in first.spans] == [("تهران", "LOC")]
    assert first.meta["sentiment"] == "Neutral" and first.meta["ls_annotation_id"] == 9
    assert second.annotator == "ls-user-2" and second.has_annotations and not second.spans


# --------------------------------------------------------------------------- bad input


def test_text_field_choice(tmp_path: Path) -> None:
    tasks = [
        {"data": {"ner": "متن خبر", "id": "a"}, "annotations": []},
        {"data": {"body": "متن", "headline": "تیتر"}, "annotations": []},
        {"data": {"image": "https://x/1.jpg", "text": 4}, "annotations": []},
    ]
    items = list(read_labelstudio(_write_json(tmp_path / "t.json", tasks)))
    (record,) = _records(items)
    assert record.text == "متن خبر" and record.ext_id == "a" and not record.has_annotations
    several, number = _problems(items)
    assert several.message.startswith("task 2") and "body, headline" in several.message
    assert number.message.startswith("task 3")


def test_bad_results_are_problems_naming_the_task_and_annotation(tmp_path: Path) -> None:
    good = {"id": "g", "type": "labels", "value": {"start": 0, "end": 3, "labels": ["X"]}}
    tasks = [
        {
            "id": 10,
            "data": {"text": "متن خبر"},
            "annotations": [
                {"id": 1, "result": [good]},
                {"id": 2, "result": [{**good, "value": {"start": 0, "end": 99, "labels": ["X"]}}]},
                {"id": 3, "result": [{**good, "value": {"start": "0", "end": 3, "labels": ["X"]}}]},
                {"id": 4, "result": [good, {"type": "relation", "from_id": "g", "to_id": "zz"}]},
            ],
        },
        "not a task",
    ]
    items = list(read_labelstudio(_write_json(tmp_path / "t.json", tasks)))
    assert len(_records(items)) == 1
    messages = [p.message for p in _problems(items)]
    assert messages[0].startswith("task 1 (id 10), annotation 2:") and "past the end" in messages[0]
    assert (
        messages[1].startswith("task 1 (id 10), annotation 3:") and "whole numbers" in messages[1]
    )
    assert messages[2].startswith("task 1 (id 10), annotation 4:") and "relation" in messages[2]
    assert messages[3] == "task 2 is not a JSON object"


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[\n  {"data": {"text": "x"}},\n  {"data": \n]\n')
    (problem,) = list(read_labelstudio(path))
    assert isinstance(problem, InputProblem) and problem.line == 4


def test_completed_by_variants(tmp_path: Path) -> None:
    tasks = [
        {
            "data": {"text": "متن"},
            "annotations": [
                {"completed_by": {"id": 1, "email": "a@b.c"}, "result": []},
                {"completed_by": 3, "created_username": "z@y.x, 3", "result": []},
                {"completed_by": {"id": 5}, "result": [], "was_cancelled": True},
            ],
        }
    ]
    items = list(read_labelstudio(_write_json(tmp_path / "t.json", tasks)))
    assert [r.annotator for r in _records(items)] == ["a@b.c", "z@y.x"]
    # A cancelled annotation holds nothing its annotator marked: left out, and counted.
    (cancelled,) = [i for i in items if isinstance(i, Skipped)]
    assert cancelled.reason == CANCELLED and "task 1, annotation 3" in cancelled.where


# --------------------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    "name",
    [
        "legacy-completions-v0/348.json",
        "lsf-examples/named_entity/annotations_1.json",
        "lsf-examples/named_entity/tasks.json",
        "lsf-examples/rich_text_plain/tasks.json",
        "modern-export-envelope/csv_test.json",
    ],
)
def test_sniff_claims_label_studio_files(name: str) -> None:
    path = FIXTURES / name
    found = sniff_labelstudio(path, path.read_text())
    assert found is not None and found.startswith("Label Studio JSON")


def test_sniff_a_first_task_longer_than_the_head() -> None:
    head = '[{"id": 1, "annotations": [{"result": [{"value": {"start": 0' + " " * 70000
    assert sniff_labelstudio(Path("big.json"), head[:65536]) == "Label Studio JSON (tasks)"


@pytest.mark.parametrize(
    "head",
    [
        '{"text": "a", "label": [[0, 1, "X"]]}\n',  # doccano
        '{"text": "a", "spans": [{"start": 0, "end": 1, "label": "X"}]}\n',  # ours
        '{"text": "a", "tokens": [], "spans": []}\n',  # Prodigy
        '[{"text": "a", "label": [[0, 1, "X"]]}]',  # doccano JSON array
        '{"data": {"text": "a"}}',  # a bare object with no annotations
        "plain text",
    ],
)
def test_sniff_leaves_other_formats_alone(head: str) -> None:
    assert sniff_labelstudio(Path("x.json"), head) is None


def test_our_export_of_a_document_longer_than_the_head_is_recognised(tmp_path: Path) -> None:
    """Our writer puts `data` (the whole text) before `annotations`: with an article longer
    than the sniffed head, auto detection once saw no annotations and imported the export as
    one plain-text document of JSON."""
    from annotator.core.formats.sources import SNIFF_BYTES, detect

    text = (FA + "\n") * (2 * SNIFF_BYTES // len(FA.encode("utf-8")))
    _write(tmp_path / "big.json", [_doc("long", text, [_span(1, text, "تهران", "actor")])])
    assert (tmp_path / "big.json").stat().st_size > 2 * SNIFF_BYTES
    assert detect(tmp_path / "big.json")[0] == "labelstudio"
    (task,) = _records(list(read_labelstudio(tmp_path / "big.json", None)))
    start = text.index("تهران")
    assert [(s.start, s.end, s.label) for s in task.spans] == [(start, start + 5, "actor")]
