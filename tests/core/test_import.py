"""Importing real articles: identity, languages, normalisation, spans, and all-or-nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import Cancelled, ImportFailed
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

from ..conftest import SEEDS

PERSIAN = "000_4b76e7f10bebfeab"
ARABIC = "002_4dcc44e69668bede"


def dump(path: Path) -> str:
    """Everything in a project file, to prove a failed import changed nothing."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    return path


def by_ext(project: Project, ext_id: str):
    key = project.documents.key_by_ext_id(ext_id)
    assert key is not None, ext_id
    return project.documents.get(key.id)


def test_seed_folder_imports_with_ids_titles_languages_and_sources(importer, project):
    report = importer.run([SEEDS])
    assert (report.added, report.existing, report.files) == (5, 0, 5)
    assert dict(report.by_lang) == {"fa": 2, "ar": 3}
    docs = list(project.documents.iter_all())
    assert [d.ext_id for d in docs] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert [d.lang for d in docs] == ["fa", "fa", "ar", "ar", "ar"]
    arabic = by_ext(project, ARABIC)
    assert arabic.title == "بوتين يطلع ترامب على نتائج لقائه الأسد"
    assert arabic.meta["source"] == f"seeds/{ARABIC}.txt"
    assert arabic.original == (SEEDS / f"{ARABIC}.txt").read_text(encoding="utf-8")
    # The first Persian title a new user sees is the article's headline, not the scraped
    # page's «لینکهای قابلیت دسترسی» (its accessibility-links line) as before.
    persian = by_ext(project, "001_d7112fb7f6b438bc")
    assert persian.title == "روحانی و پوتین یک بار دیگر تلفنی بر سر بحران سوریه گفتوگو کردند"


def test_persian_is_normalised_with_hazm_and_the_original_is_kept(importer, project):
    importer.run([SEEDS])
    doc = by_ext(project, PERSIAN)
    assert "ە" in doc.original and "ە" not in doc.text
    assert doc.normalizer.startswith("hazm")
    assert doc.text != doc.original and doc.offset_map_json is not None


def test_arabic_gets_only_safe_fixes(importer, project):
    importer.run([SEEDS])
    doc = by_ext(project, ARABIC)
    assert "\u00a0" in doc.original and "\u00a0" not in doc.text
    assert doc.text.count("ي") == doc.original.count("ي") > 0
    assert doc.text.count("ك") == doc.original.count("ك")
    assert len(doc.text) == len(doc.original)


def test_normalisation_can_be_switched_off_for_the_project(project_path, persian):
    with Project.open(project_path) as project:
        Importer(project, persian).run([SEEDS], ImportOptions(normalize=False))
    with Project.open(project_path) as project:
        assert by_ext(project, PERSIAN).text == by_ext(project, PERSIAN).original
        # the choice was stored with the new project and holds for later imports
        extra = project_path.parent / "more.txt"
        extra.write_text("رئیس جمهور روسە\n", encoding="utf-8")
        Importer(project, persian).run([extra])
        assert by_ext(project, "more").text == "رئیس جمهور روسە\n"


def test_reimport_does_not_duplicate(importer, project):
    importer.run([SEEDS])
    report = importer.run([SEEDS])
    assert (report.added, report.existing) == (0, 5)
    assert project.documents.count() == 5


def test_records_without_id_are_matched_by_text(importer, project, tmp_path):
    csv_path = tmp_path / "news.csv"
    csv_path.write_text('title,text,source\n"عنوان","بوتين يطلع ترامب",agency\n', encoding="utf-8")
    importer.run([csv_path])
    report = importer.run([csv_path])
    assert (report.added, report.existing) == (0, 1)
    [doc] = project.documents.iter_all()
    assert doc.title == "عنوان" and doc.meta["source"] == "agency"


def test_csv_with_ids_multiline_text_and_extra_columns(importer, project, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        'id,text,date\nx1,"سطر أول\nسطر ثان",2017-11-21\nx2,"كلام آخر",2017-11-22\n',
        encoding="utf-8",
    )
    importer.run([path])
    doc = by_ext(project, "x1")
    assert doc.text == "سطر أول\nسطر ثان" and doc.title == "سطر أول"
    assert doc.meta["date"] == "2017-11-21"


def test_jsonl_spans_on_the_original_text_land_on_the_normalised_text(importer, project, tmp_path):
    original = (SEEDS / f"{PERSIAN}.txt").read_text(encoding="utf-8")
    word = "سوریە"  # written with U+06D5, which hazm turns into ه
    start = original.index(word)
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {
                "id": "fa1",
                "text": original,
                "annotator": "sara",
                "status": "done",
                "spans": [
                    {"start": start, "end": start + len(word), "label": "topic", "text": word}
                ],
            }
        ],
    )
    report = importer.run([path])
    assert (report.spans.added, report.annotators) == (1, {"sara"})
    doc = by_ext(project, "fa1")
    [span] = project.spans.for_document(doc.id)
    assert span.text == "سوریه" == doc.text[span.start : span.end]
    from annotator.core.model import Status

    assert project.status.get(doc.id, "sara") == Status.DONE


