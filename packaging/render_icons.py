"""Render resources/icons/seed-annotator.svg to the PNG, ICO and ICNS files the packages use.

    QT_QPA_PLATFORM=offscreen python packaging/render_icons.py

Writes, next to the SVG:
  seed-annotator-{16,32,48,64,128,256,512}.png   the hicolor sizes (Linux desktop, AppStream)
  seed-annotator.ico                             Windows (PyInstaller's EXE icon)
  seed-annotator.icns                            macOS (the .app bundle's icon)

Only PySide6 is needed (QtSvg renders; Qt's ico/icns image plugins write the containers).
The renders are committed: run this again after changing the SVG.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "seed-annotator.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold PNG data, by pixel size (macOS 10.7+)
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09",
              1024: b"ic10"}  # fmt: skip


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, QImage]) -> bytes:
    """A Windows .ico whose entries are PNG-compressed (Windows Vista and later read them)."""
    entries = [(size, png_bytes(images[size])) for size in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = len(header) + 16 * len(entries)
    directory, blobs = b"", b""
    for size, blob in entries:
        edge = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + directory + blobs


def icns(images: dict[int, QImage]) -> bytes:
    """A macOS .icns of PNG elements; 1024 is the 512@2x Retina size."""
    body = b""
    for size, kind in ICNS_TYPES.items():
        blob = png_bytes(images[size])
        body += kind + struct.pack(">I", 8 + len(blob)) + blob
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"error: Qt cannot read {SVG}", file=sys.stderr)
        return 1
    wanted = sorted(set(SIZES) | set(ICO_SIZES) | set(ICNS_TYPES))
    images = {size: render(renderer, size) for size in wanted}
    for size in SIZES:
        out = ICONS / f"seed-annotator-{size}.png"
        out.write_bytes(png_bytes(images[size]))
        print(f"wrote {out.relative_to(ROOT)}")
    for name, data in (("seed-annotator.ico", ico(images)), ("seed-annotator.icns", icns(images))):
        (ICONS / name).write_bytes(data)
        print(f"wrote {(ICONS / name).relative_to(ROOT)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
