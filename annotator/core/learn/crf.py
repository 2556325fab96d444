"""Training the conditional random field, and what a trained one predicts.

A CRF (python-crfsuite) rather than a neural tagger: the issue measured it learning a Persian
NER corpus to token F1 0.63 from 1,000 sentences in 2.2 s on one core, and it needs no GPU,
no download and 1 MB of wheel.
"""

from __future__ import annotations

import math
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import pycrfsuite

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.core.learn.data import Example, examples
from annotator.core.learn.features import (
    OUTSIDE,
    Gazetteers,
    bio_tags,
    spans_from_tags,
    token_features,
)
from annotator.core.model import GOLD, Document
from annotator.core.store.project import Project
from annotator.core.text.tokens import Token, Tokenizer

# Bumped whenever features or tags change meaning: a model of another version is stale.
FEATURES_VERSION = 1
DEFAULT_THRESHOLD = 0.5  # before an evaluation has chosen one per label
TARGET_PRECISION = 0.8
# Measured on NewsFANE (benchmarks/model.py; 1,000 sentences, 8 coarse types, 300 held out):
# 100 iterations with c1 0.05: F1 0.570 in 16.5 s CPU; these: 0.574 in 9.7 s; 30 iterations:
# 0.532 in 5.8 s. crfsuite's l2sgd (0.515, 6.5 s) and averaged perceptron (0.487, 2.9 s)
# learn less, and the perceptron's marginals are no probabilities to threshold.
CRF_PARAMS: dict[str, Any] = {
    "c1": 0.1,  # L1: keeps the model small (most features end at zero)
    "c2": 0.05,
    "max_iterations": 50,
    "feature.possible_transitions": True,
}

# What one training reads at most, in tokens (the user may pass None: everything). crfsuite's
# L-BFGS costs ~0.1 ms a token over its 50 iterations whatever the templates, c1/c2 or
# minfreq (benchmarks/model.py: each moved time by under 10%; 30 iterations saved 30% for
# 0.02-0.04 F1): 1,000 articles (460k tokens) took 48 s in crfsuite alone, so the budget is
# what keeps a training of a large project under 30 s. 150k tokens is ~330 articles or
# ~3,700 sentences, past where the NewsFANE learning curve flattens.
DEFAULT_MAX_TOKENS = 150_000
# Lines without a span teach the model what is outside every label. Past the first
# EMPTY_LINES_ALL_UNTIL tokens a few of them teach it as well as all: one in
# EMPTY_LINE_EVERY is kept (measured at 1,000 NewsFANE sentences: F1 0.466 against 0.460,
# 11% fewer tokens; more on news whose paragraphs name no one). A small project keeps them
# all: with a dozen documents, dropping them let the model suggest nothing that passed the
# thresholds its evaluation chose.
EMPTY_LINE_EVERY = 3
EMPTY_LINES_ALL_UNTIL = 50_000

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


class NotEnoughData(AnnotatorError):
    """Nothing to learn from yet: no finished document with a span."""


@dataclass(frozen=True)
class Prediction:
    """A span the model proposes: code point offsets into the stored text, on token edges.

    `confidence` is the smallest of the marginal probabilities of the span's tags (B- on the
    first token, I- on the rest) and of the tag that closes it (the next token not I- of the
    label): the span is exactly right only if all of them are, so the joint probability is
    at most their minimum. The mean would rate a span whose edge is a coin toss as sure as
    its sure middle, and a wrong edge is a wrong suggestion.
    """

    start: int
    end: int
    label: str
    text: str
    confidence: float


