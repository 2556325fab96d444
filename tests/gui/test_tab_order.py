"""Tab leaves a table for the next control, as everywhere else in a desktop tool; arrows
move inside it. Qt's tables walk their cells with Tab by default, which trapped a
keyboard-only analyst in the span panel (the review queue and the dashboard's tables: in
their own tests)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .test_main_window import ARABIC, open_doc, start, tag_word


def test_tab_leaves_the_span_panel(qtbot, corpus):
    session = start(qtbot, corpus)
    open_doc(session, ARABIC)
    tag_word(qtbot, session, "بوتين", "1")
    tag_word(qtbot, session, "ترامب", "1")
    panel = session.window.span_panel
    rect = panel.visualRect(panel.spans.index(0, 0))
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.hasFocus()
    current = panel.currentIndex()
    QTest.keyClick(panel, Qt.Key.Key_Tab)
    assert not panel.hasFocus()
    assert panel.currentIndex() == current  # Tab did not move to the next cell
