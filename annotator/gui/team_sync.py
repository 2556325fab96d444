"""The background sync of a team working copy, and its state for the status bar.

The network is never waited on by the GUI thread: a worker thread of its own opens its own
Project (a Project is not shared between threads) and runs the core's `TeamSync` every few
seconds, and soon after a local edit (edits in a burst make one round). What a pull changed
comes back to the GUI thread as a signal and goes into the window's one broadcast.

The worker is a plain daemon thread, not a QThread: a round cut off by closing the window
(a slow server, a connection still timing out) is left to end on its own rather than waited
for. That is safe because a push is idempotent: what the server did not commit stays in the
outbox, what it did is taken once however often it is sent.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, SignalInstance

from annotator.core.errors import AnnotatorError
from annotator.core.store.project import Project
from annotator.core.team.connection import TeamError, Unreachable
from annotator.core.team.sync import LeftOut, SyncResult, TeamSync
from annotator.core.text.names import shown_id, shown_name
from annotator.gui.i18n import error_text

log = logging.getLogger(__name__)

INTERVAL_S = 5.0  # a round this often: a lead's gold or new work shows within seconds
EDIT_DELAY_MS = 300  # a burst of tags is pushed in one round, just after it
BACKOFF_S = (2.0, 4.0, 8.0, 15.0, 30.0, 60.0)  # retries while offline or refused
STOP_WAIT_S = 1.0  # closing the window waits no longer for a round in flight


class SyncState:
    """What the status bar says, built from the worker's reports on the GUI thread."""

    def __init__(self) -> None:
        self.text = QCoreApplication.translate("TeamSync", "Syncing…")
        self.detail = ""
        self.offline_since: datetime | None = None
        self._reason = ""
        # Documents whose gold this lead made was not sent, as another lead holds them, as
        # the last sync found them (every push tries those edits again, so a released
        # document leaves the list when its gold goes through).
        self.held: dict[str, str] = {}
        # Server rows the pulls left out for their names since the window opened: a pull
        # meets a row once (the cursor moves past it), so the count is kept, not replaced.
        self.left_out = LeftOut()

    @staticmethod
    def _clock(moment: datetime) -> str:
        return moment.strftime("%H:%M")

    def synced(
        self,
        waiting: int,
        at: datetime,
        held: Sequence[tuple[str, str]] = (),
        left_out: LeftOut | None = None,
    ) -> None:
        self.offline_since = None
        self.detail = ""
        self.held = dict(held)
        if left_out is not None and left_out.count:
            first = self.left_out.first or left_out.first
            self.left_out = LeftOut(self.left_out.count + left_out.count, first)
        if waiting:
            self.waiting(waiting)
        else:
            self.text = QCoreApplication.translate("TeamSync", "Synced %s") % self._clock(at)
        if self.held:
            listing = ", ".join(
                f"{shown_id(ext)} ({shown_name(lead)})" for ext, lead in sorted(self.held.items())
            )
            self.text += " · " + (
                QCoreApplication.translate("TeamSync", "gold not sent, held by another lead: %s")
                % listing
            )
            self.detail = QCoreApplication.translate(
                "TeamSync",
                "Another lead holds these documents for adjudication, so the server refuses "
                "your gold on them; it stays in this copy. Ask them to release the documents "
                "(annotator team release), or wait until they mark them reviewed.",
            )
        if self.left_out.count:
            count = self.left_out.count
            self.text += " · " + QCoreApplication.translate(
                "TeamSync", "%n server row(s) left out", "", count
            )
            said = (
                QCoreApplication.translate(
                    "TeamSync",
                    "Server rows left out of the pulls since this window opened, for a name "
                    "holding control or text-direction characters, attributes or meta that "
                    "are no JSON object, or a document no import would store (see the log); "
                    "first: %s",
                )
                % self.left_out.first
            )
            self.detail = f"{self.detail}\n\n{said}" if self.detail else said

    def waiting(self, count: int) -> None:
        said = QCoreApplication.translate("TeamSync", "%n edit(s) waiting", "", count)
        if self.offline_since is not None:  # "offline since" says more; the tooltip counts
            self.detail = f"{self._reason}\n{said}"
            return
        self.text = said

    def offline(self, reason: str, at: datetime) -> None:
        if self.offline_since is None:
            self.offline_since = at
        self.text = QCoreApplication.translate("TeamSync", "Offline since %s") % self._clock(
            self.offline_since
        )
        self.detail = self._reason = reason

    def failed(self, reason: str) -> None:
        self.offline_since = None
        self.text = QCoreApplication.translate("TeamSync", "Sync error: %s") % reason
        self.detail = reason


