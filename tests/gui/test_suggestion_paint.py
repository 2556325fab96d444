"""A tag among suggestions, by its key in the window, paints what the article opened afresh
paints: what the view keeps between paints never shows a stale picture."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from annotator.core.services.actors import ActorRegistry
from annotator.core.store.project import Project
from annotator.gui import suggestion_layer

from .test_main_window import ARABIC, open_doc, start, tag_word


def test_a_tag_among_suggestions_paints_what_opening_the_article_again_paints(
    qtbot, corpus, monkeypatch
) -> None:
    # The patterns are built again right after the tag, so the list drawn after it is the
    # one the article opened again gets (a repeat of the tagged word among them).
    monkeypatch.setattr(suggestion_layer, "REBUILD_DELAY_MS", 0)
    with Project.open(corpus, create=False) as project:
        ActorRegistry(project).add("Vladimir Putin", ["بوتين"])
    session = start(qtbot, corpus)
    window = session.window
    view = window.view
    layer = window.annotate.suggestions
    doc = open_doc(session, ARABIC)

    def settled() -> bool:
        return bool(layer.items) and not layer.busy() and window.tasks.running() == 0

    qtbot.waitUntil(settled)
    view.viewport().repaint()
    before = len(layer.items)
    tag_word(qtbot, session, "الكرملين", "1")
    view.viewport().repaint()
    qtbot.wait(20)  # the rebuild's timer
    qtbot.waitUntil(settled)
    QTest.keyClick(view, Qt.Key.Key_Escape)  # the new span's focus ring off
    assert len(layer.items) != before  # the tag took suggestions off (or added repeats)
    view.clearFocus()  # no caret: a blinking one would make two pictures differ by chance
    view.viewport().repaint()  # what a paint keeps, kept
    window.resize(window.width() - 160, window.height())  # the lines break elsewhere
    view.viewport().repaint()
    kept = view.viewport().grab().toImage()
    scroll = view.verticalScrollBar().value()
    # What the view kept forgotten: every span's place and highlight read again from Qt.
    view._laid.clear()
    view._highlights.clear()
    view._refresh_visible()
    assert view.viewport().grab().toImage() == kept

    window.open_document(doc.id)  # every span and suggestion drawn again from nothing
    qtbot.waitUntil(settled)
    view.verticalScrollBar().setValue(scroll)
    assert view.verticalScrollBar().value() == scroll
    view.clearFocus()
    view.viewport().repaint()
    fresh: QImage = view.viewport().grab().toImage()
    assert fresh == kept
