"""INCEpTION / dkpro-cassis UIMA CAS JSON: UTF-16 offsets into the sofa become code points,
segmentation is skipped, metadata gives the id and title, relations and slots come along."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.errors import InputProblem
from annotator.core.formats.inception import read_inception, sniff_inception
from annotator.core.formats.records import SourceRecord

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "inception"
HANDMADE = FIXTURES / "annotation" / "news-fa.txt" / "alice.json"


def read_one(path: Path) -> SourceRecord:
    items = list(read_inception(path))
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert not problems, problems
    (record,) = items
    return record


def covered(record: SourceRecord) -> list[tuple[str, str]]:
    return [(s.label, record.text[s.start : s.end]) for s in record.spans]


def test_cassis_emoji_file_every_annotation_is_one_whole_word() -> None:
    record = read_one(FIXTURES / "casWithEmojiUnicodeTextAndAnnotations.json")
    # Each annotation in this UIMA test file covers one space-separated word; skin tones
    # and ZWJ sequences take 5-7 UTF-16 units, so any unit error shows as a cut word.
    assert [text for _, text in covered(record)] == record.text.split(" ")
    assert {label for label, _ in covered(record)} == {"Annotation"}
    assert record.ext_id == "casWithEmojiUnicodeTextAndAnnotations"
    assert record.annotator is None


def test_cassis_slot_feature_file() -> None:
    record = read_one(FIXTURES / "tsv3-testSimpleSlotFeature.json")
    assert record.ext_id == "doc"  # DocumentMetaData.documentId
    assert covered(record) == [
        ("SimpleLinkHost", "This"),
        ("SimpleSpan", "is"),
        ("SimpleSpan", "a"),
    ]
    at = {s.ref: record.text[s.start : s.end] for s in record.spans}
    links = sorted((at[r.head_ref], at[r.tail_ref], r.type) for r in record.relations)
    assert links == [("This", "a", "p2"), ("This", "is", "p1")]
    assert "Token (5)" in record.meta["import_warnings"][0]


def test_handmade_persian_news_with_emoji_before_entities() -> None:
    record = read_one(HANDMADE)
    assert record.annotator == "alice"  # annotation/<document>/<user>.json
    assert record.ext_id == "news-fa-001" and record.title == "گزارش دیدار"
    got = covered(record)
    assert ("PER", "علی‌رضا محمدی") in got  # after a flag (4 units) and 📰 (2 units)
    assert ("ORG", "سازمان ملل") in got and ("ORG", "سازمان") in got  # nested
    assert ("ORG", "الأمم المتحدة") in got  # after 😀 on the second line
    assert ("NamedEntity", "📰") in got  # no value: the type's name
    claim = next(s for s in record.spans if s.attrs.get("layer") == "Claim")
    assert (claim.label, claim.attrs["confidence"]) == ("neutral", 0.8)
    per = next(s for s in record.spans if s.label == "PER")
    assert per.attrs["identifier"] == "https://example.org/alireza"
    at = {s.ref: record.text[s.start : s.end] for s in record.spans}
    assert [(at[r.head_ref], at[r.tail_ref], r.type) for r in record.relations] == [
        ("علی‌رضا محمدی", "سازمان ملل", "met")
    ]
    assert not any(s.label in ("Token", "Sentence") for s in record.spans)


def cas(text: str, *annotations: dict) -> dict:
    structures = [
        {"%ID": 1, "%TYPE": "uima.cas.Sofa", "sofaID": "_InitialView", "sofaString": text}
    ]
    for i, ann in enumerate(annotations, start=2):
        structures.append({"%ID": i, "@sofa": 1, **ann})
    members = [fs["%ID"] for fs in structures[1:]]
    return {
        "%TYPES": {},
        "%FEATURE_STRUCTURES": structures,
        "%VIEWS": {"_InitialView": {"%SOFA": 1, "%MEMBERS": members}},
    }


NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"


def test_bad_offsets_and_bad_files_are_problems(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    text = "😀 تهران"  # the emoji is UTF-16 units 0-2
    path.write_text(json.dumps(cas(text, {"%TYPE": NE, "begin": 1, "end": 8, "value": "LOC"})))
    (problem,) = list(read_inception(path))
    assert isinstance(problem, InputProblem) and "in two" in problem.message

    path.write_text(json.dumps(cas(text, {"%TYPE": NE, "begin": 3, "end": 99, "value": "LOC"})))
    (problem,) = list(read_inception(path))
    assert isinstance(problem, InputProblem) and "outside" in problem.message

    path.write_text(json.dumps(cas(text, {"%TYPE": NE, "begin": 3, "end": 8, "value": "LOC"})))
    assert covered(read_one(path)) == [("LOC", "تهران")]

    path.write_text('{"%TYPES": {}, "%FEATURE_STRUCTURES": [', encoding="utf-8")
    (problem,) = list(read_inception(path))
    assert isinstance(problem, InputProblem) and "JSON" in problem.message
    path.write_text('{"text": "a", "spans": []}', encoding="utf-8")
    (problem,) = list(read_inception(path))
    assert isinstance(problem, InputProblem) and "%FEATURE_STRUCTURES" in problem.message


def test_sniffer() -> None:
    for path in FIXTURES.rglob("*.json"):
        assert sniff_inception(path, path.read_text(encoding="utf-8")[:65536])
    assert sniff_inception(Path("a.jsonl"), '{"text": "x", "spans": []}\n') is None
    assert sniff_inception(Path("a.json"), '[{"data": {"text": "x"}, "annotations": []}]') is None
    assert sniff_inception(Path("a.json"), '{"text": "x", "label": [[0, 1, "A"]]}') is None
