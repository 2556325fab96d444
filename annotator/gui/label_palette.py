"""The label buttons: colour, key and name; a click tags the selection like the key does.

The default labels' names show in the interface language (i18n.label_title); the signal
carries the stored name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from annotator.core.model import Label
from annotator.gui.i18n import label_description, label_title
from annotator.gui.plain_text import plain_tip


def swatch(color: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class LabelPalette(QWidget):
    label_chosen = Signal(str)
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(4, 2, 4, 2)
        self.buttons: dict[str, QToolButton] = {}

    def set_labels(self, labels: list[Label]) -> None:
        for button in self.buttons.values():
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons.clear()
        while self._layout.count():  # the old stretch
            self._layout.takeAt(0)
        for label in labels:
            button = QToolButton(self)
            key = f"{label.shortcut}  " if label.shortcut else ""
            title = label_title(label.name)  # shown translated; emitted as stored
            button.setText(f"{key}{title}")
            button.setIcon(swatch(label.color))
            button.setToolTip(plain_tip(label_description(label.name, label.description) or title))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.clicked.connect(lambda _=False, name=label.name: self.label_chosen.emit(name))
            self._layout.addWidget(button)
            self.buttons[label.name] = button
        add = QToolButton(self)
        add.setText("+")
        add.setToolTip(self.tr("Add a label to this project"))
        add.clicked.connect(self.add_requested)
        self._layout.addWidget(add)
        self.buttons[""] = add
        self._layout.addStretch(1)
