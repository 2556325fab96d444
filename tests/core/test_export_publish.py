"""A split export's files are moved into place together (atomic.held): what the user is
told when a move fails or is interrupted part-way, and that a refused folder swap is an
error named by its folder, not an unexpected one."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.core.formats import atomic
from annotator.core.formats.registry import WRITERS
from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.splits import SplitSpec
from annotator.core.store.project import Project

TEXT = "قال الرئيس في بيروت يوم الثلاثاء إن الحكومة ستجتمع."
SPLIT = SplitSpec.parse("train=0.8,dev=0.1,test=0.1")


@pytest.fixture
def corpus(project: Project) -> Project:
    with project.transaction():
        project.labels.add_new("place")
        for i in range(40):
            doc_id = project.documents.add(
                NewDocument(f"d{i}", f"d{i}", "ar", TEXT, TEXT, None, "none", {}, "test")
            )
            start = TEXT.index("بيروت")
            project.spans.add(doc_id, "sara", NewSpan("place", start, start + 5, "بيروت"))
            project.status.set(doc_id, "sara", Status.DONE)
    return project


def _tree(folder):
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in files:
            p = os.path.join(root, name)
            out[os.path.relpath(p, folder)] = Path(p).read_bytes()
        for name in dirs:
            out[os.path.relpath(os.path.join(root, name), folder) + "/"] = b""
    return out


def test_cancelled_split_brat_keeps_earlier_folders(corpus, tmp_path, monkeypatch):
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "out"
    Exporter(corpus).run(out, ExportOptions(("sara",), format="brat", split=SPLIT))
    before = _tree(folder)
    assert "out.train/" in before and "out.test/" in before
    row = WRITERS["brat"]
    writer_type = row.load(row.writer)
    finish = writer_type.finish
    finished = []

    def finish_then_click(self):
        r = finish(self)
        finished.append(1)
        return r

    monkeypatch.setattr(writer_type, "finish", finish_then_click)
    with pytest.raises(Cancelled):
        Exporter(corpus).run(
            out,
            ExportOptions(("sara",), format="brat", split=SPLIT),
            None,
            lambda: len(finished) >= 2,
        )
    assert _tree(folder) == before


def test_a_folder_swap_refused_is_an_error_naming_the_folder(corpus, tmp_path, monkeypatch):
    """brat export over an earlier one; the swap is refused (EBUSY: the folder is a mount
    point, or EACCES): a bare OSError reached the window as 'Unexpected error' and the
    command line as a traceback."""
    out = tmp_path / "out"
    Exporter(corpus).run(out, ExportOptions(("sara",), format="brat"))

    def refuse(a, b):
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(b))

    monkeypatch.setattr(atomic, "_exchange", refuse)
    before = _tree(tmp_path)
    with pytest.raises(AnnotatorError):
        Exporter(corpus).run(out, ExportOptions(("sara",), format="brat"))
    assert _tree(tmp_path) == before


def test_a_rename_failing_part_way_names_what_is_new(corpus, tmp_path, monkeypatch):
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "out.jsonl"
    for name in ("train", "dev", "test"):
        (folder / f"out.{name}.jsonl").write_text("old\n", encoding="utf-8")
    real = os.replace

    def replace(a, b):
        if str(b).endswith("out.dev.jsonl"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(b))
        return real(a, b)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(AnnotatorError) as caught:
        Exporter(corpus).run(out, ExportOptions(("sara",), format="jsonl", split=SPLIT))
    message = str(caught.value)
    left = sorted(p.name for p in folder.iterdir())
    assert left == ["out.dev.jsonl", "out.test.jsonl", "out.train.jsonl"]  # no .part litter
    assert (folder / "out.train.jsonl").read_text() != "old\n"
    assert (folder / "out.dev.jsonl").read_text() == "old\n"
    assert (folder / "out.test.jsonl").read_text() == "old\n"
    assert "out.train.jsonl" in message
    assert "not written" not in message  # contradicts 'already written by this export'
    assert "out.dev.jsonl: could not be put in place" in message


def test_ctrl_c_between_renames_is_reported_truly(corpus, tmp_path, monkeypatch):
    folder = tmp_path / "exports"
    folder.mkdir()
    real = os.replace

    def replace(a, b):
        if str(b).endswith("out.dev.jsonl"):
            raise KeyboardInterrupt
        return real(a, b)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(AnnotatorError) as caught:
        Exporter(corpus).run(
            folder / "out.jsonl", ExportOptions(("sara",), format="jsonl", split=SPLIT)
        )
    assert str(caught.value).startswith("interrupted;")
    assert "out.train.jsonl" in str(caught.value)


def test_a_folder_in_place_whose_old_one_cannot_be_binned_is_an_export_done(
    corpus, tmp_path, monkeypatch
):
    """No RENAME_EXCHANGE (NFS, some FUSE): old folder aside, new in, then the trash
    folder cannot be made (EMFILE/ENOSPC). The export was done, yet it failed with a bare
    OSError that listed nothing as written."""
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "out"
    Exporter(corpus).run(out, ExportOptions(("sara",), format="brat", split=SPLIT))
    old_train = (folder / "out.train").stat().st_ino
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    publish = atomic.Held.publish

    def publish_then_fail(self):
        def mkdtemp(*a, **k):
            raise OSError(errno.EMFILE, os.strerror(errno.EMFILE))

        monkeypatch.setattr(atomic.tempfile, "mkdtemp", mkdtemp)
        return publish(self)

    monkeypatch.setattr(atomic.Held, "publish", publish_then_fail)
    # The new folder is in place once its renames are done: the trash is tidying only.
    Exporter(corpus).run(out, ExportOptions(("sara",), format="brat", split=SPLIT))
    assert (folder / "out.train").stat().st_ino != old_train


def test_the_window_names_a_refused_folder_swap_not_an_unexpected_error(
    corpus, tmp_path, monkeypatch, qtbot
):
    """Same refusal through the window's export job (jobs.export_job in a Task)."""
    from annotator.gui import jobs
    from annotator.gui.tasks import run_task

    out = tmp_path / "out"
    Exporter(corpus).run(out, ExportOptions(("sara",), format="brat"))
    path = corpus.path

    def refuse(a, b):
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(b))

    monkeypatch.setattr(atomic, "_exchange", refuse)
    with pytest.raises(AnnotatorError) as caught:
        run_task("Exporting", jobs.export_job(path, out, ExportOptions(("sara",), format="brat")))
    assert "Unexpected error" not in str(caught.value)


