"""Every format through the command line: recognised from its content, imported, exported,
and the export read back with the same spans on the same characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.formats.sources import detect
from annotator.core.model import NewDocument, NewSpan, Status
from annotator.core.store.project import Project

from ...conftest import SEEDS
from ..test_cli import run

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("doccano/current/export.sequence_labeling.example.jsonl", "doccano"),
        ("doccano/current/export.relation_extraction.example.jsonl", "doccano"),
        ("label-studio/lsf-examples/named_entity/annotations_1.json", "labelstudio"),
        ("label-studio/legacy-completions-v0/348.json", "labelstudio"),
        ("prodigy/annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl", "prodigy"),
        ("brat/tutorials-news/040-text_span_annotation.ann", "brat"),
        ("webanno-tsv3/example2.tsv", "webanno"),
        ("inception/casWithEmojiUnicodeTextAndAnnotations.json", "inception"),
        ("persian/parstwiner/test.txt", "conll"),
        ("arabic/newsfane/NewsFANE_Gold_2014_170K.head150.txt", "conll"),
        ("arabic/wojood/test.txt", "conll"),
        ("arabic/idrisi-r/cairo_bombing_2019.gold-random-json.dev.jsonl", "idrisi"),
    ],
)
def test_auto_recognises_each_tools_files_from_their_content(relative, expected):
    fmt, found = detect(FIXTURES / relative)
    assert fmt == expected, found
    assert found  # something to tell the user


def test_plain_articles_and_our_own_jsonl_are_not_mistaken_for_another_format(tmp_path):
    for seed in SEEDS.glob("*.txt"):
        assert detect(seed)[0] == "txt", seed
    project = tmp_path / "p.seedproj"
    _team_project(project)
    out = tmp_path / "ours.jsonl"
    code, _, err = run("export", "--project", str(project), "--out", str(out))
    assert code == 0, err
    assert detect(out)[0] == "jsonl"


def test_import_says_what_it_recognised(tmp_path):
    project = tmp_path / "p.seedproj"
    code, out, err = run(
        "import",
        str(FIXTURES / "doccano/current/export.sequence_labeling.example.jsonl"),
        str(FIXTURES / "brat/tutorials-news/040-text_span_annotation.ann"),
        "--project", str(project), "--annotator", "them", "--add-labels",
    )  # fmt: skip
    assert code == 0, err
    assert "Read as:" in out and "doccano" in out and "brat" in out


# -- our spans out through each format and back in -------------------------------------------

FA = "خبرگزاری ایرنا از تهران 😀 گزارش داد که مصطفی مصباح‌زاده به شیراز رفت"
AR = "ذهب أحمد حسن إلى القاهرة 🇪🇬 يوم الأحد ثم عاد إلى عمّان"
MARKS = {
    "fa": [("ایرنا", "actor"), ("تهران", "topic"), ("مصباح‌زاده", "actor")],
    "ar": [("أحمد حسن", "actor"), ("القاهرة", "topic"), ("الأحد", "date")],
}


def _team_project(path: Path) -> None:
    with Project.open(path) as project, project.transaction():
        for ext_id, lang, text in (("fa-1", "fa", FA), ("ar-1", "ar", AR)):
            doc_id = project.documents.add(
                NewDocument(ext_id, ext_id, lang, text, text, None, "none", {}, "test")
            )
            for word, label in MARKS[lang]:
                start = text.index(word)
                project.spans.add(doc_id, "sara", NewSpan(label, start, start + len(word), word))
            project.status.set(doc_id, "sara", Status.DONE)


def _marked(path: Path) -> set[tuple[str, str]]:
    """(span text, label) of every span in a project: what survived, on which characters."""
    with Project.open(path, create=False) as project:
        return {
            (span.text, span.label)
            for doc in project.documents.iter_all()
            for span in project.spans.for_document(doc.id)
        }


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("jsonl", "out.jsonl"),
        ("doccano", "out.jsonl"),
        ("labelstudio", "out.json"),
        ("prodigy", "out.jsonl"),
        ("brat", "out_brat"),
        ("conll", "out.conll"),
        ("hf", "out.jsonl"),
    ],
)
def test_every_export_reads_back_with_the_same_spans(tmp_path, fmt, name):
    source = tmp_path / "source.seedproj"
    _team_project(source)
    out = tmp_path / name
    code, _, err = run("export", "--project", str(source), "--out", str(out), "--format", fmt)
    assert code == 0, err
    again = tmp_path / "again.seedproj"
    code, stdout, err = run(
        "import", str(out), "--project", str(again), "--annotator", "sara", "--no-normalize"
    )
    assert code == 0, err
    expected_format = {"jsonl": "Seed", "labelstudio": "Label Studio", "hf": "Hugging Face"}
    assert expected_format.get(fmt, fmt).lower().split()[0] in stdout.lower()
    assert _marked(again) == _marked(source)


def test_spacy_export_loads_in_spacy_with_every_span_on_its_characters(tmp_path):
    import spacy
    from spacy.tokens import DocBin

    source = tmp_path / "source.seedproj"
    _team_project(source)
    out = tmp_path / "train.spacy"
    code, _, err = run("export", "--project", str(source), "--out", str(out), "--format", "spacy")
    assert code == 0, err
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab))
    found = {(span.text, span.label_) for doc in docs for span in doc.spans["sc"]}
    assert found == _marked(source)


def test_what_a_format_cannot_express_is_said(tmp_path):
    source = tmp_path / "source.seedproj"
    _team_project(source)
    with Project.open(source, create=False) as project, project.transaction():
        doc_id = project.documents.key_by_ext_id("ar-1").id
        start = AR.index("أحمد")
        project.spans.add(doc_id, "sara", NewSpan("topic", start, start + 4, "أحمد"))  # overlap
    out = tmp_path / "out.conll"
    code, _, err = run("export", "--project", str(source), "--out", str(out), "--format", "conll")
    assert code == 0
    assert "Not expressible in conll" in err and "overlap" in err.lower()
