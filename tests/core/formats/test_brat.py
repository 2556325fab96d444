"""brat standoff: the nlplab tutorial files import with every span on its text, and what we
write obeys brat's own rules and reads back unchanged."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, InputProblem
from annotator.core.formats.brat import BratWriter, read_brat, sniff_brat
from annotator.core.formats.exchange import ExportDoc, ExportRelation, ExportSpan
from annotator.core.formats.records import SourceRecord

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "brat" / "tutorials-news"
TUTORIAL = sorted(FIXTURES.glob("*.ann"))


def read_one(path: Path) -> SourceRecord:
    items = list(read_brat(path))
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert not problems, problems
    assert len(items) == 1
    return items[0]


def problems_of(path: Path) -> list[InputProblem]:
    return [i for i in read_brat(path) if isinstance(i, InputProblem)]


def write_pair(folder: Path, name: str, text: str, ann: str, newline: str = "\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text.replace("\n", newline).encode("utf-8"))
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8")
    return folder / f"{name}.ann"


def check_brat_rules(text: str, ann: str) -> None:
    """brat's rules for every line of an .ann, checked independently of our reader."""
    defined: set[str] = set()
    for line in ann.splitlines():
        fields = line.split("\t")
        ident = fields[0]
        if ident.startswith("T"):
            assert len(fields) == 3, line
            assert ident not in defined, f"{ident} defined twice"
            label, offsets = fields[1].split(" ", 1)
            assert label and " " not in label
            frags = [tuple(int(x) for x in part.split(" ")) for part in offsets.split(";")]
            assert all(len(f) == 2 and 0 <= f[0] < f[1] <= len(text) for f in frags), line
            assert frags == sorted(frags), line
            assert all(a[1] <= b[0] for a, b in pairwise(frags)), line
            assert fields[2] == " ".join(text[s:e] for s, e in frags), line
            defined.add(ident)
        elif ident.startswith("R"):
            assert len(fields) == 2, line
            _type, arg1, arg2 = fields[1].split(" ")
            assert arg1.startswith("Arg1:") and arg1[5:] in defined, line
            assert arg2.startswith("Arg2:") and arg2[5:] in defined, line
            defined.add(ident)
        elif ident.startswith("A"):
            assert len(fields) == 2 and len(fields[1].split(" ")) in (2, 3), line
            assert fields[1].split(" ")[1] in defined, line
        elif ident.startswith("#"):
            assert len(fields) == 3 and fields[1].split(" ")[1] in defined, line
        elif ident.startswith("N"):
            assert len(fields) == 3, line
            kind, target, ref = fields[1].split(" ")
            assert kind == "Reference" and target in defined and ":" in ref, line
        elif ident == "*":
            assert len(fields) == 2 and all(t in defined for t in fields[1].split(" ")[1:])
        else:
            pytest.fail(f"not a brat line: {line!r}")


def export_doc(
    record: SourceRecord, annotator: str | None = None, ext_id: str | None = None
) -> ExportDoc:
    """The record as the exporter would hand it over after storing it."""
    refs: dict[str, int] = {}
    spans = []
    ordered = sorted(record.spans, key=lambda s: (s.start, s.end))
    for i, s in enumerate(ordered, start=1):
        spans.append(ExportSpan(i, s.start, s.end, s.label, record.text[s.start : s.end], s.attrs))
        if s.ref:
            refs[s.ref] = i
    relations = [
        ExportRelation(refs[r.head_ref], refs[r.tail_ref], r.type, r.attrs)
        for r in record.relations
    ]
    return ExportDoc(
        ext_id or record.ext_id or "doc",
        record.title or "",
        record.text,
        "fa",
        {},
        annotator,
        "done",
        spans,
        relations,
    )


def span_view(record: SourceRecord) -> list[tuple]:
    return sorted(
        (s.start, s.end, s.label, record.text[s.start : s.end], sorted(s.attrs.items()))
        for s in record.spans
    )


