"""A lead's review from the command line: gather analysts' exports, measure agreement,
adjudicate, export gold. Each analyst works in their own project, as in real life."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from annotator.core.model import GOLD, Status
from annotator.core.services.adjudication import AdjudicationService
from annotator.core.services.annotations import AnnotationService
from annotator.core.store.project import Project

from ..conftest import SEEDS
from .test_cli import run

ARABIC = "002_4dcc44e69668bede"
OTHER = "003_6c9d2ad5135a3d1c"
WORDS = {"ali": ["بوتين", "ترامب"], "sara": ["بوتين", "ترامب"], "reza": ["بوتين", "الأسد"]}


def _analyst(tmp_path: Path, name: str, words: list[str]) -> Path:
    """An analyst's own project: the two articles, their actors, both documents done."""
    path = tmp_path / f"{name}.seedproj"
    code, _, err = run(
        "import", str(SEEDS / f"{ARABIC}.txt"), str(SEEDS / f"{OTHER}.txt"), "--project", str(path)
    )
    assert code == 0, err
    with Project.open(path) as project:
        service = AnnotationService(project, name)
        for ext_id in (ARABIC, OTHER):
            doc = project.documents.get(project.documents.key_by_ext_id(ext_id).id)
            if ext_id == ARABIC:
                for word in words:
                    start = doc.text.index(word)
                    service.add_span(doc.id, "actor", start, start + len(word))
            service.set_status(doc.id, Status.DONE)  # OTHER: read, nothing to mark
    out = tmp_path / f"{name}.jsonl"
    code, _, err = run("export", "--project", str(path), "--annotator", name, "--out", str(out))
    assert code == 0, err
    return out


@pytest.fixture
def lead(tmp_path: Path) -> Path:
    files = [_analyst(tmp_path, name, words) for name, words in WORDS.items()]
    path = tmp_path / "lead.seedproj"
    code, _, err = run("import", *map(str, files), "--project", str(path))
    assert code == 0, err
    return path


def test_the_lead_gathers_each_analysts_spans_under_their_name(lead):
    with Project.open(lead, create=False) as project:
        assert project.documents.count() == 2  # matched by id: no duplicates
        doc_id = project.documents.key_by_ext_id(ARABIC).id
        by_name = {
            name: sorted(s.text for s in project.spans.for_document(doc_id, name)) for name in WORDS
        }
        other = project.documents.key_by_ext_id(OTHER).id
        assert project.status.get(other, "reza") == Status.DONE  # done with no spans
    assert by_name == {name: sorted(words) for name, words in WORDS.items()}


def test_a_newer_file_replaces_the_analysts_spans_and_says_what_changed(lead, tmp_path):
    newer = tmp_path / "reza.jsonl"
    lines = [json.loads(line) for line in newer.read_text(encoding="utf-8").splitlines()]
    arabic = next(line for line in lines if line["id"] == ARABIC)
    arabic["spans"] = [s for s in arabic["spans"] if s["text"] != "الأسد"]  # reza drops Assad
    newer.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    code, out, err = run("import", str(newer), "--project", str(lead))
    assert code == 0, err
    assert "0 added" in out and "1 removed" in out and "1 unchanged" in out
    with Project.open(lead, create=False) as project:
        doc_id = project.documents.key_by_ext_id(ARABIC).id
        assert [s.text for s in project.spans.for_document(doc_id, "reza")] == ["بوتين"]


def test_a_file_whose_text_differs_is_refused_naming_the_document(lead, tmp_path):
    changed = tmp_path / "ali.jsonl"
    lines = [json.loads(line) for line in changed.read_text(encoding="utf-8").splitlines()]
    lines[0]["text"] = lines[0]["text"].replace("سورية", "سوريا", 1)
    lines[0].pop("original_text", None)
    changed.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    with Project.open(lead, create=False) as project:
        before = list(project.db.conn.iterdump())
    code, _, err = run("import", str(changed), "--project", str(lead))
    assert code == 1
    assert f"'{lines[0]['id']}' is already in the project" in err and "ali.jsonl:1" in err
    with Project.open(lead, create=False) as project:
        assert list(project.db.conn.iterdump()) == before


def test_agreement_json_has_the_documented_shape_and_right_figures(lead):
    code, out, err = run(
        "agreement", "--project", str(lead), "--annotators", "ali", "sara", "reza",
        "--labels", "actor", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    assert report["annotators"] == ["ali", "sara", "reza"] and report["documents"] == 2
    pairs = {(p["a"], p["b"]): p for p in report["pairs"]}
    assert set(pairs) == {("ali", "sara"), ("ali", "reza"), ("sara", "reza")}
    assert pairs["ali", "sara"]["f1_exact"]["micro"] == 1.0
    # ali and reza share Putin of two spans each: F1 = 2 * 1 / (2 + 2)
    assert pairs["ali", "reza"]["f1_exact"] == {
        **pairs["ali", "reza"]["f1_exact"],
        "micro": 0.5,
        "per_label": {"actor": 0.5},
    }
    assert 0 < pairs["ali", "reza"]["cohen_kappa"] < 1
    for key in ("fleiss_kappa", "krippendorff_alpha"):
        assert 0 < report[key] < 1
    assert set(report["alpha_unitizing"]) >= {"overall", "per_label"}
    worst = report["documents_by_disagreement"][0]
    assert worst["doc"] == ARABIC and worst["disagreement"] > 0
    assert report["documents_by_disagreement"][1]["disagreement"] == 0  # both empty: agree


def test_agreement_table_and_csv_and_undefined_cases(lead):
    code, out, _ = run("agreement", "--project", str(lead))
    assert code == 0
    assert "ali / sara" in out and "Fleiss' kappa (tokens)" in out and ARABIC in out
    code, out, _ = run("agreement", "--project", str(lead), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    kappa = {
        r["b"]: float(r["value"]) for r in rows if r["metric"] == "cohen_kappa" and r["a"] == "ali"
    }
    assert kappa["sara"] == 1.0 and 0 < kappa["reza"] < 1  # ali and sara marked the same
    code, out, _ = run("agreement", "--project", str(lead), "--annotators", "ali")
    assert code == 0
    assert "No pair to compare" in out
    assert "Fleiss' kappa (tokens): not defined (" in out
    code, _, err = run("agreement", "--project", str(lead), "--annotators", "ali", "nobody")
    assert code == 1 and "no annotator called 'nobody'" in err
    code, _, err = run("agreement", "--project", str(lead), "--labels", "weather")
    assert code == 1 and "no label called 'weather'" in err


def test_adjudicated_gold_exports_only_reviewed_documents_with_provenance(lead, tmp_path):
    with Project.open(lead, create=False) as project:
        arabic = project.documents.key_by_ext_id(ARABIC).id
        service = AdjudicationService(project, "lead", ["ali", "sara", "reza"])
        service.accept_agreed(arabic, min_votes=2)  # Putin (3 of 3) and Trump (2 of 3)
        service.set_reviewed(arabic)
    out = tmp_path / "gold.jsonl"
    code, _, err = run("export", "--project", str(lead), "--annotator", GOLD, "--out", str(out))
    assert code == 0, err
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line["id"] == ARABIC and line["annotator"] == GOLD
    by_text = {s["text"]: s["provenance"] for s in line["spans"]}
    assert sorted(by_text) == ["بوتين", "ترامب"]
    assert by_text["ترامب"]["annotators"] == ["ali", "sara"]
    assert by_text["بوتين"]["decided_by"] == "lead"
