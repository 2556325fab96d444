"""Sync of a team working copy with its server: push the outbox, pull what is new.

Offline first: an edit is committed to the local project before anything else (the
store's triggers put it in the outbox), and reaches the server when a push gets through.
A push is idempotent: rows go by global id with the version of their last local edit, an
older version never overwrites a newer one, and the outbox is cleared only after the
server committed. A push cut anywhere (connection killed, process killed, server gone)
is sent again whole by the next one, and the server ends up with every edit once.

A pull reads, in one snapshot, the rows written by transactions the last pull could not
see (by their `xid`), then applies them here in one local transaction (the local write
lock is not held while the server is read); it returns them as
`Changes`, the same value a local edit returns, so the window announces both alike. A join
into a new file (no document, no link: nothing else edits it) writes while it reads, in
the same one local transaction, which a failure on either side rolls back whole.

For the window: run `TeamSync.sync()` on a worker thread with a Project opened on that
thread (a Project is not shared between threads); hand the returned `SyncResult.changes` to
the GUI thread and broadcast it like a local edit's. `waiting()` tells the status bar how
many edits are not on the server yet; an `Unreachable` error means "offline, will retry".
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import queue
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import orjson
import psycopg

from annotator.core.changes import Changes
from annotator.core.formats import records
from annotator.core.model import GOLD, Label, NewDocument
from annotator.core.store.project import Project
from annotator.core.store.team import (
    Applied,
    DecisionRow,
    Outgoing,
    PulledDocument,
    RejectionRow,
    RelationRow,
    StatusRow,
)
from annotator.core.team import claims, schema
from annotator.core.team.connection import (
    CONFLICTS,
    Conflict,
    TeamConnection,
    TeamError,
    connect,
    describe,
    server_failure,
    without_password,
)
from annotator.core.team.received import (
    NAMED,
    OBJECTS,
    document_problem,
    documents_only,
    named_safely,
    objects_only,
    usable_object,
)

PUSH_BATCH = 5000  # outbox entries per server transaction
PULL_CHUNK = 20_000  # rows fetched and applied at a time
AHEAD = 4  # chunks a fresh join reads before the local writes take them
MAX_LISTED_SPANS = 5000  # past this a pull announces "reload" rather than every span
SEEN_EVERY_S = 60.0  # a client notes its person as seen at most this often
_SEEN = "UPDATE seed.people SET last_seen = now() WHERE name = current_user"
_clock = time.monotonic

# Where a push stands, for tests and progress: after a batch was sent, after the server
# committed it, after the outbox forgot it.
SENT, COMMITTED, CLEARED = "sent", "committed", "cleared"


@dataclass(frozen=True, slots=True)
class LeftOut:
    """Server rows a pull left out for a name that commands its surroundings, a JSON
    column that is no object, or a document an import would not store (team.received):
    how many, and the first by table and id with why."""

    count: int = 0
    first: str = ""

    def __str__(self) -> str:
        return (
            f"{self.count} server row(s) left out, for a name holding control or "
            "text-direction characters, attributes or meta that are no JSON object, or a "
            "document no import would store (too long, or its offset map or digest not "
            f"fitting its texts) (first: {self.first}); they stay on the server: a row "
            "whose writer corrects it comes with the next pull, a label so named or a row of "
            "a person so named never does, until it is removed on the server"
        )


@dataclass(frozen=True, slots=True)
class SyncResult:
    pushed: int  # rows the server took (or had already)
    changes: Changes  # what the pull changed here, to broadcast
    waiting: int  # edits still not on the server
    seconds: float = 0.0
    withheld: int = 0  # edits on documents no longer assigned to this analyst: not sent
    # A lead's gold edits on documents another lead holds, not sent: (ext_id, holder)
    held: tuple[tuple[str, str], ...] = ()
    left_out: LeftOut = LeftOut()  # rows the pull left out (team.received)


# A part of what a pull reads, in the order it is applied: ("labels", [Label]), when
# documents wait and a lead pulls ("waiting", the uids of those the server still shows),
# ("documents", [PulledDocument]), then a chunk at a time ("spans", [PulledSpan]),
# ("relations", [RelationRow]), ("statuses", ...), ("decisions", ...), ("rejections", ...),
# each followed by the rows of the skipped layers on waiting documents now sound (OWN +
# the kind), and for an analyst ("assigned", the uids of the documents the server assigns
# them).
type Part = tuple[str, Any]
OWN = "own "
type Parts = Generator[Part, None, None]


@dataclass
class _Pull:
    cursor: str
    new_cursor: str = "0"
    applied: Applied = field(default_factory=Applied)
    # Documents earlier pulls left out that this copy does not hold: read again, whatever
    # the cursor, with every layer (StoreTeam.waiting_documents)
    waiting: set[str] = field(default_factory=set)


class TeamSync:
    """The sync of one working copy. One per thread, on that thread's Project."""

    def __init__(
        self, project: Project, url: str | None = None, joining: dict[str, str] | None = None
    ) -> None:
        # `joining`: the link a join is about to write (with its first pull, not before).
        link = project.team.link() | (joining or {})
        if "person" not in link:
            raise TeamError(f"{project.path}: is not a team working copy (`annotator team join`)")
        self.project = project
        self.url = url or link["url"]
        self.person = link["person"]
        self.role = link.get("role", "analyst")
        self._conn: TeamConnection | None = None
        self.withheld = 0  # edits this engine did not send: their document was unassigned
        self.held: dict[str, str] = {}  # ext_id -> the lead holding it, this round
        self._seen_at: float | None = None  # when this client last noted its person seen
        self.left_out = LeftOut()  # by the last pull

    # -- the connection, kept open between syncs and made again after a failure ------------

    def _connection(self) -> TeamConnection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self.close()
            self._conn = connect(self.url, autocommit=True)
            schema.check_version(self._conn, describe(self.url))
            if self._seen_due():
                self._conn.execute(_SEEN)
                self._seen_at = _clock()
        return self._conn

    def _seen_due(self) -> bool:
        """A person who only reads (pulls) is active too, and the lead's "last seen" should
        say so; once a minute is news enough, and spares the server a write every round."""
        return self._seen_at is None or _clock() - self._seen_at >= SEEN_EVERY_S

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
            self._conn = None

    @contextlib.contextmanager
    def _server(self) -> Iterator[TeamConnection]:
        """The connection; a failure of the network or the server closes it and becomes an
        Unreachable (retry later), a refusal a TeamError naming what was refused."""
        conn = self._connection()
        try:
            yield conn
        except psycopg.OperationalError as exc:
            if exc.sqlstate in CONFLICTS:
                # A deadlock or a serialization failure: the server is there and the
                # connection sound (the transaction block rolled back); say what happened.
                raise server_failure(self.url, exc) from exc
            self.close()
            raise server_failure(self.url, exc) from exc
        except psycopg.Error as exc:
            self.close()
            raise server_failure(self.url, exc) from exc

    def waiting(self) -> int:
        return self.project.team.waiting()

    # -- one round ---------------------------------------------------------------------------

    def sync(self, progress: Callable[[str], None] | None = None) -> SyncResult:
        started = time.perf_counter()
        withheld = self.withheld
        self.held = {}
        pushed = self.push(progress)
        changes = self.pull()
        return SyncResult(
            pushed,
            changes,
            self.waiting(),
            time.perf_counter() - started,
            self.withheld - withheld,
            tuple(sorted(self.held.items())),
            self.left_out,
        )

    def _fresh_if_stale(self) -> bool:
        """A kept connection may have died while idle (server restart, a cut, an
        administrator's pg_terminate_backend): find out now, not halfway through a push.
        When "last seen" is due, noting it is the probe: no round trip of its own."""
        if self._conn is None:
            return False
        due = self._seen_due()
        try:
            self._conn.execute(_SEEN if due else "SELECT 1")
        except psycopg.Error:
            self.close()
            return True
        if due:
            self._seen_at = _clock()
        return False

    def push(self, progress: Callable[[str], None] | None = None) -> int:
        """Send the outbox, a batch per server transaction; returns rows sent."""
        self._fresh_if_stale()
        if self.project.team.owned() and not self.project.team.records_changes():
            with self.project.transaction():
                self.project.team.record_changes()  # a cleaned copy lost them
        self._send_again_if_assigned()
        total = 0
        while True:
            with self.project.transaction():  # the global ids given here survive any cut
                batch = self.project.team.outgoing(PUSH_BATCH)
            if not batch.seq:
                return total
            withheld, held, unassigned, sent = _once_more_on_conflict(
                partial(self._send, batch, progress)
            )
            self.withheld += withheld
            self.held.update(held)
            if progress:
                progress(COMMITTED)
            local = {uid: doc_id for doc_id, uid in self.project.team.document_uids().items()}
            keep = {
                seq: local[uid]
                for uid in unassigned
                if uid in local
                for seq in batch.entries.get(uid, ())
            }
            with self.project.transaction():
                self.project.team.pushed(batch.seq, keep)
            if progress:
                progress(CLEARED)
            total += sent

    def _send(
        self, batch: Outgoing, progress: Callable[[str], None] | None
    ) -> tuple[int, dict[str, str], set[str], int]:
        """One batch in one server transaction; returns (edits withheld, documents held by
        other leads, documents no longer assigned, rows sent)."""
        sending = copy.copy(batch)  # _send filters it: a second attempt starts whole
        with self._server() as conn, conn.transaction():
            withheld, held, unassigned = _send(conn, sending)
            if progress:
                progress(SENT)
            due = self._seen_due()
            if due:
                conn.execute(_SEEN)
        if due:
            self._seen_at = _clock()
        return withheld, held, unassigned, len(sending)

    def _send_again_if_assigned(self) -> None:
        """Edits kept aside while their document was not assigned go out again once it
        is: the analyst's work there reaches the lead after all."""
        waiting = self.project.team.held_documents()
        if not waiting:
            return
        with self._server() as conn:
            assigned = _assigned(conn)
        back = [local for local, uid in waiting.items() if assigned is None or uid in assigned]
        if back:
            with self.project.transaction():
                self.project.team.send_again(back)

    def pull(
        self,
        first: bool = False,
        joining: dict[str, str] | None = None,
        own: list[str] | None = None,
    ) -> Changes:
        """Bring what others wrote since the last pull (at `first`, this person's own work
        too: a copy joined on a new machine starts from what the server holds).

        A join passes the link to write and the layers to record edits of (`own`): they
        commit with the pull, or nothing does. Written apart, a crash between them left a
        copy that looked joined and recorded none of the edits made in it."""
        self._fresh_if_stale()
        link = self.project.team.link() | (joining or {})
        # A lead's pull brings gold too, as other leads wrote it (never this lead's own
        # echo, which could overwrite a newer edit still waiting here to be pushed).
        skip = [] if first else sorted(self.project.team.owned() - {GOLD})
        if first and self.project.created and self.project.documents.count() == 0:
            # A join into a file this connection made: no other program has it open (a
            # window's labels edit on an empty project opened elsewhere would wait on the
            # server otherwise), so nobody waits on its write lock, and the local writes
            # may go on while the server is still read, in the same one local transaction.
            return _once_more_on_conflict(
                lambda: self._write(_Pull(link.get("cursor", "0")), joining, own,
                                    lambda state: _ahead(self._read(state, skip, True)), None)
            )  # fmt: skip
        waiting = self.project.team.waiting_documents()
        # Read everything in one server snapshot first, then apply it here in one short
        # local transaction: the local write lock is never held while the server is slow
        # (a lead's full pull reads for seconds), so the window's edits on another
        # connection keep going; and a pull cut before the local commit leaves the copy and
        # its cursor as they were.
        state = _Pull(cursor=link.get("cursor", "0"), waiting=waiting)
        parts = _once_more_on_conflict(lambda: list(self._read(state, skip)))
        spans = sum(len(rows) for kind, rows in parts if kind == "spans")
        return self._write(state, joining, own, lambda _state: (part for part in parts), spans)

    def _write(
        self,
        state: _Pull,
        joining: dict[str, str] | None,
        own: list[str] | None,
        parts: Callable[[_Pull], Parts],
        spans: int | None,
    ) -> Changes:
        """The parts a pull read into the copy, in one local transaction with its new link
        and cursor: all or nothing. `spans`: how many span rows come, None if not known."""
        mine = {self.person, GOLD} if self.role == "lead" else {self.person}
        with self.project.team.pulling(), self.project.transaction():
            if joining:
                self.project.team.set_link(**joining)
            # Gold pulled into a lead's copy is of a layer this copy writes: its triggers
            # put it in the outbox, and it would go back as this lead's own edit. Nothing
            # else writes while this transaction holds the lock, so what it added is the
            # pull's alone.
            mark = self.project.team.outbox_mark()
            with contextlib.closing(parts(state)) as read:
                highest = _apply(self.project, read, state, mine, spans)
            self.project.team.forget_since(mark)
            # Edits here must outnumber the versions other leads gave the gold pulled, and
            # those of this person's own rows on a waiting document stored now (written
            # elsewhere after the join set the base), or a later change of them would be
            # dropped as old by the server.
            self.project.team.raise_version_base(highest)
            self.project.team.set_link(cursor=state.new_cursor)
            if own:
                self.project.team.own_layers(own)
        applied = state.applied
        self.left_out = LeftOut(applied.left_out, applied.first_left_out)
        return _changes(applied)

    def _read(self, state: _Pull, skip: list[str], writes_meanwhile: bool = False) -> Parts:
        """Everything new since the cursor, in one server snapshot, a part at a time."""
        with self._server() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            # A join into a new file writes while this transaction waits for the next part
            # to be taken: a long part here (the documents, the span indexes' rebuild on a
            # slow laptop) must not meet the database's one-minute idle limit (m010).
            if writes_meanwhile:
                # Raised, never lowered: an administrator's longer limit, or none, stays.
                conn.execute(
                    "SELECT set_config('idle_in_transaction_session_timeout', '10min', true) "
                    "WHERE current_setting('idle_in_transaction_session_timeout')::interval "
                    "BETWEEN '1ms' AND '10min'"
                )
                conn.learn_idle_limit(transaction=True)
            row = conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").fetchone()
            state.new_cursor = row[0] if row else state.cursor
            yield from _read(
                conn,
                state.cursor,
                skip,
                self.person,
                all_gold=not skip,
                waiting=state.waiting,
                sees_all=self.role == "lead",
            )
            if self.role != "lead":
                yield "assigned", _assigned(conn)


