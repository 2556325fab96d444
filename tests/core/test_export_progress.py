"""Export progress and cancel with writers that take batches (issue 12): the window's bar
says 100% only once the file is there whole, and a cancel while the last batch is being
written leaves nothing behind (nor touches an earlier export)."""

from __future__ import annotations

import pytest

from annotator.core.errors import Cancelled
from annotator.core.formats.conll import ConllWriter
from annotator.core.formats.prodigy import ProdigyWriter
from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.services import exporter
from annotator.core.services.exporter import Exporter, ExportOptions
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
