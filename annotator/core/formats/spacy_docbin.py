"""spaCy DocBin export (`.spacy`), the training-data format of `spacy train`.

spaCy is an optional extra and is imported only when this writer is built. Each text is
tokenised by a blank pipeline of its language; a span that does not fall on spaCy's token
edges is widened to the tokens it touches and reported, never dropped. `doc.spans["sc"]`
holds every span (overlaps allowed, for the span categorizer); `doc.ents` holds the
non-overlapping ones, longest first, for the NER component.
"""

from __future__ import annotations

import importlib
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from annotator.core.errors import AnnotatorError
from annotator.core.formats.atomic import AtomicFile
from annotator.core.formats.exchange import ExportDoc, WriteReport
from annotator.core.text.hazm_import import LOCK as HAZM_LOCK

SPANS_KEY = "sc"  # spaCy's default key for the span categorizer
_SPACY_LANG = {"fa": "fa", "ar": "ar"}  # anything else: "xx", the multi-language tokenizer


def _import_spacy() -> Any:
    try:
        with HAZM_LOCK:  # not while hazm is loading with spaCy hidden from it
            import spacy
            from spacy.tokens import DocBin
    except ImportError as exc:
        raise AnnotatorError(
            "spaCy export needs the optional extra: pip install 'seed-annotator[spacy]'"
        ) from exc
    return spacy, DocBin


# The token attributes whose strings DocBin.add collects for each token (text, tag, lemma,
# norm, morph, dep, entity type, entity KB id, entity id), by the names of its attributes.
# (The file keeps DocBin()'s 13 token columns, though a blank pipeline fills 3 of them and
# 5 read back the same Docs 0.1-0.2 s sooner: a DocBin read from a file merges only with
# one of the same columns, and users merge ours with spaCy's default DocBin; issue 12.)
_STRING_ATTRS = ("ORTH", "TAG", "LEMMA", "NORM", "MORPH", "DEP", "ENT_TYPE", "ENT_KB_ID", "ENT_ID")


