"""Hugging Face token-classification JSONL: export loads in `datasets`, and imports back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputProblem
from annotator.core.formats.conll import spans_from_tags
from annotator.core.formats.exchange import ExportDoc, ExportSpan
from annotator.core.formats.hf import HfWriter, label_names, labels_path, read_hf, sniff_hf
from annotator.core.formats.records import SourceRecord
from annotator.core.text.tokens import regex_tokens

FA = "خبرگزاری ایرنا از تهران گزارش داد 😀 که مصطفی مصباح‌زاده آمد.\nاو در شیراز ماند"
AR = "ذهب أحمد حسن إلى القاهرة 🇪🇬 يوم الأحد. ثم عاد إلى عمّان"


def span_at(text: str, piece: str, label: str) -> tuple[int, int, str]:
    start = text.index(piece)
    return start, start + len(piece), label


def export_doc(
    text: str, spans: list[tuple[int, int, str]], ext_id: str, annotator: str | None = None
) -> ExportDoc:
    return ExportDoc(
        ext_id=ext_id,
        title=text.split("\n")[0],
        text=text,
        lang="fa",
        meta={},
        annotator=annotator,
        status="done",
        spans=[ExportSpan(i, s, e, lab, text[s:e]) for i, (s, e, lab) in enumerate(sorted(spans))],
        tokens=regex_tokens(text),
    )


FA_SPANS = [
    span_at(FA, "ایرنا", "org"),
    span_at(FA, "تهران", "loc"),
    span_at(FA, "مصطفی مصباح‌زاده", "actor"),
    span_at(FA, "شیراز", "loc"),
]
AR_SPANS = [
    span_at(AR, "أحمد حسن", "actor"),
    span_at(AR, "القاهرة", "Population-Center"),
    span_at(AR, "عمّان", "loc"),
]


def write_export(tmp_path: Path) -> Path:
    target = tmp_path / "train.jsonl"
    writer = HfWriter(target)
    writer.add(export_doc(FA, FA_SPANS, "fa-1", annotator="sara"))
    writer.add(export_doc(AR, AR_SPANS, "ar-1"))
    report = writer.finish()
    assert report.files == [target, tmp_path / "train.labels.json"]
    assert report.documents == 2 and report.spans == 7
    assert report.lost == {}
    return target


def test_label_file_order_is_o_then_types_b_before_i() -> None:
    assert label_names({"I-loc", "O", "B-actor", "B-loc", "I-actor", "S-loc"}) == [
        "O", "B-actor", "I-actor", "B-loc", "I-loc", "S-loc",
    ]  # fmt: skip


def test_export_loads_with_datasets_and_tags_cover_the_original_spans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets  # a test dependency

    target = write_export(tmp_path)
    names = json.loads((tmp_path / "train.labels.json").read_text("utf-8"))
    assert names == [
        "O", "B-Population-Center", "I-Population-Center", "B-actor", "I-actor",
        "B-loc", "I-loc", "B-org", "I-org",
    ]  # fmt: skip
    data = datasets.load_dataset(
        "json", data_files=str(target), split="train", cache_dir=str(tmp_path / "cache")
    )
    data = data.cast_column("ner_tags", datasets.Sequence(datasets.ClassLabel(names=names)))
    assert data.features["ner_tags"].feature.names == names
    assert data.num_rows == 4  # two sentences per document
    found: dict[str, list[tuple[str, str]]] = {"fa-1": [], "ar-1": []}
    for row in data:
        tags = [names[i] for i in row["ner_tags"]]
        decoded = spans_from_tags([[t] for t in tags])
        assert decoded.orphan_starts == []
        for first, end, label in decoded.spans:
            found[row["doc_id"]].append((label, " ".join(row["tokens"][first:end])))
    assert found["fa-1"] == [(label, FA[s:e]) for s, e, label in sorted(FA_SPANS)]
    assert found["ar-1"] == [(label, AR[s:e]) for s, e, label in sorted(AR_SPANS)]
    assert data[0]["annotator"] == "sara" and data[2]["annotator"] is None
    assert "😀" in data[0]["tokens"] and "مصباح‌زاده" in data[0]["tokens"]


def test_export_imports_back_into_the_same_documents(tmp_path: Path) -> None:
    target = write_export(tmp_path)
    assert sniff_hf(target, target.read_text("utf-8")) == (
        "Hugging Face token-classification JSONL (label ids)"
    )
    records = list(read_hf(target))
    assert all(isinstance(r, SourceRecord) for r in records)
    fa, ar = records
    assert (fa.ext_id, fa.annotator, fa.line) == ("fa-1", "sara", 1)
    assert (ar.ext_id, ar.annotator, ar.line) == ("ar-1", None, 3)
    assert fa.text.count("\n") == 1 and "مصباح‌زاده" in fa.text
    for record, text, spans in ((fa, FA, FA_SPANS), (ar, AR, AR_SPANS)):
        got = [(s.label, record.text[s.start : s.end]) for s in record.spans]
        assert got == [(label, text[s:e]) for s, e, label in sorted(spans)]


def test_document_unit_writes_one_line_per_document(tmp_path: Path) -> None:
    target = tmp_path / "docs.jsonl"
    writer = HfWriter(target, unit="document", scheme="bioes")
    writer.add(export_doc(FA, FA_SPANS, "fa-1"))
    writer.finish()
    [line] = target.read_text("utf-8").splitlines()
    row = json.loads(line)
    names = json.loads((tmp_path / "docs.labels.json").read_text("utf-8"))
    assert [names[i] for i in row["ner_tags"]].count("S-loc") == 2
    [record] = read_hf(target)
    assert isinstance(record, SourceRecord) and len(record.spans) == 4


def test_import_tag_names_without_a_label_file(tmp_path: Path) -> None:
    path = tmp_path / "names.jsonl"
    rows = [
        {"id": "a", "tokens": ["علی", "رضایی", "آمد"], "ner_tags": ["B-PER", "I-PER", "O"]},
        {"id": "b", "tokens": ["في", "عمّان"], "ner_tags": ["O", "B-LOC"], "lang": "ar"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert sniff_hf(path, path.read_text("utf-8")) == (
        "Hugging Face token-classification JSONL (tag names)"
    )
    first, second = read_hf(path)
    assert isinstance(first, SourceRecord) and isinstance(second, SourceRecord)
    assert (first.ext_id, first.text, second.ext_id, second.text) == (
        "a", "علی رضایی آمد", "b", "في عمّان",
    )  # fmt: skip
    assert [(s.start, s.end, s.label) for s in first.spans] == [(0, 9, "PER")]
    assert second.meta["fields"] == {"lang": "ar"}


def test_bad_lines_are_problems_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        "\n".join(
            [
                '{"id": "1", "tokens": ["a", "b"], "ner_tags": [0, 1]}',  # no labels file
                '{"id": "2", "tokens": ["a"], "ner_tags": ["O", "O"]}',
                '{"id": "3", "tokens": ["a"], "ner_tags": ["PER"]}',
                '{"id": "4", "tokens": ["a b"], "ner_tags": ["O"]}',
                "{not json",
                '{"id": "6", "tokens": ["ok"], "ner_tags": ["B-X"]}',
            ]
        ),
        encoding="utf-8",
    )
    items = list(read_hf(path))
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [p.line for p in problems] == [1, 2, 3, 4, 5]
    assert "bad.labels.json" in problems[0].message
    assert "as long as" in problems[1].message
    assert "not a BIO tag" in problems[2].message
    assert "blank" in problems[3].message
    assert "not valid JSON" in problems[4].message
    (tmp_path / "bad.labels.json").write_text('["O", "B-X"]', encoding="utf-8")
    first = next(iter(read_hf(path)))
    assert isinstance(first, SourceRecord) and first.spans[0].label == "X"


def test_sniffer_leaves_prodigy_and_our_jsonl_alone(tmp_path: Path) -> None:
    prodigy = '{"text": "a b", "tokens": [{"text": "a", "start": 0, "end": 1, "id": 0}]}\n'
    ours = '{"text": "a b", "spans": [{"start": 0, "end": 1, "label": "X"}]}\n'
    for content in (prodigy, ours, "a\tO\nb\tB-X\n"):
        assert sniff_hf(tmp_path / "x.jsonl", content) is None


def test_abort_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    writer = HfWriter(tmp_path / "out" / "t.jsonl")
    writer.add(export_doc(FA, FA_SPANS, "fa-1"))
    writer.abort()
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads fd names from /proc")
def test_a_label_file_that_cannot_be_written_leaves_the_earlier_export_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The numbers in the data file mean what the label file beside it says: a disk that
    fills while the label file is flushed must not leave a new data file beside the old
    label file (every tag silently renamed), under a message that nothing was written."""
    import errno
    import os

    from annotator.core.errors import AnnotatorError
    from annotator.core.formats import atomic

    target = tmp_path / "out.jsonl"
    first = HfWriter(target)
    first.add(export_doc(AR, [span_at(AR, "أحمد حسن", "PER")], "d1"))
    first.finish()
    before = target.read_bytes(), labels_path(target).read_bytes()

    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if ".labels.json." in os.readlink(f"/proc/self/fd/{fd}"):  # its part file
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    second = HfWriter(target)
    second.add(export_doc(AR, [span_at(AR, "القاهرة", "LOC")], "d1"))
    with pytest.raises(AnnotatorError, match="disk is full"):
        try:
            second.finish()
        except AnnotatorError:
            second.abort()  # as the exporter does with a sink that failed
            raise
    assert (target.read_bytes(), labels_path(target).read_bytes()) == before
    assert not list(tmp_path.glob(".out.*.part"))
