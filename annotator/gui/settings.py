"""Per-user preferences in a readable JSON file: never in the project that others review."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

THEMES = ("light", "dark")
LANGUAGES = ("en", "fa", "ar")  # the interface's; see i18n.py


RECENT = 10


@dataclass
class UserSettings:
    annotator: str = ""
    theme: str = "light"
    language: str | None = None  # "en", "fa", "ar"; None follows the system
    font_size: int = 15
    last_project: str = ""
    # project path -> external id of the document last open there
    positions: dict[str, str] = field(default_factory=dict)
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    window_state: str = ""  # "ltr:" or "rtl:" and base64 of QMainWindow.saveState()
    # held while releasing a mouse selection to keep its exact characters (Alt+drag is
    # taken by many Linux window managers)
    selection_modifier: str = "Alt"
    recent_projects: list[str] = field(default_factory=list)  # newest first
    retrain_every: int = 25  # the model retrains after this many new spans; 0: on demand only

    def remember_project(self, path: Path) -> None:
        """File ▸ Recent projects: newest first, each once, the last ten."""
        name = str(path)
        self.recent_projects = [name, *(p for p in self.recent_projects if p != name)][:RECENT]

    @classmethod
    def load(cls, path: Path) -> UserSettings:
        """Read settings; a missing or damaged file gives defaults (and is left for the user)."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable settings %s: %s", path, exc)
            return cls()
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: v for k, v in raw.items() if k in known}
        settings = cls(**values)
        if settings.theme not in THEMES:
            settings.theme = "light"
        if settings.language not in LANGUAGES:
            settings.language = None
        return settings

    def save(self, path: Path) -> None:
        """Write atomically: a crash while saving never leaves half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(self), handle, ensure_ascii=False, indent=2)
        os.replace(tmp, path)
