"""CoNLL / BIO import and export, on real Persian and Arabic corpora and on made-up edge cases."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from annotator.core.errors import InputProblem
from annotator.core.formats.conll import (
    ConllWriter,
    read_conll,
    read_idrisi,
    sniff_conll,
    sniff_idrisi,
    spans_from_tags,
)
from annotator.core.formats.exchange import ExportDoc, ExportRelation, ExportSpan
from annotator.core.formats.records import SourceRecord
from annotator.core.text.tokens import regex_tokens

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PARSTWINER = FIXTURES / "persian/parstwiner/test.txt"
NEWSFANE = FIXTURES / "arabic/newsfane/NewsFANE_Gold_2014_170K.head150.txt"
WOJOOD = FIXTURES / "arabic/wojood/test.txt"
IDRISI_BILOU = FIXTURES / "arabic/idrisi-r/cairo_bombing_2019.gold-random-bilou.dev.txt"
IDRISI_JSONL = FIXTURES / "arabic/idrisi-r/cairo_bombing_2019.gold-random-json.dev.jsonl"


def read_all(path: Path) -> tuple[list[SourceRecord], list[InputProblem]]:
    records, problems = [], []
    for item in read_conll(path):
        (problems if isinstance(item, InputProblem) else records).append(item)
    return records, problems


def flat_spans_by_hand(path: Path) -> tuple[int, Counter[tuple[str, str]]]:
    """A deliberately naive decoder of one-tag-per-token files (IOB2 or BILOU), to compare to."""
    lines = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").split("\n")
    found: Counter[tuple[str, str]] = Counter()
    tokens, current, label = 0, [], None

    def close() -> None:
        nonlocal current, label
        if current:
            found[(label, " ".join(current))] += 1
        current, label = [], None

    for line in lines:
        parts = line.split()
        if not parts:
            close()
            continue
        token, tag = parts[0].replace("\u200e", ""), parts[-1]
        tokens += 1
        if tag == "O":
            close()
        elif tag[0] in "BU":
            close()
            current, label = [token], tag[2:]
        else:
            assert label == tag[2:], line
            current.append(token)
        if tag[0] in "LU":
            close()
    close()
    return tokens, found


def on_token_edges(record: SourceRecord) -> bool:
    text = record.text
    return all(
        (s.start == 0 or text[s.start - 1] in " \n")
        and (s.end == len(text) or text[s.end] in " \n")
        and text[s.start] not in " \n"
        and text[s.end - 1] not in " \n"
        for s in record.spans
    )


# --- Real files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "tokens", "spans", "sentences"),
    [
        (PARSTWINER, 10_000, 660, 303),
        (NEWSFANE, 7_680, 299, 150),
        (IDRISI_BILOU, 793, 66, 27),
    ],
    ids=["parstwiner", "newsfane", "idrisi-bilou"],
)
def test_real_flat_files_import_with_every_span_on_its_tokens(
    path: Path, tokens: int, spans: int, sentences: int
) -> None:
    records, problems = read_all(path)
    assert problems == []
    [record] = records
    hand_tokens, hand_spans = flat_spans_by_hand(path)
    assert hand_tokens == tokens == record.meta["tokens"] == len(record.text.split())
    assert record.meta["sentences"] == sentences == record.text.count("\n") + 1
    assert len(record.spans) == spans == sum(hand_spans.values())
    got = Counter((s.label, record.text[s.start : s.end]) for s in record.spans)
    assert got == hand_spans
    assert on_token_edges(record)


def test_newsfane_bom_crlf_tab_separators_and_left_to_right_marks() -> None:
    assert NEWSFANE.read_bytes().startswith(b"\xef\xbb\xbf\xe2\x80\x8e")  # BOM, then LRM
    assert b"\r\n\t\r\n" in NEWSFANE.read_bytes()  # a TAB line separates sentences
    [record] = read_all(NEWSFANE)[0]
    assert not {"\ufeff", "\r", "\t", "\u200e"} & set(record.text)
    assert record.text.startswith("فرانكفورت (")
    labels = {s.label for s in record.spans}
    assert {"Population-Center", "Media"} <= labels  # split on the first "-" only
    [warning] = record.meta["import_warnings"]
    assert warning.startswith("7039 token(s) carried U+200E")
    assert record.meta["tag_scheme"] == "iob2"
    assert record.ext_id is None  # one document, no -DOCSTART-


def test_wojood_nested_tags_paragraph_markers_and_cut_off_end() -> None:
    records, problems = read_all(WOJOOD)
    assert problems == []
    [record] = records
    text = record.text
    assert record.meta["nested_tags"] is True
    assert record.meta["tokens"] == len(text.split()) == 5227  # 5344 lines less 117 `$#$`
    assert "$#$" not in text
    assert text.count("\n\n") == 117  # each marker: a paragraph break
    # every B- in any column opens one span; Wojood has no I- without B-
    b_tags = sum(
        1 for line in WOJOOD.read_text("utf-8").split("\n") for t in line.split()[1:] if t[0] == "B"
    )
    assert len(record.spans) == b_tags == 870
    assert on_token_edges(record)
    found = Counter((s.label, text[s.start : s.end]) for s in record.spans)
    # محكمة B-ORG / حكومة I-ORG B-ORG / فلسطين I-ORG I-ORG B-GPE: three nested spans
    assert found[("ORG", "محكمة حكومة فلسطين")] == 1
    assert found[("ORG", "حكومة فلسطين")] >= 1
    assert found[("GPE", "فلسطين")] >= 3
    assert ("ORG", "نقابة العاملين في جامعة بيرزيت") in found
    assert ("ORG", "جامعة بيرزيت") in found
    warnings = record.meta["import_warnings"]
    assert any("117 '$#$'" in w for w in warnings)
    assert any("ends at line 5700" in w and "cut short" in w for w in warnings)


def test_idrisi_bilou_tags_become_spans_like_its_jsonl_twin() -> None:
    [record] = read_all(IDRISI_BILOU)[0]
    assert record.meta["tag_scheme"] == "bioes"
    conll = {(s.label, record.text[s.start : s.end].replace(" ", "")) for s in record.spans}
    tweets = [r for r in read_idrisi(IDRISI_JSONL) if isinstance(r, SourceRecord)]
    jsonl = {(s.label, t.text[s.start : s.end].replace(" ", "")) for t in tweets for s in t.spans}
    assert conll == jsonl  # same mentions; the CoNLL splits hashtags into `#`, words and `_`


def test_idrisi_jsonl_code_point_offsets_after_emoji_and_duplicate_mention() -> None:
    items = list(read_idrisi(IDRISI_JSONL))
    assert not [i for i in items if isinstance(i, InputProblem)]
    assert len(items) == 27
    assert sum(len(r.spans) for r in items) == 65  # 66 listed, one twice
    assert items[0].ext_id == "1158151552923766784"
    assert "listed twice" in items[0].meta["import_warnings"][0]
    astral = [r for r in items if any(ord(c) > 0xFFFF for c in r.text)]
    assert astral, "the fixture has tweets with emoji"
    for record in items:
        for span in record.spans:
            assert record.text[span.start : span.end].strip() == record.text[span.start : span.end]
    assert sniff_idrisi(IDRISI_JSONL, IDRISI_JSONL.read_text("utf-8")) is not None
    assert sniff_idrisi(PARSTWINER, PARSTWINER.read_text("utf-8")) is None


def test_idrisi_jsonl_mismatched_mention_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    good = '{"tweet_id": "1", "text": "في القاهرة", "location_mentions": []}'
    bad = (
        '{"tweet_id": "2", "text": "😀 في القاهرة", "location_mentions": '
        '[{"text": "القاهرة", "type": "CITY", "startIdx": 3, "endIdx": 9}]}'
    )
    utf16 = (
        '{"tweet_id": "3", "text": "😀 في القاهرة", "location_mentions": '
        '[{"text": "القاهرة", "type": "CITY", "startIdx": 6, "endIdx": 13}]}'
    )
    path.write_text("\n".join([good, bad, utf16]) + "\n", encoding="utf-8")
    first, problem, third = read_idrisi(path)
    assert isinstance(first, SourceRecord) and first.spans == ()
    assert isinstance(problem, InputProblem) and problem.line == 2
    assert "القاهرة" in problem.message
    assert isinstance(third, SourceRecord)
    assert third.text[third.spans[0].start : third.spans[0].end] == "القاهرة"
    assert "UTF-16" in third.meta["import_warnings"][0]


# --- Made-up irregularities ----------------------------------------------------------------


def write(tmp_path: Path, content: str, name: str = "doc.conll") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    return path


def spans_of(record: SourceRecord) -> list[tuple[str, str]]:
    return [(s.label, record.text[s.start : s.end]) for s in record.spans]


def test_peyma_pipe_lines_split_on_the_last_bar(tmp_path: Path) -> None:
    path = write(tmp_path, "سازمان|B_ORG\nملل|I_ORG\n||O\na|b|O\nتهران|B_LOC\n\n")
    [record] = read_all(path)[0]
    assert record.text == "سازمان ملل | a|b تهران"
    assert spans_of(record) == [("ORG", "سازمان ملل"), ("LOC", "تهران")]


def test_iob1_starts_spans_with_i_and_is_not_warned_about(tmp_path: Path) -> None:
    path = write(tmp_path, "علی I-PER\nرضایی I-PER\nو O\nمریم I-PER\nسارا B-PER\n.\tO\n")
    [record] = read_all(path)[0]
    assert record.meta["tag_scheme"] == "iob1"
    assert spans_of(record) == [("PER", "علی رضایی"), ("PER", "مریم"), ("PER", "سارا")]
    assert "import_warnings" not in record.meta


def test_i_after_o_in_iob2_starts_a_span_and_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "در O\nتهران B-LOC\nو O\nشیراز I-LOC\nنو I-LOC\n\n")
    [record] = read_all(path)[0]
    assert spans_of(record) == [("LOC", "تهران"), ("LOC", "شیراز نو")]
    [warning] = record.meta["import_warnings"]
    assert "line 4 (I-LOC after O)" in warning


def test_bioes_and_bilou_tags(tmp_path: Path) -> None:
    path = write(tmp_path, "a S-X\nb B-Y\nc I-Y\nd E-Y\ne U-Z\nf B-W\ng L-W\nh O\n")
    [record] = read_all(path)[0]
    assert spans_of(record) == [("X", "a"), ("Y", "b c d"), ("Z", "e"), ("W", "f g")]


def test_docstart_splits_documents_and_comments_are_skipped(tmp_path: Path) -> None:
    content = (
        "-DOCSTART- -X- O O\n\n# id = 7\nسلام O\nدنیا B-LOC\n\n"
        "-DOCSTART- -X- O O\n\n#\tO\nقاهره B-LOC\n"
    )
    records, problems = read_all(write(tmp_path, content, "news.conll"))
    assert problems == []
    assert [r.ext_id for r in records] == ["news#1", "news#2"]
    assert [r.text for r in records] == ["سلام دنیا", "# قاهره"]  # `#<TAB>O` is a token
    assert [r.line for r in records] == [1, 7]


def test_tag_column_may_hold_several_tags_after_a_tab(tmp_path: Path) -> None:
    path = write(tmp_path, "جامعة\tB-ORG\nبيرزيت\tI-ORG B-GPE\n\n")
    [record] = read_all(path)[0]
    assert spans_of(record) == [("ORG", "جامعة بيرزيت"), ("GPE", "بيرزيت")]


def test_bad_lines_are_problems_naming_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "ok O\nwhat B-PER!x\n\nlonely\nfine O\n\nbad NOTATAG\n")
    records, problems = read_all(path)
    assert records == []  # a document with problems is not imported half
    assert [p.line for p in problems] == [4, 7]
    assert "only 'lonely'" in problems[0].message
    assert "'NOTATAG' is not a BIO tag" in problems[1].message


def test_empty_and_undecodable_files_are_problems(tmp_path: Path) -> None:
    [empty] = read_conll(write(tmp_path, "\n\n"))
    assert isinstance(empty, InputProblem) and "empty" in empty.message
    path = tmp_path / "latin1.conll"
    path.write_bytes("café O\n".encode("latin-1"))
    [problem] = read_conll(path)
    assert isinstance(problem, InputProblem) and problem.line == 1


def test_spans_from_tags_nested_stack() -> None:
    decoded = spans_from_tags([["B-ORG"], ["I-ORG", "B-ORG"], ["I-ORG", "I-ORG", "B-GPE"], ["O"]])
    assert decoded.spans == [(0, 3, "ORG"), (1, 3, "ORG"), (2, 3, "GPE")]
    assert decoded.orphan_starts == []


# --- Sniffing ------------------------------------------------------------------------------


def test_sniffer_claims_bio_token_files_only(tmp_path: Path) -> None:
    for path in (PARSTWINER, NEWSFANE, WOJOOD, IDRISI_BILOU):
        head = path.read_bytes()[:65536].decode("utf-8-sig", errors="ignore")
        assert sniff_conll(path, head), path.name
    assert "BIOES" in (sniff_conll(IDRISI_BILOU, IDRISI_BILOU.read_text("utf-8")) or "")
    not_conll = {
        "article.txt": "تهران O\nخبرگزاری ایرنا گزارش داد که رئیس‌جمهور امروز به شیراز سفر کرد.\n"
        "او در این سفر با مردم دیدار می‌کند.\nدر ادامه به بوشهر می‌رود O\n",
        "plain.txt": "\n".join(["يوم O", "ذهب الولد إلى المدرسة", "ثم عاد إلى البيت"] * 5),
        "all_o.txt": "a O\nb O\nc O\nd O\n",  # no entity at all: could be anything
        "data.jsonl": '{"text": "B-X", "spans": []}\n' * 5,
        "table.tsv": "id\ttext\tlabel\n1\tsome text here\tB-X\n2\tmore text\tO\n3\tx y\tO\n",
        "webanno.tsv": "#FORMAT=WebAnno TSV 3.3\n\n\n#Text=a b\n"
        "1-1\t0-1\ta\tB-X\t\n1-2\t2-3\tb\tO\t\n",
    }
    for name, content in not_conll.items():
        assert sniff_conll(tmp_path / name, content) is None, name


# --- Export --------------------------------------------------------------------------------


def export_doc(
    text: str,
    spans: list[tuple[int, int, str]],
    ext_id: str = "d1",
    lang: str = "fa",
    relations: tuple[ExportRelation, ...] = (),
    annotator: str | None = None,
) -> ExportDoc:
    return ExportDoc(
        ext_id=ext_id,
        title=text.split("\n")[0],
        text=text,
        lang=lang,
        meta={},
        annotator=annotator,
        status="done",
        spans=[
            ExportSpan(i, s, e, label, text[s:e], {"note": "x"} if label == "ATTR" else {})
            for i, (s, e, label) in enumerate(sorted(spans))
        ],
        relations=relations,
        tokens=regex_tokens(text),
    )


def span_at(text: str, piece: str, label: str, nth: int = 0) -> tuple[int, int, str]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece), label


FA = "خبرگزاری ایرنا از تهران گزارش داد 😀 که مصطفی مصباح‌زاده آمد.\nاو در شیراز ماند!"
AR = "ذهب أحمد حسن إلى القاهرة 🇪🇬 يوم الأحد. ثم عاد إلى عمّان"


def test_export_round_trip_persian_arabic_emoji_zwnj(tmp_path: Path) -> None:
    fa_spans = [
        span_at(FA, "ایرنا", "ORG"),
        span_at(FA, "تهران", "LOC"),
        span_at(FA, "مصطفی مصباح‌زاده", "PER"),
        span_at(FA, "شیراز", "LOC"),
    ]
    ar_spans = [span_at(AR, "أحمد حسن", "PER"), span_at(AR, "القاهرة", "Population-Center")]
    ar_spans.append(span_at(AR, "عمّان", "GPE"))
    target = tmp_path / "out.conll"
    writer = ConllWriter(target)
    writer.add(export_doc(FA, fa_spans))
    writer.add(export_doc(AR, ar_spans, ext_id="d2", lang="ar"))
    report = writer.finish()
    assert report.documents == 2 and report.spans == 7
    assert report.files == [target]
    assert report.lost == {"document ids (CoNLL has no field for them)": 2}
    content = target.read_text("utf-8")
    assert content.count("-DOCSTART- -X- O O\n\n") == 2
    assert "مصباح‌زاده\tI-PER\n" in content  # ZWNJ kept inside the token
    assert "😀\tO\n" in content
    assert "القاهرة\tB-Population-Center\n" in content
    records, problems = read_all(target)
    assert problems == []
    assert [r.ext_id for r in records] == ["out#1", "out#2"]
    for record, text, spans in ((records[0], FA, fa_spans), (records[1], AR, ar_spans)):
        assert spans_of(record) == [(label, text[s:e]) for s, e, label in sorted(spans)]
    # sentences: at the line break, and after "." / "!" followed by a space
    assert records[0].text.count("\n") == 1
    assert records[1].text.split("\n")[0].endswith("الأحد .")


def test_export_is_read_by_spacys_own_conll_converter(tmp_path: Path) -> None:
    import spacy.training.converters as converters  # a test dependency

    target = tmp_path / "out.conll"
    writer = ConllWriter(target)
    writer.add(export_doc(FA, [span_at(FA, "مصطفی مصباح‌زاده", "PER")]))
    writer.add(export_doc(AR, [span_at(AR, "القاهرة", "LOC")], ext_id="d2", lang="ar"))
    writer.finish()
    docs = list(converters.conll_ner_to_docs(target.read_text("utf-8"), no_print=True))
    assert [[(e.label_, e.text) for e in d.ents] for d in docs] == [
        [("PER", "مصطفی مصباح‌زاده")],
        [("LOC", "القاهرة")],
    ]


def test_export_reports_what_flat_bio_cannot_hold(tmp_path: Path) -> None:
    text = "سازمان ملل متحد در نیویورک است و بانک‌ملی"
    spans = [
        span_at(text, "سازمان ملل متحد", "ORG"),
        span_at(text, "ملل متحد", "ORG2"),  # overlaps the longer one: lost
        span_at(text, "نیویورک", "LOC"),
        span_at(text, "یورک", "PART"),  # inside a token, overlapping LOC: lost
        span_at(text, "بانک", "ATTR"),  # part of بانک‌ملی: widened, and its attrs are lost
    ]
    relations = (ExportRelation(0, 2, "based_in"),)
    target = tmp_path / "out.conll"
    writer = ConllWriter(target, scheme="bioes")
    writer.add(export_doc(text, spans, relations=relations, annotator="sara"))
    report = writer.finish()
    assert report.spans == 3
    assert report.lost == {
        "spans widened to token edges": 2,
        "overlapping spans (CoNLL keeps the longest)": 2,
        "relations (CoNLL has none)": 1,
        "span attributes (CoNLL has none)": 1,
        "document ids (CoNLL has no field for them)": 1,
        "annotator names (one block per document and annotator)": 1,
    }
    body = target.read_text("utf-8").split("\n\n", 1)[1]
    assert body.split("\n")[:5] == [
        "سازمان\tB-ORG",
        "ملل\tI-ORG",
        "متحد\tE-ORG",
        "در\tO",
        "نیویورک\tS-LOC",
    ]
    assert "بانک‌ملی\tS-ATTR" in body


def test_export_never_breaks_a_sentence_inside_a_span(tmp_path: Path) -> None:
    text = "دکتر ع. رضایی آمد. او رفت"
    target = tmp_path / "out.conll"
    writer = ConllWriter(target, docstart=False)
    writer.add(export_doc(text, [span_at(text, "ع. رضایی", "PER")]))
    writer.finish()
    sentences = target.read_text("utf-8").strip().split("\n\n")
    assert [len(s.split("\n")) for s in sentences] == [6, 2]


def test_tokens_with_blanks_inside_are_split_and_labels_lose_their_blanks(tmp_path: Path) -> None:
    from annotator.core.text.tokens import Token

    text = "گفته است که تهران"
    doc = export_doc(text, [span_at(text, "تهران", "Population Center")])
    hazm_like = [Token("گفته است", 0, 8), Token("که", 9, 11), Token("تهران", 12, 17)]
    doc = ExportDoc(**{**doc.__dict__, "tokens": hazm_like})
    target = tmp_path / "out.conll"
    writer = ConllWriter(target, docstart=False)
    writer.add(doc)
    report = writer.finish()
    assert target.read_text("utf-8") == "گفته\tO\nاست\tO\nکه\tO\nتهران\tB-Population_Center\n\n"
    assert report.lost["labels with blanks in them (written with '_')"] == 1


def test_abort_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "out.conll"
    writer = ConllWriter(target)
    writer.add(export_doc(FA, []))
    writer.abort()
    assert list(target.parent.iterdir()) == []
