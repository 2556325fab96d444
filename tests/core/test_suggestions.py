"""Suggestions: registry aliases, repeats of tagged text, and dates; decided ones stay gone."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.learn.crf import Prediction
from annotator.core.model import Span
from annotator.core.services.actors import ActorRegistry
from annotator.core.services.annotations import AnnotationService
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.services.suggestions import Patterns, Suggester, under
from annotator.core.store.project import Project
from annotator.core.text.repeats import Repeats

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


def _repeats(project: Project, doc, label: str = "actor") -> list[tuple[str, int, str]]:
    """(word the suggestion sits in, where in the word it starts, its text), reading order;
    every one with `label`."""
    out = []
    for s in Suggester(project, "sara").for_document(doc):
        if s.source != "repeat":
            continue
        assert doc.text[s.start : s.end] == s.text and s.label == label
        word_start = max(doc.text.rfind(" ", 0, s.start), doc.text.rfind("\n", 0, s.start)) + 1
        word_end = min(i for i in (doc.text.find(" ", s.end), len(doc.text)) if i >= 0)
        out.append((doc.text[word_start:word_end], s.start - word_start, s.text))
    return out


def test_a_tagged_name_is_proposed_behind_arabic_proclitics_as_the_whole_word(project, tmp_path):
    """«وبوتين», «لبوتين», «بالكرملين», «للكرملين»: Arabic writes و ف ب ل ك onto the next
    word. The analyst who tagged «بوتين» is shown those words whole, clitic included, as a
    selection there snaps and as the model tags tokens. Never a word that only contains
    the name (a suffix after it, a letter before it that is no clitic), nor in Persian,
    whose و stands apart and whose ب is a verb's prefix."""
    docs = _articles(project, tmp_path, {
        "tagged": ("ar", "قال بوتين إن الكرملين مستعد"),
        "ar": ("ar", "وبوتين فبوتين لبوتين كبوتين وببوتين فلبوتين بوتينا عبوتين "
                     "وبالكرملين للكرملين والكرملين فللكرملين كالكرملين لالكرملين بوتين"),
        "fa": ("fa", "بوتین گفت و ببوتین وبوتین"),
    })  # fmt: skip
    _tag(project, docs["tagged"], "بوتين")
    _tag(project, docs["tagged"], "الكرملين")
    words = ["وبوتين", "فبوتين", "لبوتين", "كبوتين", "وببوتين", "فلبوتين", "وبالكرملين",
             "للكرملين", "والكرملين", "فللكرملين", "كالكرملين", "لالكرملين", "بوتين"]  # fmt: skip
    assert _repeats(project, docs["ar"]) == [(word, 0, word) for word in words]
    assert _repeats(project, docs["fa"]) == [("بوتین", 0, "بوتین")]  # ي/ی: the same name


def test_proclitics_never_cut_a_tagged_word_or_a_short_one(project, tmp_path):
    """A word the analyst tagged whole is proposed with its own label, even when its first
    letter could be a clitic (بكين, Beijing, beside a tagged «كين»); a name of three letters
    or fewer is not proposed behind a clitic («وكين»), nor a two-letter text inside a word
    (كان = ك + ان)."""
    docs = _articles(project, tmp_path, {
        "tagged": ("ar", "زار كين بكين مع ان"),
        "other": ("ar", "قال بكين كان وكين"),
    })  # fmt: skip
    for word in ("كين", "ان"):
        _tag(project, docs["tagged"], word)
    _tag(project, docs["tagged"], "بكين", "topic")
    assert _repeats(project, docs["other"], "topic") == [("بكين", 0, "بكين")]


def test_common_words_behind_a_clitic_are_not_proposed_as_a_short_name(project, tmp_path):
    """«بحسن نية» (in good faith), «بعمر 30 عاما» (aged 30), «بعون الله» (with God's help),
    «فعلي» (actual): Arabic prose is full of ب/ف/و + a common word that is also a short
    name. The analyst who tagged «حسن», «عمر», «عون», «علي» is not shown them; the names
    themselves still are."""
    docs = _articles(project, tmp_path, {
        "tagged": ("ar", "قال حسن و عمر و عون و علي"),
        "other": ("ar", "تعهد بحسن نية وتوفي رجل بعمر 30 عاما بعون الله في تطبيق فعلي "
                        "وقال عمر"),
    })  # fmt: skip
    for name in ("حسن", "عمر", "عون", "علي"):
        _tag(project, docs["tagged"], name)
    assert _repeats(project, docs["other"]) == [("عمر", 0, "عمر")]


