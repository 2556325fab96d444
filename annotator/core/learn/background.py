"""Training off the window's process: crfsuite holds the GIL while it trains (see
`crf.train`), so a thread would freeze the window for whole optimiser iterations.

`TrainingJob` spawns one worker process (spawned, not forked: the window has Qt loaded;
without the parent's main script, as the normaliser pool does) that opens the project
read-only by path, trains (and evaluates), and stores the model in the models folder. The
window polls `progress()` from a timer, then loads the model with `ModelStore.load`.
Cancelling kills the worker: the model file is written whole or not at all, so nothing is
left half-written.
"""

from __future__ import annotations

import multiprocessing
import queue
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.core.text.normalize import _WorkerContext

if TYPE_CHECKING:
    from annotator.core.learn.storage import ModelStore
    from annotator.core.store.project import Project

_progress_queue: Any = None  # the worker's end of the progress queue


def _init(progress: Any) -> None:
    global _progress_queue
    _progress_queue = progress


def _report(stage: str) -> Any:
    def progress(done: int, total: int) -> None:
        if _progress_queue is not None:
            _progress_queue.put((stage, done, total))

    return progress


# A retrain after a few more documents keeps the stored model's evaluation (and its
# thresholds) until the documents it was measured on have grown by this factor: the k-fold
# evaluation and learning curve cost ten times the training (1,000 articles: 175 s of a
# 193 s job, the training 18 s), and a quarter more documents barely moves a threshold.
REEVALUATE_GROWTH = 1.25


def run_training(
    project_path: str,
    annotator: str,
    models_dir: str,
    evaluate_first: bool,
    folds: int,
    fresh_evaluation: bool = True,
) -> dict[str, Any]:
    """Train (and evaluate) and store; returns the stored model's info as a dict.
    Runs in the worker, or inline (the command line). `fresh_evaluation` False: reuse the
    stored model's evaluation while it is recent enough (REEVALUATE_GROWTH), as the
    window's retrains after every few new spans do; a training asked for measures anew."""
    from annotator.core.learn.crf import train
    from annotator.core.learn.data import training_documents
    from annotator.core.learn.evaluate import MIN_DOCUMENTS, evaluate
    from annotator.core.learn.storage import ModelStore
    from annotator.core.store.project import Project

    store = ModelStore(Path(models_dir))
    with Project.open(Path(project_path), create=False, for_reading=True) as project:
        evaluation: dict[str, Any] | None = None
        thresholds: dict[str, float] | None = None
        documents = len(training_documents(project, annotator))
        if evaluate_first and documents >= MIN_DOCUMENTS:
            kept = None if fresh_evaluation else _recent_evaluation(store, project, annotator)
            # Fewer documents than measured: some it was measured on are gone (reopened,
            # or another project file at this path), and its thresholds with them.
            measured_on = 0 if kept is None else int(kept[0].get("documents", 0))
            if kept is not None and measured_on <= documents < measured_on * REEVALUATE_GROWTH:
                evaluation, thresholds = kept
            else:
                measured = evaluate(project, annotator, folds=folds, progress=_report("evaluate"))
                evaluation = measured.as_dict()
        model = train(
            project,
            annotator,
            thresholds=thresholds,
            evaluation=evaluation,
            progress=_report("train"),
        )
        store.save(project, model)
        return model.info.as_dict()


def _recent_evaluation(
    store: ModelStore, project: Project, annotator: str
) -> tuple[dict[str, Any], dict[str, float]] | None:
    """The stored model's evaluation and thresholds (the window may have moved them), if
    the model is ready (same labels, same features) and was evaluated."""
    state = store.state(project, annotator)
    if not state.ready or state.info is None or not state.info.evaluation:
        return None
    return state.info.evaluation, dict(state.info.thresholds)


class TrainingJob:
    """One training in a worker process. Not thread-safe: start, poll and cancel from one
    thread (the window's)."""

    def __init__(
        self,
        project_path: Path,
        annotator: str,
        models_dir: Path,
        *,
        evaluate_first: bool = True,
        folds: int = 5,
        fresh_evaluation: bool = True,
    ) -> None:
        self._args = (
            str(project_path), annotator, str(models_dir), evaluate_first, folds,
            fresh_evaluation,
        )  # fmt: skip
        self._executor: ProcessPoolExecutor | None = None
        self._future: Future[dict[str, Any]] | None = None
        self._queue: Any = None
        self._last: tuple[str, int, int] = ("start", 0, 0)
        self._cancelled = False

    def start(self) -> None:
        context = _WorkerContext()
        self._queue = multiprocessing.get_context("spawn").SimpleQueue()
        self._executor = ProcessPoolExecutor(
            max_workers=1, mp_context=context, initializer=_init, initargs=(self._queue,)
        )
        self._future = self._executor.submit(run_training, *self._args)

    def progress(self) -> tuple[str, int, int]:
        """(stage, done, total): stage is start, evaluate or train."""
        while self._queue is not None and not self._queue.empty():
            try:
                self._last = self._queue.get()
            except (EOFError, OSError, queue.Empty):
                break
        return self._last

    def done(self) -> bool:
        return self._future is not None and self._future.done()

    def result(self, timeout: float | None = None) -> dict[str, Any]:
        """The stored model's info; raises what the training raised (AnnotatorError)."""
        if self._future is None:
            raise AnnotatorError("the training was not started")
        if self._cancelled:
            raise Cancelled("training was stopped")
        try:
            return self._future.result(timeout)
        finally:
            self._close()

    def cancel(self) -> None:
        """Stop the worker now (it may be deep inside crfsuite, where no flag is read)."""
        self._cancelled = True
        if self._executor is not None:
            for process in list(getattr(self._executor, "_processes", {}).values()):
                process.terminate()
        self._close()

    def _close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
