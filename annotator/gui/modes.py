"""The window's modes: annotating one's own spans, and reviewing others' into gold.

The window holds one mode at a time and hands it what depends on the mode (a label key, Delete,
Ctrl+Enter, next document, a change); it never asks which mode it is in.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QAction

from annotator.core.changes import Changes
from annotator.core.model import Document


class Mode(Protocol):
    title: str  # added to the window title (" — review"); "" for annotating
    actions: list[QAction]  # enabled only while this mode is on

    def enter(self) -> None: ...

    def leave(self) -> None: ...

    def document_opened(self, doc: Document) -> None:
        """The article view shows `doc` with the analyst's own spans; the mode adds its own."""
        ...

    def changed(self, changes: Changes) -> None: ...

    def tag(self, label: str, exact: bool) -> None:
        """A label key: the selection, or the focused item, gets `label`."""
        ...

    def delete(self) -> None: ...

    def finish(self) -> None:
        """Ctrl+Enter: this document is done (or reviewed); on to the next."""
        ...

    def step(self, delta: int) -> None:
        """The next or previous document in this mode's list."""
        ...
