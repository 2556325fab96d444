"""Outside models' predictions: imported into their own table (not as an annotator), shown
as suggestions of source `model:<name>` with their confidence, after the rules, filtered by
a minimum score per label; rejected ones stay gone, and a re-import leaves one copy."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from annotator.core.errors import ImportFailed
from annotator.core.model import NewSpan
from annotator.core.services.actors import ActorRegistry
from annotator.core.services.annotations import AnnotationService
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.services.predicted import set_min_score
from annotator.core.services.suggestions import Suggester
from annotator.core.store.project import Project

from ..conftest import ROOT, SEEDS
from .test_cli import run

LS = ROOT / "tests" / "fixtures" / "label-studio"
ARABIC = "002_4dcc44e69668bede"
# An emoji before the names: Label Studio's UTF-16 offsets are one past the code points.
TEXT = "😀 قال بوتين في القاهرة يوم الثلاثاء إن الاجتماع سيعقد في موسكو."


def _at(word: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def _jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _model_record(predictions: list[dict], **extra: object) -> dict:
    return {"id": "news-1", "text": TEXT, "model": "ner-ar", **extra, "predictions": predictions}


def _p(word: str, label: str, score: float | None = None, **extra: object) -> dict:
    start, end = _at(word)
    item: dict = {"start": start, "end": end, "label": label, **extra}
    if score is not None:
        item["score"] = score
    return item


def _import(project: Project, *paths: Path, **options: object):
    return Importer(project).run(list(paths), ImportOptions(normalize=False, **options))


def _rows(project: Project) -> list[tuple]:
    return project.db.execute(
        "SELECT model, version, char_start, char_end, label, score FROM predictions "
        "ORDER BY char_start, model"
    ).fetchall()


def _suggestions(project: Project, annotator: str = "sara", ext_id: str = "news-1"):
    key = project.documents.key_by_ext_id(ext_id)
    assert key is not None
    return Suggester(project, annotator).for_document(project.documents.get(key.id))


def _annotators_with_spans(project: Project) -> list[str]:
    return [
        r[0]
        for r in project.db.execute(
            "SELECT DISTINCT a.name FROM spans s JOIN annotators a ON a.id = s.annotator_id"
        )
    ]


# --------------------------------------------------------------------------- Label Studio


def test_label_studio_predictions_are_suggestions_not_an_annotator(project: Project) -> None:
    """The editor's example task: one prediction of "model 1" (no score) on February 22."""
    report = _import(project, LS / "lsf-examples/named_entity/tasks.json", add_labels=True)
    assert _annotators_with_spans(project) == []
    assert project.annotators.find("prediction:model 1") is None
    assert report.predictions["model 1"].added == 1
    [(model, version, _start, _end, label, score)] = _rows(project)
    assert (model, version, label, score) == ("model 1", None, "Date", None)
    [(_doc_id, ext_id)] = project.documents.ext_ids()
    [suggestion] = _suggestions(project, ext_id=ext_id)
    assert (suggestion.text, suggestion.label, suggestion.source) == (
        "February 22",
        "Date",
        "model:model 1",
    )
    assert "confidence" not in suggestion.attrs and suggestion.attrs["model"] == "model 1"


def test_label_studio_envelope_keeps_annotations_and_takes_predictions_aside(project):
    """The converter's export: annotations of a person and predictions of "model 0", whose
    results are image boxes (no text span) with a task-level score."""
    report = _import(project, LS / "modern-export-envelope/csv_test.json")
    assert report.added == 2
    assert report.annotators == {"hakan@heartex.com"}
    assert project.annotators.find("prediction:model 0") is None
    assert report.predictions["model 0"].added == 0  # boxes are not text spans
    assert any("rectanglelabels" in w for w in report.warnings)


