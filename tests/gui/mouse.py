"""Mouse gestures as a user makes them, where QTest's own stop half-way."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget


def double_click(
    widget: QWidget,
    pos: QPoint,
    button: Qt.MouseButton = Qt.MouseButton.LeftButton,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A whole double click: press, release, press (a double click), release.

    QTest.mouseDClick alone is the second press: without the click before it the widget
    sees no first click, and without the release after it Qt holds the button down for
    every later test in the process, showing no tooltip while it is down (the span panel's
    tooltip tests failed after any test that double-clicked)."""
    QTest.mouseClick(widget, button, modifiers, pos)
    QTest.mouseDClick(widget, button, modifiers, pos)
    QTest.mouseRelease(widget, button, modifiers, pos)
