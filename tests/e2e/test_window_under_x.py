"""The installed program under X, as an analyst uses it: keys and clicks through the X server,
results read from the stored project, window titles and screenshots."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from annotator.core.model import NewSpan
from annotator.core.store.project import Project

from .conftest import (
    RunningAnnotator,
    document_text,
    render_offscreen,
    stored_spans,
    wait_until,
)

pytestmark = pytest.mark.e2e

ARABIC = "002_4dcc44e69668bede"  # «بوتين يطلع ترامب على نتائج لقائه الأسد»
PERSIAN = "000_4b76e7f10bebfeab"
EFFECT_TIMEOUT_S = 5.0  # a key's effect is stored well within this, or not at all
DIALOG_TIMEOUT_S = 5.0

# Mean absolute difference (0-255, over the pixels and channels of the article's viewport)
# between the X window and the offscreen rendering of the same window. Measured here: 0.004
# for the same document (the caret's 60 pixels, a shade apart; a caret blinked away would be
# 0.04); 5.2 when one image is shifted by a pixel (9.1 by two, 13.7 by a line); 13.3 for
# another document; 14.7 for the text one zoom step larger; 214 in the dark theme. So 1.0
# takes hinting or antialiasing nuances between the platforms, and no difference in layout,
# font, size, direction or colour.
MAX_MEAN_DIFFERENCE = 1.0


Launch = Callable[..., RunningAnnotator]


def test_tag_undo_and_redo_with_the_keyboard(launch: Launch, demo_project: Path):
    """The window opens with the article focused; keys select a word, tag it, undo, redo."""
    app = launch(demo_project, document=ARABIC)
    text = document_text(demo_project, ARABIC)
    second = list(re.finditer(r"\S+", text))[1]  # «يطلع»
    expected = ("actor", second.start(), second.end(), second.group())

    def spans() -> list[tuple]:
        return [(s.label, s.start, s.end, s.text) for s in stored_spans(demo_project, ARABIC)]

    # No click first: the keys go where the window put the keyboard focus. In a right-to-left
    # paragraph Ctrl+Left moves forward a word: past the first, then extend over the second.
    app.key("ctrl+Home", "ctrl+Left", "ctrl+shift+Left", "1")
    wait_until(
        lambda: spans() == [expected],
        EFFECT_TIMEOUT_S,
        message=lambda: (
            f"Ctrl+Home, Ctrl+Left, Ctrl+Shift+Left, 1 should tag {expected} (the article "
            f"view has the focus when the window opens); stored: {spans()}{app.diagnostics()}"
        ),
    )

    app.key("ctrl+z")
    wait_until(
        lambda: spans() == [],
        EFFECT_TIMEOUT_S,
        message=lambda: f"Ctrl+Z should remove the span; stored: {spans()}{app.diagnostics()}",
    )

    app.key("ctrl+shift+z")  # redo, as an X user presses it
    wait_until(
        lambda: spans() == [expected],
        EFFECT_TIMEOUT_S,
        message=lambda: (
            f"Ctrl+Shift+Z should redo the tag {expected}; stored: {spans()}{app.diagnostics()}"
        ),
    )


@pytest.fixture
def shared_project(demo_project: Path) -> Path:
    """The demo articles, where the user (sara) and one colleague (omid) tagged one."""
    with Project.open(demo_project, create=False) as project:
        doc_id = project.documents.key_by_ext_id(ARABIC).id
        text = project.documents.get(doc_id).text
        putin, trump = text.index("بوتين"), text.index("ترامب")
        with project.transaction():
            project.spans.add(doc_id, "sara", NewSpan("actor", putin, putin + 5, "بوتين"))
            project.spans.add(doc_id, "omid", NewSpan("actor", putin, putin + 5, "بوتين"))
            project.spans.add(doc_id, "omid", NewSpan("actor", trump, trump + 5, "ترامب"))
    return demo_project


def test_review_the_own_work_and_a_colleagues(launch: Launch, shared_project: Path):
    """Ctrl+Shift+R asks whose work to review; Return starts the review."""
    app = launch(shared_project, document=ARABIC)
    app.key("ctrl+shift+r")
    try:
        dialog = app.wait_window(r"^Review annotators' work$", DIALOG_TIMEOUT_S)
    except AssertionError as exc:
        raise AssertionError(
            "Ctrl+Shift+R with sara's and omid's work should ask whose work to review "
            f"(a window titled «Review annotators' work»): {exc}{app.diagnostics()}"
        ) from None
    app.key("Return", window=dialog)
    wait_until(
        lambda: app.title().endswith("— review"),
        DIALOG_TIMEOUT_S,
        message=lambda: (
            f"after Return the window title should end with «— review»: {app.title()!r}"
            f"{app.diagnostics()}"
        ),
    )


def _image(path: Path, rect: list[int]) -> np.ndarray:
    """The RGB pixels of `rect` ([x, y, w, h]) of a PNG, as int16 for differences."""
    image = QImage(str(path))
    assert not image.isNull(), path
    image = image.convertToFormat(QImage.Format.Format_RGB888).copy(*rect)
    width, height, line = image.width(), image.height(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8).reshape(height, line)
    return raw[:, : width * 3].reshape(height, width, 3).astype(np.int16)


def _difference(a: np.ndarray, b: np.ndarray) -> float:
    assert a.shape == b.shape, (a.shape, b.shape)
    return float(np.abs(a - b).mean())


def test_ctrl_e_in_the_search_box_opens_the_export_dialog(
    launch: Launch, demo_project: Path, tmp_path: Path
):
    """Search for a name, then Ctrl+E: the File menu's shortcut works from the search box."""
    app = launch(demo_project, document=ARABIC)
    # No key reaches the search box (Tab walks the article's spans): click it, where the same
    # window at the same size has it.
    layout = render_offscreen(app, tmp_path / "layout.png")
    x, y, width, height = layout["search"]
    before = app.screenshot("search-before")
    app.click(x + width // 2, y + height // 2)
    app.type("بوتين")

    def typed() -> bool:
        after = app.screenshot("search-typed")
        return _difference(_image(before, layout["search"]), _image(after, layout["search"])) > 1

    wait_until(
        typed,
        EFFECT_TIMEOUT_S,
        message=lambda: f"the typed query does not show in the search box{app.diagnostics()}",
    )

    app.key("ctrl+e")
    try:
        dialog = app.wait_window(r"^Export$", DIALOG_TIMEOUT_S)
    except AssertionError as exc:
        raise AssertionError(
            f"Ctrl+E in the search box should open the Export dialog: {exc}{app.diagnostics()}"
        ) from None
    app.key("Escape", window=dialog)


def test_the_x_window_looks_like_its_offscreen_rendering(
    launch: Launch, demo_project: Path, tmp_path: Path
):
    """The article under X, with its Persian text, is drawn as the offscreen tests see it."""
    app = launch(demo_project, document=PERSIAN)
    offscreen = tmp_path / "offscreen.png"
    layout = render_offscreen(app, offscreen)
    assert layout["size"] == list(app.size()), layout
    area = layout["viewport"]  # the article's text area, frame and scroll bar excluded

    # The X window has had longer than the offscreen one to settle; two shots alike say so.
    shots = [app.screenshot("x-window-1")]

    def steady() -> bool:
        shots.append(app.screenshot(f"x-window-{len(shots) + 1}"))
        # above a caret's blink (0.04), far below a one-pixel shift (5.2)
        return _difference(_image(shots[-2], area), _image(shots[-1], area)) < 0.2

    wait_until(steady, 10.0, interval=0.3, message="the X window keeps changing")
    x_window = shots[-1]
    print(f"\nX window:  {x_window}\noffscreen: {offscreen}")

    real, reference = _image(x_window, area), _image(offscreen, area)
    for name, pixels in (("X window", real), ("offscreen", reference)):
        ink = float((pixels.mean(axis=2) < 128).mean())
        assert ink > 0.01, f"{name}: the article shows no text ({ink:.2%} dark pixels)"
    difference = _difference(real, reference)
    assert difference < MAX_MEAN_DIFFERENCE, (
        f"the article under X differs from its offscreen rendering: mean |Δ| {difference:.3f}"
        f" ≥ {MAX_MEAN_DIFFERENCE}; compare {x_window} and {offscreen}"
    )


def test_a_new_spans_badge_is_drawn_whole_without_a_repaint(
    launch: Launch, demo_project: Path, tmp_path: Path
):
    """Right after a tag the article shows what a full repaint shows: the badge whole, not a
    sliver waiting for a scroll (Qt repaints only the text under a changed selection)."""
    app = launch(demo_project, document=ARABIC)
    area = render_offscreen(app, tmp_path / "layout.png")["viewport"]  # the article only
    # Suggestions off: their patterns are rebuilt a moment after a tag, and new ones would
    # appear between the two screenshots.
    app.key("ctrl+shift+h")
    app.key("ctrl+Home", "ctrl+Left", "ctrl+shift+Left", "1")
    wait_until(
        lambda: len(stored_spans(demo_project, ARABIC)) == 1,
        EFFECT_TIMEOUT_S,
        message=lambda: f"the tag was not stored{app.diagnostics()}",
    )
    app.key("Escape")  # no focus ring
    time.sleep(0.6)  # the window draws what the tag changed
    shown = _image(app.screenshot("after-tag"), area)
    app.desktop.run("xdotool", "windowminimize", "--sync", app.window)
    app.desktop.activate(app.window)  # mapped again: drawn from scratch
    time.sleep(0.6)
    full = _image(app.screenshot("after-repaint"), area)
    changed = int((np.abs(shown - full).max(axis=2) > 40).sum())
    # the text caret may blink in between (a line of about 20 pixels); a badge is 200 or more
    assert changed < 60, (
        f"{changed} pixels differ between the article right after the tag and after a full "
        f"repaint: {app.folder}/after-tag.png, {app.folder}/after-repaint.png"
    )
