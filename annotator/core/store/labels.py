"""Labels and annotators: small lookup tables every span refers to."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlite_utils import Database

from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotator, Label
from annotator.core.text.names import name_problem

# Distinct, readable on light and dark themes; assigned in order to labels added on import.
EXTRA_COLORS = ("#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f")


def label_name(raw: str) -> str:
    """The one spelling of a label: a name typed or read from a file with a trailing line
    break, a tab or doubled spaces is the same label, and spans must refer to it as stored."""
    return " ".join(raw.split())


class LabelRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> list[Label]:
        rows = self._db.execute(
            "SELECT name, color, shortcut, description, position FROM labels "
            "ORDER BY position, name"
        ).fetchall()
        return [Label(*row) for row in rows]

    def names(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT name FROM labels")}

    def add(self, label: Label) -> None:
        if label.name in self.names():
            raise AnnotatorError(f"label {label.name!r} already exists")
        if label.shortcut and label.shortcut in {lab.shortcut for lab in self.all()}:
            raise AnnotatorError(f"shortcut {label.shortcut!r} is already taken")
        self._db.execute(
            "INSERT INTO labels(name, color, shortcut, description, position) "
            "VALUES (?, ?, ?, ?, ?)",
            [label.name, label.color, label.shortcut, label.description, label.position],
        )

    def update(self, label: Label) -> None:
        """Change a label's colour, key or description (renaming is not supported here)."""
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", label.color):
            raise AnnotatorError(f"colour {label.color!r} is not of the form #rrggbb")
        taken = {lab.shortcut: lab.name for lab in self.all() if lab.shortcut}
        if label.shortcut and taken.get(label.shortcut, label.name) != label.name:
            raise AnnotatorError(
                f"shortcut {label.shortcut!r} is already taken by {taken[label.shortcut]!r}"
            )
        self._db.execute(
            "UPDATE labels SET color = ?, shortcut = ?, description = ? WHERE name = ?",
            [label.color, label.shortcut, label.description, label.name],
        )

    def add_new(self, name: str, with_key: bool = False) -> Label:
        """Add a label with the next free colour; `with_key` also gives it the first free
        digit key (a label added in the window should be usable from the keyboard at once)."""
        name = label_name(name)
        if not name:
            raise AnnotatorError("a label needs a name")
        if problem := name_problem(name, "label"):
            raise AnnotatorError(problem)
        existing = self.all()
        taken = {lab.shortcut for lab in existing}
        free = [key for key in "123456789" if key not in taken]
        label = Label(
            name=name,
            color=EXTRA_COLORS[len(existing) % len(EXTRA_COLORS)],
            shortcut=free[0] if with_key and free else None,
            position=max((lab.position for lab in existing), default=-1) + 1,
        )
        self.add(label)
        return label

    def remove(self, name: str) -> None:
        """Undo of a label added in the window; refused while any span carries it."""
        used = self._db.execute("SELECT 1 FROM spans WHERE label = ? LIMIT 1", [name]).fetchone()
        if used is not None:
            raise AnnotatorError(f"label {name!r} is in use")
        self._db.execute("DELETE FROM labels WHERE name = ?", [name])


class AnnotatorRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._ids: dict[str, int] = {}

    def ensure(self, name: str) -> int:
        """The id of the annotator called `name`, created on first use."""
        if name in self._ids:
            return self._ids[name]
        row = self._db.execute("SELECT id FROM annotators WHERE name = ?", [name]).fetchone()
        if row is None:
            cursor = self._db.execute(
                "INSERT INTO annotators(name, created_at) VALUES (?, ?)",
                [name, datetime.now(UTC).isoformat(timespec="seconds")],
            )
            annotator_id = int(cursor.lastrowid or 0)
        else:
            annotator_id = int(row[0])
        self._ids[name] = annotator_id
        return annotator_id

    def find(self, name: str) -> int | None:
        row = self._db.execute("SELECT id FROM annotators WHERE name = ?", [name]).fetchone()
        return None if row is None else int(row[0])

    def all(self) -> list[Annotator]:
        rows = self._db.execute("SELECT id, name FROM annotators ORDER BY name").fetchall()
        return [Annotator(int(i), n) for i, n in rows]

    def forget_cache(self) -> None:
        """Drop cached ids: a rollback may have taken back the rows they name (a failed
        first tag made the annotator's row). Project.transaction calls it on every rollback."""
        self._ids.clear()
