"""Desktop integration files (packaging/linux) and the app icon: consistent with each other
and with what the app writes. Fast: nothing is built.

The assertions run on the parsed files everywhere. Where `appstreamcli` or
`desktop-file-validate` is installed, the official validators run as an extra check; where
they are missing, only that extra is left out (the test itself never skips).
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QImageReader

from annotator.core.store import schema
from annotator.core.store.project import Project

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"
APP_ID = "org.seedannotator.SeedAnnotator"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME_XML = LINUX / f"{APP_ID}.xml"
MIME_TYPE = "application/x-seed-annotator-project"
MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_has_the_required_keys_and_takes_a_file():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Seed Annotator"
    assert entry["Exec"].split()[0] == "annotator"
    assert entry["Exec"].split()[1:] == ["%f"]
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["MimeType"].split(";")[:-1] == [MIME_TYPE]
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"].split(";")
    if shutil.which("desktop-file-validate"):  # extra check where the validator is installed
        result = subprocess.run(
            ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True
        )
        assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def test_the_app_announces_the_desktop_file_name():
    """On Wayland the window finds its launcher and icon by this name."""
    source = (ROOT / "annotator" / "gui" / "app.py").read_text(encoding="utf-8")
    assert f'setDesktopFileName("{APP_ID}")' in source


def test_metainfo_is_well_formed_and_matches_the_desktop_entry():
    component = ET.parse(METAINFO).getroot()
    assert component.tag == "component"
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == DESKTOP.stem == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert component.findtext("metadata_license") == "CC0-1.0"
    assert component.findtext("project_license") == "MIT"
    assert component.findtext("name") == desktop_entry()["Name"]
    assert component.findtext("summary")
    assert component.findall("description/p")
    assert component.findtext("provides/binary") == "annotator"
    assert component.findtext("provides/mediatype") == MIME_TYPE
    assert component.find("content_rating") is not None
    from annotator import __version__

    assert component.find("releases/release").get("version") == __version__
    if shutil.which("appstreamcli"):  # extra check where AppStream's validator is installed
        result = subprocess.run(
            ["appstreamcli", "validate", "--no-net", str(METAINFO)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_mime_type_claims_the_extension_and_the_sqlite_header_with_our_application_id():
    root = ET.parse(MIME_XML).getroot()
    [mime] = root.findall("m:mime-type", MIME_NS)
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall("m:glob", MIME_NS)] == ["*.seedproj"]
    assert mime.find("m:sub-class-of", MIME_NS).get("type") == "application/vnd.sqlite3"
    header = mime.find("m:magic/m:match", MIME_NS)
    assert (header.get("type"), header.get("offset")) == ("string", "0")
    assert header.get("value") == "SQLite format 3"
    [app_id] = header.findall("m:match", MIME_NS)
    assert (app_id.get("type"), app_id.get("offset")) == ("big32", "68")
    assert int(app_id.get("value"), 16) == schema.APPLICATION_ID


def test_a_real_project_file_carries_the_magic_the_mime_type_claims(tmp_path: Path):
    path = tmp_path / "work.seedproj"
    with Project.open(path, create=True):
        pass
    data = path.read_bytes()
    assert data[:16] == b"SQLite format 3\x00"
    assert data[68:72] == b"SEED"
    assert int.from_bytes(data[68:72], "big") == schema.APPLICATION_ID == 0x53454544


def test_every_icon_render_exists_at_its_size():
    svg = ET.parse(ICONS / "seed-annotator.svg").getroot()
    assert svg.get("viewBox") == "0 0 256 256"
    for size in ICON_SIZES:
        reader = QImageReader(str(ICONS / f"seed-annotator-{size}.png"))
        assert reader.format() == b"png", size
        assert (reader.size().width(), reader.size().height()) == (size, size)
    ico = (ICONS / "seed-annotator.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00"  # ICONDIR of type 1 (icon)
    icns = (ICONS / "seed-annotator.icns").read_bytes()
    assert icns[:4] == b"icns" and int.from_bytes(icns[4:8], "big") == len(icns)


def test_packaging_scripts_are_executable_and_the_spec_bundles_resources_and_seeds():
    for script in ("build.sh", "smoke.sh", "linux/install-desktop.sh"):
        assert (ROOT / "packaging" / script).stat().st_mode & 0o111, script
    spec = (ROOT / "packaging" / "seed_annotator.spec").read_text(encoding="utf-8")
    compile(spec, "seed_annotator.spec", "exec")
    assert '"annotator/_data/resources"' in spec and '"annotator/_data/seeds"' in spec
