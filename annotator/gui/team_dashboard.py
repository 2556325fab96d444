"""The lead's team dashboard: progress per person and per document, and agreement so far.

What `annotator team status` prints, in a window of its own that stays current: the figures
are read from the server (core.team.dashboard) by a task off the GUI thread, when the
window opens, every REFRESH_S while it is shown, and on Refresh. A failed refresh keeps the
last figures with their time ("as of 10:42") and says why beside it; a periodic refresh
never pops up a dialog.

Only a lead's working copy offers it: an analyst's connection would see only their own rows
(row-level security), which is no dashboard.

Its Claims tab lists who holds which document for adjudication; Delete releases the selected
claim after a confirmation, as `annotator team release [--force]` does: a lead who is away
would otherwise keep other leads' gold off their documents. The release runs in a task too,
and ends only the claim of the lead the confirmation named.
"""

from __future__ import annotations

import time
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.text.names import shown_id, shown_name, shown_title
from annotator.gui.host import Host
from annotator.gui.i18n import fill
from annotator.gui.plain_text import plain_box
from annotator.gui.table_model import RowsModel
from annotator.gui.tasks import TaskFn

if TYPE_CHECKING:  # the job imports them in the worker: psycopg is the `team` extra
    from annotator.core.review.report import AgreementReport, Figure, PairAgreement
    from annotator.core.team.claims import Claim, Claimed
    from annotator.core.team.dashboard import Dashboard, DocumentProgress
    from annotator.core.team.lead import AnalystProgress

REFRESH_S = 30  # while the window is shown; Refresh (F5) any time
# Automatic refreshes take at most this share of the time: a read of 10,000 documents costs
# seconds of CPU that hold the interpreter, and every 30 s the window would stutter.
AUTO_SHARE = 0.1
SortRole = Qt.ItemDataRole.UserRole  # the raw value a column sorts by
# A name or title keeps its own direction inside a cell; what would command the cell (a
# direction or control character someone stored) is shown escaped (text.names.shown).
FSI, PDI = "\u2068", "\u2069"
LRM = "\u200e"  # the paragraph that follows is left to right, whatever it begins with
_Index = QModelIndex | QPersistentModelIndex


def dashboard_job(url: str) -> TaskFn:
    """Connect, read one snapshot of the team, compute agreement so far; in a worker."""

    def run(_progress: Any, cancelled: Any) -> Dashboard:
        from annotator.core.team.connection import connect
        from annotator.core.team.dashboard import dashboard

        with connect(url, autocommit=True) as conn:
            return dashboard(conn, cancelled)

    return run


def release_job(url: str, claim: Claim, mine: bool) -> TaskFn:
    """Release one claim on the server, in a worker: the lead's own, or another lead's
    (forced, and only while that lead still holds it). Run again after a cut connection,
    it reports what the first try released."""

    def run(_progress: Any, _cancelled: Any) -> Claimed:
        from annotator.core.team import claims
        from annotator.core.team.connection import run_safely

        tries: claims.ReleaseTries = {}
        holder = None if mine else claim.lead
        return run_safely(
            url,
            lambda conn: claims.release(
                conn, [claim.ext_id], force=not mine, tries=tries, held_by=holder
            ),
        )

    return run


def _figure(value: float | None) -> str:
    if value is None:
        return QCoreApplication.translate("TeamDashboard", "not defined")
    return f"{value:.3f}"


def _sort_key(value: float | None) -> float:
    return -1.0 if value is None else value  # "not defined" sorts below every figure


