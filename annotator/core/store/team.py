"""A team working copy's side of sync: the link to the server, the outbox of local edits
with their global ids, and the rows a pull brings in.

Triggers (schema.TEAM_TRIGGERS, made when a project becomes a working copy) record every
change to this copy's own layers in `team_outbox` as it commits, whatever wrote it (the
window, an import, an undo), so no edit is missed; a local project has no such triggers
and pays nothing. Global ids are given lazily, the first time a row is pushed, and kept
(committed) before the push starts, so a retry sends the same ids.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlite_utils import Database

from annotator.core.model import GOLD, Label, NewDocument, Span, Status
from annotator.core.store import schema
from annotator.core.store.documents import DocumentRepository
from annotator.core.store.labels import AnnotatorRepository

# Statuses and suggestion decisions have natural keys; their global ids are derived from
# them, so two machines (or a retry) name the same row alike.
PULL_CACHE_KIB = -65536  # negative: KiB, as SQLite reads cache_size
_PULLED = "pulled"  # created_at and updated_at of a row that came from the server
BULK_SPANS = 5000  # from this many spans, a pull pauses the outbox's trigger (bulk_spans)
# A big pull reads every global id held here at once if the spans arriving are this many
# times more (bulk_spans).
HELD_IDS_READ_WHOLE = 10
_WAITING_DOCUMENTS = "waiting_documents"  # the team_link key (waiting_documents)
_NAMESPACE = uuid.UUID("6f1c1bde-5eed-4a7e-9d1e-7ea3c0de0001")


def _is_uid(text: str) -> bool:
    """Whether `text` is a global id as the server writes it (a pull compares them as text)."""
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def status_uid(document: str, annotator: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"status\x1f{document}\x1f{annotator}"))


def rejection_uid(document: str, start: int, end: int, label: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"rejection\x1f{document}\x1f{start}\x1f{end}\x1f{label}"))


def decision_uid(document: str, annotator: str, start: int, end: int, label: str) -> str:
    return str(
        uuid.uuid5(
            _NAMESPACE, f"decision\x1f{document}\x1f{annotator}\x1f{start}\x1f{end}\x1f{label}"
        )
    )


@dataclass(frozen=True, slots=True)
class SpanRow:
    uid: str
    document: str
    annotator: str
    label: str
    start: int
    end: int
    text: str
    attrs: dict[str, Any]
    version: int = 0
    deleted: bool = False
    provenance: dict[str, Any] | None = None  # gold only: the reviewer's decision


# A span as a pull brings it: (uid, document uid, annotator, label, start, end, text,
# attrs as JSON text, version, deleted, provenance as JSON text or None).
PulledSpan = tuple[str, str, str, str, int, int, str, str, int, bool, str | None]


def _json(raw: str) -> dict[str, Any]:
    return {} if raw == "{}" else dict(json.loads(raw))


@dataclass(frozen=True, slots=True)
class RelationRow:
    uid: str
    document: str
    annotator: str
    head: str
    tail: str
    type: str
    attrs: dict[str, Any]
    version: int = 0
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class StatusRow:
    uid: str
    document: str
    annotator: str
    status: str
    version: int = 0


@dataclass(frozen=True, slots=True)
class DecisionRow:
    uid: str
    document: str
    annotator: str
    start: int
    end: int
    label: str
    source: str
    decision: str
    decided_at: str
    version: int = 0
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class RejectionRow:
    """A candidate the reviewer turned down (gold's), as review_rejections holds it."""

    uid: str
    document: str
    start: int
    end: int
    label: str
    decided_by: str
    decided_at: str
    version: int = 0
    deleted: bool = False
    annotator: str = GOLD


@dataclass
class Outgoing:
    """What one push sends: the current state of every row the outbox names, up to `seq`."""

    seq: int = 0
    spans: list[SpanRow] = field(default_factory=list)
    relations: list[RelationRow] = field(default_factory=list)
    statuses: list[StatusRow] = field(default_factory=list)
    decisions: list[DecisionRow] = field(default_factory=list)
    gone: list[tuple[str, str, int]] = field(default_factory=list)  # (table, uid, version)
    rejections: list[RejectionRow] = field(default_factory=list)
    # document uid -> the outbox entries (seq) about it: those a push could not send are
    # kept (team_held) rather than forgotten
    entries: dict[str, list[int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return (
            len(self.spans) + len(self.relations) + len(self.statuses) + len(self.decisions)
            + len(self.gone) + len(self.rejections)
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class PulledDocument:
    uid: str
    document: NewDocument


@dataclass
class Applied:
    """What a pull changed here, in local terms, for the window's change broadcast."""

    documents: set[int] = field(default_factory=set)
    new_documents: list[int] = field(default_factory=list)
    added: list[Span] = field(default_factory=list)
    removed: list[Span] = field(default_factory=list)
    updated: list[Span] = field(default_factory=list)
    statuses: list[tuple[int, Status]] = field(default_factory=list)
    relations: bool = False
    decisions: bool = False
    labels: bool = False
    gold: bool = False
    overflow: bool = False  # too many spans to list one by one: the window reloads
    assignments: bool = False  # documents were taken back from this analyst, or given back
    # Server rows left out for a name that commands its surroundings, a JSON column that
    # is no object, or a document an import would not store (team.received)
    left_out: int = 0
    first_left_out: str = ""  # the first of them, by table and id, and why

    def listing(self, limit: int) -> bool:
        if len(self.added) + len(self.removed) + len(self.updated) >= limit:
            self.overflow = True
        return not self.overflow


class TeamRepository:
    def __init__(
        self, db: Database, annotators: AnnotatorRepository, documents: DocumentRepository
    ) -> None:
        self._db = db
        self._annotators = annotators
        self._documents = documents
        # Every global id held here (uid -> kind, local id), read once by a big pull into
        # a copy holding few (bulk_spans), instead of looked up a chunk at a time.
        self._held_ids: dict[str, tuple[str, int]] | None = None

    # -- the link ---------------------------------------------------------------------------

    def link(self) -> dict[str, str]:
        return {k: v for k, v in self._db.execute("SELECT key, value FROM team_link")}

    def set_link(self, **values: str) -> None:
        for key, value in values.items():
            self._db.execute(
                "INSERT INTO team_link(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def waiting_documents(self) -> set[str]:
        """The global ids of documents a pull left out (team.received) that this copy does
        not hold: every pull reads them again, whatever its cursor, so a document corrected
        on the server (or one a later version of this program takes) comes, with all its
        layers. Its row is not written again for that, and a join's pull, the one that
        brings this person's own layers, is long past. Kept in the link (a short JSON list):
        anything there that is no list of ids, as a hand-edited file may hold, is none."""
        raw = self.link().get(_WAITING_DOCUMENTS)
        try:
            listed = orjson.loads(raw) if raw else []
        except orjson.JSONDecodeError:
            return set()
        if not isinstance(listed, list):
            return set()
        return {uid for uid in listed if isinstance(uid, str) and _is_uid(uid)}

    def set_waiting_documents(self, uids: set[str]) -> None:
        self.set_link(**{_WAITING_DOCUMENTS: orjson.dumps(sorted(uids)).decode()})

    def own_layers(self, names: Iterable[str]) -> None:
        """From now on, changes to these annotators' rows go to the outbox."""
        self.record_changes()
        for name in names:
            self._db.execute(
                "INSERT OR IGNORE INTO team_layers(annotator_id) VALUES (?)",
                [self._annotators.ensure(name)],
            )

    def _triggers(self) -> set[str]:
        rows = self._db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {r[0] for r in rows}

    def records_changes(self) -> bool:
        return schema.TEAM_TRIGGER_NAMES.issubset(self._triggers())

    def record_changes(self) -> None:
        """Make the outbox's triggers, if this file lacks them (a copy just joined, or a
        cleaned copy, which our migrations remake without them)."""
        have = self._triggers()
        for statement in schema.TEAM_TRIGGERS:
            if statement.split()[2] not in have:
                self._db.execute(statement)

    def owned(self) -> set[str]:
        return {
            r[0]
            for r in self._db.execute(
                "SELECT a.name FROM team_layers t JOIN annotators a ON a.id = t.annotator_id"
            )
        }

    def waiting(self) -> int:
        """Edits committed here and not yet confirmed by the server."""
        return int(self._db.execute("SELECT count(*) FROM team_outbox").fetchone()[0])

    # -- global ids -------------------------------------------------------------------------

    def uid_of(self, kind: str, local_id: int, owned: bool = True) -> str:
        row = self._db.execute(
            "SELECT uid FROM team_ids WHERE kind = ? AND local_id = ?", [kind, local_id]
        ).fetchone()
        if row is not None:
            return str(row[0])
        uid = str(uuid.uuid4())
        self._db.execute(
            "INSERT INTO team_ids(kind, local_id, uid, owned) VALUES (?, ?, ?, ?)",
            [kind, local_id, uid, int(owned)],
        )
        return uid

    def local_ids(self, kind: str, uids: Sequence[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for i in range(0, len(uids), 20_000):
            chunk = orjson.dumps(list(uids[i : i + 20_000])).decode()
            for uid, local in self._db.execute(
                # `+kind`: look each id up by its own index, not scan every row of the kind
                "SELECT uid, local_id FROM team_ids WHERE +kind = ? "
                "AND uid IN (SELECT value FROM json_each(?))",
                [kind, chunk],
            ):
                out[uid] = int(local)
        return out

    def _kinds(self, uids: Sequence[str]) -> dict[str, tuple[str, int]]:
        """uid -> (kind, local id) of those held here, of any kind. A server table's key
        keeps its own ids unique, not ids across tables: an analyst may write a span or a link
        under a document's or a gold span's id, and such a row must not take that id over."""
        out: dict[str, tuple[str, int]] = {}
        for i in range(0, len(uids), 20_000):
            chunk = orjson.dumps(list(uids[i : i + 20_000])).decode()
            for uid, kind, local in self._db.execute(
                "SELECT uid, kind, local_id FROM team_ids "
                "WHERE uid IN (SELECT value FROM json_each(?))",
                [chunk],
            ):
                out[uid] = (str(kind), int(local))
        return out

    def document_uids(self) -> dict[int, str]:
        return {
            int(local): uid
            for local, uid in self._db.execute(
                "SELECT local_id, uid FROM team_ids WHERE kind = 'document'"
            )
        }

    # -- the outbox -------------------------------------------------------------------------

    def outgoing(self, limit: int = 5000) -> Outgoing:
        """The rows the oldest `limit` outbox entries name, as they are now, with global ids
        given to those that had none. The caller commits this before pushing."""
        base = int(self.link().get("version_base", "0"))
        entries = self._db.execute(
            "SELECT seq, kind, local_id, uid, document_id, annotator, char_start, char_end, "
            "label FROM team_outbox ORDER BY seq LIMIT ?",
            [limit],
        ).fetchall()
        out = Outgoing()
        if not entries:
            return out
        out.seq = int(entries[-1][0])
        docs = self.document_uids()
        latest: dict[tuple, int] = {}  # what each entry names -> its last version
        seqs: dict[tuple, list[int]] = {}
        for seq, kind, local_id, uid, doc_id, annotator, start, end, label in entries:
            if uid is not None:
                key: tuple = ("gone", kind, uid)
            elif kind in ("span", "relation"):
                key = (kind, local_id)
            elif kind == "status":
                key = (kind, doc_id, annotator)
            elif kind == "rejection":
                key = (kind, doc_id, start, end, label)
            else:
                key = (kind, doc_id, annotator, start, end, label)
            latest[key] = base + int(seq)
            seqs.setdefault(key, []).append(int(seq))
            if uid is not None and doc_id in docs:  # a removal: its row is gone
                out.entries.setdefault(docs[doc_id], []).append(int(seq))
        for key, version in latest.items():
            kind = key[0]
            before = len(out.spans) + len(out.relations)
            if kind == "gone":
                out.gone.append(("spans" if key[1] == "span" else "relations", key[2], version))
            elif kind == "span":
                self._outgoing_span(out, key[1], version, docs)
            elif kind == "relation":
                self._outgoing_relation(out, key[1], version, docs)
            elif kind == "status":
                self._outgoing_status(out, key[1], key[2], version, docs)
            elif kind == "rejection":
                self._outgoing_rejection(out, *key[1:], version=version, docs=docs)
            else:
                self._outgoing_decision(out, *key[1:], version=version, docs=docs)
            if kind in ("span", "relation") and len(out.spans) + len(out.relations) > before:
                document = (out.spans if kind == "span" else out.relations)[-1].document
            elif kind in ("status", "decision", "rejection") and key[1] in docs:
                document = docs[key[1]]
            else:
                continue
            out.entries.setdefault(document, []).extend(seqs[key])
        return out

    def _outgoing_span(
        self, out: Outgoing, span_id: int, version: int, docs: dict[int, str]
    ) -> None:
        row = self._db.execute(
            "SELECT s.document_id, a.name, s.label, s.char_start, s.char_end, s.text, s.attrs "
            "FROM spans s JOIN annotators a ON a.id = s.annotator_id WHERE s.id = ?",
            [span_id],
        ).fetchone()
        if row is None or row[0] not in docs:
            return  # removed since (its removal is in the outbox), or not a team document
        doc_id, annotator, label, start, end, text, attrs = row
        provenance = None
        if annotator == GOLD:
            found = self._db.execute(
                "SELECT origin, sources, decided_by, decided_at FROM gold_provenance "
                "WHERE span_id = ?",
                [span_id],
            ).fetchone()
            if found is not None:
                origin, sources, by, at = found
                provenance = {"origin": origin, "sources": json.loads(sources),
                              "decided_by": by, "decided_at": at}  # fmt: skip
        out.spans.append(
            SpanRow(self.uid_of("span", span_id), docs[doc_id], annotator, label, start, end,
                    text, json.loads(attrs), version, provenance=provenance)
        )  # fmt: skip

    def _outgoing_rejection(
        self, out: Outgoing, doc_id: int, start: int, end: int, label: str,
        *, version: int, docs: dict[int, str],
    ) -> None:  # fmt: skip
        if doc_id not in docs:
            return
        doc = docs[doc_id]
        row = self._db.execute(
            "SELECT decided_by, decided_at FROM review_rejections WHERE document_id = ? "
            "AND char_start = ? AND char_end = ? AND label = ?",
            [doc_id, start, end, label],
        ).fetchone()
        uid = rejection_uid(doc, start, end, label)
        if row is None:  # taken back since: a tombstone
            out.rejections.append(
                RejectionRow(uid, doc, start, end, label, "", "", version, deleted=True)
            )
        else:
            out.rejections.append(
                RejectionRow(uid, doc, start, end, label, row[0], row[1], version)
            )

    def _outgoing_relation(
        self, out: Outgoing, rel_id: int, version: int, docs: dict[int, str]
    ) -> None:
        row = self._db.execute(
            "SELECT s.document_id, a.name, r.head_id, r.tail_id, r.type, r.attrs "
            "FROM relations r JOIN spans s ON s.id = r.head_id "
            "JOIN annotators a ON a.id = s.annotator_id WHERE r.id = ?",
            [rel_id],
        ).fetchone()
        if row is None or row[0] not in docs:
            return
        doc_id, annotator, head, tail, rtype, attrs = row
        out.relations.append(
            RelationRow(self.uid_of("relation", rel_id), docs[doc_id], annotator,
                        self.uid_of("span", head), self.uid_of("span", tail), rtype,
                        json.loads(attrs), version)
        )  # fmt: skip

    def _outgoing_status(
        self, out: Outgoing, doc_id: int, annotator: str, version: int, docs: dict[int, str]
    ) -> None:
        row = self._db.execute(
            "SELECT st.status FROM document_status st JOIN annotators a "
            "ON a.id = st.annotator_id WHERE st.document_id = ? AND a.name = ?",
            [doc_id, annotator],
        ).fetchone()
        if row is None or doc_id not in docs:
            return
        doc = docs[doc_id]
        out.statuses.append(StatusRow(status_uid(doc, annotator), doc, annotator, row[0], version))

    def _outgoing_decision(
        self, out: Outgoing, doc_id: int, annotator: str, start: int, end: int, label: str,
        *, version: int, docs: dict[int, str],
    ) -> None:  # fmt: skip
        if doc_id not in docs:
            return
        doc = docs[doc_id]
        uid = decision_uid(doc, annotator, start, end, label)
        row = self._db.execute(
            "SELECT source, decision, decided_at FROM suggestion_decisions WHERE document_id = ? "
            "AND annotator = ? AND char_start = ? AND char_end = ? AND label = ?",
            [doc_id, annotator, start, end, label],
        ).fetchone()
        if row is None:
            out.decisions.append(
                DecisionRow(uid, doc, annotator, start, end, label, "", "rejected", "",
                            version, deleted=True)
            )  # fmt: skip
        else:
            source, decision, decided_at = row
            out.decisions.append(
                DecisionRow(uid, doc, annotator, start, end, label, source, decision,
                            decided_at, version)
            )  # fmt: skip

    def held_documents(self) -> dict[int, str]:
        """local id -> global id of the documents with edits kept aside (team_held)."""
        uids = self.document_uids()
        return {
            int(r[0]): uids[int(r[0])]
            for r in self._db.execute("SELECT DISTINCT document_id FROM team_held")
            if int(r[0]) in uids
        }

    def held(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM team_held").fetchone()[0])

    def send_again(self, doc_ids: Iterable[int]) -> int:
        """Put the edits kept aside for these documents back in the outbox, in the order
        they were made, as new entries (so with versions above anything sent before)."""
        chunk = orjson.dumps(sorted(doc_ids)).decode()
        moved = self._db.execute(
            "INSERT INTO team_outbox(kind, local_id, uid, document_id, annotator, char_start, "
            "char_end, label) SELECT kind, local_id, uid, document_id, annotator, char_start, "
            "char_end, label FROM team_held WHERE document_id IN "
            "(SELECT value FROM json_each(?)) ORDER BY seq",
            [chunk],
        ).rowcount
        self._db.execute(
            "DELETE FROM team_held WHERE document_id IN (SELECT value FROM json_each(?))", [chunk]
        )
        return int(moved)

    def unassigned(self) -> set[int]:
        """Documents of this copy the server no longer assigns to its analyst."""
        return {int(r[0]) for r in self._db.execute("SELECT document_id FROM team_unassigned")}

    def set_assigned(self, assigned: set[str], applied: Applied) -> None:
        """Mark this copy's documents the server does not assign (`assigned`: global ids)
        as not assigned, and unmark those assigned again."""
        now = {local for local, uid in self.document_uids().items() if uid not in assigned}
        before = self.unassigned()
        if now == before:
            return
        self._db.execute("DELETE FROM team_unassigned")
        self._db.conn.executemany(
            "INSERT INTO team_unassigned(document_id) VALUES (?)", [(d,) for d in sorted(now)]
        )
        applied.documents.update(now ^ before)
        applied.assignments = True

    def outbox_mark(self) -> int:
        return int(self._db.execute("SELECT coalesce(max(seq), 0) FROM team_outbox").fetchone()[0])

    def forget_since(self, mark: int) -> None:
        """Drop the outbox entries written after `mark` (inside the caller's transaction):
        rows a pull brought into a layer this copy writes are not edits of this copy."""
        self._db.execute("DELETE FROM team_outbox WHERE seq > ?", [mark])

    def raise_version_base(self, version: int) -> None:
        """Number this copy's next edits past `version` (another writer's, of a shared
        layer: gold; or this person's own, written on another computer, of a document
        that waited), so the server does not drop them as older."""
        base = int(self.link().get("version_base", "0"))
        if version > base:
            self.set_link(version_base=str(version))

    def pushed(self, seq: int, hold: dict[int, int] | None = None) -> None:
        """The server holds everything up to `seq` but the entries in `hold` (seq -> local
        document), which it could not take now: keep those aside (team_held), forget the
        rest, keeping versions rising."""
        base = int(self.link().get("version_base", "0"))
        if hold:
            self._db.conn.executemany(
                "INSERT INTO team_held(kind, local_id, uid, document_id, annotator, char_start, "
                "char_end, label) SELECT kind, local_id, uid, ?, annotator, char_start, "
                "char_end, label FROM team_outbox WHERE seq = ?",
                [(doc_id, entry) for entry, doc_id in sorted(hold.items())],
            )
        self._db.execute("DELETE FROM team_outbox WHERE seq <= ?", [seq])
        self.set_link(version_base=str(base + seq))

    # -- what a pull brings -----------------------------------------------------------------

    @contextlib.contextmanager
    def pulling(self) -> Iterator[None]:
        """A pull writes rows all over the span indexes; a page cache of 64 MiB instead of
        SQLite's 2 MiB keeps a full pull (600,000 spans) from re-reading them from disk."""
        before = self._db.execute("PRAGMA cache_size").fetchone()[0]
        self._db.execute(f"PRAGMA cache_size = {PULL_CACHE_KIB}")
        try:
            yield
        finally:
            self._db.execute(f"PRAGMA cache_size = {int(before)}")

    def add_documents(self, pulled: Sequence[PulledDocument], applied: Applied) -> None:
        known = self.local_ids("document", [p.uid for p in pulled])
        ids: list[tuple[int, str]] = []
        for item in pulled:
            if item.uid in known:
                continue
            existing = self._documents.key_by_ext_id(item.document.ext_id)
            local = existing.id if existing else self._documents.add(item.document)
            ids.append((local, item.uid))
            applied.documents.add(local)
            applied.new_documents.append(local)
        self._db.conn.executemany(
            "INSERT OR REPLACE INTO team_ids(kind, local_id, uid, owned) "
            "VALUES ('document', ?, ?, 0)",
            ids,
        )

    def add_labels(self, labels: Sequence[Label], have: set[str], applied: Applied) -> None:
        for label in labels:
            if label.name in have:
                continue
            taken = self._db.execute(
                "SELECT 1 FROM labels WHERE shortcut = ?", [label.shortcut]
            ).fetchone()
            self._db.execute(
                "INSERT INTO labels(name, color, shortcut, description, position) "
                "VALUES (?, ?, ?, ?, ?)",
                [label.name, label.color, None if taken else label.shortcut,
                 label.description, label.position],
            )  # fmt: skip
            have.add(label.name)
            applied.labels = True

    def apply_spans(
        self, rows: Sequence[PulledSpan], mine: set[str], applied: Applied, listed: int = 5000
    ) -> None:
        """Server rows into local ones: new ones added, known ones changed or removed.

        Rows come as plain tuples with their attributes as JSON text, stored as they are:
        a full pull is 600,000 of them, and an object or a parse per row would be most of
        its cost."""
        docs = self.local_ids("document", list({r[1] for r in rows}))
        if self._held_ids is None:
            held = self._kinds([r[0] for r in rows])
        else:
            every = self._held_ids
            held = {r[0]: every[r[0]] for r in rows if r[0] in every}
        known = {uid: local for uid, (kind, local) in held.items() if kind == "span"}
        texts = self._texts(list(set(docs.values())))
        ids = {name: self._annotators.ensure(name) for name in {r[2] for r in rows}}
        # (local document, annotator id, start, row): sorted as a plain tuple, no key
        fresh: list[tuple[int, int, int, PulledSpan]] = []
        provenance: list[tuple[str, str | None]] = []  # (uid, its JSON) of gold rows
        for r in rows:
            uid = r[0]
            doc_id = docs.get(r[1])
            local = known.get(uid)
            if doc_id is None or (local is None and uid in held):
                continue  # a document this copy does not hold, or an id taken by another kind
            deleted = r[9]
            if not deleted:
                start, end, whole = r[4], r[5], texts[doc_id]
                if not (0 <= start < end <= len(whole) and whole[start:end] == r[6]):
                    # Another's row, so untrusted (an analyst may write any offsets with
                    # SQL): a span must be its document's text[start:end], as everywhere.
                    continue
            if r[2] == GOLD:
                applied.gold = True
                if not deleted:
                    provenance.append((uid, r[10] if len(r) > 10 else None))
            if local is None:
                if not deleted:
                    fresh.append((doc_id, ids[r[2]], r[4], r))
                continue
            self._change_span(local, doc_id, r, applied, listed)
        # New rows in the order of the span indexes (document, annotator, start): a full
        # pull then appends to them rather than writing all over them.
        fresh.sort()
        first = int(self._db.execute("SELECT coalesce(max(id), 0) FROM spans").fetchone()[0]) + 1
        self._db.conn.executemany(
            "INSERT INTO spans(id, document_id, annotator_id, label, char_start, char_end, "
            "text, attrs, created_at, updated_at) "
            f"VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{_PULLED}', '{_PULLED}')",  # fewer to bind
            [(first + i, doc_id, annotator_id, r[3], r[4], r[5], r[6], r[7])
             for i, (doc_id, annotator_id, _s, r) in enumerate(fresh)],
        )  # fmt: skip
        owned = [i for i, (_d, _a, _s, r) in enumerate(fresh) if r[2] in mine]
        self._add_span_ids(first, [r[0] for _d, _a, _s, r in fresh], owned)
        applied.documents.update(doc_id for doc_id, _a, _s, _r in fresh)
        if provenance:
            self._apply_provenance(provenance)
        room = max(0, listed - len(applied.added) - len(applied.removed) - len(applied.updated))
        if len(fresh) > room:
            applied.overflow = True
        elif not applied.overflow:
            applied.added.extend(
                Span(first + i, doc_id, r[2], r[3], r[4], r[5], r[6], _json(r[7]))
                for i, (doc_id, _a, _s, r) in enumerate(fresh)
            )

    def _add_span_ids(self, first: int, uids: list[str], owned: list[int]) -> None:
        """Global ids of the spans just numbered from `first` on, in their order; `owned`:
        the positions of those of this copy's layers.

        One statement over a JSON array, not a row bound per id: binding was half the cost
        of a full pull's 600,000 ids. None of these ids is held here (apply_spans left those
        out), but a span removed while this copy had no triggers may have left its id under
        a local number now given again: such a row is stale and goes (as a REPLACE did)."""
        if not uids:
            return
        if self._held_ids is not None:  # a stale id held in memory would find a new span
            # (read, then deleted: DELETE ... RETURNING needs SQLite 3.35, and Python 3.12
            # uses the system's SQLite on RHEL 9 and Debian 11: 3.34)
            for (uid,) in self._db.execute(
                "SELECT uid FROM team_ids WHERE kind = 'span' AND local_id >= ?", [first]
            ).fetchall():
                self._held_ids.pop(uid, None)
        self._db.execute("DELETE FROM team_ids WHERE kind = 'span' AND local_id >= ?", [first])
        self._db.execute(
            "INSERT INTO team_ids(kind, local_id, uid, owned) SELECT 'span', ? + key, value, "
            "key IN (SELECT value FROM json_each(?)) FROM json_each(?)",
            [first, orjson.dumps(owned).decode(), orjson.dumps(uids).decode()],
        )

    def _change_span(
        self, local: int, doc_id: int, r: PulledSpan, applied: Applied, listed: int
    ) -> None:
        """A pulled row of a span held here: changed, or removed (a tombstone)."""
        _uid, _doc, annotator, label, start, end, text, attrs, _version, deleted = r[:10]
        before = self._span(local) if applied.listing(listed) else None
        if deleted:
            self._db.execute("DELETE FROM spans WHERE id = ?", [local])
            if before is not None:
                applied.removed.append(before)
        else:
            self._db.execute(
                "UPDATE spans SET label = ?, char_start = ?, char_end = ?, text = ?, "
                "attrs = ?, updated_at = ? WHERE id = ?",
                [label, start, end, text, attrs, _PULLED, local],
            )
            if applied.listing(listed):
                applied.updated.append(
                    Span(local, doc_id, annotator, label, start, end, text, _json(attrs))
                )
        applied.documents.add(doc_id)

    @contextlib.contextmanager
    def bulk_spans(self, incoming: int | None) -> Iterator[None]:
        """Around applying `incoming` pulled spans (inside the caller's transaction); None:
        not known ahead, as they stream into a copy that holds none yet (a fresh join).

        A row trigger costs SQLite a frame per row even when its WHEN is false, and the
        outbox's trigger on spans took half of a full pull's inserting, for nothing: the
        pull forgets what its rows put in the outbox anyway (TeamSync.pull). And adding
        rows to an index one by one costs more than building it anew when the rows
        arriving outnumber those there (a join's full pull). So, for a big pull, the
        trigger is dropped, and the span indexes too when the table is the smaller part,
        and both are made again, from their own SQL, before the transaction ends. The
        write lock keeps any other writer out meanwhile; a failure rolls it all back.

        Looking each pulled id up among those held costs a probe per row; into a copy that
        holds few (a fresh join holds only its documents' ids) they are read once instead.
        Only spans are applied meanwhile, and the server holds each span's id once, so the
        ids this pull adds never need looking up by its later rows."""
        if incoming is not None and incoming < BULK_SPANS:
            yield
            return
        if not self._db.conn.in_transaction:
            # The drop would commit at once, and another connection's edit could land
            # before the trigger came back, never to reach the outbox.
            raise RuntimeError("bulk_spans needs the caller's transaction")
        existing = int(self._db.execute("SELECT count(*) FROM spans").fetchone()[0])
        ids = int(self._db.execute("SELECT count(*) FROM team_ids").fetchone()[0])
        # Streaming into a copy that holds no spans yet: it holds only its documents' ids.
        read_ids = incoming is None or ids * HELD_IDS_READ_WHOLE <= incoming
        if incoming is None:
            incoming = existing + BULK_SPANS
        objects = [
            (str(kind), str(name), str(sql))
            for kind, name, sql in self._db.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'spans' "
                "AND sql IS NOT NULL AND (name = 'team_span_added' OR (type = 'index' "
                "AND ? > ?))",
                [incoming, existing],
            )
        ]
        dropped: list[str] = []  # the SQL of each, to make it again
        try:
            for kind, name, sql in objects:
                self._db.execute(f'DROP {kind.upper()} "{name}"')  # names from sqlite_master
                dropped.append(sql)
            if read_ids:
                self._held_ids = {
                    str(uid): (str(kind), int(local))
                    for uid, kind, local in self._db.execute(
                        "SELECT uid, kind, local_id FROM team_ids"
                    )
                }
            yield
        finally:
            self._held_ids = None
            # SQLite ends the whole transaction itself on some failures (a full disk, an I/O
            # error): its rollback brought them back, and making them again would fail
            # ("already exists") and hide what went wrong. A drop that failed part-way
            # leaves the rest to make again only if the transaction goes on.
            if self._db.conn.in_transaction:
                for sql in dropped:
                    self._db.execute(sql)

    def _apply_provenance(self, rows: Sequence[tuple[str, str | None]]) -> None:
        """Pulled gold spans' provenance, as the lead who decided recorded it (none: none)."""
        spans = self.local_ids("span", [uid for uid, _ in rows])
        for uid, raw in rows:
            span_id = spans.get(uid)
            if span_id is None:
                continue
            try:
                found = json.loads(raw) if raw else None
            except (ValueError, RecursionError):  # a number past 4,300 digits, or too deep
                found = None
            if not isinstance(found, dict) or found.get("origin") not in (
                "accepted",
                "edited",
                "added",
            ):
                self._db.execute("DELETE FROM gold_provenance WHERE span_id = ?", [span_id])
                continue
            sources = found.get("sources")
            self._db.execute(
                "INSERT OR REPLACE INTO gold_provenance(span_id, origin, sources, decided_by, "
                "decided_at) VALUES (?, ?, ?, ?, ?)",
                [span_id, found["origin"],
                 json.dumps([str(s) for s in sources] if isinstance(sources, list) else [],
                            ensure_ascii=False),
                 str(found.get("decided_by", "")), str(found.get("decided_at", ""))],
            )  # fmt: skip

    def apply_rejections(self, rows: Sequence[RejectionRow], applied: Applied) -> None:
        docs = self.local_ids("document", list({r.document for r in rows}))
        for r in rows:
            doc_id = docs.get(r.document)
            if doc_id is None:
                continue
            key = [doc_id, r.start, r.end, r.label]
            if r.deleted:
                self._db.execute(
                    "DELETE FROM review_rejections WHERE document_id = ? AND char_start = ? "
                    "AND char_end = ? AND label = ?",
                    key,
                )
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO review_rejections(document_id, char_start, char_end, "
                    "label, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [*key, r.decided_by, r.decided_at],
                )
            applied.documents.add(doc_id)
            applied.gold = True

    def _texts(self, doc_ids: Sequence[int]) -> dict[int, str]:
        chunk = orjson.dumps(list(doc_ids)).decode()
        return {
            int(doc_id): str(text)
            for doc_id, text in self._db.execute(
                "SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                [chunk],
            )
        }

    def _span(self, span_id: int) -> Span | None:
        row = self._db.execute(
            "SELECT s.id, s.document_id, a.name, s.label, s.char_start, s.char_end, s.text, "
            "s.attrs FROM spans s JOIN annotators a ON a.id = s.annotator_id WHERE s.id = ?",
            [span_id],
        ).fetchone()
        if row is None:
            return None
        sid, doc_id, annotator, label, start, end, text, attrs = row
        return Span(sid, doc_id, annotator, label, start, end, text, json.loads(attrs))

    def apply_relations(
        self, rows: Sequence[RelationRow], mine: set[str], applied: Applied
    ) -> None:
        held = self._kinds([r.uid for r in rows])
        known = {uid: local for uid, (kind, local) in held.items() if kind == "relation"}
        spans = self.local_ids("span", list({u for r in rows for u in (r.head, r.tail)}))
        # Here a link belongs to the layer of its head span: a link between spans of another
        # layer (an analyst's row joining gold spans) would become a link of that layer, and
        # the lead's copy would push it as gold under the analyst's id.
        writers = self._span_writers(list(spans.values()))
        for r in rows:
            if r.uid in held and r.uid not in known:
                continue  # an id taken by another kind
            ends = [spans.get(r.head), spans.get(r.tail)]
            if any(e is not None and writers.get(e) != r.annotator for e in ends):
                continue
            local = known.get(r.uid)
            if local is not None:
                self._db.execute("DELETE FROM relations WHERE id = ?", [local])
            head, tail = spans.get(r.head), spans.get(r.tail)
            if r.deleted or head is None or tail is None:
                applied.relations = applied.relations or local is not None
                continue
            cursor = self._db.execute(
                "INSERT INTO relations(head_id, tail_id, type, attrs) VALUES (?, ?, ?, ?)",
                [head, tail, r.type, json.dumps(r.attrs, ensure_ascii=False) if r.attrs else "{}"],
            )
            self._db.execute(
                "INSERT OR REPLACE INTO team_ids(kind, local_id, uid, owned) VALUES ('relation', ?, ?, ?)",  # noqa: E501
                [cursor.lastrowid, r.uid, int(r.annotator in mine)],
            )
            applied.relations = True

    def _span_writers(self, span_ids: Sequence[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for i in range(0, len(span_ids), 20_000):
            chunk = orjson.dumps(list(span_ids[i : i + 20_000])).decode()
            for span_id, name in self._db.execute(
                "SELECT s.id, a.name FROM spans s JOIN annotators a ON a.id = s.annotator_id "
                "WHERE s.id IN (SELECT value FROM json_each(?))",
                [chunk],
            ):
                out[int(span_id)] = str(name)
        return out

    def apply_statuses(self, rows: Sequence[StatusRow], applied: Applied) -> None:
        docs = self.local_ids("document", list({r.document for r in rows}))
        values = []
        for r in rows:
            doc_id = docs.get(r.document)
            if doc_id is None:
                continue
            values.append((doc_id, self._annotators.ensure(r.annotator), r.status, _PULLED))
            applied.statuses.append((doc_id, Status(r.status)))
            applied.documents.add(doc_id)
            applied.gold = applied.gold or r.annotator == GOLD
        self._db.conn.executemany(
            "INSERT INTO document_status(document_id, annotator_id, status, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(document_id, annotator_id) "
            "DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
            values,
        )

    def apply_decisions(self, rows: Sequence[DecisionRow], applied: Applied) -> None:
        docs = self.local_ids("document", list({r.document for r in rows}))
        for r in rows:
            doc_id = docs.get(r.document)
            if doc_id is None:
                continue
            key = [doc_id, r.annotator, r.start, r.end, r.label]
            if r.deleted:
                self._db.execute(
                    "DELETE FROM suggestion_decisions WHERE document_id = ? AND annotator = ? "
                    "AND char_start = ? AND char_end = ? AND label = ?",
                    key,
                )
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO suggestion_decisions(document_id, annotator, "
                    "char_start, char_end, label, source, decision, decided_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [*key, r.source, r.decision, r.decided_at],
                )
            applied.decisions = True

    # -- checks -----------------------------------------------------------------------------

    def layer_rows(self, annotator: str) -> list[tuple[str, str, int, int, str]]:
        """(uid, label, start, end, text) of the annotator's spans that have a global id:
        what the server should hold of this layer, for an exactly-once check."""
        rows = self._db.execute(
            "SELECT t.uid, s.label, s.char_start, s.char_end, s.text FROM spans s "
            "JOIN annotators a ON a.id = s.annotator_id "
            "JOIN team_ids t ON t.kind = 'span' AND t.local_id = s.id WHERE a.name = ? "
            "ORDER BY t.uid",
            [annotator],
        ).fetchall()
        return [tuple(r) for r in rows]
