"""The token formats' bytes on real fixtures, pinned: their speed-ups (issue 12) must not
change one byte of what is read or written. The digests were taken from the code before
those changes; a deliberate change of a format updates them with a note of why."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SOURCES = {
    "wojood": FIXTURES / "arabic" / "wojood" / "test.txt",  # nested columns
    "parstwiner": FIXTURES / "persian" / "parstwiner" / "test.txt",  # Persian: hazm tokens
}
FORMATS = {"conll": "out.conll", "hf": "out.hf.jsonl", "prodigy": "out.prodigy.jsonl"}


def digests(source: Path, tmp: Path) -> dict[str, str]:
    """sha256 of what an import read (text and spans) and of each export's files."""
    out: dict[str, str] = {}
    with Project.open(tmp / "p.seedproj") as project:
        Importer(project).run(
            [source], ImportOptions(annotator="ali", normalize=True, add_labels=True)
        )
        rows = [
            [doc.text, [(s.label, s.start, s.end) for s in project.spans.for_document(doc.id)]]
            for doc in project.documents.iter_all()
        ]
        out["import"] = hashlib.sha256(json.dumps(rows).encode()).hexdigest()
        for fmt, name in FORMATS.items():
            target = tmp / name
            report = Exporter(project).run(target, ExportOptions(("ali",), format=fmt))
            blob = b"".join(Path(f).read_bytes() for f in sorted(map(str, report.files)))
            out[fmt] = hashlib.sha256(blob).hexdigest()
    return out


PINNED: dict[str, dict[str, str]] = {
    "parstwiner": {
        "import": "437661aad64721f0c6197fad0344151bd9341e33c34e0999a6f7ef2f96d526a9",
        "conll": "6895dc4502b896af3ddeb14a90bce0a783442b6e46b7a43c5b29bdf26c2bd20b",
        "hf": "983e31eeb391adee7448867ca063b6a73b112551fc0831d6674a4d098cebe901",
        "prodigy": "0584301d60b63a8fe9f44666fa22831e629f1e6cf2f6a608e358b3203f5c544b",
    },
    "wojood": {
        "import": "139e98bbd7f5d3835dc992f027d28da6e74e6b31a009b280a944c64c89677b5c",
        "conll": "5caa71d47202573e2305b2838044011c249e1679b4cf6853cf242a53a5fbaa6b",
        "hf": "ff5dc05dc3509ca3a709c435b07a0dc3521d2f2c059658b9f44332eaecc42ff5",
        "prodigy": "6e64927e470c79f4a33091fc27f146bd4526181f54b4480fd7159a4a3dae644a",
    },
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_token_formats_are_byte_for_byte_as_pinned(name: str, tmp_path: Path) -> None:
    assert digests(SOURCES[name], tmp_path) == PINNED[name]


# --- An adversarial project: what JSON and BIO writers must escape or settle -------------
# Quotes, a backslash, a tab and a control character, an astral emoji and a flag, ZWNJ and
# RLM, marks, Persian and Latin digits; empty and blank documents, a one-letter one; spans
# on and off token edges, overlapping and repeated, a label with a blank; statuses other
# than done; Prodigy's housekeeping in meta. Digests of the code before issue 12's
# gather changes (commit e075edc).

ADVERSARIAL = [  # (lang, text, [(label, piece, occurrence)], status)
    (
        "ar",
        'قال "الرئيس" \\ في\tبيروت\x01 يوم 😀 الثلاثاء: «نعم»!',
        [("actor", "الرئيس", 0), ("place", "بيروت", 0), ("q", '"الرئيس" \\', 0)],
        Status.DONE,
    ),
    ("ar", "", [], Status.DONE),
    ("ar", "   \n\n  ", [], Status.DONE),
    ("ar", "أ", [("x", "أ", 0)], Status.IN_PROGRESS),
    (
        "other",
        "Reuters said k24 rose 3.5% to $1,200 (a \"record\").\nNext line. Then 'quotes'.",
        [
            ("ORG", "Reuters", 0),
            ("NUM", "3.5%", 0),
            ("ORG", "k24 rose", 0),
            ("A B", "rose", 0),
            ("odd", "uter", 0),
        ],
        Status.DONE,
    ),
    (
        "ar",
        "الكلمة\u200cالمركبة و\u200fعلامة\u064e\u0651 ثم ۱۲ و12 ؟ نهاية.",
        [("a", "المركبة", 0), ("b", "الكلمة\u200cالمركبة و", 0), ("c", "۱۲ و12", 0)],
        Status.REVIEWED,
    ),
    (
        "ar",
        "بيروت بيروت بيروت " * 40 + "\U0001f1ea\U0001f1ec",
        [("place", "بيروت", 0), ("place", "بيروت بيروت", 1), ("place", "بيروت", 5)],
        Status.DONE,
    ),
]


def adversarial_digests(tmp: Path) -> dict[str, str]:
    """sha256 of each token format's export of the adversarial project."""
    out: dict[str, str] = {}
    with Project.open(tmp / "adv.seedproj") as project:
        with project.transaction():
            for label in sorted({label for _, _, spans, _ in ADVERSARIAL for label, _, _ in spans}):
                if label not in project.labels.names():
                    project.labels.add_new(label)
            for k, (lang, text, spans, status) in enumerate(ADVERSARIAL):
                meta = {"_input_hash": 7, "answer": "accept"} if k == 0 else {"source": "x"}
                doc_id = project.documents.add(
                    NewDocument(f"d{k}", f"t{k}", lang, text, text, None, "none", meta, "t")
                )
                for label, piece, nth in spans:
                    start = -1
                    for _ in range(nth + 1):
                        start = text.index(piece, start + 1)
                    project.spans.add(
                        doc_id, "ali", NewSpan(label, start, start + len(piece), piece)
                    )
                project.status.set(doc_id, "ali", status)
        for fmt in ("conll", "hf", "prodigy"):
            report = Exporter(project).run(tmp / f"adv.{fmt}", ExportOptions(("ali",), format=fmt))
            blob = b"".join(Path(f).read_bytes() for f in sorted(map(str, report.files)))
            out[fmt] = hashlib.sha256(blob).hexdigest()
    return out


PINNED_ADVERSARIAL = {
    "conll": "686af9b099aa4178cf5ea40a0887b53e202157fa82df9637edff3e2db7694e83",
    "hf": "c05a376f1992d57362a5a4587c57c211d6a984cd4bab04bd7667c232b75d416c",
    "prodigy": "02cbc05a42435e7ad38dd8fe80c6a25ba9fef2d8081a0f394d3909f802dd042a",
}


def test_an_adversarial_project_exports_byte_for_byte_as_pinned(tmp_path: Path) -> None:
    assert adversarial_digests(tmp_path) == PINNED_ADVERSARIAL


if __name__ == "__main__":  # print the digests of the code on the path, to pin them
    import tempfile

    for name, source in sorted(SOURCES.items()):
        with tempfile.TemporaryDirectory() as tmp:
            print(name, digests(source, Path(tmp)))
    with tempfile.TemporaryDirectory() as tmp:
        print("adversarial", adversarial_digests(Path(tmp)))
