"""Connecting to a team server: libpq reads the URL (sslmode and all), the password comes
from libpq's own password file, and no message ever shows a password."""

from __future__ import annotations

import contextlib
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, cast
from urllib.parse import unquote

import psycopg
from psycopg import conninfo, errors
from psycopg.abc import PQGen
from psycopg.pq import PipelineStatus, TransactionStatus
from psycopg.rows import tuple_row
from psycopg.waiting import Ready

from annotator.core.errors import AnnotatorError

CONNECT_TIMEOUT_S = 10  # a server that does not answer is reported, not waited on forever
# libpq turns keepalives on but leaves their timing to the system: two hours of silence
# before the first probe. A server that vanished (a VPN gone, a laptop moved to another
# network) would leave a push or a pull waiting that long; with these it is noticed within
# a minute (30 s of silence, then 3 probes 10 s apart). Keepalives only probe a connection
# with nothing in flight: a push whose rows the vanished server no longer acknowledges was
# retransmitted on the system's schedule, a quarter of an hour and more; `tcp_user_timeout`
# gives up on unacknowledged data after the same minute. Not shorter: on Linux it also ends
# a connection whose probes go unanswered that long, whatever their count, so it would cut
# the keepalives short; a server busy with a long query still acknowledges at once (its
# system does). An address that sets any of them keeps its own value.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "tcp_user_timeout": 1000 * (30 + 10 * 3),
}


# A command's tries: a command run again after its connection was cut cannot tell from the
# server's rows alone whether the cut try committed; the server still knows each try's fate
# by its transaction id (pg_xact_status). These two questions are all the tries ask.
Executes = psycopg.Connection[Any] | psycopg.Cursor[Any]


def this_try(conn: Executes) -> str:
    """This transaction's id, asked first thing: a try whose answer to it is lost never
    got further, so it made nothing."""
    row = conn.execute("SELECT pg_current_xact_id()::text").fetchone()
    assert row is not None
    return str(row[0])


def committed(conn: Executes, tries: Sequence[str]) -> list[str]:
    """Those of `tries` (transaction ids) that committed, in their order."""
    if not tries:
        return []
    rows = conn.execute(
        "SELECT x::text FROM unnest(%s::xid8[]) WITH ORDINALITY t(x, n) "
        "WHERE pg_xact_status(x) = 'committed' ORDER BY n",
        [list(tries)],
    )
    return [str(r[0]) for r in rows]


class TeamError(AnnotatorError):
    """A team server refused, failed or could not be reached; the message says which."""


class Unreachable(TeamError):
    """The server cannot be reached now (refused, timed out, cut): work stays queued."""


# Serialization failure and deadlock: the server rolled the whole transaction back.
CONFLICTS = frozenset({"40001", "40P01"})
# The server ended a session that sat inside an unfinished transaction for longer than the
# team database allows (schema m010): the client stopped (a laptop asleep) or stalled.
IDLE_ENDED = "25P03"
LOCK_WAITED = "55P03"  # a lock not granted within lock_timeout


class Conflict(TeamError):
    """The server cancelled a transaction that met another one (a deadlock, or a
    serialization failure): nothing of it was kept, and it may simply be run again."""


def describe(url: str) -> str:
    """The URL as a user may see it: user, host, port and database, never the password."""
    try:
        parts = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the team server (its address cannot be read)"
    user = parts.get("user")
    host = parts.get("host") or "localhost"
    port = parts.get("port") or "5432"
    where = f"{host}:{port}/{parts.get('dbname') or user or ''}"
    return f"{user}@{where}" if user else where


def without_password(url: str) -> str:
    """What may be stored in a project file: the address, never the secret."""
    parts = conninfo.conninfo_to_dict(url)
    parts.pop("password", None)
    return conninfo.make_conninfo("", **{k: str(v) for k, v in parts.items() if v is not None})


def _probing_ms(options: dict[str, Any], otherwise: int) -> int:
    """How long the connection's keepalives take to give up on a silent server, in ms: an
    address's own timing is kept, and on Linux `tcp_user_timeout` decides when unanswered
    probes end the connection, whatever their count, so the team's minute would stretch
    a stricter timing (and cut a looser one short). `otherwise` where the timing is the
    system's (a 0) or cannot be read: libpq says what is wrong with it."""
    try:
        timing = [
            int(options[key])
            for key in ("keepalives_idle", "keepalives_interval", "keepalives_count")
        ]
    except (KeyError, TypeError, ValueError):
        return otherwise
    if min(timing) <= 0:
        return otherwise
    idle, interval, count = timing
    return 1000 * (idle + interval * count)


