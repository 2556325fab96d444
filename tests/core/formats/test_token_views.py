"""The token formats read regex tokens as offset lists (issue 12); for any text they must
write what the Token objects wrote, including the odd characters that are blanks to `re`
but not to `regex` (U+001C-U+001F), which the fast path hands back to the slow one."""

from __future__ import annotations

from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.formats.conll import tag_document
from annotator.core.formats.exchange import ExportDoc, ExportSpan, WriteReport
from annotator.core.formats.prodigy import ProdigyWriter
from annotator.core.text.tokens import Token, TokenView, regex_bounds, regex_tokens

# Letters, marks, digits, joiners, punctuation (sentence-final ones too), blanks of both kinds.
ALPHABET = "ab1_\u0628\u064e\u0661\u200c\u200d.!?\u061f-, \t\n\u00a0\u001c\u0085\U0001d400"
texts = st.text(alphabet=ALPHABET, max_size=60)


@st.composite
def docs(draw: st.DrawFn) -> tuple[str, list[ExportSpan]]:
    text = draw(texts)
    spans = []
    for n in range(draw(st.integers(0, 4)) if text else 0):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append(ExportSpan(n, start, end, draw(st.sampled_from(["PER", "A B"])), ""))
    return text, sorted(spans, key=lambda s: (s.start, s.end))


def _doc(text: str, spans: list[ExportSpan], tokens: object, status: str = "done") -> ExportDoc:
    return ExportDoc(
        ext_id="d",
        title="t",
        text=text,
        lang="ar",
        meta={},
        annotator="ali",
        status=status,
        spans=spans,
        relations=[],
        tokens=tokens,  # type: ignore[arg-type]
    )


@given(texts)
def test_regex_bounds_are_regex_tokens(text: str) -> None:
    starts, ends = regex_bounds(text)
    assert list(zip(starts, ends, strict=True)) == [(t.start, t.end) for t in regex_tokens(text)]
    assert list(TokenView(text, starts, ends, plain=True)) == regex_tokens(text)


def test_view_indexes_like_a_list() -> None:
    view = TokenView("ab, cd", *regex_bounds("ab, cd"))
    assert view[1] == Token(",", 2, 3) and view[-1] == Token("cd", 4, 6)
    assert view[1:] == regex_tokens("ab, cd")[1:] and view.texts() == ["ab", ",", "cd"]
    assert TokenView.of("ab, cd", view) is view


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(docs(), st.sampled_from(["done", "new"]))
def test_conll_tags_from_the_view_match_token_objects(
    doc: tuple[str, list[ExportSpan]], status: str
) -> None:
    text, spans = doc
    fast, slow = WriteReport(), WriteReport()
    got = tag_document(_doc(text, spans, None, status), fast, "bioes")
    want = tag_document(_doc(text, spans, list(regex_tokens(text)), status), slow, "bioes")
    assert got == want
    assert fast.lost == slow.lost and fast.spans == slow.spans


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_prodigy_tokens_are_those_of_token_objects(text: str, tmp_path: Path) -> None:
    writer = ProdigyWriter(tmp_path / "p.jsonl")
    writer.add(_doc(text, [], TokenView(text, *regex_bounds(text), plain=True)))
    writer.finish()
    (line,) = (tmp_path / "p.jsonl").read_bytes().splitlines()
    want = [  # the pre-issue-12 code, one Token at a time
        {
            "text": t.text,
            "start": t.start,
            "end": t.end,
            "id": i,
            "ws": t.end < len(text) and text[t.end].isspace(),
        }
        for i, t in enumerate(regex_tokens(text))
    ]
    assert orjson.loads(line)["tokens"] == want
