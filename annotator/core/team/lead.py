"""What a lead does on the server: push documents and labels, assign them, watch progress.

Each runs in one server transaction: an assignment or a push is there whole or not at all.
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from annotator.core.model import Document, Label
from annotator.core.team.connection import TeamError, committed, this_try

# The server transactions of a command's tries so far (pg_current_xact_id as text). A
# command run again after its connection was cut cannot tell from its rows alone whether
# the cut try committed: an idempotent retry finds that try's work "already there" and would
# report nothing done. The server still knows each try's fate (pg_xact_status), and the
# rows that try wrote carry its id (the `xid` stamp).
Tries = list[str]

# How long an assign waits for another's hold on the assignments (one assign at a time).
# Longer than the server lets a session sit idle inside a transaction (schema m010): a lead
# whose laptop went to sleep halfway through an assign holds them until the server ends that
# session, and the waiter then goes on by itself. Only a holder that is busy all along (a
# statement running minutes) makes the waiter give up, saying who holds them.
LOCK_WAIT_MS = 90_000


def _lock_assignments(cur: psycopg.Cursor[Any]) -> None:
    """One assign at a time; a TeamError naming the holder if it is not granted in time.
    Taken in a savepoint, so that the transaction can still ask who holds it. The wait's
    bound is for this lock only: a setting made in a savepoint outlives it, and would cut
    every later wait of the assign at LOCK_WAIT_MS with this lock's message out of place."""
    row = cur.execute("SELECT current_setting('lock_timeout')").fetchone()
    previous = str(row[0]) if row else "0"
    try:
        with cur.connection.transaction():
            cur.execute("SELECT set_config('lock_timeout', %s, true)", [f"{LOCK_WAIT_MS}ms"])
            cur.execute("LOCK TABLE seed.assignments IN SHARE ROW EXCLUSIVE MODE")
            cur.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    except psycopg.errors.LockNotAvailable:
        holders = [
            str(r[0])
            for r in cur.execute(
                "SELECT DISTINCT a.usename FROM pg_locks l "
                "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'relation' "
                "AND l.relation = 'seed.assignments'::regclass AND l.database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database()) "
                "AND l.granted AND l.mode NOT IN ('AccessShareLock', 'RowShareLock') "
                "AND l.pid <> pg_backend_pid() ORDER BY 1"
            )
        ]
        who = ", ".join(holders) if holders else "another session (gone since)"
        raise TeamError(
            f"the assignments are held by {who}, busy with them for more than "
            f"{LOCK_WAIT_MS / 1000:g} s (an assign, or other work on them); nothing was assigned; "
            "try again when they are done"
        ) from None


def _earlier_tries(cur: psycopg.Cursor[Any], tries: Tries | None) -> list[str]:
    """The earlier try of this command that committed, if any (a try runs again only after
    the one before failed, so at most one did), and this try noted for the next. This try's
    id is asked first thing: if its answer is lost, the transaction never reached its commit."""
    if tries is None:
        return []
    found = committed(cur, tries)
    tries.append(this_try(cur))
    return found


@dataclass(frozen=True, slots=True)
class PushedDocuments:
    added: int  # by this command, counting an earlier try's
    existing: int  # the same article was there already (same external id and text)
    conflicts: tuple[str, ...]  # external ids the server holds with another text: skipped
    labels: int  # labels the server did not have
    earlier: int = 0  # of `added`, those an earlier try committed before its answer was lost


def push_documents(
    conn: psycopg.Connection[Any],
    documents: Iterable[Document],
    labels: Sequence[Label],
    tries: Tries | None = None,
) -> PushedDocuments:
    """Add documents the server does not hold (by external id); pushing again adds nothing.
    With `tries` (kept across the tries of one command), a retry counts what an earlier try
    of it added as added, not as already there."""
    added = existing = earlier = 0
    conflicts: list[str] = []
    with conn.transaction(), conn.cursor() as cur:
        _earlier_tries(cur, tries)
        # Rows stamped by any earlier try, not only by one already known to have committed:
        # a cut try's COMMIT may still be under way when this one asks ("in progress"),
        # and the inserts below wait for it. A row it stamped that this try can see is one
        # it committed (an aborted try's rows are never seen).
        committed = [] if tries is None else tries[:-1]
        before = cur.execute(
            "SELECT count(*) FILTER (WHERE NOT xid = ANY(%s::xid8[])) FROM seed.labels",
            [committed],
        ).fetchone()
        for label in labels:
            cur.execute(
                "INSERT INTO seed.labels(name, color, shortcut, description, position) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (name) DO NOTHING",
                [label.name, label.color, label.shortcut, label.description, label.position],
            )
        after = cur.execute("SELECT count(*) FROM seed.labels").fetchone()
        for doc in documents:
            cur.execute(
                "INSERT INTO seed.documents(uid, ext_id, title, lang, text, original, "
                "offset_map, normalizer, text_sha256, original_sha256, length, meta) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (ext_id) DO NOTHING RETURNING uid",
                [
                    uuid.uuid4(),
                    doc.ext_id,
                    doc.title,
                    doc.lang,
                    doc.text,
                    None if doc.original == doc.text else doc.original,
                    doc.offset_map_json,
                    doc.normalizer,
                    doc.text_sha256,
                    doc.original_sha256,
                    len(doc.text),
                    Jsonb(doc.meta),
                ],
            )
            if cur.fetchone() is not None:
                added += 1
                continue
            held = cur.execute(
                "SELECT text_sha256, xid = ANY(%s::xid8[]) FROM seed.documents WHERE ext_id = %s",
                [committed, doc.ext_id],
            ).fetchone()
            if held is not None and held[0] == doc.text_sha256 and held[1]:
                added += 1
                earlier += 1
            elif held is not None and held[0] == doc.text_sha256:
                existing += 1
            else:
                conflicts.append(doc.ext_id)
    labels_added = (after[0] if after else 0) - (before[0] if before else 0)
    return PushedDocuments(added, existing, tuple(conflicts), labels_added, earlier)


