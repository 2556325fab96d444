"""Every reader under mutated real files (issue 13, Proof): an import either refuses, naming
the file, or imports cleanly; it never ends in a traceback, and a refusal leaves the project
as it was.

The normal suite runs a fixed, reproducible set of cases in well under a minute. For a longer,
random run: `SEED_FUZZ_EXAMPLES=20000 pytest tests/core/test_fuzz_readers.py -s`.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import AnnotatorError, ImportFailed
from annotator.core.formats.registry import READERS
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

from ..conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = int(os.environ.get("SEED_FUZZ_EXAMPLES", "0"))
ON_DEMAND = EXAMPLES > 0
HEAD_BYTES = 6000  # big fixtures are cut (at a line end) so a case stays fast
TEXT = "قال الرئيس في القاهرة إنّ الاجتماع سيُعقد غداً 😀 وزير الخارجية"


def _own_samples(folder: Path) -> list[tuple[Path, str]]:
    """Our own formats, which have no third-party fixture: written here, in the shapes the
    format documents (spans with ids and relations, UTF-16 offsets, a CSV with metadata)."""
    folder.mkdir(parents=True, exist_ok=True)
    cairo = TEXT.index("القاهرة")
    records = [
        {
            "id": "a",
            "text": TEXT,
            "annotator": "sara",
            "status": "done",
            "spans": [
                {"id": "s1", "start": 4, "end": 10, "label": "actor", "text": TEXT[4:10]},
                {"id": "s2", "start": cairo, "end": cairo + 7, "label": "place"},
            ],
            "relations": [{"head": "s1", "tail": "s2", "type": "in", "attrs": {"w": 1}}],
        },
        {"id": "b", "text": TEXT + "\nسطر دوم", "offset_unit": "utf16", "spans": []},
        {
            "id": "c",
            "text": TEXT,
            "model": "ner-ar",
            "model_version": "2",
            "predictions": [
                {"start": 4, "end": 10, "label": "actor", "score": 0.9, "text": TEXT[4:10]},
                {"start": cairo, "end": cairo + 7, "label": "place", "attrs": {"k": 1}},
            ],
        },
    ]
    jsonl = folder / "ours.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    csv = folder / "ours.csv"
    csv.write_text(f'id,title,text,source\n1,خبر,"{TEXT}",irna\n2,,"سطر\nدو",\n', "utf-8")
    txt = folder / "ours.txt"
    txt.write_text(TEXT + "\n\n" + TEXT + "\n", "utf-8")
    hf = folder / "ours_hf.jsonl"
    hf.write_text(
        json.dumps({"id": 1, "tokens": ["قال", "بوتين", "أمس"], "ner_tags": ["O", "B-PER", "O"]})
        + "\n",
        "utf-8",
    )
    return [(jsonl, "jsonl"), (csv, "csv"), (txt, "txt"), (hf, "hf")]


def _fixtures() -> list[tuple[Path, str]]:
    """(file, the format it is in) for every real annotation file in tests/fixtures."""
    found: list[tuple[Path, str]] = []
    for path in sorted(FIXTURES.rglob("*")):
        rel = path.relative_to(FIXTURES).as_posix()
        name = path.name.lower()
        if not path.is_file() or "license" in name or "readme" in name or name.endswith(".md"):
            continue
        if rel.startswith("brat/") and name.endswith(".ann"):
            found.append((path, "brat"))
        elif rel.startswith("doccano/") and name.endswith(".jsonl"):
            found.append((path, "doccano"))
        elif rel.startswith("doccano/") and name.endswith(".conll"):
            found.append((path, "conll"))
        elif rel.startswith("label-studio/") and name.endswith(".json"):
            found.append((path, "labelstudio"))
        elif rel.startswith("inception/") and name.endswith(".json"):
            found.append((path, "inception"))
        elif rel.startswith("webanno-tsv3/") and name.endswith(".tsv"):
            found.append((path, "webanno"))
        elif rel.startswith("prodigy/") and name.endswith(".jsonl"):
            found.append((path, "prodigy"))
        elif rel.startswith("arabic/idrisi-r/") and name.endswith(".jsonl"):
            found.append((path, "idrisi"))
        elif rel.startswith(("arabic/", "persian/")) and name.endswith(".txt"):
            found.append((path, "conll"))
    return found


FORMATS = ["auto", "txt", "jsonl", "csv", *READERS]

# Bytes that tend to matter to a parser: structure, encodings, line ends, odd numbers.
INTERESTING = [
    b"\x00", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xd8\x3d", b"\xf0\x9f\x98\x80", b"\r",
    b"\n", b"\r\n", b"\t", b" ", b'"', b"{", b"}", b"[", b"]", b",", b":", b"\\", b"\\u",
    b"\\ud83d", b"-1", b"0", b"1e400", b"99999999999999999999", b"null", b"true", b"[]", b"{}",
    b'"start"', b'"end"', b'"label"', b'"spans"', b'"text"', b"B-", b"I-", b"O", b"T1", b"R1",
    b"#", b";", b"|", b"_", b"\xe2\x80\x8c", b"\xd9\x8a", b"[" * 3000,
]  # fmt: skip


@st.composite
def mutations(draw: st.DrawFn, size: int) -> list[tuple[str, int, int, bytes]]:
    """A few edits at positions in the file: overwrite, insert, delete, duplicate, cut."""
    count = draw(st.sampled_from([0, 1, 1, 1, 2, 2, 3, 4]))
    edits = []
    for _ in range(count):
        kind = draw(st.sampled_from(["insert", "overwrite", "delete", "repeat", "truncate"]))
        at = draw(st.integers(0, max(size - 1, 0)))
        length = draw(st.integers(1, 64))
        payload = draw(
            st.sampled_from([*INTERESTING, b""]).flatmap(
                lambda b: st.just(b) if b else st.binary(min_size=1, max_size=8)
            )
        )
        edits.append((kind, at, length, payload))
    return edits


def mutate(data: bytes, edits: list[tuple[str, int, int, bytes]]) -> bytes:
    for kind, at, length, payload in edits:
        at = min(at, len(data))
        if kind == "insert":
            data = data[:at] + payload + data[at:]
        elif kind == "overwrite":
            data = data[:at] + payload + data[at + len(payload) :]
        elif kind == "delete":
            data = data[:at] + data[at + length :]
        elif kind == "repeat":
            data = data[:at] + data[at : at + length] * 3 + data[at:]
        else:
            data = data[:at]
    return data


def _head(path: Path) -> bytes:
    data = path.read_bytes()
    if len(data) <= HEAD_BYTES:
        return data
    cut = data.rfind(b"\n", 0, HEAD_BYTES)
    return data[: cut + 1] if cut > 0 else data[:HEAD_BYTES]


def content(path: Path) -> list[str]:
    """Everything the project holds, as SQL: a refused import must leave it identical."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return list(db.iterdump())