RV = TypeVar("RV")
_IN_TRANSACTION = frozenset({TransactionStatus.INTRANS, TransactionStatus.INERROR})
_READ = int(Ready.R)

# A clock that goes on while the computer sleeps, for the sleeping laptop is the commonest
# way past the server's limit: Linux's CLOCK_BOOTTIME (its monotonic clock stops then) and
# macOS's CLOCK_MONOTONIC (Python's monotonic clock there stops too). Windows has no
# clock_gettime; its monotonic clock is the one there is.
if hasattr(time, "CLOCK_BOOTTIME"):
    _SLEEPLESS: int | None = time.CLOCK_BOOTTIME
elif sys.platform == "darwin":
    _SLEEPLESS = time.CLOCK_MONOTONIC
else:
    _SLEEPLESS = None


def _now() -> float:
    return time.monotonic() if _SLEEPLESS is None else time.clock_gettime(_SLEEPLESS)


# The session's limit in ms, 0 for none; current_setting needs no privilege, where a
# hardened server may keep pg_settings from its users.
_LIMIT = (
    "SELECT (extract(epoch FROM current_setting('idle_in_transaction_session_timeout')"
    "::interval) * 1000)::bigint"
)


class TeamCursor(psycopg.Cursor[Any]):
    """A cursor whose batch, inside a transaction, ends with one plain statement.

    psycopg ends executemany's pipeline with a Sync and, unless the Sync's answer was read
    while the pipeline's exit sent it, a Flush; the server starts its idle timer at the
    Sync's answer and stops it on reading the Flush. Whether the Flush went out is a race:
    without this statement the session after a batch either had no idle limit at all (a
    lead stalled there kept the team's locks) or had one the client could not time. Its
    answer starts the server's timer anew, and the client hears it (TeamConnection.wait).
    An explicit `conn.pipeline()` ends the same way and is not covered: the team code has
    none."""

    def executemany(self, query: Any, params_seq: Any, *, returning: bool = False) -> None:
        super().executemany(query, params_seq, returning=returning)
        conn = self.connection
        if (
            conn.pgconn.transaction_status == TransactionStatus.INTRANS
            and conn.pgconn.pipeline_status == PipelineStatus.OFF
        ):
            conn.execute("SELECT 1", prepare=False)


class TeamConnection(psycopg.Connection[Any]):
    """A connection that knows how long it sat idle inside its transaction, and the
    session's limit for that.

    When the server ends such a session it says so (25P03) and closes it, but libpq drops
    that last word when the next statement's send finds the socket already closed (a long
    parameter, a pipeline's batch, or the closing seen first): the failure then reads
    "server closed the connection unexpectedly" or "connection socket closed", and the user
    would be sent to look at a network that is fine. The server's idle clock starts before
    ours (its answer still had to arrive), so an idle time of ours past the session's own
    limit (the administrator's, if stricter than the team's minute; a join's longer one)
    means the server ended the session, unless something else cut it within the second
    we allow for the answer's way to us."""

    _answered: float | None = None  # when the server last answered a finished wait
    _session_limit_ms = 0  # 0: the server ends no idle session
    _transaction_limit_ms: int | None = None  # set_config(..., true) for this transaction
    # A batch (executemany's pipeline): the idle time before it, judged at each of its
    # waits (entering reads nothing; its results may come a wait before its failure).
    _idle_before_pipeline: float | None = None

    def learn_idle_limit(self, *, transaction: bool = False) -> None:
        """The session's limit as the server has it now (after a SET, a set_config)."""
        with self.cursor(row_factory=tuple_row) as cur:
            row = cur.execute(_LIMIT).fetchone()
        limit = int(row[0]) if row and row[0] is not None else 0
        if transaction:
            self._transaction_limit_ms = limit
        else:
            self._session_limit_ms = limit

    def wait(self, gen: PQGen[RV], *args: Any, **kwargs: Any) -> RV:
        pgconn = self.pgconn
        piped = pgconn.pipeline_status != PipelineStatus.OFF
        if not piped and self._idle_before_pipeline is not None:
            # A batch just ended: the server's idle timer stopped (a Flush) or started at
            # the Sync's answer heard in its last wait; either way nothing sat idle since.
            # TeamCursor's statement follows at once and restarts both clocks.
            self._answered = None
            self._idle_before_pipeline = None
        if piped and self._idle_before_pipeline is not None:
            idle = self._idle_before_pipeline
        elif self._answered is not None and pgconn.transaction_status in _IN_TRANSACTION:
            idle = _now() - self._answered
        else:
            idle = 0.0
        limit_ms = (
            self._session_limit_ms
            if self._transaction_limit_ms is None
            else self._transaction_limit_ms
        )
        heard: list[float] = []
        try:
            done = super().wait(self._heard(gen, heard), *args, **kwargs)
        except psycopg.OperationalError as exc:
            limit = limit_ms / 1000
            # Exactly a cut connection (not a wait's own timeout, not a pipeline aborted),
            # with the time we allow for the answer's way to us: a tenth, at most a second.
            cut = type(exc) is psycopg.OperationalError and exc.sqlstate is None
            if cut and limit > 0 and idle >= limit - min(1.0, limit / 10):
                said = str(exc).strip().splitlines()[:1] or ["no reason given"]
                raise errors.IdleInTransactionSessionTimeout(
                    f"the connection was cut after {idle:.1f} s idle inside a "
                    f"transaction ({said[0]})"
                ) from exc
            raise
        finally:
            if pgconn.pipeline_status != PipelineStatus.OFF and self._idle_before_pipeline is None:
                self._idle_before_pipeline = idle
            if pgconn.transaction_status == TransactionStatus.IDLE:
                self._transaction_limit_ms = None
        # Only a wait that succeeded restarts the clock: what a failing wait read may be
        # the server's last word.
        if heard and pgconn.pipeline_status == PipelineStatus.OFF:
            self._answered = heard[-1]
        return done

    @staticmethod
    def _heard(gen: PQGen[RV], heard: list[float]) -> PQGen[RV]:
        """`gen`, noting when the socket had something to read."""
        try:
            wanted = next(gen)
            while True:
                ready = yield wanted
                # None when psycopg waits on it again after cancelling (Ctrl-C).
                if ready and ready & _READ:
                    heard.append(_now())
                wanted = gen.send(ready)
        except StopIteration as done:
            return cast(RV, done.value)


