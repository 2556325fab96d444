"""The article with its find bar above it: the window's central widget."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from annotator.gui.article_view import ArticleView
from annotator.gui.find_bar import FindBar


class ArticlePane(QWidget):
    """Ctrl+F opens the bar; its matches are highlighted in the article and the current
    one is selected and scrolled to, so a label key can tag it at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ArticleView(self)
        self.find_bar = FindBar(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        self.find_bar.matches_changed.connect(self.view.set_found)
        self.find_bar.match_selected.connect(self.view.select_range)
        self.find_bar.closed.connect(self.view.setFocus)

    def set_text(self, text: str) -> None:
        self.find_bar.set_text(text)

    def open_find(self, query: str | None = None) -> None:
        """The bar with `query`, or with the article's selected words, or as it was."""
        if query is None:
            selected = self.view.selection_codepoints()
            if selected is not None and selected[1] - selected[0] <= 100:
                query = self.view.text()[selected[0] : selected[1]]
        self.find_bar.open(query)

    def show_hit(self, query: str) -> None:
        """A document opened from a search of the list: its first match selected and in
        view, the keyboard left in the article."""
        self.find_bar.open(query)
        self.view.setFocus()
