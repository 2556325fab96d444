"""The lead's dashboard on a big team: `python benchmarks/team_dashboard.py [--documents N]`.

N documents (default 10,000) x 3 analysts x 20 spans, every layer finished, written straight
into the server (COPY); then `annotator team status`'s read: one snapshot of progress and
agreement so far on every document. Reports the wall and CPU time (this process: reading the
rows and the agreement report), split into the server read and the agreement. Needs a
PostgreSQL server
(as benchmarks/team.py: SEED_BENCH_POSTGRES, default postgres on 127.0.0.1:5432); the
database and roles are dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
from common import SEED, word_spans
from team import _documents, _team_database, _url

from annotator.core.model import DEFAULT_LABELS
from annotator.core.review import agreement_report
from annotator.core.team import dashboard as board_module
from annotator.core.team import lead, people

LABELS = [label.name for label in DEFAULT_LABELS]


def run(documents: int, annotators: int, spans: int) -> dict:
    with _team_database("dash") as dbname:
        names = [f"{dbname}_p{i}" for i in range(annotators)]
        lead_name = f"{dbname}_lead"
        with psycopg.connect(_url(dbname, "postgres"), autocommit=True) as admin:
            for n in names:
                people.add_person(admin, n, "analyst", None)
            people.add_person(admin, lead_name, "lead", None)
        docs = _documents(documents, "dash-")
        rng = random.Random(SEED)
        with psycopg.connect(_url(dbname, lead_name), autocommit=True) as conn:
            lead.push_documents(conn, docs, list(DEFAULT_LABELS))
            uids = dict(conn.execute("SELECT ext_id, uid FROM seed.documents").fetchall())
        with psycopg.connect(_url(dbname, "postgres")) as conn:
            cur = conn.cursor()
            with cur.copy(
                "COPY seed.spans (uid, document, annotator, label, char_start, char_end, text, "
                "version) FROM STDIN"
            ) as copy:
                for doc in docs:
                    for n in names:
                        for s, e, _label in word_spans(doc.text, rng, spans):
                            copy.write_row((uuid.uuid4(), uids[doc.ext_id], n, rng.choice(LABELS),
                                            s, e, doc.text[s:e], 1))  # fmt: skip
            with cur.copy(
                "COPY seed.statuses (uid, document, annotator, status, version) FROM STDIN"
            ) as copy:
                for doc in docs:
                    for n in names:
                        copy.write_row((uuid.uuid4(), uids[doc.ext_id], n, "done", 1))
            with cur.copy("COPY seed.assignments (document, annotator) FROM STDIN") as copy:
                for doc in docs:
                    for n in names:
                        copy.write_row((uids[doc.ext_id], n))
            conn.commit()
        with psycopg.connect(_url(dbname, lead_name), autocommit=True) as conn:
            # the server read alone (progress and the agreement's rows), then the whole
            cpu, wall = time.process_time(), time.perf_counter()
            with conn.transaction():
                lead.status(conn)
                inp = board_module._agreement_input(conn)
            read_cpu, read_wall = time.process_time() - cpu, time.perf_counter() - wall
            cpu = time.process_time()
            agreement_report(inp)
            report_cpu = time.process_time() - cpu
            cpu, wall = time.process_time(), time.perf_counter()
            board = board_module.dashboard(conn)
            total_cpu, total_wall = time.process_time() - cpu, time.perf_counter() - wall
        assert board.agreement is not None
        return {
            "documents": documents,
            "annotators": annotators,
            "spans": documents * annotators * spans,
            "compared_documents": board.compared,
            "dashboard_wall_s": round(total_wall, 2),
            "dashboard_cpu_s": round(total_cpu, 2),
            "server_read_wall_s": round(read_wall, 2),
            "server_read_cpu_s": round(read_cpu, 2),
            "agreement_cpu_s": round(report_cpu, 2),
            "krippendorff_alpha": board.agreement.krippendorff_alpha.value,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--annotators", type=int, default=3)
    parser.add_argument("--spans", type=int, default=20)
    args = parser.parse_args()
    print(json.dumps(run(args.documents, args.annotators, args.spans), indent=2))


if __name__ == "__main__":
    main()
