"""Message boxes and tooltips that show what they are given as text. Qt reads a message or a
tooltip as HTML when its first line looks like markup, and these carry what others wrote:
an import's problem names a file's label ("unknown label '<font size=7>…'"), a dashboard's
question a lead's name and a document's id from the server, a refused project the objects
its file holds, a tooltip a span's label or a document's title from a colleague's project."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def plain_box(
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: Button = Button.Ok,
    parent: QWidget | None = None,
) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def plain_tip(text: str) -> str:
    """A tooltip that shows `text` as it is, line breaks kept and no line wrapped, as Qt
    shows a plain one (a tooltip has no text format of its own to set)."""
    if not text:
        return text
    return f'<p style="white-space:pre">{html.escape(text, quote=False)}</p>'
