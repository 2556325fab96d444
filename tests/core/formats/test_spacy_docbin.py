"""spaCy DocBin export: the file loads in spaCy and every entity is the original characters."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import AnnotatorError
from annotator.core.formats.exchange import ExportDoc, ExportRelation, ExportSpan
from annotator.core.formats.spacy_docbin import SpacyWriter

FA = "خبرگزاری ایرنا از تهران 😀 گزارش داد که مصطفی مصباح‌زاده آمد.\nاو در شیراز ماند"
AR = "ذهب أحمد حسن إلى القاهرة 🇪🇬 يوم الأحد، ثم عاد إلى عمّان"


def span_at(text: str, piece: str, label: str) -> tuple[int, int, str]:
    start = text.index(piece)
    return start, start + len(piece), label


def export_doc(
    text: str,
    spans: list[tuple[int, int, str]],
    lang: str,
    ext_id: str = "d1",
    relations: tuple[ExportRelation, ...] = (),
) -> ExportDoc:
    return ExportDoc(
        ext_id=ext_id,
        title=text.split("\n")[0],
        text=text,
        lang=lang,
        meta={},
        annotator="sara",
        status="done",
        spans=[
            ExportSpan(i, s, e, lab, text[s:e], {"why": "x"} if lab == "ATTR" else {})
            for i, (s, e, lab) in enumerate(sorted(spans))
        ],
        relations=relations,
    )


def load(path: Path, lang: str) -> list:
    import spacy
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank(lang).vocab))


def test_persian_and_arabic_entities_keep_their_characters(tmp_path: Path) -> None:
    fa_spans = [
        span_at(FA, "ایرنا", "org"),
        span_at(FA, "تهران", "loc"),
        span_at(FA, "مصطفی مصباح‌زاده", "actor"),  # ZWNJ inside, after an emoji
        span_at(FA, "شیراز", "loc"),
    ]
    ar_spans = [
        span_at(AR, "أحمد حسن", "actor"),
        span_at(AR, "القاهرة", "Population-Center"),
        span_at(AR, "عمّان", "loc"),  # shadda; after a flag emoji (two astral characters)
    ]
    target = tmp_path / "train.spacy"
    writer = SpacyWriter(target)
    writer.add(export_doc(FA, fa_spans, "fa"))
    writer.add(export_doc(AR, ar_spans, "ar", ext_id="d2"))
    report = writer.finish()
    assert report.files == [target] and report.documents == 2 and report.spans == 7
    assert report.lost == {"document ids, annotators and metadata (no user data is stored)": 2}
    fa_doc, ar_doc = load(target, "fa")
    for doc, text, spans in ((fa_doc, FA, fa_spans), (ar_doc, AR, ar_spans)):
        assert doc.text == text
        expected = [(label, text[s:e], s, e) for s, e, label in sorted(spans)]
        assert [(e.label_, e.text, e.start_char, e.end_char) for e in doc.ents] == expected
        assert [(e.label_, e.text) for e in doc.spans["sc"]] == [x[:2] for x in expected]


def test_overlaps_go_to_span_group_and_ents_keep_the_longest(tmp_path: Path) -> None:
    text = "سازمان ملل متحد در نیویورک"
    spans = [
        span_at(text, "سازمان ملل متحد", "org"),
        span_at(text, "ملل متحد", "org-part"),
        span_at(text, "نیویورک", "loc"),
    ]
    relations = (ExportRelation(0, 2, "based_in"),)
    target = tmp_path / "o.spacy"
    writer = SpacyWriter(target, lang="fa")
    writer.add(export_doc(text, spans, "other", relations=relations))
    report = writer.finish()
    assert report.lost["overlapping spans left out of doc.ents (all are in doc.spans['sc'])"] == 1
    assert report.lost["relations (a DocBin has none)"] == 1
    [doc] = load(target, "fa")
    assert [e.text for e in doc.ents] == ["سازمان ملل متحد", "نیویورک"]
    assert sorted(s.text for s in doc.spans["sc"]) == ["سازمان ملل متحد", "ملل متحد", "نیویورک"]


def test_span_off_spacy_token_edges_is_widened_and_reported(tmp_path: Path) -> None:
    text = "کتاب‌ها را در بانک‌ملی دیدم"
    spans = [span_at(text, "بانک", "ATTR"), span_at(text, "دیدم", "verb")]
    target = tmp_path / "w.spacy"
    writer = SpacyWriter(target)
    writer.add(export_doc(text, spans, "fa"))
    report = writer.finish()
    assert report.lost["spans widened to spaCy tokens"] == 1
    assert report.lost["span attributes (a DocBin has none)"] == 1
    assert report.spans == 2  # widened, not dropped
    [doc] = load(target, "fa")
    assert [e.text for e in doc.ents] == ["بانک‌ملی", "دیدم"]


def test_missing_spacy_says_which_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(AnnotatorError, match=r"pip install 'seed-annotator\[spacy\]'"):
        SpacyWriter(tmp_path / "x.spacy")
    assert list(tmp_path.glob("*x.spacy*")) == []


def test_abort_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    writer = SpacyWriter(tmp_path / "out" / "x.spacy")
    writer.add(export_doc(FA, [], "fa"))
    writer.abort()
    assert list((tmp_path / "out").iterdir()) == []


# --- The DocBin is filled directly (issue 12): spaCy reads back the Docs DocBin.add keeps --
# Not the same bytes: the file is compressed at a faster zlib level than to_bytes's. What a
# user needs is what spaCy's reader makes of it: every attribute of every token.

# Persian and Arabic letters and marks, ZWNJ, digits, Latin with case (a norm differs from
# its text), punctuation spaCy splits off, blanks of several kinds, an astral emoji.
ALPHABET = "پیکگبتمنذهبأحمد\u064e\u0651\u200c۱۲12abXY.!?؟،-\"' \t\n\u00a0\U0001f600"
LABELS = ["PER", "loc", "A B", "Population-Center"]


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]], str]:
    text = draw(st.text(alphabet=ALPHABET, max_size=60))
    spans = []
    for _ in range(draw(st.integers(0, 5)) if text else 0):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 15)))
        spans.append((start, end, draw(st.sampled_from(LABELS))))
    return text, spans, draw(st.sampled_from(["fa", "ar", "other"]))


class _DocBinAdd:
    """The writer as it was: each Doc through spaCy's own DocBin.add."""

    def __init__(self, doc_bin: object) -> None:
        self.bin = doc_bin

    def add(self, sdoc: object, key: str, placed: list, ents: list) -> None:
        sdoc.spans[key] = placed  # type: ignore[attr-defined]
        sdoc.ents = ents  # type: ignore[attr-defined]
        self.bin.add(sdoc)  # type: ignore[attr-defined]

    def write(self, out: Callable[[bytes], object]) -> None:
        out(self.bin.to_bytes())  # type: ignore[attr-defined]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(documents(), min_size=1, max_size=4))
