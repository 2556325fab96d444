"""Register the bundled Vazirmatn fonts with Qt, once per process."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFontDatabase, QGuiApplication

from annotator.paths import resources_dir

FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf")

# Qt's font database is per process, so the registration is too: a second call is free.
_registered_family: str | None = None


class FontLoadError(RuntimeError):
    """A bundled font is missing or Qt refused it: Arabic text would fall back to DejaVu."""


def load_fonts() -> str:
    """Register Vazirmatn Regular and Bold and return the family name to set on views.

    From data, not from a path, so the same call works from a checkout, a wheel or a frozen
    build. The machine's own fonts lack glyphs such as ﷼, hence a bundled family.
    """
    global _registered_family
    if _registered_family is not None:
        return _registered_family
    if QGuiApplication.instance() is None:
        raise FontLoadError("load_fonts() needs a QGuiApplication: create the application first")
    families: list[str] = []
    for name in FONT_FILES:
        path = resources_dir() / "fonts" / name
        try:
            data = path.read_bytes()
        except OSError as error:
            raise FontLoadError(f"cannot read the bundled font {path}: {error}") from error
        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data))
        if font_id == -1:
            raise FontLoadError(f"Qt could not load the bundled font {path}")
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if not families:
        raise FontLoadError("the bundled Vazirmatn fonts declare no font family")
    _registered_family = families[0]
    return _registered_family