_LEAD_NOW = "SELECT pg_has_role(current_user, %(lead)s, 'MEMBER')"


def _shown_to_a_lead(conn: psycopg.Connection[Any], params: dict[str, Any]) -> set[str] | None:
    """Which of the waiting documents the server shows, asked only of a lead as she is a
    member of the leads' group now, or None. Row-level security takes its policies from
    the membership when a statement starts, not from the pull's snapshot (a `seed.people`
    read there said lead while the statement ran as an analyst's, and every document hidden
    from her looked removed): asked before and within the same statement."""
    params = {**params, "lead": schema.team_roles(conn).lead}
    before = conn.execute(_LEAD_NOW, params).fetchone()
    if not (before and before[0]):
        return None
    row = conn.execute(
        f"SELECT ({_LEAD_NOW}), array(SELECT uid::text FROM seed.documents "
        "WHERE uid = ANY(%(retry)s::uuid[]))",
        params,
    ).fetchone()
    return set(row[1]) if row and row[0] else None


def _once_more_on_conflict[T](attempt: Callable[[], T]) -> T:
    """Run a server transaction, and once more if the server cancelled it for meeting
    another (deadlock, serialization failure): safe here, as a push is idempotent and a
    pull's read writes nothing. A second conflict is reported as one."""
    try:
        return attempt()
    except Conflict:
        return attempt()


