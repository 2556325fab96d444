"""What a lead watches: progress per person and per document, and agreement so far.

Read straight from the server, not from the lead's pulled copy: the figures are then the
server's latest work of every analyst whether or not the lead has synced (the command line
has no copy at all), and there is one definition of "finished" for the progress table and
for agreement. Everything is read in one read-only REPEATABLE READ transaction, so the
counts and the figures describe one moment, which the server's clock dates ("as of").

Agreement so far is the project's own report (annotator.core.review) on the documents
finished by two or more of the people they are assigned to (gold and a lead's own layer
are nobody's assignment, and work on a document taken back from its analyst no longer
counts), each person compared on the documents they finished, with the spans of their
layer on those documents: work still in progress is not compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import psycopg

from annotator.core.errors import Cancelled
from annotator.core.review import agreement_report
from annotator.core.review.model import AgreementInput, SpanColumns
from annotator.core.review.report import AgreementReport, Json, JsonObject
from annotator.core.team import claims, lead, schema
from annotator.core.team.claims import Claim
from annotator.core.team.lead import AnalystProgress

FINISHED = lead.FINISHED
MIN_FINISHED = 2  # a document is compared once this many people finished it


@dataclass(frozen=True, slots=True)
class DocumentProgress:
    ext_id: str
    title: str
    assigned: int
    finished: int
    disagreement: float | None  # 1 - mean overlap F1 of the pairs; None: not compared yet


@dataclass(frozen=True, slots=True)
class Dashboard:
    """One moment of a team project, as the lead's connection sees it (all of it)."""

    as_of: datetime  # the server's clock when the snapshot was taken
    people: list[AnalystProgress]
    documents: int
    finished: dict[int, int]  # how many people finished a document -> how many documents
    per_document: list[DocumentProgress]
    agreement: AgreementReport | None  # None: no document finished by two people yet
    claims: list[Claim] = field(default_factory=list)  # who holds which document for gold
    # What the team's upgrades asked of the server that is not made yet, as notes (a
    # setting only the database's owner may make, ...): schema.still_to_do.
    to_do: list[str] = field(default_factory=list)

    @property
    def compared(self) -> int:
        """Documents the agreement figures cover."""
        return self.agreement.documents if self.agreement is not None else 0

    def as_dict(self, per_document: bool = True) -> JsonObject:
        """The JSON of `annotator team status --format json`; the agreement is the shape
        `annotator agreement --format json` prints."""
        out: JsonObject = {
            "as_of": self.as_of.isoformat(),
            "people": [
                {
                    "name": p.name,
                    "role": p.role,
                    "assigned": p.assigned,
                    "in_progress": p.in_progress,
                    "done": p.done,
                    "unassigned": p.unassigned,
                    "last_seen": p.last_seen.isoformat() if p.last_seen else None,
                }
                for p in self.people
            ],
            "documents": self.documents,
            "finished_by": {str(k): v for k, v in self.finished.items()},
            "agreement_documents": self.compared,
            "agreement": self.agreement.as_dict() if self.agreement is not None else None,
            "to_do": list(self.to_do),
        }
        if per_document:
            rows: list[Json] = [
                {
                    "id": d.ext_id,
                    "title": d.title,
                    "assigned": d.assigned,
                    "finished": d.finished,
                    "disagreement": d.disagreement,
                }
                for d in self.per_document
            ]
            out["per_document"] = rows
        return out