def test_offsets_with_emoji_zwnj_diacritics_latin_digits_and_crlf(importer, project, tmp_path):
    text = "😀 قالَ الكرملينُ\r\nإن Vladimir Putin تحدث ٢١ نوفمبر 2017 مع می‌خواهد 🇮🇷 ترامب"
    spans = []
    for word, label in (
        ("الكرملينُ", "actor"),
        ("Vladimir Putin", "actor"),
        ("٢١ نوفمبر 2017", "date"),
        ("می‌خواهد", "claim"),
        ("ترامب", "actor"),
    ):
        s = text.index(word)
        spans.append({"start": s, "end": s + len(word), "label": label, "text": word})
    path = write_jsonl(
        tmp_path / "e.jsonl", [{"id": "e", "text": text, "annotator": "sara", "spans": spans}]
    )
    importer.run([path])
    doc = by_ext(project, "e")
    assert "\r" not in doc.text and doc.lang == "ar"
    stored = project.spans.for_document(doc.id)
    assert [s.text for s in stored] == [sp["text"] for sp in spans]
    assert all(doc.text[s.start : s.end] == s.text for s in stored)


def test_utf16_offsets_are_converted(importer, project, tmp_path):
    text = "😀 بوتين"
    path = write_jsonl(
        tmp_path / "u.jsonl",
        [
            {
                "id": "u",
                "text": text,
                "annotator": "a",
                "offset_unit": "utf16",
                "spans": [{"start": 3, "end": 8, "label": "actor", "text": "بوتين"}],
            }
        ],
    )
    importer.run([path])
    [span] = project.spans.for_document(by_ext(project, "u").id)
    assert (span.start, span.end, span.text) == (2, 7, "بوتين")


