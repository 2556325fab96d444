"""Review findings on the brat export: a document named like a temp file, a user's
`.stats_cache` folder, and a `.seed-export` marker naming files outside its folder."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.formats import atomic
from annotator.core.formats.brat import BratWriter, safe_stem
from annotator.core.formats.exchange import ExportDoc

# Every temp naming scheme this writer used or might: docNNNNNN, hidden, with suffixes.
COLLIDING = [
    "doc000001",
    "doc000000",
    "doc000002",
    "doc000003",
    ".doc000001",
    ".tmp000001",
    ".part000001",
    "tmp000001",
    "000001",
    "doc000001~2",
]


def export(target: Path, docs: list[ExportDoc]):
    writer = BratWriter(target)
    try:
        for d in docs:
            writer.add(d)
        return writer.finish()
    except BaseException:
        writer.abort()
        raise


def plain(ext_id: str, annotator: str | None = None) -> ExportDoc:
    return ExportDoc(
        ext_id, "", f"text of {ext_id} by {annotator}", "other", {}, annotator, "done", []
    )


def texts(folder: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}


@pytest.mark.parametrize("order", ["as listed", "reversed"])
def test_documents_named_like_temp_files_all_come_out_with_their_own_text(
    tmp_path: Path, order: str
):
    ids = [*COLLIDING, "report-7", "report-8"]
    if order == "reversed":
        ids.reverse()
    out = tmp_path / "brat"
    report = export(out, [plain(i) for i in ids])
    got = texts(out)
    assert report.documents == len(ids) == len(got)
    assert sorted(got.values()) == sorted(f"text of {i} by None" for i in ids)
    for i in ids:  # an id that is a file name keeps it
        if safe_stem(i) == i:
            assert got[i] == f"text of {i} by None"
    assert not [
        p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".seed-export"
    ]


def test_several_annotators_named_like_temp_files_all_come_out(tmp_path: Path):
    docs = [plain(i, who) for i in ["doc000001", "doc000000", "a"] for who in ("x", "y")]
    out = tmp_path / "brat"
    report = export(out, docs)
    got = texts(out)
    assert report.documents == len(docs) == len(got)
    assert got["doc000001.x"] == "text of doc000001 by x"
    assert got["doc000000.y"] == "text of doc000000 by y"


# -- the replace check ------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_a_users_stats_cache_folder_is_not_deleted_by_a_new_export(tmp_path: Path):
    out = tmp_path / "brat"
    export(out, [plain("a")])
    (out / ".stats_cache").mkdir()
    (out / ".stats_cache" / "my-notes.txt").write_text("hours of work", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(AnnotatorError, match=r"did not write \(\.stats_cache\)"):
        export(out, [plain("b")])
    assert snapshot(out) == before


def test_brats_stats_cache_file_still_does_not_block(tmp_path: Path):
    out = tmp_path / "brat"
    export(out, [plain("a")])
    (out / ".stats_cache").write_bytes(b"\x80\x04brat")
    export(out, [plain("b")])
    assert (out / "b.txt").exists() and not (out / "a.txt").exists()


def _marker_lists(out: Path, name: str, digest: str) -> None:
    marker = json.loads((out / ".seed-export").read_text(encoding="utf-8"))
    marker["files"][name] = digest
    (out / ".seed-export").write_text(json.dumps(marker), encoding="utf-8")


@pytest.mark.parametrize(
    "entry",
    [
        "ABS",
        "../outside.txt",
        "C:a.txt",
        "sub/a.txt",
        "sub\\a.txt",
        "..",
        ".",
        "",
        "a\x00.txt",
        "/",
    ],
)
def test_a_marker_naming_files_outside_the_folder_is_refused_without_reading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str
):
    outside = tmp_path / "outside.txt"
    outside.write_text("someone else's file", encoding="utf-8")
    name = str(outside) if entry == "ABS" else entry
    digest = hashlib.sha256(outside.read_bytes()).hexdigest()  # even the right digest
    out = tmp_path / "brat"
    export(out, [plain("a")])
    _marker_lists(out, name, digest)
    before = snapshot(out)
    read: list[Path] = []
    real_digest = atomic._digest
    monkeypatch.setattr(atomic, "_digest", lambda p: read.append(Path(p)) or real_digest(p))
    with pytest.raises(AnnotatorError, match="not one Seed Annotator wrote") as err:
        export(out, [plain("b")])
    assert ".seed-export" in str(err.value)
    assert str(outside) not in str(err.value)
    assert all(p.parent != tmp_path for p in read)  # nothing outside the folder was hashed
    assert snapshot(out) == before and outside.exists()
