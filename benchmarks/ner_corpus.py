"""Licensed NER samples as annotated projects, for the model's benchmark and tests.

The CoNLL files are read by our own reader (one record per file: sentences on lines), cut
into documents of a few sentences, and imported as JSONL through the importer, as an
analyst's finished documents: the path a real project's data takes.

Data (licences beside the files, provenance in tests/fixtures/PROVENANCE.md):
- Arabic news: NewsFANE (Alotaibi & Lee 2014), CC BY-SA 3.0. The repository keeps 150
  sentences (tests/fixtures); the benchmark reads the 1,528-sentence sample in
  ../shared/fixtures when it is there.
- Persian: ParsTwiNER test split (overfit-ir), MIT: 303 sentences of tweets.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared" / "fixtures"
NEWSFANE = FIXTURES / "arabic" / "newsfane" / "NewsFANE_Gold_2014_170K.head150.txt"
NEWSFANE_BIG = SHARED / "arabic" / "newsfane" / "NewsFANE_Gold_2014_170K.head.txt"
PARSTWINER = FIXTURES / "persian" / "parstwiner" / "test.txt"


# NewsFANE's 50 fine-grained types under their ACE coarse type (Alotaibi & Lee 2014): a
# project has a handful of labels, and a CRF's cost grows with the square of the tag count.
COARSE = {
    "PER": "Politician Athlete Artist Other_PER Scientist Religious_PER Businessperson "
    "Engineer Lawyer Group",
    "ORG": "Non-Governmental Sports Government Media Commercial Educational Police "
    "Medical-Science Religious_ORG Entertainment",
    "GPE": "Nation Population-Center State-or-Province GPE-Cluster County-or-District Continent",
    "LOC": "Water-Body Land-Region-Natural Celestial Boundary Address",
    "FAC": "Building-Grounds Airport Path Plant Subarea-Facility",
    "VEH": "Air Land Water Subarea-Vehicle",
    "PRO": "Book Movie Software Food Drug Sound Hardware Vehicle-Product",
    "WEA": "Projectile Blunt Chemical Exploding Nuclear Shooting Sharp Biological",
}
COARSE_OF = {fine: coarse for coarse, names in COARSE.items() for fine in names.split()}


def sentences(path: Path, coarse: bool = False) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(sentence text, spans in it) for each sentence of a CoNLL file, via our reader.
    `coarse`: NewsFANE's types as their ACE coarse type."""
    from annotator.core.formats.conll import read_conll
    from annotator.core.formats.records import SourceRecord

    records = [r for r in read_conll(path) if isinstance(r, SourceRecord)]
    out = []
    for record in records:
        spans = sorted(
            (s.start, s.end, COARSE_OF.get(s.label, s.label) if coarse else s.label)
            for s in record.spans
        )
        offset = 0
        for line in record.text.split("\n"):
            end = offset + len(line)
            mine = [(s - offset, e - offset, lab) for s, e, lab in spans if offset <= s < end]
            if line.strip():
                out.append((line, mine))
            offset = end + 1
    return out


def documents(
    path: Path,
    per_document: int,
    lang: str,
    prefix: str,
    limit: int | None = None,
    coarse: bool = False,
) -> list[dict]:
    """JSONL records in the project's own format: `per_document` sentences each."""
    return records(sentences(path, coarse), per_document, lang, prefix)[:limit]


def records(
    sents: list[tuple[str, list[tuple[int, int, str]]]], per_document: int, lang: str, prefix: str
) -> list[dict]:
    out = []
    for n, i in enumerate(range(0, len(sents), per_document)):
        text, spans, offset = [], [], 0
        for line, mine in sents[i : i + per_document]:
            text.append(line)
            spans += [{"start": s + offset, "end": e + offset, "label": lab} for s, e, lab in mine]
            offset += len(line) + 1
        out.append(
            {"id": f"{prefix}{n:05d}", "text": "\n".join(text), "lang": lang, "spans": spans}
        )
    return out


def import_documents(project_path: Path, records: list[dict], annotator: str) -> None:
    """Import as the annotator's finished documents (labels added as they come)."""
    import tempfile

    from annotator.core.model import Status
    from annotator.core.services.importer import Importer, ImportOptions
    from annotator.core.store.project import Project

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "docs.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for r in records:
                out.write(json.dumps({**r, "annotator": annotator}, ensure_ascii=False) + "\n")
        with Project.open(project_path) as project:
            options = ImportOptions(format="jsonl", normalize=False, add_labels=True)
            Importer(project).run([source], options)
            with project.transaction():
                for doc_id, _ext in project.documents.ext_ids():
                    project.status.set(doc_id, annotator, Status.DONE)