def test_spacy_reads_back_what_it_reads_from_docbin_add(
    batch: list[tuple[str, list[tuple[int, int, str]], str]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ours, spacys = _both_ways(Path(tmp), batch)
        assert ours == spacys


def written_and_read(tmp: Path, docs: list[tuple[str, list[tuple[int, int, str]], str]]) -> list:
    """The documents through our writer, then spaCy's DocBin.from_bytes and get_docs."""
    import spacy
    from spacy.tokens import DocBin

    target = tmp / "all.spacy"
    writer = SpacyWriter(target)
    for k, (text, spans, lang) in enumerate(docs):
        writer.add(export_doc(text, spans, lang, ext_id=f"d{k}"))
    writer.finish()
    return list(DocBin().from_bytes(target.read_bytes()).get_docs(spacy.blank("xx").vocab))


def test_spacy_reads_the_file_from_bytes_with_each_entity_on_its_characters(
    tmp_path: Path,
) -> None:
    """spaCy's own reader (DocBin().from_bytes, get_docs) finds every entity at the
    character offsets exported, in documents of several languages in one file."""
    docs = [
        (FA, [span_at(FA, "ایرنا", "org"), span_at(FA, "مصطفی مصباح‌زاده", "actor")], "fa"),
        (AR, [span_at(AR, "أحمد حسن", "actor"), span_at(AR, "عمّان", "loc")], "ar"),
        ("Reuters said Bank Melli rose.", [(13, 23, "ORG")], "other"),
        (FA, [], "fa"),
    ]
    read = written_and_read(tmp_path, docs)
    assert [d.text for d in read] == [text for text, _, _ in docs]
    for doc, (text, spans, _) in zip(read, docs, strict=True):
        want = [(s, e, label, text[s:e]) for s, e, label in sorted(spans)]
        assert [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents] == want
        assert [(e.start_char, e.end_char) for e in doc.spans["sc"]] == [w[:2] for w in want]


# What Doc.has_annotation is asked of a Doc read back: what a training pipeline's components
# look at to decide whether a Doc is annotated for them.
ANNOTATIONS = ("TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB")


def read_back(data: bytes) -> list[tuple]:
    """What spaCy's reader (DocBin().from_bytes, get_docs) makes of a file: each Doc's
    text, tokens (every attribute DocBin() keeps, and whether a sentence starts there),
    span groups with their spans (label, token and character edges), entities,
    categories, flags, and the annotations it has."""
    import spacy
    from spacy.tokens import DocBin

    out = []
    for doc in DocBin().from_bytes(data).get_docs(spacy.blank("xx").vocab):
        out.append(
            (
                doc.text,
                [
                    (
                        t.text,
                        t.whitespace_,
                        t.idx,
                        t.norm_,
                        t.lemma_,
                        t.pos_,
                        t.tag_,
                        t.dep_,
                        t.head.i,
                        str(t.morph),
                        t.is_sent_start,
                        t.ent_iob_,
                        t.ent_type_,
                        t.ent_kb_id_,
                        t.ent_id_,
                    )
                    for t in doc
                ],
                [doc.has_annotation(name) for name in ANNOTATIONS],
                {
                    key: [(s.label_, s.start, s.end, s.start_char, s.end_char) for s in group]
                    for key, group in doc.spans.items()
                },
                [(e.label_, e.start, e.end, e.start_char, e.end_char) for e in doc.ents],
                doc.cats,
                doc.has_unknown_spaces,
            )
        )
    return out


def _both_ways(tmp: Path, batch: list[tuple[str, list[tuple[int, int, str]], str]]) -> list:
    """What spaCy reads back from our writer's file, and from the file spaCy's DocBin.add
    and to_bytes write (DocBin() as spaCy makes it: every column); and each writer's
    report."""
    from spacy.tokens import DocBin

    written = []
    for name in ("direct", "docbin_add"):
        target = tmp / f"{name}.spacy"
        writer = SpacyWriter(target)
        if name == "docbin_add":
            writer._parts = _DocBinAdd(DocBin(store_user_data=False))  # type: ignore[assignment]
        for k, (text, spans, lang) in enumerate(batch):
            writer.add(export_doc(text, spans, lang, ext_id=f"d{k}"))
        report = writer.finish()
        written.append((read_back(target.read_bytes()), report.spans, report.lost))
    return written


def test_no_documents_empty_ones_and_long_ones_read_back_as_from_to_bytes(
    tmp_path: Path,
) -> None:
    """The message's edges: nothing at all, documents without a token, spans on the first
    and the last character, and token arrays past 64 KB (msgpack's bin 32)."""
    long_fa = " ".join([FA] * 120)  # ~1,500 tokens: ~200 KB of token array
    cases = [
        [],
        [("", [], "fa"), ("   ", [], "ar")],
        [(AR, [(0, 3, "PER"), (len(AR) - 5, len(AR), "loc")], "ar"), ("", [], "other")],
        [(long_fa, [(0, 8, "org"), (len(long_fa) - 5, len(long_fa), "loc")], "fa")],
    ]
    for k, batch in enumerate(cases):
        folder = tmp_path / str(k)
        folder.mkdir()
        ours, spacys = _both_ways(folder, batch)
        assert ours == spacys


def test_every_token_and_entity_reads_back_as_spacy_made_it(tmp_path: Path) -> None:
    """DocBin.from_bytes and get_docs give back each Doc token for token (text, blank after
    it, character offset) and entity for entity as the blank pipeline made it."""
    import spacy
    from spacy.util import filter_spans

    docs = [
        (FA, [span_at(FA, "ایرنا", "org"), span_at(FA, "مصطفی مصباح‌زاده", "actor")], "fa"),
        (AR, [span_at(AR, "أحمد حسن", "actor"), (0, 3, "PER")], "ar"),
        ("", [], "fa"),
        (AR + " " + FA, [(0, len(AR), "quote"), span_at(AR, "عمّان", "loc")], "ar"),
    ]
    read = written_and_read(tmp_path, docs)
    assert len(read) == len(docs)
    for doc, (text, spans, lang) in zip(read, docs, strict=True):
        made = spacy.blank(lang if lang != "other" else "xx").make_doc(text)
        assert [(t.text, t.whitespace_, t.idx, t.norm_) for t in doc] == [
            (t.text, t.whitespace_, t.idx, t.norm_) for t in made
        ]
        placed = [made.char_span(s, e, label) for s, e, label in sorted(spans)]
        want = [(e.start, e.end, e.label_) for e in filter_spans(placed)]
        assert [(e.start, e.end, e.label_) for e in doc.ents] == sorted(want)
        assert [(t.ent_iob_, t.ent_type_) for t in doc] == [
            ("B" if any(t.i == s for s, _, _ in want) else "I", label)
            if (label := next((lab for s, e, lab in want if s <= t.i < e), ""))
            else ("O", "")
            for t in made
        ]
        assert [(s.start, s.end, s.label_) for s in doc.spans["sc"]] == [
            (s.start, s.end, s.label_) for s in placed
        ]


def test_a_span_of_no_characters_sets_the_entity_columns_as_doc_ents_does(
    tmp_path: Path,
) -> None:
    """A span of no characters between two tokens (char_span gives an empty Span): Doc.ents
    leaves every token O, so the file written before the entity columns were laid out as
    arrays; the arrays marked the token after it B, with no label (another file)."""
    import numpy as np
    import spacy
    from spacy import attrs

    text = "«Ali went"
    writer = SpacyWriter(tmp_path / "x.spacy")
    writer.add(export_doc(text, [(1, 1, "LOC"), (5, 9, "PER")], "other"))
    made = spacy.blank("xx").make_doc(text)
    made.ents = [s for s in (made.char_span(1, 1, "LOC"), made.char_span(5, 9, "PER")) if s]
    columns = [writer._bin.attrs.index(a) for a in (attrs.ENT_IOB, attrs.ENT_TYPE)]
    written = np.asarray(writer._bin.tokens[0])[:, columns]
    assert written.tolist() == made.to_array([attrs.ENT_IOB, attrs.ENT_TYPE]).tolist()
    writer.abort()


@settings(max_examples=200, deadline=None)
@given(
    edges=st.lists(st.tuples(st.integers(0, 12), st.integers(0, 4)), max_size=6),
    label=st.sampled_from(["PER", "loc"]),
)
def test_entities_are_what_filter_spans_keeps(edges: list[tuple[int, int]], label: str) -> None:
    """The writer skips spaCy's filter_spans when the spans are already apart (issue 12):
    the entities are then the ones filter_spans keeps, in its order, for spans in the order
    the writer places them (by characters: by first token), empty ones and overlaps too."""
    import spacy
    from spacy.util import filter_spans

    from annotator.core.formats.spacy_docbin import _apart

    doc = spacy.blank("xx").make_doc("a b c d e f g h i j k l m n o p")
    placed = [doc[start : start + size] for start, size in sorted(edges)]
    kept = placed if _apart(placed) else filter_spans(placed)
    assert [(s.start, s.end) for s in kept] == [(s.start, s.end) for s in filter_spans(placed)]


def test_the_file_merges_with_a_docbin_spacy_makes(tmp_path: Path) -> None:
    """Users join our export with their other training data by DocBin.merge, which refuses
    a DocBin of other token columns: the file keeps DocBin()'s (a file of only the 5
    columns a blank pipeline fills read back the same Docs, and was refused; issue 12)."""
    import spacy
    from spacy.tokens import DocBin

    target = tmp_path / "ours.spacy"
    writer = SpacyWriter(target)
    writer.add(export_doc(AR, [span_at(AR, "القاهرة", "loc")], "ar"))
    writer.finish()
    theirs = DocBin(store_user_data=False)
    theirs.add(spacy.blank("ar").make_doc("نص آخر"))
    theirs.merge(DocBin().from_disk(target))
    docs = list(theirs.get_docs(spacy.blank("ar").vocab))
    assert [d.text for d in docs] == ["نص آخر", AR]
    assert [(e.text, e.label_) for e in docs[1].ents] == [("القاهرة", "loc")]


def test_a_document_past_a_million_characters_is_exported_whole(tmp_path: Path) -> None:
    """spaCy's pipelines refuse texts over their max_length (a million characters, E088),
    which guards the parser's memory; a long article is still a document to export."""
    text = "أحمد في القاهرة. " * 60_000  # 1,020,000 characters
    start = len(text) - len("القاهرة. ")
    doc = export_doc(text, [(start, start + len("القاهرة"), "loc")], "ar")
    writer = SpacyWriter(tmp_path / "long.spacy")
    writer.add(doc)
    writer.finish()
    (back,) = load(tmp_path / "long.spacy", "ar")
    assert back.text == text
    assert [(e.text, e.label_, e.start_char) for e in back.ents] == [("القاهرة", "loc", start)]
