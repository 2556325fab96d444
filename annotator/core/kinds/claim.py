"""Claim spans: linked to who said them, an actor span (S) or a registry actor (F2)."""

from __future__ import annotations

from typing import Any

from annotator.core.kinds.base import ValueEdit, ValueShown, without
from annotator.core.model import Span
from annotator.core.services.actors import ActorRegistry
from annotator.core.store.project import Project

SOURCE_KEYS = ("source_actor_id", "source_actor")


class ClaimKind:
    name = "claim"
    speaker = False
    takes_source = True

    def new_attrs(
        self, project: Project, document_id: int, text: str, start: int, end: int
    ) -> dict[str, Any]:
        return {}

    def shown(self, span: Span, source: str | None) -> ValueShown:
        source = source or span.attrs.get("source_actor")
        tip = "Who said it: S to choose, Shift+S to remove"
        return ValueShown(f"← {source}" if source else "", span.attrs.get("source_actor", ""), tip)

    def completions(self, project: Project) -> list[str]:
        return [a.name for a in project.actors.all()]

    def parse(self, project: Project, span: Span, typed: str) -> ValueEdit:
        """A speaker not named in the article: a registry actor, new ones added."""
        attrs = without(span.attrs, SOURCE_KEYS)
        if not typed.strip():
            return ValueEdit(attrs)
        actor, created = ActorRegistry(project).resolve_typed_tracked(typed, typed)
        if actor is not None:
            attrs.update(source_actor_id=actor.id, source_actor=actor.name)
        return ValueEdit(attrs, created)
