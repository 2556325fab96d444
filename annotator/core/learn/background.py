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
from typing import Any

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.core.text.normalize import _WorkerContext

_progress_queue: Any = None  # the worker's end of the progress queue


def _init(progress: Any) -> None:
    global _progress_queue
    _progress_queue = progress


def _report(stage: str) -> Any:
    def progress(done: int, total: int) -> None:
        if _progress_queue is not None:
            _progress_queue.put((stage, done, total))

    return progress


def run_training(
    project_path: str, annotator: str, models_dir: str, evaluate_first: bool, folds: int
) -> dict[str, Any]:
    """Train (and evaluate) and store; returns the stored model's info as a dict.
    Runs in the worker, or inline (the command line)."""
    from annotator.core.learn.crf import train
    from annotator.core.learn.data import training_documents
    from annotator.core.learn.evaluate import MIN_DOCUMENTS, evaluate
    from annotator.core.learn.storage import ModelStore
    from annotator.core.store.project import Project

    with Project.open(Path(project_path), create=False, for_reading=True) as project:
        evaluation = None
        if evaluate_first and len(training_documents(project, annotator)) >= MIN_DOCUMENTS:
            evaluation = evaluate(project, annotator, folds=folds, progress=_report("evaluate"))
        model = train(
            project,
            annotator,
            evaluation=None if evaluation is None else evaluation.as_dict(),
            progress=_report("train"),
        )
        ModelStore(Path(models_dir)).save(project, model)
        return model.info.as_dict()


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
    ) -> None:
        self._args = (str(project_path), annotator, str(models_dir), evaluate_first, folds)
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