def test_result_scores_win_over_the_prediction_score_and_utf16_offsets_convert(tmp_path, project):
    def result(word: str, label: str, rid: str, score: float | None = None) -> dict:
        start, end = _at(word)
        value = {"start": start + 1, "end": end + 1, "text": word, "labels": [label]}
        found = {"id": rid, "type": "labels", "from_name": "ner", "to_name": "text",
                 "value": value}  # fmt: skip
        if score is not None:
            found["score"] = score
        return found

    task = {
        "id": 9,
        "data": {"text": TEXT, "id": "news-1"},
        "annotations": [
            {"completed_by": {"email": "ali@example.org"},
             "result": [result("موسكو", "actor", "a1")]}
        ],
        "predictions": [
            {"model_version": "bert-v2", "score": 0.6,
             "result": [result("بوتين", "actor", "r1", 0.97), result("القاهرة", "topic", "r2")]},
            {"model_version": "bert-v2", "score": 0.3,
             "result": [result("القاهرة", "topic", "r3")]},
        ],
    }  # fmt: skip
    path = tmp_path / "ls.json"
    path.write_bytes(orjson.dumps([task]))
    report = _import(project, path)
    assert report.annotators == {"ali@example.org"}
    assert _rows(project) == [
        ("bert-v2", None, *_at("بوتين"), "actor", 0.97),
        ("bert-v2", None, *_at("القاهرة"), "topic", 0.6),  # the surer of the two kept
    ]
    assert report.predictions["bert-v2"].added == 2


# --------------------------------------------------------------------------- our JSONL


def test_jsonl_predictions_with_scores_become_suggestions_after_the_rules(tmp_path, project):
    path = _jsonl(
        tmp_path / "model.jsonl",
        _model_record(
            [_p("بوتين", "actor", 0.91), _p("القاهرة", "topic", 0.4),
             _p("موسكو", "actor"), _p("الثلاثاء", "claim", 0.99)],
            model_version="2024-05",
        ),
    )  # fmt: skip
    report = _import(project, path)
    assert report.added == 1 and report.predictions["ner-ar"].added == 4
    assert _annotators_with_spans(project) == []
    found = {s.text: s for s in _suggestions(project)}
    putin = found["بوتين"]
    assert putin.source == "model:ner-ar" and putin.label == "actor"
    assert putin.attrs == {"confidence": 0.91, "model": "ner-ar", "model_version": "2024-05"}
    assert "confidence" not in found["موسكو"].attrs  # the model gave it no score
    # «يوم الثلاثاء» is a date to the date rules: trusted over the model's overlapping claim.
    assert "الثلاثاء" not in found
    assert (found["يوم الثلاثاء"].source, found["يوم الثلاثاء"].label) == ("date", "date")


def test_a_minimum_score_per_label_hides_less_sure_and_unscored_predictions(tmp_path, project):
    _import(
        project,
        _jsonl(
            tmp_path / "m.jsonl",
            _model_record([_p("بوتين", "actor", 0.91), _p("القاهرة", "topic", 0.4),
                           _p("موسكو", "actor")]),
        ),
    )  # fmt: skip
    set_min_score(project, 0.5, "topic")
    assert {s.text for s in _suggestions(project) if s.source != "date"} == {"بوتين", "موسكو"}
    set_min_score(project, 0.95)  # every label without its own
    assert {s.text for s in _suggestions(project) if s.source != "date"} == set()
    set_min_score(project, None)
    set_min_score(project, None, "topic")
    assert {s.text for s in _suggestions(project) if s.source != "date"} == {
        "بوتين", "القاهرة", "موسكو",
    }  # fmt: skip


def test_reimport_is_idempotent_and_a_new_run_replaces_the_models_predictions(tmp_path, project):
    first = _model_record([_p("بوتين", "actor", 0.9), _p("القاهرة", "topic", 0.5)])
    path = _jsonl(tmp_path / "m.jsonl", first)
    _import(project, path)
    again = _import(project, path)
    assert len(_rows(project)) == 2
    found = again.predictions["ner-ar"]
    assert (found.added, found.removed, found.unchanged) == (0, 0, 2)
    assert again.added == 0 and again.existing == 1
    # The model run again: one prediction dropped, one rescored, one new.
    second = _model_record([_p("بوتين", "actor", 0.8), _p("موسكو", "actor", 0.7)])
    found = _import(project, _jsonl(tmp_path / "m2.jsonl", second)).predictions["ner-ar"]
    assert (found.added, found.removed, found.unchanged) == (2, 2, 0)
    assert [(r[4], r[5]) for r in _rows(project)] == [("actor", 0.8), ("actor", 0.7)]
    # Another model's predictions stand beside them.
    other = dict(_model_record([_p("بوتين", "actor", 0.6)]), model="crf")
    _import(project, _jsonl(tmp_path / "crf.jsonl", other))
    assert sorted({r[0] for r in _rows(project)}) == ["crf", "ner-ar"]
    assert len(_rows(project)) == 3


