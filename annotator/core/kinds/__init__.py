"""The table of label kinds: the one place that says how each kind of span behaves.

Adding a kind is a module beside these and one line in `KINDS`. A label with no kind (a
project's own "person" or "location") is a plain span: no value, no source.
"""

from __future__ import annotations

from annotator.core.kinds.actor import ActorKind
from annotator.core.kinds.base import LabelKind, ValueEdit, ValueShown
from annotator.core.kinds.claim import ClaimKind
from annotator.core.kinds.date import DateKind
from annotator.core.kinds.topic import TopicKind

KINDS: dict[str, LabelKind] = {
    kind.name: kind for kind in (ActorKind(), DateKind(), TopicKind(), ClaimKind())
}


def kind_of(label: str) -> LabelKind | None:
    return KINDS.get(label)


def has_value(label: str) -> bool:
    return label in KINDS


def is_speaker(label: str) -> bool:
    kind = KINDS.get(label)
    return kind is not None and kind.speaker


def takes_source(label: str) -> bool:
    kind = KINDS.get(label)
    return kind is not None and kind.takes_source


__all__ = ["KINDS", "LabelKind", "ValueEdit", "ValueShown", "has_value", "is_speaker", "kind_of"]
