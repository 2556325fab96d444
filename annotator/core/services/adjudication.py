"""Adjudication: turn several annotators' spans on a document into gold, one decision at a time.

A candidate is a distinct (start, end, label) some compared annotator marked. Accepting it
stores a gold span with its provenance (who marked it, who decided, when); rejecting it
stores the rejection, so it shows as settled. Every decision is a list of reversible steps
run in one transaction: the window's undo replays them backwards, redo forwards, and gold
spans come back under their old ids.

Speaker links (a claim's `said_by` relation to the actor span who said it) follow their
spans. A link is *agreed* when every compared annotator who marked both the claim and the
actor linked the claim to that actor, and none of them gave the claim another speaker; the
threshold of a bulk accept does not enter. An agreed link goes to gold in the decision that
puts the second of its two spans there (accept, accept where all or K agree, an edit or a
relabel that lands on the candidate's span), unless the gold claim already has a speaker or
the reviewer rejected that link. Every other link an annotator drew is *disputed*: it waits
in `ReviewDocument.links` for accept_link or reject_link. A gold claim has one speaker;
removing a gold span takes its links along, and undo brings them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD, NewSpan, Relation, Span, Status
from annotator.core.store.project import Project
from annotator.core.store.review import LinkRejection, Provenance, Rejection

ALL, SOME, CONFLICT = "all", "some", "conflict"
PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
SAID_BY = "said_by"  # claim -> the actor span who said it (as annotations.SAID_BY)

Key = tuple[int, int, str]  # (start, end, label): a candidate, or the gold span of it


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


@dataclass(frozen=True, slots=True)
class LinkCandidate:
    """A speaker link: a claim said by an actor, as annotators drew it or gold has it.

    claim, actor: the (start, end, label) of the claim and of the actor, candidates as the
    annotators marked them (or gold spans); annotators: the compared annotators who linked
    this claim to this actor; agreement: "all" (agreed, see the module's rule), "conflict"
    (disputed: the reviewer decides) or "some" (a gold link none of them drew);
    claim_span_id, actor_span_id: their gold spans, when in gold; relation_id: the gold
    relation, when accepted. state "rejected": turned down, or gold gives the claim another
    speaker.
    """

    claim: Key
    actor: Key
    claim_text: str
    actor_text: str
    annotators: tuple[str, ...]
    agreement: str
    state: str  # "pending" | "accepted" | "rejected"
    claim_span_id: int | None = None
    actor_span_id: int | None = None
    relation_id: int | None = None

    @property
    def ready(self) -> bool:
        """Both ends are gold: the link can be decided."""
        return self.claim_span_id is not None and self.actor_span_id is not None


@dataclass(frozen=True)
class ReviewDocument:
    document_id: int
    annotators: tuple[str, ...]  # the compared annotators who did this document
    candidates: list[Candidate]
    gold: list[GoldSpan]
    reviewed: bool
    links: list[LinkCandidate] = field(default_factory=list)  # by claim, then actor


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


@dataclass(frozen=True, slots=True)
class GoldLink:
    """A relation between two gold spans. A span the same decision adds has id 0 until it is
    stored; the ends are found again by document and (start, end, label) when a step puts
    a span back under another id."""

    head: Span
    tail: Span
    type: str = SAID_BY
    relation_id: int = 0
    attrs: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class AddLink:
    link: GoldLink


@dataclass(frozen=True, slots=True)
class RemoveLink:
    link: GoldLink


@dataclass(frozen=True, slots=True)
class RejectLink:
    document_id: int
    rejection: LinkRejection


@dataclass(frozen=True, slots=True)
class UnrejectLink:
    document_id: int
    rejection: LinkRejection


Step = (
    AddGold
    | RemoveGold
    | Reject
    | Unreject
    | SetStatus
    | AddLink
    | RemoveLink
    | RejectLink
    | UnrejectLink
)


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


def _key(span: Span) -> Key:
    return span.start, span.end, span.label


def _where(span: Span) -> tuple[int, int, int, str]:
    return span.document_id, span.start, span.end, span.label


@dataclass
class _Speakers:
    """Who the compared annotators say said each claim, by candidate key."""

    marked: dict[Key, set[str]] = field(default_factory=dict)  # key -> who marked it
    texts: dict[Key, str] = field(default_factory=dict)
    linked: dict[tuple[Key, Key], set[str]] = field(default_factory=dict)  # -> who linked

    def agreed(self, claim: Key, actor: Key) -> bool:
        """Everyone who marked both linked them, and nobody gave the claim another speaker
        (only someone who marked the claim can have linked it)."""
        who = self.linked.get((claim, actor), set())
        both = self.marked.get(claim, set()) & self.marked.get(actor, set())
        elsewhere = any(c == claim and a != actor for c, a in self.linked)
        return bool(who) and who == both and not elsewhere


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
        links = self._link_candidates(document_id, spans, gold_spans)
        return ReviewDocument(document_id, done_by, candidates, gold, reviewed, links)

    def _speakers(self, document_id: int, spans: Sequence[Span] | None = None) -> _Speakers:
        """The compared annotators' spans and said_by links on a document, by key."""
        if spans is None:
            spans = [
                s
                for s in self.project.spans.for_document(document_id)
                if s.annotator in self.annotators
            ]
        out = _Speakers()
        key_of = {}
        for s in spans:
            key_of[s.id] = _key(s)
            out.marked.setdefault(_key(s), set()).add(s.annotator)
            out.texts[_key(s)] = s.text
        for name in self.annotators:
            if not any(name in who for who in out.marked.values()):
                continue
            for r in self.project.spans.relations_for(document_id, name):
                claim, actor = key_of.get(r.head_id), key_of.get(r.tail_id)
                if r.type == SAID_BY and claim is not None and actor is not None:
                    out.linked.setdefault((claim, actor), set()).add(name)
        return out

    def _gold_links(self, document_id: int, gold: Sequence[Span]) -> dict[tuple[Key, Key], int]:
        """(claim key, actor key) -> relation id of the gold said_by links."""
        key_of = {s.id: _key(s) for s in gold}
        out = {}
        for r in self.project.spans.relations_for(document_id, GOLD):
            if r.type == SAID_BY and r.head_id in key_of and r.tail_id in key_of:
                out[(key_of[r.head_id], key_of[r.tail_id])] = r.id
        return out

    def _link_candidates(
        self, document_id: int, spans: Sequence[Span], gold: Sequence[Span]
    ) -> list[LinkCandidate]:
        speakers = self._speakers(document_id, spans)
        gold_links = self._gold_links(document_id, gold)
        gold_by_key = {_key(s): s for s in gold}
        rejected = {
            (r.head, r.tail)
            for r in self.project.review.link_rejections(document_id)
            if r.type == SAID_BY
        }
        spoken = {claim for claim, _ in gold_links}  # gold claims that have a speaker
        out = []
        for claim, actor in sorted(set(speakers.linked) | set(gold_links)):
            names = speakers.linked.get((claim, actor), set())
            who = tuple(a for a in self.annotators if a in names)
            agreed = bool(who) and speakers.agreed(claim, actor)
            agreement = ALL if agreed else CONFLICT if who else SOME
            relation_id = gold_links.get((claim, actor))
            if relation_id is not None:
                state = ACCEPTED
            elif (claim, actor) in rejected or claim in spoken:
                state = REJECTED
            else:
                state = PENDING
            g_claim, g_actor = gold_by_key.get(claim), gold_by_key.get(actor)
            out.append(
                LinkCandidate(
                    claim,
                    actor,
                    g_claim.text if g_claim else speakers.texts.get(claim, ""),
                    g_actor.text if g_actor else speakers.texts.get(actor, ""),
                    who,
                    agreement,
                    state,
                    g_claim.id if g_claim else None,
                    g_actor.id if g_actor else None,
                    relation_id,
                )
            )
        return out

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
            steps += self._remove_steps(candidate.gold_span_id)
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
            steps += self._remove_steps(candidate.gold_span_id)
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
        unlink = self._unlink_steps(span_id)  # a claim relabelled is no claim with a speaker
        span = self._new_gold(document_id, old.span.start, old.span.end, label)
        gold = self.project.spans.for_document(document_id, GOLD)
        if any((s.start, s.end, s.label) == (span.start, span.end, label) for s in gold):
            return self._run(text, document_id, [*unlink, old])
        was = old.provenance
        sources = was.sources if was is not None else ()
        provenance = Provenance("edited", sources, self.reviewer, _now())
        return self._run(text, document_id, [*unlink, old, AddGold(span, provenance)])

    def remove(self, document_id: int, span_id: int) -> Decision:
        step = self._remove_step(span_id)
        steps = [*self._unlink_steps(span_id), step]
        return self._run(f"Remove gold {step.span.label}", document_id, steps)

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

    def accept_link(self, document_id: int, link: LinkCandidate) -> Decision:
        """Gold says the claim was said by this actor: its said_by link between their gold
        spans, replacing the speaker gold gave the claim before (one per claim)."""
        claim, actor = self._link_ends(document_id, link)
        text = f"Accept link “{claim.text}” ← “{actor.text}”"
        steps: list[Step] = []
        current = self.project.spans.relations_from(claim.id, SAID_BY)
        for r in current:
            if r.tail_id != actor.id:
                steps.append(RemoveLink(self._gold_link(r)))
        rejection = self._link_rejection(document_id, link.claim, link.actor)
        if rejection is not None:
            steps.append(UnrejectLink(document_id, rejection))
        if not any(r.tail_id == actor.id for r in current):
            steps.append(AddLink(GoldLink(claim, actor, SAID_BY)))
        return self._run(text, document_id, steps)

    def reject_link(self, document_id: int, link: LinkCandidate) -> Decision:
        """Gold does not say the claim was said by this actor: the gold link goes, if there
        is one, and the link shows as settled (an agreed one is not added again)."""
        gold = {_key(s): s for s in self.project.spans.for_document(document_id, GOLD)}
        claim, actor = gold.get(link.claim), gold.get(link.actor)
        steps: list[Step] = []
        if claim is not None and actor is not None:
            for r in self.project.spans.relations_from(claim.id, SAID_BY):
                if r.tail_id == actor.id:
                    steps.append(RemoveLink(self._gold_link(r)))
        if self._link_rejection(document_id, link.claim, link.actor) is None:
            rejection = LinkRejection(link.claim, link.actor, SAID_BY, self.reviewer, _now())
            steps.append(RejectLink(document_id, rejection))
        text = f"Reject link “{link.claim_text}” ← “{link.actor_text}”"
        return self._run(text, document_id, steps)

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

    def _remove_steps(self, span_id: int) -> list[Step]:
        """A gold span out of gold, its links first (undo puts them back after it)."""
        step = self._remove_step(span_id)
        return [*self._unlink_steps(span_id), step]

    def _unlink_steps(self, span_id: int) -> list[Step]:
        touching = self.project.spans.relations_touching(span_id)
        return [RemoveLink(self._gold_link(r)) for r in touching]

    def _gold_link(self, relation: Relation) -> GoldLink:
        head = self.project.spans.get(relation.head_id)
        tail = self.project.spans.get(relation.tail_id)
        return GoldLink(head, tail, relation.type, relation.id, dict(relation.attrs))

    def _link_ends(self, document_id: int, link: LinkCandidate) -> tuple[Span, Span]:
        gold = {_key(s): s for s in self.project.spans.for_document(document_id, GOLD)}
        claim, actor = gold.get(link.claim), gold.get(link.actor)
        if claim is None or actor is None:
            raise AnnotatorError("accept the claim and the actor into gold first")
        return claim, actor

    def _link_rejection(self, document_id: int, claim: Key, actor: Key) -> LinkRejection | None:
        return next(
            (
                r
                for r in self.project.review.link_rejections(document_id)
                if (r.head, r.tail, r.type) == (claim, actor, SAID_BY)
            ),
            None,
        )

    def _agreed_link_steps(self, document_id: int, steps: Sequence[Step]) -> list[Step]:
        """The agreed links a decision that adds gold spans brings along: those with both
        ends gold afterwards, one of them added now, the claim without a speaker yet and
        the link not rejected."""
        added = {_key(s.span): s.span for s in steps if isinstance(s, AddGold)}
        if not added:
            return []
        gone = {s.span.id for s in steps if isinstance(s, RemoveGold)}
        unlinked = {s.link.relation_id for s in steps if isinstance(s, RemoveLink)}
        current = self.project.spans.for_document(document_id, GOLD)
        gold = {_key(s): s for s in current if s.id not in gone}
        gold.update(added)
        spoken = {
            r.head_id
            for r in self.project.spans.relations_for(document_id, GOLD)
            if r.type == SAID_BY and r.id not in unlinked
        }
        rejected = {
            (r.head, r.tail)
            for r in self.project.review.link_rejections(document_id)
            if r.type == SAID_BY
        }
        speakers = self._speakers(document_id)
        out: list[Step] = []
        linked_now: set[Key] = set()
        for claim, actor in sorted(speakers.linked):
            if claim not in added and actor not in added:
                continue
            if claim not in gold or actor not in gold or claim in linked_now:
                continue
            head = gold[claim]
            if (head.id and head.id in spoken) or (claim, actor) in rejected:
                continue
            if speakers.agreed(claim, actor):
                out.append(AddLink(GoldLink(head, gold[actor], SAID_BY)))
                linked_now.add(claim)
        return out

    def _run(self, text: str, document_id: int, steps: Sequence[Step]) -> Decision:
        with self.project.transaction():
            steps = [*steps, *self._agreed_link_steps(document_id, steps)]
            placed: dict[tuple[int, int, int, str], int] = {}
            done = tuple(self._apply(step, placed) for step in steps)
            started = done and not any(isinstance(step, SetStatus) for step in done)
            if started and self.project.status.get(document_id, GOLD) == Status.NEW:
                self.project.status.set(document_id, GOLD, Status.IN_PROGRESS)
        return Decision(text, document_id, done)

    def undo(self, decision: Decision) -> None:
        with self.project.transaction():
            placed: dict[tuple[int, int, int, str], int] = {}
            for step in reversed(decision.steps):
                self._apply(_inverse(step), placed)

    def redo(self, decision: Decision) -> None:
        with self.project.transaction():
            placed: dict[tuple[int, int, int, str], int] = {}
            for step in decision.steps:
                self._apply(step, placed)

    def _apply(self, step: Step, placed: dict[tuple[int, int, int, str], int]) -> Step:
        """Do one step; return it as done (an added span or link with its id, for undo).

        `placed` gathers where the spans this run adds went, by document and key, so a link
        finds a span added before it in the same run (new, or back under another id)."""
        project = self.project
        match step:
            case AddGold(span, provenance):
                new = NewSpan(span.label, span.start, span.end, span.text, span.attrs)
                stored = project.spans.add(
                    span.document_id, GOLD, new, span_id=span.id if span.id else None
                )
                if provenance is not None:
                    project.review.set_provenance(stored.id, provenance)
                placed[_where(stored)] = stored.id
                return AddGold(stored, provenance)
            case RemoveGold(span, _):
                project.spans.delete(span.id)
                return step
            case AddLink(link):
                head = replace(link.head, id=placed.get(_where(link.head), link.head.id))
                tail = replace(link.tail, id=placed.get(_where(link.tail), link.tail.id))
                stored_link = project.spans.restore_relation(
                    Relation(link.relation_id, head.id, tail.id, link.type, link.attrs)
                )
                return AddLink(replace(link, head=head, tail=tail, relation_id=stored_link.id))
            case RemoveLink(link):  # found by its ends: undo may have given it another id
                head_id = placed.get(_where(link.head), link.head.id)
                tail_id = placed.get(_where(link.tail), link.tail.id)
                for r in project.spans.relations_from(head_id, link.type):
                    if r.tail_id == tail_id:
                        project.spans.delete_relation(r.id)
                return step
            case RejectLink(doc_id, r):
                project.review.reject_link(doc_id, r)
                return step
            case UnrejectLink(doc_id, r):
                project.review.unreject_link(doc_id, r.head, r.tail, r.type)
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
        case AddLink(link):
            return RemoveLink(link)
        case RemoveLink(link):
            return AddLink(link)
        case RejectLink(doc_id, r):
            return UnrejectLink(doc_id, r)
        case UnrejectLink(doc_id, r):
            return RejectLink(doc_id, r)
    raise TypeError(step)
