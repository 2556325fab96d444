"""Hostile and odd input files (issue 13, items 5, 8, 9, 10, 14): each is refused with the
file (and line) named, or imported whole; nothing reaches the user as a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import ImportFailed, InputError, InputProblem
from annotator.core.formats.brat import BratWriter, read_brat
from annotator.core.formats.csvfile import read_csv
from annotator.core.formats.exchange import ExportDoc, ExportSpan
from annotator.core.formats.records import BLANK_TEXT, Skipped, SourceRecord
from annotator.core.formats.registry import READERS
from annotator.core.formats.sources import expand
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project
from annotator.core.text.decode import decode_bytes

from .test_cli import run

TEXT = "قال الرئيس في القاهرة إنّ الاجتماع سيُعقد غداً"
CAIRO = TEXT.index("القاهرة")


def _jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _problems(items) -> list[InputProblem]:
    return [i for i in items if isinstance(i, InputProblem)]


# -- 13.5: one label name, however the file spells it ---------------------------------------


@pytest.mark.parametrize("raw", [" place ", "place\n", "\tplace", "place\r\n"])
def test_a_label_with_spaces_or_a_line_break_is_added_once_and_used(
    tmp_path: Path, project: Project, persian, raw: str
) -> None:
    span = {"start": CAIRO, "end": CAIRO + 7, "label": raw}
    source = _jsonl(tmp_path / "a.jsonl", {"id": "a", "text": TEXT, "spans": [span]})
    report = Importer(project, persian).run(
        [source], ImportOptions(annotator="omid", add_labels=True)
    )
    assert report.labels_added == ["place"]
    assert report.spans.added == 1
    doc = next(project.documents.iter_all())
    assert [s.label for s in project.spans.for_document(doc.id, "omid")] == ["place"]


def test_a_label_spelled_with_spaces_matches_the_projects_label(
    tmp_path: Path, project: Project, persian
) -> None:
    span = {"start": CAIRO, "end": CAIRO + 7, "label": " actor\n"}
    source = _jsonl(tmp_path / "a.jsonl", {"id": "a", "text": TEXT, "spans": [span]})
    report = Importer(project, persian).run([source], ImportOptions(annotator="omid"))
    assert report.labels_added == [] and report.spans.added == 1


def test_a_blank_label_is_refused_naming_the_line(tmp_path: Path, project: Project, persian):
    span = {"start": CAIRO, "end": CAIRO + 7, "label": " \n "}
    source = _jsonl(tmp_path / "a.jsonl", {"id": "a", "text": TEXT, "spans": [span]})
    with pytest.raises(ImportFailed) as caught:
        Importer(project, persian).run([source], ImportOptions(annotator="o", add_labels=True))
    assert str(caught.value).startswith(f"{source}:1: ")


def test_labels_add_on_the_command_line_keeps_the_cleaned_name(tmp_path: Path) -> None:
    project = str(tmp_path / "p.seedproj")
    code, out, err = run("labels", "add", " place ", "--project", project, "--key", "7")
    assert code == 0, err
    assert "Added label 'place'" in out
    with Project.open(Path(project)) as opened:
        assert [(lab.name, lab.shortcut) for lab in opened.labels.all() if lab.name == "place"] == [
            ("place", "7")
        ]


# -- 13.8: deeply nested JSON ------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_deeply_nested_json_is_refused_naming_the_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    files, problems = expand([path], "auto")
    assert files == []
    assert [str(p) for p in problems] == [f"{path}: JSON nested too deeply to read"]


def test_deeply_nested_json_on_the_command_line_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"a":' * 50_000 + "1" + "}" * 50_000, encoding="utf-8")
    code, _out, err = run("import", str(path), "--project", str(tmp_path / "p.seedproj"))
    assert code != 0
    assert f"{path}: JSON nested too deeply" in err
    assert "Traceback" not in err


# -- 13.9: relations are checked like spans -----------------------------------------------------


@pytest.mark.parametrize("attrs", [[1, 2], "strong", 3, True, [], 0, "", False])
def test_relation_attrs_that_are_not_an_object_are_refused(tmp_path: Path, attrs) -> None:
    """Empty ones too ([], 0, ""): they were taken for no attributes, silently."""
    spans = [
        {"id": "a", "start": 0, "end": 3, "label": "actor"},
        {"id": "b", "start": CAIRO, "end": CAIRO + 7, "label": "actor"},
    ]
    relation = {"head": "a", "tail": "b", "type": "said_in", "attrs": attrs}
    source = _jsonl(tmp_path / "r.jsonl", {"text": TEXT, "spans": spans, "relations": [relation]})
    from annotator.core.formats.jsonl import read_jsonl

    items = list(read_jsonl(source))
    assert [str(p) for p in _problems(items)] == [
        f'{source}:1: relation 1: "attrs" must be an object'
    ]


@pytest.mark.parametrize("attrs", [[1, 2], "strong", 3, True, [], 0, "", False])
def test_span_attrs_that_are_not_an_object_are_refused_and_nothing_is_imported(
    tmp_path: Path, attrs
) -> None:
    spans = [{"start": 0, "end": 3, "label": "actor", "attrs": attrs}]
    record = {"id": "x", "text": TEXT, "annotator": "sara", "spans": spans}
    source = _jsonl(tmp_path / "s.jsonl", record)
    project = tmp_path / "p.seedproj"
    code, _out, err = run("import", str(source), "--project", str(project))
    assert code == 1
    assert f'{source}:1: span 1: "attrs" must be an object' in err
    assert "Traceback" not in err
    assert not project.exists()  # the import made no project for a file it refused


# -- 13.10: encodings, NULs, surrogates, the wrong reader, empty files --------------------------


@pytest.mark.parametrize(("codec", "name"), [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")])
@pytest.mark.parametrize("text", ["hello world\nsecond line\n", TEXT + "\n" + TEXT])
def test_utf16_without_a_bom_is_named(text: str, codec: str, name: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(text.encode(codec), "f.txt")
    message = str(caught.value)
    assert message.startswith("f.txt: ") and name in message
    assert f"--encoding {codec}" in message
    assert "binary" not in message


def test_utf16_without_a_bom_decodes_when_the_encoding_is_given() -> None:
    assert decode_bytes(TEXT.encode("utf-16-le"), "f.txt", "utf-16-le") == TEXT


def test_a_nul_late_in_a_file_is_refused_naming_the_line() -> None:
    data = ("x\n" * 10_000 + "bad\x00line\n").encode()
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "f.txt")
    assert str(caught.value).startswith("f.txt:10001: ")


@pytest.mark.parametrize(
    "data",
    [
        "Cairo is big\n".encode("utf-16-le"),
        "Cairo is big\n".encode("utf-16-be"),
        b"Cairo\x00 is big\n",
    ],
    ids=["utf16le", "utf16be", "nul"],
)
def test_brat_refuses_a_utf16_or_nul_laden_text(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "d.txt").write_bytes(data)
    (tmp_path / "d.ann").write_text("", encoding="utf-8")
    items = list(read_brat(tmp_path / "d.ann"))
    problems = _problems(items)
    assert len(problems) == 1 and problems[0].path == str(tmp_path / "d.txt"), items


def test_brat_still_reads_utf16_with_a_bom(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_bytes("Cairo is big\n".encode("utf-16"))
    (tmp_path / "d.ann").write_text("T1\tplace 0 5\tCairo\n", encoding="utf-8")
    (record,) = read_brat(tmp_path / "d.ann")
    assert isinstance(record, SourceRecord) and record.text == "Cairo is big\n"


@pytest.mark.parametrize(("start", "end"), [(2, 4), (4, 7)])
def test_a_utf16_offset_inside_a_surrogate_pair_is_refused(tmp_path: Path, start, end) -> None:
    from annotator.core.formats.jsonl import read_jsonl

    text = "ab 😀 cd ef"  # the emoji takes UTF-16 units 3 and 4
    span = {"start": start, "end": end, "label": "actor"}
    source = _jsonl(tmp_path / "s.jsonl", {"text": text, "spans": [span], "offset_unit": "utf16"})
    problems = _problems(read_jsonl(source))
    assert len(problems) == 1 and problems[0].line == 1
    assert "character in two" in problems[0].message


def test_utf16_offsets_around_an_emoji_still_read(tmp_path: Path) -> None:
    from annotator.core.formats.jsonl import read_jsonl

    text = "ab 😀 cd ef"
    span = {"start": 6, "end": 8, "label": "actor"}
    source = _jsonl(tmp_path / "s.jsonl", {"text": text, "spans": [span], "offset_unit": "utf16"})
    (record,) = read_jsonl(source)
    assert (
        isinstance(record, SourceRecord)
        and text[record.spans[0].start : record.spans[0].end] == "cd"
    )


@pytest.mark.parametrize("fmt", ["doccano", "idrisi"])
def test_our_jsonl_read_as_another_format_says_so(tmp_path: Path, fmt: str) -> None:
    span = {"start": CAIRO, "end": CAIRO + 7, "label": "actor"}
    source = _jsonl(tmp_path / "ours.jsonl", {"id": "a", "text": TEXT, "spans": [span]})
    problems = _problems(READERS[fmt].read(source, None))
    assert len(problems) == 1 and problems[0].line == 1
    assert '"spans"' in problems[0].message and "--format jsonl" in problems[0].message


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "txt", *READERS])
def test_a_file_of_blank_lines_is_refused_as_empty(
    tmp_path: Path, project: Project, persian, fmt: str
) -> None:
    suffix = {"jsonl": ".jsonl", "csv": ".csv", "txt": ".txt"}.get(fmt) or READERS[fmt].extensions[
        0
    ]
    source = tmp_path / f"blank{suffix}"
    source.write_bytes(b"\n  \n\r\n\t\n")
    if fmt == "brat":
        (tmp_path / "blank.txt").write_bytes(b"\n\n")
    with pytest.raises(ImportFailed) as caught:
        Importer(project, persian).run([source], ImportOptions(format=fmt, annotator="o"))
    assert "empty" in str(caught.value), str(caught.value)


# -- CSV: a blank text cell is one record left out, not a refused file --------------------------


def test_a_blank_text_cell_in_a_csv_is_skipped_and_counted(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text("id,text\n1,hello\n2,  \n3,world\n", encoding="utf-8")
    items = list(read_csv(source))
    assert [type(i) for i in items] == [SourceRecord, Skipped, SourceRecord]
    skipped = items[1]
    assert isinstance(skipped, Skipped) and (skipped.line, skipped.reason) == (3, BLANK_TEXT)


# -- 13.14: document ids as brat file names -----------------------------------------------------


def _brat_export(tmp_path: Path, ids: list[str], annotator: str | None = None) -> Path:
    out = tmp_path / "out"
    writer = BratWriter(out)
    for ext_id in ids:
        text = "متن خبر " + ext_id[:3]
        span = ExportSpan(1, 0, 3, "actor", text[:3])
        writer.add(ExportDoc(ext_id, "", text, "fa", {}, annotator, "done", (span,)))
    writer.finish()
    return out


def test_a_long_persian_id_makes_a_file_name_the_disk_accepts(tmp_path: Path) -> None:
    long_id = "خبرگزاری_" * 17  # 153 characters, 289 bytes in UTF-8
    out = _brat_export(tmp_path, [long_id, long_id + "دو"])
    names = sorted(p.name for p in out.iterdir())
    assert all(len(n.encode()) <= 255 for n in names)
    assert len([n for n in names if n.endswith(".ann")]) == 2
    mapping = (out / "ext_ids.conf").read_text(encoding="utf-8")
    assert f"\t{long_id}\t" in mapping and f"\t{long_id}دو\t" in mapping


def test_a_tab_or_line_break_in_an_id_keeps_the_id_table_one_row_each(tmp_path: Path) -> None:
    ids = ["a\tb", "c\nd", "e\\f"]
    out = _brat_export(tmp_path, ids)
    rows = [
        line.split("\t")
        for line in (out / "ext_ids.conf").read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    assert all(len(row) == 3 for row in rows), rows
    assert sorted(row[1] for row in rows) == ["a\\tb", "c\\nd", "e\\\\f"]


@pytest.mark.parametrize("ext_id", ["CON", "nul", "Com1", "lpt9", "aux.news", "PRN "])
def test_windows_reserved_names_are_renamed(tmp_path: Path, ext_id: str) -> None:
    out = _brat_export(tmp_path, [ext_id])
    (ann,) = out.glob("*.ann")
    assert ann.stem.split(".")[0].strip().upper() not in {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        "COM1",
        "LPT9",
    }
    assert ext_id in (out / "ext_ids.conf").read_text(encoding="utf-8")


def test_a_name_the_disk_refuses_names_the_document(tmp_path: Path, monkeypatch) -> None:
    import annotator.core.formats.brat as brat

    monkeypatch.setattr(brat, "safe_stem", lambda name, *a, **k: "x" * 300)
    with pytest.raises(Exception) as caught:
        _brat_export(tmp_path, ["doc-17"])
    assert "doc-17" in str(caught.value)


def test_a_long_persian_id_exports_from_a_project(tmp_path: Path, project: Project, persian):
    long_id = "گزارش-" * 25  # 150 characters
    source = _jsonl(tmp_path / "a.jsonl", {"id": long_id, "text": TEXT})
    Importer(project, persian).run([source])
    report = Exporter(project).run(tmp_path / "brat", ExportOptions(format="brat"))
    assert report.documents == 1