def relation_view(record: SourceRecord) -> list[tuple]:
    at = {s.ref: (s.start, s.end, s.label) for s in record.spans}
    return sorted((at[r.head_ref], at[r.tail_ref], r.type) for r in record.relations)


# -- the nlplab tutorial files ----------------------------------------------------------


def test_every_tutorial_span_matches_its_text_column() -> None:
    assert len(TUTORIAL) == 6
    for ann in TUTORIAL:
        record = read_one(ann)
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        assert record.text == text
        assert record.ext_id == ann.stem
        lines = [ln.split("\t") for ln in ann.read_text(encoding="utf-8").splitlines()]
        column = {f[0]: f[2] for f in lines if f[0].startswith("T")}
        by_ref = {s.ref: s for s in record.spans}
        assert set(by_ref) == set(column)
        for ref, expected in column.items():
            span = by_ref[ref]
            assert text[span.start : span.end] == expected, (ann.name, ref)


def test_tutorial_relations_equivalences_and_events() -> None:
    rel = read_one(FIXTURES / "060-relation_annotation.ann")
    assert ("T1", "T2", "Located") in {(r.head_ref, r.tail_ref, r.type) for r in rel.relations}
    alias = [(r.head_ref, r.tail_ref) for r in rel.relations if r.type == "Alias"]
    assert alias == [("T3", "T4"), ("T4", "T5")]  # `*<TAB>Alias T3 T4 T5`, no id

    events = read_one(FIXTURES / "080-event-annotation.ann")
    triples = {(r.head_ref, r.tail_ref, r.type) for r in events.relations}
    assert ("T10", "T9", "Merge-org:Org-Arg4") in triples
    assert any("event" in w for w in events.meta["import_warnings"])

    nested = read_one(FIXTURES / "090-event_structures.ann")
    # E2's Event-Arg is E1, which stands for its trigger T3.
    assert ("T5", "T3", "Report:Event-Arg") in {
        (r.head_ref, r.tail_ref, r.type) for r in nested.relations
    }


def test_tutorial_attributes_and_notes_land_on_spans_and_relations() -> None:
    attrs = read_one(FIXTURES / "100-attribute_annotation.ann")
    by_ref = {s.ref: s for s in attrs.spans}
    assert by_ref["T1"].attrs == {"Individual": True}
    assert by_ref["T17"].attrs == {"Confidence": "Neutral"}  # A1 Confidence E1, E1 = T17
    notes = read_one(FIXTURES / "110-note_annotation.ann")
    by_ref = {s.ref: s for s in notes.spans}
    assert by_ref["T1"].attrs["note"] == "Should fictional places be annotated?"
    family = [r for r in notes.relations if r.type == "Family"]
    assert family[0].attrs["note"].startswith("Should this be marked?")
    assert family[1].attrs == {}


# -- reading edge cases -------------------------------------------------------------------

PERSIAN = "🙂 علی‌رضا در تهران.\nالأمم المتحدة رحبت."


def test_discontinuous_span_imports_as_fragments_and_exports_as_one(tmp_path: Path) -> None:
    # "علی‌رضا" 2-9 and "تهران" 13-18 joined by brat with one space.
    ann = write_pair(tmp_path, "d", PERSIAN, "T1\tPER 2 9;13 18\tعلی‌رضا تهران\n")
    record = read_one(ann)
    assert [(s.start, s.end, s.attrs) for s in record.spans] == [
        (2, 9, {"brat_id": "T1", "fragment": 0, "fragments": 2}),
        (13, 18, {"brat_id": "T1", "fragment": 1, "fragments": 2}),
    ]
    out = tmp_path / "out"
    writer = BratWriter(out)
    writer.add(export_doc(record))
    writer.finish()
    assert (out / "d.ann").read_text(encoding="utf-8") == "T1\tPER 2 9;13 18\tعلی‌رضا تهران\n"


