"""What the window lends its modes and helpers: a narrow interface instead of the window.

Review mode, the suggestion layer and the agreement window are typed against `Host`, so
none of them can reach into the window's private parts, and a test can see at a glance what
each one uses.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QDockWidget, QWidget

from annotator.core.store.project import Project
from annotator.gui.article_view import ArticleView
from annotator.gui.controller import AnnotationController
from annotator.gui.settings import UserSettings
from annotator.gui.tasks import TaskRunner


class Host(Protocol):
    project: Project
    settings: UserSettings
    tasks: TaskRunner
    controller: AnnotationController
    view: ArticleView

    def widget(self) -> QWidget:
        """The parent for dialogs and docks."""
        ...

    def open_document(self, document_id: int) -> None: ...

    def show_message(self, text: str, ms: int = 5000) -> None:
        """A passing line in the status bar."""
        ...

    def withdraw_message(self, text: str) -> None:
        """Clear the passing line if it still says `text`, which no longer holds."""
        ...

    def show_error(self, text: str) -> None: ...

    def set_state(self, text: str) -> None:
        """The status bar's lasting part: where the analyst is and in which mode."""
        ...

    def add_dock(self, dock: QDockWidget, leading: bool) -> None:
        """Lists lead (left in English, right in Persian and Arabic), details trail."""
        ...
