"""qt-material, light or dark, with our font; rendered once, then read from the user cache."""

from __future__ import annotations

import importlib.util
from importlib.metadata import version
from pathlib import Path

from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import QApplication

from annotator import paths

THEME_FILES = {"light": "light_blue.xml", "dark": "dark_teal.xml"}
# qt-material paints editor text in the accent colour; an article is read for hours, so it
# gets plain high-contrast text instead.
READING = {
    "light": "ArticleView { color: #1b1b1f; background-color: #fdfdfb; }",
    "dark": "ArticleView { color: #e6e6e3; background-color: #202124; }",
}
# Selected text on a selected background at WCAG contrast >= 4.5 (tests/gui/test_icons.py
# measures the pixels). qt-material's dark teal drew the current row in bright teal #1de9b6
# and menu items and selected text in #6effe8, both under white text (1.6:1 and 1.2:1); the
# other cells of a selected row laid 20 % teal over the palette's highlight (4.0:1). Its
# light blue put #3c3c3c on #2979ff (2.8:1) and grey on a mid blue (3.9:1). Now: the
# current item in the accent a shade darker under white; the rest of a selected row in a
# paler (light) or deeper (dark) tint of it, opaque, so nothing shows through.
HIGHLIGHT = {"light": "#1565c0", "dark": "#00796b"}  # the current item, a menu item
HIGHLIGHTED_TEXT = {"light": "#ffffff", "dark": "#ffffff"}
SELECTED = {"light": "#c5dafc", "dark": "#1d6b60"}  # the rest of a selected row
SELECTED_TEXT = {"light": "#202124", "dark": "#ffffff"}
_ITEMS = """
QTableView, QTreeView, QListView {{
  selection-background-color: {selected};
  selection-color: {selected_text};
}}
QTableView::item:selected,
QTreeView::item:selected,
QListView::item:selected {{
  background-color: {selected};
  selection-background-color: {selected};
  color: {selected_text};
  selection-color: {selected_text};
}}
QTableView:focus, QTreeView:focus, QListView:focus {{
  selection-background-color: {highlight};
  selection-color: {text};
}}
QTableView::item:selected:focus,
QTreeView::item:selected:focus,
QListView::item:selected:focus {{
  background-color: {highlight};
  selection-background-color: {highlight};
  color: {text};
  selection-color: {text};
}}
"""
_DARK_MENUS = """
* {{ selection-background-color: {highlight}; selection-color: {text}; }}
QComboBox::item:selected,
QMenu::item:selected,
QMenuBar::item:selected,
QMenuBar::item:pressed {{
  color: {text};
  background-color: {highlight};
}}
"""
SELECTION = {
    theme: ((_DARK_MENUS if theme == "dark" else "") + _ITEMS).format(
        highlight=HIGHLIGHT[theme],
        text=HIGHLIGHTED_TEXT[theme],
        selected=SELECTED[theme],
        selected_text=SELECTED_TEXT[theme],
    )
    for theme in THEME_FILES
}
# The document list's small columns (language, status, spans) fit their contents: the
# theme's 20 px of header padding each side made them wider than the titles' column.
COMPACT_HEADERS = "DocumentList QHeaderView::section { padding: 0px 6px; }"
# qt-material gives every tool button 12 px borders each side: ten icons then take 660 px and
# at 1024 px the last ones (Next document, Review) fall off the toolbar.
COMPACT_TOOLBAR = (
    "QToolBar#work-toolbar QToolButton { margin: 1px; padding: 3px;"
    " border-left-width: 3px; border-right-width: 3px; }"
)
# Stylesheet padding is physical: qt-material pads the left of line edits, combo boxes and
# spin boxes, where their text starts in English. In a right-to-left interface text starts
# on the right, so it touched the border; the padding (and the combo arrow's margin) moves
# over. Chosen when the theme is applied, as the interface direction is fixed by then.
PADDING = 12  # qt-material's 16 px at density -1
ARROW_MARGIN = 8  # qt-material's 12 px at density -1
RIGHT_TO_LEFT = f"""
QLineEdit, QComboBox, QDateEdit, QDateTimeEdit, QSpinBox, QDoubleSpinBox {{
  padding-left: 0px;
  padding-right: {PADDING}px;
}}
QComboBox::down-arrow,
QComboBox::down-arrow:focus,
QComboBox::down-arrow:disabled {{
  margin-right: 0px;
  margin-left: {ARROW_MARGIN}px;
}}
"""


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
    app.setStyleSheet("\n".join([stylesheet, *extra_rules(app, theme)]))


def extra_rules(app: QApplication, theme: str) -> list[str]:
    """Our rules over qt-material's: reading colours, readable selections, compact headers,
    and padding on the side where text starts."""
    rules = [READING[theme], SELECTION[theme], COMPACT_HEADERS, COMPACT_TOOLBAR]
    if app.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        rules.append(RIGHT_TO_LEFT)
    return rules


def _qt_material_resources() -> Path:
    spec = importlib.util.find_spec("qt_material")  # locates it without importing it
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "resources"