def connect(url: str, **kwargs: Any) -> TeamConnection:
    """A connection, or a TeamError that names the server (and not the password).

    libpq itself parses the URL, so `sslmode=require` (or verify-full with its root
    certificate) in it is honoured as written; the password comes from the URL, PGPASSWORD
    or the password file (`~/.pgpass`, or where PGPASSFILE points)."""
    kwargs.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    kwargs.setdefault("application_name", "seed-annotator")
    kwargs.setdefault("cursor_factory", TeamCursor)
    try:
        given = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        given = {}  # psycopg.connect below says what is wrong with the address
    for key, value in KEEPALIVES.items():
        if key not in given and key not in kwargs:
            kwargs[key] = (
                _probing_ms({**kwargs, **given}, value) if key == "tcp_user_timeout" else value
            )
    try:
        conn = TeamConnection.connect(url, **kwargs)
    except psycopg.OperationalError as exc:
        raise _explain(url, exc) from exc
    except psycopg.ProgrammingError as exc:  # the URL itself is malformed
        raise TeamError(
            f"the team server address cannot be read: {redacted(url, str(exc).strip())}"
        ) from None
    conn._answered = _now()
    try:
        conn.learn_idle_limit()
        conn.rollback()  # the question's own transaction, where the caller asked for one
    except psycopg.Error as exc:
        conn.close()
        raise server_failure(url, exc) from exc
    except BaseException:
        conn.close()
        raise
    return conn


# A URL's password (postgresql://USER:PASSWORD@HOST) or a conninfo's (password=...).
_URL_SECRET = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^@/?#]*?:([^@/?#]*)@")
_KEY_SECRET = re.compile(r"password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)")


def redacted(url: str, message: str) -> str:
    """`message` with the URL's password starred out. libpq quotes a malformed address
    back, password and all ("unexpected spaces found in ..."), and that message would reach
    the screen and the log; the address cannot be parsed, so the password is found by form."""
    secrets = [m.group(1) for m in _URL_SECRET.finditer(url)]
    secrets += [m.group(1).strip("'") for m in _KEY_SECRET.finditer(url)]
    found = {s for s in secrets if s}
    for secret in sorted(found | {unquote(s) for s in found}, key=len, reverse=True):
        message = message.replace(secret, "***")
    return message


