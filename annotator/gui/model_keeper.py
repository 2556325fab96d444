"""The window's learned model (issue 15): loaded at start, retrained in the background.

Training runs in a spawned process (`TrainingJob`): crfsuite holds the GIL for whole
optimiser iterations, so a thread would freeze the window. A timer polls the process; when
it lands, the stored model is loaded in a worker thread (the sidecar's digest, the tagger,
the project's gazetteers) and handed to the suggestions.

When to retrain: after every N new spans (the analyst's own, counted from the window's
broadcast) that the model can learn from, i.e. in a finished document. Spans tagged in a
document still in progress count once it is marked done: retraining before would give the
same model. On demand: Model ▸ Train now. Closing the window ends the process.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from annotator.core.changes import Changes
from annotator.core.errors import AnnotatorError
from annotator.core.learn import ModelStore, TrainingJob, training_documents
from annotator.core.learn.crf import NotEnoughData
from annotator.core.store.project import Project
from annotator.core.text.tokens import Tokenizer
from annotator.gui.host import Host
from annotator.gui.tasks import TaskFn

if TYPE_CHECKING:
    from annotator.core.learn import TrainedModel

log = logging.getLogger(__name__)

POLL_MS = 250  # how often the training process is asked how it stands


def landed_job(
    job: TrainingJob, store: ModelStore, project_path: Path, annotator: str, tokenizer: Tokenizer
) -> TaskFn:
    """The training's outcome, then the model it stored: in a worker, because collecting
    the outcome waits for the process to exit (~0.7 s of the window's time otherwise).
    Returns the model, or the reason there is none (NotEnoughData: a string)."""
    load = load_job(store, project_path, annotator, tokenizer)

    def run(progress: Any, cancelled: Any) -> TrainedModel | str | None:
        try:
            job.result(timeout=0)
        except NotEnoughData:
            return NOT_ENOUGH
        except AnnotatorError:
            raise
        except Exception as exc:  # the worker died (killed, out of memory): say so, go on
            log.error("model training failed: %r", exc)
            raise AnnotatorError(type(exc).__name__) from exc
        return load(progress, cancelled)

    return run


NOT_ENOUGH = "not enough"


def load_job(store: ModelStore, project_path: Path, annotator: str, tokenizer: Tokenizer) -> TaskFn:
    """The stored model, checked and opened off the GUI thread; None when there is none
    ready (missing, stale, damaged): the reason is the store's `state`."""

    def run(progress: Any, cancelled: Any) -> TrainedModel | None:
        from annotator.core.learn import Context

        with Project.open(project_path, create=False, for_reading=True, check_now=False) as p:
            return store.load(p, annotator, Context.of(p, tokenizer))

    return run


class ModelKeeper(QObject):
    """Holds the analyst's model; says in the status bar how it stands."""

    model_changed = Signal()  # `model` is another one (or None)
    trained = Signal()  # a training landed (the model window shows its figures)

    def __init__(self, host: Host, tokenizer: Tokenizer, models_dir: Path, status: QLabel) -> None:
        super().__init__(host.widget())
        self.host = host
        self.tokenizer = tokenizer
        self.store = ModelStore(models_dir)
        self.status = status
        self.model: TrainedModel | None = None
        self.job: TrainingJob | None = None
        self._again = False  # asked to train while a training was running
        self._pending: Counter[int] = Counter()  # new spans per document since the last start
        self._closed = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check)

    # -- state ------------------------------------------------------------------------------

    @property
    def annotator(self) -> str:
        return self.host.settings.annotator

    def training(self) -> bool:
        return self.job is not None

    def load(self) -> None:
        """The stored model, if one is ready for this project, labels and analyst."""
        project = self.host.project
        state = self.store.state(project, self.annotator)
        if not state.ready:
            self._say_idle(state.state)
            if state.state == "stale" and not project.read_only:  # the labels changed
                self.train_now(quiet=True)
            return
        self.host.tasks.start(
            "model",
            load_job(self.store, project.path, self.annotator, self.tokenizer),
            self._loaded,
            self._load_failed,
            show_dialog=False,
        )

    def _loaded(self, model: TrainedModel | None) -> None:
        if self._closed:
            return
        self.model = model
        self.model_changed.emit()
        if model is None:
            self._say_idle(self.store.state(self.host.project, self.annotator).state)
        else:
            self.status.setText(self.describe())

    def _load_failed(self, message: str) -> None:
        log.warning("model: %s", message)
        self.status.setText(self.tr("Model: not loaded (%s)") % message)

    def describe(self) -> str:
        """The status bar's words for the model in use."""
        model = self.model
        if model is None:
            return self.tr("Model: none yet")
        info = model.info
        documents = self.tr("%Ln document(s)", "", info.documents)
        evaluation = info.evaluation
        if evaluation:
            f1 = float(evaluation["micro"]["f1"])
            return self.tr("Model trained: F1 %s (%s)") % (f"{f1:.2f}", documents)
        return self.tr("Model trained (%s; too few to measure)") % documents

    def _say_idle(self, state: str) -> None:
        if state == "stale":
            self.status.setText(self.tr("Model: out of date (the labels changed)"))
        elif self._enough():
            self.status.setText(self.tr("Model: not trained yet"))
        else:
            self.status.setText(self.tr("Model: not enough annotations yet"))

    def _enough(self) -> bool:
        return bool(training_documents(self.host.project, self.annotator))

    def set_model(self, model: TrainedModel) -> None:
        """The same model with other thresholds (the model window stored them)."""
        self.model = model
        self.model_changed.emit()

    # -- when to retrain ---------------------------------------------------------------------

    def changed(self, changes: Changes) -> None:
        """Count the analyst's new spans; retrain once N of them are in finished documents.
        A label set that changed makes the model stale: it is rebuilt."""
        if self._closed or self.host.project.read_only:
            return
        for span in changes.added:
            if span.annotator == self.annotator:
                self._pending[span.document_id] += 1
        project = self.host.project
        if (
            changes.labels
            and self.model is not None
            and not self.store.state(project, self.annotator).ready
        ):
            self.model = None
            self.model_changed.emit()
            self.train_now(quiet=True)
            return
        every = self.host.settings.retrain_every
        new = sum(self._pending.values())
        if every <= 0 or new < every or not (changes.spans or changes.status):
            return
        learnable = {d for d, _who in training_documents(self.host.project, self.annotator)}
        if sum(n for d, n in self._pending.items() if d in learnable) >= every:
            self.train_now(quiet=True)

    def train_now(self, quiet: bool = False) -> None:
        """Start a training in a process (Model ▸ Train now, or N new spans)."""
        if self._closed:
            return
        if self.job is not None:
            self._again = True
            if not quiet:
                self.host.show_message(
                    self.tr("The model is training already; it trains again after.")
                )
            return
        project = self.host.project
        if not self._enough():
            self.status.setText(self.tr("Model: not enough annotations yet"))
            if not quiet:
                self.host.show_message(
                    self.tr("Nothing to learn from yet: mark documents with spans done first.")
                )
            return
        learnable = {d for d, _who in training_documents(project, self.annotator)}
        for doc in learnable:  # what this training sees no longer counts as new
            self._pending.pop(doc, None)
        # A retrain after new spans keeps a recent evaluation; one asked for measures anew.
        self.job = TrainingJob(
            project.path, self.annotator, self.store.directory, fresh_evaluation=not quiet
        )
        try:
            self.job.start()
        except OSError as exc:  # no process could be made (out of resources)
            self.job = None
            self.status.setText(self.tr("Model: could not start training (%s)") % exc)
            return
        self.status.setText(self.tr("Training the model…"))
        self._poll.start()

    def _check(self) -> None:
        job = self.job
        if job is None or not self._poll.isActive():
            self._poll.stop()
            return
        if not job.done():
            stage, done, total = job.progress()
            if stage == "evaluate" and total:
                said = self.tr("Training the model… (measuring %d/%d)") % (done, total)
                self.status.setText(said)
            elif stage == "train" and total:
                self.status.setText(self.tr("Training the model… (%d%%)") % (100 * done // total))
            return
        self._poll.stop()
        project = self.host.project
        task = self.host.tasks.start(
            "model",
            landed_job(job, self.store, project.path, self.annotator, self.tokenizer),
            self._landed,
            self._train_failed,
            show_dialog=False,
        )
        if task is None:  # the window is closing
            self.job = None

    def _landed(self, model: TrainedModel | str | None) -> None:
        self.job = None
        if self._closed:
            return
        if isinstance(model, str):
            self.status.setText(self.tr("Model: not enough annotations yet"))
        else:
            self._loaded(model)
            if model is not None:
                self.trained.emit()
        self._after()

    def _train_failed(self, message: str) -> None:
        self.job = None
        if not self._closed:
            self.status.setText(self.tr("Model: training failed (%s)") % message)
            self._after()

    def _after(self) -> None:
        if self._again:
            self._again = False
            self.train_now(quiet=True)

    def close(self) -> None:
        """The window is closing: end the training process now (nothing half-written: the
        store writes a model whole or not at all)."""
        self._closed = True
        landing = not self._poll.isActive()  # the job finished and its landing task runs
        self._poll.stop()
        job, self.job = self.job, None
        if job is not None and not landing:
            # Running, or finished with nobody left to collect it: the poll that would have
            # landed it is stopped, and its pool's worker would stay alive until the
            # program exits (a window closed on a quiet machine, where training is quick).
            job.cancel()
        # (one whose landing task runs is collected by it, which the window waits for)
