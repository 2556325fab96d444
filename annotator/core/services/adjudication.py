"""Adjudication: turn several annotators' spans on a document into gold, one decision at a time.

A candidate is a distinct (start, end, label) some compared annotator marked. Accepting it
stores a gold span with its provenance (who marked it, who decided, when); rejecting it
stores the rejection, so it shows as settled. Every decision is a list of reversible steps
run in one transaction: the window's undo replays them backwards, redo forwards, and gold
spans come back under their old ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD, NewSpan, Span, Status
from annotator.core.store.project import Project
from annotator.core.store.review import Provenance, Rejection

ALL, SOME, CONFLICT = "all", "some", "conflict"
PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"


@dataclass(frozen=True, slots=True)
class Candidate:
    """What one or more annotators marked identically, and where review stands on it.

    agreement: "all" (every compared annotator who did the document marked it), "conflict"
    (someone marked overlapping text with another label) or "some".
    """

    start: int
    end: int
    label: str
    text: str
    annotators: tuple[str, ...]
    agreement: str
    state: str  # "pending" | "accepted" | "rejected"
    gold_span_id: int | None = None
    attrs: dict = field(default_factory=dict, compare=False)  # a date's value, as marked

    @property
    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.label


@dataclass(frozen=True, slots=True)
class GoldSpan:
    span: Span
    provenance: Provenance | None


@dataclass(frozen=True)
class ReviewDocument:
    document_id: int
    annotators: tuple[str, ...]  # the compared annotators who did this document
    candidates: list[Candidate]
    gold: list[GoldSpan]
    reviewed: bool


# -- reversible steps -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddGold:
    span: Span
    provenance: Provenance | None  # None: a gold span from an import, put back by undo


@dataclass(frozen=True, slots=True)
class RemoveGold:
    span: Span
    provenance: Provenance | None


@dataclass(frozen=True, slots=True)
class Reject:
    document_id: int
    rejection: Rejection


@dataclass(frozen=True, slots=True)
class Unreject:
    document_id: int
    rejection: Rejection


@dataclass(frozen=True, slots=True)
class SetStatus:
    document_id: int
    before: Status
    after: Status


Step = AddGold | RemoveGold | Reject | Unreject | SetStatus


@dataclass(frozen=True)
class Decision:
    """What one user action did; `text` names it in the undo history."""

    text: str
    document_id: int
    steps: tuple[Step, ...]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class AdjudicationService:
    def __init__(self, project: Project, reviewer: str, annotators: Sequence[str]) -> None:
        if not reviewer.strip():
            raise AnnotatorError("the reviewer needs a name")
        if GOLD in annotators:
            raise AnnotatorError("gold cannot be compared with itself")
        self.project = project
        self.reviewer = reviewer
        self.annotators = tuple(annotators)

    # -- reading --------------------------------------------------------------------------------

    def document(self, document_id: int) -> ReviewDocument:
        project = self.project
        spans = [s for s in project.spans.for_document(document_id) if s.annotator != GOLD]
        spans = [s for s in spans if s.annotator in self.annotators]
        did = {s.annotator for s in spans}
        did |= {a for a in self.annotators if project.status.get(document_id, a) != Status.NEW}
        gold_spans = project.spans.for_document(document_id, GOLD)
        provenance = project.review.provenance_for(document_id)
        gold = [GoldSpan(s, provenance.get(s.id)) for s in gold_spans]
        gold_by_key = {(s.start, s.end, s.label): s.id for s in gold_spans}
        rejected = {(r.start, r.end, r.label) for r in project.review.rejections(document_id)}
        voters: dict[tuple[int, int, str], set[str]] = {}
        texts: dict[tuple[int, int, str], str] = {}
        attrs_of: dict[tuple[int, int, str], dict] = {}
        for s in spans:
            key = (s.start, s.end, s.label)
            voters.setdefault(key, set()).add(s.annotator)
            texts[key] = s.text
            if s.attrs and key not in attrs_of:
                attrs_of[key] = s.attrs  # the first annotator's value, in their order
        keys = sorted(voters)
        candidates = []
        for key in keys:
            names = tuple(a for a in self.annotators if a in voters[key])
            if len(did) >= 2 and len(names) == len(did):
                agreement = ALL
            elif any(
                other[2] != key[2] and _overlap(key[:2], other[:2]) for other in keys
            ):  # fmt: skip
                agreement = CONFLICT
            else:
                agreement = SOME
            gold_id = gold_by_key.get(key)
            state = ACCEPTED if gold_id is not None else REJECTED if key in rejected else PENDING
            candidates.append(
                Candidate(*key, texts[key], names, agreement, state, gold_id, attrs_of.get(key, {}))
            )
        reviewed = project.status.get(document_id, GOLD) == Status.REVIEWED
        done_by = tuple(a for a in self.annotators if a in did)
        return ReviewDocument(document_id, done_by, candidates, gold, reviewed)

    def differences(
        self, document_id: int, annotator: str
    ) -> list[tuple[str, Span | None, Span | None]]:
        """Where the gold differs from one annotator's work: (kind, gold span, their span).

        kind: "missed" (gold has it, they do not), "extra" (they have it, gold does not),
        "label" (same text, another label) or "boundary" (same label, other edges).
        """
        gold = self.project.spans.for_document(document_id, GOLD)
        mine = self.project.spans.for_document(document_id, annotator)
        gold_keys = {(s.start, s.end, s.label) for s in gold}
        my_keys = {(s.start, s.end, s.label) for s in mine}
        left_gold = [s for s in gold if (s.start, s.end, s.label) not in my_keys]
        left_mine = [s for s in mine if (s.start, s.end, s.label) not in gold_keys]
        out: list[tuple[str, Span | None, Span | None]] = []
        paired: set[int] = set()
        for g in left_gold:
            partner = next(
                (
                    m
                    for m in left_mine
                    if m.id not in paired
                    and _overlap((g.start, g.end), (m.start, m.end))
                    and ((m.start, m.end) == (g.start, g.end) or m.label == g.label)
                ),
                None,
            )
            if partner is None:
                out.append(("missed", g, None))
            else:
                paired.add(partner.id)
                same_text = (partner.start, partner.end) == (g.start, g.end)
                out.append(("label" if same_text else "boundary", g, partner))
        out += [("extra", None, m) for m in left_mine if m.id not in paired]
        out.sort(key=lambda row: min(s.start for s in row[1:] if s is not None))
        return out

    # -- deciding -------------------------------------------------------------------------------

    def accept(self, document_id: int, candidate: Candidate) -> Decision:
        steps = self._accept_steps(document_id, candidate, candidate.key, "accepted")
        return self._run(f"Accept {candidate.label} “{candidate.text}”", document_id, steps)

    def reject(self, document_id: int, candidate: Candidate) -> Decision:
        steps: list[Step] = []
        if candidate.gold_span_id is not None:
            steps.append(self._remove_step(candidate.gold_span_id))
        rejection = Rejection(*candidate.key, self.reviewer, _now())
        steps.append(Reject(document_id, rejection))
        return self._run(f"Reject {candidate.label} “{candidate.text}”", document_id, steps)

    def edit(
        self, document_id: int, candidate: Candidate, start: int, end: int, label: str
    ) -> Decision:
        """Gold gets the candidate with other edges or label; the candidate as marked is
        rejected, so it does not show as pending next to its corrected copy."""
        if (start, end, label) == candidate.key:
            return self.accept(document_id, candidate)
        steps: list[Step] = []
        if candidate.gold_span_id is not None:
            steps.append(self._remove_step(candidate.gold_span_id))
        if candidate.state != REJECTED:  # rejected before: undo must leave it so
            steps.append(Reject(document_id, Rejection(*candidate.key, self.reviewer, _now())))
        steps += self._accept_steps(document_id, candidate, (start, end, label), "edited")
        return self._run(f"Edit {candidate.label} “{candidate.text}”", document_id, steps)

    def add(self, document_id: int, start: int, end: int, label: str) -> Decision:
        """A gold span nobody marked."""
        span = self._new_gold(document_id, start, end, label)
        steps = [AddGold(span, Provenance("added", (), self.reviewer, _now()))]
        return self._run(f"Add {label} “{span.text}”", document_id, steps)

    def relabel(self, document_id: int, span_id: int, label: str) -> Decision:
        """Another label for a gold span: same text, provenance kept, origin "edited".

        Its own label changes nothing; a label gold already has on that text only takes
        this span out, so gold does not hold the same span twice."""
        old = self._remove_step(span_id)
        text = f"Gold {old.span.label} → {label}"
        if label == old.span.label:
            return self._run(text, document_id, [])
        span = self._new_gold(document_id, old.span.start, old.span.end, label)
        gold = self.project.spans.for_document(document_id, GOLD)
        if any((s.start, s.end, s.label) == (span.start, span.end, label) for s in gold):
            return self._run(text, document_id, [old])
        was = old.provenance
        sources = was.sources if was is not None else ()
        provenance = Provenance("edited", sources, self.reviewer, _now())
        return self._run(text, document_id, [old, AddGold(span, provenance)])

    def remove(self, document_id: int, span_id: int) -> Decision:
        step = self._remove_step(span_id)
        return self._run(f"Remove gold {step.span.label}", document_id, [step])

    def accept_agreed(self, document_id: int, min_votes: int | None = None) -> Decision:
        """Accept every pending candidate that at least `min_votes` annotators marked
        (default: all who did the document, when at least two did: one annotator alone
        agrees with nobody).

        A candidate is left for a person when another candidate over the same text with
        another label or other edges also reaches the threshold, or when gold already
        covers its text.
        """
        doc = self.document(document_id)
        needed = max(2, len(doc.annotators)) if min_votes is None else min_votes
        if needed < 1:
            raise AnnotatorError("at least one annotator must have marked a span")
        strong = [c for c in doc.candidates if len(c.annotators) >= needed]
        gold = [(g.span.start, g.span.end) for g in doc.gold]
        steps: list[Step] = []
        for c in strong:
            if c.state != PENDING:
                continue
            rival = any(
                o.key != c.key and _overlap((o.start, o.end), (c.start, c.end)) for o in strong
            )
            if rival or any(_overlap(g, (c.start, c.end)) for g in gold):
                continue
            steps += self._accept_steps(document_id, c, c.key, "accepted")
        what = "all agree" if min_votes is None else f"{needed} or more agree"
        return self._run(f"Accept where {what}", document_id, steps)

    def set_reviewed(self, document_id: int, reviewed: bool = True) -> Decision:
        before = self.project.status.get(document_id, GOLD)
        after = Status.REVIEWED if reviewed else Status.IN_PROGRESS
        text = "Mark reviewed" if reviewed else "Reopen for review"
        return self._run(text, document_id, [SetStatus(document_id, before, after)])

    # -- steps ----------------------------------------------------------------------------------

    def _new_gold(
        self, document_id: int, start: int, end: int, label: str, attrs: dict | None = None
    ) -> Span:
        text = self.project.documents.get(document_id).text
        if not 0 <= start < end <= len(text):
            raise AnnotatorError(f"span {start}-{end} is outside the document (0-{len(text)})")
        if label not in self.project.labels.names():
            raise AnnotatorError(f"unknown label {label!r}")
        return Span(0, document_id, GOLD, label, start, end, text[start:end], dict(attrs or {}))

    def _accept_steps(
        self, document_id: int, candidate: Candidate, key: tuple[int, int, str], origin: str
    ) -> list[Step]:
        steps: list[Step] = []
        existing = {
            (s.start, s.end, s.label) for s in self.project.spans.for_document(document_id, GOLD)
        }
        if key in existing:
            return steps
        if candidate.state == REJECTED and key == candidate.key:
            rejection = Rejection(*candidate.key, self.reviewer, _now())
            steps.append(Unreject(document_id, rejection))
        same = key == candidate.key  # an accepted candidate keeps its attributes (a date value)
        span = self._new_gold(document_id, *key, candidate.attrs if same else None)
        steps.append(AddGold(span, Provenance(origin, candidate.annotators, self.reviewer, _now())))
        return steps

    def _remove_step(self, span_id: int) -> RemoveGold:
        span = self.project.spans.get(span_id)
        if span.annotator != GOLD:
            raise AnnotatorError("only gold spans are removed in review")
        return RemoveGold(span, self.project.review.provenance_for(span.document_id).get(span_id))

    def _run(self, text: str, document_id: int, steps: Sequence[Step]) -> Decision:
        with self.project.transaction():
            done = tuple(self._apply(step) for step in steps)
            started = done and not any(isinstance(step, SetStatus) for step in done)
            if started and self.project.status.get(document_id, GOLD) == Status.NEW:
                self.project.status.set(document_id, GOLD, Status.IN_PROGRESS)
        return Decision(text, document_id, done)

    def undo(self, decision: Decision) -> None:
        with self.project.transaction():
            for step in reversed(decision.steps):
                self._apply(_inverse(step))

    def redo(self, decision: Decision) -> None:
        with self.project.transaction():
            for step in decision.steps:
                self._apply(step)

    def _apply(self, step: Step) -> Step:
        """Do one step; return it as done (an added span with its id, for undo)."""
        project = self.project
        match step:
            case AddGold(span, provenance):
                new = NewSpan(span.label, span.start, span.end, span.text, span.attrs)
                stored = project.spans.add(
                    span.document_id, GOLD, new, span_id=span.id if span.id else None
                )
                if provenance is not None:
                    project.review.set_provenance(stored.id, provenance)
                return AddGold(stored, provenance)
            case RemoveGold(span, _):
                project.spans.delete(span.id)
                return step
            case Reject(doc_id, r):
                project.review.reject(doc_id, r.start, r.end, r.label, r.decided_by)
                return step
            case Unreject(doc_id, r):
                project.review.unreject(doc_id, r.start, r.end, r.label)
                return step
            case SetStatus(doc_id, _, after):
                project.status.set(doc_id, GOLD, after)
                return step
        raise TypeError(step)


def _inverse(step: Step) -> Step:
    match step:
        case AddGold(span, provenance):
            return RemoveGold(span, provenance)
        case RemoveGold(span, provenance):
            return AddGold(span, provenance)
        case Reject(doc_id, r):
            return Unreject(doc_id, r)
        case Unreject(doc_id, r):
            return Reject(doc_id, r)
        case SetStatus(doc_id, before, after):
            return SetStatus(doc_id, after, before)
    raise TypeError(step)
