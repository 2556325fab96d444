"""The registry of canonical actors and their aliases in any script."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class Actor:
    id: int
    name: str
    aliases: tuple[str, ...]
    description: str = ""


class ActorRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, name: str, description: str = "") -> int:
        cursor = self._db.execute(
            "INSERT INTO actors(name, description, created_at) VALUES (?, ?, ?)",
            [name, description, datetime.now(UTC).isoformat(timespec="milliseconds")],
        )
        return int(cursor.lastrowid or 0)

    def add_alias(self, actor_id: int, alias: str, folded: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO actor_aliases(actor_id, alias, folded) VALUES (?, ?, ?)",
            [actor_id, alias, folded],
        )

    def by_name(self, name: str) -> Actor | None:
        row = self._db.execute("SELECT id FROM actors WHERE name = ?", [name]).fetchone()
        return None if row is None else self.get(row[0])

    def get(self, actor_id: int) -> Actor:
        row = self._db.execute(
            "SELECT id, name, description FROM actors WHERE id = ?", [actor_id]
        ).fetchone()
        if row is None:
            raise KeyError(actor_id)
        aliases = tuple(
            r[0]
            for r in self._db.execute(
                "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias", [actor_id]
            )
        )
        return Actor(row[0], row[1], aliases, row[2])

    def matching(self, folded: str) -> list[int]:
        """Actors with this folded alias (or canonical name, which is an alias too)."""
        rows = self._db.execute(
            "SELECT DISTINCT actor_id FROM actor_aliases WHERE folded = ? ORDER BY actor_id",
            [folded],
        )
        return [r[0] for r in rows]

    def all(self) -> list[Actor]:
        ids = [r[0] for r in self._db.execute("SELECT id FROM actors ORDER BY name")]
        return [self.get(i) for i in ids]

    def relink_name(self, actor_id: int, name: str) -> None:
        """Spans carry the canonical name next to the id: keep them in step on a rename."""
        self._db.execute(
            "UPDATE spans SET attrs = json_set(attrs, '$.actor', ?) "
            "WHERE json_extract(attrs, '$.actor_id') = ?",
            [name, actor_id],
        )

    def delete(self, actor_id: int) -> None:
        """Undo of an actor made in one step from the span panel (aliases go with it)."""
        self._db.execute("DELETE FROM actor_aliases WHERE actor_id = ?", [actor_id])
        self._db.execute("DELETE FROM actors WHERE id = ?", [actor_id])

    def remove_alias(self, actor_id: int, folded: str) -> None:
        self._db.execute(
            "DELETE FROM actor_aliases WHERE actor_id = ? AND folded = ?", [actor_id, folded]
        )
