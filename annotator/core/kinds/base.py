"""What a label kind is: how its spans get attributes, show a value and take a typed one.

A kind is behaviour attached to a label name (a date gets a normalised value, an actor links
the registry...). The window, the services and the CLI ask the table in `__init__` instead of
comparing label names, so adding a kind is one module and one line there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.core.model import Span
from annotator.core.store.project import Project


@dataclass(frozen=True, slots=True)
class ValueShown:
    """The span panel's third column for one span: what it says, and how sure it is."""

    text: str  # shown in the cell ("" when the span has no value yet)
    edit: str  # what the editor starts with
    tip: str  # the tooltip's English template (the window translates it), `%s` for tip_arg
    tip_arg: str = ""
    suggested: bool = False  # a proposal the analyst has not confirmed: drawn in italics


@dataclass(frozen=True, slots=True)
class ValueEdit:
    """A typed value turned into attributes; `created` names registry entries made for it
    (("actor", "12"), ("alias", "12:folded"), ("topic", "Syria")) so undo can remove them."""

    attrs: dict[str, Any]
    created: tuple[tuple[str, str], ...] = field(default=())

    @property
    def registry(self) -> bool:
        return any(kind in ("actor", "alias") for kind, _ in self.created)

    @property
    def topics(self) -> bool:
        return any(kind == "topic" for kind, _ in self.created)


class LabelKind(Protocol):
    """One row of the table. Methods get the project: kinds hold no state of their own."""

    name: str  # the label name whose spans behave this way
    speaker: bool  # its spans can be named as who said a claim
    takes_source: bool  # its spans can be linked to who said them (S)

    def new_attrs(
        self, project: Project, document_id: int, text: str, start: int, end: int
    ) -> dict[str, Any]:
        """Attributes of a span made on text[start:end] (a date's value, an actor's link)."""
        ...

    def shown(self, span: Span, source: str | None) -> ValueShown:
        """The third column; `source` is the text of the claim's linked speaker, if any."""
        ...

    def completions(self, project: Project) -> list[str]:
        """What the value editor proposes."""
        ...

    def parse(self, project: Project, span: Span, typed: str) -> ValueEdit:
        """The attributes for what the analyst typed; AnnotatorError if it cannot be one.
        May add to the registry or the topic list (inside the caller's transaction)."""
        ...


def without(attrs: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if k not in keys}
