"""Topic spans: one topic from the project's list (a new one typed is added to it)."""

from __future__ import annotations

from typing import Any

from annotator.core.kinds.base import ValueEdit, ValueShown, without
from annotator.core.model import Span
from annotator.core.services.topics import TopicList
from annotator.core.store.project import Project


class TopicKind:
    name = "topic"
    speaker = False
    takes_source = False

    def new_attrs(
        self, project: Project, document_id: int, text: str, start: int, end: int
    ) -> dict[str, Any]:
        return {}

    def shown(self, span: Span, source: str | None) -> ValueShown:
        topic = str(span.attrs.get("topic", ""))
        return ValueShown(topic, topic, "A topic from the project's list: F2 to choose or add one")

    def completions(self, project: Project) -> list[str]:
        return TopicList(project).all()

    def parse(self, project: Project, span: Span, typed: str) -> ValueEdit:
        attrs = without(span.attrs, ("topic",))
        if not typed.strip():
            return ValueEdit(attrs)
        topics = TopicList(project)
        known = {t.casefold() for t in topics.all()}
        attrs["topic"] = topics.add(typed)
        created = () if attrs["topic"].casefold() in known else (("topic", attrs["topic"]),)
        return ValueEdit(attrs, created)
