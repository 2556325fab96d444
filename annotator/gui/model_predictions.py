"""The model's predictions for the open article, made in a worker thread and kept.

The CRF is asked once per document and model (~10 ms for a short article, ~40 ms for a long
one: features in Python, tagging in C), never on the GUI thread and never per tag: a tag
shows the suggestions again from what is kept here, so the window's tag latency does not
change with a model. Thresholds filter the kept predictions (`Prediction.confidence`), so
moving a label's threshold needs no new prediction either.

The worker has its own copy of the model (a crfsuite tagger is not thread-safe), and one
prediction runs at a time: opening documents quickly asks only for the last one.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from annotator.core.model import Document
from annotator.core.text.tokens import Tokenizer
from annotator.gui.host import Host

if TYPE_CHECKING:
    from annotator.core.learn import Prediction, TrainedModel

KEPT = 64  # documents whose predictions are kept (a session's back and forth)


class Predictions(QObject):
    ready = Signal(int)  # document id whose predictions arrived

    def __init__(self, host: Host, tokenizer: Tokenizer) -> None:
        super().__init__(host.widget())
        self.host = host
        self.tokenizer = tokenizer
        self.model: TrainedModel | None = None
        self._worker_model: TrainedModel | None = None
        self._kept: OrderedDict[int, list[Prediction]] = OrderedDict()
        self._generation = 0  # a new model makes predictions in flight worthless
        self._running = False
        self._wanted: Document | None = None

    def set_model(self, model: TrainedModel | None) -> None:
        """Another model: what was kept is forgotten, unless only thresholds changed (the
        same bytes predict the same spans)."""
        same = model is not None and self.model is not None and model.data == self.model.data
        self.model = model
        if same:
            return
        self._generation += 1
        self._kept.clear()
        self._worker_model = model.copy() if model is not None else None

    def get(self, doc: Document) -> list[Prediction] | None:
        """The kept predictions, or None while they are being made (`ready` says when)."""
        if self.model is None:
            return None
        kept = self._kept.get(doc.id)
        if kept is not None:
            self._kept.move_to_end(doc.id)
            return kept
        self._wanted = doc
        self._next()
        return None

    def _next(self) -> None:
        doc = self._wanted
        model = self._worker_model
        if self._running or doc is None or model is None:
            return
        if not self.tokenizer.ready(doc.lang):
            return  # hazm is still loading: asked again when it is (`tokens_ready`)
        self._wanted = None
        generation = self._generation

        def run(progress: Any, cancelled: Any) -> tuple[int, int, list[Prediction]]:
            return generation, doc.id, model.predict(doc)

        self._running = True
        task = self.host.tasks.start("predict", run, self._made, self._failed, show_dialog=False)
        if task is None:
            self._running = False

    def _made(self, result: tuple[int, int, list[Prediction]]) -> None:
        self._running = False
        generation, doc_id, predictions = result
        if generation == self._generation:
            self._kept[doc_id] = predictions
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
            self.ready.emit(doc_id)
        self._next()

    def _failed(self, _message: str) -> None:
        self._running = False
        self._next()

    def tokens_ready(self) -> None:
        self._next()
