"""The project's list of topics (Syria, North Korea, Ukraine ...) a topic span can take."""

from __future__ import annotations

from typing import Any

from annotator.core.store.project import Project

TOPICS_KEY = "topics"
CLAIM_SOURCE_KEYS = ("source_actor_id", "source_actor")


class TopicList:
    def __init__(self, project: Project) -> None:
        self.project = project

    def all(self) -> list[str]:
        return list(self.project.settings.get(TOPICS_KEY, []) or [])

    def add(self, topic: str) -> str:
        """Adds a topic the project does not have yet (matched without case or spacing)."""
        topic = " ".join(topic.split())
        existing = {t.casefold(): t for t in self.all()}
        if topic.casefold() in existing:
            return existing[topic.casefold()]
        with self.project.transaction():
            self.project.settings.set(TOPICS_KEY, [*self.all(), topic])
        return topic

    def with_topic(self, attrs: dict[str, Any], typed: str) -> dict[str, Any]:
        out = {k: v for k, v in attrs.items() if k != "topic"}
        if typed.strip():
            out["topic"] = self.add(typed)
        return out

    def remove(self, topic: str) -> None:
        """Undo of a topic added from the span panel."""
        with self.project.transaction():
            self.project.settings.set(TOPICS_KEY, [t for t in self.all() if t != topic])
