"""The analyst's window: documents, the article, its spans, labels; one mode at a time.

The window is the host of its modes (annotate, review) and the one place that hears what
every write changed: `on_changes` hands each panel the part it shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QWidget,
)

from annotator.core.changes import Changes
from annotator.core.model import Document, Span
from annotator.core.services.corpus import CorpusService
from annotator.core.store.project import Project
from annotator.core.text import names
from annotator.core.text.tokens import Tokenizer
from annotator.gui.annotate_mode import AnnotateMode
from annotator.gui.article_pane import ArticlePane
from annotator.gui.article_surface import modifiers_named
from annotator.gui.controller import AnnotationController
from annotator.gui.document_list import DocumentList
from annotator.gui.document_model import status_text
from annotator.gui.i18n import label_title, read_only_reason
from annotator.gui.label_palette import LabelPalette
from annotator.gui.modes import Mode
from annotator.gui.plain_text import plain_box, plain_tip
from annotator.gui.review_mode import ReviewMode
from annotator.gui.settings import UserSettings
from annotator.gui.span_panel import SpanPanel
from annotator.gui.tasks import TaskRunner
from annotator.gui.team_join import JoinCommand
from annotator.gui.window_actions import WindowActions
from annotator.gui.window_files import FileCommands
from annotator.gui.window_keys import WindowKeys
from annotator.gui.window_layout import LayoutKeeper
from annotator.gui.window_prefs import ViewCommands

log = logging.getLogger(__name__)

BIG_DOCUMENT = 200_000  # characters; bigger ones are tokenised in the view's own fallback
# Shown by app.py through window.tr(), whose context is MainWindow: marked here for lupdate.
APP_TEXTS = (
    QT_TRANSLATE_NOOP("MainWindow", "Preparing the demo corpus"),
    QT_TRANSLATE_NOOP("MainWindow", "Preparing the demo corpus…"),
)


if TYPE_CHECKING:
    from annotator.gui.agreement_pane import AgreementPane
    from annotator.gui.model_pane import ModelPane
    from annotator.gui.team_dashboard import TeamDashboard
    from annotator.gui.team_sync import SyncService


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
        self.colors: dict[str, str] = {}
        self.article = ArticlePane(self)
        self.view = self.article.view
        self.view.set_font_size(settings.font_size)
        self.view.exact_modifiers = modifiers_named(settings.selection_modifier)
        self.setCentralWidget(self.article)
        self.files = FileCommands(self)
        self.team_join = JoinCommand(self, self.files.open_in_window)
        self.prefs = ViewCommands(self)
        self.documents = DocumentList(self.corpus, self)
        self.span_panel = SpanPanel(self)
        self.label_palette = LabelPalette(self)
        self.annotate = AnnotateMode(self, self.documents, self.corpus)
        self._review: ReviewMode | None = None  # built when review starts: a faster start
        self.mode: Mode = self.annotate
        self.agreement: AgreementPane | None = None  # the agreement window, on first use
        self.dashboard: TeamDashboard | None = None  # a lead's team dashboard, on first use
        link = project.team.link()
        self.is_team_lead = link.get("role") == "lead" and "url" in link  # has a dashboard
        self.model_pane: ModelPane | None = None  # the model window, on first use
        self._docks()
        self._status_bar()
        self._learning()
        self.actions_ = WindowActions(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.actions_.toolbar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self._labels_bar)
        self.actions_.bind_icons()
        self.actions_.isolate_keys()  # after the tooltips, which name the keys themselves
        for dock in self.docks.values():
            self.actions_.panels.addAction(dock.toggleViewAction())
        self._window_keys = WindowKeys.install(self)
        self._connect_signals()
        self.reload_labels()
        self.layout_keeper = LayoutKeeper(self, self.settings, self.side_docks)
        self.layout_keeper.saved.connect(self.settings_changed)  # written to disk at once
        self.layout_keeper.restore()
        self.mode_changed()
        self.sync: SyncService | None = None
        if "person" in project.team.link() and not project.read_only:  # a team copy
            self._start_sync()

    # -- construction ---------------------------------------------------------------------

    def _docks(self) -> None:
        self.docks: dict[str, QDockWidget] = {}
        for name, title, widget, leading in (
            ("documents", self.tr("Documents"), self.documents, True),
            ("spans", self.tr("Spans"), self.span_panel, False),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"{name}-dock")
            dock.setWidget(widget)
            self.add_dock(dock, leading)
            self.docks[name] = dock
        self._labels_bar = QToolBar(self.tr("Labels"), self)
        self._labels_bar.setObjectName("labels-toolbar")
        self._labels_bar.addWidget(self.label_palette)

    def _status_bar(self) -> None:
        self.who, self.where, self.state = QLabel(self), QLabel(self), QLabel(self)
        self.progress_label = QLabel(self)
        for widget in (self.who, self.where, self.state):
            widget.setTextFormat(Qt.TextFormat.PlainText)  # a file's or a person's name
            self.statusBar().addWidget(widget)
        self.statusBar().addPermanentWidget(self.progress_label)
        if self.project.read_only:  # every edit will be refused: say so before the first
            self.where.setText(self.tr("Project: %s (read-only)") % self.project.path.name)
            self.where.setToolTip(read_only_reason(self.project.read_only))
        else:
            self.where.setText(self.tr("Project: %s") % self.project.path.name)
        self.update_progress()

    def _learning(self) -> None:
        """The learned model: its state in the status bar, its suggestions in the layer."""
        from annotator import paths
        from annotator.gui.model_keeper import ModelKeeper
        from annotator.gui.model_predictions import Predictions

        self.model_label = QLabel(self)
        self.model_label.setContentsMargins(12, 0, 4, 0)
        self.statusBar().addPermanentWidget(self.model_label)
        self.model = ModelKeeper(self, self.tokenizer, paths.models_dir(), self.model_label)
        self.predictions = Predictions(self, self.tokenizer)
        layer = self.annotate.suggestions
        layer.use_predictions(self.predictions)
        self.model.model_changed.connect(self._model_changed)
        self.documents.rank_requested.connect(self._rank_documents)
        self.model.load()

    def _rank_documents(self, query: object) -> None:
        """The list in the model's order, ranked in a worker with its own copy of the model."""
        from annotator.gui import jobs

        model = self.model.model
        if model is None:
            self.documents.ranking_failed()
            return

        def ranked(result: tuple[list, dict[int, float], int]) -> None:
            self.documents.show_ranked(query, *result)  # type: ignore[arg-type]

        def failed(message: str) -> None:
            self.documents.ranking_failed()
            self.show_message(message)

        self.tasks.start(
            self.tr("Ranking documents by the model's uncertainty"),
            jobs.uncertainty_job(self.project.path, model.copy(), query),
            ranked,
            failed,
            show_dialog=False,
        )

    def _model_changed(self) -> None:
        model = self.model.model
        retrained = (model is None) != (self.predictions.model is None) or (
            model is not None and self.predictions.model is not None
            and model.data != self.predictions.model.data
        )  # fmt: skip
        self.predictions.set_model(model)
        self.annotate.suggestions.model_changed()
        if retrained:  # not for a threshold: the order by uncertainty stays what it was
            self.documents.model_changed(model)

    def show_model(self) -> None:
        if self.model_pane is None:
            from annotator.gui.model_pane import ModelPane  # its widgets: on demand

            self.model_pane = ModelPane(self, self.model)
        self.model_pane.show()

    def _start_sync(self) -> None:
        """A team working copy syncs in the background while it is open; the status bar
        says how it stands, and what others did comes in like a local edit. (Imported
        here: psycopg is the `team` extra, and a local project never needs it.)"""
        from annotator.gui.team_sync import SyncService

        self.sync_label = QLabel(self)
        self.sync_label.setTextFormat(Qt.TextFormat.PlainText)  # the server's words: not HTML
        self.sync_label.setContentsMargins(12, 0, 4, 0)  # apart from "N of M done"
        self.statusBar().addPermanentWidget(self.sync_label)
        self.annotate.gold.enabled = self.project.team.link().get("role") != "lead"
        self.sync = SyncService(self.project.path, self)
        self.sync.changed.connect(self._sync_state)
        self._sync_state(self.sync.state.text, "")
        self.sync.pulled.connect(self.on_changes)
        self.controller.changed.connect(self._edited)
        if self.project.verified:
            self.sync.start()  # else once the background check has passed: project_checked

    def project_checked(self) -> None:
        """SQLite's check of the file passed: the sync may write into it now (a damaged
        copy is never synced, as it is never edited)."""
        if self.sync is not None and not self.sync.started():
            self.sync.start()

    def _edited(self, _changes: Changes) -> None:
        if self.sync is not None:  # every local write is in the outbox: push it soon
            self.sync.edited()

    def _sync_state(self, text: str, detail: str) -> None:
        self.sync_label.setText(text)
        self.sync_label.setToolTip(plain_tip(detail))  # the server's words: not HTML

    def _connect_signals(self) -> None:
        c = self.controller
        c.document_opened.connect(self._show_document)
        c.changed.connect(self.on_changes)
        c.error.connect(self.show_error)
        self.documents.document_activated.connect(self.open_document)
        self.documents.search_index_damaged.connect(self.files.offer_index_rebuild)
        self.label_palette.label_chosen.connect(self.tag)
        self.label_palette.add_requested.connect(self.annotate.add_label)
        self.span_panel.span_selected.connect(self.view.focus_span)
        self.span_panel.delete_requested.connect(self.annotate.delete_span)
        self.span_panel.relabel_requested.connect(self.annotate.relabel_span)
        self.span_panel.value_edited.connect(self.annotate.set_value)
        self.span_panel.completions = self.annotate.completions
        self.view.span_focused.connect(self.span_panel.select_span)

    # -- the host of the modes ------------------------------------------------------------

    def widget(self) -> QWidget:
        return self

    def show_message(self, text: str, ms: int = 5000) -> None:
        self.statusBar().showMessage(text, ms)

    def withdraw_message(self, text: str) -> None:
        if self.statusBar().currentMessage() == text:
            self.statusBar().clearMessage()

    def show_error(self, message: str) -> None:
        plain_box(QMessageBox.Icon.Warning, self.tr("Seed Annotator"), message, parent=self).exec()

    def set_state(self, text: str) -> None:
        self.state.setText(text)

    def add_dock(self, dock: QDockWidget, leading: bool) -> None:
        """Lists lead, details trail: left and right in English, mirrored in Persian and
        Arabic (QMainWindow does not mirror its dock areas with the layout direction)."""
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            left, right = right, left
        self.addDockWidget(left if leading else right, dock)

    @property
    def review(self) -> ReviewMode:
        if self._review is None:
            self._review = ReviewMode(self)
            self._review.candidates.set_labels(self.controller.labels())
            self.actions_.review.setChecked(False)
        return self._review

    def review_call(self, name: str) -> Callable[[], None]:
        """A review key's slot: review mode is built on first use, not at start."""
        return lambda: getattr(self.review, name)()

    def side_docks(self) -> list[QDockWidget]:
        """The docks beside the article now, in either mode."""
        docks = list(self.docks.values())
        if self._review is not None:
            docks += [self._review.queue_dock, self._review.candidates_dock]
        return docks

    def reviewing(self) -> bool:
        return self._review is not None and self._review.active

    def set_mode(self, mode: Mode) -> None:
        if mode is self.mode:
            return
        self.mode.leave()
        self.mode = mode
        annotating = mode is self.annotate
        self.docks["documents"].setVisible(annotating)
        self.docks["spans"].setVisible(annotating)
        mode.enter()
        self.mode_changed()
        doc = self.controller.document
        if doc is not None and annotating:  # edits undone in review show again
            spans = list(self.controller.spans.values())
            self.view.set_spans(spans)
            self.span_panel.set_spans(spans)
            self._show_sources()
            self.annotate.document_opened(doc)
            self._show_status(doc)

    def mode_changed(self) -> None:
        """The keys of the other mode are off, and the title and status bar say which."""
        annotating = self.mode is self.annotate
        for action in self.annotate.actions:
            action.setEnabled(annotating)
        for action in self.actions_.decision_actions:
            action.setEnabled(not annotating)
        self.actions_.review.setChecked(not annotating)
        self.setWindowTitle(f"Seed Annotator — {self.project.path.name}{self.mode.title}")
        who = self.tr("Annotator: %s") if annotating else self.tr("Reviewer: %s")
        self.who.setText(who % self.settings.annotator)

    def toggle_review(self) -> None:
        if self.reviewing():
            self.set_mode(self.annotate)
        elif self.review.choose():
            self.set_mode(self.review)
        self.actions_.review.setChecked(self.reviewing())

    # -- what the keys do: the mode decides -------------------------------------------------

    def tag(self, label: str, exact: bool = False) -> None:
        self.mode.tag(label, exact)

    def delete(self) -> None:
        self.mode.delete()

    def finish(self) -> None:
        self._commit_editing()
        self.mode.finish()

    def step(self, delta: int) -> None:
        self._commit_editing()
        self.mode.step(delta)

    def _commit_editing(self) -> None:
        """A value being typed in the span panel is stored before its document goes."""
        if self.span_panel.state() == self.span_panel.State.EditingState:
            self.view.setFocus()  # the editor loses the focus: its delegate commits it

    # -- documents --------------------------------------------------------------------------

    def open_document(self, document_id: int) -> None:
        self.controller.open_document(document_id)

    def _show_document(self, doc: Document, spans: list[Span]) -> None:
        # Only a file still being checked (a big one, checked while its window is up) can
        # hold a span past its text: the check refuses the file and offers a copy without
        # it; until then the article is shown without it, not ended in a traceback.
        fits = [s for s in spans if 0 <= s.start < s.end <= len(doc.text)]
        if len(fits) < len(spans):
            log.warning(
                "document %s: %d span(s) past its text not shown", doc.id, len(spans) - len(fits)
            )
            spans = fits
        tokens = None
        if self.tokenizer.ready(doc.lang) and len(doc.text) <= BIG_DOCUMENT:
            tokens = self.tokenizer.tokenize(doc.text, doc.lang)
        self.view.set_document(doc.text, spans, self.colors, tokens)
        self.article.set_text(doc.text)
        self._show_sources()
        self.span_panel.set_spans(spans)
        self.documents.select_document(doc.id)
        self.settings.positions[str(self.project.path)] = doc.ext_id
        self._show_status(doc)
        self.mode.document_opened(doc)
        search = self.documents.query().search
        if search:  # opened from a search of the list: show where it matched
            self.article.show_hit(search)
        self.view.setFocus()

    def _show_status(self, doc: Document, status: object = None) -> None:
        if self.mode is self.annotate:
            shown = status_text(status or self.controller.status())  # type: ignore[arg-type]
            self.state.setText(f"{names.shown_id(doc.ext_id)} · {doc.lang} · {shown}")

    def tokens_ready(self) -> None:
        """hazm finished loading in the background: Persian selections snap to its tokens."""
        doc = self.controller.document
        if doc is not None and doc.lang == "fa" and len(doc.text) <= BIG_DOCUMENT:
            self.view.set_tokens(self.tokenizer.tokenize(doc.text, doc.lang))
        self.predictions.tokens_ready()  # the model's Persian predictions wait for hazm

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

    def refresh_corpus(self) -> None:
        self.on_changes(Changes(corpus=True))

    def update_progress(self) -> None:
        done, total = self.corpus.progress()
        self.progress_label.setText(self.tr("%d of %d done") % (done, total))

    # -- the one broadcast ------------------------------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        """Each panel takes what it shows from what changed; nothing is read back."""
        doc = self.controller.document
        here = doc is not None and changes.touches(doc.id)
        if here and changes.spans and self.mode is self.annotate:
            for span in changes.removed:
                self.view.remove_span(span.id)
                self.span_panel.remove_span(span)
            for span in (*changes.added, *changes.updated):
                if span.id in self.controller.spans:
                    self.view.replace_span(span)
                    if self.span_panel.spans.row_of(span.id) is None:
                        self.span_panel.add_span(span)
                    else:
                        self.span_panel.replace_span(span)
        if here and self.controller.sources_moved and self.mode is self.annotate:
            self._show_sources()  # not on every removal: the panel measures all its values
        for document_id in changes.documents if (changes.spans or changes.status) else ():
            self.documents.refresh_document(document_id)
        if changes.status:
            self.update_progress()
            if doc is not None and (status := changes.status_of(doc.id)) is not None:
                self._show_status(doc, status)
        if changes.labels:
            self.reload_labels()
        if changes.corpus:
            self.documents.reload()
            self.update_progress()
            if doc is None:
                self.restore_position()
        self.mode.changed(changes)
        self.model.changed(changes)

    def _show_sources(self) -> None:
        sources, spans = self.controller.sources, self.controller.spans
        self.view.set_links(list(sources.items()))
        self.span_panel.set_sources(
            {claim: spans[source].text for claim, source in sources.items() if source in spans}
        )

    # -- labels -----------------------------------------------------------------------------

    def reload_labels(self) -> None:
        labels = self.controller.labels()
        self.actions_.set_labels(
            [(label_title(lab.name), lab.name, lab.shortcut) for lab in labels]
        )
        self.colors = {label.name: label.color for label in labels}
        self.view.set_colors(self.colors)
        self.label_palette.set_labels(labels)
        self.span_panel.set_labels(labels)
        if self._review is not None:
            self._review.candidates.set_labels(labels)

    # -- review and agreement -----------------------------------------------------------------

    def show_agreement(self) -> None:
        if self.agreement is None:
            from annotator.gui.agreement_pane import AgreementPane  # its widgets: on demand

            self.agreement = AgreementPane(self)
        session = self._review.session if self._review is not None else None
        self.agreement.compute(list(session.annotators) if session is not None else None)

    def show_team_dashboard(self) -> None:
        """A lead's progress and agreement so far, read from the server in the background.
        (Imported here: a local project never loads the team modules.)"""
        if not self.is_team_lead:
            return
        if self.dashboard is None:
            from annotator.gui.team_dashboard import TeamDashboard

            link = self.project.team.link()
            self.dashboard = TeamDashboard(self, link["url"], link.get("person", ""))
        self.dashboard.show()

    # -- the rest of the menus --------------------------------------------------------------

    def find_in_article(self) -> None:
        self.article.open_find()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.model.close()  # the training process ends with the window
        if self.sync is not None:
            self.sync.stop()
            self.sync = None
        self.tasks.wait_all()
        self.layout_keeper.close()
        super().closeEvent(event)