def test_the_preposition_ala_is_not_proposed_as_a_tagged_ali(project, tmp_path):
    """In Arabic «على» (on, one of the commonest words) and «علي» (Ali) are two words: ى is
    not ي there, as ة is not ه. A tagged «علي» is proposed at «علي», never at «على» or
    «وعلى»; a Persian article, which writes ی for both, still has it as «علی». A name
    ending in ى, «موسى», is found as it is written."""
    docs = _articles(project, tmp_path, {
        "tagged": ("ar", "قال علي إن موسى"),
        "other": ("ar", "وقع الهجوم على المدينة وعلى الحدود وقال علي وموسى"),
        "fa": ("fa", "علی گفت موسی"),
    })  # fmt: skip
    _tag(project, docs["tagged"], "علي")
    _tag(project, docs["tagged"], "موسى")
    assert _repeats(project, docs["other"]) == [("علي", 0, "علي"), ("وموسى", 0, "وموسى")]
    assert _repeats(project, docs["fa"]) == [("علی", 0, "علی"), ("موسی", 0, "موسی")]


def test_a_heh_spelling_of_a_tagged_phrase_does_not_hide_a_tagged_name_in_it(project, tmp_path):
    """Arabic news often writes ة as ه («حركه حماس»). The analyst tagged «حركة حماس» and
    «حماس»: in Arabic «حركه» is not «حركة», so the phrase is not proposed, and the
    «حماس» inside it still is."""
    docs = _articles(project, tmp_path, {
        "tagged": ("ar", "قالت حركة حماس إن حماس"),
        "other": ("ar", "قالت حركه حماس إن"),
    })  # fmt: skip
    _tag(project, docs["tagged"], "حركة حماس")
    start = docs["tagged"].text.rindex("حماس")
    AnnotationService(project, "sara").add_span(docs["tagged"].id, "actor", start, start + 4)
    assert _repeats(project, docs["other"]) == [("حماس", 0, "حماس")]


def test_a_rejected_repeat_stays_rejected_when_another_spelling_is_tagged(project, tmp_path):
    """N rejects a suggestion for good. The label a repeat is proposed with is the one its
    spellings were given most, so tagging the Persian «بوتین» as a topic in two Persian
    articles turns the Arabic «بوتين»'s label to topic: the place rejected as an actor
    stays without a suggestion."""
    docs = _articles(project, tmp_path, {
        "tagged": ("ar", "قال بوتين"),
        "d": ("ar", "التقى بوتين الوفد"),
        "e": ("ar", "وصل بوتين"),
        "fa1": ("fa", "بوتین گفت"),
        "fa2": ("fa", "بوتین رفت"),
    })  # fmt: skip
    _tag(project, docs["tagged"], "بوتين")
    [first] = Suggester(project, "sara").for_document(docs["d"])
    assert (first.source, first.label, first.text) == ("repeat", "actor", "بوتين")
    project.suggestions.decide(docs["d"].id, "sara", first.key, "repeat", "rejected")
    assert Suggester(project, "sara").for_document(docs["d"]) == []
    _tag(project, docs["fa1"], "بوتین", "topic")
    _tag(project, docs["fa2"], "بوتین", "topic")
    assert _repeats(project, docs["e"], "topic") == [("بوتين", 0, "بوتين")]  # it did turn
    assert Suggester(project, "sara").for_document(docs["d"]) == []


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
        ("والكرمـلين", 0, "والكرمـلين"),
        ("انقرة", 0, "انقرة"),
        ("بوتينُ", 0, "بوتينُ"),  # the harakah on its last letter goes with the name
    ]


def test_a_rejected_repeat_leaves_the_date_suggestion_at_its_place(project, tmp_path):
    """Rejecting the repeat rule's «topic» at a place says nothing of the date rule's
    suggestion there, with its value: it was hidden behind the repeat, and the rejection
    kept it hidden for good."""
    docs = _articles(project, tmp_path, {
        "tagged": ("fa", "سالگرد ۱۵ خرداد ۱۳۴۲ برگزار شد"),
        "d": ("fa", "در ۱۵ خرداد ۱۳۴۲ قیام شد"),
    })  # fmt: skip
    _tag(project, docs["tagged"], "۱۵ خرداد ۱۳۴۲", "topic")
    [first] = Suggester(project, "sara").for_document(docs["d"])
    assert (first.source, first.label) == ("repeat", "topic")
    project.suggestions.decide(docs["d"].id, "sara", first.key, "repeat", "rejected")
    [after] = Suggester(project, "sara").for_document(docs["d"])
    assert (after.source, after.label, after.start, after.end) == (
        "date",
        "date",
        first.start,
        first.end,
    )


