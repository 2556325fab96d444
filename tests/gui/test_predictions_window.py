"""An outside model's predictions in the window: suggestions with their confidence, taken
with Y (and taken back with undo), and imported through the window's own import."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project

from .test_main_window import ARABIC, open_doc, start, stored_spans

CTRL = Qt.KeyboardModifier.ControlModifier
WORD = "الأسد"


def _prediction_file(corpus: Path, folder: Path) -> tuple[Path, tuple[int, int]]:
    with Project.open(corpus, create=False) as project:
        doc = project.documents.get(project.documents.key_by_ext_id(ARABIC).id)
    start_ = doc.text.index(WORD)
    where = (start_, start_ + len(WORD))
    record = {"id": ARABIC, "text": doc.text, "model": "ner-ar",
              "predictions": [{"start": where[0], "end": where[1], "label": "actor",
                               "score": 0.87}]}  # fmt: skip
    path = folder / "predictions.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    return path, where


def _focus_prediction(qtbot, window, layer):
    """Tab through spans and suggestions, as the analyst does, to the model's one."""
    view = window.view
    for _ in range(200):
        QTest.keyClick(view, Qt.Key.Key_Tab)
        focused = layer.focused()
        if focused is not None and focused.source == "model:ner-ar":
            return focused
    raise AssertionError("Tab never reached the model's suggestion")


def test_y_takes_an_imported_prediction_with_its_label_and_undo_takes_it_back(
    qtbot, corpus, tmp_path
):
    path, where = _prediction_file(corpus, tmp_path)
    with Project.open(corpus, create=False) as project:
        Importer(project).run([path], ImportOptions())
    session = start(qtbot, corpus)
    window = session.window
    view = window.view
    open_doc(session, ARABIC)
    layer = window.annotate.suggestions
    qtbot.waitUntil(lambda: any(s.source == "model:ner-ar" for s in layer.items))
    [predicted] = [s for s in layer.items if s.source == "model:ner-ar"]
    assert (predicted.start, predicted.end, predicted.label) == (*where, "actor")
    assert predicted.attrs["confidence"] == 0.87
    assert "A? 87%" in {m.badge for m in view._marks.values()}
    assert stored_spans(corpus, ARABIC) == []  # proposed, not annotated

    focused = _focus_prediction(qtbot, window, layer)
    assert focused.key == predicted.key
    QTest.keyClick(view, "y")
    [span] = stored_spans(corpus, ARABIC)
    assert (span.start, span.end, span.label, span.text) == (*where, "actor", WORD)
    assert "confidence" not in span.attrs
    assert predicted.key not in {s.key for s in layer.items}
    assert "model:ner-ar 1/1" in window.statusBar().currentMessage()

    QTest.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert stored_spans(corpus, ARABIC) == []
    qtbot.waitUntil(lambda: predicted.key in {s.key for s in layer.items})  # proposed again

    focused = _focus_prediction(qtbot, window, layer)
    QTest.keyClick(view, "n")
    assert stored_spans(corpus, ARABIC) == []
    assert predicted.key not in {s.key for s in layer.items}
    with Project.open(corpus, create=False) as project:
        assert project.suggestions.rates("sara") == {"model:ner-ar": (0, 1)}


def test_the_windows_import_puts_label_studio_predictions_in_the_suggestion_layer(
    qtbot, corpus, tmp_path, monkeypatch
):
    """Before, the window's import (which names the analyst as the annotator) stored a
    model's Label Studio predictions as the analyst's own spans."""
    with Project.open(corpus, create=False) as project:
        doc = project.documents.get(project.documents.key_by_ext_id(ARABIC).id)
    start_ = doc.text.index(WORD)
    task = {
        "data": {"id": ARABIC, "text": doc.text},
        "predictions": [{
            "model_version": "ner-ar", "score": 0.6,
            "result": [{"id": "r1", "type": "labels", "from_name": "label", "to_name": "text",
                        "value": {"start": start_, "end": start_ + len(WORD), "text": WORD,
                                  "labels": ["actor"]}}],
        }],
    }  # fmt: skip
    path = tmp_path / "tasks.json"
    path.write_bytes(orjson.dumps([task]))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *args: ([str(path)], "")
    )  # the user picks the file
    session = start(qtbot, corpus)
    window = session.window
    open_doc(session, ARABIC)
    layer = window.annotate.suggestions
    QTest.keyClick(window, Qt.Key.Key_I, CTRL)
    qtbot.waitUntil(lambda: any(s.source == "model:ner-ar" for s in layer.items), timeout=20_000)
    assert stored_spans(corpus, ARABIC) == []
    assert "1 model prediction" in window.statusBar().currentMessage()
    [predicted] = [s for s in layer.items if s.source == "model:ner-ar"]
    assert predicted.text == WORD and predicted.attrs["confidence"] == 0.6