def _assigned_only(
    conn: psycopg.Connection[Any], batch: Outgoing
) -> tuple[int, str, set[str] | None]:
    """An analyst writes their layer only on documents assigned to them now. An edit on a
    document the lead has since taken back would be refused, and with it its whole batch,
    on every push: every later edit would wait behind it for ever; so would the gold of a
    lead made an analyst. Such edits are left out
    (the local copy keeps them) and counted; returns (how many, the condition that keeps a
    removal from touching those documents, the documents assigned; None for a lead)."""
    docs = _assigned(conn)
    if docs is None:
        return 0, "", None
    before = len(batch)
    # Gold too: a lead made an analyst since keeps a copy that writes gold, which the
    # server now refuses them.
    batch.spans = [r for r in batch.spans if r.document in docs and r.annotator != GOLD]
    batch.relations = [r for r in batch.relations if r.document in docs and r.annotator != GOLD]
    batch.statuses = [r for r in batch.statuses if r.document in docs and r.annotator != GOLD]
    batch.decisions = [r for r in batch.decisions if r.document in docs and r.annotator != GOLD]
    batch.rejections = []  # gold's only
    return (
        before - len(batch),
        (
            " AND annotator = current_user AND document IN (SELECT a.document "
            "FROM seed.assignments a WHERE a.annotator = current_user)"
        ),
        docs,
    )


