"""Small dialogs: the annotator's name, preferences, export options, review setup, the
keyboard shortcut list and the differences from gold.

Every dialog gets `readable_selection`: qt-material's dark theme paints a focused selection
bright teal under white text (a contrast of 1.4), its combo boxes light teal under white.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.formats.registry import WRITERS, SaveAs
from annotator.core.model import GOLD
from annotator.core.services.exporter import ExportOptions, keeps_predictions
from annotator.core.services.splits import SplitSpec
from annotator.core.text.names import commanding, shown_name
from annotator.gui.i18n import LANGUAGES, error_text
from annotator.gui.settings import THEMES, UserSettings

# -- readable selections ------------------------------------------------------------------

MIN_CONTRAST = 4.5  # WCAG AA for body text
_SELECTION_SHEET = (
    "QAbstractItemView::item:selected, QAbstractItemView::item:selected:focus,"
    " QAbstractItemView::item:selected:!focus, QComboBox::item:selected"
    " {{ background-color: {background}; color: {text};"
    " selection-background-color: {background}; selection-color: {text}; }}"
)


def luminance(colour: QColor) -> float:
    """WCAG's relative luminance of an opaque colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def selection_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """A selection background and text colour with a contrast of MIN_CONTRAST or more: the
    theme's own when they have it, else its accent under black or white text, the accent
    darkened or lightened if even that is not enough."""
    group = QPalette.ColorGroup.Active
    background = QColor(palette.color(group, QPalette.ColorRole.Highlight))
    text = QColor(palette.color(group, QPalette.ColorRole.HighlightedText))
    background.setAlpha(255)
    text.setAlpha(255)
    if contrast(background, text) >= MIN_CONTRAST:
        return background, text
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    text = black if contrast(background, black) >= contrast(background, white) else white
    for _ in range(40):
        if contrast(background, text) >= MIN_CONTRAST:
            break
        background = background.darker(110) if text == white else background.lighter(110)
    else:
        background = white if text == black else black
    return background, text


def readable_selection(widget: QWidget) -> None:
    """Give the item views and combo boxes in `widget` a selection that can be read: the
    rule is set on `widget` and holds for its children, over the application's theme."""
    widget.ensurePolished()
    background, text = selection_colours(widget.palette())
    sheet = _SELECTION_SHEET.format(background=background.name(), text=text.name())
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def error_colour(widget: QWidget) -> str:
    """A red that can be read on the widget's background: dark red on a light theme, a
    light red on the dark one (#c62828 on qt-material's dark grey has a contrast of 2)."""
    window = widget.window()  # a label's own background is transparent
    window.ensurePolished()
    background = window.palette().color(QPalette.ColorRole.Window)
    reds = (QColor("#c62828"), QColor("#ff8a80"))
    return max(reds, key=lambda red: contrast(red, background)).name()


def fit_combo(combo: QComboBox) -> None:
    """As wide as its longest item: qt-material's padding and arrow margin are not in a
    combo box's size hint, so the end of a long item ran under the arrow. Its padding is on
    the left, where a right-to-left combo box has its arrow: the text ran into the right
    edge, so it gets padding there too."""
    if combo.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        pad = combo.fontMetrics().height() // 2 + 4
        combo.setStyleSheet(f"QComboBox {{ padding-right: {pad}px; }}")
    combo.ensurePolished()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    # the hint covers the longest item and the arrow, not the arrow's margin: add room
    combo.setMinimumWidth(combo.sizeHint().width() + 2 * combo.fontMetrics().height())
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)


# -- the annotator's name -------------------------------------------------------------------


