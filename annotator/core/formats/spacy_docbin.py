"""spaCy DocBin export (`.spacy`), the training-data format of `spacy train`.

spaCy is an optional extra and is imported only when this writer is built. Each text is
tokenised by a blank pipeline of its language; a span that does not fall on spaCy's token
edges is widened to the tokens it touches and reported, never dropped. `doc.spans["sc"]`
holds every span (overlaps allowed, for the span categorizer); `doc.ents` holds the
non-overlapping ones, longest first, for the NER component.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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

        sdoc = self._pipeline(doc.lang).make_doc(doc.text)
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
        sdoc.spans[SPANS_KEY] = placed
        ents = filter_spans(placed)  # longest first, then earliest; no two share a token
        sdoc.ents = ents
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
        self._bin.add(sdoc)
        self.report.documents += 1
        self.report.spans += len(placed)

    def finish(self) -> WriteReport:
        try:
            self._out.handle.write(self._bin.to_bytes())
        except BaseException:
            self._out.abort()
            raise
        self.report.files.append(self._out.commit())
        return self.report

    def abort(self) -> None:
        self._out.abort()