STATS: Counter[str] = Counter()


@pytest.fixture(scope="module")
def fuzz_cases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    folder = tmp_path_factory.mktemp("fuzz")
    cases = _fixtures() + _own_samples(folder / "own")
    # A project that already holds work, so that a refusal has something to leave alone:
    # copied for each case (ids in it would otherwise clash with the mutated files' ids).
    template = folder / "template.seedproj"
    held = folder / "held.jsonl"
    span = {"start": 4, "end": 10, "label": "actor"}
    held.write_text(
        json.dumps({"id": "held", "text": TEXT, "annotator": "sara", "spans": [span]}) + "\n",
        encoding="utf-8",
    )
    with Project.open(template) as project:
        Importer(project).run([held])
    yield folder, cases, template
    print(f"\nfuzz: {dict(STATS)}")


def test_the_fuzz_covers_every_reader(fuzz_cases) -> None:
    _folder, cases, _template = fuzz_cases
    assert {fmt for _path, fmt in cases} == {"txt", "jsonl", "csv", *READERS}


@settings(
    max_examples=EXAMPLES or 300,
    deadline=None,
    derandomize=not ON_DEMAND,  # the normal suite must not fail one day and pass the next
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_a_mutated_file_is_refused_by_name_or_imported_never_a_traceback(
    fuzz_cases, persian, data: st.DataObject
) -> None:
    folder, cases, template = fuzz_cases
    source, own_format = data.draw(st.sampled_from(cases), label="fixture")
    fmt = data.draw(st.sampled_from([own_format] * 4 + ["auto"] * 2 + FORMATS), label="format")
    case = Path(tempfile.mkdtemp(prefix="case", dir=folder))
    target = case / source.name
    raw = _head(source)
    edits = data.draw(mutations(len(raw)), label="edits")
    target.write_bytes(mutate(raw, edits))
    if own_format == "brat":  # the text beside the annotations, mutated or not
        partner = source.with_suffix(".txt")
        text_edits = data.draw(mutations(partner.stat().st_size), label="text edits")
        (case / partner.name).write_bytes(mutate(partner.read_bytes(), text_edits))
    if own_format == "hf" or fmt == "hf":
        labels = case / f"{target.stem}.labels.json"
        if data.draw(st.booleans(), label="hf labels"):
            labels.write_text('["O", "B-PER", "I-PER"]', encoding="utf-8")
    options = ImportOptions(
        format=fmt,
        annotator=data.draw(st.sampled_from(["fuzz", "fuzz", None]), label="annotator"),
        add_labels=data.draw(st.booleans(), label="add labels"),
        normalize=data.draw(st.sampled_from([None, False]), label="normalize"),
    )
    STATS["cases"] += 1
    STATS[f"cases from {own_format} files"] += 1
    shutil.copyfile(template, case / "p.seedproj")
    try:
        with Project.open(case / "p.seedproj") as project:
            before = content(project.path)
            _import(project, persian, target, options, before)
    except Exception:
        STATS["tracebacks"] += 1
        pytest.fail(f"{fmt} on {source.name} with {edits}:\n{traceback.format_exc()}")
    finally:
        shutil.rmtree(case, ignore_errors=True)


def _lines(path: Path) -> int:
    """Lines as a reader counts them: \n, \r\n and a lone \r each end one."""
    try:
        data = path.read_bytes()
    except OSError:
        return 0
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1


def _import(project: Project, persian, target: Path, options: ImportOptions, before) -> None:
    case = target.parent
    try:
        Importer(project, persian).run([target], options)
    except ImportFailed as exc:
        STATS["refused"] += 1
        for problem in exc.problems:
            assert problem.path.startswith(str(case)), f"no file named: {problem}"
            assert problem.message.strip(), f"an empty message: {problem}"
            if problem.line is not None:  # a line that is there, not one counted wrongly
                STATS["problems with a line"] += 1
                assert 1 <= problem.line <= _lines(Path(problem.path)) + 1, str(problem)
            else:
                STATS["problems naming only the file"] += 1
        assert content(project.path) == before, "a refused import changed the project"
    except AnnotatorError as exc:
        STATS["refused"] += 1
        assert str(case) in str(exc), f"no file named: {exc}"
        assert content(project.path) == before, "a refused import changed the project"
    else:
        STATS["imported"] += 1