def test_a_cancel_removes_every_held_file_though_one_cannot_be(corpus, tmp_path, monkeypatch):
    """Cancelled once all three splits are finished; the train split's part file cannot be
    removed (EACCES). The removal stopped there: dev's and test's finished files stayed as
    litter, and a bare OSError named none of them."""
    folder = tmp_path / "exports"
    folder.mkdir()
    row = WRITERS["jsonl"]
    writer_type = row.load(row.writer)
    finish = writer_type.finish
    finished = []

    def finish_then_count(self):
        r = finish(self)
        finished.append(1)
        return r

    monkeypatch.setattr(writer_type, "finish", finish_then_count)
    unlink = Path.unlink
    stuck = []

    def unlink_or_refuse(self, missing_ok=False):
        if self.name.startswith(".out.train.jsonl.") and self.name.endswith(".part"):
            stuck.append(self)
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink_or_refuse)
    with pytest.raises(AnnotatorError) as caught:
        Exporter(corpus).run(
            folder / "out.jsonl",
            ExportOptions(("sara",), format="jsonl", split=SPLIT),
            None,
            lambda: len(finished) >= 3,
        )
    assert len(stuck) == 1
    assert [p.name for p in folder.iterdir()] == [stuck[0].name]  # dev's and test's went
    message = str(caught.value)
    assert str(stuck[0]) in message and "cancelled" in message
    monkeypatch.setattr(Path, "unlink", unlink)  # the next start tries again, and can
    atomic.recover_interrupted_exports()
    assert list(folder.iterdir()) == []


def test_every_file_that_cannot_be_removed_is_named(tmp_path, monkeypatch):
    """Two of three held files refuse removal: both are named, the third is removed."""
    outputs = []
    with pytest.raises(AnnotatorError) as caught, atomic.held():
        for name in ("a", "b", "c"):
            out = atomic.AtomicFile(tmp_path / f"{name}.jsonl")
            out.handle.write(b"x\n")
            out.commit()
            outputs.append(out)
        unlink = Path.unlink

        def unlink_or_refuse(self, missing_ok=False):
            if self.name.startswith((".a.jsonl.", ".c.jsonl.")):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
            return unlink(self, missing_ok=missing_ok)

        monkeypatch.setattr(Path, "unlink", unlink_or_refuse)
        raise AnnotatorError("disk on fire")
    message = str(caught.value)
    assert message.startswith("disk on fire")
    assert str(outputs[0].part) in message and str(outputs[2].part) in message
    assert outputs[1].part.name not in message and not outputs[1].part.exists()


def _killed_between_moves(folder: Path) -> tuple[Path, Path]:
    """What a split export killed between its two moves leaves (test_split_kill does it
    with a real kill): gold.train.jsonl new, gold.dev.jsonl as it was, the set entry."""
    train, dev = folder / "gold.train.jsonl", folder / "gold.dev.jsonl"
    for target in (train, dev):
        target.write_bytes(b"old\n")
    parts = [(folder / f".{t.name}.abcdefgh.part", t) for t in (train, dev)]
    for part, _target in parts:
        part.write_bytes(b"new\n")
    entry = atomic.export_journal.SetEntry(parts)
    os.replace(*parts[0])
    parts[1][0].unlink()
    entry._fd, fd = None, entry._fd  # as a kill leaves it: the entry, unlocked
    assert fd is not None
    os.close(fd)
    return train, dev