def test_a_long_name_tagged_in_persian_is_proposed_where_arabic_ends_it_with_alef_maqsura(
    project, tmp_path
):
    """Persian writes the final ى of «مصطفى», «موسى», «يحيى» as ی: a name tagged in a Persian
    article is the same name in an Arabic one. A short word keeps them apart: «على» (on) is
    never a tagged «علی»/«علي» (Ali)."""
    docs = _articles(project, tmp_path, {
        "fa": ("fa", "مصطفی و علی رفتند"),
        "ar": ("ar", "قال مصطفى على الهاتف"),
    })  # fmt: skip
    _tag(project, docs["fa"], "مصطفی")
    _tag(project, docs["fa"], "علی")
    assert _repeats(project, docs["ar"]) == [("مصطفى", 0, "مصطفى")]


# -- the filter: over a span, decided, or where a more trusted source proposes ----------------


class _Thresholds:
    """The model part of a Suggester given its predictions beforehand: only thresholds."""

    def threshold(self, _label: str) -> float:
        return 0.0


def _spans_at(doc, places: list[tuple[int, int]]) -> list[Span]:
    return [
        Span(i, doc.id, "sara", "actor", s, e, doc.text[s:e]) for i, (s, e) in enumerate(places)
    ]


def _suggester(project: Project, predictions: list[Prediction]) -> Suggester:
    nothing = Patterns({}, None, Repeats.build([]))
    return Suggester(project, "sara", nothing, _Thresholds(), predictions)


places = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 8)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=30,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(proposed=places, tagged=places, later=places)
def test_a_suggestion_is_dropped_exactly_where_a_span_or_an_earlier_one_overlaps_it(
    project, tmp_path, proposed, tagged, later
):
    """Spans may overlap one another; the suggestions come in order of trust, and the
    first one at a place claims it."""
    doc = _articles(project, tmp_path, {"a": ("en", "x" * 80)})["a"]
    label = sorted(project.labels.names())[0]
    predictions = [Prediction(s, e, label, doc.text[s:e], 0.9) for s, e in proposed]
    spans = _spans_at(doc, tagged)

    def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return a[0] < b[1] and b[0] < a[1]

    claimed: list[tuple[int, int]] = []
    for where in proposed:
        if not any(overlap(where, t) for t in tagged + claimed):
            claimed.append(where)
    found = _suggester(project, predictions).for_document(doc, spans)
    assert [(s.start, s.end) for s in found] == sorted(claimed)
    # Tags made since (`later`) take off the screen at once the ones they overlap.
    assert under(found, _spans_at(doc, later)) == [
        s for s in found if any(overlap((s.start, s.end), t) for t in later)
    ]


def test_a_long_articles_suggestions_cost_in_proportion_to_its_length(project, tmp_path):
    """Each suggestion was compared with every span and every suggestion kept before it:
    a 200,000-character article took 1.6 s to 20 s, frozen, per tag."""

    def cpu(words: int) -> float:
        text = " ".join(f"w{i:05d}" for i in range(words))
        doc = _articles(project, tmp_path, {f"n{words}": ("en", text)})[f"n{words}"]
        label = sorted(project.labels.names())[0]
        starts = range(0, len(text), 7)  # every word proposed, every tenth one tagged
        predictions = [Prediction(s, s + 6, label, text[s : s + 6], 0.9) for s in starts]
        spans = _spans_at(doc, [(s, s + 6) for s in starts[::10]])
        suggester = _suggester(project, predictions)
        times = []
        for _ in range(3):
            began = time.process_time()
            found = suggester.for_document(doc, spans)
            times.append(time.process_time() - began)
        assert len(found) == len(starts) - len(spans)
        return min(times)

    small, large = cpu(1_500), cpu(12_000)  # 8 times the words
    assert large < 20 * small, (small, large)  # quadratic was ~60 times
