"""Bugs found reviewing the format readers, writers and export glue: one test each."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import orjson
import pytest

from annotator.core.formats.doccano import read_doccano
from annotator.core.formats.exchange import ExportDoc, ExportSpan
from annotator.core.formats.hf import HfWriter
from annotator.core.formats.inception import read_inception
from annotator.core.formats.registry import make_writer
from annotator.core.formats.sources import SNIFF_BYTES, detect, expand
from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.services.exporter import Exporter, ExportOptions
from annotator.core.services.splits import SplitSpec
from annotator.core.store.project import Project
from annotator.core.text.tokens import Tokenizer

from .helpers import problems, records

FA = "گزارش از تهران درباره مشهد"


def _doccano_line(text: str) -> bytes:
    return orjson.dumps({"text": text, "label": [[0, 5, "LOC"]]}) + b"\n"


# --------------------------------------------------------------------------- sources


def test_detect_a_utf8_head_cut_inside_a_character(tmp_path: Path) -> None:
    """The 64 KiB head ended inside a two-byte letter: it was decoded as UTF-16 (CJK
    garbage), no sniffer claimed the doccano file, and it was read as our JSONL with every
    label silently dropped."""
    line = _doccano_line("Bob met Alice in Paris, café")
    body = line * (SNIFF_BYTES // len(line) + 2)
    for pad in range(len(line)):
        data = _doccano_line("x" * (pad + 5)) + body
        if data[SNIFF_BYTES - 1] == 0xC3:  # the first byte of "é"
            break
    path = tmp_path / "cut.jsonl"
    path.write_bytes(data)
    assert detect(path)[0] == "doccano"


def test_detect_a_doccano_file_whose_first_record_is_longer_than_the_head(
    tmp_path: Path,
) -> None:
    """One long article (over 64 KiB) on the first line: nothing was claimed and the file
    was read as our JSONL, its labels dropped without a word."""
    path = tmp_path / "long.jsonl"
    path.write_bytes(_doccano_line(FA * 3000) + _doccano_line(FA))
    assert path.stat().st_size > 2 * SNIFF_BYTES
    assert detect(path)[0] == "doccano"


def test_a_folder_import_does_not_take_a_hf_labels_file_for_a_document(tmp_path: Path) -> None:
    """Exporting to Hugging Face JSONL writes `x.labels.json` beside `x.jsonl`; importing
    the folder made the label list a plain-text document."""
    tokens = Tokenizer().tokenize(FA, "fa")
    writer = HfWriter(tmp_path / "x.jsonl")
    writer.add(
        ExportDoc("d1", "t", FA, "fa", {}, "ali", "done", [ExportSpan(1, 0, 5, "LOC", FA[:5])],
                  tokens=tokens)
    )  # fmt: skip
    writer.finish()
    files, found = expand([tmp_path])
    assert not found
    assert [(f.path.name, f.format) for f in files] == [("x.jsonl", "hf")]


# --------------------------------------------------------------------------- readers


def test_doccano_annotations_with_a_user_object_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "v1.jsonl"
    line = {
        "text": "Bob met Alice",
        "annotations": [{"start_offset": 0, "end_offset": 3, "label": 1, "user": {"id": 2}}],
    }
    path.write_bytes(orjson.dumps(line) + b"\n")
    items = list(read_doccano(path))  # raised TypeError: unhashable type: 'dict'
    [problem] = problems(items)
    assert problem.line == 1 and "user" in problem.message


def test_doccano_duplicate_warning_stays_on_the_user_who_had_duplicates(tmp_path: Path) -> None:
    """doccano 1.x: user 1 had a span twice; user 2's record said so too."""
    path = tmp_path / "v1.jsonl"
    twice = {"start_offset": 0, "end_offset": 3, "label": "P", "user": 1}
    line = {
        "text": "Bob met Alice",
        "annotations": [
            twice,
            twice,
            {"start_offset": 8, "end_offset": 13, "label": "P", "user": 2},
        ],
    }
    path.write_bytes(orjson.dumps(line) + b"\n")
    warned = {r.annotator: r.meta.get("import_warnings") for r in records(list(read_doccano(path)))}
    assert warned == {"doccano-user-1": ["1 duplicate span(s) dropped"], "doccano-user-2": None}


def test_inception_feature_structures_keyed_by_id(tmp_path: Path) -> None:
    """`_structures` accepts `{"<id>": {...}}` without "%ID" inside; reading the spans
    then raised KeyError '%ID'."""
    cas = {
        "%FEATURE_STRUCTURES": {
            "1": {"%TYPE": "uima.cas.Sofa", "sofaString": "Bob met Alice"},
            "2": {
                "%TYPE": "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity",
                "@sofa": 1,
                "begin": 0,
                "end": 3,
                "value": "PER",
            },
        },
        "%VIEWS": {"_InitialView": {"%SOFA": 1, "%MEMBERS": [2]}},
    }
    path = tmp_path / "cas.json"
    path.write_bytes(orjson.dumps(cas))
    [record] = records(list(read_inception(path)))
    assert [(s.start, s.end, s.label) for s in record.spans] == [(0, 3, "PER")]


