"""Every format we read or write, by name: where its reader, sniffer and writer live.

Modules load on first use, so `annotator stats` does not import spaCy's glue or a Label
Studio parser it will never call.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.formats.exchange import Writer
from annotator.core.formats.records import ReadItem


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # annotator.core.formats.<module>
    title: str  # what the user is told
    extensions: tuple[str, ...]
    reader: str | None = None  # function name; None: export only
    sniffer: str | None = None
    writer: str | None = None  # class name; None: import only

    def _get(self, attr: str) -> Any:
        return getattr(importlib.import_module(f"annotator.core.formats.{self.module}"), attr)

    def read(self, path: Path, encoding: str | None) -> Iterator[ReadItem]:
        assert self.reader is not None
        return self._get(self.reader)(path, encoding)

    def sniff(self, path: Path, head: str) -> str | None:
        return self._get(self.sniffer)(path, head) if self.sniffer else None


# In sniffing order: the strictest content tests first, our own JSONL and plain text last.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("webanno", "webanno", "WebAnno TSV 3", (".tsv",), "read_webanno", "sniff_webanno"),
        Format("inception", "inception", "INCEpTION UIMA CAS JSON", (".json",),
               "read_inception", "sniff_inception"),
        Format("labelstudio", "labelstudio", "Label Studio JSON", (".json",),
               "read_labelstudio", "sniff_labelstudio", "LabelStudioWriter"),
        Format("doccano", "doccano", "doccano JSONL", (".jsonl", ".json"),
               "read_doccano", "sniff_doccano", "DoccanoWriter"),
        Format("prodigy", "prodigy", "Prodigy JSONL", (".jsonl",),
               "read_prodigy", "sniff_prodigy", "ProdigyWriter"),
        Format("hf", "hf", "Hugging Face token-classification JSONL", (".jsonl",),
               "read_hf", "sniff_hf", "HfWriter"),
        Format("brat", "brat", "brat standoff", (".ann",), "read_brat", "sniff_brat",
               "BratWriter"),
        Format("idrisi", "conll", "IDRISI-R JSONL (code point mentions)", (".jsonl",),
               "read_idrisi", "sniff_idrisi"),
        Format("conll", "conll", "CoNLL / BIO", (".conll", ".bio", ".iob", ".txt", ".tsv"),
               "read_conll", "sniff_conll", "ConllWriter"),
        Format("spacy", "spacy_docbin", "spaCy DocBin", (".spacy",), writer="SpacyWriter"),
    )
}  # fmt: skip

READERS = {name: f for name, f in FORMATS.items() if f.reader}
WRITERS = {name: f for name, f in FORMATS.items() if f.writer}


def make_writer(name: str, target: Path) -> Writer:
    fmt = WRITERS[name]
    assert fmt.writer is not None
    factory: Callable[[Path], Writer] = fmt._get(fmt.writer)
    return factory(target)
