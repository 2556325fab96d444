"""The interface language: English, Persian or Arabic, from the user's setting or the system.

Translations are Qt's own: `resources/translations/seed_annotator_<lang>.qm`, built from the
`.ts` sources by `python resources/translations/build.py`. Qt's `qtbase_<lang>.qm` (standard
dialog buttons, context menus of line edits) is loaded from PySide6's folder when present.
Persian and Arabic lay the window out right to left; the article view still lays out each
paragraph in the direction of its own text.
"""

from __future__ import annotations

import logging
import re
import shlex
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    Qt,
    QTranslator,
)
from PySide6.QtWidgets import QApplication

from annotator.core.text.names import shown_name
from annotator.paths import resources_dir

log = logging.getLogger(__name__)

DEFAULT = "en"
# code -> the language's own name, as the View ▸ Language menu shows it
LANGUAGES = {"en": "English", "fa": "فارسی", "ar": "العربية"}
RIGHT_TO_LEFT = frozenset({"fa", "ar"})
CATALOG = "seed_annotator"

# Qt's convention: a catalogue says which way its language is written (QGuiApplication reads
# it on a language change when no direction was set explicitly).
QT_TRANSLATE_NOOP("QGuiApplication", "QT_LAYOUT_DIRECTION")

# The default labels' names and descriptions, as the interface shows them. The names are
# data (stored, exported, matched by the registries): "actor" stays "actor" in the project
# and its exports, and only the palette, panels and menus say کنشگر or فاعل. A label the
# project added, or a default whose description was edited, is shown as stored.
LABEL_CONTEXT = "Labels"
_LABEL_TITLES = {
    "actor": QT_TRANSLATE_NOOP("Labels", "actor"),
    "date": QT_TRANSLATE_NOOP("Labels", "date"),
    "topic": QT_TRANSLATE_NOOP("Labels", "topic"),
    "claim": QT_TRANSLATE_NOOP("Labels", "claim"),
}
_LABEL_DESCRIPTIONS = {  # as annotator.core.model.DEFAULT_LABELS stores them
    "actor": QT_TRANSLATE_NOOP("Labels", "A person, organisation or state that acts or speaks"),
    "date": QT_TRANSLATE_NOOP("Labels", "A date or time expression, in any calendar"),
    "topic": QT_TRANSLATE_NOOP(
        "Labels", "What the article is about: a country, a crisis, an issue"
    ),
    "claim": QT_TRANSLATE_NOOP("Labels", "A statement attributed to someone"),
}

# Translators are process-wide: kept here so a second call replaces, never stacks, them.
_installed: list[QTranslator] = []


_MARKER = re.compile(r"%([1-9])")  # ASCII digits only, as Qt reads them


def fill(text: str, *values: str) -> str:
    """`text` with Qt's markers %1, %2 ... replaced by `values`, all in one pass. Replacing
    them one after another would also replace a marker inside a value already put in (a
    document id `wire%3A17` would get the date where its `%3` is); a marker with no value
    is left as it is."""

    def value(found: re.Match[str]) -> str:
        n = int(found.group(1))
        return values[n - 1] if 1 <= n <= len(values) else found.group(0)

    return _MARKER.sub(value, text)


def translations_dir() -> Path:
    return resources_dir() / "translations"


def system_language() -> str:
    """The system locale's language if the interface has it, else English."""
    code = QLocale.system().name()[:2].lower()
    return code if code in LANGUAGES else DEFAULT


def resolve(language: str | None) -> str:
    """A supported language code: None (or an unknown code) means the system's language."""
    if language:
        code = language.strip().lower()[:2]
        if code in LANGUAGES:
            return code
        log.warning("no interface in %r: using the system language", language)
    return system_language()