def test_predictions_map_from_the_original_text_onto_the_stored_one(tmp_path, project):
    """Normalisation drops a stray right-to-left mark: the model's offsets count it."""
    original = "قال\u200f بوتين في القاهرة"
    start = original.index("بوتين")
    record = {"id": "n", "text": original, "model": "m",
              "predictions": [{"start": start, "end": start + 5, "label": "actor"}]}  # fmt: skip
    Importer(project).run([_jsonl(tmp_path / "n.jsonl", record)], ImportOptions(normalize=True))
    doc = project.documents.get(project.documents.key_by_ext_id("n").id)
    assert doc.text != original
    [suggestion] = [s for s in Suggester(project, "sara").for_document(doc)]
    assert suggestion.text == "بوتين" == doc.text[suggestion.start : suggestion.end]


def test_predictions_for_documents_already_in_the_project_match_by_id_or_text(tmp_path, project):
    _import(project, SEEDS / f"{ARABIC}.txt")
    doc = project.documents.get(project.documents.key_by_ext_id(ARABIC).id)
    start, end = _at("الأسد", doc.text)
    by_id = {
        "id": ARABIC,
        "text": doc.text,
        "model": "a",
        "predictions": [{"start": start, "end": end, "label": "actor", "score": 0.7}],
    }
    by_text = {
        "text": doc.text,
        "model": "b",
        "predictions": [{"start": start, "end": end, "label": "actor", "score": 0.6}],
    }
    report = _import(project, _jsonl(tmp_path / "p.jsonl", by_id, by_text))
    assert report.added == 0 and report.existing == 1
    assert {r[0] for r in _rows(project)} == {"a", "b"}


# --------------------------------------------------------------------------- bad records


def test_bad_prediction_records_are_named_by_file_and_line_and_nothing_is_stored(tmp_path, project):
    good = _model_record([_p("بوتين", "actor", 0.9)])
    start, end = _at("بوتين")
    path = _jsonl(
        tmp_path / "bad.jsonl",
        good,
        dict(good, id="2", predictions=[{"start": start, "end": end, "label": "actor",
                                         "score": "high"}]),
        {k: v for k, v in dict(good, id="3").items() if k != "model"},
        dict(good, id="4", predictions=[{"start": 0, "end": 999, "label": "actor"}]),
        dict(good, id="5", predictions=[{"start": start, "end": end, "label": "actor",
                                         "text": "موسكو"}]),
        dict(good, id="6", predictions=[{"start": start, "end": end, "label": "place"}]),
        dict(good, id="7", predictions={"start": start}),
        dict(good, id="8", model="x" * 201),
        dict(good, id="9", predictions=None),
    )  # fmt: skip
    with pytest.raises(ImportFailed) as failed:
        _import(project, path)
    messages = {p.line: p.message for p in failed.value.problems}
    assert all(p.path == str(path) for p in failed.value.problems)
    assert '"score" must be a number' in messages[2]
    assert '"model"' in messages[3]
    assert "fall outside the text" in messages[4]
    assert "says 'موسكو'" in messages[5]
    assert "unknown label 'place'" in messages[6]
    assert '"predictions" must be a list' in messages[7]
    assert "longer than 200 characters" in messages[8]
    assert 9 not in messages  # null predictions: none, as null spans
    assert 1 not in messages
    assert _rows(project) == [] and project.documents.count() == 0


def test_a_label_studio_prediction_with_a_bad_score_names_the_task(tmp_path, project):
    start, end = _at("بوتين")
    task = {
        "id": 4,
        "data": {"text": TEXT},
        "predictions": [
            {
                "model_version": "m",
                "score": "0.9",
                "result": [
                    {
                        "type": "labels",
                        "value": {"start": start + 1, "end": end + 1, "labels": ["actor"]},
                    }
                ],
            }
        ],
    }
    path = tmp_path / "ls.json"
    path.write_bytes(orjson.dumps([task]))
    with pytest.raises(ImportFailed) as failed:
        _import(project, path)
    [problem] = failed.value.problems
    assert problem.path == str(path)
    assert problem.message.startswith("task 1 (id 4), prediction 1: ")
    assert '"score" must be a number' in problem.message
    assert _rows(project) == [] and project.documents.count() == 0


