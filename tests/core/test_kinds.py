"""The label-kinds table: one row per kind, each row a full kind."""

from __future__ import annotations

import inspect

from annotator.core.kinds import KINDS, LabelKind, has_value, is_speaker, kind_of
from annotator.core.kinds.base import LabelKind as Protocol
from annotator.core.model import DEFAULT_LABELS, Span


def test_every_default_label_has_a_kind_and_every_kind_is_complete():
    assert set(KINDS) == {label.name for label in DEFAULT_LABELS}
    wanted = {
        name
        for name, member in inspect.getmembers(Protocol)
        if not name.startswith("_") and (inspect.isfunction(member))
    }
    assert wanted == {"new_attrs", "shown", "completions", "parse"}
    for name, kind in KINDS.items():
        assert kind.name == name
        for method in wanted:
            ours = inspect.signature(getattr(kind, method))
            theirs = inspect.signature(getattr(Protocol, method))
            assert list(ours.parameters) == list(theirs.parameters)[1:], (name, method)
        assert isinstance(kind.speaker, bool) and isinstance(kind.takes_source, bool)
    assert LabelKind is Protocol


def test_a_label_without_a_kind_is_a_plain_span():
    assert kind_of("person") is None and not has_value("person") and not is_speaker("person")
    assert is_speaker("actor") and not is_speaker("claim")


def test_what_each_kind_shows_in_the_value_column():
    def span(label: str, **attrs: object) -> Span:
        return Span(1, 1, "sara", label, 0, 3, "abc", dict(attrs))

    date = kind_of("date")
    assert date is not None
    assert date.shown(span("date", value="2017-11-21"), None).text == "2017-11-21"
    suggested = date.shown(span("date", suggested_value="2017-11-21"), None)
    assert (suggested.text, suggested.edit) == ("2017-11-21?", "2017-11-21")
    assert suggested.suggested
    assert date.shown(span("date"), None).text == ""
    claim = kind_of("claim")
    assert claim is not None
    assert claim.shown(span("claim"), "الكرملين").text == "← الكرملين"
    assert claim.shown(span("claim", source_actor="Kremlin"), None).text == "← Kremlin"
