"""The toolbar's icons: our own one-colour SVGs, drawn in the colour of the theme's text.

`resources/icons/<name>.svg` are 24x24, stroke-only drawings whose one colour is the
placeholder `currentColor`; `icon(name, color)` puts a real colour in its place and renders
them. Qt's standard icons do not do: a floppy disk said "Export" in a program with no Save,
◀ ▶ read as previous/next rather than undo/redo, and ▲ ▼ stayed black on the dark theme's
dark grey. `icon_for(widget, name)` takes the colour from the widget's palette, which the
qt-material stylesheet sets (white in the dark theme, grey in the light one), and
`bind_icons` draws them again when the theme changes.

Undo, redo and review are drawn mirrored in a right-to-left interface: there "back" is to
the right (Qt mirrors the layout, never an icon's pixels). The chevrons of previous/next
document point up and down, like the list, and are never mirrored.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QImage, QKeySequence, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractButton, QToolBar, QWidget

from annotator.paths import resources_dir

try:  # QtSvg is part of PySide6-Essentials; without it QIcon reads the file as it is
    from PySide6.QtSvg import QSvgRenderer

    HAS_SVG = True
except ImportError:  # pragma: no cover - a PySide6 build without QtSvg
    HAS_SVG = False

NAMES = (
    "import",
    "export",
    "undo",
    "redo",
    "delete",
    "previous",
    "next",
    "done",
    "review",
    "find",
    "preferences",
)
# Icons that point along the reading direction: mirrored when it runs right to left.
MIRRORED = frozenset({"undo", "redo", "review"})
PLACEHOLDER = "currentColor"
# Rendered at each size rather than scaled: sharp from a 16 px menu to a 2x toolbar.
SIZES = (16, 20, 24, 32, 40, 48, 64, 96)
DISABLED_OPACITY = 0.38  # Material's share for disabled content: visible, plainly inactive

_cache: dict[tuple[str, int, bool], QIcon] = {}


def icons_dir() -> Path:
    return resources_dir() / "icons"


def icon_path(name: str) -> Path:
    path = icons_dir() / f"{name}.svg"
    if not path.is_file():
        raise KeyError(f"no icon named {name!r} in {icons_dir()}")
    return path


def icon(name: str, color: QColor | str, *, mirrored: bool = False) -> QIcon:
    """The icon `name` drawn in `color`, flipped left to right if `mirrored`; cached.

    Its Disabled mode is the same drawing, faded (Qt's own disabled version of a white
    icon stays white, so a disabled Undo would look enabled in the dark theme).
    """
    qcolor = QColor(color)
    if not qcolor.isValid():
        raise ValueError(f"not a colour: {color!r}")
    key = (name, qcolor.rgba(), mirrored)
    cached = _cache.get(key)
    if cached is None:
        cached = _cache[key] = _build(name, qcolor, mirrored)
    return QIcon(cached)  # a shared copy: a caller's addPixmap() leaves the cache alone


def icon_color(widget: QWidget) -> QColor:
    """The colour the widget draws its text in: ButtonText on buttons and tool bars (what
    their buttons use), WindowText elsewhere."""
    widget.ensurePolished()  # the stylesheet's colours reach the palette when polished
    button = isinstance(widget, QAbstractButton | QToolBar)
    role = QPalette.ColorRole.ButtonText if button else QPalette.ColorRole.WindowText
    return widget.palette().color(QPalette.ColorGroup.Active, role)


def icon_for(widget: QWidget, name: str) -> QIcon:
    """The icon in the widget's text colour, mirrored where the widget is right to left."""
    mirrored = name in MIRRORED and widget.layoutDirection() == Qt.LayoutDirection.RightToLeft
    return icon(name, icon_color(widget), mirrored=mirrored)


def with_keys(text: str, action: QAction) -> str:
    """A tooltip naming the action's keys: "Export… (Ctrl+E)"; the text without its "&"."""
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    keys: list[str] = []
    for sequence in action.shortcuts():
        native = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        if native and native not in keys:
            keys.append(native)
    return f"{plain} ({', '.join(keys)})" if keys else plain


class IconBinding(QObject):
    """Keeps actions' icons in the colour of a widget's text: set now, and again whenever
    the widget's style or palette changes (the theme switched) or its direction does."""

    _EVENTS = frozenset(
        {
            QEvent.Type.StyleChange,
            QEvent.Type.PaletteChange,
            QEvent.Type.LayoutDirectionChange,
        }
    )

    def __init__(self, widget: QWidget, icons: Mapping[QAction, str]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._icons = dict(icons)
        self._refreshing = False
        widget.installEventFilter(self)
        self.refresh()

    def add(self, action: QAction, name: str) -> None:
        self._icons[action] = name
        action.setIcon(icon_for(self._widget, name))

    def refresh(self) -> None:
        if self._refreshing:
            return
        self._refreshing = True
        try:
            for action, name in self._icons.items():
                action.setIcon(icon_for(self._widget, name))
        finally:
            self._refreshing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() in self._EVENTS:
            self.refresh()
        return False


def bind_icons(widget: QWidget, icons: Mapping[QAction, str]) -> IconBinding:
    """Give each action its icon in `widget`'s text colour, kept right across theme
    changes. The binding is a child of `widget`: it lives as long as the widget does."""
    return IconBinding(widget, icons)


def _build(name: str, color: QColor, mirrored: bool) -> QIcon:
    path = icon_path(name)
    if not HAS_SVG:  # pragma: no cover - without QtSvg there is no colouring either
        return QIcon(str(path))
    svg = path.read_text(encoding="utf-8").replace(
        PLACEHOLDER, color.name(QColor.NameFormat.HexRgb)
    )
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError(f"{path} is not an SVG Qt can draw")
    result = QIcon()
    for size in SIZES:
        result.addPixmap(_render(renderer, size, color.alphaF(), mirrored), QIcon.Mode.Normal)
        faded = color.alphaF() * DISABLED_OPACITY
        result.addPixmap(_render(renderer, size, faded, mirrored), QIcon.Mode.Disabled)
    return result


def _render(renderer: QSvgRenderer, size: int, opacity: float, mirrored: bool) -> QPixmap:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setOpacity(opacity)
    if mirrored:
        painter.translate(size, 0)
        painter.scale(-1, 1)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return QPixmap.fromImage(image)