def test_a_dry_run_stores_no_prediction(tmp_path, project):
    path = _jsonl(tmp_path / "m.jsonl", _model_record([_p("بوتين", "actor", 0.9)]))
    report = _import(project, path, dry_run=True)
    assert report.predictions["ner-ar"].added == 1
    assert _rows(project) == []


# --------------------------------------------------------------------------- decisions


def test_rejected_predictions_never_return_and_rates_count_each_model(tmp_path, project):
    _import(
        project,
        _jsonl(tmp_path / "m.jsonl",
               _model_record([_p("بوتين", "actor", 0.9), _p("موسكو", "actor", 0.8)])),
        _jsonl(tmp_path / "c.jsonl", dict(_model_record([_p("القاهرة", "topic", 0.7)]),
                                          model="crf")),
    )  # fmt: skip
    doc = project.documents.get(project.documents.key_by_ext_id("news-1").id)
    service = AnnotationService(project, "sara")
    found = {s.text: s for s in _suggestions(project)}
    service.reject_suggestion(doc.id, found["بوتين"].key, found["بوتين"].source)
    service.reject_suggestion(doc.id, found["القاهرة"].key, found["القاهرة"].source)
    changes = service.accept_suggestion(
        doc.id, found["موسكو"].key, found["موسكو"].source, "actor", found["موسكو"].attrs, doc.text
    )
    [span] = changes.added
    assert (span.text, span.label, span.annotator) == ("موسكو", "actor", "sara")
    assert "confidence" not in span.attrs and "model" not in span.attrs
    left = {s.text for s in _suggestions(project)}
    assert not left & {"بوتين", "القاهرة", "موسكو"}
    # Imported again, the rejected ones still stay away.
    _import(
        project,
        _jsonl(
            tmp_path / "m.jsonl",
            _model_record([_p("بوتين", "actor", 0.9), _p("موسكو", "actor", 0.8)]),
        ),
    )
    assert "بوتين" not in {s.text for s in _suggestions(project)}
    assert project.suggestions.rates("sara") == {
        "model:crf": (0, 1), "model:ner-ar": (1, 1),
    }  # fmt: skip
    assert {s.text for s in _suggestions(project, "reza")} >= {"بوتين", "القاهرة"}  # hers


def test_an_accepted_date_prediction_gets_its_value_as_a_tagged_date_does(tmp_path, project):
    _import(project, SEEDS / f"{ARABIC}.txt")
    doc = project.documents.get(project.documents.key_by_ext_id(ARABIC).id)
    service = AnnotationService(project, "sara")
    # The date rule proposes «12 شباط عام 2015»; the analyst turns it down, and the model's
    # «شباط عام 2015» inside it shows.
    rule = next(
        s for s in Suggester(project, "sara").for_document(doc) if s.text == "12 شباط عام 2015"
    )
    service.reject_suggestion(doc.id, rule.key, rule.source)
    start, end = _at("شباط عام 2015", doc.text)
    record = {
        "id": ARABIC,
        "text": doc.text,
        "model": "m",
        "predictions": [{"start": start, "end": end, "label": "date", "score": 0.8}],
    }
    _import(project, _jsonl(tmp_path / "d.jsonl", record))
    suggestion = next(
        s for s in Suggester(project, "sara").for_document(doc) if s.source == "model:m"
    )
    assert suggestion.text == "شباط عام 2015"
    [span] = service.accept_suggestion(
        doc.id, suggestion.key, suggestion.source, "date", suggestion.attrs, doc.text
    ).added
    assert span.attrs.get("value") == "2015-02" and "confidence" not in span.attrs


def test_a_prediction_under_a_registry_alias_yields_to_the_rule(tmp_path, project):
    _import(project, SEEDS / f"{ARABIC}.txt")
    ActorRegistry(project).add("Vladimir Putin", ["بوتين"])
    doc = project.documents.get(project.documents.key_by_ext_id(ARABIC).id)
    start, end = _at("بوتين", doc.text)
    record = {
        "id": ARABIC,
        "text": doc.text,
        "model": "m",
        "predictions": [{"start": start, "end": end, "label": "claim", "score": 0.99}],
    }
    _import(project, _jsonl(tmp_path / "p.jsonl", record))
    there = [s for s in Suggester(project, "sara").for_document(doc) if s.start == start]
    assert [(s.source, s.label) for s in there] == [("registry", "actor")]


