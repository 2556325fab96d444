"""Exports split by document into train/dev/test files, from the command line."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.store.project import Project

from .test_cli import run


def _project(tmp_path: Path, docs: int = 40) -> Path:
    """40 Arabic articles; sara and reza both annotated every one; every 8th has a claim."""
    path = tmp_path / "p.seedproj"
    with Project.open(path) as project, project.transaction():
        for i in range(docs):
            text = f"قال بوتين في الخبر رقم {i}"
            doc_id = project.documents.add(
                NewDocument(f"d{i:02d}", f"t{i}", "ar", text, text, None, "none", {}, "x")
            )
            label = "claim" if i % 8 == 0 else "actor"
            for who in ("sara", "reza"):
                project.spans.add(doc_id, who, NewSpan(label, 4, 9, "بوتين"))
                project.status.set(doc_id, who, Status.DONE)
    return path


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_split_by_document_is_exact_reproducible_and_keeps_annotators_together(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "gold.jsonl"
    args = ["export", "--project", str(project), "--out", str(out)]
    code, stdout, err = run(*args, "--split", "train=0.8,dev=0.1,test=0.1", "--seed", "5")
    assert code == 0, err
    assert "Split: train 32, dev 4, test 4" in stdout
    parts = {name: _lines(tmp_path / f"gold.{name}.jsonl") for name in ("train", "dev", "test")}
    assert not out.exists()
    ids = {name: {line["id"] for line in lines} for name, lines in parts.items()}
    assert {name: len(v) for name, v in ids.items()} == {"train": 32, "dev": 4, "test": 4}
    assert not (ids["train"] & ids["dev"] or ids["train"] & ids["test"] or ids["dev"] & ids["test"])
    for lines in parts.values():  # both annotators' lines of a document stay together
        assert Counter(line["id"] for line in lines) == {i: 2 for i in {x["id"] for x in lines}}
    first = {n: (tmp_path / f"gold.{n}.jsonl").read_bytes() for n in parts}
    code, _, err = run(*args, "--split", "train=0.8,dev=0.1,test=0.1", "--seed", "5")
    assert {n: (tmp_path / f"gold.{n}.jsonl").read_bytes() for n in parts} == first


def test_stratified_split_puts_the_rare_label_in_every_split(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "gold.jsonl"
    code, _, err = run(
        "export", "--project", str(project), "--out", str(out), "--annotator", "sara",
        "--split", "train=0.5,dev=0.25,test=0.25", "--stratify",
    )  # fmt: skip
    assert code == 0, err
    for name in ("train", "dev", "test"):
        labels = {
            s["label"] for line in _lines(tmp_path / f"gold.{name}.jsonl") for s in line["spans"]
        }
        assert "claim" in labels, name


def test_a_bad_split_is_refused_before_anything_is_written(tmp_path):
    project = _project(tmp_path, docs=4)
    out = tmp_path / "gold.jsonl"
    code, _, err = run(
        "export", "--project", str(project), "--out", str(out), "--split", "train=0.8,dev=0.1"
    )
    assert code == 1 and "add up to 0.9" in err
    assert list(tmp_path.glob("gold*")) == []