def remove_translators(app: QCoreApplication) -> None:
    """Back to the untranslated (English) interface, laid out left to right."""
    while _installed:
        app.removeTranslator(_installed.pop())
    if isinstance(app, QApplication):
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def install_translator(app: QCoreApplication, language: str | None) -> str:
    """Translate the interface into `language` (None: the system's); returns the code used.

    Call before building windows: widgets take their texts when they are made. Calling it
    again replaces the translators installed before.
    """
    remove_translators(app)
    code = resolve(language)
    own = QTranslator(app)
    if own.load(f"{CATALOG}_{code}", str(translations_dir())):
        app.installTranslator(own)
        _installed.append(own)
    elif code != DEFAULT:
        log.warning("the %s translation is missing from %s", code, translations_dir())
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if code != DEFAULT and qt.load(f"qtbase_{code}", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    if isinstance(app, QApplication):
        direction = (
            Qt.LayoutDirection.RightToLeft
            if code in RIGHT_TO_LEFT
            else Qt.LayoutDirection.LeftToRight
        )
        app.setLayoutDirection(direction)
    return code


def label_title(name: str) -> str:
    """A label's name as the interface shows it: the four default labels in the interface
    language, any other name as stored but for what would command the line around it
    (a colleague's project may hold one: text.names.shown). Display only: store and export
    `name` itself."""
    source = _LABEL_TITLES.get(name)
    # str(): QT_TRANSLATE_NOOP returns its text, typed as object
    return QCoreApplication.translate(LABEL_CONTEXT, str(source)) if source else shown_name(name)


def label_description(name: str, description: str) -> str:
    """A label's description as the interface shows it: a default label's own description
    translated, anything else (an edited or added one) as stored."""
    source = _LABEL_DESCRIPTIONS.get(name)
    if source is not None and description == source:
        return QCoreApplication.translate(LABEL_CONTEXT, str(source))
    return description


def read_only_reason(reason: str) -> str:
    """Why the project cannot be written here, in the interface's language (the core says
    it in English, for its messages and the command line, with a kind to translate by)."""
    kind, name = getattr(reason, "kind", ""), getattr(reason, "name", "")
    if kind == "disk":
        return QCoreApplication.translate("read-only", "the disk it is on is read-only")
    if kind == "file":
        return QCoreApplication.translate("read-only", "the file is read-only")
    if kind == "folder":
        return QCoreApplication.translate("read-only", "its folder is not writable")
    if kind == "beside":
        return QCoreApplication.translate(
            "read-only", "%1 beside it is read-only; remove it when no program has it open"
        ).replace("%1", name)
    return str(reason)


def error_text(exc: BaseException) -> str:
    """A project error in the interface's language when the core told its kind (read-only,
    damaged, rows we cannot use, no copy possible, disk full); any other error in the core's
    own words. SQLite's own account of damage stays as SQLite gave it: it is for whoever
    repairs the file."""
    kind = getattr(exc, "kind", "")
    path = str(getattr(exc, "path", "") or "")
    values = {"1": path, "2": getattr(exc, "detail", ""), "3": ""}
    if kind == "read-only":
        values["2"] = read_only_reason(values["2"])
        text = QCoreApplication.translate(
            "errors", "%1 is read-only here (%2), so nothing was changed."
        )
    elif kind == "damaged":
        text = QCoreApplication.translate(
            "errors",
            "%1 is damaged (%2); nothing was changed, and nothing will be written into it.",
        )
    elif kind == "unusable-rows":
        values["3"] = f"annotator clean-copy {shlex.quote(path)}"
        text = QCoreApplication.translate(
            "errors",
            "%1 is not damaged: its pages are sound, but it holds rows Seed Annotator cannot "
            "use (%2). Nothing was changed, and nothing will be written into it. A copy that "
            "keeps everything else is offered when the file is opened again; it can also be "
            "made with the command: %3",
        )
    elif kind == "no-copy-here":
        values["2"] = read_only_reason(values["2"])
        text = QCoreApplication.translate(
            "errors",
            "No copy of %1 can be made beside it (%2); nothing was changed. Copy the file to "
            "a folder you can write to and open it from there.",
        )
    elif kind == "disk-full":
        text = QCoreApplication.translate(
            "errors", "%1: the disk is full; nothing was changed. Make room on it and try again."
        )
    else:
        return str(exc)
    # One pass, so a path or reason holding "%2" is never taken for a place to fill.
    return re.sub(r"%([123])", lambda m: values[m.group(1)], text)
