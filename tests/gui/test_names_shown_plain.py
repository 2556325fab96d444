"""Names from a colleague's project or a team server are shown as text, never read as HTML:
Qt takes a label's text for rich text when it looks like markup, so an annotator named
`<font size=7>…` drew itself large, and `<span style="font-size:0">` could hide the rest."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from annotator.core.model import Label, Span
from annotator.gui.agreement_view import AgreementView
from annotator.gui.label_palette import LabelPalette
from annotator.gui.review_queue import ReviewQueue
from annotator.gui.span_panel import COL_TEXT, SpanPanel

from .modal import when_dialog
from .test_agreement_view import REPORT, pair
from .test_main_window import start

MARKUP = '<font size="7" color="red">ADMIN</font>'


def shown_tip(tip: str) -> str:
    """The text a tooltip shows (as rich text, a tooltip is what it renders to)."""
    return (
        QTextDocumentFragment.fromHtml(tip).toPlainText() if QtGui.Qt.mightBeRichText(tip) else tip
    )


def _as_text(label: QLabel, qtbot: QtBot) -> bool:
    """Whether `label` lays its text out as plain text would be (same font, same widths)."""
    plain = QLabel()
    qtbot.addWidget(plain)
    plain.setTextFormat(Qt.TextFormat.PlainText)
    plain.setFont(label.font())
    plain.setWordWrap(label.wordWrap())
    plain.setText(label.text())
    if label.wordWrap():
        laid_out = [(w.heightForWidth(400), w.heightForWidth(800)) for w in (label, plain)]
    else:
        laid_out = [w.sizeHint() for w in (label, plain)]
    return MARKUP in label.text() and laid_out[0] == laid_out[1]


def test_an_annotators_name_in_the_agreement_views_title_is_text(qtbot: QtBot) -> None:
    view = AgreementView()
    qtbot.addWidget(view)
    report = replace(
        REPORT, annotators=(MARKUP, "sara"), pairs=(pair(MARKUP, "sara", 0.7, 0.8, 0.8),)
    )
    view.set_report(report)
    view.show()
    assert _as_text(view.pair_title, qtbot), view.pair_title.text()


def test_annotators_names_in_the_review_queues_caption_are_text(qtbot: QtBot) -> None:
    queue = ReviewQueue()
    qtbot.addWidget(queue)
    queue.set_rows([], f"ali, {MARKUP} · 0 of 0 reviewed")
    queue.show()
    assert _as_text(queue.caption, qtbot), queue.caption.text()


def test_an_imports_problem_naming_a_files_label_is_shown_as_text(
    qtbot: QtBot, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's error box, which every failed task uses."""
    path = tmp_path / "marked.jsonl"
    record = {
        "text": "بوتين",
        "annotator": "sara",
        "spans": [{"start": 0, "end": 5, "label": MARKUP}],
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args: ([str(path)], ""))
    window = start(qtbot, corpus).window
    seen: list[bool] = []

    def look(box: QWidget) -> None:
        assert isinstance(box, QMessageBox), box
        label = box.findChild(QLabel, "qt_msgbox_label")
        seen.append(label is not None and _as_text(label, qtbot))
        box.close()

    when_dialog(look, timeout=30)
    QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
    assert seen == [True]


def test_tooltips_show_names_as_text(qtbot: QtBot) -> None:
    """A label's description on its button, a span's label in the span list: Qt reads a
    tooltip as HTML when it looks like markup."""
    palette = LabelPalette()
    qtbot.addWidget(palette)
    palette.set_labels([Label(MARKUP, "#17becf", "5", f"{MARKUP} described", 4)])
    assert shown_tip(palette.buttons[MARKUP].toolTip()) == f"{MARKUP} described"


def _shown_width(tip: str) -> int:
    """How wide Qt draws `tip` as a tooltip."""
    QToolTip.showText(QPoint(10, 10), tip)
    [label] = [
        w for w in QApplication.topLevelWidgets()
        if w.objectName() == "qtooltip_label" and w.isVisible()
    ]  # fmt: skip
    width = label.width()
    QToolTip.hideText()
    return width


def test_a_long_spans_tooltip_is_wrapped_to_the_screen_and_its_label_shown_as_text(
    qtbot: QtBot,
) -> None:
    """A plain tooltip wider than the screen Qt wraps; every tooltip made one long line
    (`white-space:pre`) drew a long span's 7,265 px wide."""
    long_text = "أكد البيت الأبيض أن الرئيس الروسي جدد التزامه بالحفاظ على وحدة سورية " * 12
    panel = SpanPanel()
    qtbot.addWidget(panel)
    panel.set_labels([Label("actor", "#1f77b4", "1", "", 0), Label(MARKUP, "#17becf", "2")])
    panel.set_spans(
        [
            Span(1, 1, "sara", "actor", 0, len(long_text), long_text, {}),
            Span(2, 1, "sara", MARKUP, 0, len(long_text), long_text, {}),
        ]
    )
    screen = QApplication.primaryScreen().geometry().width()
    tips = [panel.spans.index(row, COL_TEXT).data(Qt.ItemDataRole.ToolTipRole) for row in (0, 1)]
    assert [shown_tip(tip) for tip in tips] == [
        f"actor 0–{len(long_text)}\n{long_text}",
        f"{MARKUP} 0–{len(long_text)}\n{long_text}",
    ]
    assert [_shown_width(tip) <= screen for tip in tips] == [True, True], screen


def test_annotators_names_in_the_agreement_matrixs_tooltips_are_text(qtbot: QtBot) -> None:
    """A compared pair's cell and a pair never compared both name the annotators."""
    view = AgreementView()
    qtbot.addWidget(view)
    report = replace(
        REPORT,
        annotators=(MARKUP, "sara", "reza"),
        pairs=(pair(MARKUP, "sara", 0.7, 0.8, 0.8), pair("sara", "reza", 0.5, 0.7, 0.66)),
    )
    view.set_report(report)
    view.show()
    names = [view.matrix.horizontalHeaderItem(i).text() for i in range(3)]
    tips = {
        (names[r], names[c]): shown_tip(view.matrix.item(r, c).toolTip())
        for r in range(3)
        for c in range(3)
        if r != c
    }
    shown = [tips[(MARKUP, "sara")].split(":")[0], tips[(MARKUP, "reza")]]
    assert shown == [f"{MARKUP} ↔ sara", f"{MARKUP} and reza were not compared"]
