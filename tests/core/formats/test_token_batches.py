"""The token writers take a batch of documents at once (issue 12): what they write and
report must be byte for byte, and loss for loss in the same order, what adding each
document in turn gives (which test_token_fast_paths checks against token-by-token code)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import UnwritableValue
from annotator.core.formats.conll import ConllWriter
from annotator.core.formats.exchange import ExportDoc, ExportRelation, ExportSpan
from annotator.core.formats.hf import HfWriter
from annotator.core.formats.prodigy import ProdigyWriter
from annotator.core.text.tokens import Token, TokenView, regex_bound_arrays

# As test_token_fast_paths: Persian and Arabic, marks, joiners, digits, Latin, sentence
# marks, what JSON escapes, blanks of every kind (U+001C: a blank that `regex` puts inside
# a token), an astral emoji.
ALPHABET = (
    'پیکگبتمن\u064e\u0651\u200c\u200d۱۲١٢12ab_Z.!?؟۔,-"\\\x01\x7f \t\n\u00a0\u001c\u0085'
    "\u200e\u2028\U0001f600"
)
LABELS = ["PER", "loc", "A B", "Population-Center"]


@st.composite
def documents(draw: st.DrawFn) -> ExportDoc:
    text = draw(st.text(alphabet=ALPHABET, max_size=60))
    spans = []
    for n in range(draw(st.integers(0, 6)) if text else 0):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 20)))
        attrs = {"why": 1} if draw(st.booleans()) else {}
        spans.append(ExportSpan(n, start, end, draw(st.sampled_from(LABELS)), "", attrs))
    spans.sort(key=lambda s: (s.start, s.end))
    relations = [ExportRelation(0, 1, "r")] if len(spans) > 1 and draw(st.booleans()) else []
    return ExportDoc(
        ext_id=draw(st.sampled_from(["d1", 'd"2', "سند"])),
        title="t",
        text=text,
        lang="ar",
        meta={},
        annotator=draw(st.sampled_from(["علی", None])),
        status=draw(st.sampled_from(["done", "new", "reviewed"])),
        spans=[
            ExportSpan(s.id, s.start, s.end, s.label, text[s.start : s.end], s.attrs) for s in spans
        ],
        relations=relations,
    )


def both_ways(make, docs: list[ExportDoc], tmp: Path) -> list[tuple[bytes, list, int, int]]:
    out = []
    for way in ("one_by_one", "batch"):
        target = tmp / way / "out.txt"
        target.parent.mkdir(exist_ok=True)
        writer = make(target)
        if way == "batch":
            writer.add_batch(docs[:2])  # two batches: a writer's state carries over
            writer.add_batch(docs[2:])
        else:  # tokens as the exporter gives them to a writer one document at a time
            for doc in docs:
                tokens = doc.tokens
                if tokens is None:
                    tokens = TokenView(doc.text, *regex_bound_arrays(doc.text), plain=True)
                writer.add(replace(doc, tokens=tokens))
        report = writer.finish()
        blob = b"".join(Path(f).read_bytes() for f in report.files)
        out.append((blob, list(report.lost.items()), report.spans, report.documents))
    return out


batches = st.lists(documents(), min_size=1, max_size=6)
FIXTURE = HealthCheck.function_scoped_fixture


@settings(max_examples=200, deadline=None, suppress_health_check=[FIXTURE])
@given(docs=batches, scheme=st.sampled_from(["iob2", "bioes"]), docstart=st.booleans())
def test_conll_batch_is_each_document_in_turn(
    docs: list[ExportDoc], scheme: str, docstart: bool, tmp_path: Path
) -> None:
    one, batch = both_ways(lambda t: ConllWriter(t, scheme, docstart), docs, tmp_path)
    assert batch == one


@settings(max_examples=200, deadline=None, suppress_health_check=[FIXTURE])
@given(docs=batches, unit=st.sampled_from(["sentence", "document"]))
def test_hf_batch_is_each_document_in_turn(
    docs: list[ExportDoc], unit: str, tmp_path: Path
) -> None:
    """Labels first met in a later batch renumber the rows of the earlier ones."""
    one, batch = both_ways(lambda t: HfWriter(t, "bioes", unit), docs, tmp_path)
    assert batch == one


@settings(max_examples=200, deadline=None, suppress_health_check=[FIXTURE])
@given(docs=batches)
def test_prodigy_batch_is_each_document_in_turn(docs: list[ExportDoc], tmp_path: Path) -> None:
    """Token lists laid out for the batch: the dicts orjson wrote, escapes and all."""
    one, batch = both_ways(ProdigyWriter, docs, tmp_path)
    assert batch == one


def test_batches_refuse_lone_surrogates_naming_the_document(tmp_path: Path) -> None:
    text = "ab \udc00 cd"
    doc = ExportDoc("d", "t", text, "ar", {}, None, "done", [])
    for writer in (HfWriter(tmp_path / "h.jsonl"), ProdigyWriter(tmp_path / "p.jsonl")):
        with pytest.raises(UnwritableValue, match=r"^document 'd' \('t'\): "):
            writer.add_batch([doc])
        writer.abort()


@st.composite
def given_tokens(draw: st.DrawFn) -> ExportDoc:
    """A document with tokens of its own, as hazm's come for Persian: mostly in order and
    apart, sometimes not (overlapping, empty, a quote inside a longer token)."""
    doc = draw(documents())
    n = len(doc.text)
    if doc.spans and draw(st.booleans()):  # tokens on a span's edges
        first = doc.spans[0]
        return replace(
            doc,
            lang="fa",
            tokens=[Token(doc.text[first.start : e], first.start, e) for e in (first.end, n)],
        )
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=12)))
    bounds = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]
    if draw(st.integers(0, 3)) == 0 and n:  # what token_json cannot lay out
        start = draw(st.integers(0, n - 1))
        bounds.append((start, draw(st.integers(start, n))))
        bounds.sort()
    if draw(st.integers(0, 3)) == 0 and bounds:  # two tokens from one start (a span's)
        a, b = bounds[0]
        bounds[1:1] = [(a, draw(st.integers(b, n)))]
    starts, ends = [a for a, _ in bounds], [b for _, b in bounds]
    if draw(st.booleans()):
        return replace(doc, lang="fa", tokens=TokenView(doc.text, starts, ends))
    return replace(doc, lang="fa", tokens=[Token(doc.text[a:b], a, b) for a, b in bounds])


@settings(max_examples=200, deadline=None, suppress_health_check=[FIXTURE])
@given(docs=st.lists(st.one_of(documents(), given_tokens()), min_size=1, max_size=6))
def test_prodigy_batch_with_given_tokens_is_each_document_in_turn(
    docs: list[ExportDoc], tmp_path: Path
) -> None:
    """Persian documents come with hazm's tokens: laid out for the batch too, beside
    documents whose regex tokens the writer finds."""
    one, batch = both_ways(ProdigyWriter, docs, tmp_path)
    assert batch == one


def test_prodigy_batch_of_persian_with_hazm_tokens(tokenizer, tmp_path: Path) -> None:
    text = 'او گفته است که «کتاب‌ها» را خوانده_بود؛ "نقل" و ۱۲ مورد دیگر.\nپایان'
    docs = [
        ExportDoc(
            f"d{i}", "t", text, "fa", {}, "sara", "done", [], tokens=tokenizer.view(text, "fa")
        )
        for i in range(3)
    ]
    one, batch = both_ways(ProdigyWriter, docs, tmp_path)
    assert batch == one


@pytest.mark.parametrize("runs_at_once", [1, 5, 7, 1 << 15])
def test_prodigy_token_lists_gathered_a_slice_at_a_time(
    tokenizer, tmp_path: Path, monkeypatch, runs_at_once: int
) -> None:
    """token_json gathers a batch's runs (splice.gather_runs) a slice at a time (seven runs
    a token): slices that end inside a token, on a token's edge or between documents give
    the same lines (the other tests' batches are too small for a second slice)."""
    from annotator.core.formats import prodigy
    from annotator.core.text import splice

    monkeypatch.setattr(splice, "_RUNS_AT_ONCE", runs_at_once)
    laid_out = []
    lists = prodigy.token_lists
    monkeypatch.setattr(prodigy, "token_lists", lambda *a: laid_out.append(1) or lists(*a))
    fa = 'او «کتاب‌ها» را خوانده_بود؛ "نقل" \\ و ۱۲ 😀 مورد\u200f دیگر.\nپایان'
    docs = [
        ExportDoc(f"d{i}", "t", text, lang, {}, "sara", "done",
                  [ExportSpan(0, 0, 2, "PER", text[:2], {})] if text else [],
                  tokens=tokenizer.view(text, "fa") if lang == "fa" else None)
        for i, (text, lang) in enumerate([(fa, "fa"), ("", "fa"), ('a "b" c', "ar"), (fa, "fa")])
    ]  # fmt: skip
    one, batch = both_ways(ProdigyWriter, docs * 3, tmp_path)
    assert laid_out  # the batch went through token_json, not one by one
    assert batch == one


@settings(max_examples=200, deadline=None, suppress_health_check=[FIXTURE])
@given(
    docs=st.lists(st.one_of(documents(), given_tokens()), min_size=1, max_size=6),
    scheme=st.sampled_from(["iob2", "bioes"]),
    docstart=st.booleans(),
)
def test_conll_batch_with_given_tokens_is_each_document_in_turn(
    docs: list[ExportDoc], scheme: str, docstart: bool, tmp_path: Path
) -> None:
    one, batch = both_ways(lambda t: ConllWriter(t, scheme, docstart), docs, tmp_path)
    assert batch == one


@settings(max_examples=200, deadline=None, suppress_health_check=[FIXTURE])
@given(
    docs=st.lists(st.one_of(documents(), given_tokens()), min_size=1, max_size=6),
    unit=st.sampled_from(["sentence", "document"]),
)
def test_hf_batch_with_given_tokens_is_each_document_in_turn(
    docs: list[ExportDoc], unit: str, tmp_path: Path
) -> None:
    one, batch = both_ways(lambda t: HfWriter(t, "bioes", unit), docs, tmp_path)
    assert batch == one


@pytest.mark.parametrize("writer", [ConllWriter, HfWriter])
def test_persian_documents_are_tagged_as_a_batch(tokenizer, tmp_path: Path, writer) -> None:
    """hazm's tokens no longer send a CoNLL or Hugging Face batch one document at a time
    (issue 12: the Persian exports paid a few dozen numpy calls a document)."""
    fa = 'او گفته است که «کتاب‌ها» را خوانده_بود؛ "نقل" و ۱۲ مورد دیگر.\nپایان'
    docs = [
        ExportDoc(f"d{i}", "t", text, lang, {}, "sara", "done",
                  [ExportSpan(0, 3, 12, "PER", text[3:12], {})] if len(text) > 12 else [],
                  tokens=tokenizer.view(text, "fa") if lang == "fa" else None)
        for i, (text, lang) in enumerate([(fa, "fa"), ("", "fa"), ("a b. c", "ar"), (fa, "fa")])
    ]  # fmt: skip
    one, batch = both_ways(writer, docs * 3, tmp_path)
    assert batch == one
    single = writer(tmp_path / "single.txt")
    single.add = None  # the batch must not fall back to adding each document
    single.add_batch(docs)
    single.abort()
