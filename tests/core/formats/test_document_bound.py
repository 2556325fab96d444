"""A document longer than any article a user means (MAX_DOCUMENT_CHARS) is refused in every
format, naming the file and the line (or the document's id), and the import stores nothing:
a 200 MB plain-text file was stored as one document at a 2.5 GB peak, and the window then
took seconds and half a gigabyte to open it."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from annotator.core.errors import ImportFailed, InputProblem
from annotator.core.formats import brat as brat_module
from annotator.core.formats import records as records_module
from annotator.core.formats import txt as txt_module
from annotator.core.formats.records import SourceRecord
from annotator.core.formats.registry import READERS
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
    longest = max(len(r.text) for r in found)
    monkeypatch.setattr(records_module, "MAX_DOCUMENT_CHARS", longest - 1, raising=False)

    again = list(READERS[fmt].read(path, None, path.stem, path.name))
    kept = [r for r in again if isinstance(r, SourceRecord)]
    refused = [p for p in again if isinstance(p, InputProblem)]
    assert all(len(r.text) < longest for r in kept)
    over = [r for r in found if len(r.text) == longest]
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
    module = txt_module if fmt == "txt" else brat_module
    monkeypatch.setattr(module, "MAX_DOCUMENT_FILE_BYTES", bound, raising=False)
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
    assert problem.message.startswith("the file is larger than 4 MB"), problem
    assert peak < 2 * bound, peak
