"""Per-project settings (shared by everyone who opens the project, unlike user preferences)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

NORMALIZE = "normalize"  # bool: normalise Persian with hazm / Arabic with safe fixes on import


class SettingsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return default if row is None else json.loads(row[0])

    def set(self, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value)],
        )
