"""A document longer than any article a user means (MAX_DOCUMENT_CHARS) is refused in every
format, naming the file and the line (or the document's id), and the import stores nothing:
a 200 MB plain-text file was stored as one document at a 2.5 GB peak, and the window then
took seconds and half a gigabyte to open it."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from annotator.core.errors import ImportFailed, InputProblem
from annotator.core.formats import records as records_module
from annotator.core.formats.records import MAX_DOCUMENT_CHARS, SourceRecord, canonical_length
from annotator.core.formats.registry import READERS
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

from ..test_fuzz_readers import _fixtures, _own_samples

TEXT = "وصول النيابة الى المنيل"


def _one_file_per_format(folder: Path) -> dict[str, Path]:
    chosen: dict[str, Path] = {}
    for path, fmt in [*_own_samples(folder), *_fixtures()]:
        chosen.setdefault(fmt, path)
    return chosen


def test_every_format_has_a_sample_here(tmp_path: Path) -> None:
    assert set(_one_file_per_format(tmp_path)) == set(READERS)


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_a_document_past_the_bound_is_refused_in_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """One check that every reader's records pass through (the registry's read): the
    bound is set just under the longest document of a real file of the format."""
    path = _one_file_per_format(tmp_path)[fmt]
    read = list(READERS[fmt].read(path, None, path.stem, path.name))
    found = [r for r in read if isinstance(r, SourceRecord)]
    assert found and not [r for r in read if isinstance(r, InputProblem)], read
    longest = max(canonical_length(r.original_text or r.text) for r in found)
    monkeypatch.setattr(records_module, "MAX_DOCUMENT_CHARS", longest - 1, raising=False)

    again = list(READERS[fmt].read(path, None, path.stem, path.name))
    kept = [r for r in again if isinstance(r, SourceRecord)]
    refused = [p for p in again if isinstance(p, InputProblem)]
    assert all(canonical_length(r.original_text or r.text) < longest for r in kept)
    over = [r for r in found if canonical_length(r.original_text or r.text) == longest]
    assert [(p.path, p.line) for p in refused] == [(r.path, r.line) for r in over]
    for problem, record in zip(refused, over, strict=True):
        assert f"has {longest:,} characters, more than the {longest - 1:,}" in problem.message
        if record.line is None and record.ext_id is not None:  # no line: the id says which
            assert repr(record.ext_id) in problem.message


def test_an_import_with_one_document_past_the_bound_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused like any other bad record (all or nothing), not skipped: a user who gave a
    whole corpus as one file must hear it, not find one document missing."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "short.txt").write_text(TEXT, encoding="utf-8")
    (folder / "long.txt").write_text(TEXT * 3, encoding="utf-8")
    monkeypatch.setattr(records_module, "MAX_DOCUMENT_CHARS", len(TEXT) * 2, raising=False)
    with Project.open(tmp_path / "p.seedproj") as project:
        with pytest.raises(ImportFailed) as caught:
            Importer(project).run([folder], ImportOptions(format="txt"))
        assert project.documents.count() == 0
    [problem] = caught.value.problems
    assert problem.path == str(folder / "long.txt")
    assert "'long' has 69 characters" in problem.message
    assert "split it into articles" in problem.message


@pytest.mark.parametrize("fmt", ["txt", "brat"])
def test_a_file_that_is_one_document_is_refused_unread_past_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Reading stops at the bound: the peak no longer follows the file (a 200 MB plain-text
    file was read, decoded and normalised whole: 2.5 GB)."""
    bound = 4 * 2**20
    monkeypatch.setattr(records_module, "MAX_DOCUMENT_FILE_BYTES", bound)
    monkeypatch.setattr(records_module, "_NARROW_FILE_BYTES", bound // 2)
    path = tmp_path / "corpus.txt"
    with path.open("wb") as handle:
        handle.write("بوتين\n".encode() * 100)
        handle.truncate(64 * 2**20)  # sparse: 64 MB to read, none of it on the disk
    given = path
    if fmt == "brat":
        given = tmp_path / "corpus.ann"
        given.write_text("T1\tactor 0 5\tبوتين\n", encoding="utf-8")
    tracemalloc.start()
    try:
        read = list(READERS[fmt].read(given, None, "corpus", "in/corpus.txt"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    [problem] = read
    assert isinstance(problem, InputProblem) and problem.path == str(path)
    assert problem.message.startswith("the file is larger than 4,194,304 bytes (4.0 MiB)")
    assert peak < 2 * bound, peak


# Persian punctuation gains a space from normalisation: 14 characters given, 16 stored.
PUNCTUATED = "سلام،دنیا.خوب "


def _import(project: Project, *paths: Path, fmt: str) -> None:
    Importer(project).run(list(paths), ImportOptions(format=fmt))


def test_a_document_normalisation_takes_past_the_bound_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bound held for the text as given only, so a Persian text at the bound was stored
    longer (2,000 -> 2,286) and the project's own export of it could not be imported."""
    monkeypatch.setattr(records_module, "MAX_DOCUMENT_CHARS", 2000, raising=False)
    path = tmp_path / "at-bound.txt"
    path.write_text((PUNCTUATED * 143)[:2000], encoding="utf-8")
    with Project.open(tmp_path / "p.seedproj") as project:
        with pytest.raises(ImportFailed) as caught:
            _import(project, path, fmt="txt")
        assert project.documents.count() == 0
    [problem] = caught.value.problems
    assert problem.path == str(path)
    assert "'at-bound' has 2,286 characters once normalised (from 2,000)" in problem.message


def test_a_ligature_that_normalises_into_a_phrase_is_refused_naming_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """U+FDFD (one character) is 22 once a Persian text is normalised: 2,000 characters
    given were stored as 43,790."""
    monkeypatch.setattr(records_module, "MAX_DOCUMENT_CHARS", 2000, raising=False)
    path = tmp_path / "in.jsonl"
    lines = [
        {"id": "short", "text": "سلام دنیا"},
        {"id": "long", "text": "سلام دنیا " + "\ufdfd" * 1990},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    with Project.open(tmp_path / "p.seedproj") as project:
        with pytest.raises(ImportFailed) as caught:
            _import(project, path, fmt="jsonl")
        assert project.documents.count() == 0
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == (str(path), 2)
    assert "has 43,790 characters once normalised (from 2,000)" in problem.message


def test_a_document_stored_at_the_bound_survives_export_and_import_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an import stores its export carries, and an import takes it back, in the same
    project or a fresh one: the bound reads the same on both sides."""
    path = tmp_path / "doc.txt"
    path.write_text(PUNCTUATED * 125, encoding="utf-8")  # 1,750 given
    with Project.open(tmp_path / "a.seedproj") as project:
        _import(project, path, fmt="txt")
        [stored] = [doc.text for doc in project.documents.iter_all()]
        assert len(stored) > 1750  # normalisation lengthened it
        monkeypatch.setattr(records_module, "MAX_DOCUMENT_CHARS", len(stored), raising=False)
        _import(project, path, fmt="txt")  # exactly at the bound once stored: taken again
        out = tmp_path / "out.jsonl"
        Exporter(project).run(out, ExportOptions(format="jsonl"))
        _import(project, out, fmt="jsonl")
    with Project.open(tmp_path / "b.seedproj") as fresh:
        _import(fresh, out, fmt="jsonl")
        assert [doc.text for doc in fresh.documents.iter_all()] == [stored]


@pytest.mark.parametrize("fmt", ["txt", "brat"])
def test_the_bound_counts_a_text_as_stored_whatever_its_line_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """CRLF and a BOM are stored as LF and nothing: plain text and brat's text count them
    so, and a text that holds the bound is not refused for its file's line ends."""
    text = "\ufeff" + "سلام دنیا\r\n" * 100  # 1,000 characters as stored
    monkeypatch.setattr(records_module, "MAX_DOCUMENT_CHARS", 1000, raising=False)
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode("utf-8"))
    given = path
    if fmt == "brat":
        given = tmp_path / "doc.ann"
        given.write_text("T1\tactor 1 5\tسلام\n", encoding="utf-8")
    read = list(READERS[fmt].read(given, None, "doc", "doc.txt"))
    assert [type(r) for r in read] == [SourceRecord], read
    monkeypatch.setattr(records_module, "MAX_DOCUMENT_CHARS", 999, raising=False)
    [refused] = list(READERS[fmt].read(given, None, "doc", "doc.txt"))
    assert isinstance(refused, InputProblem) and "has 1,000 characters" in refused.message


@pytest.mark.parametrize("fmt", ["txt", "brat"])
def test_a_utf32_document_within_the_bound_is_read_whatever_its_size_on_disk(
    tmp_path: Path, fmt: str
) -> None:
    """UTF-32 with CRLF line ends takes 8 bytes a stored character: a document that holds
    the bound may be 40 MB on disk, and it is read, not refused for its bytes."""
    unit = "ب" + "\r\n" * 9  # 10 characters stored, 19 given
    path = tmp_path / "doc.txt"
    path.write_bytes((unit * (MAX_DOCUMENT_CHARS // 10)).encode("utf-32"))
    assert path.stat().st_size > 36 * 2**20
    given = path
    if fmt == "brat":
        given = tmp_path / "doc.ann"
        given.write_text("T1\tactor 0 1\tب\n", encoding="utf-32")
    read = list(READERS[fmt].read(given, "utf-32", "doc", "doc.txt"))
    assert [type(r) for r in read] == [SourceRecord], read[:1]


@pytest.mark.parametrize("fmt", ["txt", "brat"])
def test_a_utf8_file_past_what_a_document_takes_in_utf8_is_refused_undecoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """UTF-8 and UTF-16 take at most 4 bytes a stored character: a file past that is refused
    before it is decoded (a 37 MiB UTF-8 one was decoded, at 463 MB, then refused), and the
    message names the encodings the bound is for."""
    monkeypatch.setattr(records_module, "MAX_DOCUMENT_FILE_BYTES", 8 * 2**20)
    monkeypatch.setattr(records_module, "_NARROW_FILE_BYTES", 4 * 2**20)
    path = tmp_path / "doc.txt"
    path.write_bytes(("😀" + "سلام\r\n" * (5 * 2**20 // 10)).encode())  # 5 MiB
    given = path
    if fmt == "brat":
        given = tmp_path / "doc.ann"
        given.write_text("T1\tactor 4 8\tسلام\n", encoding="utf-8")
    tracemalloc.start()
    try:
        [problem] = list(READERS[fmt].read(given, None, "doc", "doc.txt"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(problem, InputProblem) and problem.path == str(path)
    assert "than 4,194,304 bytes (4.0 MiB)" in problem.message
    assert "in UTF-8 or UTF-16" in problem.message
    assert peak < 12 * 2**20, peak  # the bytes read (8 MiB asked), never a decoded copy (12 MiB)


def test_a_utf32_file_with_its_bom_is_read_as_utf32_without_an_encoding_named(
    tmp_path: Path,
) -> None:
    """UTF-32-LE's BOM begins with UTF-16-LE's: the file was read as UTF-16, and stored as
    text with a NUL between letters, without a word said."""
    path = tmp_path / "u32.txt"
    path.write_bytes("سلام دنیا\nخبر".encode("utf-32"))
    [record] = list(READERS["txt"].read(path, None, "u32", "u32.txt"))
    assert isinstance(record, SourceRecord)
    assert record.text == "سلام دنیا\nخبر"


def test_a_record_whose_text_is_past_the_bound_is_refused_though_its_original_is_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both texts of a record are the user's: the long one is aligned to the other, work
    that followed its size unbounded."""
    monkeypatch.setattr(records_module, "MAX_DOCUMENT_CHARS", 1000)
    path = tmp_path / "in.jsonl"
    record = {"text": "سلام " * 300, "original_text": "سلام", "spans": []}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [problem] = list(READERS["jsonl"].read(path, None, "in", "in.jsonl"))
    assert isinstance(problem, InputProblem) and problem.line == 1
    assert "has 1,500 characters" in problem.message


@pytest.mark.parametrize("encoding", ["hex", "base64", "rot13"])
def test_an_encoding_that_is_no_text_encoding_is_named_not_a_traceback(
    tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("سلام", encoding="utf-8")
    [problem] = list(READERS["txt"].read(path, encoding, "doc", "doc.txt"))
    assert isinstance(problem, InputProblem) and problem.path == str(path)
    assert problem.message == f"{encoding!r} is not a text encoding"
