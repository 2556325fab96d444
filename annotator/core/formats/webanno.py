"""WebAnno TSV 3.x (3.2/3.3, as INCEpTION writes it): import of span layers.

The file holds no document text as such: `#Text=` lines give each sentence, and token
offsets (UTF-16 units into the whole document) say where sentences sit, so the document is
rebuilt from them and every token is checked against it. Span layers become spans; token
level linguistic layers (POS, lemma, ...), relation and chain layers are skipped and counted
in the record's warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.formats.records import (
    BadRecord,
    ReadItem,
    SourceRecord,
    SourceSpan,
    first_line_title,
)
from annotator.core.text.decode import read_text_file
from annotator.core.text.utf16 import Utf16Index

_TOKEN_ID = re.compile(r"(\d+)-(\d+)(?:\.(\d+))?\Z")
_OFFSETS = re.compile(r"(\d+)-(\d+)\Z")
# Token level layers that would put a "span" on every word: not what this tool annotates.
SKIPPED_LAYER_PREFIXES = (
    "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.",
    "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.",
)
_TEXT_ESCAPES = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}


@dataclass
class _Layer:
    kind: str  # SP, RL, CH
    type: str
    features: list[str]
    first_column: int = 0

    @property
    def short(self) -> str:
        return self.type.rsplit(".", 1)[-1]

    @property
    def width(self) -> int:
        return max(1, len(self.features))

    @property
    def skipped(self) -> bool:
        return self.kind != "SP" or self.type.startswith(SKIPPED_LAYER_PREFIXES)


@dataclass
class _Annotation:
    layer: _Layer
    start: int  # UTF-16
    end: int
    values: list[str | None]
    line: int


@dataclass
class _Doc:
    layers: list[_Layer] = field(default_factory=list)
    sentences: list[tuple[str, int, str]] = field(default_factory=list)  # text, first token
    tokens: list[tuple[int, int, str, int, int]] = field(default_factory=list)
    # (begin, end, form, line, sentence index)
    annotations: dict[tuple[int, str], _Annotation] = field(default_factory=dict)


# WebAnno TSV 2 (WebAnno 2.x) has no #FORMAT line: a header of layers (" # type | feature")
# and sentences given as "#id=N" and "#text=...".
_TSV2_HEADER = re.compile(r"\s*#\s+[A-Za-z_][\w.]*\.[A-Za-z_]\w*\s*(?:\||#|$)")
TSV2 = "WebAnno TSV 2"
TSV2_UNSUPPORTED = (
    "this looks like WebAnno TSV 2 (WebAnno 2.x), which is not supported: only WebAnno TSV 3 "
    "is read. Export the document again from WebAnno 3+ or INCEpTION as 'WebAnno TSV 3'"
)


def looks_like_tsv2(head: str) -> bool:
    lines = head.lstrip("\ufeff").split("\n")[:200]
    first = next((line for line in lines if line.strip()), "")
    sentences = any(line.startswith("#id=") for line in lines) and any(
        line.startswith("#text=") for line in lines
    )
    return sentences or _TSV2_HEADER.match(first) is not None


def sniff_webanno(path: Path, head: str) -> str | None:
    first = head.lstrip("\ufeff").split("\n", 1)[0].strip()
    if first.startswith("#FORMAT=WebAnno TSV 3"):
        return f"WebAnno TSV {first.rsplit(' ', 1)[-1]} (INCEpTION / WebAnno export)"
    if looks_like_tsv2(head):
        # Claimed so that the reader can say what it is; left to the CSV reader, it would
        # only complain of a missing 'text' column.
        return f"{TSV2} (not supported)"
    return None


def read_webanno(path: Path, encoding: str | None = None) -> Iterator[ReadItem]:
    """Yield the file's one document with the spans of its span layers."""
    try:
        content = read_text_file(path, encoding)
    except InputError as exc:
        yield exc.problem
        return
    try:
        doc = _parse(content)
        text, gaps = _rebuild_text(doc)
        spans, warnings = _spans(doc, text)
    except BadRecord as exc:
        yield exc.problem(path)
        return
    if gaps:
        warnings.insert(
            0,
            f"{gaps} gap(s) between sentences are not in the file: filled with a space "
            "(one character) or line breaks (longer)",
        )
    meta: dict[str, Any] = {
        "webanno_layers": [f"{layer.kind}:{layer.type}" for layer in doc.layers]
    }
    if warnings:
        meta["import_warnings"] = warnings
    yield SourceRecord(
        path=str(path),
        line=None,
        ext_id=path.stem,
        text=text,
        title=first_line_title(text),
        meta=meta,
        spans=tuple(spans),
        has_annotations=True,
        bytes_done=path.stat().st_size,
    )