def _explain(url: str, exc: psycopg.OperationalError) -> TeamError:
    # libpq's last line that is not one of its indented hints ("\tThis probably means the
    # server terminated abnormally"): of several hosts tried, the last one's reason.
    lines = [line for line in str(exc).strip().splitlines() if not line[:1].isspace()]
    detail = lines[-1] if lines else type(exc).__name__
    where = describe(url)
    if exc.sqlstate in CONFLICTS:
        # psycopg files these under OperationalError, but the server was reached and
        # answered: saying "cannot reach" would send the user looking at their network.
        first = str(exc).strip().splitlines()[0]
        return Conflict(
            f"{where}: the server cancelled the transaction because it met another one at "
            f"the same time ({first}); nothing of it was kept, and it will be tried again"
        )
    low = str(exc).lower()
    if "password authentication failed" in low or "no password supplied" in low:
        return TeamError(f"{where}: the server refused the password ({detail})")
    if "does not exist" in low:
        return TeamError(f"{where}: {detail}")
    if "too many connections" in low:  # the server was reached: it counts yours (m008)
        return Unreachable(
            f"{where}: the server takes no more connections for you now ({detail}); close "
            "another window or command on this team, and it is tried again"
        )
    return Unreachable(f"{where}: cannot reach the server ({detail})")


def server_failure(url: str, exc: psycopg.Error) -> TeamError:
    """A failure met on an open connection as one message: an Unreachable when the
    connection was cut (terminated, server gone), a Conflict for a deadlock or a
    serialization failure, otherwise a TeamError with the server's own words (permission
    denied, a broken rule)."""
    if exc.sqlstate == IDLE_ENDED:
        # psycopg files it as an internal error: read as a refusal, the command would not be
        # run again and the window would stop syncing, though a new connection is all it takes.
        return Unreachable(
            f"{describe(url)}: the server ended the session: it sat idle inside an unfinished "
            "transaction for longer than the team database allows (this computer slept, or "
            "the network stalled); nothing of it was kept"
        )
    # psycopg files a bound the server keeps (class 54: too many rows on a layer, m008) and
    # a lock that was not granted in time with the cut connections; the server answered.
    sqlstate = exc.sqlstate or ""
    if (
        isinstance(exc, psycopg.OperationalError)
        and not sqlstate.startswith("54")
        and sqlstate != LOCK_WAITED
    ):
        return _explain(url, exc)
    diag = exc.diag
    said = diag.message_primary or (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    detail = f" ({diag.message_detail})" if diag.message_detail else ""
    hint = f"; {diag.message_hint}" if diag.message_hint else ""
    return TeamError(f"{describe(url)}: the server refused: {said}{detail}{hint}")


@contextlib.contextmanager
def failures_explained(url: str) -> Iterator[None]:
    """Inside: a failure on the connection becomes one TeamError line (server_failure)."""
    try:
        yield
    except psycopg.Error as exc:
        raise server_failure(url, exc) from exc


def run_safely[T](url: str, work: Callable[[psycopg.Connection[Any]], T], attempts: int = 2) -> T:
    """`work` on a fresh connection, once more on a fresh one if the server cancelled it
    (deadlock, serialization failure) or the connection was cut after it was made; every
    failure as a TeamError of one line. Only for work that is one server transaction and
    idempotent (what a lead's commands do): the first attempt either committed whole, and
    the second finds it done, or left nothing."""
    for attempt in range(1, attempts + 1):
        connected = False
        try:
            with connect(url, autocommit=True) as conn:
                connected = True
                return work(conn)
        except psycopg.Error as exc:
            error = server_failure(url, exc)
            retry = isinstance(error, Conflict) or (connected and isinstance(error, Unreachable))
            if attempt == attempts or not retry:
                raise error from exc
        except Conflict:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable: the loop returns or raises")


def working_copy_name(url: str) -> str:
    """A file name for a person's working copy of a team database."""
    parts = conninfo.conninfo_to_dict(url)
    name = f"team-{parts.get('dbname') or 'server'}-{parts.get('user') or 'me'}"
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def with_user(server: str, name: str) -> str:
    """The server's address as `name` logs in to it (what the window's join dialog asks
    for apart: where, and who); any user or password already in it is dropped."""
    server, name = server.strip(), name.strip()
    if not server:
        raise TeamError("no team server address given (postgresql://HOST/DATABASE)")
    if not name:
        raise TeamError("no name given: your login on the team server")
    try:
        parts = conninfo.conninfo_to_dict(server)
    except psycopg.ProgrammingError as exc:
        raise TeamError(f"the team server address cannot be read: {exc}") from None
    parts.pop("password", None)
    parts["user"] = name
    return conninfo.make_conninfo("", **{k: str(v) for k, v in parts.items() if v is not None})
