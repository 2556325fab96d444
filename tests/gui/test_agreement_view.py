"""The agreement view shows a report and turns clicks and keys into requests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QHeaderView, QVBoxLayout
from pytestqt.qtbot import QtBot

from annotator.core.review.report import (
    AgreementReport,
    Counts,
    Figure,
    PairAgreement,
    RankedDocument,
    SpanF1,
    UnitizingFigures,
)
from annotator.gui import i18n
from annotator.gui.agreement_view import AgreementView, DisagreementModel, is_rtl
from annotator.gui.bar_chart import BarChart, Series
from annotator.gui.fonts import load_fonts
from annotator.gui.theme import apply_theme

from .mouse import double_click

SCREENSHOT = Path("/tmp/agreement_view.png")
HINT = "Click a figure or a bar to list the disagreeing spans"
LABELS = ["actor", "date", "topic", "claim"]


def counts(value: float | None, precision: float | None, recall: float | None, why: str) -> Counts:
    tp = 0 if value is None else 1
    return Counts(tp, tp, tp, precision, recall, Figure(value, None if value is not None else why))


def f1(micro: float | None, per_label: dict[str, float | None]) -> SpanF1:
    return SpanF1(
        counts(micro, 0.77, 0.66, "no spans on the documents both did"),
        {
            label: counts(value, 0.5, 0.25, f"neither annotator marked {label!r}")
            if value is not None
            else counts(None, None, None, f"neither annotator marked {label!r}")
            for label, value in per_label.items()
        },
    )


def pair(a: str, b: str, exact: float | None, overlap: float, kappa: float | None) -> PairAgreement:
    return PairAgreement(
        a=a,
        b=b,
        documents=118,
        tokens=40_000,
        f1_exact=f1(exact, {"actor": 0.8, "date": None, "topic": 0.5, "claim": 0.3}),
        f1_overlap=f1(overlap, {"actor": 0.9, "date": None, "topic": 0.7, "claim": 0.45}),
        cohen_kappa=Figure(kappa, None if kappa is not None else "no label decisions in common"),
    )


REPORT = AgreementReport(
    annotators=("ali", "sara", "reza"),
    labels=tuple(LABELS),
    documents=120,
    tokens=41_000,
    pairs=(
        pair("ali", "sara", 0.71, 0.85, 0.83),
        pair("ali", "reza", 0.35, 0.6, None),
        pair("sara", "reza", 0.5, 0.7, 0.66),
    ),
    fleiss_kappa=Figure(0.8),
    fleiss_tokens=39_000,
    krippendorff_alpha=Figure(0.81),
    alpha_tokens=40_000,
    alpha_unitizing=UnitizingFigures(
        overall=Figure(0.79),
        per_label={
            "actor": Figure(0.9),
            "date": Figure(None, "nobody marked 'date'"),
            "topic": Figure(0.55),
            "claim": Figure(0.2),
        },
        observed={},
        expected={},
        documents=115,
    ),
    ranking=(RankedDocument("ext-3", 3, 0.6, 3),),
)


@dataclass
class Span:
    start: int
    end: int
    label: str
    text: str


@dataclass
class Row:
    document_id: int
    document: str
    kind: str
    a: Span | None
    b: Span | None
    titled: bool = True


ROWS = [
    Row(7, "گزارش شماره ۳", "only_a", Span(10, 24, "actor", "وزیر امور خارجه"), None),
    Row(7, "گزارش شماره ۳", "only_b", None, Span(40, 52, "date", "۳۰ آبان ۱۴۰۲")),
    Row(
        9, "تقرير رقم 4", "label", Span(0, 8, "actor", "الكرملين"), Span(0, 8, "topic", "الكرملين")
    ),
    Row(
        9,
        "تقرير رقم 4",
        "boundary",
        Span(5, 30, "claim", "قال المتحدث إن القمة"),
        Span(5, 20, "claim", "قال المتحدث"),
    ),
    Row(
        12,
        "Report 12",
        "overlap_label",
        Span(3, 9, "topic", "summit"),
        Span(4, 9, "actor", "ummit"),
    ),
]


@pytest.fixture
def view(qtbot: QtBot) -> AgreementView:
    widget = AgreementView()
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.set_report(REPORT)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell_texts(view: AgreementView) -> list[list[str]]:
    m = view.matrix
    return [[m.item(r, c).text() for c in range(m.columnCount())] for r in range(m.rowCount())]


def click_cell(qtbot: QtBot, table: QAbstractItemView, index: QModelIndex, double: bool = False):
    table.scrollTo(index)
    point = table.visualRect(index).center()
    if double:
        double_click(table.viewport(), point)
    else:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_summary_shows_the_report_figures(view: AgreementView):
    shown = {key: label.text() for key, label in view.summary_values.items()}
    assert shown == {
        "documents": "120",
        "annotators": "3",
        "fleiss_kappa": "0.80",
        "krippendorff_alpha": "0.81",
        "alpha_unitizing": "0.79",
    }


def test_matrix_shows_each_metric_symmetric(view: AgreementView, qtbot: QtBot):
    nd = "not defined"
    assert cell_texts(view) == [["", "0.71", "0.35"], ["0.71", "", "0.50"], ["0.35", "0.50", ""]]
    view.metric_combo.setFocus()
    qtbot.keyClick(view.metric_combo, Qt.Key.Key_Down)
    assert view.current_metric() == "f1_overlap"
    assert cell_texts(view) == [["", "0.85", "0.60"], ["0.85", "", "0.70"], ["0.60", "0.70", ""]]
    qtbot.keyClick(view.metric_combo, Qt.Key.Key_Down)
    assert view.current_metric() == "cohen_kappa"
    assert cell_texts(view) == [["", "0.83", nd], ["0.83", "", "0.66"], [nd, "0.66", ""]]
    assert view.matrix.item(0, 2).toolTip() == "no label decisions in common"
    assert view.matrix.item(2, 0).toolTip() == "no label decisions in common"
    # Coloured by Krippendorff's bands, and the tooltip says so.
    assert view.matrix.item(0, 1).background().color().name() == "#b7e1cd"
    assert view.matrix.item(1, 2).background().color().name() == "#fce8b2"
    assert "Krippendorff" in view.matrix.item(0, 1).toolTip()


def test_matrix_click_selects_the_pair_and_requests_its_disagreements(
    view: AgreementView, qtbot: QtBot
):
    view.metric_combo.setCurrentIndex(1)
    with qtbot.waitSignal(view.disagreements_requested) as blocker:
        click_cell(qtbot, view.matrix, view.matrix.model().index(2, 1))
    assert blocker.args == ["sara", "reza", "", "overlap"]
    assert view.selected_pair() == ("sara", "reza")
    assert "sara ↔ reza" in view.pair_title.text()
    assert view.label_table.item(0, 1).text() == "0.70"  # all labels, F1 overlap micro


def test_enter_on_a_matrix_cell_acts_like_a_click(view: AgreementView, qtbot: QtBot):
    view.matrix.setFocus()
    view.matrix.setCurrentCell(0, 2)
    with qtbot.waitSignal(view.disagreements_requested) as blocker:
        qtbot.keyClick(view.matrix, Qt.Key.Key_Return)
    assert blocker.args == ["ali", "reza", "", "exact"]


def test_diagonal_is_blank_and_does_nothing(view: AgreementView, qtbot: QtBot):
    with qtbot.assertNotEmitted(view.disagreements_requested):
        click_cell(qtbot, view.matrix, view.matrix.model().index(1, 1))
    assert view.selected_pair() == ("ali", "sara")


def test_label_table_and_click_modes(view: AgreementView, qtbot: QtBot):
    table = view.label_table
    headers = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert headers == ["All labels", *LABELS]
    actor = [table.item(1, c).text() for c in range(5)]
    assert actor == ["0.80", "0.90", "0.50", "0.25", "0.90"]
    date = [table.item(2, c).text() for c in range(5)]
    assert date == ["not defined"] * 5
    # each "not defined" says why, in the report's words
    assert table.item(2, 0).toolTip() == "neither annotator marked 'date'"
    assert table.item(2, 4).toolTip() == "nobody marked 'date'"
    with qtbot.waitSignal(view.disagreements_requested) as blocker:
        click_cell(qtbot, table, table.model().index(1, 0))
    assert blocker.args == ["ali", "sara", "actor", "exact"]
    with qtbot.waitSignal(view.disagreements_requested) as blocker:
        click_cell(qtbot, table, table.model().index(3, 1))
    assert blocker.args == ["ali", "sara", "topic", "overlap"]
    table.setFocus()
    table.setCurrentCell(0, 0)
    with qtbot.waitSignal(view.disagreements_requested) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Enter)
    assert blocker.args == ["ali", "sara", "", "exact"]


def test_tab_goes_matrix_label_table_list(view: AgreementView, qtbot: QtBot):
    view.matrix.setFocus()
    assert view.matrix.hasFocus()
    qtbot.keyClick(view.matrix, Qt.Key.Key_Tab)
    assert view.label_table.hasFocus()
    qtbot.keyClick(view.label_table, Qt.Key.Key_Tab)
    assert view.list_view.hasFocus()


def test_none_figures_are_not_defined_with_a_reason(qtbot: QtBot):
    widget = AgreementView()
    qtbot.addWidget(widget)
    report = replace(
        REPORT,
        fleiss_kappa=Figure(None, "needs at least two annotators"),
        krippendorff_alpha=Figure(float("nan")),
        alpha_unitizing=UnitizingFigures(Figure(None), {}, {}, {}, 0),
    )
    widget.set_report(report)
    fleiss = widget.summary_values["fleiss_kappa"]
    assert fleiss.text() == "not defined"
    assert fleiss.toolTip() == "needs at least two annotators"
    alpha = widget.summary_values["krippendorff_alpha"]
    assert alpha.text() == "not defined"  # NaN is not a number to show
    assert alpha.toolTip()  # the generic reason
    assert widget.summary_values["alpha_unitizing"].text() == "not defined"


def test_one_annotator_report_shows_an_empty_matrix(qtbot: QtBot):
    widget = AgreementView()
    qtbot.addWidget(widget)
    nobody = dict.fromkeys(LABELS, Figure(None, "needs at least two annotators"))
    widget.set_report(
        AgreementReport(
            annotators=("ali",),
            labels=tuple(LABELS),
            documents=5,
            tokens=900,
            pairs=(),
            fleiss_kappa=Figure(None, "needs at least two annotators"),
            fleiss_tokens=0,
            krippendorff_alpha=Figure(None, "needs at least two annotators"),
            alpha_tokens=0,
            alpha_unitizing=UnitizingFigures(
                Figure(None, "needs at least two annotators"), nobody, {}, {}, 5
            ),
            ranking=(),
        )
    )
    widget.show()
    qtbot.waitExposed(widget)
    assert cell_texts(widget) == [[""]]
    assert widget.selected_pair() is None
    assert widget.summary_values["fleiss_kappa"].text() == "not defined"
    assert widget.summary_values["annotators"].text() == "1"
    assert widget.label_table.item(0, 0).text() == "not defined"
    with qtbot.assertNotEmitted(widget.disagreements_requested):
        click_cell(qtbot, widget.matrix, widget.matrix.model().index(0, 0))
        click_cell(qtbot, widget.label_table, widget.label_table.model().index(1, 0))
    widget.grab()
    widget.set_report(None)  # nothing computed yet
    assert widget.matrix.rowCount() == 0


def test_disagreements_list_and_opening(view: AgreementView, qtbot: QtBot):
    view.show_disagreements(ROWS)
    model = view.disagreements
    assert model.rowCount() == 5
    assert model.headerData(2, Qt.Orientation.Horizontal) == "ali"
    kinds = [model.index(r, DisagreementModel.COL_KIND).data() for r in range(5)]
    assert kinds == [
        "only in ali",
        "only in sara",
        "other label",
        "other boundaries",
        "overlapping, other label",
    ]
    a_cell = model.index(0, DisagreementModel.COL_A)
    assert a_cell.data() == "\u2068actor\u2069 · \u2067وزیر امور خارجه\u2069"
    assert a_cell.data(Qt.ItemDataRole.UserRole + 3) is True  # laid out right to left
    assert model.index(0, DisagreementModel.COL_B).data() == "—"
    assert model.index(4, DisagreementModel.COL_A).data(Qt.ItemDataRole.UserRole + 3) is False
    list_view = view.list_view
    with qtbot.waitSignal(view.open_requested) as blocker:
        click_cell(qtbot, list_view, model.index(1, DisagreementModel.COL_KIND), double=True)
    assert blocker.args == [7, 40, 52]  # only b has a span there
    list_view.setFocus()
    list_view.setCurrentIndex(model.index(3, 0))
    with qtbot.waitSignal(view.open_requested) as blocker:
        qtbot.keyClick(list_view, Qt.Key.Key_Return)
    assert blocker.args == [9, 5, 30]  # a's span first


def test_bar_chart_paints_none_and_clicks(qtbot: QtBot):
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data(
        ["actor", "date", "موضوع"],
        [Series("F1", Qt.GlobalColor.blue), Series("alpha", Qt.GlobalColor.magenta)],
        [[0.9, None, float("nan")], [-0.2, 0.5, None]],
    )
    chart.resize(chart.sizeHint().expandedTo(chart.minimumSizeHint()))
    chart.show()
    qtbot.waitExposed(chart)
    assert not chart.grab().isNull()
    assert chart.value(2, 0) is None  # NaN is "n/a", not a bar
    with qtbot.waitSignal(chart.bar_clicked) as blocker:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(1, 1).center())
    assert blocker.args == ["date", 1]
    chart.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    assert not chart.grab().isNull()
    with qtbot.waitSignal(chart.bar_clicked) as blocker:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(0, 0).center())
    assert blocker.args == ["actor", 0]


def test_a_click_on_a_bar_asks_for_that_label(view: AgreementView, qtbot: QtBot):
    chart = view.chart
    rect = chart.bar_rect(LABELS.index("date"), 0)  # an "n/a" outline is clickable too
    with qtbot.waitSignal(view.disagreements_requested) as blocker:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["ali", "sara", "date", "overlap"]
    assert chart.value(LABELS.index("claim"), 1) == pytest.approx(0.2)


def test_is_rtl_follows_the_first_strong_character():
    assert is_rtl("۳۰ آبان")
    assert is_rtl("12 الكرملين")
    assert not is_rtl("Report 12")
    assert not is_rtl("123")


def test_screenshot(view: AgreementView, qtbot: QtBot):
    """The whole view with sample data, in the app's font, for a look by eye."""
    view.setFont(QFont(load_fonts()))  # the app sets it through the theme
    view.show_disagreements(ROWS)
    view.resize(1000, 760)
    QApplication.processEvents()
    assert view.grab().save(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 0


# -- the disagreements list before anything is asked ----------------------------------------


def test_the_list_says_what_to_do_until_a_figure_is_clicked(view: AgreementView, qtbot: QtBot):
    """Before any click, "0 disagreements" would read as "these two never disagree"."""
    assert view.list_count.text() == HINT
    assert view.disagreements.rowCount() == 0
    answer = [ROWS[:2]]
    # As the agreement pane does: each request comes back as rows, later.
    view.disagreements_requested.connect(lambda *_: view.show_disagreements(answer[0]))
    click_cell(qtbot, view.matrix, view.matrix.model().index(0, 2))
    assert view.list_count.text() == "2 disagreement(s)"
    assert view.disagreements.rowCount() == 2
    answer[0] = []
    click_cell(qtbot, view.label_table, view.label_table.model().index(1, 0))
    assert view.list_count.text() == "0 disagreement(s)"  # asked, and truly none
    view.set_report(REPORT)  # a new report: nothing asked about it yet
    assert view.list_count.text() == HINT
    assert view.disagreements.rowCount() == 0


# -- headers show whole, with and without the theme ---------------------------------------


@pytest.fixture
def interface(qapp) -> Iterator[Callable[[str, str], None]]:
    """interface("fa", "light"): a translated, themed application, as the app starts one
    ("none": no theme); the English, unstyled application comes back afterwards."""
    sheet, palette = qapp.styleSheet(), qapp.palette()

    def install(language: str, theme: str) -> None:
        if language != "en":
            i18n.install_translator(qapp, language)
        if theme != "none":
            apply_theme(qapp, theme, load_fonts())

    yield install
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    i18n.remove_translators(qapp)


def clipped_titles(header: QHeaderView, uppercased: bool) -> list[str]:
    """Titles that do not show whole: wider (as painted, plus the style's padding, at least
    4 px a side) than their section, or partly scrolled out of the header."""
    metrics = QFontMetrics(header.font())
    horizontal = header.orientation() == Qt.Orientation.Horizontal
    clipped = []
    for section in range(header.count()):
        text = str(header.model().headerData(section, header.orientation()) or "")
        written = metrics.horizontalAdvance(text)
        padding = max(8, header.sectionSizeFromContents(section).width() - written)
        shown = metrics.horizontalAdvance(text.upper() if uppercased else text)
        room = header.sectionSize(section) if horizontal else header.width()
        if horizontal:
            start = header.sectionViewportPosition(section)
            room = min(room, header.viewport().width() - start) if start >= 0 else 0
        if shown + padding > room:
            clipped.append(f"{text!r}: {shown} + {padding} > {room}")
    return clipped


@pytest.mark.parametrize(("language", "theme"), [("en", "none"), ("en", "light"), ("fa", "dark")])
def test_every_header_shows_whole_at_the_default_and_a_small_size(
    qtbot: QtBot, interface, language: str, theme: str
):
    """The window as the agreement pane makes it (1100 x 760), and smaller (900 x 650): every
    title of the pair matrix, the per-label table and the list fits its section. The theme
    arrives after the view is built, as a theme chosen in the preferences does."""
    if language != "en":
        interface(language, "none")
    window = QDialog()
    qtbot.addWidget(window)
    view = AgreementView(window)
    QVBoxLayout(window).addWidget(view)
    window.resize(1100, 760)
    view.set_report(REPORT)
    window.show()
    qtbot.waitExposed(window)
    interface("en", theme)
    uppercased = theme != "none"  # qt-material paints header titles in capitals
    headers = {
        "matrix columns": view.matrix.horizontalHeader(),
        "matrix rows": view.matrix.verticalHeader(),
        "label columns": view.label_table.horizontalHeader(),
        "label rows": view.label_table.verticalHeader(),
        "list columns": view.list_view.horizontalHeader(),
    }

    def titles_fit(size: tuple[int, int]) -> None:
        assert window.width() == size[0]
        # the unstyled application's larger font needs 680 px
        assert window.height() == size[1] or theme == "none"
        clipped = {
            name: found
            for name, header in headers.items()
            if (found := clipped_titles(header, uppercased))
        }
        assert not clipped, f"at {size}: {clipped}"

    qtbot.waitUntil(lambda: titles_fit((1100, 760)), timeout=2000)
    for size in ((1100, 760), (900, 650)):
        # The theme's titles and figures are measured once it reaches the tables; the
        # window's minimum follows when its layout runs next. A resize before then would be
        # held to the unstyled minimum: wait for it, as a user would before resizing.
        qtbot.waitUntil(lambda: window.minimumSize() == window.minimumSizeHint(), timeout=2000)
        window.resize(*size)
        for rows in ([], ROWS):
            if rows:
                view.show_disagreements(rows)
            qtbot.waitUntil(lambda size=size: titles_fit(size), timeout=2000)
    # Cohen's kappa has a "not defined" cell: the matrix had room for it all along.
    width = view.matrix.width()
    view.metric_combo.setFocus()
    qtbot.keyClick(view.metric_combo, Qt.Key.Key_End)
    assert view.current_metric() == "cohen_kappa"
    qtbot.waitUntil(lambda: titles_fit((900, 650)), timeout=2000)
    assert view.matrix.width() == width


def test_a_document_without_a_title_shows_its_id_by_the_names_rule(qtbot: QtBot):
    """Its id stands in for the title: a key a lead types back, so a tab in it is shown
    escaped, where a title's tab is a space ("d<TAB>1" showed as "d 1", another id)."""
    model = DisagreementModel()
    rows = [
        Row(1, "d\t1", "missing", None, None, titled=False),
        Row(2, "a\tb", "missing", None, None),
    ]
    model.set_rows(rows, "a", "b")
    shown = [model.index(r, DisagreementModel.COL_DOCUMENT).data() for r in range(2)]
    assert shown == ["d\\u00091", "a b"]
    tip = model.index(0, DisagreementModel.COL_DOCUMENT).data(Qt.ItemDataRole.ToolTipRole)
    assert "d\\u00091 (#1)" in tip