def _unescape_text(value: str) -> str:
    return re.sub(r"\\[\\tnr]", lambda m: _TEXT_ESCAPES[m.group()], value)


def _parse(content: str) -> _Doc:
    doc = _Doc()
    lines = content.split("\n")
    if not lines[0].startswith("#FORMAT=WebAnno TSV 3"):
        if looks_like_tsv2(content[:65536]):
            raise BadRecord(TSV2_UNSUPPORTED, 1)
        raise BadRecord("not WebAnno TSV 3 (the first line must be '#FORMAT=WebAnno TSV 3.x')", 1)
    column = 0
    pending_text: list[str] = []
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith("#T_"):
            kind, _, decl = line[3:].partition("=")
            if kind not in ("SP", "RL", "CH"):
                raise BadRecord(f"unknown layer kind #T_{kind}", number)
            parts = decl.split("|")
            features = [f for f in parts[1:] if f] if kind == "SP" else parts[1:]
            layer = _Layer(kind, parts[0], features, column)
            doc.layers.append(layer)
            column += layer.width
        elif line.startswith("#Text="):
            pending_text.append(_unescape_text(line[len("#Text=") :]))
        elif line.startswith("#"):
            continue  # other header/comment lines (#FORMAT already checked)
        elif not line.strip():
            continue
        else:
            if pending_text:
                doc.sentences.append(("\n".join(pending_text), -1, ""))
                pending_text = []
            if not doc.sentences:
                raise BadRecord("a token line before any #Text= line", number)
            _token_line(doc, line, number, column)
    if not doc.sentences:
        raise BadRecord("no sentences (#Text= lines with tokens) in this file", None)
    return doc


def _token_line(doc: _Doc, line: str, number: int, columns: int) -> None:
    cells = line.split("\t")
    if cells and cells[-1] == "":
        cells = cells[:-1]  # every token line ends with a TAB
    if len(cells) < 3:
        raise BadRecord("a token line needs 'SENT-TOKEN<TAB>BEGIN-END<TAB>FORM'", number)
    if not _TOKEN_ID.match(cells[0]):
        raise BadRecord(f"token id {cells[0]!r} is not SENT-TOKEN[.SUB]", number)
    offsets = _OFFSETS.match(cells[1])
    if not offsets:
        raise BadRecord(f"offsets {cells[1]!r} are not BEGIN-END", number)
    begin, end = int(offsets[1]), int(offsets[2])
    if end < begin:
        raise BadRecord(f"offsets {begin}-{end} are reversed", number)
    values = cells[3:]
    if len(values) != columns:
        raise BadRecord(
            f"{len(values)} annotation column(s) but the header declares {columns}", number
        )
    sentence = len(doc.sentences) - 1
    text, first, _ = doc.sentences[sentence]
    if first < 0:
        doc.sentences[sentence] = (text, begin, _unescape(cells[2]))
    doc.tokens.append((begin, end, cells[2], number, sentence))
    for layer in doc.layers:
        if layer.skipped:
            continue
        cols = values[layer.first_column : layer.first_column + layer.width]
        _span_cells(doc, layer, cols, begin, end, number)


def _split_cell(cell: str) -> list[tuple[str, int | None]] | None:
    """Stacked entries of one cell as (raw value, multi-token id); None for `_`.

    Works on chunks (a backslash escape is one chunk) so an escaped `|` or `[` in a value
    is never taken for a separator or an id.
    """
    if cell == "_":
        return None
    entries: list[tuple[str, int | None]] = []
    chunks: list[str] = []
    i = 0
    while i <= len(cell):
        if i < len(cell) and cell[i] == "\\" and i + 1 < len(cell):
            chunks.append(cell[i : i + 2])
            i += 2
            continue
        if i == len(cell) or cell[i] == "|":
            entries.append(_entry(chunks))
            chunks = []
        else:
            chunks.append(cell[i])
        i += 1
    return entries


def _entry(chunks: list[str]) -> tuple[str, int | None]:
    if len(chunks) >= 3 and chunks[-1] == "]":
        try:
            opening = len(chunks) - 1 - chunks[::-1].index("[")
        except ValueError:
            opening = -1
        digits = "".join(chunks[opening + 1 : -1])
        if opening >= 0 and digits.isdecimal():  # int() refuses "²", a digit to isdigit
            return "".join(chunks[:opening]), int(digits)
    return "".join(chunks), None


