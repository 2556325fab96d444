"""A project received from a colleague may hold a label, an annotator or a document title
with a text-direction override (U+202E) or a line break: an earlier version stored them, a
hand-edited file can, and titles and ids are kept as a file gives them. The window shows
each such character as its escape (text.names.shown_name for names, shown_title for
titles and ids), so a title cannot make its line in the list read as something else, nor a
newline split a one-line item. A title's tab shows as a space, and the embeddings it closes
itself (Persian text from Word) as they are: they spoof nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QWidget

from annotator.core.model import NewSpan, Status
from annotator.core.services.importer import Importer, ImportOptions
from annotator.core.store.project import Project
from annotator.gui.candidate_panel import COL_LABEL as CANDIDATE_LABEL
from annotator.gui.candidate_panel import COL_WHO
from annotator.gui.document_model import COL_TITLE
from annotator.gui.review_queue import COL_TITLE as QUEUE_TITLE
from annotator.gui.settings import UserSettings
from annotator.gui.span_panel import COL_LABEL

from .modal import when_dialog
from .test_main_window import start

TEXT = "قال بوتين إن ترامب التقى الأسد في موسكو"
TITLE = "invoice\u202efdp.exe\nsecond line"  # reads "invoiceexe.pdf" unescaped
TITLE_SHOWN = "invoice\\u202efdp.exe\\u000asecond line"
LABEL = "top\u202eic\nADMIN"
LABEL_SHOWN = "top\\u202eic\\u000aADMIN"
ALI = "ali\u202e\nlead"
ALI_SHOWN = "ali\\u202e\\u000alead"
# A ZWNJ is letters' business, RLE ... PDF (Persian text from Word) closes inside the
# title: both shown as they are; a tab (between a couplet's halves) as a space.
PERSIAN = "\u202bنام\u200cخانوادگی\u202c\tدوم"
PERSIAN_SHOWN = "\u2068\u202bنام\u200cخانوادگی\u202c دوم\u2069"  # inside an isolate
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def received(tmp_path: Path) -> Path:
    """A colleague's project: its first document's title holds U+202E and a newline, a
    label and an annotator too (put in as an earlier version or a hand edit would)."""
    source = tmp_path / "docs.jsonl"
    records = [
        {"id": "d1", "title": TITLE, "text": TEXT},
        {"id": "d2", "title": PERSIAN, "text": TEXT + " امروز"},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    path = tmp_path / "received.seedproj"
    with Project.open(path) as project:
        Importer(project).run([source], ImportOptions(normalize=False))
        putin, trump = TEXT.index("بوتين"), TEXT.index("ترامب")
        with project.transaction():
            for doc_id in (1, 2):
                for who in ("ali", "sara"):
                    project.spans.add(doc_id, who, NewSpan("topic", putin, putin + 5, "بوتين"))
                    project.spans.add(doc_id, who, NewSpan("actor", trump, trump + 5, "ترامب"))
                    project.status.set(doc_id, who, Status.DONE)
            project.db.execute("UPDATE labels SET name = ? WHERE name = 'topic'", [LABEL])
            project.db.execute("UPDATE annotators SET name = ? WHERE name = 'ali'", [ALI])
    return path


def _no_raw(texts: list[str]) -> None:
    for text in texts:
        assert "\u202e" not in text and "\n" not in text, ascii(text)


def test_a_received_title_and_label_show_escaped_in_the_list_the_bar_and_the_span_panel(
    qtbot, received: Path
) -> None:
    window = start(qtbot, received, UserSettings(annotator="sara")).window
    model = window.documents.model
    titles = [model.index(row, COL_TITLE).data() for row in range(model.rowCount())]
    assert titles == [TITLE_SHOWN, PERSIAN_SHOWN]
    tip = model.index(0, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.split("\n") == [TITLE_SHOWN, "d1"]
    tip = model.index(1, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.split("\n") == [PERSIAN_SHOWN, "d2"]

    buttons = [b.text() for b in window.label_palette.buttons.values()]
    assert any(text.endswith(LABEL_SHOWN) for text in buttons), buttons
    _no_raw(buttons)

    QTest.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.controller.document.ext_id == "d1")
    spans = window.span_panel.spans
    labels = [spans.index(row, COL_LABEL).data() for row in range(spans.rowCount())]
    assert LABEL_SHOWN in labels, labels
    _no_raw(labels)


def test_a_received_annotator_label_and_title_show_escaped_in_review(qtbot, received: Path) -> None:
    session = start(qtbot, received, UserSettings(annotator="lead"))
    window = session.window
    boxes: list[str] = []

    def look_and_accept(dialog: QWidget) -> None:
        boxes.extend(box.text() for box in dialog.findChildren(QCheckBox))
        QTest.keyClick(dialog, Qt.Key.Key_Return)

    when_dialog(look_and_accept)
    QTest.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.review.active and len(window.review.queue.model.rows) == 2)
    assert sorted(boxes) == [ALI_SHOWN, "sara"]
    assert window.review.session.annotators == (ALI, "sara")  # stored names, reviewed
    qtbot.waitUntil(lambda: window.tasks.running() == 0)
    caption = window.review.queue.caption.text()
    assert caption.startswith(f"{ALI_SHOWN}, sara · "), ascii(caption)

    queue = window.review.queue.model
    shown = [queue.index(r, QUEUE_TITLE).data() for r in range(queue.rowCount())]
    assert sorted(shown) == sorted([TITLE_SHOWN, PERSIAN_SHOWN])

    table = window.review.queue.table
    row = shown.index(TITLE_SHOWN)
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(queue.index(row, QUEUE_TITLE)).center(),
    )
    qtbot.waitUntil(lambda: window.controller.document.ext_id == "d1")
    panel = window.review.candidates.model_
    qtbot.waitUntil(lambda: panel.rowCount() > 0)
    who = [panel.index(r, COL_WHO).data() for r in range(panel.rowCount())]
    labels = [panel.index(r, CANDIDATE_LABEL).data() for r in range(panel.rowCount())]
    assert f"2/2 {ALI_SHOWN}, sara" in who, who
    assert LABEL_SHOWN in labels, labels
    _no_raw(who + labels)


def test_a_received_annotator_and_label_show_escaped_in_the_agreement_window(
    qtbot, received: Path
) -> None:
    window = start(qtbot, received, UserSettings(annotator="lead")).window
    QTest.keyClick(window, Qt.Key.Key_G, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.agreement is not None and bool(window.agreement.view.report()))
    view = window.agreement.view
    matrix = view.matrix
    heads = [matrix.horizontalHeaderItem(c).text() for c in range(matrix.columnCount())]
    assert heads == [ALI_SHOWN, "sara"]
    assert view.pair_title.text().startswith(f"{ALI_SHOWN} ↔ sara · ")
    table = view.label_table
    rows = [table.verticalHeaderItem(r).text() for r in range(1, table.rowCount())]
    assert LABEL_SHOWN in rows, rows
    _no_raw(heads + rows)


def _drawn(line: str) -> str:
    """`line`'s characters as Qt draws them, left to right (marks left out)."""
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(line)
    layout.beginLayout()
    drawn = layout.createLine()
    layout.endLayout()
    at = []
    for i, ch in enumerate(line):
        if ch not in "\u202a\u202b\u202c\u2066\u2067\u2068\u2069":
            edges = drawn.cursorToX(i)[0], drawn.cursorToX(i + 1)[0]
            at.append((min(edges), ch))
    return "".join(ch for _, ch in sorted(at))


def test_a_kept_embedding_in_a_title_orders_nothing_after_it(qapp):
    """An embedding closed by its PDF still set the level the text after it starts from:
    the agreement window's tooltip "\u202breport\u202c (#12)" was drawn ")#12( report".
    The title is shown inside an isolate, which closes all; a Persian title wholly inside
    its embedding keeps its direction (made an isolate, it was laid out left to right)."""
    from annotator.core.text.names import shown_title

    assert _drawn(f"{shown_title('\u202breport\u202c')} (#12)") == "report (#12)"
    # a Persian reader reads "عنوان 1": drawn right to left, the 1 left of the word
    drawn = _drawn(f"{shown_title('\u202bعنوان\u202c\t1')} (#12)")
    word = [drawn.index(letter) for letter in "عنوان"]
    assert drawn.index("1") < min(word) and drawn.index("(") > max(word), drawn