# --------------------------------------------------------------------------- command line


def test_import_predictions_flag_takes_any_files_spans_as_a_models(tmp_path):
    project = str(tmp_path / "p.seedproj")
    start, end = _at("بوتين")
    record = {"id": "news-1", "text": TEXT, "annotator": "someone", "status": "done",
              "spans": [{"id": "a", "start": start, "end": end, "label": "actor",
                         "attrs": {"score": 0.75, "source": "ner"}},
                        {"id": "b", "start": start, "end": end, "label": "claim"}],
              "relations": [{"head": "b", "tail": "a", "type": "said_by"}]}  # fmt: skip
    path = _jsonl(tmp_path / "out.jsonl", record)
    code, out, err = run("import", str(path), "--project", project, "--predictions", "spacy-ar")
    assert code == 0, err
    assert "Predictions (model:spacy-ar): 2 added, 0 removed, 0 unchanged." in out
    assert "Spans (" not in out
    assert "out.jsonl:1: 1 relation(s) not imported (predictions are spans only)" in err
    with Project.open(project, create=False) as opened:
        assert _annotators_with_spans(opened) == []
        assert opened.annotators.find("someone") is None
        rows = opened.predictions.for_document(opened.documents.key_by_ext_id("news-1").id)
        assert [(r.model, r.label, r.score, r.attrs) for r in rows] == [
            ("spacy-ar", "actor", 0.75, {"source": "ner"}),
            ("spacy-ar", "claim", None, {}),
        ]
    code, _, err = run("import", str(path), "--project", project, "--predictions", " ")
    assert code == 1 and "--predictions must be a non-empty string" in err


def test_suggest_lists_predictions_with_source_and_confidence(tmp_path):
    project = str(tmp_path / "p.seedproj")
    path = _jsonl(tmp_path / "m.jsonl", _model_record([_p("بوتين", "actor", 0.91)]))
    code, out, err = run("import", str(path), "--project", project)
    assert code == 0, err
    assert "Predictions (model:ner-ar): 1 added" in out
    code, out, err = run("suggest", "--project", project, "--annotator", "sara")
    assert code == 0, err
    [line] = [json.loads(x) for x in out.splitlines()]
    [putin] = [s for s in line["suggestions"] if s["text"] == "بوتين"]
    assert putin["source"] == "model:ner-ar" and putin["confidence"] == 0.91
    assert putin["attrs"]["confidence"] == 0.91


def test_predictions_list_min_score_and_remove(tmp_path):
    project = str(tmp_path / "p.seedproj")
    path = _jsonl(
        tmp_path / "m.jsonl",
        _model_record([_p("بوتين", "actor", 0.91), _p("موسكو", "actor")], model_version="3"),
    )
    assert run("import", str(path), "--project", project)[0] == 0
    code, out, _ = run("predictions", "list", "--project", project)
    assert code == 0
    assert "model:ner-ar\tversions 3\t1 document(s)\t2 prediction(s), 1 scored" in out
    code, out, _ = run("predictions", "min-score", "0.5", "--label", "actor", "--project", project)
    assert code == 0 and "Minimum score for label 'actor': 0.5." in out
    code, out, _ = run("predictions", "list", "--project", project, "--json")
    assert json.loads(out)["min_score"] == {"actor": 0.5}
    code, out, _ = run("suggest", "--project", project, "--annotator", "sara")
    texts = {s["text"] for s in json.loads(out)["suggestions"]}
    assert "بوتين" in texts and "موسكو" not in texts  # unscored: below any minimum
    code, _, err = run("predictions", "min-score", "0.5", "--label", "place", "--project", project)
    assert code == 1 and "unknown label 'place'" in err
    code, out, _ = run("predictions", "remove", "model:ner-ar", "--project", project)
    assert code == 0 and "Removed 2 prediction(s) of model:ner-ar." in out
    code, _, err = run("predictions", "remove", "ner-ar", "--project", project)
    assert code == 1 and "no predictions of model 'ner-ar'" in err


