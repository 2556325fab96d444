"""WebAnno TSV 3: INCEpTION's own test files import with every token on the rebuilt text,
UTF-16 offsets (emoji) convert, stacking, escapes and BIO look-alikes come through as such."""

from __future__ import annotations

from pathlib import Path

from annotator.core.errors import InputProblem
from annotator.core.formats.records import SourceRecord
from annotator.core.formats.webanno import read_webanno, sniff_webanno

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "webanno-tsv3"
SUITE = FIXTURES / "tsv3-suite"


def read_one(path: Path) -> SourceRecord:
    items = list(read_webanno(path))
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert not problems, problems
    (record,) = items
    return record


def utf16_slice(text: str, begin: int, end: int) -> str:
    data = text.encode("utf-16-le")
    return data[2 * begin : 2 * end].decode("utf-16-le")


def spans(record: SourceRecord) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.label, record.text[s.start : s.end]) for s in record.spans]


def test_every_fixture_token_sits_on_the_rebuilt_text() -> None:
    files = sorted(FIXTURES.rglob("*.tsv"))
    assert len(files) == 14
    for path in files:
        record = read_one(path)
        tokens = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and line[0].isdigit():
                _, offsets, form = line.split("\t")[:3]
                begin, end = (int(x) for x in offsets.split("-"))
                assert utf16_slice(record.text, begin, end) == form, (path.name, line)
                tokens += 1
        assert tokens
        for s in record.spans:
            assert 0 <= s.start < s.end <= len(record.text)


def test_emoji_offsets_are_utf16_units() -> None:
    record = read_one(SUITE / "testSentenceWithEmoji.reference.tsv")
    assert record.text == "I like it 😊 ."
    # The file says 10-12 (two UTF-16 units); in code points the emoji is 10-11.
    assert spans(record) == [(10, 11, "Span", "😊")]


def test_bio_look_alikes_are_plain_labels() -> None:
    record = read_one(SUITE / "testTokenBoundedBioLookAlike.reference.tsv")
    assert spans(record) == [
        (0, 4, "B-NOTBIO!", "This"),
        (5, 7, "I-NOTBIO!", "is"),
        (8, 9, "I-NOTBIO!", "a"),
        (10, 14, "I-NOTBIO!", "test"),
        (15, 16, "I-NOTBIO!", "."),
    ]


def test_stacked_and_cross_sentence_multi_token_spans() -> None:
    stacked = read_one(SUITE / "testMultiTokenStackedSpanWithFeatureValue.reference.tsv")
    assert spans(stacked) == [
        (0, 16, "LOCATION", "This is a test ."),
        (0, 16, "PERSON", "This is a test ."),
    ]
    cross = read_one(SUITE / "testCrossSentenceSpanWithFeatureValue.reference.tsv")
    assert spans(cross) == [(0, 34, "PERSON", "He loves her . She loves him not .")]
    example = read_one(FIXTURES / "example2.tsv")
    labels = {(label, text) for _, _, label, text in spans(example)}
    assert {("PER", "Ms. Haag"), ("ORG", "Rolls-Royce Motor")} <= labels
    warnings = " ".join(example.meta["import_warnings"])
    assert "POS" in warnings and "Dependency" in warnings  # skipped, and said so


def test_escaped_values_line_breaks_tabs_and_sub_tokens() -> None:
    special = read_one(SUITE / "testTokenBoundedSpanWithSpecialSymbolsValue.reference.tsv")
    assert {s.label for s in special.spans} == {"#*'\"`´\t:;{}|[ ]()\\§$%?=&_\n"}
    assert read_one(SUITE / "testSentenceWithLineBreak.reference.tsv").text == "This is\na test ."
    assert read_one(SUITE / "testSentenceWithTab.reference.tsv").text == "This is\ta test ."
    assert read_one(SUITE / "testTwoSentencesWithNoSpaceInBetween.reference.tsv").text == "onetwo"
    sub = read_one(SUITE / "testSubMultiTokenSpanWithFeatureValue.reference.tsv")
    assert (7, 11, "4", "bbbb") in spans(sub)  # a sub-token annotation
    assert (3, 17, "9", "aaa bbbbbb ccc") in spans(sub)  # sub-token to sub-token, [4]
    assert any("zero-length" in w for w in sub.meta["import_warnings"])