def test_crlf_counts_as_brat_counts_it_and_lf_offsets_are_accepted_with_a_warning(
    tmp_path: Path,
) -> None:
    start = PERSIAN.index("الأمم")
    crlf = write_pair(
        tmp_path / "a", "n", PERSIAN, f"T1\tORG {start + 1} {start + 14}\tالأمم المتحدة\n", "\r\n"
    )
    record = read_one(crlf)
    assert "\r\n" in record.text
    assert record.text[record.spans[0].start : record.spans[0].end] == "الأمم المتحدة"
    assert "import_warnings" not in record.meta

    lf = write_pair(
        tmp_path / "b", "n", PERSIAN, f"T1\tORG {start} {start + 13}\tالأمم المتحدة\n", "\r\n"
    )
    record = read_one(lf)
    assert "\r" not in record.text
    assert record.text[record.spans[0].start : record.spans[0].end] == "الأمم المتحدة"
    assert any("LF" in w for w in record.meta["import_warnings"])


def test_either_file_of_the_pair_can_be_given(tmp_path: Path) -> None:
    ann = write_pair(tmp_path, "x", PERSIAN, "T1\tLOC 13 18\tتهران\n")
    assert span_view(read_one(ann)) == span_view(read_one(ann.with_suffix(".txt")))


def test_bad_lines_are_problems_naming_the_file_and_line(tmp_path: Path) -> None:
    ann = write_pair(
        tmp_path,
        "bad",
        PERSIAN,
        "T1\tLOC 13 18\tتهران\n"
        "X1\tsomething\n"  # line 2: unknown id
        "T2\tPER 2 x\tعلی\n"  # line 3: offsets
        "T3\tPER 2 9\tعلی\n"  # line 4: text column disagrees
        "R1\tKnows Arg1:T1 Arg2:T9\n"  # line 5: T9 undefined
        "T4\tPER 2 900\tعلی\n",  # line 6: outside the text
    )
    problems = problems_of(ann)
    assert {p.line for p in problems} == {2, 3}  # syntax first; nothing else is trusted
    assert all(p.path == str(ann) for p in problems)

    ann.write_text(
        "T1\tLOC 13 18\tتهران\nT3\tPER 2 9\tعلی\nR1\tKnows Arg1:T1 Arg2:T9\n", encoding="utf-8"
    )
    assert [p.line for p in problems_of(ann)] == [3]  # the undefined argument
    ann.write_text("T1\tLOC 13 18\tتهران\nT3\tPER 2 9\tعلی\n", encoding="utf-8")
    (problem,) = problems_of(ann)
    # The message shows the ZWNJ that makes the two differ.
    assert problem.line == 2 and "'علی'" in problem.message and "علی\\u200cرضا" in problem.message
    ann.write_text("T4\tPER 2 900\tعلی\n", encoding="utf-8")
    (problem,) = problems_of(ann)
    assert problem.line == 1 and "outside the text" in problem.message


def test_missing_ann_imports_the_text_without_spans(tmp_path: Path) -> None:
    (tmp_path / "only.txt").write_text(PERSIAN, encoding="utf-8")
    (record,) = list(read_brat(tmp_path / "only.txt"))
    assert isinstance(record, SourceRecord)
    assert record.spans == () and not record.has_annotations


def test_sniffer(tmp_path: Path) -> None:
    ann = write_pair(tmp_path, "s", PERSIAN, "T1\tLOC 13 18\tتهران\n")
    assert sniff_brat(ann, ann.read_text(encoding="utf-8"))
    assert sniff_brat(ann.with_suffix(".txt"), PERSIAN)
    plain = tmp_path / "plain.txt"
    plain.write_text(PERSIAN, encoding="utf-8")
    assert sniff_brat(plain, PERSIAN) is None
    assert sniff_brat(tmp_path / "x.ann", '{"text": "a", "spans": []}') is None


# -- writing ------------------------------------------------------------------------------

TEXT = "📰 علی‌رضا محمدی در تهران با سازمان ملل دیدار کرد.\nالأمم المتحدة رحبت بالزيارة 🙂."


