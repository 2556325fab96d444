"""The actor registry as analysts use it: match a span's text to a canonical actor after
folding (ي/ی, ك/ک, harakat, ZWNJ), make a new actor from a span in one step, and move the
registry in and out as CSV or JSON.

A linked span carries `attrs.actor_id` and `attrs.actor` (the canonical name), so every
export has both without a join.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import AnnotatorError, InputError
from annotator.core.store.actors import Actor
from annotator.core.store.project import Project
from annotator.core.text.fold import search_key


def _folded(text: str) -> str:
    return " ".join(search_key(text).split())


class ActorRegistry:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.actors = project.actors

    def add(self, name: str, aliases: Iterable[str] = (), description: str = "") -> Actor:
        """A new actor, or the existing one of that name with the aliases added."""
        name = name.strip()
        if not name:
            raise AnnotatorError("an actor needs a name")
        with self.project.transaction():
            existing = self.actors.by_name(name)
            actor_id = existing.id if existing else self.actors.add(name, description)
            for alias in (name, *aliases):
                if alias.strip():
                    self.actors.add_alias(actor_id, alias.strip(), _folded(alias))
        return self.actors.get(actor_id)

    def match(self, text: str) -> Actor | None:
        """The one actor whose alias is this text after folding; None if none or several."""
        found = self.actors.matching(_folded(text))
        return self.actors.get(found[0]) if len(found) == 1 else None

    def link_attrs(self, attrs: dict[str, Any], actor: Actor | None) -> dict[str, Any]:
        out = {k: v for k, v in attrs.items() if k not in ("actor_id", "actor")}
        if actor is not None:
            out["actor_id"], out["actor"] = actor.id, actor.name
        return out

    def resolve_typed(self, typed: str, span_text: str) -> Actor | None:
        """What the analyst typed in the span panel: an existing actor (by name or alias),
        else a new actor of that name with the span's text as an alias; empty unlinks."""
        if not typed.strip():
            return None
        known = self.match(typed)
        if known is not None:
            if _folded(span_text) not in {_folded(a) for a in known.aliases}:
                known = self.add(known.name, [span_text])
            return known
        return self.add(typed, [span_text])

    def resolve_typed_tracked(
        self, typed: str, span_text: str
    ) -> tuple[Actor | None, tuple[tuple[str, str], ...]]:
        """`resolve_typed`, and what it added to the registry (a new actor, or a new alias
        of a known one), so that undoing the edit takes exactly that back out."""
        if not typed.strip():
            return None, ()
        before = self.match(typed) or self.actors.by_name(typed.strip())
        folded_before = {_folded(a) for a in before.aliases} if before else set()
        actor = self.resolve_typed(typed, span_text)
        if actor is None:
            return None, ()
        if before is None or before.id != actor.id:
            return actor, (("actor", str(actor.id)),)
        added = {_folded(a) for a in actor.aliases} - folded_before
        return actor, tuple(("alias", f"{actor.id}:{folded}") for folded in sorted(added))

    def forget(self, created: tuple[tuple[str, str], ...]) -> None:
        """Undo of `resolve_typed_tracked`: the actors and aliases it made, gone again."""
        for kind, key in created:
            if kind == "actor":
                self.actors.delete(int(key))
            elif kind == "alias":
                actor_id, folded = key.split(":", 1)
                self.actors.remove_alias(int(actor_id), folded)

    # -- CSV and JSON ---------------------------------------------------------------------

    def export_json(self) -> str:
        return json.dumps(
            [
                {
                    "id": a.id,
                    "name": a.name,
                    "aliases": list(a.aliases),
                    "description": a.description,
                }
                for a in self.actors.all()
            ],
            ensure_ascii=False,
            indent=2,
        )

    def export_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["id", "name", "aliases", "description"])
        for a in self.actors.all():
            writer.writerow([a.id, a.name, "|".join(a.aliases), a.description])
        return buffer.getvalue()

    def import_file(self, path: Path) -> int:
        """Actors from CSV (name, aliases separated by |, description) or JSON (a list of
        {name, aliases, description}); all or nothing. Returns how many were read."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(path, f"cannot read the registry ({exc})") from exc
        rows = _json_rows(path, text) if path.suffix.lower() == ".json" else _csv_rows(path, text)
        with self.project.transaction():
            for name, aliases, description in rows:
                self.add(name, aliases, description)
        return len(rows)


def _json_rows(path: Path, text: str) -> list[tuple[str, list[str], str]]:
    try:
        # orjson, not json: it refuses a lone surrogate (which SQLite could not store) and
        # nesting past its depth limit (json's RecursionError), each with its line.
        items = orjson.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON ({exc.msg})", exc.lineno) from exc
    if not isinstance(items, list):
        raise InputError(path, "expected a list of actors")
    rows = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise InputError(path, f"actor {i} has no name")
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InputError(path, f"actor {i} ({item['name']}): aliases must be strings")
        rows.append((item["name"], aliases, str(item.get("description") or "")))
    return rows


def _csv_rows(path: Path, text: str) -> list[tuple[str, list[str], str]]:
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    try:
        if not reader.fieldnames or "name" not in reader.fieldnames:  # reads the header
            raise InputError(path, "the CSV needs a 'name' column", 1)
        for row in reader:
            name = (row.get("name") or "").strip()
            if not name:
                raise InputError(path, "a row without a name", reader.line_num)
            aliases = [a for a in (row.get("aliases") or "").split("|") if a.strip()]
            rows.append((name, aliases, row.get("description") or ""))
    except csv.Error as exc:  # a field past csv's size limit, an unclosed quote at the end
        raise InputError(path, f"not valid CSV ({exc})", max(reader.line_num, 1)) from exc
    return rows