def test_a_cancelled_export_there_leaves_the_note_for_the_next_start(corpus, tmp_path):
    """A window open since before the kill exports there and the user cancels it: the note
    on the mixed set was taken from the journal as the export started, then lost with the
    cancel (only logged); the next start said nothing, and the set is still mixed."""
    folder = tmp_path / "صادرات ۱"
    folder.mkdir()
    train, dev = _killed_between_moves(folder)
    with pytest.raises(Cancelled):
        Exporter(corpus).run(
            folder / "gold.jsonl",
            ExportOptions(("sara",), format="jsonl", split=SplitSpec.parse("train=0.5,dev=0.5")),
            None,
            lambda: True,
        )
    assert train.read_bytes() == b"new\n" and dev.read_bytes() == b"old\n"  # still mixed
    notes = atomic.recover_interrupted_exports()
    assert len(notes) == 1, notes
    assert f"new: {train}; as they were before it: {dev}" in notes[0]
    assert atomic.recover_interrupted_exports() == []  # told once


def test_an_export_that_rewrites_the_whole_set_tells_no_stale_note(corpus, tmp_path):
    """The next export writes every file of the mixed set again: they belong together now,
    yet the report told the user they may not, and to export again."""
    folder = tmp_path / "out"
    folder.mkdir()
    _killed_between_moves(folder)
    report = Exporter(corpus).run(
        folder / "gold.jsonl",
        ExportOptions(("sara",), format="jsonl", split=SplitSpec.parse("train=0.5,dev=0.5")),
    )
    assert report.notes == []
    assert list(atomic.journal_dir().glob("*.set")) == []


def test_a_set_entry_that_cannot_be_removed_stops_no_start_and_no_export(
    corpus, tmp_path, monkeypatch
):
    """The journal folder turned read-only (or a file system that refuses the removal):
    every start of the program ended in a traceback, and every export to those places
    failed with 'an interrupted export left things here'."""
    folder = tmp_path / "out"
    folder.mkdir()
    train, dev = _killed_between_moves(folder)
    unlink = Path.unlink
    refused = []

    def refuse_set_entries(self, missing_ok=False):
        if self.suffix == ".set":
            refused.append(self)
            raise PermissionError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse_set_entries)
    notes = atomic.recover_interrupted_exports()
    assert refused
    assert any(f"new: {train}" in note for note in notes), notes
    assert any(str(refused[0]) in note for note in notes), notes  # the file to delete, named
    report = Exporter(corpus).run(
        folder / "gold.jsonl",
        ExportOptions(("sara",), format="jsonl", split=SplitSpec.parse("train=0.5,test=0.5")),
    )
    assert report.splits == {"train": 20, "test": 20}
    assert dev.read_bytes() == b"old\n"


def test_a_failed_write_names_a_file_left_behind_once(tmp_path, monkeypatch):
    """The disk fills up inside a split export and the part file cannot be removed: the
    message named it twice ('...; and could not remove ... P ...; and could not remove
    ... P ...'), once from the write's own error and once from held()."""
    unlink = Path.unlink

    def refuse_parts(self, missing_ok=False):
        if self.name.endswith(".part"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return unlink(self, missing_ok=missing_ok)

    with pytest.raises(AnnotatorError) as caught, atomic.held():
        out = atomic.AtomicFile(tmp_path / "train.jsonl")

        def full(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(out.handle._raw, "write", full)
        monkeypatch.setattr(Path, "unlink", refuse_parts)
        out.handle.write(b"x\n")
    message = str(caught.value)
    assert "the disk is full" in message
    assert message.count(str(out.part)) == 1, message


def test_a_pipe_given_as_the_export_file_is_refused_and_left_a_pipe(corpus, tmp_path):
    """The export renames its finished file onto the name: onto a device or pipe that put a
    plain file in its place, where the user may (root: `--out /dev/stdout` replaced the
    device for every later program). It is refused, naming it, and left as it was."""
    (tmp_path / "out").mkdir()
    pipe = tmp_path / "out" / "gold.jsonl"
    os.mkfifo(pipe)
    with pytest.raises(AnnotatorError) as refused:
        Exporter(corpus).run(pipe, ExportOptions(("sara",), format="jsonl"))
    assert str(refused.value).startswith(f"{pipe}: is not a file (a device, pipe or socket)")
    assert pipe.is_fifo() and [p.name for p in pipe.parent.iterdir()] == ["gold.jsonl"]
