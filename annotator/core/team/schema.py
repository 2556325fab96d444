"""The team server's schema as ordered migrations, and the roles that guard it.

Every team database has three group roles of its own, named after a tag made at `init`:
the owner (NOLOGIN: it owns the tables, and nobody logs in as it), analysts and leads.
A person is a LOGIN role that is a member of one group. Row-level security, enabled and
forced on every table, decides what each person reads and writes, so that an analyst typing
SQL in psql with their own password can do no more than the program does for them.

Every row has a global id (a UUID) so that layers made on many machines never collide, and
`xid`, the transaction that last wrote it (set by a trigger, not by the client): a reader
that remembers the oldest transaction still running when it last read can fetch exactly
what changed since, without missing a write that committed late.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from annotator.core.team.connection import Executes, TeamError, committed, this_try

SCHEMA = "seed"
GOLD = "gold"  # the adjudicated layer's annotator; no person may take this name
_LOCK = 0x5EED7EA1  # pg_advisory_xact_lock key: two `init`s never migrate at once


@dataclass(frozen=True, slots=True)
class Roles:
    """The group roles of one team database."""

    tag: str

    @property
    def owner(self) -> str:
        return f"seed_{self.tag}_owner"

    @property
    def analyst(self) -> str:
        return f"seed_{self.tag}_analyst"

    @property
    def lead(self) -> str:
        return f"seed_{self.tag}_lead"

    def all(self) -> tuple[str, str, str]:
        return (self.owner, self.analyst, self.lead)


# Tables an annotator writes their own layer into; `annotator` is the writer's role name
# (or GOLD for adjudicated rows, which only leads write).
LAYER_TABLES = ("spans", "relations", "statuses", "decisions")

_ASSIGNED = (
    "document IN (SELECT a.document FROM seed.assignments a WHERE a.annotator = current_user)"
)

_V1 = [
    "CREATE TABLE seed.team (key text PRIMARY KEY, value text NOT NULL)",
    """CREATE TABLE seed.people (
        name text PRIMARY KEY,  -- the person's PostgreSQL role
        role text NOT NULL CHECK (role IN ('analyst', 'lead')),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen timestamptz,
        CHECK (name <> 'gold')
    )""",
    """CREATE TABLE seed.labels (
        name text PRIMARY KEY,
        color text NOT NULL,
        shortcut text,
        description text NOT NULL DEFAULT '',
        position integer NOT NULL DEFAULT 0,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id()
    )""",
    """CREATE TABLE seed.documents (
        uid uuid PRIMARY KEY,
        ext_id text NOT NULL UNIQUE,
        title text NOT NULL DEFAULT '',
        lang text NOT NULL,
        text text NOT NULL,
        original text,
        offset_map text,
        normalizer text NOT NULL,
        text_sha256 text NOT NULL,
        original_sha256 text NOT NULL,
        length integer NOT NULL,
        meta jsonb NOT NULL DEFAULT '{}',
        source text,
        created_at timestamptz NOT NULL DEFAULT now(),
        xid xid8 NOT NULL DEFAULT pg_current_xact_id()
    )""",
    """CREATE TABLE seed.assignments (
        document uuid NOT NULL REFERENCES seed.documents(uid) ON DELETE CASCADE,
        annotator text NOT NULL REFERENCES seed.people(name) ON UPDATE CASCADE,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        assigned_by text NOT NULL DEFAULT current_user,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        PRIMARY KEY (document, annotator)
    )""",
    "CREATE INDEX assignments_annotator ON seed.assignments (annotator, document)",
    """CREATE TABLE seed.spans (
        uid uuid PRIMARY KEY,
        document uuid NOT NULL REFERENCES seed.documents(uid) ON DELETE CASCADE,
        annotator text NOT NULL,
        label text NOT NULL,
        char_start integer NOT NULL,
        char_end integer NOT NULL,
        text text NOT NULL,
        attrs jsonb NOT NULL DEFAULT '{}',
        provenance jsonb,  -- gold only: the reviewer's decision and whose spans it took
        version bigint NOT NULL,  -- the writer's own edit counter: an older write never wins
        deleted boolean NOT NULL DEFAULT false,  -- a tombstone, so that readers see removals
        updated_at timestamptz NOT NULL DEFAULT now(),
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        CHECK (char_start >= 0 AND char_end > char_start)
    )""",
    """CREATE TABLE seed.relations (
        uid uuid PRIMARY KEY,
        document uuid NOT NULL REFERENCES seed.documents(uid) ON DELETE CASCADE,
        annotator text NOT NULL,
        head uuid NOT NULL,
        tail uuid NOT NULL,
        type text NOT NULL,
        attrs jsonb NOT NULL DEFAULT '{}',
        version bigint NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        xid xid8 NOT NULL DEFAULT pg_current_xact_id()
    )""",
    """CREATE TABLE seed.statuses (
        uid uuid PRIMARY KEY,  -- derived from (document, annotator): one per layer
        document uuid NOT NULL REFERENCES seed.documents(uid) ON DELETE CASCADE,
        annotator text NOT NULL,
        status text NOT NULL CHECK (status IN ('new', 'in_progress', 'done', 'reviewed')),
        version bigint NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        UNIQUE (document, annotator)
    )""",
    """CREATE TABLE seed.decisions (
        uid uuid PRIMARY KEY,  -- derived from the document, annotator and suggestion
        document uuid NOT NULL REFERENCES seed.documents(uid) ON DELETE CASCADE,
        annotator text NOT NULL,
        char_start integer NOT NULL,
        char_end integer NOT NULL,
        label text NOT NULL,
        source text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('accepted', 'rejected')),
        decided_at text NOT NULL,
        version bigint NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        xid xid8 NOT NULL DEFAULT pg_current_xact_id()
    )""",
    # The stamp is the server's, whatever a client sends: a pull's cursor relies on it.
    """CREATE FUNCTION seed.stamp() RETURNS trigger LANGUAGE plpgsql
        SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            NEW.xid := pg_current_xact_id();
            RETURN NEW;
        END $$""",
]

for _table in ("labels", "documents", "assignments", *LAYER_TABLES):
    _V1.append(
        f"CREATE TRIGGER {_table}_stamp BEFORE INSERT OR UPDATE ON seed.{_table} "
        "FOR EACH ROW EXECUTE FUNCTION seed.stamp()"
    )
    _V1.append(f"CREATE INDEX {_table}_xid ON seed.{_table} (xid)")
for _table in LAYER_TABLES:
    _V1.append(f"CREATE INDEX {_table}_layer ON seed.{_table} (document, annotator)")
    _V1.append(f"CREATE INDEX {_table}_by_annotator ON seed.{_table} (annotator, xid)")


_POLICIES = [
    "GRANT USAGE ON SCHEMA seed TO {a}, {lead}",
    "GRANT SELECT ON ALL TABLES IN SCHEMA seed TO {a}, {lead}",
    "GRANT INSERT, UPDATE, DELETE ON seed.labels, seed.documents, seed.assignments TO {lead}",
    # A person may note when they were last seen, and change nothing else about themselves.
    "GRANT UPDATE (last_seen) ON seed.people TO {a}, {lead}",
    # The team's administrator works as the owner to set the team up and add people.
    "CREATE POLICY owner_manages ON seed.team TO {owner} USING (true) WITH CHECK (true)",
    "CREATE POLICY owner_manages ON seed.people TO {owner} USING (true) WITH CHECK (true)",
    "CREATE POLICY everyone_reads ON seed.team FOR SELECT TO {a}, {lead} USING (true)",
    "CREATE POLICY everyone_reads ON seed.labels FOR SELECT TO {a}, {lead} USING (true)",
    "CREATE POLICY lead_writes ON seed.labels FOR ALL TO {lead} USING (true) WITH CHECK (true)",
    "CREATE POLICY self_reads ON seed.people FOR SELECT TO {a} USING (name = current_user)",
    "CREATE POLICY lead_reads ON seed.people FOR SELECT TO {lead} USING (true)",
    "CREATE POLICY self_seen ON seed.people FOR UPDATE TO {a}, {lead} "
    "USING (name = current_user) WITH CHECK (name = current_user)",
    "CREATE POLICY assigned_reads ON seed.documents FOR SELECT TO {a} USING (uid IN "
    "(SELECT x.document FROM seed.assignments x WHERE x.annotator = current_user))",
    "CREATE POLICY lead_all ON seed.documents FOR ALL TO {lead} USING (true) WITH CHECK (true)",
    "CREATE POLICY own_reads ON seed.assignments FOR SELECT TO {a} "
    "USING (annotator = current_user)",
    "CREATE POLICY lead_all ON seed.assignments FOR ALL TO {lead} USING (true) WITH CHECK (true)",
]

# Each layer table: an analyst reads their own layer and gold on the documents assigned to
# them, and writes their own layer on those documents; leads read every layer and write
# gold and their own.
_LAYER_POLICIES = [
    "GRANT INSERT, UPDATE, DELETE ON {t} TO {a}, {lead}",
    "CREATE POLICY analyst_reads ON {t} FOR SELECT TO {a} "
    f"USING (annotator = current_user OR (annotator = 'gold' AND {_ASSIGNED}))",
    "CREATE POLICY analyst_inserts ON {t} FOR INSERT TO {a} "
    f"WITH CHECK (annotator = current_user AND {_ASSIGNED})",
    "CREATE POLICY analyst_updates ON {t} FOR UPDATE TO {a} USING (annotator = current_user) "
    f"WITH CHECK (annotator = current_user AND {_ASSIGNED})",
    "CREATE POLICY analyst_deletes ON {t} FOR DELETE TO {a} USING (annotator = current_user)",
    "CREATE POLICY lead_reads ON {t} FOR SELECT TO {lead} USING (true)",
    "CREATE POLICY lead_inserts ON {t} FOR INSERT TO {lead} "
    "WITH CHECK (annotator IN ('gold', current_user))",
    "CREATE POLICY lead_updates ON {t} FOR UPDATE TO {lead} "
    "USING (annotator IN ('gold', current_user)) WITH CHECK (annotator IN ('gold', current_user))",
    "CREATE POLICY lead_deletes ON {t} FOR DELETE TO {lead} "
    "USING (annotator IN ('gold', current_user))",
]


def _grants_and_policies(roles: Roles) -> list[sql.Composed]:
    """Who may do what, as privileges (which statements) and policies (which rows)."""
    names = {
        "a": sql.Identifier(roles.analyst),
        "lead": sql.Identifier(roles.lead),
        "owner": sql.Identifier(roles.owner),
    }
    out = []
    for table in ("team", "people", "labels", "documents", "assignments", *LAYER_TABLES):
        out.append(sql.SQL(f"ALTER TABLE seed.{table} ENABLE ROW LEVEL SECURITY").format())
        out.append(sql.SQL(f"ALTER TABLE seed.{table} FORCE ROW LEVEL SECURITY").format())
    out += [sql.SQL(text).format(**names) for text in _POLICIES]
    for table in LAYER_TABLES:
        t = sql.Identifier("seed", table)
        out += [sql.SQL(text).format(t=t, **names) for text in _LAYER_POLICIES]
    return out


def _m001_initial(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    for statement in _V1:
        cur.execute(statement.encode())  # our own constant text
    for composed in _grants_and_policies(roles):
        cur.execute(composed)


# Statuses and suggestion decisions have ids derived from their natural keys (store/team.py),
# which any analyst sharing a document can compute. Keyed by the id alone, an analyst could
# take a colleague's id for a row of their own layer first; the colleague's upsert then meets
# a row they may not update and their every push is refused. Keyed by (annotator, id), an
# id names a row within one writer's layer only.
_V2 = [
    f"ALTER TABLE seed.{table} DROP CONSTRAINT {table}_pkey, ADD PRIMARY KEY (annotator, uid)"
    for table in ("statuses", "decisions")
]


def _m002_ids_per_layer(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    for statement in _V2:
        cur.execute(statement.encode())  # our own constant text


# A removal travels as a tombstone (deleted = true, a higher version), which a pull brings
# to every copy; a row deleted outright leaves nothing to pull, and copies keep it for
# ever. The client never deletes a layer row, so nobody but the owner may.
def _m003_tombstones_only(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    for table in LAYER_TABLES:
        cur.execute(
            sql.SQL("REVOKE DELETE, TRUNCATE ON {} FROM {}, {}").format(
                sql.Identifier("seed", table),
                sql.Identifier(roles.analyst),
                sql.Identifier(roles.lead),
            )
        )
        for policy in ("analyst_deletes", "lead_deletes"):
            cur.execute(
                sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(
                    sql.Identifier(policy), sql.Identifier("seed", table)
                )
            )


# What one analyst may write is bounded by the server, not by the program: without it a
# person with psql could fill the disk with one span of a gigabyte of attributes. A span's
# text is its document's text[start:end], so its length is the span's. NOT VALID: rows
# already there are kept as they are; every write from now on is checked.
MAX_NAME = 100  # a label's name, a link's type, a suggestion's source (characters)
MAX_SPAN_TEXT = 20_000  # characters: a long quotation, not a whole archive
MAX_ATTRS = 16_384  # bytes of a row's attributes (or a gold span's provenance) as JSON
_V4 = [
    ("spans", "label_bounded", f"char_length(label) BETWEEN 1 AND {MAX_NAME}"),
    (
        "spans",
        "text_bounded",
        f"char_length(text) <= {MAX_SPAN_TEXT} AND char_length(text) = char_end - char_start",
    ),
    ("spans", "attrs_bounded", f"octet_length(attrs::text) <= {MAX_ATTRS}"),
    ("spans", "provenance_bounded", f"octet_length(provenance::text) <= {MAX_ATTRS}"),
    ("relations", "type_bounded", f"char_length(type) BETWEEN 1 AND {MAX_NAME}"),
    ("relations", "attrs_bounded", f"octet_length(attrs::text) <= {MAX_ATTRS}"),
    ("decisions", "label_bounded", f"char_length(label) BETWEEN 1 AND {MAX_NAME}"),
    ("decisions", "source_bounded", f"char_length(source) <= {MAX_NAME}"),
    ("decisions", "decided_at_bounded", "char_length(decided_at) <= 64"),
    (
        "decisions",
        "span_bounded",
        f"char_start >= 0 AND char_end > char_start AND char_end - char_start <= {MAX_SPAN_TEXT}",
    ),
]


def _m004_bounded_rows(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    for table, name, check in _V4:
        cur.execute(
            f"ALTER TABLE seed.{table} ADD CONSTRAINT {table}_{name} "  # our own constant text
            f"CHECK ({check}) NOT VALID".encode()
        )


# Two leads never overwrite each other's gold on a document: the first gold write of a lead
# on it claims the document (seed.claims), and any other lead's gold write there is refused,
# naming who holds it, until the holder releases it (explicitly, or by marking their gold
# of it reviewed). `writer` says which person last wrote a row, so that a lead's pull brings
# the gold other leads wrote and not their own echo.
_V5 = [
    """CREATE TABLE seed.claims (
        document uuid PRIMARY KEY REFERENCES seed.documents(uid) ON DELETE CASCADE,
        lead text NOT NULL DEFAULT current_user,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        xid xid8 NOT NULL DEFAULT pg_current_xact_id()
    )""",
    "CREATE TRIGGER claims_stamp BEFORE INSERT OR UPDATE ON seed.claims "
    "FOR EACH ROW EXECUTE FUNCTION seed.stamp()",
    # A layer row's stamp says which transaction wrote it and who: one trigger call per row,
    # as before `writer` (a push's cost is mostly these calls).
    """CREATE FUNCTION seed.stamp_writer() RETURNS trigger LANGUAGE plpgsql
        SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            NEW.xid := pg_current_xact_id();
            NEW.writer := current_user;
            RETURN NEW;
        END $$""",
    """CREATE FUNCTION seed.release_finished() RETURNS trigger LANGUAGE plpgsql
        SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            DELETE FROM seed.claims WHERE document = NEW.document AND lead = current_user;
            RETURN NULL;
        END $$""",
    "CREATE TRIGGER statuses_release AFTER INSERT OR UPDATE ON seed.statuses FOR EACH ROW "
    "WHEN (NEW.annotator = 'gold' AND NOT NEW.deleted AND NEW.status IN ('done', 'reviewed')) "
    "EXECUTE FUNCTION seed.release_finished()",
]

# Runs as the writer (not as the owner): a lead sees every claim and may insert only their
# own, so the function can do nothing a lead could not do by hand.
_CLAIM_FUNCTION = """CREATE FUNCTION seed.claim_gold() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        holder text;
        since timestamptz;
        article text;
    BEGIN
        IF NOT pg_has_role(current_user, {lead}, 'MEMBER') THEN
            RETURN NEW;  -- not a lead: row-level security refuses them gold
        END IF;
        INSERT INTO seed.claims(document, lead) VALUES (NEW.document, current_user)
            ON CONFLICT (document) DO NOTHING;
        SELECT c.lead, c.claimed_at INTO holder, since
            FROM seed.claims c WHERE c.document = NEW.document;
        IF holder IS DISTINCT FROM current_user::text THEN
            SELECT d.ext_id INTO article FROM seed.documents d WHERE d.uid = NEW.document;
            RAISE EXCEPTION 'gold on document % is held by %', article, holder
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = format('claimed by %s at %s', holder, since),
                      HINT = 'ask them to release it (annotator team release), or wait '
                             'until they mark it reviewed';
        END IF;
        RETURN NEW;
    END $$"""


def _m005_gold_claims(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    for statement in _V5:
        cur.execute(statement.encode())  # our own constant text
    cur.execute(sql.SQL(_CLAIM_FUNCTION).format(lead=sql.Literal(roles.lead)))
    for table in LAYER_TABLES:
        cur.execute(f"ALTER TABLE seed.{table} ADD COLUMN writer text".encode())
        cur.execute(f"DROP TRIGGER {table}_stamp ON seed.{table}".encode())
        cur.execute(
            f"CREATE TRIGGER {table}_stamp BEFORE INSERT OR UPDATE ON seed.{table} "
            "FOR EACH ROW EXECUTE FUNCTION seed.stamp_writer()".encode()
        )
        # Only gold rows call the claim's function: an analyst's push pays nothing for it.
        cur.execute(
            f"CREATE TRIGGER {table}_claim BEFORE INSERT OR UPDATE ON seed.{table} "
            "FOR EACH ROW WHEN (NEW.annotator = 'gold') "
            "EXECUTE FUNCTION seed.claim_gold()".encode()
        )
    names = {
        "lead": sql.Identifier(roles.lead),
        "owner": sql.Identifier(roles.owner),
    }
    for text in (
        "ALTER TABLE seed.claims ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE seed.claims FORCE ROW LEVEL SECURITY",
        "GRANT SELECT, INSERT, DELETE ON seed.claims TO {lead}",
        "CREATE POLICY lead_reads ON seed.claims FOR SELECT TO {lead} USING (true)",
        "CREATE POLICY lead_claims ON seed.claims FOR INSERT TO {lead} "
        "WITH CHECK (lead = current_user)",
        "CREATE POLICY lead_releases ON seed.claims FOR DELETE TO {lead} "
        "USING (lead = current_user)",
        # The team's administrator may free a document whose holder is gone.
        "CREATE POLICY owner_manages ON seed.claims TO {owner} USING (true) WITH CHECK (true)",
    ):
        cur.execute(sql.SQL(text).format(**names))


# Candidates a reviewer turned down travel like gold spans (a lead's copy sends them, every
# copy that reads gold pulls them): without them another lead's review queue showed them
# as still pending. A rejection is known by its document and (start, end, label); its id
# is derived from those (store/team.py), and only gold has them.
_V6 = [
    """CREATE TABLE seed.rejections (
        uid uuid PRIMARY KEY,
        document uuid NOT NULL REFERENCES seed.documents(uid) ON DELETE CASCADE,
        annotator text NOT NULL DEFAULT 'gold' CHECK (annotator = 'gold'),
        char_start integer NOT NULL,
        char_end integer NOT NULL,
        label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 1000),
        decided_by text NOT NULL CHECK (char_length(decided_by) <= 100),
        decided_at text NOT NULL CHECK (char_length(decided_at) <= 64),
        version bigint NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        writer text,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        CHECK (char_start >= 0 AND char_end > char_start)
    )""",
    "CREATE INDEX rejections_xid ON seed.rejections (xid)",
    "CREATE INDEX rejections_layer ON seed.rejections (document, annotator)",
    "CREATE TRIGGER rejections_stamp BEFORE INSERT OR UPDATE ON seed.rejections "
    "FOR EACH ROW EXECUTE FUNCTION seed.stamp_writer()",
    "CREATE TRIGGER rejections_claim BEFORE INSERT OR UPDATE ON seed.rejections "
    "FOR EACH ROW EXECUTE FUNCTION seed.claim_gold()",
    "ALTER TABLE seed.rejections ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE seed.rejections FORCE ROW LEVEL SECURITY",
]


def _m006_gold_rejections(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    for statement in _V6:
        cur.execute(statement.encode())  # our own constant text
    names = {"a": sql.Identifier(roles.analyst), "lead": sql.Identifier(roles.lead)}
    t = sql.Identifier("seed", "rejections")
    for text in (
        "GRANT SELECT ON {t} TO {a}, {lead}",
        "GRANT INSERT, UPDATE ON {t} TO {lead}",
        f"CREATE POLICY analyst_reads ON {{t}} FOR SELECT TO {{a}} USING ({_ASSIGNED})",
        "CREATE POLICY lead_reads ON {t} FOR SELECT TO {lead} USING (true)",
        "CREATE POLICY lead_inserts ON {t} FOR INSERT TO {lead} WITH CHECK (annotator = 'gold')",
        "CREATE POLICY lead_updates ON {t} FOR UPDATE TO {lead} "
        "USING (annotator = 'gold') WITH CHECK (annotator = 'gold')",
    ):
        cur.execute(sql.SQL(text).format(t=t, **names))


# m005's claim looked only at where a gold row goes: another lead could still take a gold
# row away from a document someone holds, by moving it to their own layer or to another
# document (an UPDATE of annotator or document). The claim now covers where it comes from.
_CLAIM_BOTH_ENDS = """CREATE OR REPLACE FUNCTION seed.claim_gold() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        holder text;
        since timestamptz;
        article text;
        doc uuid;
        docs uuid[] := '{{}}';
    BEGIN
        IF NOT pg_has_role(current_user, {lead}, 'MEMBER') THEN
            RETURN NEW;  -- not a lead: row-level security refuses them gold
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.annotator = 'gold' THEN
            docs := docs || OLD.document;
        END IF;
        IF NEW.annotator = 'gold' THEN
            docs := docs || NEW.document;
        END IF;
        FOREACH doc IN ARRAY docs LOOP
            INSERT INTO seed.claims(document, lead) VALUES (doc, current_user)
                ON CONFLICT (document) DO NOTHING;
            SELECT c.lead, c.claimed_at INTO holder, since
                FROM seed.claims c WHERE c.document = doc;
            IF holder IS DISTINCT FROM current_user::text THEN
                SELECT d.ext_id INTO article FROM seed.documents d WHERE d.uid = doc;
                RAISE EXCEPTION 'gold on document % is held by %', article, holder
                    USING ERRCODE = 'insufficient_privilege',
                          DETAIL = format('claimed by %s at %s', holder, since),
                          HINT = 'ask them to release it (annotator team release), or wait '
                                 'until they mark it reviewed';
            END IF;
        END LOOP;
        RETURN NEW;
    END $$"""


def _m007_claims_cover_moves(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    cur.execute(sql.SQL(_CLAIM_BOTH_ENDS).format(lead=sql.Literal(roles.lead)))
    for table in LAYER_TABLES:
        # A WHEN naming OLD cannot serve INSERT: one trigger for each.
        cur.execute(f"DROP TRIGGER {table}_claim ON seed.{table}".encode())
        cur.execute(
            f"CREATE TRIGGER {table}_claim BEFORE INSERT ON seed.{table} "
            "FOR EACH ROW WHEN (NEW.annotator = 'gold') "
            "EXECUTE FUNCTION seed.claim_gold()".encode()
        )
        cur.execute(
            f"CREATE TRIGGER {table}_claim_update BEFORE UPDATE ON seed.{table} "
            "FOR EACH ROW WHEN (OLD.annotator = 'gold' OR NEW.annotator = 'gold') "
            "EXECUTE FUNCTION seed.claim_gold()".encode()
        )


# m004 bounds each row; this bounds how many rows one writer's layer may hold on one
# document (tombstones included: nobody deletes a layer row). An analyst with psql could
# otherwise insert rows by the million into a document assigned to them, and every lead's
# pull and every review would carry them. A real layer holds hundreds of rows on an
# article. The counts live in a table only the owner reads, kept by triggers that run as
# the owner; a row moved to another document or layer is counted where it goes.
MAX_LAYER_ROWS = 20_000
_V8 = [
    """CREATE TABLE seed.layer_rows (
        document uuid NOT NULL REFERENCES seed.documents(uid) ON DELETE CASCADE,
        annotator text NOT NULL,
        layer text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (document, annotator, layer)
    )""",
    f"""CREATE FUNCTION seed.count_layer_row() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            total integer;
            article text;
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                UPDATE seed.layer_rows SET n = n - 1 WHERE document = OLD.document
                    AND annotator = OLD.annotator AND layer = TG_TABLE_NAME;
            END IF;
            INSERT INTO seed.layer_rows AS c(document, annotator, layer, n)
                VALUES (NEW.document, NEW.annotator, TG_TABLE_NAME, 1)
                ON CONFLICT (document, annotator, layer) DO UPDATE SET n = c.n + 1
                RETURNING c.n INTO total;
            IF total > {MAX_LAYER_ROWS} THEN
                SELECT d.ext_id INTO article FROM seed.documents d WHERE d.uid = NEW.document;
                RAISE EXCEPTION '% of % on document % would hold % rows; at most {MAX_LAYER_ROWS}',
                        TG_TABLE_NAME, NEW.annotator, article, total
                    USING ERRCODE = 'program_limit_exceeded',
                          HINT = 'a layer holds hundreds of rows on an article, not tens of '
                                 'thousands: this is not work from the program';
            END IF;
            RETURN NULL;
        END $$""",
]


def _m008_layer_quotas(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    for statement in _V8:
        cur.execute(statement.encode())  # our own constant text
    # The count's refusal names the document, read as the owner (nobody logs in as it; the
    # trigger runs after row security let the writer write there, so they may see it).
    owner = sql.Identifier(roles.owner)
    cur.execute(
        sql.SQL("CREATE POLICY owner_reads ON seed.documents FOR SELECT TO {} USING (true)").format(
            owner
        )
    )
    # Like every table of the team: row security forced, the owner's triggers its only user.
    cur.execute(b"ALTER TABLE seed.layer_rows ENABLE ROW LEVEL SECURITY")
    cur.execute(b"ALTER TABLE seed.layer_rows FORCE ROW LEVEL SECURITY")
    cur.execute(
        sql.SQL(
            "CREATE POLICY owner_counts ON seed.layer_rows TO {} USING (true) WITH CHECK (true)"
        ).format(owner)
    )
    cur.execute(b"REVOKE ALL ON FUNCTION seed.count_layer_row() FROM PUBLIC")
    for table in LAYER_TABLES:
        # The rows there already count: read as the owner, for whom row security is lifted
        # for this one statement of the migration's transaction.
        cur.execute(f"ALTER TABLE seed.{table} NO FORCE ROW LEVEL SECURITY".encode())
        cur.execute(
            f"INSERT INTO seed.layer_rows(document, annotator, layer, n) "
            f"SELECT document, annotator, '{table}', count(*) FROM seed.{table} "
            "GROUP BY document, annotator".encode()
        )
        cur.execute(f"ALTER TABLE seed.{table} FORCE ROW LEVEL SECURITY".encode())
        cur.execute(
            f"CREATE TRIGGER {table}_counted AFTER INSERT ON seed.{table} "
            "FOR EACH ROW EXECUTE FUNCTION seed.count_layer_row()".encode()
        )
        cur.execute(
            f"CREATE TRIGGER {table}_recounted AFTER UPDATE OF document, annotator "
            f"ON seed.{table} FOR EACH ROW WHEN (OLD.document IS DISTINCT FROM NEW.document "
            "OR OLD.annotator IS DISTINCT FROM NEW.annotator) "
            "EXECUTE FUNCTION seed.count_layer_row()".encode()
        )


# A lead who is away held their documents for ever: only the holder could release a claim,
# and nobody else could adjudicate those documents. Any lead may now release any claim (the
# administrator always could), and the server records every release of another's claim:
# whose it was, since when, who released it and when. The record is written by a trigger
# that runs as the owner, so it cannot be skipped (a lead's raw DELETE is recorded too) nor
# forged (nobody else may write it). `released_by` is the session's login: inside the
# owner's function, current_user is the owner. No reference to the document: a document
# deleted with its claim would otherwise refuse its own deletion.
_V9 = [
    """CREATE TABLE seed.claim_releases (
        document uuid NOT NULL,
        lead text NOT NULL,
        claimed_at timestamptz NOT NULL,
        released_by text NOT NULL,
        released_at timestamptz NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX claim_releases_document ON seed.claim_releases (document, released_at)",
    """CREATE FUNCTION seed.record_release() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            IF OLD.lead IS DISTINCT FROM session_user::text THEN
                INSERT INTO seed.claim_releases(document, lead, claimed_at, released_by)
                    VALUES (OLD.document, OLD.lead, OLD.claimed_at, session_user);
            END IF;
            RETURN NULL;
        END $$""",
    "REVOKE ALL ON FUNCTION seed.record_release() FROM PUBLIC",
    "CREATE TRIGGER claims_released AFTER DELETE ON seed.claims FOR EACH ROW "
    "EXECUTE FUNCTION seed.record_release()",
    "ALTER TABLE seed.claim_releases ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE seed.claim_releases FORCE ROW LEVEL SECURITY",
]


