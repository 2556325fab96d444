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
from annotator.core.team.connection import TeamError


@dataclass(frozen=True, slots=True)
class PushedDocuments:
    added: int
    existing: int  # the same article was there already (same external id and text)
    conflicts: tuple[str, ...]  # external ids the server holds with another text: skipped
    labels: int  # labels the server did not have


def push_documents(
    conn: psycopg.Connection[Any], documents: Iterable[Document], labels: Sequence[Label]
) -> PushedDocuments:
    """Add documents the server does not hold (by external id); pushing again adds nothing."""
    added = existing = 0
    conflicts: list[str] = []
    with conn.transaction(), conn.cursor() as cur:
        before = cur.execute("SELECT count(*) FROM seed.labels").fetchone()
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
                "SELECT text_sha256 FROM seed.documents WHERE ext_id = %s", [doc.ext_id]
            ).fetchone()
            if held is not None and held[0] == doc.text_sha256:
                existing += 1
            else:
                conflicts.append(doc.ext_id)
    labels_added = (after[0] if after else 0) - (before[0] if before else 0)
    return PushedDocuments(added, existing, tuple(conflicts), labels_added)


@dataclass(frozen=True, slots=True)
class Assigned:
    assignments: int  # new (document, analyst) pairs
    documents: int  # documents that got at least one
    load: dict[str, int]  # analyst -> characters assigned in all, after this


def assign(
    conn: psycopg.Connection[Any],
    to: Sequence[str] = (),
    each: int | None = None,
    *,
    order: Sequence[str] | None = None,
    limit: int | None = None,
) -> Assigned:
    """Give documents to analysts, balanced by length.

    `to` alone: every document nobody has yet goes to one of these analysts. `each`: every
    document gets up to K analysts (among `to`, or among all analysts), for agreement. The
    longest documents go first, each to the analysts with the fewest characters so far
    (counting what they had before), which keeps the loads within one document of each other.
    `order`: these documents (external ids) in this order instead, the first ones first (what
    a model is least sure of, so that the next annotations teach it the most); others are
    left as they are. `limit`: at most this many documents get analysts this time.
    """
    per_document = each if each is not None else 1
    if per_document < 1:
        raise TeamError("--each must be at least 1")
    if limit is not None and limit < 1:
        raise TeamError("--next must be at least 1")
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("LOCK TABLE seed.assignments IN SHARE ROW EXCLUSIVE MODE")  # one at a time
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
    name: str
    role: str
    assigned: int
    in_progress: int
    done: int
    last_seen: datetime | None


@dataclass(frozen=True, slots=True)
class TeamStatus:
    people: list[AnalystProgress]
    documents: int
    # how many analysts finished a document -> how many documents
    finished: dict[int, int] = field(default_factory=dict)
    per_document: list[tuple[str, int, int]] = field(default_factory=list)  # ext_id, assigned, done


def status(conn: psycopg.Connection[Any], per_document: bool = False) -> TeamStatus:
    """Progress per person and per document, as the lead's connection sees it (all of it)."""
    with conn.transaction(), conn.cursor() as cur:
        people = [
            AnalystProgress(name, role, int(assigned), int(progress), int(done), seen)
            for name, role, assigned, progress, done, seen in cur.execute(
                "SELECT p.name, p.role, "
                "(SELECT count(*) FROM seed.assignments a WHERE a.annotator = p.name), "
                "(SELECT count(*) FROM seed.statuses s WHERE s.annotator = p.name "
                " AND NOT s.deleted AND s.status = 'in_progress'), "
                "(SELECT count(*) FROM seed.statuses s WHERE s.annotator = p.name "
                " AND NOT s.deleted AND s.status IN ('done', 'reviewed')), "
                "greatest(p.last_seen, (SELECT max(s.updated_at) FROM seed.spans s "
                " WHERE s.annotator = p.name)) "
                "FROM seed.people p ORDER BY p.role DESC, p.name"
            )
        ]
        total = cur.execute("SELECT count(*) FROM seed.documents").fetchone()
        rows = cur.execute(
            "SELECT d.ext_id, (SELECT count(*) FROM seed.assignments a WHERE a.document = d.uid), "
            "(SELECT count(*) FROM seed.statuses s WHERE s.document = d.uid AND NOT s.deleted "
            " AND s.annotator <> 'gold' AND s.status IN ('done', 'reviewed')) "
            "FROM seed.documents d ORDER BY d.ext_id"
        ).fetchall()
    finished: dict[int, int] = {}
    for _ext, _assigned, done in rows:
        finished[int(done)] = finished.get(int(done), 0) + 1
    listed = [(e, int(a), int(d)) for e, a, d in rows] if per_document else []
    return TeamStatus(people, int(total[0]) if total else 0, dict(sorted(finished.items())), listed)
