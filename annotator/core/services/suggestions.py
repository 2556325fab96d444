"""Spans the tool proposes, never stored as annotations until the analyst accepts them.

Sources, in this order of trust:
- registry: an alias of a registry actor, as an actor linked to it;
- repeat: another occurrence of a text the analyst already tagged somewhere in the corpus,
  with the label they gave it most often, in another spelling too and, in Arabic, behind
  the proclitics written onto it («وبوتين»: the whole word, as the window and the model
  take words; `text.repeats`);
- date: a date expression found by the date rules, with its value (or a suggestion of one
  resolved against the publication date);
- model: a span the project's own trained model predicts (`annotator.core.learn`), with its
  `confidence`, when that passes its label's threshold;
- model:<name>: an outside model's imported prediction, with its score as `confidence`
  (predicted.py: least trusted, filtered by a minimum score per label).
Occurrences are whole words (no letter or digit on either side; a repeat's word may begin
with an Arabic proclitic). A place already tagged, or a suggestion the analyst decided on
before, is not proposed again; where a rule's suggestion was rejected, that rule proposes
no other label (a repeat's label is the one its spellings were given most, which changes
as the corpus is tagged); another rule's suggestion there is its own.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

import regex

from annotator.core.dates import find_dates, resolve
from annotator.core.learn.crf import Prediction, TrainedModel
from annotator.core.model import Document, Span
from annotator.core.services import predicted
from annotator.core.services.actors import ActorRegistry
from annotator.core.services.date_values import publication_date
from annotator.core.store.actors import Actor
from annotator.core.store.project import Project
from annotator.core.text.repeats import Repeats
from annotator.core.text.terms import whole_words

SOURCES = ("registry", "repeat", "date", "model")
RULES = SOURCES[:3]  # a rejection of one holds whatever label it proposes there later


@dataclass(frozen=True, slots=True)
class Suggestion:
    start: int
    end: int
    label: str
    text: str
    source: str
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.label


@dataclass(frozen=True)
class Patterns:
    """What suggestions search for: plain data and compiled patterns, no connection.

    Building reads every span the annotator made (1.2 s for 200,000 spans), so the window
    builds it in a worker and hands it over; searching one document is then ~35 ms.
    """

    alias_actor: dict[str, Actor]
    registry: regex.Pattern[str] | None
    repeats: Repeats  # what the annotator tagged, with the label given most often

    @classmethod
    def build(cls, project: Project, annotator: str) -> Patterns:
        actors = ActorRegistry(project).actors.all()
        alias_actor = {alias: actor for actor in actors for alias in actor.aliases}
        repeats = Repeats.build(project.suggestions.tagged_counts(annotator))
        return cls(alias_actor, whole_words(list(alias_actor)), repeats)


class Suggester:
    """Asked per document, on the project connection it is given.

    `model`: the annotator's trained model (ModelStore.load), or None for the rules alone;
    it may be swapped (`suggester.model = newer`) when a retrain lands. A model only
    proposes labels the project still has, and what passes their thresholds.
    `predictions`: the model's predictions on the document asked about, made beforehand
    (the window makes them in a worker, since a CRF on a long article takes longer than a
    keystroke may); None lets the model predict when asked.
    """

    def __init__(
        self,
        project: Project,
        annotator: str,
        patterns: Patterns | None = None,
        model: TrainedModel | None = None,
        predictions: Sequence[Prediction] | None = None,
    ):
        self.project = project
        self.annotator = annotator
        self.patterns = patterns or Patterns.build(project, annotator)
        self.min_scores = predicted.min_scores(project)
        self.model = model
        self.predictions = predictions

    def for_document(self, doc: Document, spans: list[Span] | None = None) -> list[Suggestion]:
        if spans is None:
            spans = self.project.spans.for_document(doc.id, self.annotator)
        taken = _Taken([(s.start, s.end) for s in spans])
        decided = self.project.suggestions.decided(doc.id, self.annotator)
        rejected = self.project.suggestions.rejected_at(doc.id, self.annotator, RULES)
        out: list[Suggestion] = []
        claimed = _Claimed()
        for suggestion in self._all(doc):
            where = (suggestion.start, suggestion.end)
            if suggestion.key in decided or taken.overlaps(*where):
                continue
            if (suggestion.source, *where) in rejected:
                continue  # the repeat rule's label follows the corpus: rejected is rejected
            if not claimed.claim(*where):
                continue  # a more trusted source already proposes something here
            out.append(suggestion)
        out.sort(key=lambda s: (s.start, s.end))
        return out

    def _all(self, doc: Document) -> Iterator[Suggestion]:
        text = doc.text
        patterns = self.patterns
        if patterns.registry is not None:
            for m in patterns.registry.finditer(text):
                actor = patterns.alias_actor.get(m.group())
                if actor is not None:
                    attrs = {"actor_id": actor.id, "actor": actor.name}
                    yield Suggestion(m.start(), m.end(), "actor", m.group(), "registry", attrs)
        for start, end, label in patterns.repeats.find(text, doc.lang):
            yield Suggestion(start, end, label, text[start:end], "repeat")
        if doc.lang in ("fa", "ar"):
            yield from self._dates(doc)
        if self.model is not None:
            yield from self._model(doc, self.model)
        for start, end, label, text, source, attrs in predicted.predicted(
            self.project, doc, self.min_scores
        ):
            yield Suggestion(start, end, label, text, source, attrs)

    def _model(self, doc: Document, model: TrainedModel) -> Iterator[Suggestion]:
        labels = self.project.labels.names()
        found = model.predict(doc) if self.predictions is None else self.predictions
        for p in found:
            if p.label in labels and p.confidence >= model.threshold(p.label):
                attrs = {"confidence": round(p.confidence, 4)}
                yield Suggestion(p.start, p.end, p.label, p.text, "model", attrs)

    def _dates(self, doc: Document) -> Iterator[Suggestion]:
        anchor: dt.date | None = publication_date(doc.meta, doc.text, doc.lang)
        for match in find_dates(doc.text, doc.lang):
            attrs: dict[str, Any] = {"calendar": match.calendar}
            if match.value and not match.needs_anchor:
                attrs.update(value=match.value, precision=match.precision)
            elif anchor is not None:
                resolved = resolve(match, anchor)
                if resolved.value:
                    attrs.update(suggested_value=resolved.value, resolved_from=anchor.isoformat())
            yield Suggestion(match.start, match.end, "date", match.text, "date", attrs)


def under(suggestions: Sequence[Suggestion], spans: Iterable[Span]) -> list[Suggestion]:
    """The suggestions one of `spans` overlaps, each once: what a tag takes off the screen at
    once, before the list made afresh arrives. `suggestions` as `for_document` lists them (in
    reading order, none overlapping another), so each span is found by bisection: a long
    article shows thousands, and the window asks on every tag."""
    starts = [s.start for s in suggestions]
    found: dict[int, Suggestion] = {}
    for span in spans:
        i = bisect_left(starts, span.end)  # the ones starting before the span ends
        while i > 0 and suggestions[i - 1].end > span.start:  # their ends rise with them
            i -= 1
            found[i] = suggestions[i]
    return [found[i] for i in sorted(found)]


class _Taken:
    """Whether a place overlaps one of the analyst's spans, by bisection: a long article's
    thousands of suggestions each compared with every span took seconds (quadratic).

    Spans may overlap one another, so the question is whether any span starting before the
    place's end ends after its start: the greatest end among the spans that start first.
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [start for start, _end in spans]
        self._reach = list(accumulate((end for _start, end in spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect_left(self._starts, end)  # the spans starting before `end`
        return before > 0 and self._reach[before - 1] > start


class _Claimed:
    """The places already proposed, which never overlap one another: sorted by start, their
    ends rise too, so only the last one starting before a place's end can reach into it."""

    def __init__(self) -> None:
        self._places: list[tuple[int, int]] = []

    def claim(self, start: int, end: int) -> bool:
        """Claim the place unless one claimed before overlaps it."""
        places = self._places
        before = bisect_left(places, (end,))  # the places starting before `end`
        if before > 0 and places[before - 1][1] > start:
            return False
        insort(places, (start, end))
        return True
