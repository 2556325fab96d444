"""The actor registry: one canonical actor for every spelling, linked as spans are made."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.services.actors import ActorRegistry
from annotator.core.services.annotations import AnnotationService
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

from ..conftest import SEEDS
from .test_cli import run

REGISTRY = [
    {"name": "Vladimir Putin", "aliases": ["پوتین", "ولادیمیر پوتین", "بوتين", "فلاديمير بوتين"]},
    {"name": "Donald Trump", "aliases": ["ترامپ", "دونالد ترامپ", "ترامب", "دونالد ترامب"]},
    {"name": "Kremlin", "aliases": ["کرملین", "الكرملين"]},
]


@pytest.fixture
def seeded(project: Project, persian, tmp_path: Path) -> Project:
    Importer(project, persian).run([SEEDS], ImportOptions())
    path = tmp_path / "actors.json"
    path.write_text(json.dumps(REGISTRY, ensure_ascii=False), encoding="utf-8")
    assert ActorRegistry(project).import_file(path) == 3
    return project


def _tag_all(project: Project, word: str) -> list[dict]:
    """Tag every occurrence of `word` in every seed as an actor, as an analyst would."""
    service = AnnotationService(project, "sara")
    attrs = []
    for doc in project.documents.iter_all():
        start = doc.text.find(word)
        while start != -1:
            attrs.append(service.add_span(doc.id, "actor", start, start + len(word)).span.attrs)
            start = doc.text.find(word, start + len(word))
    return attrs


def test_putin_and_trump_in_both_scripts_link_to_one_actor_each(seeded):
    putin = _tag_all(seeded, "پوتین") + _tag_all(seeded, "بوتين")
    trump = _tag_all(seeded, "ترامپ") + _tag_all(seeded, "ترامب")
    assert len(putin) > 10 and len(trump) > 10  # both scripts, several articles
    assert {a["actor"] for a in putin} == {"Vladimir Putin"}
    assert {a["actor"] for a in trump} == {"Donald Trump"}
    assert len({a["actor_id"] for a in putin} | {a["actor_id"] for a in trump}) == 2


def test_aliases_match_after_folding_yeh_kaf_and_zwnj(seeded):
    registry = ActorRegistry(seeded)
    assert registry.match("الکرملین").name == "Kremlin"  # Persian kaf for Arabic ك
    assert registry.match("ولادیمیر\u200cپوتین") is None  # a ZWNJ is not a space
    registry.add("Vladimir Putin", ["ولادیمیرپوتین"])
    assert registry.match("ولادیمیر\u200cپوتین").name == "Vladimir Putin"  # ZWNJ folded


def test_a_new_actor_from_a_span_in_one_step_and_export_carries_it(seeded, tmp_path):
    registry = ActorRegistry(seeded)
    actor = registry.resolve_typed("Bashar al-Assad", "بشار الأسد")
    assert actor.aliases == ("Bashar al-Assad", "بشار الأسد")
    again = registry.resolve_typed("بشار الأسد", "الأسد")  # a known alias: the same actor
    assert again.id == actor.id and "الأسد" in again.aliases
    doc = next(d for d in seeded.documents.iter_all() if "الأسد" in d.text)
    AnnotationService(seeded, "sara").add_span(doc.id, "actor", *_find(doc.text, "الأسد"))
    out = tmp_path / "out.jsonl"
    code, _, err = run("export", "--project", str(seeded.path), "--out", str(out))
    assert code == 0, err
    spans = [s for line in out.read_text("utf-8").splitlines() for s in json.loads(line)["spans"]]
    assert {(s["attrs"]["actor"], s["attrs"]["actor_id"]) for s in spans} == {
        ("Bashar al-Assad", actor.id)
    }


def _find(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def test_registry_round_trips_through_csv_and_json_from_the_command_line(seeded, tmp_path):
    code, out, _ = run("actors", "export", "--format", "csv", "--project", str(seeded.path))
    assert code == 0
    csv_file = tmp_path / "actors.csv"
    csv_file.write_text(out, encoding="utf-8")
    fresh = tmp_path / "fresh.seedproj"
    Project.open(fresh).close()
    code, out, err = run("actors", "import", str(csv_file), "--project", str(fresh))
    assert code == 0 and "Read 3 actor(s)" in out, err
    code, out, _ = run("actors", "export", "--project", str(fresh))
    names = {a["name"]: set(a["aliases"]) for a in json.loads(out)}
    assert names["Vladimir Putin"] >= {"پوتین", "بوتين", "Vladimir Putin"}


def test_a_bad_registry_file_is_named_and_nothing_is_added(project, tmp_path):
    bad = tmp_path / "actors.csv"
    bad.write_text("name,aliases\nPutin,پوتین\n,بوتين\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"actors.csv:3: a row without a name"):
        ActorRegistry(project).import_file(bad)
    assert project.actors.all() == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # nesting past any sane depth: it was "…seedproj: holds data nested too deeply"
        ("actors.json", "[" * 5000 + "]" * 5000, r"actors.json:1: not valid JSON \(depth"),
        # a lone surrogate: a UnicodeEncodeError traceback when SQLite stored the name
        ("actors.json", '[{"name": "Putin"},\n{"name": "\\ud800"}]', r"actors.json:2: not valid"),
        # a field past csv's 128 KiB limit (where nothing raised it): a _csv.Error traceback
        ("actors.csv", "name,aliases\nPutin,پوتین\n\"" + "x" * 140_000 + "\",\n",
         r"actors.csv:\d+: not valid CSV \(field larger than field limit"),
        ("actors.csv", "\"" + "x" * 140_000 + "\",name\nPutin\n",
         r"actors.csv:1: not valid CSV \(field larger than field limit"),
    ],
    ids=["nested", "surrogate", "huge-field", "huge-header"],
)  # fmt: skip
def test_a_hostile_registry_file_is_named_with_its_line_and_nothing_is_added(
    project, tmp_path, name, content, message
):
    import csv

    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    limit = csv.field_size_limit(131_072)  # csv's default, as where no format module raised it
    try:
        with pytest.raises(InputError, match=message):
            ActorRegistry(project).import_file(bad)
    finally:
        csv.field_size_limit(limit)
    assert project.actors.all() == []
