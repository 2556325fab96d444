"""Export progress and cancel with writers that take batches (issue 12): the window's bar
says 100% only once the file is there whole, and a cancel while the last batch is being
written leaves nothing behind (nor touches an earlier export)."""

from __future__ import annotations

import pytest

from annotator.core.errors import Cancelled
from annotator.core.formats.conll import ConllWriter
from annotator.core.formats.prodigy import ProdigyWriter
from annotator.core.formats.registry import WRITERS
from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.services import exporter
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.splits import SplitSpec
from annotator.core.store.project import Project

TEXT = "قال الرئيس في بيروت يوم الثلاثاء إن الحكومة ستجتمع."
DOCS = 300  # two batches: the last one written after every document was read


@pytest.fixture
def corpus(project: Project) -> Project:
    with project.transaction():
        project.labels.add_new("place")
        for i in range(DOCS):
            doc_id = project.documents.add(
                NewDocument(f"d{i}", f"d{i}", "ar", TEXT, TEXT, None, "none", {}, "test")
            )
            start = TEXT.index("بيروت")
            project.spans.add(doc_id, "sara", NewSpan("place", start, start + 5, "بيروت"))
            project.status.set(doc_id, "sara", Status.DONE)
    return project


@pytest.mark.parametrize("fmt", ["prodigy", "conll", "hf", "jsonl"])
def test_progress_says_done_only_once_the_file_is_complete(corpus, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    seen: list[tuple[int, int, bool]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total, out.exists()))

    report = Exporter(corpus).run(out, ExportOptions(("sara",), format=fmt), progress)
    assert report.documents == DOCS
    assert seen[-1] == (DOCS, DOCS, True)
    early = [(done, total) for done, total, there in seen if not there]
    assert early, "progress was reported while the file was being written"
    assert all(done < total for done, total in early)
    assert [done for done, _, _ in seen] == sorted(done for done, _, _ in seen)


@pytest.mark.parametrize("writer", [ProdigyWriter, ConllWriter])
def test_a_cancel_during_the_last_batch_leaves_no_file(corpus, tmp_path, monkeypatch, writer):
    fmt = "prodigy" if writer is ProdigyWriter else "conll"
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / f"out.{fmt}"
    out.write_text("the earlier export\n", encoding="utf-8")
    clicked = []
    add_batch = writer.add_batch

    def add_batch_then_click(self, docs):  # the user clicks Cancel while it is written
        add_batch(self, docs)
        if len(docs) < exporter.BATCH_DOCS:  # the last batch (DOCS is not a multiple)
            clicked.append(True)

    monkeypatch.setattr(writer, "add_batch", add_batch_then_click)
    progress: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        Exporter(corpus).run(
            out,
            ExportOptions(("sara",), format=fmt),
            lambda done, total: progress.append((done, total)),
            lambda: bool(clicked),
        )
    assert clicked
    assert out.read_text(encoding="utf-8") == "the earlier export\n"
    assert sorted(p.name for p in folder.iterdir()) == [out.name]
    assert all(done < total for done, total in progress)


SPLIT = SplitSpec.parse("train=0.8,dev=0.1,test=0.1")


def _split_files(folder) -> dict[str, str]:
    """Every file and folder of the export's place, with what each holds."""
    return {
        p.name: p.read_text(encoding="utf-8") if p.is_file() else "folder"
        for p in sorted(folder.iterdir())
    }


@pytest.mark.parametrize("fmt", ["jsonl", "hf", "brat", "spacy"])
def test_a_cancel_between_split_files_leaves_no_half_set(corpus, tmp_path, monkeypatch, fmt):
    """A cancel clicked once the first split file is done: no file of the set appears,
    and an earlier export's files stay as they were (as a cancelled single-file export
    leaves nothing). It used to go on to write the other splits and report success."""
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / ("out" if fmt == "brat" else f"out.{fmt}")
    earlier = folder / f"out.train.{fmt}"
    earlier.write_text("the earlier export\n", encoding="utf-8")
    before = _split_files(folder)
    finished: list[str] = []
    row = WRITERS[fmt]
    writer_type = row.load(row.writer)
    finish = writer_type.finish

    def finish_then_click(self):  # the user clicks Cancel as the first split is done
        report = finish(self)
        finished.append(str(report.files))
        return report

    monkeypatch.setattr(writer_type, "finish", finish_then_click)
    progress: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        Exporter(corpus).run(
            out,
            ExportOptions(("sara",), format=fmt, split=SPLIT),
            lambda done, total: progress.append((done, total)),
            lambda: bool(finished),
        )
    assert finished  # the click came after a split file was finished
    assert _split_files(folder) == before
    assert all(done < total for done, total in progress)


def test_a_cancel_while_the_file_is_finished_leaves_the_earlier_one(corpus, tmp_path, monkeypatch):
    """spaCy compresses its whole file in finish(): a cancel clicked meanwhile is honoured
    (it used to be seen by nobody, and the export reported success)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "out.spacy"
    out.write_text("the earlier export\n", encoding="utf-8")
    row = WRITERS["spacy"]
    writer_type = row.load(row.writer)
    finish = writer_type.finish
    clicked: list[bool] = []

    def finish_while_clicked(self):
        clicked.append(True)
        return finish(self)

    monkeypatch.setattr(writer_type, "finish", finish_while_clicked)
    with pytest.raises(Cancelled):
        Exporter(corpus).run(
            out, ExportOptions(("sara",), format="spacy"), None, lambda: bool(clicked)
        )
    assert _split_files(folder) == {"out.spacy": "the earlier export\n"}
