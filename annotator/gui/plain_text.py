"""Message boxes and tooltips that show what they are given as text. Qt reads a message or a
tooltip as HTML when its first line looks like markup, and these carry what others wrote:
an import's problem names a file's label ("unknown label '<font size=7>…'"), a dashboard's
question a lead's name and a document's id from the server, a refused project the objects
its file holds, a tooltip a span's label or a document's title from a colleague's project.
Control and direction characters in such a name are the other half: `text.names.shown`
makes each visible and harmless, wherever the window shows a name, title or id."""

from __future__ import annotations

import html

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
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
    """A tooltip that shows `text` as it is. Qt shows a tooltip that does not look like
    markup as plain text, wrapped only past the screen's width: such a text is given back
    as it is. One that does is escaped into markup that shows it, its line breaks kept and
    its lines wrapped (`pre` kept a long span's tooltip on one line, 7,265 px wide)."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>'


def tip_text(tip: str) -> str:
    """What a tooltip `plain_tip` made shows, as text (to be shown again with more)."""
    if not QtGui.Qt.mightBeRichText(tip):
        return tip
    return QTextDocumentFragment.fromHtml(tip).toPlainText()
