"""`annotator team ...`: a team project on a PostgreSQL server, from the command line.

psycopg (the `team` extra) is imported only when one of these commands runs, so the rest of
the program neither needs nor loads it.
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from annotator.core.errors import AnnotatorError
from annotator.core.text.names import shown_id, shown_name

SERVER_HELP = "The team database, postgresql://USER@HOST/DB (or set SEED_TEAM_SERVER)."
# A command whose connection was cut after the server committed runs again and finds its
# own work there: it says so rather than "0 added".
_EARLIER = "by an earlier try of this command, whose answer the cut connection lost"
NEEDS_EXTRA = "team projects need the team extra: pip install 'seed-annotator[team]'"


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _server_option(func: Any) -> Any:
    return click.option(
        "--server", "url", envvar="SEED_TEAM_SERVER", required=True, help=SERVER_HELP
    )(func)


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """Every failure as one line: the server's refusal, an unreachable server, a bad file."""
    try:
        yield
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in ("psycopg", "psycopg_binary"):
            _fail(NEEDS_EXTRA)
        raise
    except AnnotatorError as exc:
        _fail(str(exc))


@contextlib.contextmanager
def _connected(url: str) -> Iterator[Any]:
    """A checked connection; a failure on it (cut, refused) as one line, not a traceback."""
    from annotator.core.team import schema
    from annotator.core.team.connection import connect, describe, failures_explained

    with failures_explained(url), connect(url, autocommit=True) as conn:
        schema.check_version(conn, describe(url))
        yield conn


def _run[T](url: str, work: Callable[[Any], T]) -> T:
    """`work` (one server transaction, idempotent) on a checked connection, run once more
    if the server cancelled it or the connection was cut; failures as one line."""
    from annotator.core.team import schema
    from annotator.core.team.connection import describe, run_safely

    def checked(conn: Any) -> T:
        schema.check_version(conn, describe(url))
        return work(conn)

    return run_safely(url, checked)


def _project_option_team(func: Any) -> Any:
    return click.option(
        "--project",
        "project_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="The working copy (default: one per server and person in your data folder).",
    )(func)


@click.group("team")
def team_group() -> None:
    """Team projects: many analysts and a lead on one PostgreSQL server."""


@team_group.command("init")
@click.argument("url")
def team_init(url: str) -> None:
    """Make (or upgrade) the team schema in the database URL points at.

    Run it as a superuser, or as a role that may create roles (CREATEROLE) and owns the
    database: only its owner may set the database's limits on idle sessions, and only a
    superuser may take large objects from the team. What you may not do, a note says whom
    to ask for what; the upgrade goes on, and it stays to be done (`team status` says so
    too) until an `init` by one who may does it."""
    with _errors():
        from annotator.core.team import schema
        from annotator.core.team.connection import describe, run_safely

        tries: schema.InitTries = {}
        report = run_safely(url, lambda conn: schema.initialise(conn, describe(url), tries))
        for note in (*report.notes, *report.pending):
            click.echo(f"note: {note}", err=True)
        earlier = f" ({_EARLIER})" if report.earlier else ""
        if report.created:
            click.echo(f"{describe(url)}: team database ready (roles seed_{report.tag}_*){earlier}")
        elif report.applied:
            click.echo(f"{describe(url)}: upgraded ({', '.join(report.applied)}){earlier}")
        elif report.pending:
            click.echo(
                f"{describe(url)}: up to date, but for what the notes say is still to be done"
            )
        else:
            click.echo(f"{describe(url)}: already up to date")


@team_group.group("user")
def team_user() -> None:
    """The team's people: one server login each."""


