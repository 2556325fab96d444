"""Spans imported from another tool get the values the window would give them."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.store.project import Project

from .test_cli import run

TEXT = "قال الكرملين يوم 21 نوفمبر 2017 إن بوتين سيزور دمشق"


def test_imported_dates_and_actors_get_their_values_from_the_command_line(tmp_path: Path):
    date = TEXT.index("21 نوفمبر 2017")
    kremlin = TEXT.index("الكرملين")
    record = {
        "id": "a1",
        "text": TEXT,
        "spans": [
            {"start": date, "end": date + len("21 نوفمبر 2017"), "label": "date"},
            {"start": kremlin, "end": kremlin + len("الكرملين"), "label": "actor"},
            {"start": 0, "end": 3, "label": "claim"},
        ],
    }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    project = str(tmp_path / "p.seedproj")
    code, out, err = run("import", str(source), "--project", project, "--annotator", "omid")
    assert code == 0, err
    assert "Date values: 1 date span(s) given their value" in out  # the import reads dates itself
    assert run("actors", "add", "Kremlin", "--alias", "الكرملين", "--project", project)[0] == 0
    code, out, err = run("values", "--project", project)
    assert code == 0, err
    assert "Gave 1 span(s) a value." in out  # the actor; a claim has nothing to compute
    with Project.open(Path(project), create=False) as opened:
        key = opened.documents.key_by_ext_id("a1")
        assert key is not None
        spans = {s.label: s.attrs for s in opened.spans.for_document(key.id)}
    assert spans["date"]["value"] == "2017-11-21"
    assert spans["actor"]["actor"] == "Kremlin"
    assert run("values", "--project", project)[1].strip() == "Gave 0 span(s) a value."