@pytest.mark.parametrize("bar", ["nan", "inf"])
def test_a_minimum_score_that_is_no_number_is_refused(tmp_path, bar):
    """click reads "nan" and "inf" as floats: a NaN minimum would hide every prediction of
    the label (nothing is >= NaN) while the command said it was set."""
    project = str(tmp_path / "p.seedproj")
    path = _jsonl(tmp_path / "m.jsonl", _model_record([_p("بوتين", "actor", 0.91)]))
    assert run("import", str(path), "--project", project)[0] == 0
    code, _, err = run("predictions", "min-score", bar, "--project", project)
    assert code == 1 and "finite" in err
    code, out, _ = run("suggest", "--project", project, "--annotator", "sara")
    assert "بوتين" in {s["text"] for s in json.loads(out)["suggestions"]}


def test_a_model_version_with_a_comma_is_listed_whole(tmp_path):
    project = str(tmp_path / "p.seedproj")
    path = _jsonl(
        tmp_path / "m.jsonl",
        _model_record([_p("بوتين", "actor", 0.91)], model_version="2024-05, finetuned"),
    )
    assert run("import", str(path), "--project", project)[0] == 0
    code, out, _ = run("predictions", "list", "--project", project, "--json")
    assert code == 0
    [model] = json.loads(out)["models"]
    assert model["versions"] == ["2024-05, finetuned"]


def _ls_result(word: str, label: str) -> dict:
    start, end = _at(word)  # Label Studio counts UTF-16 units: the emoji is two
    value = {"start": start + 1, "end": end + 1, "text": word, "labels": [label]}
    return {"type": "labels", "from_name": "ner", "to_name": "text", "value": value}