def _assigned(conn: psycopg.Connection[Any]) -> set[str] | None:
    """The documents the server assigns to this person now; None for a lead."""
    row = conn.execute("SELECT role FROM seed.people WHERE name = current_user").fetchone()
    if row is None or row[0] != "analyst":
        return None
    return {
        str(r[0])
        for r in conn.execute(
            "SELECT document FROM seed.assignments WHERE annotator = current_user"
        )
    }


def _unclaimed_only(
    conn: psycopg.Connection[Any], batch: Outgoing
) -> tuple[dict[str, str], set[str], str]:
    """A lead's gold edits on a document another lead holds are refused by the server (and
    with them the whole batch): they are left out (the copy keeps them) and named; returns
    (ext_id -> holder, those documents' uids, the condition that keeps a removal off them)."""
    gold = {r.document for rows in (batch.spans, batch.relations, batch.statuses,
            batch.decisions, batch.rejections) for r in rows if r.annotator == GOLD}  # fmt: skip
    elsewhere = claims.held_elsewhere(conn, sorted(gold)) if gold else {}
    if elsewhere:
        batch.spans = [r for r in batch.spans if not _held(r, elsewhere)]
        batch.relations = [r for r in batch.relations if not _held(r, elsewhere)]
        batch.statuses = [r for r in batch.statuses if not _held(r, elsewhere)]
        batch.decisions = [r for r in batch.decisions if not _held(r, elsewhere)]
        batch.rejections = [r for r in batch.rejections if not _held(r, elsewhere)]
    return (
        dict(elsewhere.values()),
        set(elsewhere),
        (
            " AND NOT (annotator = 'gold' AND document IN (SELECT c.document "
            "FROM seed.claims c WHERE c.lead <> current_user))"
        ),
    )


def _held(row: Any, elsewhere: dict[str, tuple[str, str]]) -> bool:
    return bool(row.annotator == GOLD and row.document in elsewhere)