def _m009_leads_release_any_claim(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    for statement in _V9:
        cur.execute(statement.encode())  # our own constant text
    names = {"lead": sql.Identifier(roles.lead), "owner": sql.Identifier(roles.owner)}
    for text in (
        "DROP POLICY lead_releases ON seed.claims",
        "CREATE POLICY lead_releases ON seed.claims FOR DELETE TO {lead} USING (true)",
        "GRANT SELECT ON seed.claim_releases TO {lead}",
        "CREATE POLICY lead_reads ON seed.claim_releases FOR SELECT TO {lead} USING (true)",
        "CREATE POLICY owner_manages ON seed.claim_releases TO {owner} "
        "USING (true) WITH CHECK (true)",
    ):
        cur.execute(sql.SQL(text).format(**names))


@contextlib.contextmanager
def _as_administrator(cur: psycopg.Cursor[Any], roles: Roles) -> Iterator[None]:
    """Inside: the migration runs as the administrator who runs `init`, not as the team's
    owner: settings of the database and of login roles are theirs to change. The owner's
    role comes back only when the inside succeeded: after a failure the transaction is
    aborted, and a statement there would replace the server's reason with "current
    transaction is aborted" (the whole transaction is rolled back anyway)."""
    cur.execute("RESET ROLE")
    yield
    cur.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(roles.owner)))