@dataclass(frozen=True, slots=True)
class Assigned:
    assignments: int  # new (document, analyst) pairs, counting an earlier try's
    documents: int  # documents that got at least one
    load: dict[str, int]  # analyst -> characters assigned in all, after this
    earlier: bool = False  # an earlier try made them; its answer was lost


def assign(
    conn: psycopg.Connection[Any],
    to: Sequence[str] = (),
    each: int | None = None,
    *,
    order: Sequence[str] | None = None,
    limit: int | None = None,
    tries: Tries | None = None,
) -> Assigned:
    """Give documents to analysts, balanced by length.

    `to` alone: every document nobody has yet goes to one of these analysts. `each`: every
    document gets up to K analysts (among `to`, or among all analysts), for agreement. The
    longest documents go first, each to the analysts with the fewest characters so far
    (counting what they had before), which keeps the loads within one document of each other.
    `order`: these documents (external ids) in this order instead, the first ones first (what
    a model is least sure of, so that the next annotations teach it the most); others are
    left as they are. `limit`: at most this many documents get analysts this time.
    With `tries`, a retry reports the assignments an earlier try of the command made.
    """
    per_document = each if each is not None else 1
    if per_document < 1:
        raise TeamError("--each must be at least 1")
    if limit is not None and limit < 1:
        raise TeamError("--next must be at least 1")
    with conn.transaction(), conn.cursor() as cur:
        _lock_assignments(cur)
        committed = _earlier_tries(cur, tries)
        made = cur.execute(
            "SELECT count(*), count(DISTINCT document) FROM seed.assignments "
            "WHERE xid = ANY(%s::xid8[])",
            [committed],
        ).fetchone()
        earlier, earlier_docs = (int(made[0]), int(made[1])) if made else (0, 0)
        analysts = [
            r[0] for r in cur.execute("SELECT name FROM seed.people WHERE role = 'analyst'")
        ]
        pool = list(to) if to else analysts
        unknown = sorted(set(pool) - set(analysts))
        if unknown:
            raise TeamError(f"not analysts of this team: {', '.join(unknown)}")
        if not pool:
            raise TeamError("the team has no analysts yet (`annotator team user add NAME`)")
        if per_document > len(pool):
            raise TeamError(f"each document to {per_document} analysts, but there are {len(pool)}")
        load = dict.fromkeys(pool, 0)
        for name, chars in cur.execute(
            "SELECT a.annotator, sum(d.length) FROM seed.assignments a "
            "JOIN seed.documents d ON d.uid = a.document GROUP BY a.annotator"
        ):
            if name in load:
                load[name] = int(chars)
        if committed:
            # An earlier try of this command committed and lost its answer: the work is
            # done. Run again it would give --next more documents.
            return Assigned(earlier, earlier_docs, load, earlier=earlier > 0)
        held: dict[uuid.UUID, set[str]] = {}
        for doc, name in cur.execute("SELECT document, annotator FROM seed.assignments"):
            held.setdefault(doc, set()).add(name)
        if order is None:
            documents = cur.execute(
                "SELECT uid, length FROM seed.documents ORDER BY length DESC, ext_id"
            ).fetchall()
        else:
            documents = cur.execute(
                "SELECT d.uid, d.length FROM unnest(%s::text[]) WITH ORDINALITY AS o(ext_id, n) "
                "JOIN seed.documents d ON d.ext_id = o.ext_id ORDER BY o.n",
                [list(order)],
            ).fetchall()
        heap = [(chars, name) for name, chars in load.items()]
        heapq.heapify(heap)
        rows: list[tuple[uuid.UUID, str]] = []
        touched = 0
        for doc, length in documents:
            if limit is not None and touched >= limit:
                break
            have = held.get(doc, set())
            wanted = per_document - (len(have) if each is not None else min(len(have), 1))
            if wanted <= 0:
                continue
            taken: list[tuple[int, str]] = []
            skipped: list[tuple[int, str]] = []
            while len(taken) < wanted and heap:
                chars, name = heapq.heappop(heap)
                (skipped if name in have else taken).append((chars, name))
            for chars, name in taken:
                rows.append((doc, name))
                load[name] = chars + length
                heapq.heappush(heap, (chars + length, name))
            for item in skipped:
                heapq.heappush(heap, item)
            touched += bool(taken)
        cur.executemany("INSERT INTO seed.assignments(document, annotator) VALUES (%s, %s)", rows)
    return Assigned(len(rows), touched, load)


