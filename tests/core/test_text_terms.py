"""Which terms the rules and the gazetteers search when there are more than they keep."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from annotator.core.text.repeats import Repeats
from annotator.core.text.terms import MAX_TERMS, whole_words

# Registry aliases and topics of one length, more than a gazetteer keeps: which of them fall
# past the cut-off is then decided by the tie order alone.
_CHOSEN = """
import itertools, json
from annotator.core.learn.features import MAX_GAZETTEER_TERMS, Gazetteers
from annotator.core.text.repeats import Repeats
from annotator.core.text.terms import MAX_TERMS, whole_words
letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
names = ["".join(p) for p in itertools.islice(itertools.product(letters, repeat=4), 7000)]
gazetteers = Gazetteers.build(names, names[::-1])
print(json.dumps([
    gazetteers.actors.pattern, gazetteers.topics.pattern, whole_words(names).pattern,
    MAX_GAZETTEER_TERMS < 7000 and MAX_TERMS < 7000,
]))
"""


def _chosen(hash_seed: str) -> list:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", _CHOSEN], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_terms_kept_past_the_limit_are_the_same_in_every_process():
    """A model trained in one process and applied in another must mark the same gazetteer
    names, and the repeat rule must search the same texts the model's evaluation left to
    it: the cut-off among terms of one length may not follow string hashing."""
    first, second = _chosen("1"), _chosen("2")
    assert first[-1] is True  # the lists were longer than what is kept
    assert first == second


def test_longer_terms_are_kept_first_and_ties_go_by_the_text():
    terms = ["ب", "بوتين", "ترامب", "فلاديمير بوتين", "  ", "ترامب"]
    pattern = whole_words(terms, limit=3)
    assert pattern is not None
    assert [m.group() for m in pattern.finditer("ب ترامب بوتين فلاديمير بوتين")] == [
        "ترامب", "بوتين", "فلاديمير بوتين"
    ]  # fmt: skip
    assert whole_words([" ", ""]) is None
    assert MAX_TERMS >= 3


def test_the_spellings_of_one_name_share_the_label_it_was_given_most():
    """Tagged «بوتين» twice as an actor in Arabic articles and «بوتین» once as a topic in a
    Persian one: one name, proposed as an actor in both spellings."""
    repeats = Repeats.build([("بوتين", "actor", 2), ("بوتین", "topic", 1)])
    text = "بوتین و بوتين"
    assert list(repeats.find(text, "fa")) == [(0, 5, "actor"), (8, 13, "actor")]
    assert list(repeats.find(text, "ar")) == [(0, 5, "actor"), (8, 13, "actor")]