# A person's session that stops partway through a transaction (a laptop's lid closed, a VPN
# gone, a process suspended) kept its locks until the server's TCP stack gave up on the
# client, two hours and more: the lead's `LOCK TABLE seed.assignments` of an assign kept
# every other lead's assign waiting all that time, a claim's row every gold push on that
# document. The server now ends a session idle inside a transaction after a minute (no
# program of the team's waits that long between two statements of one transaction: a pull
# reads first and applies later), and probes a silent client's connection after a minute, so
# that an idle session of a vanished client ends within two, its connection slot free
# again (CONNECTION_LIMIT). Set on the database (the administrator's sessions there too),
# which its owner may do without being a superuser: every session in it, of the people
# added before and after and of logins made for another team database, gets them, and
# nothing else on the server does. Per person (ALTER ROLE ... IN DATABASE) would need, on
# PostgreSQL 16 and later, the administrator's ADMIN OPTION on each login, which a login
# made by someone else for another team database does not give. No statement_timeout: a
# full pull or an upgrade may rightly run for minutes.
IDLE_IN_TRANSACTION_MS = 60_000
SERVER_KEEPALIVES = {
    "tcp_keepalives_idle": 60,
    "tcp_keepalives_interval": 10,
    "tcp_keepalives_count": 6,
}
# Keepalives probe a connection with nothing in flight. A server process sending to a
# client that vanished (a pull's rows, the client's machine gone mid-answer) retransmits on
# the system's own schedule instead, fifteen tries over a quarter of an hour and more,
# holding its snapshot and its connection slot all the while. Data left unacknowledged for
# as long as the keepalives take to give up on a silent client (two minutes) now ends the
# connection too (m012, PostgreSQL 12 and later). Not shorter: on Linux this limit also
# ends a connection whose keepalive probes go unanswered for that long, whatever their
# count, so a shorter one would cut the keepalives short; a live client on a slow link
# acknowledges within seconds.
SERVER_TCP_USER_TIMEOUT_MS = 1000 * (
    SERVER_KEEPALIVES["tcp_keepalives_idle"]
    + SERVER_KEEPALIVES["tcp_keepalives_interval"] * SERVER_KEEPALIVES["tcp_keepalives_count"]
)


