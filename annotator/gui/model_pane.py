"""The model window: how good the learned suggestions are, and a threshold per label.

Every figure is the k-fold evaluation the training ran on held-out documents (exact spans,
`annotator.core.learn.evaluate`): precision, recall and F1 per label, and the learning
curve (training documents against F1) that says whether more annotation still pays. A
label's threshold is the confidence a model suggestion needs to be shown; the training
chose the lowest that reached precision 0.8 on held-out documents, and the analyst can move
it here (stored beside the model: `ModelStore.set_thresholds`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from annotator.core.errors import AnnotatorError
from annotator.gui.bar_chart import BarChart, Series
from annotator.gui.i18n import label_title

if TYPE_CHECKING:
    from annotator.core.learn import TrainedModel
    from annotator.gui.main_window import MainWindow
    from annotator.gui.model_keeper import ModelKeeper

COL_LABEL, COL_SUPPORT, COL_P, COL_R, COL_F1, COL_THRESHOLD, COL_P_AT, COL_R_AT = range(8)
SAVE_DELAY_MS = 400  # a spin box's arrows held down store the threshold once, after


class ModelPane(QObject):
    def __init__(self, window: MainWindow, keeper: ModelKeeper) -> None:
        super().__init__(window)
        self.w = window
        self.keeper = keeper
        self.window = QDialog(window, Qt.WindowType.Window)
        self.window.setObjectName("model-window")
        self.window.setWindowTitle(self.tr("The model"))
        self.summary = QLabel(self.window)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # label names: not HTML
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 8, self.window)
        self.table.setTabKeyNavigation(False)  # Tab reaches the window's buttons
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Label"), self.tr("Spans"), self.tr("Precision"), self.tr("Recall"),
                self.tr("F1"), self.tr("Threshold"), self.tr("Precision there"),
                self.tr("Recall there"),
            ]
        )  # fmt: skip
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.curve_title = QLabel(self.tr("Learning curve: F1 on held-out documents"), self.window)
        self.curve = BarChart(self.window)
        self.every = QSpinBox(self.window)
        self.every.setRange(0, 10_000)
        self.every.setSpecialValueText(self.tr("only when asked"))
        self.every.setSuffix(self.tr(" new spans"))
        self.every.setValue(window.settings.retrain_every)
        self.every.valueChanged.connect(self._every_changed)
        self.train = QPushButton(self.tr("Train now"), self.window)
        self.train.clicked.connect(lambda: keeper.train_now())
        self.spins: dict[str, QDoubleSpinBox] = {}
        self._saving = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._saving.timeout.connect(self._save_thresholds)
        self._storing = False
        form = QFormLayout()
        form.addRow(self.tr("Retrain after every:"), self.every)
        buttons = QHBoxLayout()
        buttons.addLayout(form)
        buttons.addStretch(1)
        buttons.addWidget(self.train)
        layout = QVBoxLayout(self.window)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.curve_title)
        layout.addWidget(self.curve, 2)
        layout.addLayout(buttons)
        self.window.resize(1000, 720)
        keeper.model_changed.connect(self.refresh)

    def show(self) -> None:
        self.refresh()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    # -- figures ----------------------------------------------------------------------------

    def refresh(self) -> None:
        model = self.keeper.model
        if self._saving.isActive() or self._storing:
            return  # our own threshold being stored: the spin boxes are right already
        self.spins = {}
        self.table.setRowCount(0)
        if model is None:
            self.summary.setText(
                self.keeper.status.text()
                + "\n"
                + self.tr("The model learns from your finished documents (Ctrl+Enter).")
            )
            self.curve.set_data([], [], [])
            return
        info = model.info
        self.summary.setText(self._summary(model))
        evaluation: dict[str, Any] | None = info.evaluation
        scores: dict[str, dict[str, Any]] = dict((evaluation or {}).get("labels", {}))
        labels = sorted(set(info.labels) & ({*scores} | set(info.thresholds)) or info.labels)
        self.table.setRowCount(len(labels))
        for row, label in enumerate(labels):
            self._row(row, label, scores.get(label), model.threshold(label))
        curve = list((evaluation or {}).get("curve", []))
        self.curve.set_data(
            [self.tr("%Ln document(s)", "", int(c["documents"])) for c in curve],
            [Series(self.tr("F1"), QColor("#4a7fb5"))],
            [[float(c["f1"]) for c in curve]],
        )
        self.curve.setVisible(bool(curve))
        self.curve_title.setVisible(bool(curve))
        self._fit_columns()

    def _summary(self, model: TrainedModel) -> str:
        """What the model is and how it was measured; which labels fell short of the target
        with the thresholds in use (so it is made again when the analyst moves one)."""
        info = model.info
        parts = [
            self.keeper.describe(),
            self.tr("Learnt from %Ln document(s)", "", info.documents)
            + self.tr(", %Ln span(s)", "", info.spans)
            + self.tr(" in %s s of CPU") % f"{info.train_cpu_s:.1f}",
        ]
        evaluation: dict[str, Any] | None = info.evaluation
        if evaluation:
            parts.append(
                self.tr(
                    "Measured on held-out documents (%d-fold, exact spans). A threshold is the "
                    "confidence a suggestion needs to be shown; the training chose the lowest "
                    "that reached precision %s."
                )
                % (int(evaluation["folds"]), f"{float(evaluation['target_precision']):.1f}")
            )
            from annotator.core.learn.evaluate import short_of_target

            in_use = {label: model.threshold(label) for label in info.labels}
            best, none = short_of_target(evaluation, in_use)
            if best:
                parts.append(
                    self.tr(
                        "No threshold of %s reached it: the training chose the one of best "
                        "precision."
                    )
                    % ", ".join(label_title(label) for label in best)
                )
            if none:
                parts.append(
                    self.tr(
                        "No suggestion of %s was right on held-out documents where no rule "
                        "proposes: none is shown."
                    )
                    % ", ".join(label_title(label) for label in none)
                )
        else:
            parts.append(self.tr("Not measured yet: it needs at least 4 finished documents."))
        return "\n".join(parts)

    def _fit_columns(self) -> None:
        """Every title whole, as the theme paints it (qt-material uppercases them)."""
        from annotator.gui.agreement_view import title_width, titles_uppercased

        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        upper = titles_uppercased()
        for column in range(self.table.columnCount()):
            wanted = max(header.sectionSize(column), title_width(header, column, upper))
            if column == COL_THRESHOLD:  # the spin box's digits and arrows
                wanted = max(wanted, self.table.fontMetrics().horizontalAdvance("0.000") + 48)
            header.resizeSection(column, wanted)

    def _row(self, row: int, label: str, score: dict[str, Any] | None, threshold: float) -> None:
        def cell(column: int, text: str) -> None:
            item = QTableWidgetItem(text)
            if column != COL_LABEL:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, column, item)

        cell(COL_LABEL, label_title(label))
        if score is not None:
            cell(COL_SUPPORT, str(score["support"]))
            for column, key in ((COL_P, "precision"), (COL_R, "recall"), (COL_F1, "f1")):
                cell(column, f"{float(score[key]):.2f}")
        spin = QDoubleSpinBox(self.table)
        spin.setRange(0.0, 1.0)
        spin.setSingleStep(0.05)
        spin.setDecimals(2)
        spin.setValue(threshold)
        spin.setAccessibleName(self.tr("Threshold of %s") % label_title(label))
        spin.valueChanged.connect(lambda value, label=label: self._threshold_changed(label, value))
        self.table.setCellWidget(row, COL_THRESHOLD, spin)
        self.spins[label] = spin
        self._at_threshold(row, score, threshold)

    def _at_threshold(self, row: int, score: dict[str, Any] | None, threshold: float) -> None:
        """Held-out precision and recall of the suggestions the threshold lets through."""
        from annotator.gui.threshold_figures import at_threshold

        p, r = at_threshold(score, threshold)
        for column, value in ((COL_P_AT, p), (COL_R_AT, r)):
            item = QTableWidgetItem("—" if value is None else f"{value:.2f}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if value is None:
                item.setToolTip(self.tr("Not measured at this threshold"))
            self.table.setItem(row, column, item)

    # -- thresholds -------------------------------------------------------------------------

    def _threshold_changed(self, label: str, value: float) -> None:
        model = self.keeper.model
        if model is None:
            return
        scores = dict((model.info.evaluation or {}).get("labels", {}))
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, COL_THRESHOLD) is self.spins.get(label):
                self._at_threshold(row, scores.get(label), value)
        self._saving.start()

    def _save_thresholds(self) -> None:
        model = self.keeper.model
        if model is None:
            return
        chosen = {label: spin.value() for label, spin in self.spins.items()}
        try:
            stored = self.keeper.store.set_thresholds(self.w.project, model, chosen)
        except (AnnotatorError, OSError) as exc:
            self.w.show_error(self.tr("The thresholds could not be stored: %s") % exc)
            return
        self._storing = True
        try:
            self.keeper.set_model(stored)
        finally:
            self._storing = False
        self.summary.setText(self._summary(stored))

    def _every_changed(self, value: int) -> None:
        self.w.settings.retrain_every = value
        self.w.settings_changed.emit()
