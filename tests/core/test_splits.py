"""Train/dev/test splits: by document, reproducible, proportional, stratified on request."""

from __future__ import annotations

from collections import Counter

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.services.splits import SplitSpec, assign

KEYS = [f"doc-{i:03d}" for i in range(200)]


def test_shares_are_exact_and_every_document_lands_once():
    spec = SplitSpec.parse("train=0.8,dev=0.1,test=0.1", seed=7)
    out = assign(KEYS, spec)
    assert set(out) == set(KEYS)
    assert Counter(out.values()) == {"train": 160, "dev": 20, "test": 20}


def test_the_same_seed_gives_the_same_split_in_any_order_and_another_seed_does_not():
    spec = SplitSpec.parse("train=80,dev=10,test=10", seed=3)
    assert assign(KEYS, spec) == assign(list(reversed(KEYS)), spec)
    other = assign(KEYS, SplitSpec.parse("train=80,dev=10,test=10", seed=4))
    assert other != assign(KEYS, spec)


def test_stratified_splits_spread_a_rare_label_over_every_split():
    groups = {k: ("claim",) if i % 20 == 0 else ("actor",) for i, k in enumerate(KEYS)}
    rare = [k for k in KEYS if groups[k] == ("claim",)]  # 10 documents of 200
    spec = SplitSpec.parse("train=0.6,dev=0.2,test=0.2", seed=1, stratify=True)
    out = assign(KEYS, spec, groups)
    assert Counter(out[k] for k in rare) == {"train": 6, "dev": 2, "test": 2}
    assert Counter(out.values()) == {"train": 120, "dev": 40, "test": 40}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("train=0.8,dev=0.1", "add up to 0.9"),
        ("train=0.8,train=0.2", "named twice"),
        ("train", "expected name=share"),
        ("train=x,dev=1", "not a number"),
        ("../x=1", "file name"),
    ],
)
def test_bad_split_specs_are_explained(text, message):
    with pytest.raises(AnnotatorError, match=message):
        SplitSpec.parse(text)
