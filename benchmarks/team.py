"""Team projects under load: `python benchmarks/team.py [--analysts 20]`.

Needs a PostgreSQL server and an administrator's URL (default: postgres on 127.0.0.1:5432,
or SEED_BENCH_POSTGRES). It makes a database and roles named `seedbench_<pid>...` and drops
them at the end, whatever happens.

1. Live work: N analysts, each a separate process with its own working copy, tag their
   share of 500 documents with 20 spans each (as the window does, one committed edit at a
   time) and push every second; a lead's process pulls every half second meanwhile. Each
   edit's time is logged by its analyst and the time the lead first holds it by the lead:
   edit-to-lead latency p50/p95 (target p95 <= 5 s). Push cost: the analysts' CPU time
   (user+sys) spent in push, and push wall time, per edit.
2. A lead's full pull (a fresh join) of 10,000 documents x 3 annotators x 20 spans, the
   layers written straight into the server (COPY) beforehand: target <= 10 s. CPU time of
   the process, and of the thread writing the copy (the server is read on another).
3. Server rows and size, and a final check: every edit on the server once (live rows and a
   checksum per layer against each analyst's copy), and the lead's copy holding them all.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
from common import SEED, news_texts, word_spans
from psycopg import sql

from annotator.core.model import DEFAULT_LABELS, Document
from annotator.core.services.annotations import AnnotationService
from annotator.core.store.project import Project
from annotator.core.team import lead, people, schema
from annotator.core.team.sync import TeamSync, join

ADMIN = os.environ.get("SEED_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
TARGETS = {"latency_p95_s": 5.0, "full_pull_s": 10.0}


def _url(dbname: str, user: str) -> str:
    base = psycopg.conninfo.conninfo_to_dict(ADMIN)
    host, port = base.get("host", "127.0.0.1"), base.get("port", "5432")
    return f"postgresql://{user}@{host}:{port}/{dbname}"


def _documents(count: int, prefix: str) -> list[Document]:
    rng = random.Random(SEED)
    out = []
    for i, (lang, text) in enumerate(news_texts(count, rng, size=1500)):
        digest = hashlib.sha256(text.encode()).hexdigest()
        out.append(Document(0, f"{prefix}{i:06d}", "", lang, text, text, None, {}, "none",
                            digest, digest))  # fmt: skip
    return out


@contextlib.contextmanager
def _team_database(tag: str):
    """A fresh team database and its roles, dropped afterwards."""
    name = f"seedbench_{os.getpid()}_{tag}"
    roles: schema.Roles | None = None
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        with psycopg.connect(_url(name, "postgres"), autocommit=True) as conn:
            roles = schema.Roles(schema.initialise(conn, name).tag)
        yield name
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            found = admin.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", [name + "\\_%"]
            ).fetchall()
            for role in [r for (r,) in found] + list(roles.all() if roles else ()):
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


# -- live work ------------------------------------------------------------------------------


def _analyst(dbname: str, name: str, folder: str, push_every: float, edit_pause: float) -> None:
    """One analyst: join, tag every assigned document with 20 spans, push every second."""
    path = Path(folder) / f"{name}.seedproj"
    log = (Path(folder) / f"{name}.edits").open("w")
    with Project.open(path) as project:
        join(project, _url(dbname, name))
        engine = TeamSync(project)
        service = AnnotationService(project, name)
        rng = random.Random(name)
        push_cpu = push_wall = 0.0
        edits = 0
        last_push = time.monotonic()

        def push() -> None:
            nonlocal push_cpu, push_wall, last_push
            cpu, wall = time.process_time(), time.perf_counter()
            engine.push()
            push_cpu += time.process_time() - cpu
            push_wall += time.perf_counter() - wall
            last_push = time.monotonic()

        for doc_id, ext_id in project.documents.ext_ids():
            text = project.documents.get(doc_id).text
            for start, end, _label in word_spans(text, rng, 20):
                service.add_span(doc_id, "actor", start, end, text=text, attrs={})
                log.write(f"{ext_id}\t{start}\t{end}\t{time.time()}\n")
                edits += 1
                if time.monotonic() - last_push >= push_every:
                    push()
                if edit_pause:
                    time.sleep(edit_pause)
        push()
        engine.close()
    log.close()
    (Path(folder) / f"{name}.cost").write_text(json.dumps(
        {"edits": edits, "push_cpu_s": push_cpu, "push_wall_s": push_wall}))  # fmt: skip


def _lead(dbname: str, name: str, folder: str, expected: int, stop_after: float) -> None:
    """The lead: pull every half second; note when each analyst span first arrives."""
    path = Path(folder) / f"{name}.seedproj"
    seen: dict[tuple[str, int, int, str], float] = {}
    with Project.open(path) as project:
        join(project, _url(dbname, name))
        engine = TeamSync(project)
        ext = dict(project.documents.ext_ids())
        deadline = time.monotonic() + stop_after
        pulls = []
        while len(seen) < expected and time.monotonic() < deadline:
            started = time.perf_counter()
            changes = engine.pull()
            now = time.time()
            pulls.append(time.perf_counter() - started)
            if changes.corpus:
                ext = dict(project.documents.ext_ids())
            for span in changes.added:
                seen.setdefault((ext[span.document_id], span.start, span.end, span.annotator), now)
            if changes.corpus and not changes.added:  # too many to list: read them
                for doc_id, ext_id in ext.items():
                    for span in project.spans.for_document(doc_id):
                        seen.setdefault((ext_id, span.start, span.end, span.annotator), now)
            time.sleep(0.5)
        engine.close()
    with (Path(folder) / f"{name}.seen").open("w") as out:
        for (ext_id, start, end, who), when in seen.items():
            out.write(f"{who}\t{ext_id}\t{start}\t{end}\t{when}\n")
    (Path(folder) / f"{name}.pulls").write_text(json.dumps(pulls))


def live(analysts: int, documents: int, each: int, push_every: float, edit_pause: float) -> dict:
    with _team_database("live") as dbname, tempfile.TemporaryDirectory() as folder:
        names = [f"{dbname}_a{i:02d}" for i in range(analysts)]
        lead_name = f"{dbname}_lead"
        with psycopg.connect(_url(dbname, "postgres"), autocommit=True) as admin:
            for n in names:
                people.add_person(admin, n, "analyst", None)
            people.add_person(admin, lead_name, "lead", None)
        with psycopg.connect(_url(dbname, lead_name), autocommit=True) as conn:
            lead.push_documents(conn, _documents(documents, "live-"), list(DEFAULT_LABELS))
            lead.assign(conn, each=each)
        expected = documents * each * 20
        ctx = multiprocessing.get_context("spawn")
        lead_proc = ctx.Process(target=_lead, args=(dbname, lead_name, folder, expected, 900))
        lead_proc.start()
        time.sleep(2)  # the lead has joined before the first edit
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        procs = [ctx.Process(target=_analyst, args=(dbname, n, folder, push_every, edit_pause))
                 for n in names]  # fmt: skip
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        work_s = time.perf_counter() - started
        lead_proc.join()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        edits = {}
        for n in names:
            for line in (Path(folder) / f"{n}.edits").read_text().splitlines():
                ext_id, s, e, when = line.split("\t")
                edits[(n, ext_id, int(s), int(e))] = float(when)
        seen = {}
        for line in (Path(folder) / f"{lead_name}.seen").read_text().splitlines():
            who, ext_id, s, e, when = line.split("\t")
            seen[(who, ext_id, int(s), int(e))] = float(when)
        latencies = sorted(seen[k] - t for k, t in edits.items() if k in seen)
        costs = [json.loads((Path(folder) / f"{n}.cost").read_text()) for n in names]
        total_edits = sum(c["edits"] for c in costs)
        check = _check(dbname, names, folder, lead_name)
        with psycopg.connect(_url(dbname, "postgres")) as conn:
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
            rows = {t: conn.execute(f"SELECT count(*) FROM seed.{t}").fetchone()[0]
                    for t in ("documents", "assignments", "spans", "statuses")}  # fmt: skip
        pulls = json.loads((Path(folder) / f"{lead_name}.pulls").read_text())
        return {
            "analysts": analysts,
            "documents": documents,
            "edits": total_edits,
            "work_s": round(work_s, 1),
            "edits_per_s": round(total_edits / work_s, 1),
            "lead_saw": len(latencies),
            "latency_p50_s": round(statistics.median(latencies), 2) if latencies else None,
            "latency_p95_s": round(latencies[int(0.95 * (len(latencies) - 1))], 2)
            if latencies
            else None,
            "lead_pull_median_s": round(statistics.median(pulls), 3) if pulls else None,
            "push_cpu_ms_per_edit": round(
                1000 * sum(c["push_cpu_s"] for c in costs) / total_edits, 2
            ),
            "push_wall_ms_per_edit": round(
                1000 * sum(c["push_wall_s"] for c in costs) / total_edits, 2
            ),
            "children_cpu_s": round(
                (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1
            ),
            "server_rows": rows,
            "server_mb": round(size / 2**20, 1),
            **check,
        }


def _check(dbname: str, names: list[str], folder: str, lead_name: str) -> dict:
    """Every analyst's layer on the server exactly as in their copy, once; the lead's copy
    holding every live span once."""
    ok = True
    with psycopg.connect(_url(dbname, "postgres")) as conn:
        for n in names:
            with Project.open(Path(folder) / f"{n}.seedproj") as project:
                local = project.team.layer_rows(n)
                waiting = project.team.waiting()
            server = conn.execute(
                "SELECT uid::text, label, char_start, char_end, text FROM seed.spans "
                "WHERE annotator = %s AND NOT deleted ORDER BY uid::text",
                [n],
            ).fetchall()
            dupes = conn.execute(
                "SELECT count(*) - count(DISTINCT (document, char_start, char_end, label)) "
                "FROM seed.spans WHERE annotator = %s", [n]).fetchone()[0]  # fmt: skip
            ok = ok and waiting == 0 and dupes == 0 and [tuple(r) for r in server] == local
        total = conn.execute("SELECT count(*) FROM seed.spans WHERE NOT deleted").fetchone()[0]
    with Project.open(Path(folder) / f"{lead_name}.seedproj") as project:
        held = sum(len(project.team.layer_rows(n)) for n in names)
    return {"nothing_lost_or_duplicated": ok and held == total, "lead_holds": held}


# -- a lead's full pull ---------------------------------------------------------------------


def full_pull(documents: int, annotators: int, spans: int) -> dict:
    with _team_database("pull") as dbname, tempfile.TemporaryDirectory() as folder:
        names = [f"{dbname}_p{i}" for i in range(annotators)]
        lead_name = f"{dbname}_lead"
        with psycopg.connect(_url(dbname, "postgres"), autocommit=True) as admin:
            for n in names:
                people.add_person(admin, n, "analyst", None)
            people.add_person(admin, lead_name, "lead", None)
        docs = _documents(documents, "pull-")
        rng = random.Random(SEED)
        with psycopg.connect(_url(dbname, lead_name), autocommit=True) as conn:
            lead.push_documents(conn, docs, list(DEFAULT_LABELS))
            uids = dict(conn.execute("SELECT ext_id, uid FROM seed.documents").fetchall())
        started = time.perf_counter()
        with psycopg.connect(_url(dbname, "postgres")) as conn:
            with conn.cursor().copy(
                "COPY seed.spans (uid, document, annotator, label, char_start, char_end, text, "
                "version) FROM STDIN"
            ) as copy:
                for doc in docs:
                    for n in names:
                        for s, e, _label in word_spans(doc.text, rng, spans):
                            copy.write_row((uuid.uuid4(), uids[doc.ext_id], n, "actor", s, e,
                                            doc.text[s:e], 1))  # fmt: skip
            conn.commit()
        load_s = time.perf_counter() - started
        with psycopg.connect(_url(dbname, "postgres")) as conn:
            total = conn.execute("SELECT count(*) FROM seed.spans").fetchone()[0]
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        path = Path(folder) / "lead.seedproj"
        cpu, own = time.process_time(), time.thread_time()
        started = time.perf_counter()
        with Project.open(path) as project:
            joined = join(project, _url(dbname, lead_name))
            wall = time.perf_counter() - started
            pull_cpu = time.process_time() - cpu  # the join alone, not the check below
            # A fresh join reads the server on a thread of its own while this one writes
            # the copy: this thread's share is what the wall time cannot go below.
            writing_cpu = time.thread_time() - own
            held = sum(len(project.team.layer_rows(n)) for n in names)
        return {
            "documents": documents,
            "spans": total,
            "server_mb": round(size / 2**20, 1),
            "load_s": round(load_s, 1),
            "full_pull_s": round(wall, 2),
            "full_pull_cpu_s": round(pull_cpu, 2),
            "full_pull_writing_thread_cpu_s": round(writing_cpu, 2),
            "pulled_documents": joined.documents,
            "pulled_all_spans_once": held == total,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analysts", type=int, default=20)
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--each", type=int, default=1, help="analysts per document")
    parser.add_argument("--push-every", type=float, default=1.0, help="seconds")
    parser.add_argument("--edit-pause", type=float, default=0.0, help="seconds between tags")
    parser.add_argument("--pull-documents", type=int, default=10_000)
    parser.add_argument("--skip-live", action="store_true")
    parser.add_argument("--skip-pull", action="store_true")
    args = parser.parse_args()
    results: dict = {"cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 1)}
    if not args.skip_live:
        results["live"] = live(args.analysts, args.documents, args.each, args.push_every,
                               args.edit_pause)  # fmt: skip
    if not args.skip_pull:
        results["full_pull"] = full_pull(args.pull_documents, 3, 20)
    results["targets"] = TARGETS
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
