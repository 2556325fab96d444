"""Which lead holds which document for adjudication.

The server enforces the claim (schema m005: a lead's first gold write on a document claims
it; another lead's gold write there is refused, naming the holder). These are the explicit
moves around it: take documents before starting, let them go, and see who holds what. A
lead may also release another lead's claim (one who is away would otherwise block those
documents for good); the server records each such release (schema m009), and `releases`
reads the record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from annotator.core.team.connection import TeamError, committed, this_try


@dataclass(frozen=True, slots=True)
class Claim:
    ext_id: str
    lead: str
    since: datetime


@dataclass(frozen=True, slots=True)
class Claimed:
    taken: tuple[str, ...]  # now held by this lead (newly, or already); or released
    held: tuple[Claim, ...]  # held by another lead: not taken
    earlier: tuple[str, ...] = ()  # of those released, the ones an earlier try released
    # Of `earlier`, those claimed again since that try (by anyone, this lead too): time
    # passed between the tries, and "released" alone would leave the lead to think the
    # document free. The others of `earlier` are held by nobody now.
    claimed_since: tuple[Claim, ...] = ()


# The tries of one `release` command so far: each try's server transaction id and the claims
# it deleted (ext_id, lead, claimed_at, whether they were this lead's). A retry after a cut
# connection finds the documents a committed try let go of held by nobody, and would say
# nothing of them. The try's DELETE answered before its COMMIT was sent, so the client
# heard what it released; whether that COMMIT landed, the server still knows (pg_xact_status).
ReleaseTries = dict[str, list[tuple[str, str, datetime, bool]]]


def _documents(cur: psycopg.Cursor[Any], ext_ids: Sequence[str]) -> dict[str, Any]:
    found = {
        ext: uid
        for ext, uid in cur.execute(
            "SELECT ext_id, uid FROM seed.documents WHERE ext_id = ANY(%s)", [list(ext_ids)]
        )
    }
    unknown = [e for e in ext_ids if e not in found]
    if unknown:
        raise TeamError(f"no such documents on the server: {', '.join(unknown)}")
    return found


def claim(conn: psycopg.Connection[Any], ext_ids: Sequence[str]) -> Claimed:
    """Take the documents nobody holds; say who holds the others. One transaction."""
    with conn.transaction(), conn.cursor() as cur:
        docs = _documents(cur, ext_ids)
        cur.executemany(
            "INSERT INTO seed.claims(document) VALUES (%s) ON CONFLICT (document) DO NOTHING",
            [[uid] for uid in docs.values()],
        )
        rows = cur.execute(
            "SELECT d.ext_id, c.lead, c.claimed_at, c.lead = current_user FROM seed.claims c "
            "JOIN seed.documents d ON d.uid = c.document WHERE c.document = ANY(%s) "
            "ORDER BY d.ext_id",
            [list(docs.values())],
        ).fetchall()
    taken = tuple(ext for ext, _lead, _at, mine in rows if mine)
    held = tuple(Claim(ext, lead, at) for ext, lead, at, mine in rows if not mine)
    return Claimed(taken, held)


@dataclass(frozen=True, slots=True)
class Release:
    """Another lead's claim released (by a lead or the administrator), as the server
    recorded it."""

    ext_id: str
    lead: str  # whose claim it was
    since: datetime  # when they had claimed it
    by: str
    at: datetime


def release(
    conn: psycopg.Connection[Any],
    ext_ids: Sequence[str],
    force: bool = False,
    tries: ReleaseTries | None = None,
    held_by: str | None = None,
) -> Claimed:
    """Let go of documents this lead holds: `taken` lists those released, `held` those
    another lead holds (left alone). With `force`, another lead's claims are released too
    (they are then in `held` as well, the claims they were), and the server records it;
    with `held_by` as well, only that lead's (what the lead confirmed: a claim someone
    else made since, this lead's own too, is left alone, and in `held`).
    With `tries` (kept across the tries of one command), what an earlier try released
    before its answer was lost counts as released, and is listed in `earlier` too; and a
    retry ends, on a document an earlier try released, only the very claim that try
    released: one made on it after that try committed is someone's new claim, left alone
    (and in `claimed_since`)."""
    with conn.transaction(), conn.cursor() as cur:
        this = None
        if tries is not None:
            # Asked first: a try whose answer to this is lost never reached its DELETE.
            this = this_try(cur)
            tries[this] = []
        uids = list(_documents(cur, ext_ids).values())
        # Whose claims this release may end: its own; with force, anyone's, or `held_by`'s
        # (then this lead's own claim, made since the lead chose, is left alone as well).
        mine_only = not force
        only = held_by if force else None
        others = (
            []
            if force and only is None
            else cur.execute(
                "SELECT d.ext_id, c.lead, c.claimed_at FROM seed.claims c JOIN seed.documents d "
                "ON d.uid = c.document WHERE c.document = ANY(%s) "
                "AND (c.lead <> current_user OR %s::text IS NOT NULL) "
                "AND c.lead IS DISTINCT FROM %s",
                [uids, only, only],
            ).fetchall()
        )
        # The claims earlier tries released (committed or not, which is asked below): on
        # those documents only that same claim (holder and time) may be ended now.
        ended = [r for x, rows in (tries or {}).items() if x != this for r in rows]
        released = cur.execute(
            "DELETE FROM seed.claims c USING seed.documents d WHERE d.uid = c.document "
            "AND c.document = ANY(%s) AND (NOT %s OR c.lead = current_user) "
            "AND (%s::text IS NULL OR c.lead = %s) "
            "AND NOT EXISTS (SELECT FROM unnest(%s::text[], %s::text[], %s::timestamptz[]) "
            "e(ext_id, lead, claimed_at) WHERE e.ext_id = d.ext_id "
            "AND (e.lead, e.claimed_at) IS DISTINCT FROM (c.lead, c.claimed_at)) "
            "RETURNING d.ext_id, c.lead, c.claimed_at, c.lead = current_user",
            [
                uids,
                mine_only,
                only,
                only,
                [r[0] for r in ended],
                [r[1] for r in ended],
                [r[2] for r in ended],
            ],
        ).fetchall()
        if this is not None and tries is not None:
            tries[this] = released
        # Asked after the DELETE: an earlier try whose COMMIT was still under way held the
        # rows it deleted, and the DELETE above waited for it to end.
        before = [x for x in tries or {} if x != this]
        landed = set(committed(cur, before))
        now = {r[0] for r in released}
        earlier = [r for x in before if x in landed for r in (tries or {})[x] if r[0] not in now]
        gone = {r[0] for r in earlier}
        since = (
            cur.execute(
                "SELECT d.ext_id, c.lead, c.claimed_at FROM seed.claims c "
                "JOIN seed.documents d ON d.uid = c.document WHERE d.ext_id = ANY(%s) "
                "ORDER BY d.ext_id",
                [sorted(gone)],
            ).fetchall()
            if gone
            else []
        )
    others = [o for o in others if o[0] not in gone]  # released, and claimed again since
    if force:
        others += [(ext, lead, at) for ext, lead, at, mine in [*released, *earlier] if not mine]
    return Claimed(
        tuple(sorted(now | gone)),
        tuple(Claim(ext, lead, at) for ext, lead, at in sorted(others)),
        tuple(sorted(gone)),
        tuple(Claim(ext, lead, at) for ext, lead, at in since),
    )


def releases(conn: psycopg.Connection[Any], limit: int = 50) -> list[Release]:
    """The latest releases of another's claim, newest first (of documents the server
    still has)."""
    rows = conn.execute(
        "SELECT d.ext_id, r.lead, r.claimed_at, r.released_by, r.released_at "
        "FROM seed.claim_releases r JOIN seed.documents d ON d.uid = r.document "
        "ORDER BY r.released_at DESC, d.ext_id LIMIT %s",
        [limit],
    ).fetchall()
    return [Release(*row) for row in rows]


def held(conn: psycopg.Connection[Any]) -> list[Claim]:
    """Every claim, by document."""
    rows = conn.execute(
        "SELECT d.ext_id, c.lead, c.claimed_at FROM seed.claims c "
        "JOIN seed.documents d ON d.uid = c.document ORDER BY d.ext_id"
    ).fetchall()
    return [Claim(ext, lead, at) for ext, lead, at in rows]


def held_elsewhere(
    conn: psycopg.Connection[Any], documents: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """document uid -> (ext_id, lead) for those of `documents` another lead holds."""
    rows = conn.execute(
        "SELECT c.document::text, d.ext_id, c.lead FROM seed.claims c "
        "JOIN seed.documents d ON d.uid = c.document "
        "WHERE c.document = ANY(%s::uuid[]) AND c.lead <> current_user",
        [list(documents)],
    ).fetchall()
    return {uid: (ext, lead) for uid, ext, lead in rows}