class _Reports(QObject):
    """The worker's voice: signals emitted on its thread arrive queued on the GUI thread."""

    synced = Signal(object)  # SyncResult
    waiting = Signal(int)
    offline = Signal(str)
    failed = Signal(str)


class SyncService(QObject):
    """One working copy's sync, started by the window and stopped when it closes."""

    changed = Signal(str, str)  # the status bar's text and its tooltip
    pulled = Signal(object)  # Changes others made, for the window's broadcast

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.state = SyncState()
        self._reports = _Reports(self)
        self._reports.synced.connect(self._synced)
        self._reports.waiting.connect(self._waiting)
        self._reports.offline.connect(self._offline)
        self._reports.failed.connect(self._failed)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._edits = QTimer(self, singleShot=True, interval=EDIT_DELAY_MS)
        self._edits.timeout.connect(self._wake.set)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="team-sync", daemon=True)
        self._thread.start()
        self.changed.emit(self.state.text, self.state.detail)

    def started(self) -> bool:
        return self._thread is not None

    def edited(self) -> None:
        """A local edit was stored: push it soon (a burst of edits, once)."""
        self._edits.start()

    def stop(self) -> None:
        """Ends the loop; waits at most STOP_WAIT_S for a round in flight."""
        self._edits.stop()
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(STOP_WAIT_S)
            if self._thread.is_alive():
                log.info("team sync: a round still in flight is left to end on its own")

    # -- the worker thread ---------------------------------------------------------------

    def _run(self) -> None:
        try:
            project = Project.open(self.path, create=False, check_now=False)
        except AnnotatorError as exc:
            self._report(self._reports.failed, error_text(exc))
            return
        engine: TeamSync | None = None
        failures = 0
        try:
            engine = TeamSync(project)
            while not self._stop.is_set():
                failures = self._round(engine, failures)
                pause = INTERVAL_S if not failures else BACKOFF_S[min(failures, len(BACKOFF_S)) - 1]
                self._wake.wait(pause)
                self._wake.clear()
        except AnnotatorError as exc:
            self._report(self._reports.failed, error_text(exc))
        finally:
            if engine is not None:
                engine.close()
            project.close()

    def _round(self, engine: TeamSync, failures: int) -> int:
        """One sync; the number of failures in a row after it."""
        try:
            waiting = engine.waiting()
            if waiting:
                self._report(self._reports.waiting, waiting)
            result = engine.sync()
        except Unreachable as exc:
            self._report(self._reports.offline, str(exc))
            return failures + 1
        except TeamError as exc:
            self._report(self._reports.failed, str(exc))
            return failures + 1
        except AnnotatorError as exc:  # the local file refused (busy, read-only, damaged)
            self._report(self._reports.failed, error_text(exc))
            return failures + 1
        except Exception as exc:  # a bug: logged whole, said in the status bar
            log.error("team sync failed:\n%s", traceback.format_exc())
            self._report(self._reports.failed, repr(exc))
            return failures + 1
        self._report(self._reports.synced, result)
        return 0

    def _report(self, signal: SignalInstance, value: object) -> None:
        if self._stop.is_set():
            return  # the window is going: nobody is there to tell
        try:
            signal.emit(value)
        except RuntimeError:  # the window was freed meanwhile
            self._stop.set()

    # -- back on the GUI thread ----------------------------------------------------------

    def _now(self) -> datetime:
        return datetime.now()

    def _synced(self, result: SyncResult) -> None:
        if result.left_out.count:
            log.warning("%s: %s", self.path, result.left_out)
        self.state.synced(result.waiting, self._now(), result.held, result.left_out)
        self._announce()
        if result.changes.documents or result.changes.labels or result.changes.corpus:
            self.pulled.emit(result.changes)

    def _waiting(self, count: int) -> None:
        self.state.waiting(count)
        self._announce()

    def _offline(self, reason: str) -> None:
        self.state.offline(reason, self._now())
        self._announce()

    def _failed(self, reason: str) -> None:
        self.state.failed(reason)
        self._announce()

    def _announce(self) -> None:
        self.changed.emit(self.state.text, self.state.detail)