# A value the database has already that is as strict (a shorter wait, fewer probes) is the
# administrator's choice and is kept; 0 (off, or the system's two hours) is the loosest.
_TIME_UNITS_MS = {"us": 0.001, "ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}
_SETTING_UNIT_MS = {
    "idle_in_transaction_session_timeout": 1,
    "tcp_keepalives_idle": 1000,
    "tcp_keepalives_interval": 1000,
    "tcp_keepalives_count": 1,  # a count: no unit
    "tcp_user_timeout": 1,
}


def _in_base_unit(name: str, value: str) -> float | None:
    """A stored setting (`5s`, `60000`, `1.5min`) in the unit of `_SETTING_UNIT_MS`, rounded
    to a whole one as PostgreSQL rounds it (half to even): `400us` of the idle limit is 0,
    off, not a stricter limit. None for a value this cannot read."""
    found = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([a-z]*)\s*", value.strip("'"))
    if found is None:
        return None
    number, unit = float(found.group(1)), found.group(2)
    if not unit:
        return float(round(number))
    if unit not in _TIME_UNITS_MS or name == "tcp_keepalives_count":
        return None
    return float(round(number * _TIME_UNITS_MS[unit] / _SETTING_UNIT_MS[name]))


def _database_settings(cur: Executes) -> dict[str, str]:
    """What `ALTER DATABASE ... SET` gave this database (for every role), name -> value."""
    row = cur.execute(
        "SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
        "WHERE d.datname = current_database() AND s.setrole = 0"
    ).fetchone()
    pairs = [str(item).split("=", 1) for item in (row[0] if row and row[0] else [])]
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


# Large objects live in the server's own catalog, outside every table of the team and every
# bound on its rows (m004, m008): any person of the team could fill the server's disk with
# `lo_from_bytea` in a loop. Creating one, or writing into one made before, is taken from
# PUBLIC in the team database (m013); the program uses none. The functions belong to the
# server's bootstrap superuser, so only a superuser may revoke them (a database's owner's
# REVOKE is a warning that does nothing); the server-side `lo_import` is a superuser's by
# default already, and is listed so that a grant made since is taken back too. Per
# database: other databases of the server keep them.
LARGE_OBJECT_WRITERS = (
    "pg_catalog.lo_creat(integer)",
    "pg_catalog.lo_create(oid)",
    "pg_catalog.lo_from_bytea(oid, bytea)",
    "pg_catalog.lo_import(text)",
    "pg_catalog.lo_import(text, oid)",
    "pg_catalog.lowrite(integer, bytea)",
    "pg_catalog.lo_put(oid, bigint, bytea)",
)


# What a migration asks of the server beyond the team's own schema: settings of the
# database (only its owner may make them) and the large objects' functions taken from
# PUBLIC (only a superuser may). A migration records its asks in seed.team (`pending:...`);
# every `init` then makes those its administrator may make and drops them from the record,
# and names the rest in a note with the statements to ask for. So an administrator who may
# not (a DBA took the database over; a hosted server has no superuser) is told at every
# `init`, `team status` says it too, and the first `init` by one who may makes them. Before
# the record, m010 noted what it could not set and was recorded as made: an upgrade by the
# owner never set it.
_PENDING_SETTING = "pending:setting:"
_PENDING_LARGE_OBJECTS = "pending:large_objects"


def _team_settings() -> dict[str, int]:
    """The database settings the team asks for (read at each call: a test shortens them)."""
    return {
        "idle_in_transaction_session_timeout": IDLE_IN_TRANSACTION_MS,
        **SERVER_KEEPALIVES,
        "tcp_user_timeout": SERVER_TCP_USER_TIMEOUT_MS,
    }


def _ask(cur: psycopg.Cursor[Any], asks: dict[str, str]) -> None:
    cur.executemany(
        "INSERT INTO seed.team(key, value) VALUES (%s, %s) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        list(asks.items()),
    )


def _m010_sessions_end_when_idle(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    asked = ("idle_in_transaction_session_timeout", *SERVER_KEEPALIVES)
    _ask(cur, {_PENDING_SETTING + n: str(v) for n, v in _team_settings().items() if n in asked})


def _m012_server_gives_up_on_vanished_clients(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    """Asks for m010's settings again as well: an earlier version recorded m010 as made
    when its administrator did not own the database, and never set them."""
    _ask(cur, {_PENDING_SETTING + n: str(v) for n, v in _team_settings().items()})


def _m013_no_large_objects(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    _ask(cur, {_PENDING_LARGE_OBJECTS: "revoke"})


# A document's text and original are bounded by the server as every import bounds them
# (records.MAX_DOCUMENT_CHARS, which a test holds this to): a lead with psql could otherwise
# put a text of a gigabyte there, which every pull would read to leave out. The number is
# the migration's own: a later change of the import's bound needs a migration of its own.
# NOT VALID, as m004: a document there already is kept (a pull leaves it out, team.received);
# every write from now on is checked, an update of such a document too.
MAX_DOCUMENT_CHARS = 5_000_000


def _m014_documents_bounded(cur: psycopg.Cursor[Any], roles: Roles) -> None:
    cur.execute(
        "ALTER TABLE seed.documents ADD CONSTRAINT documents_text_bounded "  # our constant
        f"CHECK (char_length(text) <= {MAX_DOCUMENT_CHARS} "
        f"AND char_length(original) <= {MAX_DOCUMENT_CHARS}) NOT VALID".encode()
    )


def _probing_ms(present: dict[str, str]) -> int:
    """How long the keepalives the database will have take to give up on a silent client:
    the team's, or the administrator's where theirs are stricter (kept). On Linux
    `tcp_user_timeout` decides when unanswered probes end a connection, whatever their
    count, so a longer one would keep a vanished client's session past those stricter
    keepalives."""
    team = _team_settings()
    kept = {}
    for name in SERVER_KEEPALIVES:
        theirs = _in_base_unit(name, present[name]) if name in present else None
        ours = team[name]
        kept[name] = int(theirs) if theirs is not None and 0 < theirs <= ours else ours
    return 1000 * (
        kept["tcp_keepalives_idle"] + kept["tcp_keepalives_interval"] * kept["tcp_keepalives_count"]
    )


@dataclass(frozen=True, slots=True)
class _Outstanding:
    """What the record asks for and the server does not have yet."""

    settings: dict[str, int]  # name -> the team's value: unset, or looser than it
    functions: list[str]  # large objects' functions PUBLIC may still execute
    made: list[str]  # keys of the record that the server has now (set by hand, say)


def _outstanding(cur: Executes) -> _Outstanding:
    asked = {
        str(key): str(value)
        for key, value in cur.execute(
            "SELECT key, value FROM seed.team WHERE key LIKE 'pending:%' ORDER BY key"
        )
    }
    present = _database_settings(cur)
    settings, made = {}, []
    for key, value in asked.items():
        if not key.startswith(_PENDING_SETTING):
            continue
        name, wanted = key.removeprefix(_PENDING_SETTING), int(value)
        if name == "tcp_user_timeout":
            wanted = min(wanted, _probing_ms(present))
        theirs = _in_base_unit(name, present[name]) if name in present else None
        if name in present and (theirs is None or 0 < theirs <= wanted):
            made.append(key)  # the administrator's own, as strict or stricter: kept
        else:
            settings[name] = wanted
    functions = []
    if _PENDING_LARGE_OBJECTS in asked:
        functions = [
            str(r[0])
            for r in cur.execute(
                "SELECT f FROM unnest(%s::text[]) WITH ORDINALITY t(f, n) "
                "JOIN pg_proc p ON p.oid = to_regprocedure(f) WHERE EXISTS (SELECT FROM "
                "aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a "
                "WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') ORDER BY n",
                [list(LARGE_OBJECT_WRITERS)],
            )
        ]
        if not functions:
            made.append(_PENDING_LARGE_OBJECTS)
    return _Outstanding(settings, functions, made)


def _settings_note(
    conn: psycopg.Connection[Any], owner: str, me: str | None, settings: dict[str, int]
) -> str:
    dbname = conn.info.dbname
    db = sql.Identifier(dbname).as_string(conn)
    asks = "; ".join(f"ALTER DATABASE {db} SET {n} = {v}" for n, v in settings.items())
    who = f", and {me} does not own it" if me else ""
    return (
        f"{dbname}: sessions of clients that stopped (idle inside a transaction, silent, or "
        f"no longer acknowledging) are not ended in time: {', '.join(settings)} not set yet; "
        f"only the database's owner ({owner}) may set them{who}. `annotator team init` run "
        f"by them sets them, or ask them (or a superuser) to run: {asks}"
    )


def _large_objects_note(dbname: str, me: str | None, functions: list[str]) -> str:
    who = f", and {me} is not one" if me else ""
    return (
        f"{dbname}: every person of the team may still fill the server's disk with large "
        "objects (lo_create, lo_from_bytea: outside the team's tables and their bounds); "
        f"only a superuser may take those functions from PUBLIC{who}. `annotator team "
        f"init` run by a superuser does it, or ask one, connected to {dbname}, to run: "
        f"REVOKE EXECUTE ON FUNCTION {', '.join(functions)} FROM PUBLIC"
    )


def _settle(cur: psycopg.Cursor[Any], roles: Roles) -> list[str]:
    """Make what the record asks for that this administrator may make (ownership and
    superuser checked first: a REVOKE that may not is no error, only a warning); the rest
    stays recorded, and comes back as notes."""
    dbname = cur.connection.info.dbname
    todo = _outstanding(cur)
    made = list(todo.made)
    notes = []
    with _as_administrator(cur, roles):
        row = cur.execute(
            "SELECT pg_has_role(datdba, 'USAGE'), datdba::regrole::text, current_user "
            "FROM pg_database WHERE datname = current_database()"
        ).fetchone()
        assert row is not None
        owns, owner, me = row
        if todo.settings and owns:
            for name, value in todo.settings.items():
                cur.execute(
                    sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                        sql.Identifier(dbname), sql.Identifier(name), sql.Literal(str(value))
                    )
                )
            made += [_PENDING_SETTING + name for name in todo.settings]
        elif todo.settings:
            notes.append(_settings_note(cur.connection, owner, me, todo.settings))
        if todo.functions:
            may = cur.execute(
                "SELECT bool_and(pg_has_role(p.proowner, 'USAGE')) FROM pg_proc p "
                "WHERE p.oid = ANY(%s::regprocedure[])",
                [todo.functions],
            ).fetchone()
            if may and may[0]:
                revoke = f"REVOKE EXECUTE ON FUNCTION {', '.join(todo.functions)} FROM PUBLIC"
                cur.execute(revoke.encode())  # our own constant names
                made.append(_PENDING_LARGE_OBJECTS)
            else:
                notes.append(_large_objects_note(dbname, me, todo.functions))
    if made:
        cur.execute("DELETE FROM seed.team WHERE key = ANY(%s)", [made])
    return notes


def still_to_do(conn: psycopg.Connection[Any]) -> list[str]:
    """What the team's upgrades asked of the server and it does not have yet, as notes
    saying whom to ask for what (for `team status`); [] when all is made."""
    todo = _outstanding(conn)
    notes = []
    if todo.settings:
        row = conn.execute(
            "SELECT datdba::regrole::text FROM pg_database WHERE datname = current_database()"
        ).fetchone()
        assert row is not None
        notes.append(_settings_note(conn, str(row[0]), None, todo.settings))
    if todo.functions:
        notes.append(_large_objects_note(conn.info.dbname, None, todo.functions))
    return notes


# Connections one person may hold at once (the window's sync, a command or two, a
# dashboard): a person looping on connect would otherwise take every connection the server
# has, and nobody else could work.
CONNECTION_LIMIT = 10


def _m011_connection_limits(cur: psycopg.Cursor[Any], roles: Roles) -> list[str]:
    """People added before logins were made with a connection limit have none; a limit
    their administrator gave is kept. A login this administrator may not change is named
    in a note, and the upgrade goes on."""
    unlimited = [
        r[0]
        for r in cur.execute(
            "SELECT r.rolname FROM seed.people p JOIN pg_roles r ON r.rolname = p.name "
            "WHERE r.rolconnlimit = -1 ORDER BY 1"
        )
    ]
    notes = []
    with _as_administrator(cur, roles):
        for name in unlimited:
            try:
                with cur.connection.transaction():
                    cur.execute(
                        sql.SQL("ALTER ROLE {} CONNECTION LIMIT {}").format(
                            sql.Identifier(name), sql.Literal(CONNECTION_LIMIT)
                        )
                    )
            except psycopg.errors.InsufficientPrivilege as exc:
                notes.append(no_connection_limit(name, exc))
    return notes


def no_connection_limit(name: str, exc: psycopg.Error) -> str:
    """The note for a login this administrator may not give the connection limit."""
    return (
        f"{name}: keeps no connection limit: {exc.diag.message_primary or exc}; "
        f"ask the server's administrator: ALTER ROLE ... CONNECTION LIMIT {CONNECTION_LIMIT}"
    )


# Every table of rows with versions, whose highest version a new copy must number past.
VERSIONED_TABLES = (*LAYER_TABLES, "rejections")

# A migration may return notes for the administrator: what it could not do, and why.
MIGRATIONS: list[tuple[str, Callable[[psycopg.Cursor[Any], Roles], list[str] | None]]] = [
    ("m001_initial", _m001_initial),
    ("m002_ids_per_layer", _m002_ids_per_layer),
    ("m003_tombstones_only", _m003_tombstones_only),
    ("m004_bounded_rows", _m004_bounded_rows),
    ("m005_gold_claims", _m005_gold_claims),
    ("m006_gold_rejections", _m006_gold_rejections),
    ("m007_claims_cover_moves", _m007_claims_cover_moves),
    ("m008_layer_quotas", _m008_layer_quotas),
    ("m009_leads_release_any_claim", _m009_leads_release_any_claim),
    ("m010_sessions_end_when_idle", _m010_sessions_end_when_idle),
    ("m011_connection_limits", _m011_connection_limits),
    ("m012_server_gives_up_on_vanished_clients", _m012_server_gives_up_on_vanished_clients),
    ("m013_no_large_objects", _m013_no_large_objects),
    ("m014_documents_bounded", _m014_documents_bounded),
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class InitReport:
    tag: str
    created: bool  # a new team database (roles made), not an upgrade of one
    applied: tuple[str, ...]
    notes: tuple[str, ...] = ()  # what a migration could not do, for the administrator
    earlier: bool = False  # made (in part) by an earlier try whose answer was lost
    # What the upgrades asked of the server and this administrator may not make (a setting
    # only the database's owner may set, ...), as notes; made by a later `init` of one who may.
    pending: tuple[str, ...] = ()


# The tries of one `init` so far: each try's server transaction id and what it made (None
# until it got that far). A retry after a cut connection finds the upgrade its first try
# committed done, and would say "already up to date" and drop that try's notes (logins left
# without a limit); the server still knows whether that try committed (pg_xact_status).
InitTries = dict[str, InitReport | None]


def applied(conn: psycopg.Connection[Any]) -> list[str]:
    """The server's migrations, in order; [] for a database that is not a team database."""
    found = conn.execute("SELECT to_regclass('seed.schema_migrations')").fetchone()
    if found is None or found[0] is None:
        return []
    return [r[0] for r in conn.execute("SELECT name FROM seed.schema_migrations ORDER BY name")]


def check_version(conn: psycopg.Connection[Any], where: str) -> None:
    """Refuse a database that is not a team database, or is newer than this version."""
    names = applied(conn)
    if not names:
        raise TeamError(
            f"{where}: is not a Seed Annotator team database (run `annotator team init`)"
        )
    known = [name for name, _ in MIGRATIONS]
    if names != known[: len(names)]:
        raise TeamError(
            f"{where}: was set up by a newer version of Seed Annotator (schema {len(names)}; "
            f"this version knows {SCHEMA_VERSION}); update the application"
        )
    if len(names) < SCHEMA_VERSION:
        raise TeamError(f"{where}: needs an upgrade; the lead runs `annotator team init` again")


def team_roles(conn: psycopg.Connection[Any]) -> Roles:
    row = conn.execute("SELECT value FROM seed.team WHERE key = 'tag'").fetchone()
    if row is None:
        raise TeamError("the team database has lost its tag (seed.team)")
    return Roles(row[0])


def initialise(
    conn: psycopg.Connection[Any], where: str, tries: InitTries | None = None
) -> InitReport:
    """Make (or upgrade) the team schema in one transaction; the caller's connection must
    be an administrator's (a superuser, or a role with CREATEROLE owning the database).
    With `tries` (kept across the tries of one command), what an earlier try made and
    committed before its answer was lost is reported as made, with its notes."""
    with conn.transaction():
        this = None
        if tries is not None:
            # Asked first: a try whose answer to this is lost never reached its migrations.
            this = this_try(conn)
            tries[this] = None
        # Held to the end of the transaction: an earlier try still committing ends first.
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        names = applied(conn)
        known = [name for name, _ in MIGRATIONS]
        if names and names != known[: len(names)]:
            check_version(conn, where)
        created = not names
        if created:
            if conn.execute("SELECT to_regnamespace('seed')").fetchone() != (None,):
                raise TeamError(f"{where}: already has a schema named seed that is not ours")
            roles = Roles(secrets.token_hex(4))
            _make_roles(conn, roles)
        else:
            roles = team_roles(conn)
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(roles.owner)))
        if created:
            conn.execute(
                "CREATE TABLE seed.schema_migrations "
                "(name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
        done = []
        notes: list[str] = []
        with conn.cursor() as cur:
            for name, migration in MIGRATIONS:
                if name in names:
                    continue
                notes += migration(cur, roles) or []
                cur.execute("INSERT INTO seed.schema_migrations(name) VALUES (%s)", [name])
                done.append(name)
            pending = _settle(cur, roles)
            if created:
                cur.execute("INSERT INTO seed.team(key, value) VALUES ('tag', %s)", [roles.tag])
                cur.execute(
                    sql.SQL("GRANT SELECT ON seed.schema_migrations TO {}, {}").format(
                        sql.Identifier(roles.analyst), sql.Identifier(roles.lead)
                    )
                )
        conn.execute("RESET ROLE")
        report = InitReport(roles.tag, created, tuple(done), tuple(notes), pending=tuple(pending))
        if tries is not None and this is not None:
            tries[this] = report
            report = _with_earlier(conn, tries, this, report)
    return report


def _with_earlier(
    conn: psycopg.Connection[Any], tries: InitTries, this: str, report: InitReport
) -> InitReport:
    """`report` with what an earlier try committed (at most one did: the next try runs
    only after one failed, and finds that one's migrations applied)."""
    before = [x for x, made in tries.items() if x != this and made is not None]
    if not before:
        return report
    for x in committed(conn, before):
        made = tries[x]
        assert made is not None
        report = InitReport(
            report.tag,
            made.created or report.created,
            made.applied + report.applied,
            made.notes + report.notes,
            earlier=True,
            pending=report.pending,  # as the server is now, not as that try found it
        )
    return report


def _make_roles(conn: psycopg.Connection[Any], roles: Roles) -> None:
    dbname = conn.info.dbname
    comment = f"Seed Annotator team database {dbname}"
    superuser = conn.execute(
        "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    for role in roles.all():
        ident = sql.Identifier(role)
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(ident))
        conn.execute(sql.SQL("COMMENT ON ROLE {} IS {}").format(ident, sql.Literal(comment)))
    owner = sql.Identifier(roles.owner)
    if not (superuser and superuser[0]):
        conn.execute(sql.SQL("GRANT {} TO current_user").format(owner))
    db = sql.Identifier(dbname)
    conn.execute(sql.SQL("CREATE SCHEMA seed AUTHORIZATION {}").format(owner))
    conn.execute(sql.SQL("REVOKE ALL ON SCHEMA seed FROM PUBLIC"))
    # Nobody but the team's people connects; and nobody makes objects of their own in public.
    conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(db))
    conn.execute(
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(
            db, sql.Identifier(roles.analyst), sql.Identifier(roles.lead)
        )
    )
    conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