@dataclass(frozen=True, slots=True)
class AnalystProgress:
    """One person's progress. `in_progress` and `done` count only documents assigned to
    them now, so neither exceeds `assigned`; `unassigned` counts the documents they worked
    on (a live status past "new") that are not assigned to them: taken back by the lead
    after the work, or a lead's own layer. Shown apart, it is neither lost nor mistaken
    for progress on the assignment."""

    name: str
    role: str
    assigned: int
    in_progress: int
    done: int
    last_seen: datetime | None
    unassigned: int = 0


@dataclass(frozen=True, slots=True)
class TeamStatus:
    people: list[AnalystProgress]
    documents: int
    # how many analysts finished a document -> how many documents
    finished: dict[int, int] = field(default_factory=dict)
    # (ext_id, title, people assigned, of them who finished it) when asked for
    per_document: list[tuple[str, str, int, int]] = field(default_factory=list)


FINISHED = ("done", "reviewed")

# A person's live statuses on the documents assigned to them: the only ones that count as
# progress (gold and a lead's own layer have no assignment, so they never count). The
# dashboard's agreement reads "finished" from here too: one definition for both.
ASSIGNED_STATUSES = (
    "SELECT s.document, s.annotator, s.status FROM seed.statuses s "
    "JOIN seed.assignments a ON a.document = s.document AND a.annotator = s.annotator "
    "WHERE NOT s.deleted"
)

_PEOPLE = (
    f"WITH mine AS ({ASSIGNED_STATUSES}), "
    "progress AS (SELECT annotator, count(*) FILTER (WHERE status = 'in_progress') AS going, "
    " count(*) FILTER (WHERE status = ANY(%(finished)s)) AS done FROM mine GROUP BY annotator), "
    "assigned AS (SELECT annotator, count(*) AS n FROM seed.assignments GROUP BY annotator), "
    "elsewhere AS (SELECT s.annotator, count(*) AS n FROM seed.statuses s "
    " WHERE NOT s.deleted AND s.status <> 'new' AND NOT EXISTS (SELECT 1 "
    " FROM seed.assignments a WHERE a.document = s.document AND a.annotator = s.annotator) "
    " GROUP BY s.annotator) "
    "SELECT p.name, p.role, coalesce(n.n, 0), coalesce(g.going, 0), coalesce(g.done, 0), "
    "greatest(p.last_seen, (SELECT max(s.updated_at) FROM seed.spans s "
    " WHERE s.annotator = p.name)), coalesce(e.n, 0) "
    "FROM seed.people p LEFT JOIN assigned n ON n.annotator = p.name "
    "LEFT JOIN progress g ON g.annotator = p.name LEFT JOIN elsewhere e ON e.annotator = p.name "
    "ORDER BY p.role DESC, p.name"
)

_DOCUMENTS = (
    f"WITH mine AS ({ASSIGNED_STATUSES}), "
    "assigned AS (SELECT document, count(*) AS n FROM seed.assignments GROUP BY document), "
    "finished AS (SELECT document, count(*) AS n FROM mine WHERE status = ANY(%(finished)s) "
    " GROUP BY document) "
    "SELECT d.ext_id, d.title, coalesce(a.n, 0), coalesce(f.n, 0) FROM seed.documents d "
    "LEFT JOIN assigned a ON a.document = d.uid LEFT JOIN finished f ON f.document = d.uid "
    "ORDER BY d.ext_id"
)


def status(conn: psycopg.Connection[Any], per_document: bool = False) -> TeamStatus:
    """Progress per person and per document, as the lead's connection sees it (all of it)."""
    params = {"finished": list(FINISHED)}
    with conn.transaction(), conn.cursor() as cur:
        people = [
            AnalystProgress(
                name, role, int(assigned), int(progress), int(done), seen, int(unassigned)
            )
            for name, role, assigned, progress, done, seen, unassigned in cur.execute(
                _PEOPLE, params
            )
        ]
        rows = cur.execute(_DOCUMENTS, params).fetchall()
    finished: dict[int, int] = {}
    for _ext, _title, _assigned, done in rows:
        finished[int(done)] = finished.get(int(done), 0) + 1
    listed = [(str(e), str(t), int(a), int(d)) for e, t, a, d in rows] if per_document else []
    return TeamStatus(people, len(rows), dict(sorted(finished.items())), listed)