def dashboard(
    conn: psycopg.Connection[Any], cancelled: Callable[[], bool] | None = None
) -> Dashboard:
    """Progress and agreement so far in one snapshot of the server.

    `conn` must be in autocommit mode (as `connect(url, autocommit=True)` makes it): the
    snapshot is a transaction of its own."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        row = conn.execute("SELECT now()").fetchone()
        assert row is not None
        as_of: datetime = row[0]
        progress = lead.status(conn, per_document=True)
        inp = _agreement_input(conn)
        # Claims are the leads' business: an analyst's connection may not read them.
        may = conn.execute("SELECT has_table_privilege('seed.claims', 'SELECT')").fetchone()
        lead_reads = bool(may and may[0])
        held = claims.held(conn) if lead_reads else []
        # What only an administrator can do is the leads' to ask for: an analyst can do
        # nothing about it, and the large objects' note would tell every analyst how to
        # fill the server's disk.
        to_do = schema.still_to_do(conn) if lead_reads else []
    if cancelled is not None and cancelled():
        raise Cancelled("team dashboard cancelled")
    report = agreement_report(inp, cancelled=cancelled) if inp.documents else None
    disagreement = {r.doc: r.disagreement for r in report.ranking} if report else {}
    per_document = [
        DocumentProgress(ext, title, assigned, done, disagreement.get(ext))
        for ext, title, assigned, done in progress.per_document
    ]
    return Dashboard(
        as_of,
        progress.people,
        progress.documents,
        progress.finished,
        per_document,
        report,
        held,
        to_do,
    )


_FINISHED_CTE = (
    f"WITH finished AS (SELECT document, annotator FROM ({lead.ASSIGNED_STATUSES}) m "
    " WHERE status = ANY(%(finished)s)), "
    "compared AS (SELECT document FROM finished GROUP BY document "
    " HAVING count(*) >= %(least)s) "
)


def _agreement_input(conn: psycopg.Connection[Any]) -> AgreementInput:
    """The documents finished by two or more people, who finished them, and their spans
    there: the same columns the local project's agreement reads from SQLite."""
    params = {"finished": list(FINISHED), "least": MIN_FINISHED}
    docs = conn.execute(
        _FINISHED_CTE + "SELECT d.uid, d.ext_id, d.text FROM seed.documents d "
        "JOIN compared c ON c.document = d.uid ORDER BY d.ext_id",
        params,
    ).fetchall()
    labels = [
        str(r[0]) for r in conn.execute("SELECT name FROM seed.labels ORDER BY position, name")
    ]
    code_of_doc = {uid: i for i, (uid, _ext, _text) in enumerate(docs)}
    done: dict[str, list[int]] = {}
    for uid, annotator in conn.execute(
        _FINISHED_CTE + "SELECT f.document, f.annotator FROM finished f "
        "JOIN compared c ON c.document = f.document",
        params,
    ):
        done.setdefault(str(annotator), []).append(code_of_doc[uid])
    names = sorted(done)
    # One row per layer on a document, its spans as arrays and its labels as their codes
    # (in binary): 30,000 rows for 10,000 documents x 3 people, not 600,000, a third of the
    # client's CPU for the read. A label the team no longer lists is not compared.
    columns: dict[str, tuple[list[int], list[int], list[int], list[int]]] = {
        name: ([], [], [], []) for name in names
    }
    for uid, annotator, starts, ends, codes in conn.execute(
        _FINISHED_CTE + "SELECT s.document, s.annotator, array_agg(s.char_start), "
        "array_agg(s.char_end), array_agg(l.n - 1) FROM seed.spans s JOIN finished f "
        " ON f.document = s.document AND f.annotator = s.annotator "
        "JOIN compared c ON c.document = s.document "
        "JOIN unnest(%(labels)s::text[]) WITH ORDINALITY l(name, n) ON l.name = s.label "
        "WHERE NOT s.deleted GROUP BY s.document, s.annotator",
        {**params, "labels": labels},
        binary=True,
    ):
        doc, start, end, label = columns[str(annotator)]
        doc.extend([code_of_doc[uid]] * len(starts))
        start.extend(starts)
        end.extend(ends)
        label.extend(codes)
    worked = {}
    for name in names:
        worked[name] = np.zeros(len(docs), dtype=bool)
        worked[name][done[name]] = True
    return AgreementInput(
        documents=[str(ext) for _uid, ext, _text in docs],
        texts=[str(text) for _uid, _ext, text in docs],
        labels=labels,
        annotators=names,
        spans={
            name: SpanColumns(
                np.array(doc, dtype=np.int32),
                np.array(start, dtype=np.int64),
                np.array(end, dtype=np.int64),
                np.array(label, dtype=np.int16),
            )
            for name, (doc, start, end, label) in columns.items()
        },
        worked=worked,
    )