def test_utf8_bom_and_utf16_bom_are_accepted(importer, project, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bom8.txt").write_bytes("\ufeffعنوان\nنص".encode())
    (tmp_path / "in" / "bom16.txt").write_bytes("عنوان آخر\r\nنص".encode("utf-16"))
    importer.run([tmp_path / "in"])
    assert by_ext(project, "bom8").text == "عنوان\nنص"
    assert by_ext(project, "bom16").text == "عنوان آخر\nنص"


def test_cp1256_is_named_and_can_be_read_with_encoding(importer, project, tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes(
        (SEEDS / f"{ARABIC}.txt")
        .read_text(encoding="utf-8")
        .replace("\u00a0", " ")
        .encode("cp1256", errors="replace")
    )
    with pytest.raises(ImportFailed) as failure:
        importer.run([path])
    message = str(failure.value)
    assert "old.txt:1" in message and "not UTF-8" in message
    assert "1256" in message and "--encoding" in message
    assert project.documents.count() == 0
    importer.run([path], ImportOptions(encoding="cp1256"))
    assert by_ext(project, "old").title == "بوتين يطلع ترامب على نتائج لقائه الأسد"


BAD_CASES = {
    "binary": (
        "pic.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "pic.txt",
        "binary",
    ),
    "empty": ("empty.txt", b"", "empty.txt", "empty"),
    "malformed JSONL": (
        "m.jsonl",
        b'{"id": "1", "text": "a"}\n\n{"id": "2", "text": \n',
        "m.jsonl:3",
        "not valid JSON",
    ),
    "out of range": (
        "r.jsonl",
        json.dumps(
            {
                "id": "1",
                "text": "نص",
                "annotator": "a",
                "spans": [{"start": 1, "end": 9, "label": "actor"}],
            }
        ).encode(),
        "r.jsonl:1",
        "outside the text",
    ),
    "text mismatch": (
        "t.jsonl",
        json.dumps(
            {
                "id": "1",
                "text": "بوتين وترامب",
                "annotator": "a",
                "spans": [{"start": 0, "end": 5, "label": "actor", "text": "ترامب"}],
            },
            ensure_ascii=False,
        ).encode(),
        "t.jsonl:1",
        "says 'ترامب'",
    ),
    "unknown label": (
        "l.jsonl",
        json.dumps(
            {
                "id": "1",
                "text": "بوتين",
                "annotator": "a",
                "spans": [{"start": 0, "end": 5, "label": "PER"}],
            }
        ).encode(),
        "l.jsonl:1",
        "unknown label 'PER'",
    ),
    "no annotator": (
        "n.jsonl",
        json.dumps(
            {"id": "1", "text": "بوتين", "spans": [{"start": 0, "end": 5, "label": "actor"}]}
        ).encode(),
        "n.jsonl:1",
        "--annotator",
    ),
    "no text": ("x.jsonl", b'{"id": "1", "title": "t"}\n', "x.jsonl:1", '"text"'),
    "csv without text column": ("c.csv", b"id,body\n1,x\n", "c.csv:1", "no 'text' column"),
}


@pytest.mark.parametrize("case", list(BAD_CASES), ids=list(BAD_CASES))
def test_bad_input_is_named_and_nothing_is_imported(
    case, importer, project, project_path, tmp_path
):
    importer.run([SEEDS / f"{ARABIC}.txt"])  # something already stored must survive
    name, content, where, what = BAD_CASES[case]
    good = tmp_path / "good.txt"
    good.write_text("خبر جيد\nنص", encoding="utf-8")  # read before the bad file
    bad = tmp_path / name
    bad.write_bytes(content)
    before = dump(project_path)
    with pytest.raises(ImportFailed) as failure:
        importer.run([good, bad])
    message = str(failure.value)
    assert where in message and what in message
    assert "unchanged" in message
    assert dump(project_path) == before


def test_missing_path_and_same_id_with_other_text(importer, project, tmp_path):
    with pytest.raises(ImportFailed, match="no such file or folder"):
        importer.run([tmp_path / "nowhere"])
    importer.run([SEEDS / f"{ARABIC}.txt"])
    other = tmp_path / f"{ARABIC}.txt"
    other.write_text("نص مختلف تماما", encoding="utf-8")
    with pytest.raises(ImportFailed, match=f"'{ARABIC}' is already in the project"):
        importer.run([other])


def test_every_problem_is_listed_at_once(importer, tmp_path):
    lines = [
        json.dumps(
            {
                "id": str(i),
                "text": "نص",
                "annotator": "a",
                "spans": [{"start": 0, "end": 2, "label": "bad"}],
            }
        )
        for i in range(3)
    ]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        importer.run([path])
    assert [p.line for p in failure.value.problems] == [1, 2, 3]


def test_add_labels_adds_unknown_labels(importer, project, tmp_path):
    path = write_jsonl(
        tmp_path / "l.jsonl",
        [
            {
                "id": "1",
                "text": "بوتين",
                "annotator": "a",
                "spans": [{"start": 0, "end": 5, "label": "PER"}],
            }
        ],
    )
    report = importer.run([path], ImportOptions(add_labels=True))
    assert report.labels_added == ["PER"]
    assert "PER" in project.labels.names()


def test_dry_run_and_cancel_store_nothing(importer, project, project_path):
    before = dump(project_path)
    report = importer.run([SEEDS], ImportOptions(dry_run=True))
    assert report.added == 5 and report.dry_run
    assert dump(project_path) == before
    with pytest.raises(Cancelled):
        importer.run([SEEDS], cancelled=lambda: True)
    assert dump(project_path) == before


def test_progress_reaches_the_total(importer):
    seen = []
    importer.run([SEEDS], progress=seen.append)
    assert (
        seen[-1].bytes_done
        == seen[-1].bytes_total
        == sum(p.stat().st_size for p in SEEDS.glob("*.txt"))
    )
    assert seen[-1].documents == 5


def test_reimporting_an_analysts_newer_file_replaces_their_spans(importer, project, tmp_path):
    text = "بوتين يطلع ترامب على نتائج"
    first = write_jsonl(
        tmp_path / "v1.jsonl",
        [
            {
                "id": "d",
                "text": text,
                "annotator": "sara",
                "spans": [
                    {"start": 0, "end": 5, "label": "actor"},
                    {"start": 11, "end": 16, "label": "actor"},
                ],
            }
        ],
    )
    importer.run([first])
    second = write_jsonl(
        tmp_path / "v2.jsonl",
        [
            {
                "id": "d",
                "text": text,
                "annotator": "sara",
                "spans": [{"start": 0, "end": 5, "label": "actor"}],
            }
        ],
    )
    report = importer.run([second])
    assert (report.spans.added, report.spans.removed, report.spans.unchanged) == (0, 1, 1)
    assert len(project.spans.for_document(by_ext(project, "d").id)) == 1


def test_many_persian_documents_use_worker_processes_with_identical_results(
    importer, project, persian, tmp_path
):
    paragraphs = [
        p
        for f in ("000_4b76e7f10bebfeab", "001_d7112fb7f6b438bc")
        for p in (SEEDS / f"{f}.txt").read_text(encoding="utf-8").split("\n\n")
        if len(p) > 40
    ]
    records = [
        {"id": f"p{i}", "text": "\n\n".join(paragraphs[i % len(paragraphs) :][:4])}
        for i in range(40)
    ]
    path = write_jsonl(tmp_path / "fa.jsonl", records)
    importer.run([path])
    docs = list(project.documents.iter_all())
    assert len(docs) == 40 and {d.lang for d in docs} == {"fa"}
    for doc in docs:
        assert doc.text == persian.normalize(doc.original).text
