"""The token writers lay their output out with numpy (issue 12); for any text and spans they
must write byte for byte what the straightforward code wrote, one token at a time. The
oracle here is that code: regex tokens as objects, a bisect per span, a tag per token."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise
from pathlib import Path

import numpy as np
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import InputProblem, UnwritableValue
from annotator.core.formats.conll import SENTENCE_FINAL, ConllWriter, read_conll
from annotator.core.formats.exchange import ExportDoc, ExportSpan, WriteReport
from annotator.core.formats.hf import HfWriter, label_names
from annotator.core.formats.prodigy import ProdigyWriter
from annotator.core.formats.records import SourceRecord
from annotator.core.text.splice import Pool
from annotator.core.text.tokens import Token, TokenView, regex_bound_arrays, regex_tokens

# Persian and Arabic letters and marks, ZWNJ/ZWJ, three kinds of digits, Latin, sentence
# marks, what JSON escapes (quote, backslash, controls), blanks of every kind (U+001C is a
# blank to str.isspace but not to `regex`), an astral emoji, and LRM / U+2028.
ALPHABET = (
    'پیکگبتمن\u064e\u0651\u200c\u200d۱۲١٢12ab_Z.!?؟۔,-"\\\x01\x7f \t\n\u00a0\u001c\u0085'
    "\u200e\u2028\U0001f600"
)
texts = st.text(alphabet=ALPHABET, max_size=80)
LABELS = ["PER", "loc", "A B", "Population-Center"]


@st.composite
def docs(draw: st.DrawFn) -> tuple[str, list[ExportSpan]]:
    text = draw(texts)
    spans = []
    for n in range(draw(st.integers(0, 6)) if text else 0):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 20)))
        spans.append(ExportSpan(n, start, end, draw(st.sampled_from(LABELS)), text[start:end]))
    return text, spans


def export_doc(text: str, spans: list[ExportSpan], status: str = "done") -> ExportDoc:
    return ExportDoc(
        ext_id='d"1',
        title="t",
        text=text,
        lang="ar",
        meta={},
        annotator="علی",
        status=status,
        spans=spans,
        relations=[],
        tokens=TokenView(text, *regex_bound_arrays(text), plain=True),
    )


_NON_BLANK = re.compile(r"\S+")


def straight_tags(
    doc: ExportDoc, report: WriteReport, scheme: str, fmt: str
) -> list[list[tuple[str, str]]]:
    """The pre-issue-12 tagging, one Token object at a time."""
    text = doc.text
    pieces: list[Token] = []
    for token in regex_tokens(text):  # a token with a blank in it is cut at the blank
        if not re.search(r"\s", token.text):
            pieces.append(token)
            continue
        for m in _NON_BLANK.finditer(text, token.start, token.end):
            pieces.append(Token(m.group(), m.start(), m.end()))
    starts, ends = [t.start for t in pieces], [t.end for t in pieces]
    outside = sum(1 for c in text if not c.isspace()) - sum(
        e - s for s, e in zip(starts, ends, strict=True)
    )
    report.lose(f"characters outside every token (not in the {fmt} file)", outside)
    if doc.status not in ("done", "reviewed"):
        report.lose(f"annotation status other than done ({fmt} tags read as finished work)")
    placed = []
    for n, span in enumerate(doc.spans):
        first, end = bisect_right(ends, span.start), bisect_left(starts, span.end)
        if first >= end:
            report.lose(f"spans on no token ({fmt} tags tokens only)")
            continue
        if starts[first] != span.start or ends[end - 1] != span.end:
            report.lose("spans widened to token edges")
        placed.append((first, end, n, span.label))
    owner = [-1] * len(pieces)
    kept = []
    for first, end, _n, label in sorted(
        placed,
        key=lambda p: (-(p[1] - p[0]), -(doc.spans[p[2]].end - doc.spans[p[2]].start), p[0]),
    ):
        if max(owner[first:end]) >= 0:
            report.lose(f"overlapping spans ({fmt} keeps the longest)")
            continue
        owner[first:end] = [len(kept)] * (end - first)
        kept.append((first, end, label))
    tags = ["O"] * len(pieces)
    for first, end, label in kept:
        kind = re.sub(r"\s+", "_", label)
        if kind != label:
            report.lose("labels with blanks in them (written with '_')")
        for i in range(first, end):
            last, single = i == end - 1, end - first == 1
            prefix = "B" if i == first else "I"
            if scheme == "bioes" and single:
                prefix = "S"
            elif scheme == "bioes" and last:
                prefix = "E"
            tags[i] = f"{prefix}-{kind}"
    sentences: list[list[tuple[str, str]]] = [[]]
    for i, piece in enumerate(pieces):
        if i and (owner[i] < 0 or owner[i] != owner[i - 1]):
            gap = text[ends[i - 1] : piece.start]
            after_mark = pieces[i - 1].text in SENTENCE_FINAL and gap != ""
            if "\n" in gap or after_mark:
                sentences.append([])
        sentences[-1].append((piece.text, tags[i]))
    report.spans += len(kept)
    report.lose(f"span attributes ({fmt} has none)", sum(1 for s in doc.spans if s.attrs))
    return sentences if pieces else []


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    doc=docs(), scheme=st.sampled_from(["iob2", "bioes"]), status=st.sampled_from(["done", "new"])
)
def test_conll_file_is_the_one_written_token_by_token(
    doc: tuple[str, list[ExportSpan]], scheme: str, status: str, tmp_path: Path
) -> None:
    text, spans = doc
    written = tmp_path / "out.conll"
    writer = ConllWriter(written, scheme)
    writer.add(export_doc(text, spans, status))
    report = writer.finish()
    want_report = WriteReport()
    sentences = straight_tags(export_doc(text, spans, status), want_report, scheme, "CoNLL")
    lines = ["-DOCSTART- -X- O O", ""] if sentences else []
    for sentence in sentences:
        lines.extend(f"{t}\t{tag}" for t, tag in sentence)
        lines.append("")
    want = ("\n".join(lines) + "\n").encode() if sentences else b""
    assert written.read_bytes() == want
    if not sentences:
        want_report.lose("documents with no tokens")
    else:
        want_report.documents += 1
        want_report.lose("document ids (CoNLL has no field for them)")
        want_report.lose("annotator names (one block per document and annotator)")
    assert list(report.lost.items()) == list(want_report.lost.items())  # order shown too
    assert report.spans == want_report.spans


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    batch=st.lists(docs(), min_size=1, max_size=4), unit=st.sampled_from(["sentence", "document"])
)
def test_hf_rows_are_the_ones_written_row_by_row(
    batch: list[tuple[str, list[ExportSpan]]], unit: str, tmp_path: Path
) -> None:
    """Labels first met in a later document renumber the rows spooled before it."""
    target = tmp_path / "out.jsonl"
    writer = HfWriter(target, "bioes", unit)
    for text, spans in batch:
        writer.add(export_doc(text, spans))
    writer.finish()
    tagged = [straight_tags(export_doc(t, s), WriteReport(), "bioes", "x") for t, s in batch]
    kinds = {tag[2:] for doc in tagged for s in doc for _, tag in s if tag != "O"}
    names = label_names({"O"} | {f"{p}-{k}" for k in kinds for p in "BIES"})
    rows = []
    for sentences in tagged:
        if unit == "document" and sentences:
            sentences = [[pair for s in sentences for pair in s]]
        for k, sentence in enumerate(sentences, start=1):
            row = {
                "id": str(len(rows)),
                "doc_id": 'd"1',
                "sentence": k,
                "annotator": "علی",
                "tokens": [t for t, _ in sentence],
                "ner_tags": [names.index(tag) for _, tag in sentence],
            }
            rows.append(orjson.dumps(row) + b"\n")
    assert target.read_bytes() == b"".join(rows)
    assert orjson.loads(target.with_name("out.labels.json").read_bytes()) == names


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=docs())
def test_prodigy_span_token_indices_match_the_dict_of_every_token(
    doc: tuple[str, list[ExportSpan]], tmp_path: Path
) -> None:
    text, spans = doc
    written = []
    for name, tokens in (("fast", regex_bound_arrays(text)), ("dicts", None)):
        writer = ProdigyWriter(tmp_path / f"{name}.jsonl")
        given_tokens = (
            TokenView(text, *tokens, plain=True) if tokens is not None else regex_tokens(text)
        )
        writer.add(
            ExportDoc(
                ext_id="d",
                title="t",
                text=text,
                lang="ar",
                meta={},
                annotator="ali",
                status="done",
                spans=spans,
                tokens=given_tokens,
            )
        )
        writer.finish()
        written.append((tmp_path / f"{name}.jsonl").read_bytes())
    assert written[0] == written[1]


@given(texts)
def test_regex_bound_arrays_are_regex_tokens(text: str) -> None:
    starts, ends = regex_bound_arrays(text)
    assert [(t.start, t.end) for t in regex_tokens(text)] == list(
        zip(starts.tolist(), ends.tolist(), strict=True)
    )


def test_regex_bound_arrays_on_lone_surrogates() -> None:
    """Text from a UTF-16 source may hold halves of a pair: offsets stay code points."""
    text = "ab\ud83d c\udc00d \U0001f600e"
    starts, ends = regex_bound_arrays(text)
    assert [(t.start, t.end) for t in regex_tokens(text)] == list(
        zip(starts.tolist(), ends.tolist(), strict=True)
    )


@given(st.lists(st.integers(0, 10**18)))
def test_pool_writes_integers_as_str_does(values: list[int]) -> None:
    pool = Pool("")
    at, length = pool.add_ints(np.array(values, dtype=np.int64))
    assert pool.gather(at, length) == "".join(map(str, values))


@given(texts, st.data())
def test_pool_json_strings_are_orjsons(text: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=8)))
    starts, ends = np.array(cuts[:-1], dtype=np.int64), np.array(cuts[1:], dtype=np.int64)
    pool = Pool(text)
    at, length = pool.json_strings(starts, ends)
    want = "".join(orjson.dumps(text[s:e]).decode()[1:-1] for s, e in pairwise(cuts))
    assert pool.gather(at, length) == want


def test_conll_reader_gives_each_repeated_line_its_own_number(tmp_path: Path) -> None:
    """Lines are read once per distinct text: a problem on a repeated line still names
    each line it is on, and a token's text and tags are its own line's."""
    path = tmp_path / "in.conll"
    path.write_text("في\tO\nعمّان\tB-LOC\n\nفي\tO\nعمّان\tX\nفي\tO\nعمّان\tX\n", "utf-8")
    items = list(read_conll(path))
    problems = [i for i in items if not isinstance(i, SourceRecord)]
    assert [p.line for p in problems if isinstance(p, InputProblem)] == [5, 7]
    assert len(problems) == 2
    path.write_text("في\tO\nعمّان\tB-LOC\n\nفي\tO\nعمّان\tB-LOC\n\u200eفي\tO\n", "utf-8")
    (record,) = list(read_conll(path))
    assert isinstance(record, SourceRecord)
    assert record.text == "في عمّان\nفي عمّان في"
    assert [(s.start, s.end, s.label) for s in record.spans] == [(3, 8, "LOC"), (12, 17, "LOC")]


def test_hf_and_prodigy_refuse_lone_surrogates_naming_the_document(tmp_path: Path) -> None:
    """The numpy layout would write them; the straightforward path refuses them as orjson
    does, naming the document (orjson's error named none) and where in its record."""
    text = "ab \udc00 cd"
    for writer, where in (
        (HfWriter(tmp_path / "h.jsonl"), "tokens[1]"),
        (ProdigyWriter(tmp_path / "p.jsonl"), "text"),
    ):
        with pytest.raises(
            UnwritableValue, match=rf"^document 'd\"1' \('t'\): {re.escape(where)} holds half"
        ):
            writer.add(export_doc(text, []))
        writer.abort()