def _read_password(password_file: Path | None, no_password: bool) -> str | None:
    if no_password:
        return None
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise AnnotatorError(f"{password_file}: cannot read the password: {exc}") from exc
        if not lines or not lines[0]:
            raise AnnotatorError(f"{password_file}:1: the first line (the password) is empty")
        return lines[0]
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@team_user.command("add")
@click.argument("name")
@click.option(
    "--role", type=click.Choice(["analyst", "lead"]), default="analyst", show_default=True
)
@click.option(
    "--password-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Read the password from the first line of this file (else it is asked for).",
)
@click.option("--no-password", is_flag=True, help="Set no password (certificate or other login).")
@_server_option
def team_user_add(
    name: str, role: str, password_file: Path | None, no_password: bool, url: str
) -> None:
    """Add NAME to the team (a server login of their own) as an analyst or a lead.

    The password goes to the server hashed and is kept nowhere here."""
    with _errors():
        from annotator.core.team import people

        people.check_name(name)
        password = _read_password(password_file, no_password)
        tries: people.AddTries = {}
        added = _run(
            url,
            lambda conn: people.add_person(
                conn, name, "lead" if role == "lead" else "analyst", password, tries
            ),
        )
        for note in added.notes:
            click.echo(f"note: {note}", err=True)
        again = " (an existing login)" if added.existed else ""
        click.echo(f"{added.name}: {added.role}{again}")


@team_group.command("push-docs")
@click.argument("url")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--normalize/--no-normalize", default=None, help="As `annotator import` (default: on)."
)
def team_push_docs(url: str, sources: tuple[Path, ...], normalize: bool | None) -> None:
    """Put documents on the server: from a project (.seedproj) or any file `annotator
    import` reads. Documents the server holds already (same external id) are left alone.
    A project holding a document no import would store (past the length bound, a broken
    offset map) pushes nothing and names it."""
    with _errors():
        from annotator.core.team import lead

        with _documents(sources, normalize) as (documents, labels):
            documents = list(documents)  # read once: a second attempt sends them again
            tries: list[str] = []
            pushed = _run(url, lambda conn: lead.push_documents(conn, documents, labels, tries))
        added = f"{pushed.added} documents added"
        if pushed.earlier:
            which = "all" if pushed.earlier == pushed.added else f"{pushed.earlier} of them"
            added += f" ({which} {_EARLIER})"
        click.echo(f"{added}, {pushed.existing} already there; {pushed.labels} new labels")
        for ext_id in pushed.conflicts:
            click.echo(
                f"warning: {shown_id(ext_id)}: the server holds another text under this id; "
                "skipped",
                err=True,
            )


@contextlib.contextmanager
def _documents(sources: tuple[Path, ...], normalize: bool | None) -> Iterator[tuple[Any, Any]]:
    """(documents, labels) from one project file, or from files imported into a scratch
    project by the usual readers (so they are normalised and checked exactly as always)."""
    from annotator import paths
    from annotator.core.services.importer import Importer, ImportOptions
    from annotator.core.store.project import Project

    if len(sources) == 1 and sources[0].suffix == paths.PROJECT_SUFFIX:
        with Project.open(sources[0], create=False, for_reading=True) as project:
            documents = list(project.documents.iter_all())
            _refuse_unusable(sources[0], documents)
            yield documents, project.labels.all()
        return
    with (
        tempfile.TemporaryDirectory(prefix="seed-push-") as scratch,
        Project.open(Path(scratch) / "push.seedproj") as project,
    ):
        Importer(project).run(list(sources), ImportOptions(normalize=normalize, add_labels=True))
        yield project.documents.iter_all(), project.labels.all()


def _refuse_unusable(path: Path, documents: list[Any]) -> None:
    """A project's documents go to the server only if an import would have stored each
    (team.received.document_problem): a received project may hold one past the bound, or
    a broken offset map, which every teammate's pull would then leave out. As a bad record
    of an imported file does, one such document refuses the push whole, naming them all."""
    from annotator.core.team.received import document_problem

    found = [
        f"document {doc.ext_id!r} (id {doc.id}): {problem}"
        for doc in documents
        if (problem := document_problem(doc)) is not None
    ]
    if found:
        shown = "; ".join(found[:_LISTED])
        more = f"; and {len(found) - _LISTED} more" if len(found) > _LISTED else ""
        raise AnnotatorError(
            f"{path}: {len(found)} document(s) no import would store, so nothing was pushed "
            "(split a long one into articles; push the file it came from, or import that "
            "into a new project: imported into this one again, the document is kept as it "
            f"is): {shown}{more}"
        )