def _send(conn: psycopg.Connection[Any], batch: Outgoing) -> tuple[int, dict[str, str], set[str]]:
    """Upsert the batch; returns how many edits were withheld (see _assigned_only), the
    documents whose gold other leads hold (see _unclaimed_only), and the documents of the
    batch no longer assigned to this analyst (their edits are kept for later)."""
    withheld, assigned, docs = _assigned_only(conn, batch)
    held: dict[str, str] = {}
    unassigned = set() if docs is None else set(batch.entries) - docs
    if not assigned:
        held, claimed, assigned = _unclaimed_only(conn, batch)
        # Kept aside like an unassigned document's edits, and sent again at the next
        # push: once the holder releases the document, they go through.
        unassigned |= claimed
    with conn.cursor() as cur:
        if batch.spans:
            cur.executemany(
                "INSERT INTO seed.spans AS s (uid, document, annotator, label, char_start, "
                "char_end, text, attrs, provenance, version, deleted, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb, %s, false, now()) "
                "ON CONFLICT (uid) DO UPDATE SET label = excluded.label, "
                "char_start = excluded.char_start, char_end = excluded.char_end, "
                "text = excluded.text, attrs = excluded.attrs, "
                "provenance = excluded.provenance, version = excluded.version, "
                "deleted = false, updated_at = now() WHERE s.version < excluded.version",
                [(r.uid, r.document, r.annotator, r.label, r.start, r.end, r.text,
                  orjson.dumps(r.attrs).decode(),
                  None if r.provenance is None else orjson.dumps(r.provenance).decode(),
                  r.version) for r in batch.spans],
            )  # fmt: skip
        if batch.relations:
            cur.executemany(
                "INSERT INTO seed.relations AS r (uid, document, annotator, head, tail, type, "
                "attrs, version, deleted, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s::jsonb, %s, false, now()) "
                "ON CONFLICT (uid) DO UPDATE SET head = excluded.head, tail = excluded.tail, "
                "type = excluded.type, attrs = excluded.attrs, version = excluded.version, "
                "deleted = false, updated_at = now() WHERE r.version < excluded.version",
                [(r.uid, r.document, r.annotator, r.head, r.tail, r.type,
                  orjson.dumps(r.attrs).decode(), r.version) for r in batch.relations],
            )  # fmt: skip
        if batch.decisions:
            cur.executemany(
                "INSERT INTO seed.decisions AS d (uid, document, annotator, char_start, "
                "char_end, label, source, decision, decided_at, version, deleted, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now()) "
                "ON CONFLICT (annotator, uid) DO UPDATE SET source = excluded.source, "
                "decision = excluded.decision, decided_at = excluded.decided_at, "
                "version = excluded.version, deleted = excluded.deleted, updated_at = now() "
                "WHERE d.version < excluded.version",
                [(r.uid, r.document, r.annotator, r.start, r.end, r.label, r.source,
                  r.decision, r.decided_at, r.version, r.deleted) for r in batch.decisions],
            )  # fmt: skip
        for table in ("spans", "relations"):
            gone = [(v, u, v) for t, u, v in batch.gone if t == table]
            if gone:
                cur.executemany(
                    f"UPDATE seed.{table} SET deleted = true, version = %s, updated_at = now() "
                    f"WHERE uid = %s AND version < %s{assigned}",
                    gone,
                )
        if batch.rejections:
            cur.executemany(
                "INSERT INTO seed.rejections AS r (uid, document, char_start, char_end, label, "
                "decided_by, decided_at, version, deleted, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, now()) "
                "ON CONFLICT (uid) DO UPDATE SET decided_by = excluded.decided_by, "
                "decided_at = excluded.decided_at, version = excluded.version, "
                "deleted = excluded.deleted, updated_at = now() "
                "WHERE r.version < excluded.version",
                [(r.uid, r.document, r.start, r.end, r.label, r.decided_by, r.decided_at,
                  r.version, r.deleted) for r in batch.rejections],
            )  # fmt: skip
        # Statuses last: gold marked reviewed releases the lead's claim on the document,
        # which a gold row sent after it in this batch would take again.
        if batch.statuses:
            cur.executemany(
                "INSERT INTO seed.statuses AS s (uid, document, annotator, status, version, "
                "updated_at) VALUES (%s, %s, %s, %s, %s, now()) "
                "ON CONFLICT (annotator, uid) DO UPDATE SET status = excluded.status, "
                "version = excluded.version, deleted = false, updated_at = now() "
                "WHERE s.version < excluded.version",
                [(r.uid, r.document, r.annotator, r.status, r.version) for r in batch.statuses],
            )
    return withheld, held, unassigned


def _chunks(
    conn: psycopg.Connection[Any], query: str, params: dict[str, Any]
) -> Iterator[list[tuple]]:
    """A server-side cursor read a chunk at a time (inside the caller's transaction)."""
    cur = conn.cursor(name=f"pull_{time.monotonic_ns()}")
    try:
        cur.itersize = PULL_CHUNK
        cur.execute(query, params)
        while rows := cur.fetchmany(PULL_CHUNK):
            yield rows
    finally:
        # A read stopped part-way (a failed join's local writes, a connection the server
        # ended): the transaction's end closes the cursor anyway, and its own close must
        # not raise over the error that stopped it ("Exception ignored ... AdminShutdown").
        with contextlib.suppress(psycopg.Error):
            cur.close()


