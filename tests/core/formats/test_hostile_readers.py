"""Hostile files for each reader, found by mutating every value of a good file: each is
refused naming the file (and line or record), never a traceback or a silent misreading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import InputError, InputProblem
from annotator.core.formats.records import SourceRecord
from annotator.core.formats.registry import READERS

TEXT = "وصول النيابة الى المنيل"


def _read(fmt: str, path: Path) -> list[Any]:
    return list(READERS[fmt].read(path, None))


def _one_problem(items: list[Any], path: Path) -> InputProblem:
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert len(problems) == 1 and problems[0].path == str(path), items
    assert not any(isinstance(i, SourceRecord) for i in items), items
    return problems[0]


def _line(path: Path, record: dict[str, Any]) -> Path:
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# -- true and false are not offsets 1 and 0 (bool is an int in Python) ----------------------


@pytest.mark.parametrize(("start", "end"), [(0, True), (False, 5)])
def test_our_jsonl_refuses_a_boolean_offset(tmp_path: Path, start, end) -> None:
    span = {"start": start, "end": end, "label": "place"}
    path = _line(tmp_path / "a.jsonl", {"text": TEXT, "spans": [span]})
    problem = _one_problem(_read("jsonl", path), path)
    assert problem.line == 1 and "whole numbers" in problem.message


@pytest.mark.parametrize(("start", "end"), [(True, 5), (0, True), (False, True)])
def test_idrisi_refuses_a_boolean_offset(tmp_path: Path, start, end) -> None:
    mention = {"type": "NBHD", "startIdx": start, "endIdx": end}
    path = _line(
        tmp_path / "a.jsonl", {"tweet_id": "1", "text": TEXT, "location_mentions": [mention]}
    )
    problem = _one_problem(_read("idrisi", path), path)
    assert problem.line == 1 and "whole-number" in problem.message


def _cas(view: dict[str, Any], annotation: dict[str, Any] | None = None, **top: Any) -> dict:
    sofa = {"%ID": 1, "%TYPE": "uima.cas.Sofa", "sofaNum": 1, "sofaID": "_InitialView",
            "mimeType": "text", "sofaString": TEXT}  # fmt: skip
    ne = {"%ID": 2, "%TYPE": "webanno.custom.NE", "@sofa": 1, "begin": 0, "end": 4,
          "value": "actor"}  # fmt: skip
    ne.update(annotation or {})
    return {"%TYPES": {}, "%FEATURE_STRUCTURES": [sofa, ne], "%VIEWS": {"_InitialView": view},
            **top}  # fmt: skip


def _cas_file(path: Path, cas: dict[str, Any]) -> Path:
    path.write_text(json.dumps(cas, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("begin", "end"), [(0, True), (False, 4)])
def test_inception_refuses_a_boolean_offset(tmp_path: Path, begin, end) -> None:
    cas = _cas({"%SOFA": 1, "%MEMBERS": [2]}, {"begin": begin, "end": end})
    path = _cas_file(tmp_path / "a.json", cas)
    assert "whole numbers" in _one_problem(_read("inception", path), path).message


def test_inception_still_reads_the_good_file_these_tests_mutate(tmp_path: Path) -> None:
    path = _cas_file(tmp_path / "a.json", _cas({"%SOFA": 1, "%MEMBERS": [2]}))
    (record,) = _read("inception", path)
    assert [(s.start, s.end, s.label) for s in record.spans] == [(0, 4, "actor")]


# -- structures of the wrong kind: a problem naming the file, not a TypeError ---------------


@pytest.mark.parametrize(
    "cas",
    [
        _cas({"%SOFA": 1, "%MEMBERS": [2]}) | {"%FEATURE_STRUCTURES": True},
        _cas({"%SOFA": [1], "%MEMBERS": [2]}),
        _cas({"%SOFA": 1, "%MEMBERS": True}),
        _cas({"%SOFA": 1, "%MEMBERS": [2]}, **{"%HEADER": ["UTF-16"]}),
    ],
    ids=["structures-true", "sofa-list", "members-true", "header-list"],
)
def test_inception_structures_of_the_wrong_kind_are_a_problem(tmp_path: Path, cas) -> None:
    path = _cas_file(tmp_path / "a.json", cas)
    _one_problem(_read("inception", path), path)


def test_inception_a_member_that_is_no_id_names_no_annotation(tmp_path: Path) -> None:
    """As a member id that no structure has: `[[2]]` raised "unhashable type"."""
    (record,) = _read(
        "inception", _cas_file(tmp_path / "a.json", _cas({"%SOFA": 1, "%MEMBERS": [[2]]}))
    )
    assert isinstance(record, SourceRecord) and record.spans == ()


def test_inception_slot_elements_that_are_no_list_are_no_links(tmp_path: Path) -> None:
    cas = _cas({"%SOFA": 1, "%MEMBERS": [2]}, {"@roles": 3})
    cas["%FEATURE_STRUCTURES"].append({"%ID": 3, "%TYPE": "uima.cas.FSArray", "%ELEMENTS": True})
    (record,) = _read("inception", _cas_file(tmp_path / "a.json", cas))
    assert isinstance(record, SourceRecord) and record.relations == ()


def _task(annotation: dict[str, Any] | None = None, **task: Any) -> list[dict[str, Any]]:
    results = [
        {"id": "r1", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["actor"]}},
        {"id": "r2", "type": "labels", "value": {"start": 17, "end": 23, "labels": ["place"]}},
        {"type": "relation", "from_id": "r1", "to_id": "r2", "labels": ["in"]},
    ]
    item = {"id": 1, "completed_by": {"email": "a@b.c"}, "result": results, **(annotation or {})}
    return [{"id": 7, "data": {"text": TEXT}, "annotations": [item], **task}]


@pytest.mark.parametrize(
    "tasks",
    [
        _task(annotations=True),
        _task({"result": True}),
        _task(drafts=True),
        _task(drafts=3),
    ],
    ids=["annotations-true", "result-true", "drafts-true", "drafts-number"],
)
def test_label_studio_values_of_the_wrong_kind_never_raise(tmp_path: Path, tasks) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    items = _read("labelstudio", path)
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert all(p.path == str(path) and "task 1" in p.message for p in problems), items


@pytest.mark.parametrize("labels", ["in", True, [""], [3]])
def test_label_studio_relation_labels_must_be_a_list_of_names(tmp_path: Path, labels) -> None:
    """A bare string "in" made two relations, "i" and "n"."""
    tasks = _task()
    tasks[0]["annotations"][0]["result"][2]["labels"] = labels
    path = tmp_path / "a.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    problem = _one_problem(_read("labelstudio", path), path)
    assert "task 1" in problem.message and '"labels"' in problem.message


def test_label_studio_relation_labels_still_read(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(_task(), ensure_ascii=False), encoding="utf-8")
    (record,) = _read("labelstudio", path)
    assert [r.type for r in record.relations] == ["in"]


# -- brat: ids once each; offsets in digits int() reads ------------------------------------


def _brat(tmp_path: Path, ann: str) -> Path:
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "d.ann").write_text(ann, encoding="utf-8")
    return tmp_path / "d.ann"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("R1\tin Arg1:T1 Arg2:T2", "R1\tat Arg1:T2 Arg2:T1"),
        ("E1\tmove:T1", "E1\tmove:T2"),
        ("A1\tNegated T1", "A1\tNegated T2"),
        ("#1\tAnnotatorNotes T1\tfirst", "#1\tAnnotatorNotes T2\tsecond"),
    ],
    ids=["relation", "event", "attribute", "note"],
)
def test_brat_refuses_an_id_defined_twice_naming_the_line(
    tmp_path: Path, first: str, second: str
) -> None:
    """A second R1 silently replaced the first: one relation of the two was imported."""
    ann = f"T1\tactor 0 4\tوصول\nT2\tplace 17 23\tالمنيل\n{first}\n{second}\n"
    path = _brat(tmp_path, ann)
    problem = _one_problem(_read("brat", path), path)
    assert problem.line == 4 and "used twice" in problem.message


def test_brat_still_reads_two_equivalences(tmp_path: Path) -> None:
    ann = "T1\tactor 0 4\tوصول\nT2\tplace 17 23\tالمنيل\n*\tEquiv T1 T2\n*\tEquiv T2 T1\n"
    (record,) = _read("brat", _brat(tmp_path, ann))
    assert len(record.relations) == 2


@pytest.mark.parametrize("end", ["²", "4\u00b9", "⑤"])
def test_brat_offsets_in_digits_int_cannot_read_are_a_problem(tmp_path: Path, end: str) -> None:
    """The digit "²" passed str.isdigit, then int() raised: a traceback for the user."""
    path = _brat(tmp_path, f"T1\tactor 0 {end}\tوصول\n")
    problem = _one_problem(_read("brat", path), path)
    assert problem.line == 1 and "START END" in problem.message


def test_webanno_a_stacked_id_in_digits_int_cannot_read_is_a_value(tmp_path: Path) -> None:
    """`PER[²]`: isdigit took ² for a digit and int() raised."""
    tsv = (
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value\n\n\n"
        "#Text=Karl Marx\n"
        "1-1\t0-4\tKarl\tPER[²]\t\n"
        "1-2\t5-9\tMarx\tPER\t\n"
    )
    path = tmp_path / "a.tsv"
    path.write_text(tsv, encoding="utf-8")
    items = _read("webanno", path)
    assert not [i for i in items if not isinstance(i, SourceRecord | InputProblem)], items
    assert all(i.path == str(path) for i in items if isinstance(i, InputProblem))


# -- a line past any article: refused as read, its bytes never held whole -------------------


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "prodigy", "hf", "idrisi"])
def test_a_line_longer_than_any_record_is_refused_naming_it(
    tmp_path: Path, monkeypatch, fmt: str
) -> None:
    """A 200 MB line took 700 MB to be told it was not JSON; every JSON-lines format reads
    through one loop, which now stops at MAX_LINE_BYTES (made small here)."""
    from annotator.core.formats import jsonlines

    monkeypatch.setattr(jsonlines, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "a.jsonl"
    good = json.dumps({"text": TEXT}, ensure_ascii=False)
    path.write_text(f'{good}\n{{"text": "{"x" * 1000}"}}\n{good}\n', encoding="utf-8")
    items = _read(fmt, path)
    long = [i for i in items if isinstance(i, InputProblem) and "longer than" in i.message]
    assert [(p.path, p.line) for p in long] == [(str(path), 2)], items


def test_the_command_names_an_over_long_line_and_its_bound_in_mib(tmp_path: Path) -> None:
    """The bound is 64 MiB (67,108,864 bytes); the message said "64 MB", 64,000,000 bytes,
    which is not the bound (a line of 65,000,000 bytes is read). The real bound, in a sparse
    file: its long line a hole, read but never written to disk."""
    from click.testing import CliRunner

    from annotator.cli import main
    from annotator.core.formats.jsonlines import MAX_LINE_BYTES

    path = tmp_path / "big.jsonl"
    good = json.dumps({"text": TEXT}, ensure_ascii=False).encode()
    with path.open("wb") as handle:
        handle.write(good + b'\n{"text": "')
        handle.seek(len(good) + 1 + MAX_LINE_BYTES + 1)
        handle.write(b'"}\n' + good + b"\n")
    result = CliRunner().invoke(
        main, ["import", str(path), "--project", str(tmp_path / "p.seedproj")]
    )
    assert result.exit_code == 1
    expected = f"{path}:2: the line is longer than 64 MiB (67,108,864 bytes), more than"
    assert expected in result.stderr, result.stderr
    assert " MB" not in result.stderr


@pytest.mark.parametrize("end", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_line_of_exactly_the_limit_is_read(tmp_path: Path, monkeypatch, end: str) -> None:
    """The bound is the line's, its line break aside (a line of exactly it was refused)."""
    from annotator.core.formats import jsonlines

    line = json.dumps({"text": "x" * 100})
    monkeypatch.setattr(jsonlines, "MAX_LINE_BYTES", len(line.encode()))
    path = tmp_path / "a.jsonl"
    path.write_bytes((line + end).encode() * 3)
    assert [type(i) for i in _read("jsonl", path)] == [SourceRecord] * 3


