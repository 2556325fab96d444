"""doccano JSONL: real exports (current, 1.x, doccano's own test data) and round trips."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.core.errors import InputProblem
from annotator.core.formats.doccano import DoccanoWriter, read_doccano, sniff_doccano
from annotator.core.formats.exchange import ExportDoc, ExportRelation, ExportSpan
from annotator.core.formats.records import SourceRecord

from .helpers import problems as _problems
from .helpers import records as _records
from .helpers import span as _span

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "doccano"

FA = "گزارش\u200cها از تهران 😀 می\u200cگویند که علی‌رضا به مشهد رفت."
AR = "قال الرئيس 🇪🇬 في القاهرة إنّ الاجتماع سيُعقد غداً."


def _doc(ext_id: str, text: str, spans: list[ExportSpan], **kw: object) -> ExportDoc:
    fields: dict = {
        "ext_id": ext_id,
        "title": text.split(" ")[0],
        "text": text,
        "lang": "fa",
        "meta": {"source": "test", "title": "a meta title", "label": "a meta label"},
        "annotator": "ali",
        "status": "done",
        "spans": sorted(spans, key=lambda s: (s.start, s.end)),
    }
    fields.update(kw)
    return ExportDoc(**fields)


def _write(tmp_path: Path, docs: list[ExportDoc]) -> tuple[Path, object]:
    target = tmp_path / "out.jsonl"
    writer = DoccanoWriter(target)
    for doc in docs:
        writer.add(doc)
    return target, writer.finish()


def _assert_spans_fit(record: SourceRecord) -> None:
    for span in record.spans:
        assert 0 <= span.start < span.end <= len(record.text)


# --------------------------------------------------------------------------- round trips


def test_label_list_round_trip_keeps_offsets_ids_annotators_and_meta(tmp_path: Path) -> None:
    fa_spans = [
        _span(1, FA, "گزارش\u200cها", "TOPIC"),
        _span(2, FA, "تهران", "LOC"),
        _span(3, FA, "علی‌رضا به مشهد", "EVENT"),  # overlaps the next one
        _span(4, FA, "مشهد", "LOC"),
    ]
    ar_spans = [_span(5, AR, "القاهرة", "LOC"), _span(6, AR, "الرئيس", "PER")]
    docs = [
        _doc("fa-1", FA, fa_spans),
        _doc("fa-1", FA, fa_spans[:2], annotator="sara", status="in_progress"),
        _doc("ar-1", AR, ar_spans, lang="ar"),
    ]
    target, report = _write(tmp_path, docs)
    assert report.documents == 3 and report.spans == 8 and report.files == [target]
    assert not report.lost

    lines = [orjson.loads(line) for line in target.read_bytes().splitlines()]
    assert "entities" not in lines[0]
    assert lines[0]["label"][1] == [FA.index("تهران"), FA.index("تهران") + 5, "LOC"]
    assert lines[0]["source"] == "test"  # meta flattened, as doccano exports it
    assert lines[0]["meta.title"] == "a meta title"  # ... unless named like a doccano key
    assert lines[0]["meta.label"] == "a meta label"

    back = _records(list(read_doccano(target)))
    assert len(back) == 3
    for doc, record in zip(docs, back, strict=True):
        assert record.ext_id == doc.ext_id and record.text == doc.text
        assert record.annotator == doc.annotator and record.status == doc.status
        assert record.title == doc.title
        assert record.meta == doc.meta
        assert record.has_annotations
        got = [(s.start, s.end, s.label) for s in record.spans]
        assert got == [(s.start, s.end, s.label) for s in doc.spans]
        for span, original in zip(record.spans, doc.spans, strict=True):
            assert record.text[span.start : span.end] == original.text


def test_relations_switch_the_file_to_entities_form_including_earlier_lines(
    tmp_path: Path,
) -> None:
    plain = _doc("ar-0", AR, [_span(9, AR, "القاهرة", "LOC")], lang="ar")
    spans = [_span(1, FA, "علی‌رضا", "PER"), _span(2, FA, "مشهد", "LOC")]
    linked = _doc("fa-1", FA, spans, relations=[ExportRelation(1, 2, "went_to", {"certain": True})])
    target, report = _write(tmp_path, [plain, linked])
    assert report.lost == {"relation attributes (doccano relations have none)": 1}
    lines = [orjson.loads(line) for line in target.read_bytes().splitlines()]
    assert all("entities" in line and "label" not in line for line in lines)
    assert lines[1]["relations"] == [{"id": 0, "from_id": 1, "to_id": 2, "type": "went_to"}]
    assert not list(tmp_path.glob(".*part"))  # the first draft was removed

    first, second = _records(list(read_doccano(target)))
    assert [(s.start, s.end, s.label) for s in first.spans] == [
        (AR.index("القاهرة"), AR.index("القاهرة") + 7, "LOC")
    ]
    assert len(second.relations) == 1
    rel = second.relations[0]
    refs = {s.ref: s for s in second.spans}
    assert second.text[refs[rel.head_ref].start : refs[rel.head_ref].end] == "علی‌رضا"
    assert second.text[refs[rel.tail_ref].start : refs[rel.tail_ref].end] == "مشهد"
    assert rel.type == "went_to"


def test_span_attributes_are_reported_lost(tmp_path: Path) -> None:
    doc = _doc("x", AR, [_span(1, AR, "القاهرة", "LOC", note="capital")], lang="ar")
    _target, report = _write(tmp_path, [doc])
    assert report.lost == {"span attributes (doccano spans have none)": 1}


def test_abort_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    writer = DoccanoWriter(out / "doccano.jsonl")
    writer.add(_doc("x", AR, [], lang="ar"))
    writer.abort()
    assert list(out.iterdir()) == []


# --------------------------------------------------------------------------- offset units


def test_utf16_offsets_are_converted_when_only_they_fit(tmp_path: Path) -> None:
    text = "😀😀 مشهد"
    start = text.index("مشهد")  # 3 code points, 5 UTF-16 units
    path = tmp_path / "u16.jsonl"
    path.write_text(
        orjson.dumps({"text": text, "label": [[start + 2, start + 6, "LOC"]]}).decode() + "\n",
        encoding="utf-8",
    )
    (record,) = _records(list(read_doccano(path)))
    assert [(s.start, s.end) for s in record.spans] == [(start, start + 4)]
    assert "UTF-16" in record.meta["import_warnings"][0]


def test_code_points_win_when_both_units_fit(tmp_path: Path) -> None:
    text = "😀 تهران و مشهد"
    path = tmp_path / "cp.jsonl"
    path.write_text(orjson.dumps({"text": text, "label": [[2, 7, "LOC"]]}).decode())
    (record,) = _records(list(read_doccano(path)))
    assert text[record.spans[0].start : record.spans[0].end] == "تهران"
    assert "import_warnings" not in record.meta


def test_span_text_decides_the_unit(tmp_path: Path) -> None:
    text = "😀 تهران و مشهد"
    u16_start = text.index("مشهد") + 1
    entity = {"id": 7, "start_offset": u16_start, "end_offset": u16_start + 4, "label": "LOC"}
    path = tmp_path / "e.jsonl"
    path.write_text(orjson.dumps({"text": text, "entities": [{**entity, "text": "مشهد"}]}).decode())
    (record,) = _records(list(read_doccano(path)))
    span = record.spans[0]
    assert text[span.start : span.end] == "مشهد" and span.ref == "7"
    assert record.meta["import_warnings"]


# --------------------------------------------------------------------------- real files


def test_current_sequence_labelling_export() -> None:
    records = _records(
        list(read_doccano(FIXTURES / "current/export.sequence_labeling.example.jsonl"))
    )
    assert [r.line for r in records] == [1, 2, 3]
    assert [[r.text[s.start : s.end] for s in r.spans] for r in records] == [
        ["EU", "German"],
        ["Peter Blackburn"],
        ["Obama"],
    ]
    assert [s.label for s in records[0].spans] == ["ORG", "MISC"]


@pytest.mark.parametrize(
    "name",
    ["export.relation_extraction.example.jsonl", "import.relation_extraction.example.jsonl"],
)
def test_relation_extraction_files_including_the_pretty_printed_one(name: str) -> None:
    items = list(read_doccano(FIXTURES / "current" / name))
    assert not _problems(items)
    (record,) = _records(items)
    by_ref = {s.ref: record.text[s.start : s.end] for s in record.spans}
    assert by_ref == {
        "0": "Google",
        "1": "September 4, 1998",
        "2": "Larry Page",
        "3": "Sergey Brin",
    }
    assert [(by_ref[r.head_ref], r.type, by_ref[r.tail_ref]) for r in record.relations] == [
        ("Google", "foundedAt", "September 4, 1998"),
        ("Google", "foundedBy", "Larry Page"),
        ("Google", "foundedBy", "Sergey Brin"),
    ]


def test_custom_column_names() -> None:
    path = FIXTURES / "current/import.sequence_labeling.column_data.example.jsonl"
    (problem, *_rest) = _problems(list(read_doccano(path)))
    assert problem.line == 1 and "column_data" in problem.message  # says which keys it has
    records = _records(list(read_doccano(path, text_key="column_data", label_key="column_label")))
    assert [r.text[s.start : s.end] for r in records for s in r.spans] == [
        "EU",
        "Peter Blackburn",
        "Obama",
    ]
    assert all(r.meta == {} for r in records)


def test_legacy_labels_past_the_shortened_text_are_a_problem_on_their_line() -> None:
    items = list(read_doccano(FIXTURES / "legacy-v1/download_sequence_labeling.labels.jsonl"))
    (problem,) = _problems(items)
    assert problem.line == 1
    assert "span 2 (MISC) 11-17" in problem.message and "14 characters" in problem.message
    records = _records(items)
    assert [r.ext_id for r in records] == ["2", "3"]
    for record in records:
        _assert_spans_fit(record)


def test_legacy_annotations_with_label_ids_and_users() -> None:
    records = _records(
        list(read_doccano(FIXTURES / "legacy-v1/download_sequence_labeling.annotations.jsonl"))
    )
    assert [(r.ext_id, r.annotator) for r in records] == [
        ("1", "doccano-user-1"),
        ("2", "doccano-user-1"),
        ("3", "doccano-user-1"),
    ]
    assert [(r.text[s.start : s.end], s.label) for r in records for s in r.spans] == [
        ("EU", "2"),
        ("Peter Blackburn", "1"),
        ("Obama", "1"),
    ]
    assert "label ids" in records[0].meta["import_warnings"][0]


def test_legacy_annotations_split_per_user(tmp_path: Path) -> None:
    line = {
        "id": 4,
        "text": "سلام تهران",
        "annotations": [
            {"label": "LOC", "start_offset": 5, "end_offset": 10, "user": 1},
            {"label": "LOC", "start_offset": 5, "end_offset": 10, "user": "sara"},
        ],
    }
    path = tmp_path / "users.jsonl"
    path.write_text(orjson.dumps(line).decode())
    records = _records(list(read_doccano(path)))
    assert [r.annotator for r in records] == ["doccano-user-1", "sara"]
    assert all(len(r.spans) == 1 for r in records)


def test_doccano_test_data_missing_text_and_duplicates() -> None:
    items = list(read_doccano(FIXTURES / "test-fixtures/example.jsonl"))
    (problem,) = _problems(items)
    assert problem.line == 3 and '"text"' in problem.message
    first, second = _records(items)
    assert first.meta == {"wikiPageID": 1} and len(first.spans) == 1
    assert second.has_annotations and second.spans == ()

    (record,) = _records(list(read_doccano(FIXTURES / "test-fixtures/example_overlapping.jsonl")))
    assert len(record.spans) == 1
    assert record.meta["import_warnings"] == ["1 duplicate span(s) dropped"]


# --------------------------------------------------------------------------- bad input


def test_malformed_lines_are_problems_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    lines = [
        orjson.dumps({"text": "تهران", "label": [[0, 5, "LOC"]]}).decode(),
        '{"text": "broken", "label": [[0, 1, ',
        orjson.dumps({"text": "خوب", "label": ["positive"]}).decode(),
        orjson.dumps({"text": "خوب", "label": [[2, 1, "X"]]}).decode(),
        orjson.dumps({"text": "خوب", "label": [[0, "2", "X"]]}).decode(),
        orjson.dumps(
            {"text": "خوب", "entities": [], "relations": [{"from_id": 1, "to_id": 2}]}
        ).decode(),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_doccano(path))
    assert len(_records(items)) == 1
    problems = {p.line: p.message for p in _problems(items)}
    assert set(problems) == {2, 3, 4, 5, 6}
    assert "not valid JSON" in problems[2]
    assert "text classification" in problems[3]
    assert "empty or reversed" in problems[4]
    assert "whole numbers" in problems[5]
    assert "entity id" in problems[6]


def test_a_json_array_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "array.json"
    path.write_text(
        orjson.dumps(
            [{"text": "تهران", "label": [[0, 5, "LOC"]]}, {"text": "x", "label": [[0, 9, "Y"]]}],
            option=orjson.OPT_INDENT_2,
        ).decode()
    )
    items = list(read_doccano(path))
    assert len(_records(items)) == 1
    (problem,) = _problems(items)
    assert problem.message.startswith("record 2 of the JSON array")


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    (problem,) = list(read_doccano(tmp_path / "nope.jsonl"))
    assert isinstance(problem, InputProblem)


# --------------------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("current/export.sequence_labeling.example.jsonl", "label lists"),
        ("current/export.relation_extraction.example.jsonl", "entities"),
        ("current/import.relation_extraction.example.jsonl", "entities"),
        ("legacy-v1/download_sequence_labeling.labels.jsonl", "label lists"),
        ("legacy-v1/download_sequence_labeling.annotations.jsonl", "1.x"),
        ("test-fixtures/example.jsonl", "label lists"),
    ],
)
def test_sniff_claims_doccano_files(name: str, expected: str) -> None:
    path = FIXTURES / name
    found = sniff_doccano(path, path.read_text()[:65536])
    assert found is not None and expected in found


@pytest.mark.parametrize(
    "head",
    [
        '{"text": "a", "spans": [{"start": 0, "end": 1, "label": "X"}]}',  # ours
        '{"text": "a", "tokens": [], "spans": []}',  # Prodigy
        '[{"data": {"text": "a"}, "annotations": []}]',  # Label Studio
        '[{"text": "a", "label": [{"start": 0, "end": 1, "labels": ["X"]}]}]',  # JSON-MIN
        "plain text\n",
        '{"text": "a", "label": ["positive"]}',  # doccano text classification
    ],
)
def test_sniff_leaves_other_formats_alone(head: str) -> None:
    assert sniff_doccano(Path("x.jsonl"), head) is None
