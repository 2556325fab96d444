"""Spans exported in original offsets are the spans that came in, and read back on them.

On a published Persian NER corpus (ParsTwiNER, tests/fixtures/PROVENANCE.md) imported with
hazm normalisation, characters hazm removed beside a span used to be swallowed by it on the
way out: «ـ ایرنا » for «ایرنا», with nothing to warn, since the text equalled the slice.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.formats.conll import read_conll
from annotator.core.formats.records import SourceRecord
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project
from annotator.core.text.realign import SEPARATORS

PARSTWINER = Path(__file__).resolve().parents[1] / "fixtures/persian/parstwiner/test.txt"


def stored_spans(project: Project) -> list[tuple[int, int, str, str]]:
    [doc] = project.documents.iter_all()
    return sorted(
        (s.start, s.end, s.label, s.text) for s in project.spans.for_document(doc.id, "ann")
    )


def test_corpus_spans_come_back_on_their_characters(tmp_path: Path, persian) -> None:
    [record] = [r for r in read_conll(PARSTWINER) if isinstance(r, SourceRecord)]
    options = ImportOptions(normalize=True, annotator="ann", add_labels=True)
    exported = tmp_path / "original.jsonl"
    with Project.open(tmp_path / "first.seedproj") as project:
        Importer(project, persian).run([PARSTWINER], options)
        [doc] = project.documents.iter_all()
        assert doc.text != doc.original  # hazm changed it, or the test would prove nothing
        first = stored_spans(project)
        Exporter(project).run(exported, ExportOptions(offsets="original"))
    [line] = [json.loads(x) for x in exported.read_text(encoding="utf-8").splitlines()]
    assert line["text"] == record.text
    gold = sorted((s.start, s.end, s.label) for s in record.spans)
    out = sorted((s["start"], s["end"], s["label"]) for s in line["spans"])
    assert len(out) == len(gold)
    for (g_start, g_end, label), (start, end, out_label) in zip(gold, out, strict=True):
        assert out_label == label
        # Exactly the span that came in, or less only by what hazm removed at its edges
        # (a gold span may end on a ZWNJ, which hazm drops): never more.
        assert g_start <= start < end <= g_end
        trimmed = record.text[g_start:start] + record.text[end:g_end]
        assert set(trimmed) <= SEPARATORS, record.text[g_start:g_end]
        assert record.text[start] not in SEPARATORS and record.text[end - 1] not in SEPARATORS
    # Our own export, given in original offsets, reads back onto the very same spans.
    with Project.open(tmp_path / "second.seedproj") as project:
        Importer(project, persian).run([exported], ImportOptions(normalize=True, add_labels=True))
        assert stored_spans(project) == first
