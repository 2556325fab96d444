"""Every format we read or write, by name: where its reader, sniffer and writer live, and
how the window names its files. A new format is a module and one row here.

Modules load on first use, so `annotator stats` does not import spaCy's glue or a Label
Studio parser it will never call. What a row's functions must look like is in protocol.py
(checked for every row by tests/core/formats/test_registry.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.formats.protocol import (
    Companion,
    FileNamedReader,
    LineWriter,
    Reader,
    Sniffer,
    Writer,
    WriterFactory,
)
from annotator.core.formats.records import ReadItem, within_bound


@dataclass(frozen=True)
class SaveAs:
    """How the window proposes an export: the name `<project>-<whose><suffix>`, and the
    save dialog's filter `<kind> (<patterns>)` (the window translates `kind`)."""

    suffix: str  # ".doccano.jsonl"; "_brat" for a folder
    kind: str  # "JSON Lines"
    patterns: tuple[str, ...] = ("*",)
    folder: bool = False  # the writer makes a folder: the dialog asks for a new one


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # annotator.core.formats.<module>
    title: str  # what the user is told ("Read as: ...", the export dialog's list)
    extensions: tuple[str, ...]  # what a folder walk picks up for this format
    reader: str | None = None  # function name (protocol.Reader); None: export only
    sniffer: str | None = None  # function name (protocol.Sniffer): a test of the content
    writer: str | None = None  # class or function name (protocol.WriterFactory)
    save: SaveAs | None = None  # for a writer: how the window names its files
    # Auto detection takes the format for its extensions once no sniffer recognised the
    # file: our own formats, which carry no mark of their own.
    by_extension: bool = False
    # Each file is one document named by its path below the folder walked (plain text):
    # the reader takes `ext_id` and `source` keywords.
    named_by_file: bool = False
    # Function name (protocol.Companion): files a folder walk leaves to this format's reader
    # of another file (brat's texts, a Hugging Face export's label names).
    companion: str | None = None

    def load(self, attr: str) -> Any:
        return getattr(importlib.import_module(f"annotator.core.formats.{self.module}"), attr)

    def read(
        self,
        path: Path,
        encoding: str | None,
        ext_id: str | None = None,
        source: str | None = None,
    ) -> Iterator[ReadItem]:
        """The file's records, each document's length checked here, for every format."""
        assert self.reader is not None
        if self.named_by_file:
            named: FileNamedReader = self.load(self.reader)
            ext_id, source = _file_names(path, ext_id, source)
            return within_bound(named(path, encoding, ext_id=ext_id, source=source))
        reader: Reader = self.load(self.reader)
        return within_bound(reader(path, encoding))

    def sniff(self, path: Path, head: str) -> str | None:
        if self.sniffer is None:
            return None
        sniffer: Sniffer = self.load(self.sniffer)
        return sniffer(path, head)

    def is_companion(self, path: Path) -> bool:
        if self.companion is None:
            return False
        companion: Companion = self.load(self.companion)
        return companion(path)


def _file_names(path: Path, ext_id: str | None, source: str | None) -> tuple[str, str]:
    """A file given alone is named by its stem, and recorded under its folder's name."""
    return (
        path.stem if ext_id is None else ext_id,
        f"{path.resolve().parent.name}/{path.name}" if source is None else source,
    )


JSON_LINES = "JSON Lines"

# The order the user sees (the command line's choices, the export dialog's list); auto
# detection runs the sniffers in this order too, so the strictest content tests come
# first and the loosest (CoNLL's) last.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("txt", "txt", "plain text", (".txt", ".text"), "read_txt",
               by_extension=True, named_by_file=True),
        Format("jsonl", "jsonl", "Seed Annotator JSONL", (".jsonl", ".ndjson"), "read_jsonl",
               writer="JsonlWriter", save=SaveAs(".jsonl", JSON_LINES, ("*.jsonl",)),
               by_extension=True),
        Format("csv", "csvfile", "CSV/TSV table", (".csv", ".tsv"), "read_csv",
               by_extension=True),
        Format("webanno", "webanno", "WebAnno TSV 3", (".tsv",), "read_webanno", "sniff_webanno"),
        Format("inception", "inception", "INCEpTION UIMA CAS JSON", (".json",),
               "read_inception", "sniff_inception"),
        Format("labelstudio", "labelstudio", "Label Studio JSON", (".json",),
               "read_labelstudio", "sniff_labelstudio", "LabelStudioWriter",
               SaveAs(".labelstudio.json", "JSON", ("*.json",))),
        Format("doccano", "doccano", "doccano JSONL", (".jsonl", ".json"),
               "read_doccano", "sniff_doccano", "DoccanoWriter",
               SaveAs(".doccano.jsonl", JSON_LINES, ("*.jsonl",))),
        Format("prodigy", "prodigy", "Prodigy JSONL", (".jsonl",),
               "read_prodigy", "sniff_prodigy", "ProdigyWriter",
               SaveAs(".prodigy.jsonl", JSON_LINES, ("*.jsonl",))),
        Format("hf", "hf", "Hugging Face token-classification JSONL", (".jsonl",),
               "read_hf", "sniff_hf", "HfWriter", SaveAs(".hf.jsonl", JSON_LINES, ("*.jsonl",)),
               companion="labels_file"),
        Format("brat", "brat", "brat standoff", (".ann",), "read_brat", "sniff_brat",
               "BratWriter", SaveAs("_brat", "A new folder", folder=True), companion="text_file"),
        Format("idrisi", "idrisi", "IDRISI-R JSONL (code point mentions)", (".jsonl",),
               "read_idrisi", "sniff_idrisi"),
        Format("conll", "conll", "CoNLL / BIO", (".conll", ".bio", ".iob", ".txt", ".tsv"),
               "read_conll", "sniff_conll", "ConllWriter",
               SaveAs(".conll", "CoNLL", ("*.conll", "*.txt"))),
        Format("spacy", "spacy_docbin", "spaCy DocBin", (".spacy",), writer="SpacyWriter",
               save=SaveAs(".spacy", "spaCy DocBin", ("*.spacy",))),
    )
}  # fmt: skip

# What auto detection reads a file as when neither a sniffer nor an extension claimed it.
ANYTHING_ELSE = "txt"

READERS = {name: f for name, f in FORMATS.items() if f.reader}
WRITERS = {name: f for name, f in FORMATS.items() if f.writer}


def by_extension(path: Path) -> Format:
    """The format auto detection gives a file no sniffer recognised."""
    suffix = path.suffix.lower()
    for fmt in READERS.values():
        if fmt.by_extension and suffix in fmt.extensions:
            return fmt
    return READERS[ANYTHING_ELSE]


def make_writer(name: str, target: Path) -> Writer | LineWriter:
    fmt = WRITERS[name]
    assert fmt.writer is not None
    factory: WriterFactory = fmt.load(fmt.writer)
    return factory(target)