def test_coref_file_people() -> None:
    record = read_one(FIXTURES / "coref.tsv")
    assert len(record.spans) == 74
    assert ("PER", "Josef K.") in {(s.label, record.text[s.start : s.end]) for s in record.spans}


def build_tsv(sentences: list[list[tuple[str, ...]]], header: list[str]) -> str:
    """A TSV 3.3 file with offsets computed here (UTF-16), sentences one space apart."""
    lines = ["#FORMAT=WebAnno TSV 3.3", *header, "", ""]
    offset = 0
    for n, sentence in enumerate(sentences, start=1):
        text = " ".join(tok[0] for tok in sentence)
        lines.append(f"#Text={text}")
        for k, (form, *columns) in enumerate(sentence, start=1):
            width = len(form.encode("utf-16-le")) // 2
            lines.append("\t".join([f"{n}-{k}", f"{offset}-{offset + width}", form, *columns, ""]))
            offset += width + 1
        lines.append("")
    return "\n".join(lines)


PERSIAN_TSV = build_tsv(
    [
        [
            ("😀", "_", "_", "_"),
            ("علی‌رضا", "http://x/1[1]", "PER[1]", "_"),
            ("محمدی", "http://x/1[1]", "PER[1]", "_"),
            ("در", "_", "_", "_"),
            ("تهران", "*|*", "LOC|GPE", "pro\\|con"),
        ],
        [
            ("الأمم", "*[2]", "ORG[2]", "*[3]"),
            ("المتحدة", "*[2]", "ORG[2]", "*[3]"),
        ],
    ],
    [
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value",
        "#T_SP=webanno.custom.Claim|stance",
    ],
)


def test_persian_arabic_multi_feature_layers(tmp_path: Path) -> None:
    path = tmp_path / "fa.tsv"
    path.write_text(PERSIAN_TSV, encoding="utf-8")
    record = read_one(path)
    assert record.text == "😀 علی‌رضا محمدی در تهران الأمم المتحدة"
    got = [(s.label, record.text[s.start : s.end], s.attrs) for s in record.spans]
    assert got == [
        ("PER", "علی‌رضا محمدی", {"identifier": "http://x/1", "layer": "NamedEntity"}),
        ("GPE", "تهران", {"layer": "NamedEntity"}),
        ("LOC", "تهران", {"layer": "NamedEntity"}),
        ("pro|con", "تهران", {"layer": "Claim"}),
        ("Claim", "الأمم المتحدة", {"layer": "Claim"}),
        ("ORG", "الأمم المتحدة", {"layer": "NamedEntity"}),
    ]
    assert record.ext_id == "fa"


def test_malformed_files_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    lines = PERSIAN_TSV.split("\n")
    token = next(i for i, ln in enumerate(lines) if ln.startswith("1-3\t"))

    broken = list(lines)
    broken[token] = broken[token].replace("PER[1]\t", "")  # a column short
    path.write_text("\n".join(broken), encoding="utf-8")
    (problem,) = list(read_webanno(path))
    assert isinstance(problem, InputProblem) and problem.line == token + 1
    assert "column" in problem.message

    wrong = list(lines)
    wrong[token] = wrong[token].replace("محمدی", "محمد", 1)  # the form no longer fits
    path.write_text("\n".join(wrong), encoding="utf-8")
    (problem,) = list(read_webanno(path))
    assert isinstance(problem, InputProblem) and problem.line == token + 1

    path.write_text("#FORMAT=Something else\n", encoding="utf-8")
    (problem,) = list(read_webanno(path))
    assert isinstance(problem, InputProblem) and problem.line == 1


def test_sniffer() -> None:
    assert (
        sniff_webanno(Path("x.tsv"), PERSIAN_TSV) == "WebAnno TSV 3.3 (INCEpTION / WebAnno export)"
    )
    assert sniff_webanno(Path("x.tsv"), "\ufeff#FORMAT=WebAnno TSV 3.2\n")
    assert sniff_webanno(Path("x.tsv"), "text\tlabel\nسلام\tO\n") is None
    assert sniff_webanno(Path("x.tsv"), "#FORMAT=WebAnno TSV 2\n") is None
