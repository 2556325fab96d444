"""The interface in English, Persian and Arabic: complete catalogues, and a mirrored window
whose article still lays out every paragraph in its own direction."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QUndoCommand
from PySide6.QtTest import QTest

from annotator.core.model import DEFAULT_LABELS, Label, NewDocument
from annotator.core.store.project import Project
from annotator.gui import app as gui_app
from annotator.gui import i18n
from annotator.gui.label_palette import LabelPalette
from annotator.gui.settings import UserSettings

from ..conftest import ROOT
from .test_names_shown_plain import shown_tip

TRANSLATIONS = ROOT / "resources" / "translations"
BUILD = TRANSLATIONS / "build.py"
# Qt's plural forms: Persian has one, Arabic six (0, 1, 2, 3-10, 11-99, 100-102 ...)
FORMS = {"fa": 1, "ar": 6, "en": 2}
PLACEHOLDER = re.compile(r"%(?:L?n|\d+|[sd])")
ENGLISH = "Vladimir Putin spoke to Donald Trump on Tuesday."
PERSIAN = "ولادیمیر پوتین و دونالد ترامپ روز سه‌شنبه گفتگو کردند."


def messages(language: str) -> list[tuple[str, str, ET.Element]]:
    """(context, source, message element) of one catalogue."""
    root = ET.parse(TRANSLATIONS / f"seed_annotator_{language}.ts").getroot()
    return [
        (context.findtext("name", ""), message.findtext("source", ""), message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = list(translation.iter("numerusform"))
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


def placeholders(text: str, plural: bool = False) -> set[str]:
    found = set(PLACEHOLDER.findall(text))
    return found - {"%n", "%Ln"} if plural else found


# -- the catalogues (no window needed) --------------------------------------------------------


@pytest.mark.parametrize("language", ["fa", "ar", "en"])
def test_every_translation_is_finished_and_keeps_its_placeholders(language):
    found = messages(language)
    assert found, f"the {language} catalogue is empty"
    problems = []
    for context, source, message in found:
        translation = message.find("translation")
        assert translation is not None
        texts = translations(message)
        where = f"{context}: {source!r}"
        if translation.get("type") is not None:  # unfinished, vanished, obsolete
            problems.append(f"{where} is {translation.get('type')}")
        if not all(text.strip() for text in texts):
            problems.append(f"{where} has an empty translation")
        plural = message.get("numerus") == "yes"
        if plural:
            if len(texts) != FORMS[language]:
                problems.append(f"{where}: {len(texts)} plural forms, not {FORMS[language]}")
            # Arabic may say "one document" / "two documents" without the number; the
            # forms for 3 and more (and Persian's only form) must show it.
            counted = texts[3:] if language == "ar" else texts
            number = "%Ln" if "%Ln" in source else "%n"
            if not all(number in text for text in counted):
                problems.append(f"{where}: a plural form lacks {number}")
        for text in texts:
            if placeholders(text, plural) != placeholders(source, plural):
                problems.append(f"{where}: placeholders differ in {text!r}")
    assert not problems, "\n".join(problems)


def test_english_catalogue_holds_only_plural_forms():
    assert all(m.get("numerus") == "yes" for _, _, m in messages("en"))


def test_persian_uses_persian_letters():
    """Persian ی and ک, never the Arabic ي and ك that a copy from Arabic would bring."""
    wrong = [
        (source, text)
        for _, source, message in messages("fa")
        for text in translations(message)
        if "ي" in text or "ك" in text
    ]
    assert not wrong


def test_no_string_in_the_code_is_left_untranslated(tmp_path: Path):
    """lupdate over annotator/gui into a fresh catalogue finds no string the .ts lacks."""
    fresh = tmp_path / "fresh_fa.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    command = [str(lupdate) if lupdate.exists() else "pyside6-lupdate"]
    command += ["-extensions", "py", "-silent", str(ROOT / "annotator" / "gui"), "-ts", str(fresh)]
    subprocess.run(command, check=True, capture_output=True)
    root = ET.parse(fresh).getroot()
    in_code = {
        (context.findtext("name", ""), message.findtext("source", ""))
        for context in root.iter("context")
        for message in context.iter("message")
    }
    assert len(in_code) > 150
    for language in ("fa", "ar"):
        known = {(context, source) for context, source, _ in messages(language)}
        missing = sorted(in_code - known)
        assert not missing, (
            f"not in seed_annotator_{language}.ts (run python resources/translations/build.py "
            f"and translate them): {missing}"
        )


def test_catalogues_and_compiled_files_are_up_to_date():
    result = subprocess.run(
        [sys.executable, str(BUILD), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_unknown_languages_fall_back(tmp_path: Path):
    assert i18n.resolve("fa_IR") == "fa"
    assert i18n.resolve("AR") == "ar"
    assert i18n.resolve(None) in i18n.LANGUAGES
    path = tmp_path / "settings.json"
    UserSettings(language="xx").save(path)
    assert UserSettings.load(path).language is None
    UserSettings(language="fa").save(path)
    assert UserSettings.load(path).language == "fa"


# -- the window in Persian --------------------------------------------------------------------


@pytest.fixture
def translated(qapp) -> Iterator[None]:
    """Translators are process-wide: whatever a test installs, the next test sees English."""
    yield
    i18n.remove_translators(qapp)
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight


@pytest.fixture
def mixed_project(tmp_path: Path) -> Path:
    """One document with an English paragraph above a Persian one."""
    path = tmp_path / "mixed.seedproj"
    text = f"{ENGLISH}\n{PERSIAN}"
    with Project.open(path) as project, project.transaction():
        project.documents.add(
            NewDocument("mixed", "خبر", "fa", text, text, None, "none", {}, "test")
        )
    return path


def start(qtbot, project_path: Path, language: str, settings: UserSettings | None = None):
    settings = settings or UserSettings(annotator="sara")
    settings.language = language
    session = gui_app.start(project_path, settings)
    assert session is not None
    qtbot.addWidget(session.window)
    assert QTest.qWaitForWindowExposed(session.window)
    return session


def test_persian_window_is_mirrored_and_translated(qtbot, qapp, translated, mixed_project):
    assert i18n.install_translator(qapp, "fa") == "fa"
    session = start(qtbot, mixed_project, "fa")
    window = session.window

    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles[0] == "&پرونده"
    assert "&بازبینی" in titles
    assert window.docks["documents"].windowTitle() == "اسناد"
    # the document list leads: on the right in a right-to-left window
    documents_area = window.dockWidgetArea(window.docks["documents"])
    assert documents_area == Qt.DockWidgetArea.RightDockWidgetArea
    article_x = window.view.mapTo(window, window.view.rect().topLeft()).x()
    assert window.docks["documents"].x() > article_x > window.docks["spans"].x()
    # keys read left to right in the mirrored menus: "Ctrl++", never "++Ctrl"
    native = QKeySequence.SequenceFormat.NativeText
    zoom = next(a for a in window.actions_.view.actions() if a.shortcuts()[:1] and
                a.shortcuts()[0].toString() == "Ctrl++")  # fmt: skip
    key = zoom.shortcuts()[0].toString(native)
    assert zoom.text().endswith(f"\t\u2066{key}\u2069"), zoom.text()
    undo = window.actions_.undo
    window.controller.undo_stack.push(QUndoCommand("x"))  # the stack rewrites its text
    assert undo.text().endswith("\u2069") and "\t\u2066" in undo.text()
    assert window.documents.count_label.text() == "1 سند"
    # Qt's own strings (standard buttons) come from qtbase_fa when PySide6 ships it
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"


def test_article_keeps_each_paragraph_in_its_own_direction(qtbot, qapp, translated, mixed_project):
    i18n.install_translator(qapp, "fa")
    window = start(qtbot, mixed_project, "fa").window
    view = window.view
    window.open_document(window.documents.first_document_id())
    assert view.text() == f"{ENGLISH}\n{PERSIAN}"

    english = view.document().firstBlock()
    persian = english.next()
    assert english.textDirection() == Qt.LayoutDirection.LeftToRight
    assert persian.textDirection() == Qt.LayoutDirection.RightToLeft
    middle = view.viewport().width() / 2
    # English reads from the left edge rightwards, Persian from the right edge leftwards
    first, later = view.point_of(0), view.point_of(len("Vladimir"))
    assert first.x() < later.x() and first.x() < middle
    start_fa = len(ENGLISH) + 1
    first, later = view.point_of(start_fa), view.point_of(start_fa + len("ولادیمیر"))
    assert first.x() > later.x() and first.x() > middle


def test_choosing_a_language_is_stored_for_the_next_start(qtbot, mixed_project):
    window = start(qtbot, mixed_project, "en").window
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    saved = []
    window.settings_changed.connect(lambda: saved.append(window.settings.language))
    window.actions_.languages["ar"].trigger()
    assert window.settings.language == "ar" and saved == ["ar"]
    assert window.actions_.languages["ar"].isChecked()
    assert "restart" in window.statusBar().currentMessage()
    window.actions_.languages[None].trigger()
    assert window.settings.language is None


# -- label names: stored in English, shown in the interface language ------------------------------

LABEL_TITLES = {
    "fa": {"actor": "کنشگر", "date": "تاریخ", "topic": "موضوع", "claim": "ادعا"},
    "ar": {"actor": "فاعل", "date": "تاريخ", "topic": "موضوع", "claim": "ادعاء"},
    "en": {"actor": "actor", "date": "date", "topic": "topic", "claim": "claim"},
}


@pytest.mark.parametrize("language", ["fa", "ar", "en"])
def test_default_label_names_are_shown_in_the_interface_language(qapp, translated, language):
    i18n.install_translator(qapp, language)
    titles = {label.name: i18n.label_title(label.name) for label in DEFAULT_LABELS}
    assert titles == LABEL_TITLES[language]
    assert i18n.label_title("place") == "place"  # a project's own label: as stored
    assert i18n.label_title("Actor") == "Actor"  # only the stored default names
    for label in DEFAULT_LABELS:
        shown = i18n.label_description(label.name, label.description)
        assert (shown == label.description) == (language == "en"), label.name
    edited = "Only heads of state"
    assert i18n.label_description("actor", edited) == edited


def test_label_palette_shows_translated_names_and_tags_with_stored_ones(qtbot, qapp, translated):
    i18n.install_translator(qapp, "fa")
    palette = LabelPalette()
    qtbot.addWidget(palette)
    palette.set_labels([*DEFAULT_LABELS, Label("place", "#17becf", "5", "A named place", 4)])
    assert palette.buttons["actor"].text() == "1  کنشگر"
    assert palette.buttons["claim"].text() == "4  ادعا"
    assert palette.buttons["place"].text() == "5  place"
    tips = {name: shown_tip(palette.buttons[name].toolTip()) for name in ("actor", "place")}
    assert tips["actor"] == i18n.label_description("actor", DEFAULT_LABELS[0].description)
    assert tips["actor"] != DEFAULT_LABELS[0].description
    assert tips["place"] == "A named place"
    with qtbot.waitSignal(palette.label_chosen) as chosen:
        palette.buttons["actor"].click()
    assert chosen.args == ["actor"]  # the data keeps the stored, English name


def test_a_layout_saved_in_english_keeps_the_persian_lists_on_the_right(
    qtbot, qapp, translated, mixed_project
):
    english = start(qtbot, mixed_project, "en")
    english.window.close()  # saves its layout: documents on the left
    settings = english.settings
    assert settings.window_state.startswith("ltr:")
    assert i18n.install_translator(qapp, "fa") == "fa"
    window = start(qtbot, mixed_project, "fa", settings=settings).window
    article_x = window.view.mapTo(window, window.view.rect().topLeft()).x()
    assert window.docks["documents"].x() > article_x


@pytest.mark.parametrize(("language", "claim"), [("fa", "ادعا"), ("ar", "ادعاء")])
def test_span_panel_names_default_labels_as_the_toolbar_does(
    qtbot, qapp, translated, language, claim
):
    """A Persian interface named a span «کنشگر» on the toolbar and «actor» in the span list
    beside it. Switching the language renames it there too; a panel made in the language
    fits each name whole, swatch and padding included."""
    from annotator.core.model import Span
    from annotator.gui.span_panel import COL_LABEL, SpanPanel

    def shown_panel() -> SpanPanel:
        panel = SpanPanel()
        qtbot.addWidget(panel)
        panel.set_labels(list(DEFAULT_LABELS))
        names = ["claim", "actor", "date", "topic"]
        spans = [
            Span(i + 1, 1, "sara", n, 10 * i, 10 * i + 3, "abc", {}) for i, n in enumerate(names)
        ]
        panel.set_spans(spans)
        panel.resize(400, 300)
        panel.show()
        return panel

    def fits(panel: SpanPanel) -> bool:
        hints = [panel.sizeHintForIndex(panel.spans.index(r, COL_LABEL)) for r in range(4)]
        return all(panel.columnWidth(COL_LABEL) >= hint.width() for hint in hints)

    switched = shown_panel()
    assert switched.shown_text(0, COL_LABEL) == "claim"
    i18n.install_translator(qapp, language)
    assert switched.shown_text(0, COL_LABEL) == claim
    qtbot.waitUntil(lambda: fits(switched))  # once the language change has reached it
    made = shown_panel()
    assert made.shown_text(0, COL_LABEL) == claim
    assert fits(made)


@pytest.mark.parametrize(
    ("language", "reason"), [("fa", "خود پرونده فقط خواندنی است"), ("ar", "الملف للقراءة فقط")]
)
def test_why_a_project_is_read_only_is_said_in_the_interface_s_language(
    qtbot, qapp, translated, mixed_project, monkeypatch, language, reason
):
    from annotator.core.store import failures

    real = failures._may_write
    # The file may not be written by this user (the tests run as root, whom no mode stops).
    monkeypatch.setattr(failures, "_may_write", lambda p: p != mixed_project and real(p))
    assert i18n.install_translator(qapp, language) == language
    window = start(qtbot, mixed_project, language).window
    assert window.project.read_only == "the file is read-only"  # the core's own words
    assert window.where.toolTip() == reason


@pytest.mark.parametrize(
    ("language", "said"),
    [("fa", "فقط خواندنی است"), ("ar", "للقراءة فقط")],
)
def test_a_tag_refused_in_a_read_only_project_is_told_in_the_interface_s_language(
    qtbot, qapp, translated, mixed_project, monkeypatch, language, said
):
    """The refusal of an edit came in the core's English inside a Persian window."""
    from annotator.core.store import failures

    from .modal import when_dialog
    from .test_main_window import tag_word

    real = failures._may_write
    monkeypatch.setattr(failures, "_may_write", lambda p: p != mixed_project and real(p))
    assert i18n.install_translator(qapp, language) == language
    session = start(qtbot, mixed_project, language)
    told: list[str] = []

    def read(dialog) -> None:
        told.append(dialog.text())
        dialog.accept()

    when_dialog(read)
    tag_word(qtbot, session, PERSIAN.split()[1], "1")
    qtbot.waitUntil(lambda: bool(told))
    (message,) = told
    assert mixed_project.name in message
    assert said in message
    assert "nothing was changed" not in message and "read-only" not in message
    with Project.open(mixed_project, for_reading=True) as project:
        assert project.spans.for_document(1) == []


def test_a_value_holding_a_marker_is_shown_as_it_is():
    """Names and ids from outside (a URL-encoded `wire%3A17`, a file `report%2.txt`) are
    put into a message whole: a marker inside one is not filled a second time."""
    assert i18n.fill("%1 on %2 since %3", "liz", "wire%3A17", "10:42") == (
        "liz on wire%3A17 since 10:42"
    )
    assert i18n.fill("%2 before %1", "report%2.txt", "b") == "b before report%2.txt"
    assert i18n.fill("%1 and %2", "only one") == "only one and %2"
