"""Date spans: normalised as they are made; a relative one waits as a suggestion."""

from __future__ import annotations

from typing import Any

from annotator.core.kinds.base import ValueEdit, ValueShown
from annotator.core.model import Span
from annotator.core.services.date_values import date_attrs, publication_date, with_value
from annotator.core.store.project import Project


class DateKind:
    name = "date"
    speaker = False
    takes_source = False

    def new_attrs(
        self, project: Project, document_id: int, text: str, start: int, end: int
    ) -> dict[str, Any]:
        lang, meta = project.documents.lang_and_meta(document_id)
        return date_attrs(text[start:end], lang, publication_date(meta, text, lang))

    def shown(self, span: Span, source: str | None) -> ValueShown:
        value, suggested = span.attrs.get("value"), span.attrs.get("suggested_value")
        calendar = span.attrs.get("calendar", "")
        if value:
            return ValueShown(value, value, "Normalised value (%s); F2 to edit", calendar)
        if suggested:
            anchor = span.attrs.get("resolved_from", "")
            tip = "Suggested from the publication date %s: F2 to confirm"
            return ValueShown(f"{suggested}?", suggested, tip, anchor, suggested=True)
        return ValueShown("", "", "No value yet: F2 to type one (2017-11-21, 2017-11, --11-21)")

    def completions(self, project: Project) -> list[str]:
        return []

    def parse(self, project: Project, span: Span, typed: str) -> ValueEdit:
        return ValueEdit(with_value(span.attrs, typed))