class _NameField(QLineEdit):
    """A name, and the label under it that says why it cannot be used yet: not empty, not
    «gold» (the adjudicated spans' annotator), and steering no text (text.names: import
    refuses such an annotator too). NameDialog and PreferencesDialog share it."""

    def __init__(self, current: str, parent: QWidget) -> None:
        super().__init__(current, parent)
        self.setPlaceholderText(self.tr("e.g. sara"))
        self.problem = QLabel(parent)
        self.problem.setWordWrap(True)

    def problem_of(self, name: str) -> str | None:
        """Why `name` cannot be an annotator's name (stripped), or None if it can."""
        if not name.strip():
            return self.tr("Type a name: your tags are stored under it.")
        if name.strip().casefold() == GOLD:
            return self.tr("“%s” is where reviewed spans are kept: choose another name.") % GOLD
        if commanding(name.strip()):
            return self.tr(
                "A name cannot hold control or text-direction characters: they would change "
                "how the names and text around it read."
            )
        return None

    def check(self) -> bool:
        problem = self.problem_of(self.text())
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        # an empty name is a hint, a name that cannot be used an error
        typed = problem is not None and bool(self.text().strip())
        self.problem.setStyleSheet(f"color: {error_colour(self.problem)}" if typed else "")
        return problem is None

    def buttons_for(self, dialog: QDialog) -> QDialogButtonBox:
        """OK and Cancel for `dialog`, OK only while the name can be stored."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            parent=dialog,
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(lambda: self._accept(dialog))
        buttons.rejected.connect(dialog.reject)
        self.textChanged.connect(lambda: ok.setEnabled(self.check()))
        ok.setEnabled(self.check())
        return buttons

    def _accept(self, dialog: QDialog) -> None:
        if self.check():
            dialog.accept()


class NameDialog(QDialog):
    """The name under which this analyst's spans are stored: asked on the first start, and
    changed later with the current name preset (`NameDialog(settings.annotator, parent)`)."""

    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change your name") if current else self.tr("Your name"))
        self.name = _NameField(current, self)
        intro = QLabel(self.tr("Annotator name (stored with every tag you make):"), self)
        intro.setWordWrap(True)
        intro.setBuddy(self.name)
        self.buttons = self.name.buttons_for(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name)
        layout.addWidget(self.name.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def value(self) -> str:
        """The name as it should be stored."""
        return self.name.text().strip()

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)


# -- preferences ----------------------------------------------------------------------------

# How a mouse selection keeps its exact characters instead of snapping to words. Alt+drag is
# the window managers' own on most Linux desktops, hence a choice.
SELECTION_MODIFIERS = ("Alt", "Ctrl+Alt", "Shift+Alt")


@dataclass(frozen=True)
class Preferences:
    """What PreferencesDialog.values() returns; the caller stores it in UserSettings."""

    annotator: str
    font_size: int
    theme: str  # one of settings.THEMES
    language: str | None  # a code of i18n.LANGUAGES; None follows the system
    selection_modifier: str  # one of SELECTION_MODIFIERS


class PreferencesDialog(QDialog):
    """The user's preferences, read from `settings` and returned by `values()`: the dialog
    never writes the settings itself."""

    THEME_NAMES: ClassVar[dict[str, object]] = {
        "light": QT_TRANSLATE_NOOP("PreferencesDialog", "Light"),
        "dark": QT_TRANSLATE_NOOP("PreferencesDialog", "Dark"),
    }

    def __init__(self, settings: UserSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.name = _NameField(settings.annotator, self)
        self.font_size = QSpinBox(self)
        self.font_size.setRange(8, 40)
        self.font_size.setSuffix(self.tr(" pt"))
        self.font_size.setValue(max(8, min(40, settings.font_size)))
        self.theme = QComboBox(self)
        for theme in THEMES:
            self.theme.addItem(self.tr(str(self.THEME_NAMES.get(theme, theme))), theme)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.language = QComboBox(self)
        self.language.addItem(self.tr("System language"), None)
        for code, own_name in LANGUAGES.items():
            self.language.addItem(own_name, code)
        current = self.language.findData(settings.language) if settings.language else 0
        self.language.setCurrentIndex(max(0, current))
        self.language_note = QLabel(self.tr("A new language shows after a restart."), self)
        self.language_note.setWordWrap(True)
        self.modifier = QComboBox(self)
        for keys in SELECTION_MODIFIERS:
            self.modifier.addItem(self.tr("%s + drag") % keys, keys)
        # UserSettings has no such field yet: the dialog offers the choice, the window keeps it
        chosen = getattr(settings, "selection_modifier", SELECTION_MODIFIERS[0])
        self.modifier.setCurrentIndex(max(0, self.modifier.findData(chosen)))
        modifier_note = QLabel(
            self.tr(
                "Hold it while selecting with the mouse to keep the exact characters instead "
                "of whole words. Many Linux desktops move windows on Alt+drag."
            ),
            self,
        )
        modifier_note.setWordWrap(True)
        self.buttons = self.name.buttons_for(self)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Your name:"), self.name)
        form.addRow(self.name.problem)
        form.addRow(self.tr("Font size:"), self.font_size)
        form.addRow(self.tr("Theme:"), self.theme)
        form.addRow(self.tr("Interface language:"), self.language)
        form.addRow(self.language_note)
        form.addRow(self.tr("Exact selection:"), self.modifier)
        form.addRow(modifier_note)
        form.addRow(self.buttons)
        readable_selection(self)  # first: it polishes the combo boxes fit_combo measures
        for combo in (self.theme, self.language, self.modifier):
            fit_combo(combo)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)

    def values(self) -> Preferences:
        return Preferences(
            annotator=self.name.text().strip(),
            font_size=self.font_size.value(),
            theme=str(self.theme.currentData()),
            language=self.language.currentData(),
            selection_modifier=str(self.modifier.currentData()),
        )

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)


# -- export -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportTarget:
    suffix: str  # after `<project>-<whose>`: ".jsonl", or "_brat" for a folder
    filter: str  # the save dialog's filter, translated
    folder: bool = False


class _ExportTargets(Mapping[str, ExportTarget]):
    """Every writer of the format registry, as the save dialog names its files: read from
    the registry when asked, so a format added there is offered with no line here."""

    def __getitem__(self, name: str) -> ExportTarget:
        save = WRITERS[name].save
        if save is None:
            save = SaveAs(f".{name}", "All files")
        words = _translate("ExportDialog", save.kind)
        return ExportTarget(save.suffix, f"{words} ({' '.join(save.patterns)})", save.folder)

    def __iter__(self) -> Iterator[str]:
        return iter(WRITERS)

    def __len__(self) -> int:
        return len(WRITERS)


EXPORT_TARGETS: Mapping[str, ExportTarget] = _ExportTargets()
_translate = QCoreApplication.translate  # of words lupdate finds below, not in this call
# The registry's words the window shows, for lupdate to find: a format added to the
# registry shows its own (English) words until a line here gets them translated.
_REGISTRY_WORDS = (
    QT_TRANSLATE_NOOP("ExportDialog", "Seed Annotator JSONL"),
    QT_TRANSLATE_NOOP("ExportDialog", "JSON Lines"),
    QT_TRANSLATE_NOOP("ExportDialog", "JSON"),
    QT_TRANSLATE_NOOP("ExportDialog", "CoNLL"),
    QT_TRANSLATE_NOOP("ExportDialog", "spaCy DocBin"),
    QT_TRANSLATE_NOOP("ExportDialog", "A new folder"),
    QT_TRANSLATE_NOOP("ExportDialog", "All files"),
)
# Not in a file name on any of the three systems; whitespace becomes one underscore.
_UNSAFE = re.compile(r'[\s<>:"/\\|?*\x00-\x1f]+')


def safe_file_part(text: str) -> str:
    return _UNSAFE.sub("_", text.strip()).strip("._") or "export"


class ExportDialog(QDialog):
    def __init__(self, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.annotator = annotator
        self.setWindowTitle(self.tr("Export"))
        self.whose = QComboBox(self)
        self.whose.addItem(self.tr("My spans (%s)") % annotator, annotator)
        self.whose.addItem(self.tr("Gold (reviewed documents only)"), GOLD)
        self.format = QComboBox(self)
        for name, fmt in WRITERS.items():
            self.format.addItem(_translate("ExportDialog", fmt.title), name)
        self.done_only = QCheckBox(self.tr("Only documents marked done"), self)
        self.done_only.setChecked(True)
        self.original = QCheckBox(self.tr("Offsets into the original (unnormalised) text"), self)
        self.tokens = QCheckBox(self.tr("Include tokens"), self)
        self.predictions = QCheckBox(self.tr("Include outside models' predictions"), self)
        self.predictions.setToolTip(
            self.tr("Kept apart from annotations, where the format has a place for them")
        )
        self.split = QLineEdit(self)
        self.split.setPlaceholderText("train=0.8,dev=0.1,test=0.1")
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.stratify = QCheckBox(self.tr("Spread every label over the splits"), self)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {error_colour(self)}")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.whose.currentIndexChanged.connect(self._whose_changed)
        self.format.currentIndexChanged.connect(self._format_changed)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Whose spans:"), self.whose)
        form.addRow(self.tr("Format:"), self.format)
        boxes = (self.done_only, self.original, self.tokens, self.predictions)
        for box in (*boxes, self.stratify):
            box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        for widget in boxes:
            form.addRow(widget)
        form.addRow(self.tr("Split by document:"), self.split)
        form.addRow(self.tr("Split seed:"), self.seed)
        form.addRow(self.stratify)
        form.addRow(self.error)
        form.addRow(buttons)
        readable_selection(self)  # first: it polishes the combo boxes fit_combo measures
        for combo in (self.whose, self.format):
            fit_combo(combo)
        self._format_changed()

    def suggested_name(self, project_stem: str) -> str:
        """The file (or, for brat, folder) name to propose: `news-sara.jsonl` for one's own
        spans, `news-gold.conll` for gold, with the chosen format's suffix."""
        whose = self.whose.currentData()
        who = GOLD if whose == GOLD else str(whose or self.annotator)
        target = EXPORT_TARGETS[self.format.currentData()]
        return f"{safe_file_part(project_stem)}-{safe_file_part(who)}{target.suffix}"

    def file_filter(self) -> str:
        """The save dialog's filter for the chosen format, translated."""
        return EXPORT_TARGETS[self.format.currentData()].filter

    def target_is_folder(self) -> bool:
        """brat writes a folder of .txt and .ann files: ask for a new folder, not a file."""
        return EXPORT_TARGETS[self.format.currentData()].folder

    def _format_changed(self) -> None:
        """Predictions only where the format keeps them apart (a format without a place
        for them would leave them out, or mix them into the annotations)."""
        keeps = keeps_predictions(self.format.currentData())
        self.predictions.setEnabled(keeps)
        if not keeps:
            self.predictions.setChecked(False)

    def _whose_changed(self) -> None:
        self.done_only.setEnabled(self.whose.currentData() != GOLD)  # gold: reviewed only

    def _accept(self) -> None:
        try:
            self.options()
        except AnnotatorError as exc:
            self.error.setText(error_text(exc))
            return
        self.accept()

    def options(self) -> ExportOptions:
        whose = self.whose.currentData()
        text = self.split.text().strip()
        spec = SplitSpec.parse(text, self.seed.value(), self.stratify.isChecked()) if text else None
        return ExportOptions(
            annotators=(whose,),
            status="done" if self.done_only.isChecked() and whose != GOLD else None,
            offsets="original" if self.original.isChecked() else "normalized",
            tokens=self.tokens.isChecked(),
            format=self.format.currentData(),
            split=spec,
            predictions=self.predictions.isChecked(),
        )