def _attrs(raw: str) -> Any:
    """A JSON column as read: an object, or the server's text where it is none our readers
    and writers take (its jsonb holds any JSON); received.objects_only leaves those out."""
    if raw == "{}":
        return {}
    return orjson.loads(raw) if usable_object(raw) else raw


def _read(
    conn: psycopg.Connection[Any],
    cursor: str,
    skip: list[str],
    me: str,
    all_gold: bool,
    waiting: AbstractSet[str] = frozenset(),
    sees_all: bool = False,
) -> Parts:
    """Everything new since `cursor`, read inside the caller's snapshot; nothing local.
    Gold comes whoever wrote it when `all_gold`, else all but what `me` wrote.

    The `waiting` documents (left out before, not held here) are read whatever the cursor
    and judged here (received.document_problem, and their meta): only one now sound comes,
    with every layer on it, the skipped ones too (OWN parts: the cursor moved past them
    when it was left out, and only a join reads this person's own layers). One still
    unsound sends nothing more (its spans, every pull, were left out again and counted
    again); what is newly written on it still comes by the cursor, as for any row. For a
    lead (`sees_all`: row-level security hides no document from one), those the server
    no longer shows are removed, and are named in a "waiting" part, so the copy stops
    waiting for them; an analyst's keep waiting, as a document hidden from her may be one
    taken back for a while: given again, it comes by its assignment, and only as a waiting
    one does it bring her own rows (asking for a removed one costs a lookup by id at each
    pull). One longer than a document may be is not sent again until it is shorter or the
    bound is higher: a text of a gigabyte from before m014 would otherwise cross the
    network on every pull; the server tells from a stored text's size in bytes, without
    unpacking it, that it is longer than any of `bound` characters."""
    params: dict[str, Any] = {
        "c": cursor, "skip": skip, "me": me, "all_gold": all_gold, "retry": sorted(waiting),
        "bound": records.MAX_DOCUMENT_CHARS, "bytes": 4 * records.MAX_DOCUMENT_CHARS,
    }  # fmt: skip
    yield "labels", [Label(n, c, s, d, p) for n, c, s, d, p in conn.execute(
        "SELECT name, color, shortcut, description, position FROM seed.labels "
        "WHERE xid >= %(c)s::xid8 ORDER BY position, name", params)]  # fmt: skip
    # The copy's role is the join's; the server's is asked, as a lead made an analyst
    # since would drop the documents row-level security now hides from her.
    shown = _shown_to_a_lead(conn, params) if waiting and sees_all else None
    if shown is not None:
        yield "waiting", shown
    docs = conn.execute(
        "SELECT uid::text, ext_id, title, lang, text, original, offset_map, normalizer, "
        "meta::text, coalesce(source, ''), original_sha256 FROM seed.documents "
        "WHERE xid >= %(c)s::xid8 OR (uid = ANY(%(retry)s::uuid[]) AND CASE "
        "WHEN octet_length(text) > %(bytes)s OR octet_length(original) > %(bytes)s THEN false "
        "ELSE char_length(text) <= %(bound)s "
        "AND coalesce(char_length(original), 0) <= %(bound)s END) "
        "OR uid IN (SELECT document FROM seed.assignments "
        "WHERE xid >= %(c)s::xid8 AND annotator = %(me)s) ORDER BY ext_id",
        params,
    ).fetchall()
    documents = [
        PulledDocument(uid, NewDocument(ext, title, lang, text if original is None else original,
                                        text, omap, norm, _attrs(meta), source, osha))
        for uid, ext, title, lang, text, original, omap, norm, meta, source, osha in docs
    ]  # fmt: skip
    fresh = {p.uid for p in documents if p.uid in waiting and _sound(p)}
    documents = [p for p in documents if p.uid not in waiting or p.uid in fresh]
    yield "documents", documents
    params["new"] = [p.uid for p in documents]
    params["fresh"] = sorted(fresh)
    others = (
        "annotator <> ALL(%(skip)s::text[]) "
        "AND (%(all_gold)s OR annotator <> 'gold' OR writer IS DISTINCT FROM %(me)s)"
    )
    others_rejections = "(%(all_gold)s OR writer IS DISTINCT FROM %(me)s)"
    queries: list[tuple[str, str, str, Callable[[list[Any]], list[Any]]]] = [
        ("spans", "SELECT uid::text, document::text, annotator, label, char_start, char_end, "
         "text, attrs::text, version, deleted, provenance::text FROM seed.spans", others, _as_is),
        ("relations", "SELECT uid::text, document::text, annotator, head::text, tail::text, "
         "type, attrs::text, version, deleted FROM seed.relations", others, _relations),
        ("statuses", "SELECT uid::text, document::text, annotator, status, version "
         "FROM seed.statuses", others, partial(_rows, StatusRow)),
        ("decisions", "SELECT uid::text, document::text, annotator, char_start, char_end, "
         "label, source, decision, decided_at, version, deleted FROM seed.decisions",
         others, partial(_rows, DecisionRow)),
        ("rejections", "SELECT uid::text, document::text, char_start, char_end, label, "
         "decided_by, decided_at, version, deleted FROM seed.rejections",
         others_rejections, partial(_rows, RejectionRow)),
    ]  # fmt: skip
    for kind, select, theirs, make in queries:
        where = " WHERE (xid >= %(c)s::xid8 OR document = ANY(%(new)s::uuid[])) AND " + theirs
        for rows in _chunks(conn, select + where, params):
            yield kind, make(rows)
        if fresh:  # the skipped layers on the waiting documents now sound
            where = f" WHERE document = ANY(%(fresh)s::uuid[]) AND NOT ({theirs})"
            for rows in _chunks(conn, select + where, params):
                yield OWN + kind, make(rows)


