"""The lead's gold on the open document, drawn over an analyst's own work in a team copy.

In a team the analyst does not review: the lead's decisions arrive by the sync, and the
analyst sees them where they work, as a layer apart from their own spans (a ✓ badge, as
review draws gold), never as spans they could edit.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from annotator.core.changes import Changes
from annotator.core.model import GOLD
from annotator.gui.article_paint import SpanMark, badge_text
from annotator.gui.article_view import OverlayItem
from annotator.gui.host import Host

OVERLAY = "gold"


class GoldLayer(QObject):
    def __init__(self, host: Host) -> None:
        super().__init__(host.widget())
        self.host = host
        self.enabled = False  # on in an analyst's team copy only
        self.active = True  # off while review mode shows gold its own way

    def changed(self, changes: Changes) -> None:
        doc = self.host.controller.document
        if changes.gold and changes.touches(doc.id if doc else None):
            self.refresh()

    def refresh(self) -> None:
        doc = self.host.controller.document
        items: list[OverlayItem] = []
        if self.enabled and self.active and doc is not None:
            items = [
                OverlayItem(
                    span.id, span.label, span.start, span.end, span.text,
                    SpanMark(f"✓{badge_text(span.label)}"),
                )
                for span in self.host.project.spans.for_document(doc.id, GOLD)
            ]  # fmt: skip
        self.host.view.set_overlay(OVERLAY, items)

    def keys(self) -> list[int]:
        return self.host.view.overlay_keys(OVERLAY)

    def hide(self) -> None:
        self.active = False
        self.host.view.set_overlay(OVERLAY, [])

    def show(self) -> None:
        self.active = True
        self.refresh()