# --------------------------------------------------------------------------- export


def test_hf_split_export_gives_a_tag_number_one_meaning_in_every_split(tmp_path: Path) -> None:
    """Each split numbered its own tags: 1 was B-actor in train and B-claim in test, so a
    model trained with one ClassLabel read the test set wrong."""
    path = tmp_path / "p.seedproj"
    with Project.open(path) as project, project.transaction():
        for i in range(6):
            text = f"قال بوتين في الخبر رقم {i}"
            doc_id = project.documents.add(
                NewDocument(f"d{i:02d}", f"t{i}", "ar", text, text, None, "none", {}, "x")
            )
            project.spans.add(doc_id, "sara", NewSpan("actor" if i < 3 else "claim", 4, 9, "بوتين"))
            project.status.set(doc_id, "sara", Status.DONE)
    split = SplitSpec((("train", 0.5), ("test", 0.5)), seed=1)
    with Project.open(path) as project:
        Exporter(project).run(tmp_path / "gold.jsonl", ExportOptions(format="hf", split=split))
    names = {
        part: json.loads((tmp_path / f"gold.{part}.labels.json").read_text("utf-8"))
        for part in ("train", "test")
    }
    assert names["train"] == names["test"]
    seen = set()
    for part in ("train", "test"):
        for raw in (tmp_path / f"gold.{part}.jsonl").read_text("utf-8").splitlines():
            seen.update(names[part][t] for t in json.loads(raw)["ner_tags"])
    assert {"B-actor", "B-claim"} <= seen


def test_exports_get_the_mode_of_any_new_file(tmp_path: Path) -> None:
    """mkstemp/mkdtemp made exports owner-only (0600, a 0700 brat folder): Label Studio or
    doccano running as another user (a container) could not read them."""
    umask = os.umask(0o022)
    os.umask(umask)
    doc = ExportDoc("d1", "t", "Bob met Alice", "other", {}, None, "done", [])
    for name, target in (("doccano", tmp_path / "out.jsonl"), ("brat", tmp_path / "brat")):
        writer = make_writer(name, target)
        writer.add(doc)
        writer.finish()
        wanted = (0o777 if target.is_dir() else 0o666) & ~umask
        assert stat.S_IMODE(target.stat().st_mode) == wanted, name


def test_a_brat_export_over_a_folder_left_by_a_killed_export_still_works(tmp_path):
    from annotator.core.formats.atomic import AtomicDir

    def exported(target, name):
        out = AtomicDir(target, "brat")
        (out.path / name).write_text("ours", encoding="utf-8")
        out.commit()

    target = tmp_path / "gold_brat"
    exported(target, "a.txt")
    leftover = tmp_path / ".gold_brat.old"  # our earlier export, replaced, then a kill
    exported(leftover, "b.ann")
    out = AtomicDir(target, "brat")
    (out.path / "c.txt").write_text("new", encoding="utf-8")
    out.commit()
    assert sorted(p.name for p in target.iterdir()) == [".seed-export", "c.txt"]
    assert not leftover.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("export.json", '[{"unknown": {"text": "بوتين يلتقي أردوغان"}}]'),
        ("settings.json", '{"theme": "dark"}'),
        ("tags.conll", "بوتين يلتقي أردوغان\n"),
        ("doc.ann", "not brat at all\n"),
    ],
)
def test_a_file_of_another_tools_extension_that_no_reader_recognises_is_refused(
    tmp_path: Path, name: str, content: str
) -> None:
    """Auto detection once took any such file for plain text: a JSON file became one
    document of JSON, silently. A .json, .conll or .ann file none of the readers of its
    extension recognises is refused, naming the file and the formats it was tried as."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    files, problems = expand([path])
    assert files == []
    (problem,) = problems
    assert problem.path == str(path)
    assert "--format" in problem.message


def test_plain_text_and_own_extensions_still_fall_back_by_extension(tmp_path: Path) -> None:
    for name in ("a.txt", "b.text", "c.md"):
        (tmp_path / name).write_text("بوتين يلتقي أردوغان\n", encoding="utf-8")
    files, problems = expand([tmp_path / "a.txt", tmp_path / "b.text", tmp_path / "c.md"])
    assert problems == []
    assert [f.format for f in files] == ["txt", "txt", "txt"]