def rich_record() -> SourceRecord:
    from annotator.core.formats.records import SourceRelation, SourceSpan

    def at(s: str, label: str, attrs: dict | None = None, ref: str | None = None) -> SourceSpan:
        i = TEXT.index(s)
        return SourceSpan(i, i + len(s), label, attrs or {}, ref)

    spans = (
        at("علی‌رضا محمدی", "PER", {"note": "نام کامل", "Confidence": "High"}, "p"),
        at("تهران", "LOC", {"norm": [{"db": "Wikidata", "id": "Q3616", "text": "تهران"}]}, "l"),
        at("سازمان ملل", "ORG", {"Negated": True}, "o"),
        at("سازمان", "ORG", {}, "o2"),  # overlaps the span above
        at("الأمم المتحدة", "ORG", {}, "u"),
        at("🙂", "EMOJI", {}, "e"),
    )
    relations = (
        SourceRelation("p", "l", "Located", {"note": "در متن"}),
        SourceRelation("o", "u", "Equiv", {"brat_equiv": True}),
    )
    return SourceRecord("mem", None, "news/2024/001", TEXT, "t", spans=spans, relations=relations)


def test_round_trip_keeps_spans_attrs_and_relations(tmp_path: Path) -> None:
    record = rich_record()
    out = tmp_path / "brat"
    writer = BratWriter(out)
    writer.add(export_doc(record))
    report = writer.finish()
    assert report.documents == 1 and report.spans == 6
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        ".seed-export",  # what we wrote: a later export may replace exactly that
        "annotation.conf",
        "ext_ids.conf",
        "news_2024_001.ann",
        "news_2024_001.txt",
    ]
    assert "news_2024_001\tnews/2024/001" in (out / "ext_ids.conf").read_text(encoding="utf-8")
    ann = (out / "news_2024_001.ann").read_text(encoding="utf-8")
    check_brat_rules(TEXT, ann)
    back = read_one(out / "news_2024_001.ann")
    assert back.text == TEXT
    assert span_view(back) == span_view(record)
    assert relation_view(back) == relation_view(record)
    assert report.lost == {}


def test_annotation_conf_lists_what_was_used(tmp_path: Path) -> None:
    out = tmp_path / "brat"
    writer = BratWriter(out)
    writer.add(export_doc(rich_record()))
    writer.finish()
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    sections = {}
    current = None
    for line in conf.splitlines():
        if line.startswith("["):
            current = line
            sections[current] = []
        elif line.strip():
            sections[current].append(line.split("\t")[0])
    assert list(sections) == ["[entities]", "[relations]", "[events]", "[attributes]"]
    assert sections["[entities]"] == ["EMOJI", "LOC", "ORG", "PER"]
    assert sections["[relations]"] == ["Equiv", "Located"]
    assert sections["[attributes]"] == ["Confidence", "Negated"]
    assert "Value:High" in conf and "symmetric-transitive" in conf


def test_several_annotators_get_their_own_files_and_say_so(tmp_path: Path) -> None:
    record = rich_record()
    out = tmp_path / "brat"
    writer = BratWriter(out)
    writer.add(export_doc(record, "sara", "a/1"))
    writer.add(export_doc(record, "reza", "a/1"))
    writer.add(export_doc(record, "reza", "A_1"))  # same safe name as a/1, other case too
    report = writer.finish()
    stems = sorted(p.stem for p in out.glob("*.ann"))
    assert stems == ["A_1.reza~2", "a_1.reza", "a_1.sara"]
    assert any("annotator" in what for what in report.lost)
    for ann in out.glob("*.ann"):
        check_brat_rules(TEXT, ann.read_text(encoding="utf-8"))