def _unescape(raw: str) -> str:
    out = []
    i = 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(nxt, nxt))
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return "".join(out)


def _value(raw: str) -> str | None:
    """`*` is an annotation without a value; the rest is unescaped per the TSV 3 spec."""
    return None if raw in ("*", "_", "") else _unescape(raw)


def _span_cells(
    doc: _Doc, layer: _Layer, cols: list[str], begin: int, end: int, number: int
) -> None:
    split = [_split_cell(c) for c in cols]
    present = [s for s in split if s is not None]
    if not present:
        return
    count = len(present[0])
    if any(len(s) != count for s in present):
        raise BadRecord(
            f"the columns of layer {layer.short} disagree on how many annotations", number
        )
    for k in range(count):
        ident = next((s[k][1] for s in present if s[k][1] is not None), None)
        values = [None if s is None else _value(s[k][0]) for s in split]
        key = (ident if ident is not None else -number * 1000 - k, layer.type)
        known = doc.annotations.get(key)
        if known is None:
            doc.annotations[key] = _Annotation(layer, begin, end, values, number)
        else:
            known.start, known.end = min(known.start, begin), max(known.end, end)


def _rebuild_text(doc: _Doc) -> tuple[str, int]:
    """Sentences placed at their tokens' offsets; gaps become a space or line breaks."""
    parts: list[str] = []
    length = 0  # UTF-16 units so far
    gaps = 0
    for text, first_begin, first_form in doc.sentences:
        lead = text.find(first_form) if first_form else 0
        start = first_begin - _utf16_len(text[: max(lead, 0)])
        gap = start - length
        if gap < 0:
            raise BadRecord(f"sentence {text[:40]!r} overlaps the one before it", None)
        parts.append(" " if gap == 1 else "\n" * gap)
        gaps += gap > 0
        parts.append(text)
        length = start + _utf16_len(text)
    return "".join(parts), gaps


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _spans(doc: _Doc, text: str) -> tuple[list[SourceSpan], list[str]]:
    index = Utf16Index(text)

    def convert(begin: int, end: int, line: int, what: str) -> tuple[int, int]:
        try:
            start, stop = index.to_codepoint(begin, "start"), index.to_codepoint(end, "end")
        except ValueError:
            raise BadRecord(
                f"{what} {begin}-{end} falls outside the rebuilt text "
                f"({index.utf16_length} UTF-16 units)",
                line,
            ) from None
        if index.to_utf16(start) != begin or index.to_utf16(stop) != end:
            raise BadRecord(f"{what} {begin}-{end} cuts a character in two", line)
        return start, stop

    for begin, end, form, line, _ in doc.tokens:
        start, stop = convert(begin, end, line, "token")
        if text[start:stop] not in (form, _unescape(form)):
            raise BadRecord(
                f"token {form!r} at {begin}-{end} does not match the text there "
                f"({text[start:stop]!r})",
                line,
            )
    spans: list[SourceSpan] = []
    kept = [layer for layer in doc.layers if not layer.skipped]
    zero = 0
    for ann in doc.annotations.values():
        start, stop = convert(ann.start, ann.end, ann.line, f"{ann.layer.short} annotation")
        if stop <= start:
            zero += 1
            continue
        label, attrs = _label(ann.layer, ann.values)
        if len(kept) > 1:
            attrs["layer"] = ann.layer.short
        spans.append(SourceSpan(start, stop, label, attrs))
    spans.sort(key=lambda s: (s.start, s.end, s.label))
    warnings = []
    if zero:
        warnings.append(f"{zero} zero-length annotation(s) skipped (a span needs characters)")
    skipped = [layer for layer in doc.layers if layer.skipped]
    if skipped:
        names = ", ".join(f"{layer.short} ({layer.kind})" for layer in skipped)
        warnings.append(f"layers not imported (token level, relations or chains): {names}")
    return spans, warnings


def _label(layer: _Layer, values: list[str | None]) -> tuple[str, dict[str, Any]]:
    """`value` if set, else the first feature with a value, else the layer's name."""
    names = layer.features or [""]
    slots = {i + d for i, name in enumerate(names) if name.startswith("ROLE_") for d in (0, 1)}
    pairs = [
        (name, value)
        for i, (name, value) in enumerate(zip(names, values, strict=False))
        if value is not None and i not in slots
    ]
    chosen = next((p for p in pairs if p[0] == "value"), pairs[0] if pairs else None)
    if chosen is None:
        return layer.short, {}
    attrs = {name: value for name, value in pairs if (name, value) != chosen and name}
    return chosen[1], attrs
