"""The interface language: English, Persian or Arabic, from the user's setting or the system.

Translations are Qt's own: `resources/translations/seed_annotator_<lang>.qm`, built from the
`.ts` sources by `python resources/translations/build.py`. Qt's `qtbase_<lang>.qm` (standard
dialog buttons, context menus of line edits) is loaded from PySide6's folder when present.
Persian and Arabic lay the window out right to left; the article view still lays out each
paragraph in the direction of its own text.
"""

from __future__ import annotations

import logging
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

# Translators are process-wide: kept here so a second call replaces, never stacks, them.
_installed: list[QTranslator] = []


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