def test_span_across_a_line_break_is_split_and_reported(tmp_path: Path) -> None:
    start = TEXT.index("دیدار")
    end = TEXT.index("المتحدة") + len("المتحدة")
    doc = ExportDoc("x", "t", TEXT, "fa", {}, None, "done", [ExportSpan(1, start, end, "SPAN", "")])
    out = tmp_path / "brat"
    writer = BratWriter(out)
    writer.add(doc)
    report = writer.finish()
    ann = (out / "x.ann").read_text(encoding="utf-8")
    check_brat_rules(TEXT, ann)
    assert ann.count("\n") == 1 and ";" in ann
    assert any("line break" in what for what in report.lost)


def test_unwritable_attrs_and_odd_names_are_reported_not_dropped(tmp_path: Path) -> None:
    doc = ExportDoc(
        "x",
        "t",
        TEXT,
        "fa",
        {},
        None,
        "done",
        [ExportSpan(1, 2, 9, "نام شخص", "علی‌رضا", {"nested": {"a": 1}, "score": "0 9"})],
    )
    out = tmp_path / "brat"
    writer = BratWriter(out)
    writer.add(doc)
    report = writer.finish()
    ann = (out / "x.ann").read_text(encoding="utf-8")
    check_brat_rules(TEXT, ann)
    assert "T1\tنام_شخص 2 9\tعلی‌رضا" in ann and "A1\tscore T1 0_9" in ann
    assert set(report.lost) >= {
        "labels renamed for brat (spaces and :;,|=<>! become _)",
        "span attributes brat cannot hold (nested: nested values)",
    }


def test_abort_leaves_nothing_and_a_foreign_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    out = tmp_path / "exports" / "brat"
    writer = BratWriter(out)
    writer.add(export_doc(rich_record()))
    writer.abort()
    assert list((tmp_path / "exports").iterdir()) == []

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"x")
    with pytest.raises(AnnotatorError):
        BratWriter(foreign)


def test_tutorial_files_survive_a_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "brat"
    writer = BratWriter(out)
    records = [read_one(ann) for ann in TUTORIAL]
    for record in records:
        writer.add(export_doc(record))
    report = writer.finish()
    assert report.documents == 6
    # Event roles are relation types with ':' ("Merge-org:Org-Arg"), which brat's
    # configuration cannot name: renamed, and said so.
    assert "relation types renamed for brat (spaces and :;,|=<>! become _)" in report.lost
    for record in records:
        ann = out / f"{record.ext_id}.ann"
        check_brat_rules(record.text, ann.read_text(encoding="utf-8"))
        back = read_one(ann)
        assert span_view(back) == span_view(record)
        renamed = [(h, t, kind.replace(":", "_")) for h, t, kind in relation_view(record)]
        assert relation_view(back) == sorted(renamed)


@pytest.mark.parametrize(
    "attrs",
    [
        # one fragment number missing: sorting None with 0 raised TypeError
        ({"brat_id": "T1", "fragments": 2, "fragment": 0}, {"brat_id": "T1", "fragments": 2}),
        # a count that is not a whole number: "2" > 1 and range(2.0) raised TypeError
        ({"brat_id": "T1", "fragments": "2", "fragment": 0}, {"brat_id": "T1", "fragment": 1}),
        (
            {"brat_id": "T1", "fragments": 2.0, "fragment": 0},
            {"brat_id": "T1", "fragments": 2.0, "fragment": 1},
        ),
    ],
)
def test_fragment_attrs_another_format_carried_in_are_written_as_plain_spans(
    tmp_path: Path, attrs: tuple[dict[str, object], dict[str, object]]
) -> None:
    text = "Ali met Reza in Tehran."
    spans = [
        ExportSpan(1, 0, 3, "PER", "Ali", dict(attrs[0])),
        ExportSpan(2, 8, 12, "PER", "Reza", dict(attrs[1])),
    ]
    out = tmp_path / "brat"
    writer = BratWriter(out)
    writer.add(ExportDoc("x", "t", text, "en", {}, None, "done", spans))
    writer.finish()
    ann = (out / "x.ann").read_text(encoding="utf-8")
    check_brat_rules(text, ann)
    assert "T1\tPER 0 3\tAli" in ann and "T2\tPER 8 12\tReza" in ann