@dataclass(frozen=True)
class ModelInfo:
    """What a trained model knows and how it was made; stored beside it as JSON."""

    annotator: str
    labels: tuple[str, ...]  # the project's labels when it was trained
    version: int = FEATURES_VERSION
    trained_at: str = ""
    documents: int = 0
    spans: int = 0
    tokens: int = 0
    train_cpu_s: float = 0.0
    thresholds: dict[str, float] = field(default_factory=dict)  # label -> minimum confidence
    evaluation: dict[str, Any] | None = None  # Evaluation.as_dict() of the data it saw

    def as_dict(self) -> dict[str, Any]:
        return {
            "annotator": self.annotator, "labels": list(self.labels), "version": self.version,
            "trained_at": self.trained_at, "documents": self.documents, "spans": self.spans,
            "tokens": self.tokens, "train_cpu_s": self.train_cpu_s,
            "thresholds": dict(self.thresholds), "evaluation": self.evaluation,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelInfo:
        """Raises ValueError/TypeError/KeyError on anything but what as_dict wrote."""
        thresholds = {str(k): float(v) for k, v in dict(data["thresholds"]).items()}
        evaluation = data.get("evaluation")
        if evaluation is not None and not isinstance(evaluation, dict):
            raise TypeError("evaluation is not an object")
        return cls(
            annotator=str(data["annotator"]),
            labels=tuple(str(x) for x in data["labels"]),
            version=int(data["version"]),
            trained_at=str(data["trained_at"]),
            documents=int(data["documents"]),
            spans=int(data["spans"]),
            tokens=int(data["tokens"]),
            train_cpu_s=float(data["train_cpu_s"]),
            thresholds=thresholds,
            evaluation=evaluation,
        )


class Context:
    """What turns a document into features: the tokenizer and the project's gazetteers."""

    def __init__(self, gazetteers: Gazetteers, tokenizer: Tokenizer | None = None) -> None:
        self.gazetteers = gazetteers
        self.tokenizer = tokenizer or Tokenizer()

    @classmethod
    def of(cls, project: Project, tokenizer: Tokenizer | None = None) -> Context:
        from annotator.core.services.topics import TopicList

        aliases = [alias for actor in project.actors.all() for alias in actor.aliases]
        return cls(Gazetteers.build(aliases, TopicList(project).all()), tokenizer)

    def tokens(self, doc: Document) -> list[Token]:
        return self.tokenizer.tokenize(doc.text, doc.lang)

    def features(self, doc: Document, tokens: Sequence[Token]) -> list[list[str]]:
        return token_features(doc.text, tokens, doc.lang, self.gazetteers)


class TrainedModel:
    """A trained CRF in memory. Not thread-safe (one crfsuite tagger): use it from one
    thread, or give each thread its own `copy()`."""

    def __init__(self, data: bytes, info: ModelInfo, context: Context) -> None:
        self.data = data
        self.info = info
        self.context = context
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(data)  # only bytes we trained or verified (see storage)

    def copy(self) -> TrainedModel:
        return TrainedModel(self.data, self.info, self.context)

    def with_info(self, info: ModelInfo) -> TrainedModel:
        return TrainedModel(self.data, info, self.context)

    @property
    def labels(self) -> tuple[str, ...]:
        return self.info.labels

    def threshold(self, label: str) -> float:
        return self.info.thresholds.get(label, DEFAULT_THRESHOLD)

    def predict(self, doc: Document, tokens: Sequence[Token] | None = None) -> list[Prediction]:
        """Every span the model finds, with its confidence, whatever the thresholds."""
        tokens = self.context.tokens(doc) if tokens is None else tokens
        if not tokens:
            return []
        tagger = self._tagger
        tagger.set(self.context.features(doc, tokens))
        tags = tagger.tag()
        out = []
        for first, last, label in spans_from_tags(tags):
            probs = [tagger.marginal(tags[i], i) for i in range(first, last)]
            if last < len(tokens):
                probs.append(1.0 - _marginal(tagger, "I-" + label, last))
            start, end = tokens[first].start, tokens[last - 1].end
            out.append(Prediction(start, end, label, doc.text[start:end], min(probs)))
        return out

    def suggestions(self, doc: Document) -> list[Prediction]:
        """predict(), keeping only what passes its label's threshold."""
        return [p for p in self.predict(doc) if p.confidence >= self.threshold(p.label)]

    def uncertainty(self, doc: Document) -> Uncertainty:
        """How unsure the model is of a document, for ordering what to annotate next."""
        tokens = self.context.tokens(doc)
        if not tokens:
            return Uncertainty(doc.id, 0.0, 0.0, 0)
        tagger = self._tagger
        tagger.set(self.context.features(doc, tokens))
        tagger.tag()
        tags = tagger.labels()
        expected = 0.0
        for t in range(len(tokens)):
            expected += 1.0 - max(tagger.marginal(y, t) for y in tags)
        return Uncertainty(doc.id, expected / len(tokens), expected, len(tokens))


@dataclass(frozen=True)
class Uncertainty:
    """`score`: the mean over tokens of 1 - the most probable tag's marginal (least
    confidence, per token): comparable between short and long documents, so the list can be
    sorted by it (highest first). `expected_errors`: the same summed, the number of tokens
    the model expects to get wrong: what annotating the document would teach it."""

    document_id: int
    score: float
    expected_errors: float
    tokens: int


def _marginal(tagger: pycrfsuite.Tagger, tag: str, t: int) -> float:
    try:
        return float(tagger.marginal(tag, t))
    except (ValueError, RuntimeError):  # a tag the model never saw
        return 0.0


class _Trainer(pycrfsuite.Trainer):
    """Reports iterations and stops when asked: crfsuite calls `message` with each log line
    (only when verbose), and an exception raised there ends the training."""

    def __init__(self, progress: Progress | None, cancelled: IsCancelled | None) -> None:
        super().__init__(verbose=True)
        self._progress = progress
        self._cancelled = cancelled

    def message(self, message: str) -> None:
        event = self.logparser.feed(message)
        if self._cancelled is not None and self._cancelled():
            raise Cancelled("training was stopped")
        if event == "iteration" and self._progress is not None:
            done = int(self.logparser.iterations[-1]["num"])
            self._progress(done, int(CRF_PARAMS["max_iterations"]))


@dataclass
class Prepared:
    """An example turned into what crfsuite reads. `features` None: made again when read
    (`features_of`), as the evaluation does: every document's feature strings at once
    were most of its memory, and remaking them from the per-word cache is cheap."""

    example: Example
    tokens: list[Token]
    features: list[list[str]] | None
    tags: list[str]
    context: Context | None = None

    def features_of(self) -> list[list[str]]:
        if self.features is not None:
            return self.features
        if self.context is None:
            raise ValueError("a document prepared without features needs its context")
        return self.context.features(self.example.document, self.tokens)


def prepare(
    items: Iterable[Example],
    context: Context,
    cancelled: IsCancelled | None = None,
    keep_features: bool = True,
) -> list[Prepared]:
    return list(prepare_each(items, context, cancelled, keep_features))


def prepare_each(
    items: Iterable[Example],
    context: Context,
    cancelled: IsCancelled | None = None,
    keep_features: bool = True,
) -> Iterator[Prepared]:
    for ex in items:
        if cancelled is not None and cancelled():
            raise Cancelled("training was stopped")
        tokens = context.tokens(ex.document)
        if tokens:
            feats = context.features(ex.document, tokens) if keep_features else None
            yield Prepared(ex, tokens, feats, bio_tags(tokens, ex.spans), context)


Sequence_ = tuple[list[list[str]], list[str]]


def line_sequences(
    prepared: Prepared, empty_seen: list[int], sample: bool = True
) -> Iterator[Sequence_]:
    """A document's lines as crfsuite sequences: every line holding a span, and (`sample`)
    one in EMPTY_LINE_EVERY of the others (`empty_seen` counts them across documents), else
    all. Features stay those of the whole document, as `predict` computes them."""
    text = prepared.example.document.text
    groups: list[list[int]] = []
    previous_end: int | None = None
    for i, token in enumerate(prepared.tokens):
        if previous_end is None or "\n" in text[previous_end : token.start]:
            groups.append([])
        groups[-1].append(i)
        previous_end = token.end
    features = prepared.features_of()
    for group in groups:
        tags = [prepared.tags[i] for i in group]
        if sample and all(tag == OUTSIDE for tag in tags):
            empty_seen[0] += 1
            if empty_seen[0] % EMPTY_LINE_EVERY:
                continue
        yield [features[i] for i in group], tags


# Gold comes first, but may fill at most this share of the budget while the analyst's own
# finished documents wait: with a budget's worth of gold, the analyst's newest work (what
# asked for the retrain) was never read, and every retrain made the same model. Gold left
# out by its share is read after them if the budget still has room.
GOLD_SHARE = 0.5


def within_budget(
    prepared: Iterable[Prepared], max_tokens: int | None, counts: dict[str, int] | None = None
) -> Iterator[Sequence_]:
    """The training sequences of documents in order until `max_tokens` would be passed
    (the first document always goes in; gold within GOLD_SHARE of it until the analyst's
    own documents are read); `counts` gets documents, spans and tokens read."""
    counts = {} if counts is None else counts
    for key in ("documents", "spans", "tokens"):
        counts.setdefault(key, 0)
    empty_seen = [0]
    gold_cap = None if max_tokens is None else max_tokens * GOLD_SHARE
    gold_tokens = 0
    deferred: list[Prepared] = []  # gold past its share
    for p in prepared:
        is_gold = p.example.layer == GOLD
        if is_gold and gold_cap is not None and gold_tokens >= gold_cap:
            deferred.append(p)
            continue
        sequences = _read(p, counts, empty_seen, max_tokens)
        if sequences is None:
            if is_gold:
                deferred.append(p)
                continue
            break
        gold_tokens += sum(len(tags) for _f, tags in sequences) if is_gold else 0
        yield from sequences
    for p in deferred:
        sequences = _read(p, counts, empty_seen, max_tokens)
        if sequences is None:
            return
        yield from sequences


def _read(
    p: Prepared, counts: dict[str, int], empty_seen: list[int], max_tokens: int | None
) -> list[Sequence_] | None:
    """The document's sequences, counted; None if they would pass the budget (the first
    document always goes in)."""
    sample = counts["tokens"] >= EMPTY_LINES_ALL_UNTIL
    sequences = list(line_sequences(p, empty_seen, sample))
    size = sum(len(tags) for _f, tags in sequences)
    if max_tokens is not None and counts["tokens"] + size > max_tokens and counts["documents"]:
        return None
    counts["documents"] += 1
    counts["spans"] += len(p.example.spans)
    counts["tokens"] += size
    return sequences


def fit(
    prepared: Iterable[Prepared],
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    max_tokens: int | None = DEFAULT_MAX_TOKENS,
) -> bytes:
    """The trained model's bytes (crfsuite writes a file; it is read back and removed)."""
    return fit_stream(within_budget(prepared, max_tokens), progress, cancelled)


def fit_stream(
    sequences: Iterable[tuple[list[list[str]], list[str]]],
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> bytes:
    """fit() of sequences made as they are appended: crfsuite keeps its own compact copy,
    so only one document's Python feature strings are alive at a time, not every one's."""
    trainer = _Trainer(progress, cancelled)
    learned = False
    for features, tags in sequences:
        trainer.append(features, tags)
        learned = learned or any(tag != OUTSIDE for tag in tags)
    if not learned:
        raise NotEnoughData("nothing to learn from yet: no finished document has a span")
    trainer.set_params(CRF_PARAMS)
    fd, name = tempfile.mkstemp(prefix="seed-crf-", suffix=".crfsuite")
    os.close(fd)
    try:
        trainer.train(name)
        with open(name, "rb") as handle:
            return handle.read()
    finally:
        os.unlink(name)


def train(
    project: Project,
    annotator: str,
    *,
    context: Context | None = None,
    thresholds: dict[str, float] | None = None,
    evaluation: dict[str, Any] | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    max_tokens: int | None = DEFAULT_MAX_TOKENS,
) -> TrainedModel:
    """Train on gold first, then the annotator's own done documents (see `data`).

    GIL: crfsuite's `Trainer.train` holds the GIL for all of its optimisation; Python code
    in another thread runs only when crfsuite calls back into Python (a log line, a few per
    iteration). Measured (benchmarks/model.py, 1,000 NewsFANE sentences, a loaded 2-core
    machine): a thread asking to tick every 10 ms while training ran 72 s got 303 of its
    7,243 ticks; the gaps between them were 59 ms median, 1.0 s at p90 and 4.6 s at most.
    From the window, train in a process (`TrainingJob`), never in a QThread.

    Cost (same benchmark, CPU, 8 labels): crfsuite ~0.1 ms a token over its iterations,
    features ~0.015 ms a token. 1,000 articles of ~460 tokens took 59-66 s (crfsuite 48 s,
    features 18 s before they were made once per word); with DEFAULT_MAX_TOKENS, 18 s.
    `max_tokens` bounds it (None: everything): gold first, then the analyst's documents,
    newest finished first (`data.training_documents`), until the budget is spent. Past
    the first EMPTY_LINES_ALL_UNTIL tokens, lines without a span are sampled
    (`line_sequences`) before the budget counts them.

    `thresholds`: per label (default: the evaluation's choice, else DEFAULT_THRESHOLD).
    `progress(done, total)` counts reading documents, then optimiser iterations.
    """
    started = time.process_time()
    context = context or Context.of(project)
    labels = tuple(sorted(project.labels.names()))
    items = examples(project, annotator, cancelled)
    counts: dict[str, int] = {}
    sequences = within_budget(prepare_each(items, context, cancelled), max_tokens, counts)
    data = fit_stream(sequences, progress, cancelled)
    if thresholds is None and evaluation is not None:
        thresholds = dict(evaluation.get("thresholds", {}))
    info = ModelInfo(
        annotator=annotator,
        labels=labels,
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
        documents=counts["documents"],
        spans=counts["spans"],
        tokens=counts["tokens"],
        train_cpu_s=round(time.process_time() - started, 3),
        thresholds=dict(thresholds or {}),
        evaluation=evaluation,
    )
    return TrainedModel(data, info, context)


def with_thresholds(model: TrainedModel, thresholds: dict[str, float]) -> TrainedModel:
    """The same model with some labels' thresholds set (the window's per-label slider)."""
    merged = {**model.info.thresholds, **{k: float(v) for k, v in thresholds.items()}}
    for label, value in merged.items():
        if not (0.0 <= value <= 1.0) or math.isnan(value):
            raise AnnotatorError(f"threshold of {label!r} must be between 0 and 1, not {value}")
    return model.with_info(replace(model.info, thresholds=merged))