class _DocBinParts:
    """What `DocBin.add` keeps of each Doc, filled in directly, so that `DocBin.to_bytes`
    writes the same file with a fraction of the work (issue 12).

    DocBin.add asks nine string attributes of every token (ten million set insertions for
    a million tokens) and serialises each Doc's span groups through srsly, whose msgpack
    packer scans every installed package's entry points each time it is made (two per
    Doc). Here the strings come from the hashes in the token array (each new one looked up
    once), and the span groups are packed as SpanGroup.to_bytes and SpanGroups.to_bytes
    pack them, by one packer made once. The entities' token columns are written as
    `Doc.ents = ...` sets them (B 3, I 1, O 2 and the label), with array operations where
    the setter takes a Python step per token (issue 12). Tests compare what spaCy reads back (DocBin
    .from_bytes, get_docs) with what it reads back from DocBin.add and to_bytes.
    """

    def __init__(self, doc_bin: Any) -> None:
        attrs = importlib.import_module("spacy.attrs")  # compiled, and srsly has no types
        msgpack = importlib.import_module("srsly.msgpack")

        self.bin = doc_bin
        self._spacy_attr = attrs.SPACY
        self._columns = [doc_bin.attrs.index(attrs.intify_attr(name)) for name in _STRING_ATTRS]
        self._iob = doc_bin.attrs.index(attrs.ENT_IOB)
        self._type = doc_bin.attrs.index(attrs.ENT_TYPE)
        self._packer = msgpack.Packer(use_bin_type=True)  # as srsly.msgpack_dumps packs
        self._seen: dict[int, set[int]] = {}  # per vocab: hashes already looked up

    def add(self, sdoc: Any, spans_key: str, placed: list[Any], ents: list[Any]) -> None:
        """`ents`: spans no two of which share a token, for the entity columns."""
        doc_bin = self.bin
        array = sdoc.to_array(doc_bin.attrs)
        if len(array.shape) == 1:
            array = array.reshape((array.shape[0], 1))
        self._set_ents(array, ents)
        doc_bin.tokens.append(array)
        spaces = sdoc.to_array(self._spacy_attr)
        doc_bin.spaces.append(np.asarray(spaces.reshape((spaces.shape[0], 1)), dtype=bool))
        doc_bin.flags.append({"has_unknown_spaces": sdoc.has_unknown_spaces})
        doc_bin.cats.append(sdoc.cats)
        strings = sdoc.vocab.strings
        seen = self._seen.setdefault(id(strings), set())
        table = array[:, self._columns]
        orth = table[:, 0]
        hashes: set[int] = set(orth.tolist())
        if len(table):
            # Most columns are one value throughout (a blank pipeline's tags and lemmas),
            # and a norm is its token's text but for a few.
            varying = ~(table == table[0]).all(axis=0)
            hashes.update(table[0, ~varying].tolist())
            for column in np.flatnonzero(varying).tolist():
                values = table[:, column]
                hashes.update(values[values != orth].tolist())
        fresh = hashes - seen
        if fresh:
            doc_bin.strings.update(strings[h] for h in fresh)
            seen |= fresh
        doc_bin.strings.update(span.label_ for span in placed)
        if placed:  # DocBin.add: the KB id and id of a span are 0 (""), known strings
            doc_bin.strings.add("")
        doc_bin.span_groups.append(self._span_groups(spans_key, placed))

    def _set_ents(self, array: np.ndarray, ents: list[Any]) -> None:
        """The columns `Doc.ents = ents` sets (Doc.set_ents, default "outside"): every
        token O (2) with no type, then each entity's first token B (3), the rest I (1), all
        of its label. An entity with no label (hash 0) or no token is skipped, as set_ents
        skips it.
        Entity KB ids and ids stay 0, as spans made by char_span have."""
        array[:, self._iob] = 2
        array[:, self._type] = 0
        if not ents:
            return
        edges = np.array([(e.start, e.end, e.label) for e in ents], dtype=np.uint64)
        # No label (hash 0), or no token (an empty Span: char_span of no characters).
        edges = edges[(edges[:, 2] > 0) & (edges[:, 1] > edges[:, 0])]
        starts, ends = edges[:, 0].astype(np.int64), edges[:, 1].astype(np.int64)
        labels = edges[:, 2]
        lengths = ends - starts
        tokens = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(
            int(lengths.sum())
        )
        array[tokens, self._type] = np.repeat(labels, lengths)
        array[tokens, self._iob] = 1
        array[starts, self._iob] = 3

    def _span_groups(self, key: str, spans: list[Any]) -> bytes:
        """SpanGroups.to_bytes of a Doc whose only group is `key`, spans made by char_span
        (no id, no KB id, no group attributes)."""
        group = self._packer.pack(
            {
                "name": key,
                "attrs": {},
                "spans": [
                    _SPAN.pack(0, 0, s.label, s.start, s.end, s.start_char, s.end_char)
                    for s in spans
                ],
            }
        )
        return self._packer.pack({group: [key]})

    def write(self, out: Callable[[bytes], object]) -> None:
        """DocBin.to_bytes's message, compressed as it is packed and written as it is
        compressed.

        to_bytes stacks the token arrays (a copy), makes bytes of them (a copy), packs the
        message (a copy) and compresses the whole (some 100 MB for a million tokens); here
        the same message goes to zlib piece by piece, each Doc's array as it is.

        Compressed at level 2, not to_bytes's 6: spaCy reads any level back into the same
        Docs (what users need; byte identity with to_bytes is not), and on 123 MB of
        message level 6 took 0.77 s CPU where level 2 takes 0.27 s for a file 6.5% larger
        (level 1: 0.33 s and 44% larger, zlib 1.2.13; issue 12)."""
        doc_bin, pack = self.bin, self._packer.pack
        squeeze = zlib.compressobj(_LEVEL)  # zlib header, as zlib.decompress reads

        def put(data: Any) -> None:
            if chunk := squeeze.compress(data):
                out(chunk)

        put(self._packer.pack_map_header(9))  # to_bytes's message, key for key
        put(pack("version") + pack(doc_bin.version) + pack("attrs") + pack(doc_bin.attrs))
        for key, arrays in (("tokens", doc_bin.tokens), ("spaces", doc_bin.spaces)):
            put(pack(key) + _bin_header(sum(a.nbytes for a in arrays)))
            for array in arrays:
                put(np.ascontiguousarray(array))
        lengths = np.asarray([len(t) for t in doc_bin.tokens], dtype="int32").tobytes("C")
        put(pack("lengths") + pack(lengths))
        put(pack("strings") + pack(sorted(doc_bin.strings)))
        put(pack("cats") + pack(doc_bin.cats) + pack("flags") + pack(doc_bin.flags))
        put(pack("span_groups") + pack(doc_bin.span_groups))
        out(squeeze.flush())


