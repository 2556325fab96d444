"""The View menu and Preferences: font size, theme, language, name, selection modifier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence

from annotator.gui.article_surface import modifiers_named
from annotator.gui.dialogs import PreferencesDialog, ShortcutsDialog

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


class ViewCommands(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window

    def preferences(self) -> None:
        """Every change applies at once, but the language (a restart) and the name (the
        project connection is the old name's until then)."""
        w = self.w
        settings = w.settings
        dialog = PreferencesDialog(settings, w)
        if not dialog.exec():
            return
        chosen = dialog.values()
        if chosen.font_size != settings.font_size:
            self.zoom(chosen.font_size - settings.font_size)
        if chosen.theme != settings.theme:
            w.actions_.dark.setChecked(chosen.theme == "dark")
            self.toggle_theme()
        if chosen.language != settings.language:
            self.choose_language(chosen.language)
        settings.selection_modifier = chosen.selection_modifier
        w.view.exact_modifiers = modifiers_named(chosen.selection_modifier)
        if chosen.annotator != settings.annotator:
            settings.annotator = chosen.annotator
            w.show_message(self.tr("Your new name applies when Seed Annotator is restarted."))
        w.settings_changed.emit()

    def choose_language(self, code: str | None) -> None:
        """Store the interface language; every window takes it when the program restarts."""
        w = self.w
        w.actions_.languages[code].setChecked(True)
        if code == w.settings.language:
            return
        w.settings.language = code
        w.settings_changed.emit()
        w.show_message(
            self.tr("The new interface language applies when Seed Annotator is restarted."),
            10_000,
        )

    def zoom(self, step: int) -> None:
        w = self.w
        size = 15 if step == 0 else max(8, min(40, w.settings.font_size + step))
        w.settings.font_size = size
        w.view.set_font_size(size)

    def toggle_theme(self) -> None:
        w = self.w
        w.settings.theme = "dark" if w.actions_.dark.isChecked() else "light"
        w.theme_requested.emit(w.settings.theme)

    def toggle_suggestions(self) -> None:
        suggestions = self.w.annotate.suggestions
        suggestions.enabled = self.w.actions_.shown.isChecked()
        suggestions.refresh()

    def show_shortcuts(self) -> None:
        w = self.w
        native = QKeySequence.SequenceFormat.NativeText
        rows = [
            (
                ", ".join(s.toString(native) for s in a.shortcuts()),
                a.text().split("\t")[0].replace("&", ""),
            )
            for a in w.actions()
            if a.shortcuts()
        ]
        rows += [
            ("Tab / Shift+Tab", self.tr("Next / previous span")),
            ("Ctrl+← / Ctrl+→, Shift", self.tr("Move the caret by words, extend")),
            ("F2", self.tr("Edit the span's value (date, actor, topic, claim's speaker)")),
            ("Esc", self.tr("Clear the selection")),
        ]
        ShortcutsDialog(rows, w).exec()
