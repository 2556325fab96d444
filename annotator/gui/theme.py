"""qt-material, light or dark, with our font; rendered once, then read from the user cache."""

from __future__ import annotations

import importlib.util
from importlib.metadata import version
from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QApplication

from annotator import paths

THEME_FILES = {"light": "light_blue.xml", "dark": "dark_teal.xml"}
# qt-material paints editor text in the accent colour; an article is read for hours, so it
# gets plain high-contrast text instead.
READING = {
    "light": "ArticleView { color: #1b1b1f; background-color: #fdfdfb; }",
    "dark": "ArticleView { color: #e6e6e3; background-color: #202124; }",
}


def apply_theme(app: QApplication, theme: str, font_family: str) -> None:
    """Rendering qt-material's template (jinja2, Roboto, icons) costs ~0.4 s of every start:
    do it once per theme and version, keep the stylesheet and icons in the user cache."""
    theme = theme if theme in THEME_FILES else "light"
    cache = paths.user_cache_dir() / "qt-material"
    icons = cache / theme
    qss = cache / f"{theme}-{version('qt-material')}-{font_family}.qss"
    if qss.exists() and icons.is_dir():
        app.setStyle("Fusion")
        QDir.addSearchPath("icon", str(icons))
        QDir.addSearchPath("qt_material", str(_qt_material_resources()))
        stylesheet = qss.read_text(encoding="utf-8")
    else:
        import qt_material  # after PySide6 (RTL-NOTES), and only when rendering is needed

        cache.mkdir(parents=True, exist_ok=True)
        qt_material.apply_stylesheet(
            app,
            THEME_FILES[theme],
            invert_secondary=theme == "light",
            parent=str(icons),
            extra={"font_family": font_family, "density_scale": "-1"},
            save_as=str(qss),
        )
        stylesheet = app.styleSheet()
    app.setStyleSheet(stylesheet + "\n" + READING[theme])


def _qt_material_resources() -> Path:
    spec = importlib.util.find_spec("qt_material")  # locates it without importing it
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "resources"
