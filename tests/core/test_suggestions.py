"""Suggestions: registry aliases, repeats of tagged text, and dates; decided ones stay gone."""

from __future__ import annotations

import json

import pytest

from annotator.core.services.actors import ActorRegistry
from annotator.core.services.annotations import AnnotationService
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.services.suggestions import Suggester
from annotator.core.store.project import Project

from ..conftest import SEEDS
from .test_cli import run

ARABIC = "002_4dcc44e69668bede"


@pytest.fixture
def seeded(project: Project) -> Project:
    Importer(project).run([SEEDS / f"{ARABIC}.txt"], ImportOptions(normalize=False))
    ActorRegistry(project).add("Vladimir Putin", ["بوتين", "فلاديمير بوتين"])
    return project


def _doc(project: Project):
    return project.documents.get(project.documents.key_by_ext_id(ARABIC).id)


def test_registry_repeats_and_dates_are_proposed_and_never_over_a_tag(seeded):
    doc = _doc(seeded)
    service = AnnotationService(seeded, "sara")
    start = doc.text.index("الكرملين")
    service.add_span(doc.id, "actor", start, start + len("الكرملين"))
    found = Suggester(seeded, "sara").for_document(doc)
    by_source: dict[str, list] = {}
    for s in found:
        by_source.setdefault(s.source, []).append(s)
        assert doc.text[s.start : s.end] == s.text
    putin = by_source["registry"]
    covered = {i for s in putin for i in range(s.start, s.end)}
    starts = [i for i in range(len(doc.text)) if doc.text.startswith("بوتين", i)]
    assert all(i in covered for i in starts)  # every Putin in the article is proposed
    assert {s.attrs["actor"] for s in putin} == {"Vladimir Putin"}
    kremlin = by_source["repeat"]
    assert {(s.text, s.label) for s in kremlin} == {("الكرملين", "actor")}
    assert len(kremlin) == doc.text.count("الكرملين") - 1  # not over the one already tagged
    dates = {s.text: s.attrs for s in by_source["date"]}
    assert dates["الثلاثاء، ٢١ نوفمبر ٢٠١٧"]["value"] == "2017-11-21"
    assert dates["12 شباط عام 2015"]["value"] == "2015-02-12"
    assert any(a.get("suggested_value") == "2017-11-11" for a in dates.values())


def test_a_rejected_suggestion_does_not_come_back_and_rates_are_counted(seeded):
    doc = _doc(seeded)
    suggester = Suggester(seeded, "sara")
    first, second = suggester.for_document(doc)[:2]
    with seeded.transaction():
        seeded.suggestions.decide(doc.id, "sara", first.key, first.source, "rejected")
        seeded.suggestions.decide(doc.id, "sara", second.key, second.source, "accepted")
    again = {s.key for s in Suggester(seeded, "sara").for_document(doc)}
    assert first.key not in again and second.key not in again
    rates = seeded.suggestions.rates("sara")
    assert sum(a for a, _ in rates.values()) == 1 and sum(r for _, r in rates.values()) == 1


def test_annotator_suggest_writes_jsonl_for_scripts(seeded, tmp_path):
    out = tmp_path / "suggestions.jsonl"
    code, stdout, err = run(
        "suggest", "--project", str(seeded.path), "--annotator", "sara", "--out", str(out)
    )
    assert code == 0, err
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line["id"] == ARABIC and line["annotator"] == "sara"
    sources = {s["source"] for s in line["suggestions"]}
    assert sources == {"registry", "date"}  # sara tagged nothing yet: no repeats
    dated = [s for s in line["suggestions"] if s["source"] == "date"]
    assert all("calendar" in s["attrs"] for s in dated)
    assert f"Wrote {len(line['suggestions'])} suggestion(s)" in stdout
