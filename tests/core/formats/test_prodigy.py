"""Prodigy JSONL: explosion's example datasets and round trips through our tokens."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.core.formats.exchange import ExportDoc, ExportRelation, ExportSpan
from annotator.core.formats.prodigy import ProdigyWriter, read_prodigy, sniff_prodigy
from annotator.core.formats.records import Skipped
from annotator.core.text.tokens import Tokenizer, regex_tokens

from .helpers import problems as _problems
from .helpers import records as _records
from .helpers import span as _span

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "prodigy"
NEWS = FIXTURES / "annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl"
BIO = FIXTURES / "bio_events.jsonl"

FA = "😀 گزارش\u200cها از تهران می\u200cگویند که علی‌رضا به مشهد رفت."
AR = "قال الرئيس 🇪🇬 في القاهرة إنّ الاجتماع سيُعقد غداً."


def _doc(ext_id: str, text: str, lang: str, spans: list[ExportSpan], **kw: object) -> ExportDoc:
    tokenizer = kw.pop("tokenizer", None)
    tokens = tokenizer.tokenize(text, lang) if tokenizer else regex_tokens(text)
    fields: dict = {
        "ext_id": ext_id,
        "title": f"title of {ext_id}",
        "text": text,
        "lang": lang,
        "meta": {"source": "agency"},
        "annotator": "ali",
        "status": "done",
        "spans": sorted(spans, key=lambda s: (s.start, s.end)),
        "tokens": tokens,
    }
    fields.update(kw)
    return ExportDoc(**fields)


def _write(target: Path, docs: list[ExportDoc]) -> object:
    writer = ProdigyWriter(target)
    for doc in docs:
        writer.add(doc)
    return writer.finish()


# --------------------------------------------------------------------------- round trips


def test_round_trip_with_tokens_and_inclusive_token_end(
    tmp_path: Path, tokenizer: Tokenizer
) -> None:
    fa_spans = [
        _span(1, FA, "گزارش\u200cها", "TOPIC"),
        _span(2, FA, "علی‌رضا به مشهد", "EVENT"),  # overlaps the next one
        _span(3, FA, "مشهد", "LOC"),
    ]
    ar_spans = [_span(4, AR, "القاهرة", "LOC"), _span(5, AR, "الرئيس", "PER")]
    docs = [
        _doc("fa-1", FA, "fa", fa_spans, tokenizer=tokenizer),
        _doc("ar-1", AR, "ar", ar_spans, annotator=None),
    ]
    target = tmp_path / "p.jsonl"
    report = _write(target, docs)
    assert report.documents == 2 and report.spans == 5 and not report.lost

    lines = [orjson.loads(line) for line in target.read_bytes().splitlines()]
    fa_line = lines[0]
    assert fa_line["id"] == "fa-1" and fa_line["_annotator_id"] == "ali"
    assert fa_line["answer"] == "accept"
    assert fa_line["meta"] == {"source": "agency", "title": "title of fa-1"}
    tokens = fa_line["tokens"]
    assert [t["id"] for t in tokens] == list(range(len(tokens)))
    for token in tokens:
        assert FA[token["start"] : token["end"]] == token["text"]
        assert token["ws"] == (token["end"] < len(FA) and FA[token["end"]] == " ")
    assert tokens[-1]["ws"] is False
    for span in fa_line["spans"] + lines[1]["spans"]:
        text = FA if span in fa_line["spans"] else AR
        toks = tokens if text is FA else lines[1]["tokens"]
        assert toks[span["token_start"]]["start"] == span["start"]
        assert toks[span["token_end"]]["end"] == span["end"]  # inclusive
        assert text[span["start"] : span["end"]] == span["text"]
    event = next(s for s in fa_line["spans"] if s["label"] == "EVENT")
    assert event["token_end"] - event["token_start"] == 2  # three words
    assert "_annotator_id" not in lines[1]

    records = _records(list(read_prodigy(target)))
    for doc, record in zip(docs, records, strict=True):
        assert record.ext_id == doc.ext_id and record.text == doc.text
        assert record.annotator == doc.annotator and record.title == doc.title
        assert record.has_annotations and "import_warnings" not in record.meta
        got = [(s.start, s.end, s.label) for s in record.spans]
        assert got == [(s.start, s.end, s.label) for s in doc.spans]


def test_spans_off_token_edges_keep_their_offsets_and_are_reported(tmp_path: Path) -> None:
    inner = ExportSpan(1, AR.index("القاهرة") + 2, AR.index("القاهرة") + 7, "LOC", "قاهرة")
    target = tmp_path / "p.jsonl"
    report = _write(target, [_doc("ar", AR, "ar", [inner])])
    assert report.lost == {"spans not on token edges (token_start/token_end omitted)": 1}
    (span,) = orjson.loads(target.read_bytes())["spans"]
    assert "token_start" not in span and (span["start"], span["end"]) == (inner.start, inner.end)
    (record,) = _records(list(read_prodigy(target)))
    assert AR[record.spans[0].start : record.spans[0].end] == "قاهرة"


def test_relations_round_trip(tmp_path: Path) -> None:
    spans = [_span(1, AR, "الرئيس", "PER"), _span(2, AR, "القاهرة", "LOC")]
    doc = _doc("ar", AR, "ar", spans, relations=[ExportRelation(1, 2, "in")])
    target = tmp_path / "p.jsonl"
    _write(target, [doc])
    (rel,) = orjson.loads(target.read_bytes())["relations"]
    assert rel["label"] == "in" and rel["head_span"]["label"] == "PER"
    (record,) = _records(list(read_prodigy(target)))
    refs = {s.ref: AR[s.start : s.end] for s in record.spans}
    (back,) = record.relations
    assert (refs[back.head_ref], back.type, refs[back.tail_ref]) == ("الرئيس", "in", "القاهرة")


def test_status_answer_and_stale_hashes(tmp_path: Path) -> None:
    doc = _doc(
        "ar",
        AR,
        "ar",
        [],
        status="in_progress",
        meta={"answer": "ignore", "_input_hash": 5, "_task_hash": 6, "source": "x"},
    )
    target = tmp_path / "p.jsonl"
    report = _write(target, [doc])
    line = orjson.loads(target.read_bytes())
    assert line["answer"] == "ignore"
    assert "_input_hash" not in line and "_input_hash" not in line["meta"]
    assert report.lost == {
        "Prodigy hashes and session ids from an earlier import": 2,
        "annotation status other than done (Prodigy only knows answers: written as 'ignore')": 1,
    }


def test_missing_tokens_is_a_programming_error(tmp_path: Path) -> None:
    writer = ProdigyWriter(tmp_path / "p.jsonl")
    with pytest.raises(ValueError, match="tokens"):
        writer.add(_doc("ar", AR, "ar", [], tokens=None))
    writer.abort()


# --------------------------------------------------------------------------- real files


def test_news_headlines() -> None:
    items = list(read_prodigy(NEWS))
    assert not _problems(items)
    records = _records(items)
    raw = [orjson.loads(line) for line in NEWS.read_bytes().splitlines()]
    # The one record answered "ignore" is left out, and said where; the 372 accepted ones,
    # 36 of them without a "spans" key, are finished documents.
    (ignored,) = [i for i in items if isinstance(i, Skipped)]
    assert ignored.reason == "Prodigy answer 'ignore'"
    assert raw[ignored.line - 1]["answer"] == "ignore"
    accepted = [line for line in raw if line["answer"] == "accept"]
    assert len(records) == len(accepted) == 372
    assert all(r.has_annotations and r.status == "done" for r in records)
    assert sum(len(r.spans) for r in records) == 303
    for record, line in zip(records, accepted, strict=True):
        assert record.text == line["text"]
        assert [(s.start, s.end, s.label) for s in record.spans] == [
            (s["start"], s["end"], s["label"]) for s in line.get("spans", [])
        ]
        for span, given in zip(record.spans, line.get("spans", []), strict=True):
            if "text" in given:
                assert record.text[span.start : span.end] == given["text"]
            tokens = line["tokens"]
            assert tokens[given["token_start"]]["start"] == span.start
            assert tokens[given["token_end"]]["end"] == span.end
        assert record.meta["source"] == "The New York Times"
        assert "_input_hash" in record.meta
    assert all("import_warnings" not in r.meta for r in records)
    assert records[0].text[records[0].spans[0].start : records[0].spans[0].end] == "Uber"


def test_bio_events_without_tokens() -> None:
    records = _records(list(read_prodigy(BIO)))
    assert len(records) == 129 and all(r.has_annotations for r in records)
    assert {s.label for r in records for s in r.spans} == {"GGP"}
    first = records[0]
    assert [first.text[s.start : s.end] for s in first.spans] == [
        "bcr",
        "abl",
        "interferon regulatory factor 4",
        "IRF-4",
    ]


# --------------------------------------------------------------------------- bad input


def test_malformed_lines_are_problems_naming_the_line(tmp_path: Path) -> None:
    text = "سلام تهران"
    lines = [
        {"text": text, "spans": [{"start": 5, "end": 10, "label": "LOC"}]},
        {"text": text, "spans": [{"start": 5, "end": 11, "label": "LOC"}]},
        {"text": text, "spans": [{"start": 5, "end": 10, "label": "LOC", "text": "مشهد"}]},
        {"text": text, "spans": [{"start": 5, "end": 10}]},
        {"spans": []},
        {"text": text, "tokens": [{"text": "x", "start": 0, "end": 40}]},
        # offsets missing: taken from the tokens
        {
            "text": text,
            "tokens": [
                {"text": "سلام", "start": 0, "end": 4},
                {"text": "تهران", "start": 5, "end": 10},
            ],
            "spans": [{"token_start": 1, "token_end": 1, "label": "LOC"}],
        },
        # token indices that disagree with the offsets: offsets win, with a warning
        {
            "text": text,
            "tokens": [
                {"text": "سلام", "start": 0, "end": 4},
                {"text": "تهران", "start": 5, "end": 10},
            ],
            "spans": [{"start": 5, "end": 10, "token_start": 0, "token_end": 0, "label": "LOC"}],
        },
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text(
        "\n".join(orjson.dumps(line).decode() for line in lines) + "\n{oops\n", encoding="utf-8"
    )
    items = list(read_prodigy(path))
    problems = {p.line: p.message for p in _problems(items)}
    assert set(problems) == {2, 3, 4, 5, 6, 9}
    assert "runs past the end" in problems[2]
    assert "'مشهد'" in problems[3] and "'تهران'" in problems[3]
    assert "label" in problems[4]
    assert '"text"' in problems[5]
    assert "token 0" in problems[6]
    assert "not valid JSON" in problems[9]
    records = _records(items)
    assert [r.line for r in records] == [1, 7, 8]
    assert all(text[r.spans[0].start : r.spans[0].end] == "تهران" for r in records)
    assert "disagree" in records[2].meta["import_warnings"][0]


# --------------------------------------------------------------------------- sniffing


def test_sniff() -> None:
    assert sniff_prodigy(NEWS, NEWS.read_text()[:65536]) == "Prodigy JSONL (tokens and spans)"
    # Spans with bare offsets and a meta: indistinguishable from our own JSONL, which reads
    # them the same way; the sniffer leaves them to it.
    assert sniff_prodigy(BIO, BIO.read_text()[:65536]) is None


@pytest.mark.parametrize(
    "head",
    [
        # our own JSONL exported with tokens
        '{"id": "1", "text": "a", "tokens": [], "spans": [{"start": 0, "end": 1, '
        '"token_start": 0, "token_end": 0}], "offset_unit": "codepoint", "text_sha256": "x"}\n',
        '{"text": "a", "label": [[0, 1, "X"]]}\n',  # doccano
        '{"text": "a b", "tokens": ["a", "b"], "ner_tags": [0, 0]}\n',  # Hugging Face
        '[{"data": {"text": "a"}, "annotations": []}]',  # Label Studio
        "plain text",
    ],
)
def test_sniff_leaves_other_formats_alone(head: str) -> None:
    assert sniff_prodigy(Path("x.jsonl"), head) is None