@contextlib.contextmanager
def _before_m009(path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    """The project opened as the release before m009 made and left it: its migrations
    only (a later one's record, or its schema, would not be the file that release wrote)."""
    from annotator.core.store import schema

    names = [m.name for m in schema.migrations._migrations]
    count = names.index("m009_prediction_layers")
    older = schema.Migrations("seed_annotator")
    for migration in schema.migrations._migrations[:count]:
        older()(migration.fn)
    with monkeypatch.context() as patch:
        patch.setattr(schema, "migrations", older)
        patch.setattr(schema, "SCHEMA_VERSION", count)
        patch.setattr(schema, "KNOWN_MIGRATIONS", frozenset(names[:count]))
        with Project.open(path) as project:
            yield project


def test_first_release_prediction_layers_become_predictions_and_reimport_adds_none(
    tmp_path, project_path, monkeypatch
):
    """The first release imported Label Studio predictions as an annotator `prediction:<m>`;
    importing the file again after the upgrade gave every prediction twice: once as that
    annotator's spans (counted in agreement and review) and once as a suggestion."""
    from annotator.core.model import NewDocument, NewSpan, Status

    task = [
        {
            "id": 7,
            "data": {"text": TEXT, "id": "news-7"},
            "predictions": [
                {"model_version": "ner-ar", "result": [_ls_result("بوتين", "actor")]},
                {"result": [_ls_result("موسكو", "actor")]},  # no model_version
            ],
        }
    ]
    tasks = tmp_path / "tasks.json"
    tasks.write_text(json.dumps(task, ensure_ascii=False), "utf-8")
    with _before_m009(project_path, monkeypatch) as p, p.transaction():
        doc_id = p.documents.add(
            NewDocument("news-7", "", "ar", TEXT, TEXT, None, "none", {}, "test")
        )
        for name, word in (("prediction:ner-ar", "بوتين"), ("prediction:model", "موسكو")):
            start, end = _at(word)
            p.spans.add(doc_id, name, NewSpan("actor", start, end, word))
            p.status.set(doc_id, name, Status.DONE)
        start, end = _at("القاهرة")
        p.spans.add(doc_id, "sara", NewSpan("actor", start, end, "القاهرة"))

    with Project.open(project_path) as p:
        assert _annotators_with_spans(p) == ["sara"]
        assert p.annotators.find("prediction:ner-ar") is None
        assert [(m, label) for m, _v, _s, _e, label, _sc in _rows(p)] == [
            ("ner-ar", "actor"),
            ("label-studio", "actor"),
        ]
        report = _import(p, tasks)
        assert report.predictions["ner-ar"].added == 0
        assert report.predictions["label-studio"].added == 0
        assert len(_rows(p)) == 2
        assert _annotators_with_spans(p) == ["sara"]


# --------------------------------------------------------------------------- export


def _predictions_of(path: Path) -> list[tuple]:
    """The predictions a project holds, as a fresh import of an export gives them back."""
    with Project.open(path, create=False) as p:
        return sorted(
            (ext, model, version, s, e, label, score)
            for (doc_id, ext) in p.documents.ext_ids()
            for (_d, model, version, s, e, label, score, _a) in [
                (q.document_id, q.model, q.version, q.start, q.end, q.label, q.score, q.attrs)
                for q in p.predictions.for_document(doc_id)
            ]
        )


def _normalised_and_predicted(tmp_path: Path, project_path: Path) -> None:
    """Two models' predictions on a document that normalisation changed (a stray
    right-to-left mark before the name), and on one nobody annotated."""
    original = "قال\u200f بوتين في القاهرة يوم الثلاثاء"
    putin = original.index("بوتين")
    records = [
        {"id": "n1", "text": original, "model": "ner-ar", "model_version": "2024-05",
         "predictions": [{"start": putin, "end": putin + 5, "label": "actor", "score": 0.91},
                         {"start": original.index("القاهرة"), "end": original.index("القاهرة")
                          + 7, "label": "topic"}]},
        {"id": "n1", "text": original, "model": "crf",
         "predictions": [{"start": putin, "end": putin + 5, "label": "actor", "score": 0.5,
                          "attrs": {"note": "x"}}]},
        _model_record([_p("موسكو", "actor", 0.7)]),
    ]  # fmt: skip
    with Project.open(project_path) as p:
        Importer(p).run([_jsonl(tmp_path / "in.jsonl", *records)], ImportOptions(normalize=True))
        key = p.documents.key_by_ext_id("n1")
        assert key is not None
        at = p.documents.get(key.id).text.index("بوتين")
        with p.transaction():  # an annotator's work on it too: predictions stay apart
            p.spans.add(key.id, "sara", NewSpan("actor", at, at + 5, "بوتين"))


@pytest.mark.parametrize(("fmt", "offsets"), [("jsonl", "normalized"), ("jsonl", "original"),
                                               ("labelstudio", "normalized")])  # fmt: skip
def test_predictions_survive_an_export_and_an_import_back(tmp_path, project_path, fmt, offsets):
    """A project's imported predictions were left out of every export: a Label Studio
    project with pre-annotations came back without them."""
    _normalised_and_predicted(tmp_path, project_path)
    before = _predictions_of(project_path)
    assert len(before) == 4
    out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out.json")
    code, said, _err = run("export", "--project", str(project_path), "--out", str(out),
                           "--format", fmt, "--offsets", offsets, "--predictions")  # fmt: skip
    assert code == 0 and "And 4 prediction(s) of outside models." in said
    again = tmp_path / "again.seedproj"
    with Project.open(again) as p:
        report = Importer(p).run([out], ImportOptions(format=fmt, normalize=True))
        assert report.annotators == {"sara"}
        assert [s.text for d, _e in p.documents.ext_ids() for s in p.spans.for_document(d)] == [
            "بوتين"
        ]
    after = _predictions_of(again)
    if fmt == "labelstudio":  # its only name for a model is model_version: no version apart
        before = [(e, m, None, s, en, lab, sc) for e, m, _v, s, en, lab, sc in before]
    assert after == before


def test_formats_without_a_place_for_predictions_say_they_left_them_out(tmp_path, project_path):
    _normalised_and_predicted(tmp_path, project_path)
    out = tmp_path / "out.conll"
    code, _said, err = run("export", "--project", str(project_path), "--out", str(out),
                           "--format", "conll", "--predictions")  # fmt: skip
    assert code == 0
    assert "Not expressible in conll: 4 outside models' predictions" in err
    code, said, _err = run("export", "--project", str(project_path), "--out",
                           str(tmp_path / "plain.jsonl"))  # fmt: skip
    assert code == 0 and "prediction" not in said
    lines = (tmp_path / "plain.jsonl").read_text(encoding="utf-8").splitlines()
    assert all('"predictions"' not in line for line in lines)


def test_export_predictions_keep_to_the_documents_the_status_filter_chose(tmp_path, project_path):
    """`export --status done --predictions` (the dialog's default: done only) wrote the
    predictions of every document, so a document nobody finished came out of the export
    (and an import of the file made it)."""
    from annotator.core.model import Status

    _normalised_and_predicted(tmp_path, project_path)  # n1 (sara's, in progress) and news-1
    with Project.open(project_path) as p, p.transaction():
        key = p.documents.key_by_ext_id("n1")
        assert key is not None
        p.status.set(key.id, "sara", Status.DONE)
    for fmt, name in (("jsonl", "out.jsonl"), ("labelstudio", "out.json")):
        out = tmp_path / name
        code, _said, _err = run("export", "--project", str(project_path), "--out", str(out),
                                "--format", fmt, "--status", "done", "--predictions")  # fmt: skip
        assert code == 0
        again = tmp_path / f"again-{fmt}.seedproj"
        with Project.open(again) as p:
            Importer(p).run([out], ImportOptions(format=fmt, normalize=True))
            assert [ext for _d, ext in p.documents.ext_ids()] == ["n1"], fmt


def test_export_predictions_imported_back_into_the_same_project_change_nothing(
    tmp_path, project_path
):
    """The prediction records match the project's documents on the way back in: no second
    copy of a document, no prediction twice."""
    _normalised_and_predicted(tmp_path, project_path)
    before = _predictions_of(project_path)
    for offsets in ("normalized", "original"):
        out = tmp_path / f"out-{offsets}.jsonl"
        code, _said, _err = run("export", "--project", str(project_path), "--out", str(out),
                                "--offsets", offsets, "--predictions")  # fmt: skip
        assert code == 0
        with Project.open(project_path) as p:
            Importer(p).run([out], ImportOptions(format="jsonl", normalize=True))
            assert sorted(ext for _d, ext in p.documents.ext_ids()) == ["n1", "news-1"]
        assert _predictions_of(project_path) == before


def test_m009_leaves_a_colleagues_layer_pulled_from_the_team_server(project_path, monkeypatch):
    """A team server takes any person's name, `prediction:bot` too; a lead's working copy
    holds that analyst's layer as pulled from the server. m009 took it for a first-release
    prediction layer: the colleague's spans left the copy (turned into suggestions), and
    the pull, past them already, never brought them back."""
    import uuid

    from annotator.core.model import NewDocument, NewSpan, Status

    with _before_m009(project_path, monkeypatch) as p, p.transaction():
        doc_id = p.documents.add(
            NewDocument("news-7", "", "ar", TEXT, TEXT, None, "none", {}, "test")
        )
        start, end = _at("بوتين")
        span = p.spans.add(doc_id, "prediction:bot", NewSpan("actor", start, end, "بوتين"))
        p.status.set(doc_id, "prediction:bot", Status.DONE)
        # as a pull leaves a colleague's row: its global id, not one of this copy's layers
        p.db.execute(
            "INSERT INTO team_ids(kind, local_id, uid, owned) VALUES ('span', ?, ?, 0)",
            [span.id, str(uuid.uuid4())],
        )
        # and another colleague's layer that holds a status only, no span with an id
        p.status.set(doc_id, "prediction:crf", Status.DONE)
        p.db.execute("INSERT INTO team_link(key, value) VALUES ('person', 'lee')")

    with Project.open(project_path) as p:
        assert _annotators_with_spans(p) == ["prediction:bot"]
        assert _rows(p) == []
        key = p.documents.key_by_ext_id("news-7")
        assert key is not None
        assert p.status.get(key.id, "prediction:crf") == Status.DONE


def test_a_split_counts_the_documents_that_carry_only_predictions(tmp_path, project_path):
    """The report's per-split counts left out documents nobody annotated whose predictions
    were written to the split's file."""
    _normalised_and_predicted(tmp_path, project_path)
    out = tmp_path / "out.jsonl"
    code, said, err = run("export", "--project", str(project_path), "--out", str(out),
                          "--predictions", "--split", "a=0.5,b=0.5")  # fmt: skip
    assert code == 0, err
    counts = dict(part.split() for part in said.split("Split: ")[1].splitlines()[0].split(", "))
    assert sum(int(n) for n in counts.values()) == 2  # n1 (sara's and models'), news-1
