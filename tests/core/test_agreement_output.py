"""`annotator agreement` writes the same bytes as before the report became typed data.

The golden files in tests/fixtures/agreement were written by the command as it was when the
report was a dict (main at fccc76a), on the project `build` makes here; scripts and
spreadsheets that read the JSON or the CSV must see no difference, not one key or digit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.model import NewDocument, Status
from annotator.core.services.annotations import AnnotationService
from annotator.core.store.project import Project

from ..conftest import ROOT
from .test_cli import run

GOLDEN = ROOT / "tests" / "fixtures" / "agreement"

# Texts stored as written (no normaliser): the golden offsets must not move when hazm does.
DOCS = {
    "fa-1": ("گفتگوی تلفنی", "fa", "ولادیمیر پوتین و دونالد ترامپ روز سه‌شنبه تلفنی گفتگو کردند."),
    "ar-2": (
        "اتصال هاتفي",
        "ar",
        "أجرى الرئيس الروسي فلاديمير بوتين اتصالا مع دونالد ترامب اليوم.",
    ),
    "ar-3": ("", "ar", "قال الكرملين يوم السبت إن بوتين وترامب اتفقا على التنسيق في سوريا."),
    "fa-4": ("بی‌خبر", "fa", "در این خبر نامی از کسی نیامده است."),
    "en-5": ("Only Reza", "other", "Putin called Trump on Tuesday about Syria."),
}
# annotator -> document -> (label, words): whole words, so no snapping can move them.
WORK: dict[str, dict[str, list[tuple[str, str]]]] = {
    "ali": {
        "fa-1": [("actor", "ولادیمیر پوتین"), ("actor", "دونالد ترامپ"),
                 ("date", "سه‌شنبه")],
        "ar-2": [("actor", "الرئيس الروسي فلاديمير بوتين"), ("actor", "دونالد ترامب"),
                 ("date", "اليوم")],
        "ar-3": [("actor", "الكرملين"), ("topic", "سوريا")],
        "fa-4": [],
    },
    "sara": {
        "fa-1": [("actor", "ولادیمیر پوتین"), ("actor", "دونالد ترامپ")],
        "ar-2": [("actor", "فلاديمير بوتين"), ("topic", "دونالد ترامب"),
                 ("date", "اليوم")],
        "ar-3": [("actor", "الكرملين"), ("actor", "بوتين"), ("topic", "سوريا")],
    },
    "reza": {
        "fa-1": [("actor", "پوتین"), ("date", "روز سه‌شنبه")],
        "ar-2": [("actor", "الرئيس الروسي فلاديمير بوتين")],
        "en-5": [("actor", "Putin"), ("actor", "Trump"), ("topic", "Syria")],
    },
}  # fmt: skip


def build(path: Path) -> None:
    """Three annotators over five documents: matches exact and overlapping, other labels,
    a document one annotator did alone, one done with nothing to mark, a label nobody used."""
    with Project.open(path) as project:
        ids = {}
        with project.transaction():
            for ext_id, (title, lang, text) in DOCS.items():
                new = NewDocument(ext_id, title, lang, text, text, None, "none", {}, "test")
                ids[ext_id] = project.documents.add(new)
        for name, docs in WORK.items():
            service = AnnotationService(project, name)
            for ext_id, spans in docs.items():
                text = DOCS[ext_id][2]
                for label, words in spans:
                    start = text.index(words)
                    service.add_span(ids[ext_id], label, start, start + len(words))
                service.set_status(ids[ext_id], Status.DONE)


# golden name -> the command's choice of annotators and labels
CASES = {
    "team": ("--annotators", "ali", "sara", "reza"),
    # nobody marked a claim: every figure undefined, each with its reason
    "undefined": ("--annotators", "ali", "reza", "--labels", "claim"),
}


def agreement(path: Path, case: str, fmt: str) -> str:
    code, out, err = run("agreement", "--project", str(path), *CASES[case], "--format", fmt)
    assert code == 0, err
    return out


@pytest.fixture
def team(tmp_path: Path) -> Path:
    path = tmp_path / "team.seedproj"
    build(path)
    return path


def _walk(new: object, old: object, where: str = "report") -> None:
    """Field by field, so a difference names its place instead of failing on a whole blob."""
    assert type(new) is type(old), where
    if isinstance(old, dict):
        assert isinstance(new, dict)
        assert list(new) == list(old), f"{where}: keys or their order"
        for key in old:
            _walk(new[key], old[key], f"{where}.{key}")
    elif isinstance(old, list):
        assert isinstance(new, list)
        assert len(new) == len(old), where
        for i, (x, y) in enumerate(zip(new, old, strict=True)):
            _walk(x, y, f"{where}[{i}]")
    else:
        assert new == old, where


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_json_report_is_the_one_scripts_read_before(team: Path, case: str) -> None:
    out = agreement(team, case, "json")
    golden = (GOLDEN / f"{case}.json").read_text(encoding="utf-8")
    _walk(json.loads(out), json.loads(golden))
    assert out == golden  # and byte for byte: the same floats, the same indentation


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_csv_is_unchanged(team: Path, case: str) -> None:
    assert agreement(team, case, "csv") == (GOLDEN / f"{case}.csv").read_text(encoding="utf-8")


def test_the_table_is_unchanged(team: Path) -> None:
    assert agreement(team, "team", "table") == (GOLDEN / "team.txt").read_text(encoding="utf-8")


def test_the_table_says_why_alpha_u_is_not_defined(team: Path) -> None:
    # The reason sat under "alpha_unitizing.overall" and the table asked for
    # "alpha_unitizing": it printed "not defined" without a why.
    assert (
        "Krippendorff's alpha_U (characters): not defined (no label has a defined alpha_U "
        "on the documents every annotator did)"
    ) in agreement(team, "undefined", "table")
