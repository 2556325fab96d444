"""What the command line says: a WebAnno TSV 2 file named as such, counts that add up on a
first import, and `annotator suggest` for the analyst the window knows (issue 12, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import paths
from annotator.core.services.annotations import AnnotationService
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

from ..conftest import SEEDS
from .test_cli import run

# WebAnno 2.x's TSV, as its WebannoTsv2Writer wrote it: a layer header (" # type | feature"),
# then "#id=" and "#text=" per sentence and a numbered token per line. No #FORMAT line.
TSV2 = (
    " # de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity | value\n"
    "#id=1\n"
    "#text=قال الرئيس في القاهرة إنّ الاجتماع سيُعقد غداً\n"
    "1-1\tقال\tO\t\n"
    "1-2\tالرئيس\tO\t\n"
    "1-3\tفي\tO\t\n"
    "1-4\tالقاهرة\tB-LOC\t\n"
    "1-5\tإنّ\tO\t\n"
    "1-6\tالاجتماع\tO\t\n"
    "1-7\tسيُعقد\tO\t\n"
    "1-8\tغداً\tO\t\n"
    "\n"
)


@pytest.mark.parametrize(
    "content",
    [TSV2, TSV2.replace("B-LOC", "LOC").replace("\tO\t", "\t_\t")],
    ids=["bio-values", "plain-values"],  # read as CoNLL / as a CSV table before
)
def test_auto_names_a_webanno_tsv_2_file_instead_of_a_wrong_format(
    tmp_path: Path, content: str
) -> None:
    source = tmp_path / "export.tsv"
    source.write_text(content, "utf-8")
    code, _out, err = run("import", str(source), "--project", str(tmp_path / "p.seedproj"))
    assert code == 1
    assert f"{source}:1: this looks like WebAnno TSV 2" in err
    assert "only WebAnno TSV 3 is read" in err and "'text' column" not in err


def test_a_first_import_says_nothing_was_already_there(tmp_path: Path) -> None:
    """A Label Studio task annotated twice is two records of one new document."""
    text = "قال الرئيس في القاهرة إنّ الاجتماع سيُعقد غداً"
    annotation = {"result": [], "completed_by": {"email": "a@x.org"}}
    tasks = [
        {"id": 1, "data": {"text": text}, "annotations": [annotation, {**annotation, "id": 2}]}
    ]
    source = tmp_path / "ls.json"
    source.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    project = str(tmp_path / "p.seedproj")
    code, out, err = run("import", str(source), "--project", project)
    assert code == 0, err
    assert "Imported 1 new document(s) (1 ar) from 1 file(s)" in out
    assert "; 0 already there." in out
    code, out, err = run("import", str(source), "--project", project)
    assert "Imported 0 new document(s) from 1 file(s)" in out and "; 1 already there." in out


def test_a_document_met_again_batches_later_is_not_already_there(
    tmp_path: Path, project: Project, persian
) -> None:
    """Two annotators' records of one article, far apart in the file (stored in different
    batches), and one article the project had before."""
    texts = [f"خبر شماره {n} درباره بازار تهران است" for n in range(100)]
    Importer(project, persian).run([_prodigy(tmp_path / "first.jsonl", [(texts[0], "ali")])])
    records = [(texts[1], "ali"), *((t, "ali") for t in texts[2:]), (texts[1], "sara")]
    records.append((texts[0], "sara"))
    report = Importer(project, persian).run([_prodigy(tmp_path / "more.jsonl", records)])
    assert (report.added, report.existing) == (99, 1)


def _prodigy(path: Path, records: list[tuple[str, str]]) -> Path:
    lines = [
        {"text": t, "answer": "accept", "_annotator_id": who, "_input_hash": n}
        for n, (t, who) in enumerate(records)
    ]
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return path


def _two_annotators(path: Path) -> None:
    with Project.open(path) as project:
        Importer(project).run([SEEDS / "002_4dcc44e69668bede.txt"], ImportOptions(normalize=False))
        (doc,) = project.documents.iter_all()
        for who, word in (("sara", "الكرملين"), ("omid", "بوتين")):
            start = doc.text.index(word)
            AnnotationService(project, who).add_span(doc.id, "actor", start, start + len(word))


def test_suggest_defaults_to_the_analyst_name_of_the_user_settings(tmp_path: Path) -> None:
    project = tmp_path / "p.seedproj"
    _two_annotators(project)
    settings = paths.settings_path()
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"annotator": "sara"}), "utf-8")
    code, out, err = run("suggest", "--project", str(project))
    assert code == 0, err
    (line,) = [json.loads(x) for x in out.splitlines()]
    assert line["annotator"] == "sara"
    repeats = {s["text"] for s in line["suggestions"] if s["source"] == "repeat"}
    assert repeats == {"الكرملين"}  # learnt from sara's tags, not omid's


def test_suggest_without_a_name_anywhere_says_where_one_comes_from(tmp_path: Path) -> None:
    project = tmp_path / "p.seedproj"
    _two_annotators(project)
    code, out, err = run("suggest", "--project", str(project))
    assert code == 1 and not out
    assert f"no analyst name is set in {paths.settings_path()}" in err
    assert "(omid, sara)" in err and "pass --annotator NAME" in err


@pytest.mark.parametrize("interrupted", [False, True], ids=["failed", "ctrl-c"])
def test_suggest_out_names_the_unfinished_file_it_could_not_remove(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interrupted: bool
) -> None:
    """A failure part-way (or Ctrl+C), then a part file that cannot be removed (a folder
    gone read-only, a Windows virus scanner holding it): a message naming both, not an
    OSError traceback."""
    from annotator.core.errors import AnnotatorError
    from annotator.core.services.suggestions import Suggester

    project = tmp_path / "p.seedproj"
    _two_annotators(project)
    out = tmp_path / "suggestions.jsonl"

    def broken(self: Suggester, doc: object) -> list:
        if interrupted:
            raise KeyboardInterrupt
        raise AnnotatorError(f"{project}: database disk image is malformed")

    real_unlink = Path.unlink

    def stuck(self: Path, missing_ok: bool = False) -> None:
        if self.name.endswith(".part"):
            raise PermissionError(13, "Permission denied")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Suggester, "for_document", broken)
    monkeypatch.setattr(Path, "unlink", stuck)
    code, _out, err = run("suggest", "--project", str(project), "--annotator", "sara",
                          "--out", str(out))  # fmt: skip
    if interrupted:
        assert code == 130 and err.startswith("error: interrupted; no file was written; ")
    else:
        assert code == 1 and "database disk image is malformed" in err
    (part,) = tmp_path.glob(".suggestions.jsonl.*.part")
    assert f"could not remove this export's unfinished files: {part} (Permission denied)" in err
    assert not out.exists()