def test_carriage_returns_after_a_line_of_the_bound_do_not_split_it(
    tmp_path: Path, monkeypatch
) -> None:
    """Only the line break is set aside: a line of the bound and then more than a CRLF
    (here two CRs and more text) is past it, not two lines with every later number one off."""
    from annotator.core.formats import jsonlines
    from annotator.core.formats.jsonlines import numbered_lines

    monkeypatch.setattr(jsonlines, "MAX_LINE_BYTES", 7)
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"a":1}\r\r{"b":2}\n{"c":3}\n')
    with pytest.raises(InputError, match="longer than") as caught:
        list(numbered_lines(path, None))
    assert caught.value.problem.line == 1


def test_a_long_line_in_another_encoding_is_refused_too(tmp_path: Path, monkeypatch) -> None:
    """A file in another encoding is decoded whole; its lines went unbounded (a 72 MB line
    in cp1256 was parsed, 869 MB at the peak)."""
    from annotator.core.formats import jsonlines
    from annotator.core.formats.jsonlines import numbered_lines

    monkeypatch.setattr(jsonlines, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "a.jsonl"
    good = json.dumps({"text": "بوتين"}, ensure_ascii=False)
    path.write_bytes(f'{good}\n{{"text": "{"x" * 1000}"}}\n'.encode("cp1256"))
    with pytest.raises(InputError, match="longer than") as caught:
        list(numbered_lines(path, "cp1256"))
    assert caught.value.problem.line == 2


def test_a_pipe_or_device_given_to_import_is_named_as_such(tmp_path: Path) -> None:
    """It was "no such file or folder", of a path that plainly exists."""
    import os

    from annotator.core.formats.sources import expand

    fifo = tmp_path / "a.jsonl"
    os.mkfifo(fifo)
    files, problems = expand([fifo, "/dev/null"])
    assert files == []
    assert [(p.path, p.message) for p in problems] == [
        (str(path), "is not a file or folder (a device, pipe or socket)")
        for path in (fifo, "/dev/null")
    ]
