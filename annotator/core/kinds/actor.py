"""Actor spans: linked to the project's registry of canonical actors by alias."""

from __future__ import annotations

from typing import Any

from annotator.core.kinds.base import ValueEdit, ValueShown, without
from annotator.core.model import Span
from annotator.core.services.actors import ActorRegistry
from annotator.core.store.project import Project

ACTOR_KEYS = ("actor_id", "actor")


class ActorKind:
    name = "actor"
    speaker = True
    takes_source = False

    def new_attrs(
        self, project: Project, document_id: int, text: str, start: int, end: int
    ) -> dict[str, Any]:
        registry = ActorRegistry(project)
        return registry.link_attrs({}, registry.match(text[start:end]))

    def shown(self, span: Span, source: str | None) -> ValueShown:
        name = str(span.attrs.get("actor", ""))
        tip = "Registry actor: F2 to link another, or type a new name to add one"
        return ValueShown(name, name, tip)

    def completions(self, project: Project) -> list[str]:
        return [a.name for a in project.actors.all()]

    def parse(self, project: Project, span: Span, typed: str) -> ValueEdit:
        registry = ActorRegistry(project)
        actor, created = registry.resolve_typed_tracked(typed, span.text)
        return ValueEdit(registry.link_attrs(without(span.attrs, ACTOR_KEYS), actor), created)