# -- lists ----------------------------------------------------------------------------------


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        table = QTableWidget(len(rows), 2, self)
        table.setTabKeyNavigation(False)  # Tab reaches the Close button
        table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        for row, (keys, what) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(what))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        self.table = table
        self.resize(520, 480)
        readable_selection(self)


class ReviewSetupDialog(QDialog):
    """Whose work to compare and adjudicate: every annotator with work, all ticked."""

    def __init__(self, annotators: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Review annotators' work"))
        self.heading = QLabel(
            self.tr(
                "Choose whose work to compare and adjudicate. A review needs the work of two "
                "annotators or more."
            ),
            self,
        )
        self.heading.setWordWrap(True)
        self._names = list(annotators)  # as stored: a box shows its name made safe
        self.boxes = [QCheckBox(shown_name(name), self) for name in annotators]
        for box in self.boxes:
            box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            box.setChecked(True)
            box.toggled.connect(self._update)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        for box in self.boxes:
            layout.addWidget(box)
        layout.addWidget(self.buttons)
        self._update()
        # wide enough for the title bar to show the title, beside the window's own buttons
        metrics = self.fontMetrics()
        title = metrics.horizontalAdvance(self.windowTitle())
        self.setMinimumWidth(max(title + 12 * metrics.height(), 40 * metrics.averageCharWidth()))
        readable_selection(self)

    def chosen(self) -> list[str]:
        return [name for name, box in zip(self._names, self.boxes, strict=True) if box.isChecked()]

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(len(self.chosen()) >= 2)  # review compares: two or more


class GoldDifferencesDialog(QDialog):
    """An analyst's view of where the adjudicated gold differs from their own spans."""

    span_requested = Signal(int, int)  # start, end: show it in the article

    KINDS: ClassVar[dict[str, object]] = {
        "missed": QT_TRANSLATE_NOOP("GoldDifferencesDialog", "In gold, not in yours"),
        "extra": QT_TRANSLATE_NOOP("GoldDifferencesDialog", "Yours, not in gold"),
        "label": QT_TRANSLATE_NOOP("GoldDifferencesDialog", "Other label in gold"),
        "boundary": QT_TRANSLATE_NOOP("GoldDifferencesDialog", "Other edges in gold"),
    }

    def __init__(self, rows: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gold and your work"))
        self.rows = rows
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setTabKeyNavigation(False)  # Tab reaches the buttons
        self.table.setHorizontalHeaderLabels(
            [self.tr("Difference"), self.tr("Gold"), self.tr("Yours")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for i, (kind, gold, mine) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(self.tr(str(self.KINDS.get(kind, kind)))))
            for col, span in ((1, gold), (2, mine)):
                text = "" if span is None else f"{shown_name(span.label)}: \u2067{span.text}\u2069"
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        self.table.cellDoubleClicked.connect(self._open)
        self.empty = QLabel(self.tr("Gold and your spans agree on this document."), self)
        self.empty.setVisible(not rows)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 360)
        readable_selection(self)

    def _open(self, row: int, _col: int) -> None:
        _kind, gold, mine = self.rows[row]
        span = gold or mine
        self.span_requested.emit(span.start, span.end)
