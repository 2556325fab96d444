"""A brat export replaces a folder only when it is our earlier export, unchanged, and a kill
at any moment leaves the user's folder whole or puts it back on the next run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.formats import atomic
from annotator.core.formats.brat import BratWriter
from annotator.core.formats.exchange import ExportDoc, ExportSpan

from ..test_cli import run

TEXT = "بوتين يلتقي أردوغان في سوتشي"


def doc(ext_id: str, label: str = "actor") -> ExportDoc:
    return ExportDoc(
        ext_id, "t", TEXT, "ar", {}, None, "done", [ExportSpan(1, 0, 5, label, "بوتين")]
    )


def export(target: Path, *ext_ids: str) -> None:
    writer = BratWriter(target)
    try:
        for ext_id in ext_ids:
            writer.add(doc(ext_id))
        writer.finish()
    except BaseException:
        writer.abort()
        raise


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(parent: Path, keep: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name != keep)


def test_a_folder_of_the_users_txt_files_is_never_replaced(tmp_path: Path):
    """The report's case: only .txt files, so it was taken for an earlier export."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "article-1.txt").write_text("متن اول", encoding="utf-8")
    (corpus / "README.txt").write_text("where these came from", encoding="utf-8")
    before = snapshot(corpus)
    with pytest.raises(AnnotatorError, match="not an earlier brat export of Seed Annotator"):
        export(corpus, "a")
    assert snapshot(corpus) == before
    assert leftovers(tmp_path, "corpus") == ["home"]


def test_our_earlier_export_is_replaced_whole(tmp_path: Path):
    out = tmp_path / "brat"
    export(out, "a", "b")
    export(out, "c")
    names = sorted(p.name for p in out.iterdir())
    assert names == [".seed-export", "annotation.conf", "c.ann", "c.txt"]
    marker = json.loads((out / ".seed-export").read_text(encoding="utf-8"))
    assert marker["format"] == "brat"
    assert sorted(marker["files"]) == ["annotation.conf", "c.ann", "c.txt"]
    assert leftovers(tmp_path, "brat") == ["home"]


def test_the_command_line_exports_into_its_earlier_brat_folder(tmp_path: Path):
    """Issue 12.6: the second export said "File ... is a directory"."""
    project = str(tmp_path / "p.seedproj")
    source = tmp_path / "in.jsonl"
    record = {"id": "a", "text": TEXT, "annotator": "sara", "spans": [
        {"start": 0, "end": 5, "label": "actor"}
    ]}  # fmt: skip
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert run("import", str(source), "--project", project)[0] == 0
    out = tmp_path / "brat"
    for _ in range(2):
        code, _stdout, stderr = run(
            "export", "--project", project, "--out", str(out), "--format", "brat"
        )
        assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".seed-export",
        "a.ann",
        "a.txt",
        "annotation.conf",
    ]


@pytest.mark.parametrize(
    ("added", "why"),
    [
        ("visual.conf", "did not write"),  # the user's brat colours: .conf, as ours are
        ("notes.txt", "did not write"),
        ("sub/deeper.txt", "did not write"),
    ],
)
def test_our_export_with_the_users_files_added_is_refused(tmp_path: Path, added: str, why: str):
    out = tmp_path / "brat"
    export(out, "a")
    (out / added).parent.mkdir(exist_ok=True)
    (out / added).write_text("mine", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(AnnotatorError, match=why) as caught:
        export(out, "b")
    assert added.split("/")[0] in str(caught.value)
    assert snapshot(out) == before
    assert leftovers(tmp_path, "brat") == ["home"]


def test_an_annotation_edited_in_brat_is_not_overwritten(tmp_path: Path):
    out = tmp_path / "brat"
    export(out, "a")
    ann = out / "a.ann"
    ann.write_text(ann.read_text(encoding="utf-8").replace("actor", "claim"), encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(AnnotatorError, match=r"a\.ann.*changed since"):
        export(out, "b")
    assert snapshot(out) == before


def test_brats_own_cache_does_not_block_a_new_export(tmp_path: Path):
    out = tmp_path / "brat"
    export(out, "a")
    (out / ".stats_cache").write_bytes(b"\x80\x04brat")  # brat writes it when it lists a folder
    export(out, "b")
    assert not (out / ".stats_cache").exists() and (out / "b.ann").exists()


def test_files_added_while_the_export_runs_are_not_lost(tmp_path: Path):
    out = tmp_path / "brat"
    export(out, "a")
    writer = BratWriter(out)
    writer.add(doc("b"))
    (out / "late.txt").write_text("saved here meanwhile", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(AnnotatorError, match=r"late\.txt"):
        writer.finish()
    assert snapshot(out) == before
    assert leftovers(tmp_path, "brat") == ["home"]


def test_a_folder_moved_aside_by_a_killed_export_is_put_back_not_deleted(tmp_path: Path):
    """The old code's leftover: `.NAME.old` holding the user's folder, and no NAME. The next
    export deleted it as its own litter."""
    aside = tmp_path / ".corpus.old"
    aside.mkdir()
    (aside / "article-1.txt").write_text("متن اول", encoding="utf-8")
    before = snapshot(aside)
    with pytest.raises(AnnotatorError, match="not an earlier brat export"):
        export(tmp_path / "corpus", "a")
    assert snapshot(tmp_path / "corpus") == before
    assert leftovers(tmp_path, "corpus") == ["home"]


def test_a_link_is_not_followed_nor_replaced(tmp_path: Path):
    real = tmp_path / "real"
    export(real, "a")
    link = tmp_path / "brat"
    link.symlink_to(real, target_is_directory=True)
    with pytest.raises(AnnotatorError, match="link"):
        export(link, "b")
    assert link.is_symlink() and (real / "a.ann").exists()


def test_the_journal_is_empty_after_exports_and_their_failures(tmp_path: Path):
    out = tmp_path / "brat"
    export(out, "a")
    with pytest.raises(AnnotatorError):
        export(tmp_path, "b")  # the test's own folder: not ours
    assert list(atomic.journal_dir().glob("*")) == []