def _as_is(rows: list[Any]) -> list[Any]:
    return rows  # spans stay plain tuples (TeamRepository.apply_spans)


def _relations(rows: list[Any]) -> list[RelationRow]:
    return [RelationRow(u, d, a, h, t, ty, _attrs(at), v, x)
            for u, d, a, h, t, ty, at, v, x in rows]  # fmt: skip


def _rows(make: Callable[..., Any], rows: list[Any]) -> list[Any]:
    return [make(*r) for r in rows]


def _sound(pulled: PulledDocument) -> bool:
    """Whether a pull would store this document (what received.objects_only and
    documents_only check)."""
    return isinstance(pulled.document.meta, dict) and document_problem(pulled.document) is None


_DONE = object()  # the reading thread's last word: nothing more comes


def _ahead(parts: Parts) -> Parts:
    """`parts`, read on a thread of their own up to AHEAD parts before they are taken, so
    that the server's reading and the decoding of its rows go on while the caller writes
    the parts it has (SQLite lets go of the interpreter while it works). A failure of the
    reading is raised here; closing this stops the reading (the thread closes `parts`,
    which rolls its server transaction back) and waits for it. The server's transaction
    sits idle while one part is written here: TeamSync._read raises the server's idle limit
    (a minute since `team init`) for it."""
    box: queue.Queue[Any] = queue.Queue(AHEAD)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                box.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for part in parts:
                if not put(part):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the caller's thread, raised there
            put(exc)
        finally:
            # The caller has the error that stopped the reading (or wanted no more): one
            # raised here, by a connection already gone, would only reach the thread's
            # hook (the window's crash dialog).
            with contextlib.suppress(Exception):
                parts.close()

    worker = threading.Thread(target=read, name="team-pull-read", daemon=True)
    worker.start()
    try:
        while (item := box.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def _apply(
    project: Project, parts: Iterable[Part], state: _Pull, mine: set[str], spans: int | None
) -> int:
    """The parts into the local copy, as they come (inside the caller's local transaction);
    returns the highest version among them of the layers this copy writes (the gold rows,
    and this person's own rows of the OWN parts). `spans`: how many span rows come, None
    when not known ahead.

    The rows of the skipped layers (OWN parts) apply only on the documents this write
    stores: two pulls of one copy at once (the window's and `team sync`'s) both read a
    waiting document with them, and the one applied last, finding it held, wrote this
    person's older rows over an edit made since the first stored it."""
    team = project.team
    applied = state.applied
    have_labels = project.labels.names()
    highest = 0
    waiting = state.waiting
    stored: set[str] = set()  # the documents this write stores
    for part, group in itertools.groupby(parts, key=lambda part: part[0]):
        own = part.startswith(OWN)
        kind = part.removeprefix(OWN)
        if kind == "spans":
            with team.bulk_spans(0 if own else spans):  # own: few, no bulk
                for _kind, every in group:
                    arrived = _on(kind, every, stored) if own else every
                    kept = objects_only(kind, named_safely(kind, arrived, applied), applied)
                    for label in {r[3] for r in kept if not r[9]} - have_labels:
                        team.add_labels([Label(label, "#888888")], have_labels, applied)
                    team.apply_spans(kept, mine, applied, listed=MAX_LISTED_SPANS)
                    # Left-out rows count too: edits here must outnumber every version of
                    # gold and of her own rows (OWN: came after the join set the base).
                    highest = max([highest, *(r[8] for r in every if own or r[2] == GOLD)])
            continue
        for _kind, every in group:
            if kind == "waiting":  # those the server no longer shows wait no more
                waiting = waiting & every
                continue
            if kind == "documents":
                stored |= _add_documents(project, every, applied, state.waiting, waiting)
                continue
            arrived = _on(kind, every, stored) if own else every
            rows: Any = named_safely(kind, arrived, applied) if kind in NAMED else arrived
            if kind in OBJECTS:
                rows = objects_only(kind, rows, applied)
            if kind == "labels":
                team.add_labels(rows, have_labels, applied)
            elif kind == "relations":
                team.apply_relations(rows, mine, applied)
            elif kind == "statuses":
                team.apply_statuses(rows, applied)
            elif kind == "decisions":
                team.apply_decisions(rows, applied)
            elif kind == "rejections":
                team.apply_rejections(rows, applied)
            elif kind == "assigned" and rows is not None:
                team.set_assigned(rows, applied)
            if kind in ("relations", "statuses", "decisions", "rejections"):
                highest = max([highest, *(r.version for r in every if own or r.annotator == GOLD)])
    return highest


def _add_documents(
    project: Project,
    pulled: list[PulledDocument],
    applied: Applied,
    waited: set[str],
    shown: set[str],
) -> set[str]:
    """The pulled documents this copy does not hold, those an import would store; returns
    the ids of those it stores. The others are left out, counted, and wait
    (StoreTeam.waiting_documents) until a pull finds them sound; `waited`: the documents
    waiting before this pull, `shown` those of them still to wait for (a lead's pull drops
    those removed on the server, which would never send them; see sync._read).
    A document held here is never changed by a pull (add_documents), so only the new ones
    are checked: one held, sent again because its row was rewritten or its assignment
    changed, is not counted as left out while its spans apply. A waiting one comes only
    once sound (sync._read), so it is never counted again (a window adds up every
    pull's count: it would grow at each)."""
    team = project.team
    held = team.local_ids("document", [p.uid for p in pulled] + sorted(waited))
    new = [p for p in pulled if p.uid not in held]
    first = [p for p in new if p.uid not in waited]
    again = [p for p in new if p.uid in waited]
    quiet = Applied()
    stored = {p.uid for p in documents_only(objects_only("documents", first, applied), applied)}
    stored |= {p.uid for p in documents_only(objects_only("documents", again, quiet), quiet)}
    team.add_documents([p for p in new if p.uid in stored], applied)
    now = (shown - held.keys() - stored) | ({p.uid for p in new} - stored)
    if now != waited:
        team.set_waiting_documents(now)
    return stored


def _on(kind: str, rows: list[Any], documents: set[str]) -> list[Any]:
    """The rows of a part `kind` on these documents."""
    if kind == "spans":
        return [r for r in rows if r[1] in documents]
    return [r for r in rows if r.document in documents]


def _changes(applied: Applied) -> Changes:
    """Pulled rows are never this person's own layer, so their statuses are left out:
    `Changes.statuses` means the current annotator's, and the window would show gold's
    "reviewed" (or, to a lead, an analyst's "done") as theirs. The documents still say
    where something changed, and `gold` that gold did."""
    listed = not applied.overflow
    return Changes(
        documents=frozenset(applied.documents),
        added=tuple(applied.added) if listed else (),
        removed=tuple(applied.removed) if listed else (),
        updated=tuple(applied.updated) if listed else (),
        relations=applied.relations,
        labels=applied.labels,
        suggestions=applied.decisions,
        gold=applied.gold,
        corpus=bool(applied.new_documents) or applied.overflow or applied.assignments,
    )


# -- joining ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Joined:
    person: str
    role: str
    documents: int  # documents this copy holds from the server
    changes: Changes
    left_out: LeftOut = LeftOut()


def join(project: Project, url: str) -> Joined:
    """Make `project` this person's working copy of what the server assigns them (and, for
    a lead, of everything), or bring an existing copy of the same person up to date."""
    with connect(url, autocommit=True) as conn:
        schema.check_version(conn, describe(url))
        row = conn.execute(
            "SELECT current_user, (SELECT role FROM seed.people WHERE name = current_user)"
        ).fetchone()
        # Edits made here must outnumber every version the server holds of the layers this
        # copy writes, in every table (a lead's gold too), or they are dropped as old.
        base = conn.execute(
            "SELECT coalesce(max(v), 0) FROM ("
            + " UNION ALL ".join(
                f"SELECT max(version) AS v FROM seed.{table} "
                "WHERE annotator IN (current_user, 'gold')"
                for table in schema.VERSIONED_TABLES
            )
            + ") AS versions"
        ).fetchone()
    if row is None or row[1] is None:
        who = row[0] if row else "?"
        raise TeamError(f"{describe(url)}: {who} is not a person of this team (ask the lead)")
    person, role = str(row[0]), str(row[1])
    link = project.team.link()
    if link.get("person") not in (None, person):
        raise TeamError(
            f"{project.path}: is {link['person']}'s working copy of {link.get('url')}; "
            "join with another project file"
        )
    first = "person" not in link
    joining = {"url": without_password(url), "person": person, "role": role}
    if first:
        joining |= {"cursor": "0", "version_base": str(base[0] if base else 0)}
    engine = TeamSync(project, joining=joining)
    try:
        own = [person, GOLD] if role == "lead" else [person]
        changes = engine.pull(first=first, joining=joining, own=own)
        left_out = engine.left_out
        if not first:
            engine.push()
    finally:
        engine.close()
    return Joined(person, role, len(project.team.document_uids()), changes, left_out)
