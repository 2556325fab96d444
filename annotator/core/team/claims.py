"""Which lead holds which document for adjudication.

The server enforces the claim (schema m005: a lead's first gold write on a document claims
it; another lead's gold write there is refused, naming the holder). These are the explicit
moves around it: take documents before starting, let them go, and see who holds what.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from annotator.core.team.connection import TeamError


@dataclass(frozen=True, slots=True)
class Claim:
    ext_id: str
    lead: str
    since: datetime


@dataclass(frozen=True, slots=True)
class Claimed:
    taken: tuple[str, ...]  # now held by this lead (newly, or already)
    held: tuple[Claim, ...]  # held by another lead: not taken


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


def release(conn: psycopg.Connection[Any], ext_ids: Sequence[str]) -> Claimed:
    """Let go of documents this lead holds: `taken` lists those released, `held` those
    another lead holds (not theirs to release; the server refuses it)."""
    with conn.transaction(), conn.cursor() as cur:
        docs = _documents(cur, ext_ids)
        others = cur.execute(
            "SELECT d.ext_id, c.lead, c.claimed_at FROM seed.claims c JOIN seed.documents d "
            "ON d.uid = c.document WHERE c.document = ANY(%s) AND c.lead <> current_user "
            "ORDER BY d.ext_id",
            [list(docs.values())],
        ).fetchall()
        released = cur.execute(
            "DELETE FROM seed.claims c USING seed.documents d WHERE d.uid = c.document "
            "AND c.document = ANY(%s) AND c.lead = current_user RETURNING d.ext_id",
            [list(docs.values())],
        ).fetchall()
    return Claimed(
        tuple(sorted(r[0] for r in released)), tuple(Claim(e, lead, at) for e, lead, at in others)
    )


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
