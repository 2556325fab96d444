"""The analyst's window: documents, the article, its spans, labels; menus and shortcuts."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStyle,
    QToolBar,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Span, Status
from annotator.core.services.actors import ActorRegistry
from annotator.core.services.adjudication import AdjudicationService
from annotator.core.services.attribution import attribute
from annotator.core.services.corpus import CorpusService
from annotator.core.services.date_values import with_value
from annotator.core.services.topics import CLAIM_SOURCE_KEYS, TopicList
from annotator.core.store.project import Project
from annotator.core.text.tokens import Tokenizer
from annotator.gui import jobs
from annotator.gui.article_view import ArticleView
from annotator.gui.controller import AnnotationController
from annotator.gui.dialogs import (
    ExportDialog,
    GoldDifferencesDialog,
    ReviewSetupDialog,
    ShortcutsDialog,
)
from annotator.gui.document_list import DocumentList
from annotator.gui.document_model import status_text
from annotator.gui.i18n import LANGUAGES
from annotator.gui.label_palette import LabelPalette
from annotator.gui.settings import UserSettings
from annotator.gui.span_panel import SpanPanel
from annotator.gui.suggestion_layer import SuggestionLayer
from annotator.gui.tasks import TaskRunner
from annotator.gui.undo import AddSpan, RelabelSpan, RemoveSpan, SetAttrs, SetSource, SetStatus

if TYPE_CHECKING:
    from annotator.gui.review_mode import ReviewMode

log = logging.getLogger(__name__)

BIG_DOCUMENT = 200_000  # characters; bigger ones are tokenised in the view's own fallback
# Shown by app.py through window.tr(), whose context is MainWindow: marked here for lupdate.
APP_TEXTS = (
    QT_TRANSLATE_NOOP("MainWindow", "Preparing the demo corpus"),
    QT_TRANSLATE_NOOP("MainWindow", "Preparing the demo corpus…"),
)


class MainWindow(QMainWindow):
    """Built by app.py with everything it needs; owns no global state."""

    theme_requested = Signal(str)
    settings_changed = Signal()

    def __init__(self, project: Project, settings: UserSettings, tokenizer: Tokenizer) -> None:
        super().__init__()
        self.project = project
        self.settings = settings
        self.tokenizer = tokenizer
        self.tasks = TaskRunner(self)
        self.controller = AnnotationController(project, settings.annotator, self)
        self.corpus = CorpusService(project, settings.annotator)
        self.setWindowTitle(f"Seed Annotator — {project.path.name}")

        self.view = ArticleView(self)
        self.view.set_font_size(settings.font_size)
        self.setCentralWidget(self.view)
        self.documents = DocumentList(self.corpus, self)
        self.span_panel = SpanPanel(self)
        self.palette = LabelPalette(self)
        self._docks()
        self._source_for: int | None = None  # the claim whose source is being chosen
        self.suggestions = SuggestionLayer(self)
        self._review: ReviewMode | None = None  # built when review starts: a faster start
        self.agreement = None  # the agreement window, built on first use
        self._status_bar()
        self._actions()
        self._connect_signals()
        self.reload_labels()
        self._restore_layout()

    # -- construction ---------------------------------------------------------------------

    def _docks(self) -> None:
        left = QDockWidget(self.tr("Documents"), self)
        left.setObjectName("documents-dock")
        left.setWidget(self.documents)
        self.addDockWidget(self.dock_area(leading=True), left)
        right = QDockWidget(self.tr("Spans"), self)
        right.setObjectName("spans-dock")
        right.setWidget(self.span_panel)
        self.addDockWidget(self.dock_area(leading=False), right)
        bar = QToolBar(self.tr("Labels"), self)
        bar.setObjectName("labels-toolbar")
        bar.addWidget(self.palette)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.docks = {"documents": left, "spans": right}

    def dock_area(self, leading: bool) -> Qt.DockWidgetArea:
        """Lists lead, details trail: left and right in English, mirrored in Persian and
        Arabic (QMainWindow does not mirror its dock areas with the layout direction)."""
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            left, right = right, left
        return left if leading else right

    def _status_bar(self) -> None:
        self.who = QLabel(self)
        self.where = QLabel(self)
        self.progress_label = QLabel(self)
        self.state = QLabel(self)
        for widget in (self.who, self.where, self.state):
            self.statusBar().addWidget(widget)
        self.statusBar().addPermanentWidget(self.progress_label)
        self.who.setText(self.tr("Annotator: %s") % self.settings.annotator)
        self.where.setText(self.tr("Project: %s") % self.project.path.name)
        self.update_progress()

    def _action(
        self, text: str, keys: QKeySequence | str | list | None, slot, menu=None
    ) -> QAction:
        action = QAction(text, self)
        if keys:
            if isinstance(keys, list):
                action.setShortcuts(keys)
            else:
                action.setShortcut(keys)
        action.triggered.connect(slot)
        self.addAction(action)
        if menu is not None:
            menu.addAction(action)
        return action

    def _actions(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        tools = QToolBar(self.tr("Work"), self)
        tools.setObjectName("work-toolbar")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tools)
        icon = self.style().standardIcon
        pix = QStyle.StandardPixmap
        importing = self._action(self.tr("&Import…"), "Ctrl+I", self.import_files, file)
        exporting = self._action(self.tr("&Export…"), "Ctrl+E", self.export_jsonl, file)
        file.addSeparator()
        self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close, file)

        edit = bar.addMenu(self.tr("&Edit"))
        undo = self.controller.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcuts([QKeySequence.StandardKey.Undo])
        redo = self.controller.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        for action in (undo, redo):
            edit.addAction(action)
            self.addAction(action)
        self.undo_action, self.redo_action = undo, redo
        edit.addSeparator()
        delete = self._action(
            self.tr("&Delete span"),
            [QKeySequence(Qt.Key.Key_Delete), QKeySequence(Qt.Key.Key_Backspace)],
            self.delete_focused_span,
            edit,
        )

        self.suggestion_actions = [
            self._action(self.tr("Accept the suggestion"), "Y", self.suggestions.accept, edit),
            self._action(self.tr("Reject the suggestion"), "N", self.suggestions.reject, edit),
            self._action(
                self.tr("Accept every suggestion of this kind"),
                "Ctrl+Shift+Y",
                self.suggestions.accept_all_of_kind,
                edit,
            ),
        ]
        self._action(self.tr("Choose the claim's &source"), "S", self.pick_source, edit)
        self._action(self.tr("Remove the claim's source"), "Shift+S", self.unlink_source, edit)
        self.confirm_source_action = self._action(
            self.tr("Confirm the source"),
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
            self.confirm_source,
        )
        self.confirm_source_action.setEnabled(False)  # only while choosing a source

        document = bar.addMenu(self.tr("&Document"))
        done = self._action(
            self.tr("Mark &done and go to next"),
            ["Ctrl+Return", "Ctrl+Enter"],
            self.mark_done_and_next,
            document,
        )
        following = self._action(
            self.tr("&Next document"), "Ctrl+PgDown", self.next_document, document
        )
        previous = self._action(
            self.tr("&Previous document"), "Ctrl+PgUp", self.previous_document, document
        )
        for action, kind in (
            (importing, pix.SP_DialogOpenButton),
            (exporting, pix.SP_DialogSaveButton),
            (undo, pix.SP_ArrowBack),
            (redo, pix.SP_ArrowForward),
            (delete, pix.SP_TrashIcon),
            (previous, pix.SP_ArrowUp),
            (done, pix.SP_DialogApplyButton),
            (following, pix.SP_ArrowDown),
        ):
            action.setIcon(icon(kind))
            tools.addAction(action)

        self._review_actions(bar, tools, icon, pix)

        view = bar.addMenu(self.tr("&View"))
        self._action(
            self.tr("Zoom &in"),
            [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
            lambda: self.zoom(+1),
            view,
        )
        self._action(
            self.tr("Zoom &out"), QKeySequence.StandardKey.ZoomOut, lambda: self.zoom(-1), view
        )
        self._action(self.tr("&Reset zoom"), "Ctrl+0", lambda: self.zoom(0), view)
        view.addSeparator()
        self.dark_action = self._action(
            self.tr("&Dark theme"), "Ctrl+Shift+D", self.toggle_theme, view
        )
        self.dark_action.setCheckable(True)
        self.dark_action.setChecked(self.settings.theme == "dark")
        view.addSeparator()
        shown = self._action(
            self.tr("Show &suggestions"), "Ctrl+Shift+H", self.toggle_suggestions, view
        )
        shown.setCheckable(True)
        shown.setChecked(True)
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        self._language_menu(view)

        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(self.tr("&Keyboard shortcuts"), "F1", self.show_shortcuts, help_menu)
        self.label_actions: list[QAction] = []

    def _language_menu(self, view) -> None:
        """Each language under its own name, and the system's; applied at the next start."""
        menu = view.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        group.setExclusive(True)
        choices = [(None, self.tr("System language")), *LANGUAGES.items()]
        self.language_actions: dict[str | None, QAction] = {}
        for code, name in choices:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(self.settings.language == code)
            action.triggered.connect(lambda _=False, code=code: self.choose_language(code))
            group.addAction(action)
            self.language_actions[code] = action
            if code is None:
                menu.addSeparator()

    def choose_language(self, code: str | None) -> None:
        """Store the interface language; every window takes it when the program restarts."""
        self.language_actions[code].setChecked(True)
        if code == self.settings.language:
            return
        self.settings.language = code
        self.settings_changed.emit()
        self.statusBar().showMessage(
            self.tr("The new interface language applies when Seed Annotator is restarted."),
            10_000,
        )

    def _review_actions(self, bar, tools, icon, pix) -> None:
        review = bar.addMenu(self.tr("&Review"))
        self.review_action = self._action(
            self.tr("&Review annotators' work…"), "Ctrl+Shift+R", self.toggle_review, review
        )
        self.review_action.setCheckable(True)
        self._action(
            self.tr("A&greement between annotators…"), "Ctrl+Shift+G", self.show_agreement, review
        )
        self._action(
            self.tr("&Differences between gold and my work"),
            "Ctrl+Shift+F",
            self.show_gold_differences,
            review,
        )
        review.addSeparator()
        self.decision_actions = [
            # lambdas: triggered(checked) must not reach the optional arguments
            self._action(self.tr("&Accept candidate"), "A", lambda: self.review.accept(), review),
            self._action(self.tr("Re&ject candidate"), "R", lambda: self.review.reject(), review),
            self._action(
                self.tr("Accept where &all agree"),
                "Ctrl+Shift+A",
                lambda: self.review.accept_agreed(),
                review,
            ),
            self._action(
                self.tr("Accept where &K agree…"),
                "Ctrl+Shift+K",
                lambda: self.review.accept_k(),
                review,
            ),
            self._action(
                self.tr("Refresh the &ranking"),
                "Ctrl+Shift+U",
                lambda: self.review.refresh_ranking(),
                review,
            ),
        ]
        for action in self.decision_actions:
            action.setEnabled(False)
        self.review_action.setIcon(icon(pix.SP_FileDialogDetailedView))
        tools.addAction(self.review_action)

    @property
    def review(self) -> ReviewMode:
        if self._review is None:
            from annotator.gui.review_mode import ReviewMode

            self._review = ReviewMode(self)
        return self._review

    def reviewing(self) -> bool:
        return self._review is not None and self._review.active

    def mode_changed(self, reviewing: bool) -> None:
        """Review mode on or off: its keys work only there, and the title says which."""
        for action in self.suggestion_actions:
            action.setEnabled(not reviewing)
        if not reviewing:
            self.suggestions.refresh()
        for action in self.decision_actions:
            action.setEnabled(reviewing)
        self.review_action.setChecked(reviewing)
        mode = self.tr(" — review") if reviewing else ""
        self.setWindowTitle(f"Seed Annotator — {self.project.path.name}{mode}")
        self.who.setText(
            (self.tr("Reviewer: %s") if reviewing else self.tr("Annotator: %s"))
            % self.settings.annotator
        )

    def toggle_review(self) -> None:
        if self.reviewing():
            self.review.stop()
            return
        from annotator.core.services.agreement import AgreementService  # numpy: on demand

        names = AgreementService(self.project).annotators()
        names = [n for n in names if n != self.settings.annotator] or names
        if len(names) < 2:
            self.review_action.setChecked(False)
            self.show_error(
                self.tr("Review compares two or more annotators; this project has %d with work.")
                % len(names)
            )
            return
        dialog = ReviewSetupDialog(names, self)
        if dialog.exec():
            self.review.start(dialog.chosen())
        else:
            self.review_action.setChecked(False)

    def show_agreement(self) -> None:
        if self.agreement is None:
            from annotator.gui.agreement_pane import AgreementPane  # its widgets: on demand

            self.agreement = AgreementPane(self)
        session = self._review.session if self._review is not None else None
        annotators = list(session.annotators) if session is not None else None
        self.agreement.compute(annotators)

    def show_gold_differences(self) -> None:
        doc = self.controller.document
        if doc is None:
            return
        rows = self.review_service().differences(doc.id, self.settings.annotator)
        dialog = GoldDifferencesDialog(rows, self)
        dialog.span_requested.connect(self.view.select_range)
        dialog.exec()

    def review_service(self) -> AdjudicationService:
        return AdjudicationService(self.project, self.settings.annotator, ())

    def reload_labels(self) -> None:
        """Label keys come from the project: 1-4 by default, more when a project adds them."""
        labels = self.controller.labels()
        for action in self.label_actions:
            self.removeAction(action)
        self.label_actions = []
        for label in labels:
            if not label.shortcut:
                continue
            exact = f"Alt+{label.shortcut}"
            self.label_actions.append(
                self._action(
                    self.tr("Tag as %s") % label.name,
                    label.shortcut,
                    lambda _=False, name=label.name: self.tag(name),
                )
            )
            self.label_actions.append(
                self._action(
                    self.tr("Tag as %s, exact characters") % label.name,
                    exact,
                    lambda _=False, name=label.name: self.tag(name, exact=True),
                )
            )
        self.colors = {label.name: label.color for label in labels}
        self.palette.set_labels(labels)
        self.span_panel.set_labels(labels)
        if self._review is not None:
            self._review.candidates.set_labels(labels)

    def _connect_signals(self) -> None:
        c = self.controller
        c.document_opened.connect(self._show_document)
        c.span_added.connect(self._on_span_added)
        c.span_removed.connect(self._on_span_removed)
        c.span_changed.connect(self._on_span_changed)
        c.status_changed.connect(self._on_status_changed)
        c.error.connect(self.show_error)
        self.documents.document_activated.connect(self.open_document)
        self.palette.label_chosen.connect(self.tag)
        self.palette.add_requested.connect(self.add_label)
        self.span_panel.span_selected.connect(self.view.focus_span)
        self.span_panel.delete_requested.connect(self.delete_span)
        self.span_panel.relabel_requested.connect(self.relabel_span)
        self.span_panel.value_edited.connect(self.set_span_value)
        self.span_panel.completions = self._completions
        c.sources_changed.connect(self._show_sources)
        self.view.span_clicked.connect(self._source_clicked)
        self.view.span_focused.connect(self._source_focus_changed)
        self.view.span_focused.connect(self.span_panel.select_span)

    def _restore_layout(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode()))
        else:
            self.resize(1280, 800)
        if self.settings.window_state:
            self.restoreState(QByteArray.fromBase64(self.settings.window_state.encode()))

    # -- documents ------------------------------------------------------------------------

    def open_document(self, document_id: int) -> None:
        self.controller.open_document(document_id)

    def _show_document(self, doc: Document, spans: list[Span]) -> None:
        tokens = None
        if self.tokenizer.ready(doc.lang) and len(doc.text) <= BIG_DOCUMENT:
            tokens = self.tokenizer.tokenize(doc.text, doc.lang)
        self.view.set_document(doc.text, spans, self.colors, tokens)
        self.span_panel.set_spans(spans)
        if not self.reviewing():
            self.suggestions.refresh()
        if self.reviewing():
            self.review.show_document(doc.id)
        self.documents.select_document(doc.id)
        self.settings.positions[str(self.project.path)] = doc.ext_id
        if not self.reviewing():
            self.state.setText(self._status_text(doc))
        self.view.setFocus()

    def tokens_ready(self) -> None:
        """hazm finished loading in the background: Persian selections snap to its tokens."""
        doc = self.controller.document
        if doc is not None and doc.lang == "fa" and len(doc.text) <= BIG_DOCUMENT:
            self.view.set_tokens(self.tokenizer.tokenize(doc.text, doc.lang))

    def _status_text(self, doc: Document) -> str:
        return f"{doc.ext_id} · {doc.lang} · {status_text(self.controller.status())}"

    def restore_position(self) -> None:
        """Open the document last worked on in this project, or the first one."""
        ext_id = self.settings.positions.get(str(self.project.path))
        key = self.project.documents.key_by_ext_id(ext_id) if ext_id else None
        if key is not None:
            self.open_document(key.id)
            return
        first = self.documents.first_document_id()
        if first is not None:
            self.open_document(first)

    def next_document(self) -> None:
        self._step(+1)

    def previous_document(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if self.reviewing():
            self.review.step(delta)
            return
        doc = self.controller.document
        target = self.documents.neighbour(doc.id if doc else None, delta)
        if target is not None:
            self.open_document(target)

    def mark_done_and_next(self) -> None:
        if self.reviewing():
            self.review.mark_reviewed_and_next()
            return
        doc = self.controller.document
        if doc is None:
            return
        self.controller.undo_stack.push(SetStatus(self.controller, doc.id, Status.DONE))
        self.next_document()

    def refresh_corpus(self) -> None:
        self.documents.reload()
        self.update_progress()
        if self.controller.document is None:
            self.restore_position()

    def update_progress(self) -> None:
        done, total = self.corpus.progress()
        self.progress_label.setText(self.tr("%d of %d done") % (done, total))

    # -- editing --------------------------------------------------------------------------

    def tag(self, label: str, exact: bool = False) -> None:
        """A label key: tag the selection, or relabel the focused span when nothing is selected."""
        if self.reviewing():
            self.review.tag(label, exact)
            return
        doc = self.controller.document
        if doc is None:
            return
        selected = self.view.selected_range(exact=exact)
        if selected is not None:
            start, end = selected
            command = AddSpan(self.controller, doc.id, label, start, end)
            self.controller.undo_stack.push(command)
            if command.span is not None:
                # The label colour shows at once, and another key relabels what was just made.
                self.view.clear_selection()
                self.view.focus_span(command.span.id)
            return
        focused = self.view.focused_span_id()
        if focused is not None and focused in self.controller.spans:
            self.relabel_span(focused, label)
        elif (suggestion := self.suggestions.focused()) is not None:  # accepted as this label
            self.suggestions.accept(replace(suggestion, label=label))

    def add_label(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New label"), self.tr("Label name:"))
        if not ok or not name.strip():
            return
        try:
            with self.project.transaction():
                label = self.project.labels.add_new(name, with_key=True)
        except AnnotatorError as exc:
            self.show_error(str(exc))
            return
        self.reload_labels()
        key = f" ({label.shortcut})" if label.shortcut else ""
        self.statusBar().showMessage(self.tr("Added label %s%s") % (label.name, key), 5000)

    def relabel_span(self, span_id: int, label: str) -> None:
        span = self.controller.spans.get(span_id)
        if span is not None and span.label != label:
            self.controller.undo_stack.push(RelabelSpan(self.controller, span, label))

    # -- who said a claim --------------------------------------------------------------------

    def toggle_suggestions(self, shown: bool) -> None:
        self.suggestions.enabled = shown
        if not self.reviewing():
            self.suggestions.refresh()

    def pick_source(self) -> None:
        """S on a focused claim: choose its source, by a click on an actor span, or Tab to
        one and Enter. S again or Esc cancels; Shift+S removes the claim's source."""
        if self.reviewing():
            return
        if self._source_for is not None:
            self._end_source_pick(self.tr("No source chosen"))
            return
        claim = self.controller.spans.get(self.view.focused_span_id() or 0)
        if claim is None or claim.label != "claim":
            self.statusBar().showMessage(self.tr("Focus a claim first (Tab), then press S"), 5000)
            return
        self._source_for = claim.id
        self.confirm_source_action.setEnabled(True)
        doc = self.controller.document
        guess = attribute(doc.text, claim, list(self.controller.spans.values())) if doc else None
        if guess is not None:  # the speaker the paragraph names: Enter takes it
            self.view.focus_span(guess.id)
            self.statusBar().showMessage(
                self.tr("Said by %s? Enter confirms; click or Tab to another actor; Esc cancels")
                % guess.text
            )
            return
        self.statusBar().showMessage(
            self.tr("Who said it? Click an actor span, or Tab to one and press Enter; Esc cancels")
        )

    def unlink_source(self) -> None:
        claim = self.controller.spans.get(self.view.focused_span_id() or 0)
        if claim is not None and claim.id in self.controller.sources:
            self.controller.undo_stack.push(SetSource(self.controller, claim.id, None))

    def confirm_source(self) -> None:
        self._link_source(self.view.focused_span_id())

    def _source_clicked(self, span_id: int) -> None:
        if self._source_for is not None:
            self._link_source(span_id)

    def _source_focus_changed(self, span_id: int) -> None:
        if self._source_for is not None and span_id == -1:  # Esc, or a click on plain text
            self._end_source_pick(self.tr("No source chosen"))

    def _link_source(self, span_id: int | None) -> None:
        claim_id = self._source_for
        source = self.controller.spans.get(span_id or 0)
        if claim_id is None or source is None or source.id == claim_id:
            return
        if source.label != "actor":
            self.statusBar().showMessage(self.tr("A source is an actor span"), 4000)
            return
        self._end_source_pick(self.tr("Source linked"))
        self.controller.undo_stack.push(SetSource(self.controller, claim_id, source.id))
        self.view.focus_span(claim_id)

    def _end_source_pick(self, message: str) -> None:
        self._source_for = None
        self.confirm_source_action.setEnabled(False)
        self.statusBar().showMessage(message, 3000)

    def _completions(self, label: str) -> list[str]:
        """What the span panel's editor proposes: registry actors, or the topic list."""
        if label in ("actor", "claim"):
            return [a.name for a in ActorRegistry(self.project).actors.all()]
        if label == "topic":
            return TopicList(self.project).all()
        return []

    def _show_sources(self) -> None:
        sources = self.controller.sources
        self.view.set_links(list(sources.items()))
        spans = self.controller.spans
        self.span_panel.set_sources(
            {claim: spans[source].text for claim, source in sources.items() if source in spans}
        )

    def set_span_value(self, span_id: int, text: str) -> None:
        """A date's value typed or confirmed in the span panel: checked, stored, undoable."""
        span = self.controller.spans.get(span_id)
        if span is None:
            return
        try:
            if span.label == "actor":  # a registry actor: existing, or new in one step
                registry = ActorRegistry(self.project)
                attrs = registry.link_attrs(span.attrs, registry.resolve_typed(text, span.text))
            elif span.label == "topic":  # one of the project's topics (a new one is added)
                attrs = TopicList(self.project).with_topic(span.attrs, text)
            elif span.label == "claim":  # said by a registry actor not named in this article
                registry = ActorRegistry(self.project)
                actor = registry.resolve_typed(text, text) if text.strip() else None
                attrs = {k: v for k, v in span.attrs.items() if k not in CLAIM_SOURCE_KEYS}
                if actor is not None:
                    attrs.update(source_actor_id=actor.id, source_actor=actor.name)
            else:
                attrs = with_value(span.attrs, text)
        except AnnotatorError as exc:
            self.show_error(str(exc))
            return
        if attrs != span.attrs:
            self.controller.undo_stack.push(SetAttrs(self.controller, span, attrs))

    def delete_focused_span(self) -> None:
        if self.reviewing():
            self.review.reject()
            return
        span_id = self.view.focused_span_id()
        if span_id is not None:
            self.delete_span(span_id)

    def delete_span(self, span_id: int) -> None:
        span = self.controller.spans.get(span_id)
        if span is not None:
            self.controller.undo_stack.push(RemoveSpan(self.controller, span))

    def _on_span_added(self, span: Span) -> None:
        if self.reviewing():  # undo of an analyst's tag while reviewing: stay in review
            self.documents.refresh_document(span.document_id)
            return
        self.suggestions.invalidate()  # a new tagged text: its repeats become suggestions
        self.view.add_span(span)
        self.span_panel.add_span(span)
        self.documents.refresh_document(span.document_id)

    def _on_span_removed(self, span: Span) -> None:
        if self.reviewing():
            self.documents.refresh_document(span.document_id)
            return
        self.view.remove_span(span.id)
        self.span_panel.remove_span(span)
        self.documents.refresh_document(span.document_id)

    def _on_span_changed(self, span: Span) -> None:
        if self.reviewing():
            return
        self.view.replace_span(span)
        self.span_panel.replace_span(span)

    def _on_status_changed(self, document_id: int, _status: str) -> None:
        self.documents.refresh_document(document_id)
        self.update_progress()
        if self.controller.document is not None:
            self.state.setText(self._status_text(self.controller.document))

    # -- import and export (worker threads, own connections) ------------------------------

    def import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import articles"),
            "",
            self.tr(
                "Articles and annotations (*.txt *.jsonl *.ndjson *.json *.csv *.tsv *.ann "
                "*.conll *.bio *.iob);;All files (*)"
            ),
        )
        if files:
            self.run_import(files)

    def run_import(self, files: list[str]) -> None:
        self.tasks.start(
            self.tr("Importing"),
            jobs.import_job(self.project.path, files, self.settings.annotator),
            self._imported,
            self.show_error,
        )

    def _imported(self, summary: str) -> None:
        self.refresh_corpus()
        self.statusBar().showMessage(summary, 10_000)

    def export_jsonl(self) -> None:
        dialog = ExportDialog(self.settings.annotator, self)
        if not dialog.exec():
            return
        options = dialog.options()
        names = {
            "jsonl": ("gold.jsonl", self.tr("JSON Lines (*.jsonl)")),
            "doccano": ("gold.doccano.jsonl", self.tr("JSON Lines (*.jsonl)")),
            "prodigy": ("gold.prodigy.jsonl", self.tr("JSON Lines (*.jsonl)")),
            "hf": ("gold.hf.jsonl", self.tr("JSON Lines (*.jsonl)")),
            "labelstudio": ("gold.labelstudio.json", self.tr("JSON (*.json)")),
            "conll": ("gold.conll", self.tr("CoNLL (*.conll *.txt)")),
            "spacy": ("gold.spacy", self.tr("spaCy DocBin (*.spacy)")),
            "brat": ("gold_brat", self.tr("A new folder (*)")),
        }
        name, kind = names.get(options.format, ("gold.out", "*"))
        out, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), name, kind)
        if out:
            self.tasks.start(
                self.tr("Exporting"),
                jobs.export_job(self.project.path, Path(out), options),
                lambda summary: self.statusBar().showMessage(summary, 10_000),
                self.show_error,
            )

    # -- view -----------------------------------------------------------------------------

    def zoom(self, step: int) -> None:
        size = 15 if step == 0 else max(8, min(40, self.settings.font_size + step))
        self.settings.font_size = size
        self.view.set_font_size(size)

    def toggle_theme(self) -> None:
        self.settings.theme = "dark" if self.dark_action.isChecked() else "light"
        self.theme_requested.emit(self.settings.theme)

    def show_shortcuts(self) -> None:
        rows = [
            (
                a.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                a.text().replace("&", ""),
            )
            for a in self.actions()
            if not a.shortcut().isEmpty()
        ]
        rows += [
            ("Tab / Shift+Tab", self.tr("Next / previous span")),
            ("Ctrl+← / Ctrl+→, Shift", self.tr("Move the caret by words, extend")),
            ("Esc", self.tr("Clear the selection")),
        ]
        ShortcutsDialog(rows, self).exec()

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Seed Annotator"), message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.wait_all()
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode()
        self.settings.window_state = bytes(self.saveState().toBase64()).decode()
        self.settings_changed.emit()
        super().closeEvent(event)