def _bin_header(size: int) -> bytes:
    """msgpack's header of a bin of `size` bytes (bin 8, bin 16 or bin 32)."""
    if size < 1 << 8:
        return struct.pack(">BB", 0xC4, size)
    if size < 1 << 16:
        return struct.pack(">BH", 0xC5, size)
    return struct.pack(">BI", 0xC6, size)


def _apart(spans: list[Any]) -> bool:
    """Whether each span holds a token or more and starts at or after the one before it
    ends: then spaCy's filter_spans keeps every one, in this order."""
    end = 0
    for span in spans:
        if span.start < end or span.end <= span.start:
            return False
        end = span.end
    return True


_LEVEL = 2  # zlib level: see _DocBinParts.write
_SPAN = struct.Struct(">QQQllll")  # SpanGroup.to_bytes: id, kb id, label, token and char edges


class SpacyWriter:
    """Writes one spaCy Doc per document and annotator into a DocBin.

    User data is not stored (`store_user_data=False`): a DocBin with user data is read
    back through msgpack into arbitrary objects, and training needs none of it. So ids,
    annotator names and metadata are reported as left out.
    """

    NEEDS_TOKENS = False

    def __init__(self, target: Path, lang: str | None = None) -> None:
        self._spacy, doc_bin = _import_spacy()
        self.lang = lang
        self.report = WriteReport()
        self._bin = doc_bin(store_user_data=False)
        self._parts = _DocBinParts(self._bin)
        self._nlp: dict[str, Any] = {}
        self._out = AtomicFile(Path(target))

    def _pipeline(self, lang: str) -> Any:
        code = _SPACY_LANG.get(self.lang or lang, self.lang or "xx")
        if code not in self._nlp:
            try:
                self._nlp[code] = self._spacy.blank(code)
            except (ImportError, KeyError, ValueError) as exc:
                raise AnnotatorError(f"spaCy has no language {code!r}: {exc}") from exc
        return self._nlp[code]

    def add(self, doc: ExportDoc) -> None:
        from spacy.util import filter_spans

        nlp = self._pipeline(doc.lang)
        if len(doc.text) >= nlp.max_length:
            # max_length (a million characters) guards the parser's and the entity
            # recognizer's memory; a blank pipeline only tokenises, and our documents go up
            # to the import's bound (records.MAX_DOCUMENT_CHARS).
            nlp.max_length = len(doc.text) + 1
        sdoc = nlp.make_doc(doc.text)
        placed = []
        for span in doc.spans:
            found = sdoc.char_span(span.start, span.end, span.label, alignment_mode="strict")
            if found is None:
                found = sdoc.char_span(span.start, span.end, span.label, alignment_mode="expand")
                if found is None or not len(found):
                    self.report.lose("spans on no spaCy token (whitespace only)")
                    continue
                self.report.lose("spans widened to spaCy tokens")
            placed.append(found)
        # doc.spans and doc.ents are not set on the Doc: _DocBinParts writes what they
        # would add to the DocBin (the span group, the entity columns) from these lists.
        # Longest first, then earliest; no two share a token. Spans already apart (most
        # documents) are what filter_spans keeps of them, in their order, without its sort
        # and its set of every token (a tenth of the export's own CPU; issue 12).
        ents = placed if _apart(placed) else filter_spans(placed)
        self.report.lose(
            f"overlapping spans left out of doc.ents (all are in doc.spans['{SPANS_KEY}'])",
            len(placed) - len(ents),
        )
        if doc.relations:
            self.report.lose("relations (a DocBin has none)", len(doc.relations))
        self.report.lose(
            "span attributes (a DocBin has none)", sum(1 for s in doc.spans if s.attrs)
        )
        self.report.lose("document ids, annotators and metadata (no user data is stored)")
        self._parts.add(sdoc, SPANS_KEY, placed, ents)
        self.report.documents += 1
        self.report.spans += len(placed)

    def finish(self) -> WriteReport:
        try:
            self._parts.write(self._out.handle.write)
        except BaseException:
            self._out.abort()
            raise
        self.report.files.append(self._out.commit())
        return self.report

    def abort(self) -> None:
        self._out.abort()