_LISTED = 5  # documents a refused push names


@team_group.command("assign")
@click.option("--to", "to", multiple=True, help="An analyst (repeat): documents go to these.")
@click.option("--each", type=int, default=None, help="Each document to K analysts.")
@click.option("--next", "limit", type=int, default=None, help="Only N documents this time.")
@click.option(
    "--by", "order", type=click.Choice(["length", "uncertainty"]), default="length",
    show_default=True,
    help="Which documents first: the longest, or those your model is least sure of (ranked "
    "in your working copy, with the model `annotator model train` made there).",
)  # fmt: skip
@_project_option_team
@click.option("--annotator", default=None, help="Whose model ranks (default: the copy's person).")
@_server_option
def team_assign(
    to: tuple[str, ...],
    each: int | None,
    limit: int | None,
    order: str,
    project_path: Path | None,
    annotator: str | None,
    url: str,
) -> None:
    """Give documents to analysts, balanced by length: every unassigned document to one of
    --to, or every document to --each K analysts (of --to, or of the whole team); with
    --by uncertainty --next N, the N documents the model is least sure of (active learning:
    what the analysts annotate next teaches it the most)."""
    if not to and each is None:
        _fail("say whom: --to NAME (repeat) or --each K")
    if order == "uncertainty" and limit is None:
        _fail("say how many: --by uncertainty needs --next N")
    with _errors():
        from annotator.core.team import lead

        ranked = None
        if order == "uncertainty":
            ranked = _ranked_by_uncertainty(project_path or _team_project_path(url), annotator)
        tries: list[str] = []
        done = _run(
            url, lambda conn: lead.assign(conn, to, each, order=ranked, limit=limit, tries=tries)
        )
        earlier = f" ({_EARLIER})" if done.earlier else ""
        click.echo(f"{done.assignments} assignments over {done.documents} documents{earlier}")
        for name, chars in sorted(done.load.items()):
            click.echo(f"  {name}: {chars:,} characters in all")


