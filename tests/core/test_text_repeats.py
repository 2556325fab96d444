"""The repeat rule's search on its own: what it finds in a text, in which language."""

from __future__ import annotations

from annotator.core.learn.crf import Context
from annotator.core.learn.features import Gazetteers, bio_tags, spans_from_tags
from annotator.core.model import Document
from annotator.core.text.repeats import Repeats


def test_a_clitic_match_turned_down_in_persian_does_not_hide_a_tagged_name():
    """Persian writes no proclitics onto names, so «بعلی لاریجانی» is no ب + the tagged
    «علی لاریجانی»; the tagged «لاریجانی» inside it is still found."""
    repeats = Repeats.build([("علی لاریجانی", "actor", 1), ("لاریجانی", "actor", 1)])
    text = "بعلی لاریجانی"
    assert list(repeats.find(text, "fa")) == [(5, 13, "actor")]


def test_an_accepted_suggestion_behind_a_clitic_is_a_span_the_model_can_learn():
    """The model learns and predicts whole tokens (the Unicode word tokenizer keeps
    «وبوتين» and «للكرملين» one token). A suggestion accepted there is the whole token, so
    training reads it as it was accepted and `model evaluate` scores the model's
    prediction of it exact."""
    text = "قال وبوتين للكرملين"
    doc = Document(1, "x", "", "ar", text, text, None)
    repeats = Repeats.build([("بوتين", "actor", 1), ("الكرملين", "actor", 1)])
    found = list(repeats.find(text, "ar"))
    assert [text[s:e] for s, e, _ in found] == ["وبوتين", "للكرملين"]
    tokens = Context(Gazetteers.build([], [])).tokens(doc)
    learnt = [
        (tokens[a].start, tokens[b - 1].end, label)
        for a, b, label in spans_from_tags(bio_tags(tokens, found))
    ]
    assert learnt == found


def test_a_tatweel_ending_a_word_is_inside_the_proposed_span():
    """The tokenizer counts a tatweel after the last letter as the word's: a suggestion
    one character short of it was widened to the token by the CoNLL and Hugging Face
    exports, and did not come back as accepted."""
    text = "قال فـبوتينـ امس"
    doc = Document(1, "x", "", "ar", text, text, None)
    repeats = Repeats.build([("بوتين", "actor", 1)])
    [(start, end, _label)] = list(repeats.find(text, "ar"))
    assert text[start:end] == "فـبوتينـ"
    token = next(t for t in Context(Gazetteers.build([], [])).tokens(doc) if t.start == start)
    assert token.end == end