class _Table(RowsModel):
    """A table whose cells show `cells(row)` and sort by `keys(row)` (SortRole)."""

    NUMERIC: ClassVar[frozenset[int]] = frozenset()

    def cells(self, row: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def keys(self, row: Any) -> tuple[Any, ...]:
        raise NotImplementedError

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[column]
        if role == SortRole:
            return self.keys(row)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return None


def _seen(moment: datetime | None) -> str:
    if moment is None:
        return QCoreApplication.translate("TeamDashboard", "never")
    return f"\u2066{moment.astimezone():%Y-%m-%d %H:%M}\u2069"


def role_text(role: str) -> str:
    if role == "lead":
        return QCoreApplication.translate("TeamDashboard", "lead")
    return QCoreApplication.translate("TeamDashboard", "analyst")


class PeopleModel(_Table):
    HEADERS = (
        str(QT_TRANSLATE_NOOP("PeopleModel", "Person")),
        str(QT_TRANSLATE_NOOP("PeopleModel", "Role")),
        str(QT_TRANSLATE_NOOP("PeopleModel", "Assigned")),
        str(QT_TRANSLATE_NOOP("PeopleModel", "In progress")),
        str(QT_TRANSLATE_NOOP("PeopleModel", "Done")),
        # documents they worked on that are not assigned to them: not in the two before
        str(QT_TRANSLATE_NOOP("PeopleModel", "Not assigned")),
        str(QT_TRANSLATE_NOOP("PeopleModel", "Last seen")),
    )
    NUMERIC = frozenset({2, 3, 4, 5})

    def cells(self, p: AnalystProgress) -> tuple[str, ...]:
        return (f"{FSI}{shown_name(p.name)}{PDI}", role_text(p.role), str(p.assigned),
                str(p.in_progress), str(p.done), str(p.unassigned),
                _seen(p.last_seen))  # fmt: skip

    def keys(self, p: AnalystProgress) -> tuple[Any, ...]:
        seen = p.last_seen.timestamp() if p.last_seen else -1.0
        return (p.name, p.role, p.assigned, p.in_progress, p.done, p.unassigned, seen)


class DocumentsModel(_Table):
    HEADERS = (
        str(QT_TRANSLATE_NOOP("DocumentsModel", "Document")),
        str(QT_TRANSLATE_NOOP("DocumentsModel", "Title")),
        str(QT_TRANSLATE_NOOP("DocumentsModel", "Assigned")),
        str(QT_TRANSLATE_NOOP("DocumentsModel", "Finished")),
        str(QT_TRANSLATE_NOOP("DocumentsModel", "Disagreement")),
    )
    NUMERIC = frozenset({2, 3, 4})

    def cells(self, d: DocumentProgress) -> tuple[str, ...]:
        return (f"{FSI}{shown_id(d.ext_id)}{PDI}", f"{FSI}{shown_title(d.title)}{PDI}",
                str(d.assigned), str(d.finished),
                _figure(d.disagreement) if d.finished >= 2 else "–")  # fmt: skip

    def keys(self, d: DocumentProgress) -> tuple[Any, ...]:
        return (d.ext_id, d.title, d.assigned, d.finished, _sort_key(d.disagreement))


class PairsModel(_Table):
    HEADERS = (
        str(QT_TRANSLATE_NOOP("PairsModel", "Pair")),
        str(QT_TRANSLATE_NOOP("PairsModel", "Documents")),
        str(QT_TRANSLATE_NOOP("PairsModel", "F1 exact")),
        str(QT_TRANSLATE_NOOP("PairsModel", "F1 overlap")),
        str(QT_TRANSLATE_NOOP("PairsModel", "Cohen's kappa")),
    )
    NUMERIC = frozenset({1, 2, 3, 4})

    def cells(self, p: PairAgreement) -> tuple[str, ...]:
        return (f"{FSI}{shown_name(p.a)}{PDI} / {FSI}{shown_name(p.b)}{PDI}", str(p.documents),
                _figure(p.f1_exact.micro), _figure(p.f1_overlap.micro),
                _figure(p.cohen_kappa.value))  # fmt: skip

    def keys(self, p: PairAgreement) -> tuple[Any, ...]:
        return (f"{p.a} / {p.b}", p.documents, _sort_key(p.f1_exact.micro),
                _sort_key(p.f1_overlap.micro), _sort_key(p.cohen_kappa.value))  # fmt: skip


class ClaimsModel(_Table):
    HEADERS = (
        str(QT_TRANSLATE_NOOP("ClaimsModel", "Document")),
        str(QT_TRANSLATE_NOOP("ClaimsModel", "Held by")),
        str(QT_TRANSLATE_NOOP("ClaimsModel", "Since")),
    )

    def cells(self, c: Claim) -> tuple[str, ...]:
        return (
            f"{FSI}{shown_id(c.ext_id)}{PDI}",
            f"{FSI}{shown_name(c.lead)}{PDI}",
            _seen(c.since),
        )

    def keys(self, c: Claim) -> tuple[Any, ...]:
        return (c.ext_id, c.lead, c.since.timestamp())


def sorted_view(model: RowsModel, parent: QWidget, name: str) -> QTableView:
    """A read-only table over `model`, sorted by a click on a header (by SortRole)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView(parent)
    view.setObjectName(name)
    view.setTabKeyNavigation(False)  # Tab leaves the table (it trapped a keyboard user)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


class DashboardView(QWidget):
    """The figures of one snapshot; it knows nothing of servers or tasks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people = PeopleModel(self)
        self.documents = DocumentsModel(self)
        self.pairs = PairsModel(self)
        self.as_of = QLabel(self.tr("Not read yet"), self)
        self.as_of.setObjectName("as-of")
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # the server's words: not HTML
        self.problem.setObjectName("refresh-problem")
        self.problem.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)  # F5, its key
        self.refresh_button.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_button.setToolTip(self.tr("Read the server again (F5)"))
        self.people_view = sorted_view(self.people, self, "people-table")
        self.documents_view = sorted_view(self.documents, self, "documents-table")
        self.pairs_view = sorted_view(self.pairs, self, "pairs-table")
        self.claims = ClaimsModel(self)
        self.claims_view = sorted_view(self.claims, self, "claims-table")
        self.claims_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.release_button = QPushButton(self.tr("Release claim…"), self)  # Delete, its key
        self.release_button.setObjectName("release-claim")
        self.release_button.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.release_button.setToolTip(
            self.tr("Release the selected claim, so that another lead may adjudicate (Delete)")
        )
        self.release_button.setEnabled(False)
        self.claim_note = QLabel(self)
        self.claim_note.setTextFormat(Qt.TextFormat.PlainText)  # ids, leads: not HTML
        self.claim_note.setObjectName("claim-note")
        self.claim_note.setWordWrap(True)
        self.claims_view.selectionModel().selectionChanged.connect(self._claim_selected)
        self.finished = QLabel(self)
        self.finished.setObjectName("finished-summary")
        # What the team's upgrades asked of the server's administrator and it lacks yet
        # (`team status` prints the same): a lead is the one to ask for it.
        self.to_do = QLabel(self)
        self.to_do.setObjectName("server-to-do")
        self.to_do.setWordWrap(True)
        self.to_do.setTextFormat(Qt.TextFormat.PlainText)
        # The statements are for copying into a message: a keyboard-only lead reaches the
        # note with Tab, then Ctrl+A, Ctrl+C (QLabel takes only a click's focus for keyboard
        # selection, so Tab is asked for after the flags).
        self.to_do.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.to_do.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.to_do.hide()
        self.summary: dict[str, QLabel] = {}
        self._layout()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.as_of)
        top.addWidget(self.problem, 1)
        top.addWidget(self.refresh_button)

        summary = QGridLayout()
        summary.setHorizontalSpacing(24)
        captions = (
            ("documents", self.tr("Documents compared"),
             self.tr("Documents finished by two or more analysts")),
            ("krippendorff_alpha", self.tr("Krippendorff's α"),
             self.tr("Label agreement on tokens, missing annotations allowed")),
            ("fleiss_kappa", self.tr("Fleiss' κ"),
             self.tr("Label agreement on the documents every compared analyst finished")),
            ("alpha_unitizing", self.tr("α_U"), self.tr("Agreement on where spans lie")),
        )  # fmt: skip
        for column, (key, caption, tip) in enumerate(captions):
            title = QLabel(caption, self)
            title.setToolTip(tip)
            value = QLabel("–", self)
            value.setObjectName(f"summary-{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = value.font()
            font.setBold(True)
            value.setFont(font)
            summary.addWidget(title, 0, column)
            summary.addWidget(value, 1, column)
            self.summary[key] = value
        summary.setColumnStretch(len(captions), 1)
        agreement = QWidget(self)
        agreement_layout = QVBoxLayout(agreement)
        agreement_layout.addLayout(summary)
        agreement_layout.addWidget(self.pairs_view, 1)

        documents = QWidget(self)
        documents_layout = QVBoxLayout(documents)
        documents_layout.addWidget(self.finished)
        documents_layout.addWidget(self.documents_view, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.people_view, self.tr("&People"))
        self.tabs.addTab(documents, self.tr("&Documents"))
        self.tabs.addTab(agreement, self.tr("&Agreement so far"))
        held = QWidget(self)
        held_layout = QVBoxLayout(held)
        held_layout.addWidget(self.claims_view, 1)
        below = QHBoxLayout()
        below.addWidget(self.claim_note, 1)
        below.addWidget(self.release_button)
        held_layout.addLayout(below)
        self.tabs.addTab(held, self.tr("&Claims"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.to_do)
        layout.addWidget(self.tabs, 1)
        # Tab follows the screen: the note (made after the tables) comes between the
        # Refresh button above it and the tabs below it.
        QWidget.setTabOrder(self.refresh_button, self.to_do)
        QWidget.setTabOrder(self.to_do, self.tabs)

    def show_board(self, board: Dashboard) -> None:
        self.as_of.setText(self.tr("As of %s") % f"{board.as_of.astimezone():%H:%M}")
        self.as_of.setToolTip(f"{board.as_of.astimezone():%Y-%m-%d %H:%M:%S}")
        self.problem.clear()
        self.people.set_rows(board.people)
        self.documents.set_rows(board.per_document)
        compared = sum(1 for d in board.per_document if d.finished >= 2)
        untouched = sum(1 for d in board.per_document if d.finished == 0)
        lines = [
            self.tr("%n document(s) in all", "", board.documents),
            self.tr("%n finished by two or more analysts", "", compared),
            self.tr("%n finished by nobody yet", "", untouched),
        ]
        self.finished.setText(" · ".join(lines))
        self._show_agreement(board.agreement)
        self.claims.set_rows(board.claims)
        self._claim_selected()
        if board.to_do:
            heading = self.tr("Still to ask of the server's administrator:")
            # A note is an English sentence, and begins with the database's name: one named
            # in Persian would make it a right-to-left paragraph, its words out of order.
            notes = (f"• {LRM}{note}" for note in board.to_do)
            self.to_do.setText("\n".join([heading, *notes]))
        else:
            self.to_do.clear()
        self.to_do.setVisible(bool(board.to_do))

    def selected_claim(self) -> Claim | None:
        rows = self.claims_view.selectionModel().selectedRows()
        if not rows:
            return None
        proxy = self.claims_view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        row = proxy.mapToSource(rows[0]).row()
        return self.claims.rows[row] if 0 <= row < len(self.claims.rows) else None

    def _claim_selected(self) -> None:
        self.release_button.setEnabled(self.selected_claim() is not None)

    def _show_agreement(self, report: AgreementReport | None) -> None:
        if report is None:
            self.pairs.set_rows([])
            for value in self.summary.values():
                value.setText("–")
            self.summary["documents"].setText("0")
            self.summary["documents"].setToolTip(
                self.tr("No document is finished by two analysts yet")
            )
            return
        self.pairs.set_rows(list(report.pairs))
        self.summary["documents"].setText(str(report.documents))
        self.summary["documents"].setToolTip("")
        for key, figure in (
            ("krippendorff_alpha", report.krippendorff_alpha),
            ("fleiss_kappa", report.fleiss_kappa),
            ("alpha_unitizing", report.alpha_unitizing.overall),
        ):
            self._set_figure(self.summary[key], figure)

    @staticmethod
    def _set_figure(label: QLabel, figure: Figure) -> None:
        label.setText(_figure(figure.value))
        label.setToolTip(figure.undefined or "")

    def failed(self, reason: str) -> None:
        self.problem.setText(self.tr("Not refreshed: %s") % reason)


class TeamDashboard(QObject):
    """The dashboard's window and its refreshes, for a lead's working copy."""

    def __init__(self, host: Host, url: str, person: str = "") -> None:
        super().__init__(host.widget())
        self.host, self.url, self.person = host, url, person
        self.window = QDialog(host.widget(), Qt.WindowType.Window)
        self.window.setObjectName("team-dashboard")
        self.window.setWindowTitle(self.tr("Team dashboard"))
        self.view = DashboardView(self.window)
        layout = QVBoxLayout(self.window)
        layout.addWidget(self.view)
        self.window.resize(900, 560)
        self.view.refresh_button.clicked.connect(self.refresh)
        self.view.release_button.clicked.connect(self.release_selected)
        self._timer = QTimer(self, interval=REFRESH_S * 1000)
        self._timer.timeout.connect(self._tick)
        self._busy = False
        self._stale = False  # a release landed while a read was in flight: read again
        self._releasing = False
        self._started = 0.0
        self.refreshes = 0  # finished refreshes, good or not: for tests and the log
        self.releases = 0  # finished releases, good or not

    def show(self) -> None:
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        self._timer.start()
        self.refresh()

    def _tick(self) -> None:
        if self.window.isVisible():
            self.refresh()
        else:
            self._timer.stop()

    def refresh(self) -> None:
        if self._busy:
            return  # one read at a time; the one in flight is as current
        self._busy = True
        self._started = time.monotonic()
        self.view.refresh_button.setEnabled(False)
        started = self.host.tasks.start(
            self.tr("Reading the team's progress"),
            dashboard_job(self.url),
            self._read,
            self._failed,
            show_dialog=False,
        )
        if started is None:  # the window is closing
            self._busy = False

    def _read(self, board: Dashboard) -> None:
        self.view.show_board(board)
        self._done()

    def _failed(self, reason: str) -> None:
        self.view.failed(reason)
        self._done()

    def _done(self) -> None:
        took = time.monotonic() - self._started
        self._timer.setInterval(int(max(REFRESH_S, took / AUTO_SHARE) * 1000))
        self._busy = False
        self.view.refresh_button.setEnabled(True)
        self.refreshes += 1
        if self._stale:
            self._stale = False
            self.refresh()

    # -- releasing a claim -------------------------------------------------------------------

    def release_selected(self) -> None:
        """The selected claim released on the lead's word; another lead's is forced, and
        the server records who released it."""
        claim = self.view.selected_claim()
        if claim is None or self._releasing:
            return
        mine = claim.lead == self.person
        if mine:
            question = fill(
                self.tr("Release your claim on %1?\n\nAnother lead may then adjudicate it."),
                shown_id(claim.ext_id),
            )
        else:
            question = fill(
                self.tr(
                    "Release %1's claim on %2 (held since %3)?\n\nAnother lead's gold may then "
                    "be stored on it; the server records that you released it."
                ),
                shown_name(claim.lead),
                shown_id(claim.ext_id),
                _seen(claim.since),
            )
        asking = plain_box(
            QMessageBox.Icon.Question, self.tr("Release claim"), question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window,
        )  # fmt: skip
        if asking.exec() != QMessageBox.StandardButton.Yes:
            return
        self._releasing = True
        self.view.release_button.setEnabled(False)
        self.view.claim_note.setText(
            fill(self.tr("Releasing the claim on %1…"), shown_id(claim.ext_id))
        )
        started = self.host.tasks.start(
            self.tr("Releasing the claim"),
            release_job(self.url, claim, mine),
            partial(self._released, claim, mine),
            self._release_failed,
            show_dialog=False,
        )
        if started is None:  # the window is closing
            self._releasing = False

    def _released(self, claim: Claim, mine: bool, done: Claimed) -> None:
        now = next(
            (c for c in done.held if c.ext_id == claim.ext_id and c.lead != claim.lead), None
        )
        if claim.ext_id in done.taken and mine:
            note = fill(self.tr("Released your claim on %1."), shown_id(claim.ext_id))
        elif claim.ext_id in done.taken:
            note = fill(
                self.tr("Released %1's claim on %2; the server recorded it."),
                shown_name(claim.lead),
                shown_id(claim.ext_id),
            )
        elif now is not None and now.lead == self.person:
            # the holder let go after the table was read, and this lead claimed it since
            note = fill(self.tr("You hold %1 now: not released."), shown_id(claim.ext_id))
        elif now is not None:
            note = fill(
                self.tr("%1 is held by %2 now: not released."),
                shown_id(claim.ext_id),
                shown_name(now.lead),
            )
        else:
            note = fill(
                self.tr("Nobody holds %1 any more: nothing to release."), shown_id(claim.ext_id)
            )
        self.view.claim_note.setText(note)
        self._release_done()

    def _release_failed(self, reason: str) -> None:
        self.view.claim_note.setText(fill(self.tr("Not released: %1"), reason))
        self._release_done()

    def _release_done(self) -> None:
        self._releasing = False
        self.releases += 1
        if self._busy:
            self._stale = True
        else:
            self.refresh()
