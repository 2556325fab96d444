"""The window's menus, toolbar and keys, in one table-like place.

Every key is given once: `keys()` expands Qt's standard keys (Redo is Ctrl+Y *and*
Ctrl+Shift+Z on X11) and drops repeats, because a sequence given twice to one action makes
Qt report "Ambiguous shortcut overload" under X and do nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QWidget
from shiboken6 import isValid

from annotator.gui.i18n import LANGUAGES
from annotator.gui.icons import bind_icons, with_keys

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

Key = QKeySequence | QKeySequence.StandardKey | str


def keys(*wanted: Key) -> list[QKeySequence]:
    """Each sequence once, in the order given; standard keys expanded for this platform."""
    out: list[QKeySequence] = []
    for key in wanted:
        if isinstance(key, QKeySequence.StandardKey):
            expanded = QKeySequence.keyBindings(key)
        else:
            expanded = [QKeySequence(key)]
        for sequence in expanded:
            if not sequence.isEmpty() and sequence not in out:
                out.append(sequence)
    return out


def make_action(
    owner: QWidget,
    text: str,
    shortcut: Sequence[Key] | Key | None,
    slot: Callable[[], object],
    menu: QMenu | None = None,
) -> QAction:
    """An action of the window (its keys work wherever the focus is in the window)."""
    action = QAction(text, owner)
    if shortcut:
        wanted = shortcut if isinstance(shortcut, list | tuple) else [shortcut]
        action.setShortcuts(keys(*wanted))
    action.triggered.connect(lambda _=False: slot())
    owner.addAction(action)
    if menu is not None:
        menu.addAction(action)
    return action


class WindowActions(QObject):
    """Builds the menus and the toolbar; the window keeps the actions it switches."""

    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.w = w
        bar = w.menuBar()
        self.file = bar.addMenu(self.tr("&File"))
        self.edit = bar.addMenu(self.tr("&Edit"))
        self.document = bar.addMenu(self.tr("&Document"))
        self.review_menu = bar.addMenu(self.tr("&Review"))
        self.model_menu = bar.addMenu(self.tr("&Model"))
        self.view = bar.addMenu(self.tr("&View"))
        self.help = bar.addMenu(self.tr("&Help"))
        self.toolbar = QToolBar(self.tr("Work"), w)
        self.toolbar.setObjectName("work-toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.label_actions: list[QAction] = []
        self._file()
        self._edit()
        self._document()
        self._review()
        self._model()
        self._view()
        self.add(self.tr("&Keyboard shortcuts"), "F1", w.prefs.show_shortcuts, self.help)

    def add(
        self, text: str, shortcut: Sequence[Key] | Key | None, slot: Callable[[], object],
        menu: QMenu | None = None,
    ) -> QAction:  # fmt: skip
        return make_action(self.w, text, shortcut, slot, menu)

    def _file(self) -> None:
        w, menu = self.w, self.file
        self.add(
            self.tr("&Open project…"), QKeySequence.StandardKey.Open, w.files.open_project, menu
        )
        self.recent = menu.addMenu(self.tr("&Recent projects"))
        self.recent.aboutToShow.connect(lambda: w.files.fill_recent(self.recent))
        self.join_team = self.add(
            self.tr("&Join team project…"), "Ctrl+Shift+J", w.team_join.ask, menu
        )
        menu.addSeparator()
        self.importing = self.add(self.tr("&Import…"), "Ctrl+I", w.files.import_files, menu)
        self.exporting = self.add(self.tr("&Export…"), "Ctrl+E", w.files.export, menu)
        menu.addSeparator()
        self.add(
            self.tr("&Preferences…"),
            [QKeySequence.StandardKey.Preferences, "Ctrl+,"],
            w.prefs.preferences,
            menu,
        )
        menu.addSeparator()
        self.add(self.tr("&Quit"), [QKeySequence.StandardKey.Quit, "Ctrl+Q"], w.close, menu)

    def _edit(self) -> None:
        w, menu = self.w, self.edit
        stack = w.controller.undo_stack
        self.undo = stack.createUndoAction(w, self.tr("&Undo"))
        self.undo.setShortcuts(keys(QKeySequence.StandardKey.Undo))
        self.redo = stack.createRedoAction(w, self.tr("&Redo"))
        self.redo.setShortcuts(keys("Ctrl+Shift+Z", QKeySequence.StandardKey.Redo))
        for action in (self.undo, self.redo):
            menu.addAction(action)
            w.addAction(action)
        menu.addSeparator()
        self.find = self.add(
            self.tr("&Find in the article…"), QKeySequence.StandardKey.Find, w.find_in_article, menu
        )
        menu.addSeparator()
        self.delete = self.add(
            self.tr("&Delete span"),
            [QKeySequence(Qt.Key.Key_Delete), QKeySequence(Qt.Key.Key_Backspace)],
            w.delete,
            menu,
        )
        a = w.annotate
        self.suggestion_actions = [
            self.add(self.tr("Accept the suggestion"), "Y", a.accept_suggestion, menu),
            self.add(self.tr("Reject the suggestion"), "N", a.reject_suggestion, menu),
            self.add(
                self.tr("Accept every suggestion of this kind"),
                "Ctrl+Shift+Y",
                a.accept_all_suggestions,
                menu,
            ),
            self.add(self.tr("Choose the claim's &source"), "S", a.pick_source, menu),
            self.add(self.tr("Remove the claim's source"), "Shift+S", a.unlink_source, menu),
        ]
        confirm = self.add(
            self.tr("Confirm the source"),
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
            a.confirm_source,
        )
        confirm.setEnabled(False)  # only while choosing a source
        # Enter confirms in the article only: in a line edit (a value being typed, the
        # search box) Enter is the box's.
        w.removeAction(confirm)
        w.view.addAction(confirm)
        confirm.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        a.source_actions = [confirm]
        a.actions = list(self.suggestion_actions)
        menu.addSeparator()
        self.add(self.tr("Add a &label…"), None, w.annotate.add_label, menu)

    def _document(self) -> None:
        w, menu = self.w, self.document
        self.done = self.add(
            self.tr("Mark &done and go to next"), ["Ctrl+Return", "Ctrl+Enter"], w.finish, menu
        )
        self.reopen = self.add(self.tr("Mark &in progress"), None, w.annotate.reopen, menu)
        self.next = self.add(self.tr("&Next document"), "Ctrl+PgDown", lambda: w.step(+1), menu)
        self.previous = self.add(
            self.tr("&Previous document"), "Ctrl+PgUp", lambda: w.step(-1), menu
        )

    def _review(self) -> None:
        w, menu = self.w, self.review_menu
        self.review = self.add(
            self.tr("&Review annotators' work…"), "Ctrl+Shift+R", w.toggle_review, menu
        )
        self.review.setCheckable(True)
        self.add(self.tr("A&greement between annotators…"), "Ctrl+Shift+G", w.show_agreement, menu)
        self.add(
            self.tr("&Differences between gold and my work"),
            "Ctrl+Shift+F",
            w.annotate.show_gold_differences,
            menu,
        )
        # A lead's working copy only: an analyst's server rows show only their own work.
        self.team_dashboard = self.add(
            self.tr("&Team dashboard…"), "Ctrl+Shift+T", w.show_team_dashboard, menu
        )
        self.team_dashboard.setEnabled(w.is_team_lead)
        menu.addSeparator()
        # Review's own keys: built now so that F1 and the menu list them, enabled in review.
        review = w.review_call
        self.decision_actions = [
            self.add(self.tr("&Accept candidate"), "A", review("accept"), menu),
            self.add(self.tr("Re&ject candidate"), "R", review("reject"), menu),
            self.add(
                self.tr("Accept where &all agree"), "Ctrl+Shift+A", review("accept_agreed"), menu
            ),
            self.add(self.tr("Accept where &K agree…"), "Ctrl+Shift+K", review("accept_k"), menu),
            self.add(
                self.tr("Refresh the &ranking"), "Ctrl+Shift+U", review("refresh_ranking"), menu
            ),
        ]
        for action in self.decision_actions:
            action.setEnabled(False)

    def _model(self) -> None:
        w, menu = self.w, self.model_menu
        self.add(self.tr("The &model: scores and thresholds…"), "Ctrl+Shift+M", w.show_model, menu)
        self.train = self.add(
            self.tr("&Train the model now"), "Ctrl+Shift+L", lambda: w.model.train_now(), menu
        )

    def _view(self) -> None:
        w, menu = self.w, self.view
        self.add(
            self.tr("Zoom &in"),
            [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
            lambda: w.prefs.zoom(+1),
            menu,
        )
        self.add(
            self.tr("Zoom &out"), QKeySequence.StandardKey.ZoomOut, lambda: w.prefs.zoom(-1), menu
        )
        self.add(self.tr("&Reset zoom"), "Ctrl+0", lambda: w.prefs.zoom(0), menu)
        menu.addSeparator()
        self.dark = self.add(self.tr("&Dark theme"), "Ctrl+Shift+D", w.prefs.toggle_theme, menu)
        self.dark.setCheckable(True)
        self.dark.setChecked(w.settings.theme == "dark")
        menu.addSeparator()
        self.shown = self.add(
            self.tr("Show &suggestions"), "Ctrl+Shift+H", w.prefs.toggle_suggestions, menu
        )
        self.shown.setCheckable(True)
        self.shown.setChecked(True)
        menu.addSeparator()
        self.panels = menu  # the docks' toggles are added once the docks exist
        self._languages(menu)

    def _languages(self, view: QMenu) -> None:
        """Each language under its own name, and the system's; applied at the next start."""
        w = self.w
        menu = view.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        group.setExclusive(True)
        choices = [(None, self.tr("System language")), *LANGUAGES.items()]
        self.languages: dict[str | None, QAction] = {}
        for code, name in choices:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(w.settings.language == code)
            action.triggered.connect(lambda _=False, code=code: w.prefs.choose_language(code))
            group.addAction(action)
            self.languages[code] = action
            if code is None:
                menu.addSeparator()

    def bind_icons(self) -> None:
        """Drawn icons in the theme's text colour; each tooltip names its keys."""
        pairs = {
            self.importing: "import", self.exporting: "export", self.undo: "undo",
            self.redo: "redo", self.delete: "delete", self.previous: "previous",
            self.done: "done", self.next: "next", self.find: "find", self.review: "review",
        }  # fmt: skip
        for action in pairs:
            self.toolbar.addAction(action)
            action.setToolTip(with_keys(action.text(), action))
        self._icons = bind_icons(self.toolbar, pairs)

    def isolate_keys(self) -> None:
        """In a right-to-left menu Qt lays the key out right to left too: "Ctrl++" read
        "++Ctrl". The menus get the key text themselves, isolated left to right (a tab in
        an action's text is where a menu puts its key)."""
        if self.w.layoutDirection() != Qt.LayoutDirection.RightToLeft:
            return
        menus = (self.file, self.edit, self.document, self.review_menu, self.model_menu)
        for menu in (*menus, self.view, self.help):
            for action in menu.actions():
                _isolate_key(action)
        # The undo stack writes these two texts anew at every edit ("Undo Tag actor").
        stack = self.w.controller.undo_stack
        stack.undoTextChanged.connect(self._undo_text_changed)  # gone with this object
        stack.redoTextChanged.connect(self._redo_text_changed)

    def _undo_text_changed(self, _text: str) -> None:
        _isolate_key(self.undo)

    def _redo_text_changed(self, _text: str) -> None:
        _isolate_key(self.redo)

    def set_labels(self, labels: Sequence[tuple[str, str, str | None]]) -> None:
        """Label keys from the project: 1-4 by default, more when a project adds them;
        Alt+key keeps the selection's exact characters."""
        w = self.w
        for action in self.label_actions:
            w.removeAction(action)
        self.label_actions = []
        for title, name, shortcut in labels:
            if not shortcut:
                continue
            self.label_actions += [
                self.add(self.tr("Tag as %s") % title, shortcut, _tagger(w, name, exact=False)),
                self.add(
                    self.tr("Tag as %s, exact characters") % title,
                    f"Alt+{shortcut}",
                    _tagger(w, name, exact=True),
                ),
            ]


def _isolate_key(action: QAction) -> None:
    if not isValid(action):  # the stack outlives the window's actions while it closes
        return
    if action.shortcuts() and "\t" not in action.text():
        key = action.shortcuts()[0].toString(QKeySequence.SequenceFormat.NativeText)
        action.setText(f"{action.text()}\t\u2066{key}\u2069")


def _tagger(w: MainWindow, name: str, exact: bool) -> Callable[[], None]:
    return lambda: w.tag(name, exact)
