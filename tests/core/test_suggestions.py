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


def _articles(project: Project, tmp_path, articles: dict[str, tuple[str, str]]) -> dict:
    """Documents as an import makes them, by id: {id: (lang, text)}."""
    source = tmp_path / "articles.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": ext, "text": text, "lang": lang}, ensure_ascii=False) + "\n"
            for ext, (lang, text) in articles.items()
        ),
        encoding="utf-8",
    )
    Importer(project).run([source], ImportOptions(format="jsonl", normalize=False))
    return {ext: project.documents.get(project.documents.key_by_ext_id(ext).id) for ext in articles}


def _tag(project: Project, doc, word: str, label: str = "actor") -> None:
    start = doc.text.index(word)
    AnnotationService(project, "sara").add_span(doc.id, label, start, start + len(word))


def _repeats(project: Project, doc) -> list[tuple[str, int, str]]:
    """(word the suggestion sits in, where in the word it starts, its text), reading order."""
    out = []
    for s in Suggester(project, "sara").for_document(doc):
        if s.source != "repeat":
            continue
        assert doc.text[s.start : s.end] == s.text and s.label == "actor"
        word_start = max(doc.text.rfind(" ", 0, s.start), doc.text.rfind("\n", 0, s.start)) + 1
        word_end = min(i for i in (doc.text.find(" ", s.end), len(doc.text)) if i >= 0)
        out.append((doc.text[word_start:word_end], s.start - word_start, s.text))
    return out


def test_a_tagged_name_is_proposed_behind_arabic_proclitics_and_covers_the_name_only(
    project, tmp_path
):
    """«وبوتين», «لبوتين», «بالكرملين»: Arabic writes و ف ب ل ك onto the next word. The
    analyst who tagged «بوتين» is shown the name in them, without the clitic; «للكرملين»
    (ل + الكرملين, the article's alef dropped) from the article's lam. Never inside a word
    that only contains the name (a suffix after it, a letter before it that is no clitic),
    nor in Persian, whose و stands apart and whose ب is a verb's prefix."""
    docs = _articles(project, tmp_path, {
        "tagged": ("ar", "قال بوتين إن الكرملين مستعد"),
        "ar": ("ar", "وبوتين فبوتين لبوتين كبوتين وببوتين فلبوتين بوتينا عبوتين "
                     "وبالكرملين للكرملين والكرملين فللكرملين كالكرملين لالكرملين بوتين"),
        "fa": ("fa", "بوتین گفت و ببوتین وبوتین"),
    })  # fmt: skip
    _tag(project, docs["tagged"], "بوتين")
    _tag(project, docs["tagged"], "الكرملين")
    assert _repeats(project, docs["ar"]) == [
        ("وبوتين", 1, "بوتين"),
        ("فبوتين", 1, "بوتين"),
        ("لبوتين", 1, "بوتين"),
        ("كبوتين", 1, "بوتين"),
        ("وببوتين", 2, "بوتين"),
        ("فلبوتين", 2, "بوتين"),
        ("وبالكرملين", 2, "الكرملين"),
        ("للكرملين", 1, "لكرملين"),
        ("والكرملين", 1, "الكرملين"),
        ("فللكرملين", 2, "لكرملين"),
        ("كالكرملين", 1, "الكرملين"),
        ("لالكرملين", 1, "الكرملين"),
        ("بوتين", 0, "بوتين"),
    ]
    assert _repeats(project, docs["fa"]) == [("بوتین", 0, "بوتین")]  # ي/ی: the same name


def test_proclitics_never_cut_a_tagged_word_or_a_short_one(project, tmp_path):
    """A word the analyst tagged whole is proposed whole, even when its first letter could
    be a clitic (بكين, Beijing, beside a tagged «كين»); two-letter texts are too short to
    be told from the rest of a word (كان = ك + ان)."""
    docs = _articles(project, tmp_path, {
        "tagged": ("ar", "زار كين بكين مع ان"),
        "other": ("ar", "قال بكين كان وكين"),
    })  # fmt: skip
    for word in ("كين", "بكين", "ان"):
        _tag(project, docs["tagged"], word)
    assert _repeats(project, docs["other"]) == [("بكين", 0, "بكين"), ("وكين", 1, "كين")]


def test_persian_and_arabic_spellings_of_a_tagged_name_are_proposed(project, tmp_path):
    """ي/ی, ك/ک, أ/ا, ة/ه, harakat and tatweel: the same name written by another hand. ة and
    ه stay apart in Arabic, where they tell words apart («حماة» the city, «حماه» protected
    him); a Persian article writes every ة as ه."""
    docs = _articles(project, tmp_path, {
        "tagged": ("ar", "أنقرة و حماة و الكرملين و رئيسي و بوتين"),
        "fa": ("fa", "انقره و حماه و کرملین؛ رئیسی"),
        "ar": ("ar", "بُوتِين والكرمـلين وحماه انقرة بوتينُ"),
    })  # fmt: skip
    for word in ("أنقرة", "حماة", "الكرملين", "رئيسي", "بوتين"):
        _tag(project, docs["tagged"], word)
    assert _repeats(project, docs["fa"]) == [
        ("انقره", 0, "انقره"),
        ("حماه", 0, "حماه"),
        ("رئیسی", 0, "رئیسی"),
    ]
    assert _repeats(project, docs["ar"]) == [
        ("بُوتِين", 0, "بُوتِين"),
        ("والكرمـلين", 1, "الكرمـلين"),
        ("انقرة", 0, "انقرة"),
        ("بوتينُ", 0, "بوتينُ"),  # the harakah on its last letter goes with the name
    ]
