"""People of a team: one PostgreSQL login role each, a member of the analysts or the leads.

The password goes to the server already hashed (SCRAM, by libpq on this machine), so it
never appears in a statement the server may log; it is not kept anywhere here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import psycopg
from psycopg import sql

from annotator.core.team.connection import TeamError, committed, this_try
from annotator.core.team.schema import (
    CONNECTION_LIMIT,
    GOLD,
    Roles,
    no_connection_limit,
    team_roles,
)
from annotator.core.text.names import commanding

Role = Literal["analyst", "lead"]
MAX_NAME_BYTES = 63  # PostgreSQL's identifier limit: a longer name would be cut silently
# CONNECTION_LIMIT (schema): set on the login role as it is made, and on a login that was
# there already with no limit (as schema m011 does for people added before it); a limit
# its administrator gave is kept.
__all__ = [
    "CONNECTION_LIMIT",
    "AddTries",
    "PersonAdded",
    "Role",
    "add_person",
    "check_name",
    "group_of",
]

# The tries of one `user add` so far: each try's server transaction id, and whether that
# try made the login. A retry after a cut connection finds the login its first try made
# (and committed) and would call it "an existing login"; the server still knows whether
# that try committed (pg_xact_status).
AddTries = dict[str, bool]


@dataclass(frozen=True, slots=True)
class PersonAdded:
    name: str
    role: Role
    existed: bool  # the login role was there already (a person in another team database)
    notes: tuple[str, ...] = ()  # what could not be done to it, for the administrator


def check_name(name: str) -> None:
    if not name.strip() or name != name.strip():
        raise TeamError(f"{name!r}: a person's name must not be empty or start or end with spaces")
    if name.casefold() == GOLD:
        raise TeamError(f"{name!r}: is the name of the gold layer; choose another")
    if name.casefold().startswith("prediction:"):
        raise TeamError(
            f"{name!r}: names starting prediction: are an outside model's predictions in "
            "exports (a Label Studio file's `predictions`); choose another"
        )
    if name.startswith(("pg_", "seed_")) or len(name.encode()) > MAX_NAME_BYTES:
        raise TeamError(
            f"{name!r}: names starting pg_ or seed_, or longer than {MAX_NAME_BYTES} bytes, "
            "are reserved"
        )
    if commanding(name):
        raise TeamError(f"{name!r}: a name cannot hold control or text-direction characters")


def add_person(
    conn: psycopg.Connection[Any],
    name: str,
    role: Role,
    password: str | None,
    tries: AddTries | None = None,
) -> PersonAdded:
    """Make (or reuse) `name`'s login role and put it in exactly one of the team's groups.
    With `tries` (kept across the tries of one command), a login an earlier try made and
    committed before its answer was lost is not called existing."""
    check_name(name)
    roles = team_roles(conn)
    ident = sql.Identifier(name)
    notes: list[str] = []
    made_earlier = False
    with conn.transaction():
        # One try at a time per name: a retry asks about the login only once an earlier
        # try still committing has ended, or it would make it again and fail on the name.
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ["seed person " + name])
        this = None
        if tries is not None:
            # Asked first: a try whose answer to this is lost never made anything.
            this = this_try(conn)
            tries[this] = False
        found = conn.execute(
            "SELECT rolsuper OR rolbypassrls OR rolcreaterole, rolconnlimit = -1 "
            "FROM pg_roles WHERE rolname = %s",
            [name],
        ).fetchone()
        if found is not None and found[0]:
            raise TeamError(
                f"{name!r}: is a role that row-level security does not bind (a superuser, "
                "or one that may bypass it or make roles); give the person a role of their own"
            )
        if found is None:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN CONNECTION LIMIT {}").format(
                    ident, sql.Literal(CONNECTION_LIMIT)
                )
            )
        elif found[1]:
            # A login this administrator may not alter (on PostgreSQL 16 and later, one
            # another administrator made; on 15, a REPLICATION login) joins the team all
            # the same, as before the limit; a note says what to ask for.
            try:
                with conn.transaction():
                    conn.execute(
                        sql.SQL("ALTER ROLE {} CONNECTION LIMIT {}").format(
                            ident, sql.Literal(CONNECTION_LIMIT)
                        )
                    )
            except psycopg.errors.InsufficientPrivilege as exc:
                notes.append(no_connection_limit(name, exc))
        if password is not None:
            hashed = conn.pgconn.encrypt_password(
                password.encode(), name.encode(), b"scram-sha-256"
            )
            conn.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(ident, sql.Literal(hashed.decode()))
            )
        group, other = (
            (roles.lead, roles.analyst) if role == "lead" else (roles.analyst, roles.lead)
        )
        conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), ident))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), ident))
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(roles.owner)))
        conn.execute(
            "INSERT INTO seed.people(name, role) VALUES (%s, %s) "
            "ON CONFLICT (name) DO UPDATE SET role = excluded.role",
            [name, role],
        )
        claims = conn.execute("SELECT to_regclass('seed.claims') IS NOT NULL").fetchone()
        if role == "analyst" and claims is not None and claims[0]:
            # A lead made an analyst may no longer release what they held (claims are the
            # leads'), and nobody else could adjudicate it: their claims end with the role.
            conn.execute("DELETE FROM seed.claims WHERE lead = %s", [name])
        if tries is not None and this is not None:
            tries[this] = found is None
            # Whether an earlier try that made the login committed before its answer was lost.
            made = [x for x, created in tries.items() if created and x != this]
            made_earlier = bool(committed(conn, made))
    return PersonAdded(name, role, found is not None and not made_earlier, tuple(notes))


def group_of(roles: Roles, role: Role) -> str:
    return roles.lead if role == "lead" else roles.analyst