@team_group.command("status")
@click.option("--documents", "per_document", is_flag=True, help="Also list every document.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_server_option
def team_status(per_document: bool, fmt: str, url: str) -> None:
    """Progress per analyst (assigned, in progress, done, last seen; in progress and done
    count only the documents assigned to them, and work elsewhere is noted apart) and per
    document (finished by how many of the analysts it is assigned to), and agreement so
    far on the documents two or more analysts finished: read from the server as it is now,
    so nobody needs to sync first."""
    with _errors():
        from annotator.core.review.render import as_table
        from annotator.core.team.dashboard import dashboard

        with _connected(url) as conn:
            board = dashboard(conn)
        for note in board.to_do:
            click.echo(f"note: {note}", err=True)
        if fmt == "json":
            click.echo(json.dumps(board.as_dict(per_document), ensure_ascii=False, indent=2))
            return
        click.echo(f"as of {board.as_of.astimezone():%Y-%m-%d %H:%M}")
        click.echo(
            f"{'person':<24} {'role':<8} {'assigned':>8} {'in prog.':>8} {'done':>6}  last seen"
        )
        for p in board.people:
            seen = p.last_seen.astimezone().strftime("%Y-%m-%d %H:%M") if p.last_seen else "never"
            name = shown_name(p.name)
            click.echo(
                f"{name:<24} {p.role:<8} {p.assigned:>8} {p.in_progress:>8} {p.done:>6}  {seen}"
            )
        for p in board.people:
            if p.unassigned:
                click.echo(
                    f"note: {shown_name(p.name)} worked on {p.unassigned} documents not "
                    "assigned to them (not counted above)"
                )
        click.echo(f"{board.documents} documents; finished by:")
        for count, docs in board.finished.items():
            click.echo(f"  {count} analysts: {docs} documents")
        if per_document:
            for d in board.per_document:
                click.echo(f"  {shown_id(d.ext_id)}: {d.finished} of {d.assigned} finished")
        click.echo("")
        if board.agreement is None:
            click.echo("Agreement so far: no document is finished by two analysts yet.")
        else:
            click.echo(
                f"Agreement so far, on the {board.compared} document(s) finished by two or "
                "more analysts:"
            )
            click.echo(as_table(board.agreement))


@team_group.command("claim")
@click.argument("ext_ids", nargs=-1, required=True)
@_server_option
def team_claim(ext_ids: tuple[str, ...], url: str) -> None:
    """Hold documents (by external id) for your adjudication: no other lead's gold is
    stored on them until you release them or mark your gold of them reviewed. Your first
    gold on a document claims it too."""
    with _errors():
        from annotator.core.team import claims

        done = _run(url, lambda conn: claims.claim(conn, ext_ids))
        for ext_id in done.taken:
            click.echo(f"{shown_id(ext_id)}: yours")
        for other in done.held:
            click.echo(
                f"{shown_id(other.ext_id)}: held by {shown_name(other.lead)} "
                f"since {_when(other.since)}"
            )
        if done.held:
            sys.exit(1)


@team_group.command("release")
@click.argument("ext_ids", nargs=-1, required=True)
@click.option(
    "--force",
    is_flag=True,
    help="Release them even if another lead holds them (one who is away); the server "
    "records who released whose claim, and `team claims` shows it. Leads only.",
)
@_server_option
def team_release(ext_ids: tuple[str, ...], force: bool, url: str) -> None:
    """Let go of documents you hold, so that another lead may adjudicate them."""
    with _errors():
        from annotator.core.team import claims

        tries: claims.ReleaseTries = {}
        done = _run(url, lambda conn: claims.release(conn, ext_ids, force, tries))
        others = {c.ext_id: c for c in done.held}
        since = {c.ext_id: c for c in done.claimed_since}
        for ext_id in done.taken:
            earlier = ""
            if ext_id in done.earlier:
                # time passed since that try: who holds the document now, if anyone
                now = since.get(ext_id)
                earlier = f" ({_EARLIER}); " + (
                    f"held now by {shown_name(now.lead)} (claimed since, at {_when(now.since)})"
                    if now is not None
                    else "nobody holds it now"
                )
            if ext_id in others:
                c = others[ext_id]
                click.echo(
                    f"{shown_id(ext_id)}: released {shown_name(c.lead)}'s claim (held since "
                    f"{_when(c.since)}; recorded){earlier}"
                )
            else:
                click.echo(f"{shown_id(ext_id)}: released{earlier}")
        if force:
            return
        for other in done.held:
            click.echo(
                f"{shown_id(other.ext_id)}: held by {shown_name(other.lead)}, not you: not released"
            )
        if done.held:
            click.echo(
                "hint: a lead may release another lead's claim with --force (the server "
                "records it)",
                err=True,
            )
            sys.exit(1)


@team_group.command("claims")
@_server_option
def team_claims(url: str) -> None:
    """Who holds which document for adjudication, and the latest claims released by
    someone other than their holder."""
    with _errors():
        from annotator.core.team import claims

        held, released = _run(url, lambda conn: (claims.held(conn), claims.releases(conn)))
        if not held:
            click.echo("no document is held")
        for claim in held:
            click.echo(
                f"{shown_id(claim.ext_id)}: {shown_name(claim.lead)} since {_when(claim.since)}"
            )
        if released:
            click.echo("released by someone else, latest first:")
        for r in released:
            click.echo(
                f"{shown_id(r.ext_id)}: {shown_name(r.lead)}'s claim released by "
                f"{shown_name(r.by)} at {_when(r.at)} (held since {_when(r.since)})"
            )


def _when(moment: Any) -> str:
    return str(moment.strftime("%Y-%m-%d %H:%M"))


@team_group.command("join")
@click.argument("url")
@_project_option_team
@click.option(
    "--password-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Read your password from this file's first line (else it is asked for if needed).",
)
def team_join(url: str, project_path: Path | None, password_file: Path | None) -> None:
    """Make a local working copy of what the team server assigns you, and bring it up to
    date. Your password is kept in libpq's password file (~/.pgpass), never in the project."""
    with _errors():
        from annotator.core.store.project import Project
        from annotator.core.team import pgpass
        from annotator.core.team.connection import TeamError, connect, describe
        from annotator.core.team.sync import join

        if password_file is not None:
            pgpass.save(url, _read_password(password_file, False) or "")
        try:
            connect(url).close()
        except TeamError as exc:
            if "password" not in str(exc) or password_file is not None:
                raise
            pgpass.save(url, str(click.prompt(f"Password for {describe(url)}", hide_input=True)))
        target = project_path or _team_project_path(url)
        with Project.open(target) as project:
            joined = join(project, url)
        click.echo(
            f"{target}: {joined.person}'s working copy ({joined.role}), "
            f"{joined.documents} documents"
        )
        if joined.left_out.count:
            click.echo(f"warning: {joined.left_out}", err=True)


@team_group.command("sync")
@_project_option_team
def team_sync(project_path: Path | None) -> None:
    """Push the edits made here to the server and pull what is new (one round)."""
    with _errors():
        from annotator.core.store.project import Project
        from annotator.core.team.sync import TeamSync

        if project_path is None:
            _fail("say which working copy: --project FILE (the one `team join` made)")
            return
        with Project.open(project_path, create=False) as project:
            engine = TeamSync(project)
            try:
                result = engine.sync()
            finally:
                engine.close()
        click.echo(
            f"{result.pushed} rows pushed, {len(result.changes.documents)} documents changed "
            f"by others; {result.waiting} edits waiting"
        )
        for ext_id, holder in result.held:
            click.echo(
                f"warning: {shown_id(ext_id)}: held by {shown_name(holder)}; your gold edits "
                "on it were not sent (this copy keeps them)",
                err=True,
            )
        if result.withheld:
            click.echo(
                f"warning: {result.withheld} edits were on documents no longer assigned to "
                "you and were not sent (this copy keeps them)",
                err=True,
            )
        if result.left_out.count:
            click.echo(f"warning: {result.left_out}", err=True)


def _ranked_by_uncertainty(project_path: Path, annotator: str | None) -> list[str]:
    """External ids of the working copy's documents, the model's least sure first (those it
    learned from left out); ranked here, on this machine, before the server is asked."""
    from annotator import paths
    from annotator.core.learn import ModelStore, rank_documents
    from annotator.core.store.project import Project

    if not project_path.exists():
        raise AnnotatorError(
            f"{project_path}: no working copy to rank in (`annotator team join` makes it, "
            "or say which with --project)"
        )
    with Project.open(project_path, create=False, for_reading=True) as project:
        person = annotator or project.team.link().get("person") or ""
        store = ModelStore(paths.models_dir())
        model = store.load(project, person)
        if model is None:
            why = store.state(project, person).why
            raise AnnotatorError(
                f"no model of {person or 'yours'} to rank by ({why}): run "
                f"annotator model train --project {project_path}"
            )
        ext_of = dict(project.documents.ext_ids())
        ranked = rank_documents(project, model)
    click.echo(f"Ranked {len(ranked)} documents of {project_path} by uncertainty.", err=True)
    return [ext_of[u.document_id] for u in ranked]


def _team_project_path(url: str) -> Path:
    from annotator import paths
    from annotator.core.team.connection import working_copy_name

    return paths.user_data_dir() / f"{working_copy_name(url)}{paths.PROJECT_SUFFIX}"
