"""Claims attribute to the Kremlin or the White House where the seed articles say so."""

from __future__ import annotations

import pytest

from annotator.core.model import Span
from annotator.core.services.attribution import attribute

from ..conftest import SEEDS

SPEAKERS = ("الكرملين", "البيت الأبيض", "بوتين", "ترامب", "کرملین", "کاخ سفید", "پوتین", "ترامپ")


def _actors(text: str) -> list[Span]:
    """Every mention of the speakers, tagged as an analyst would (whole words)."""
    spans = []
    for name in SPEAKERS:
        start = text.find(name)
        while start != -1:
            spans.append(Span(len(spans) + 1, 1, "sara", "actor", start, start + len(name), name))
            start = text.find(name, start + 1)
    return sorted(spans, key=lambda s: s.start)


def _claim(text: str, quote: str) -> Span:
    start = text.index(quote)
    return Span(999, 1, "sara", "claim", start, start + len(quote), quote)


@pytest.mark.parametrize(
    ("seed", "quote", "speaker"),
    [
        # «وقال الكرملين، في بيان إن المحادثات ...»
        ("002_4dcc44e69668bede", '"وفقا لاتفاق مسبق"', "الكرملين"),
        # «وركز بوتين وترامب، حسب الكرملين، على "فكرة ضرورة الحفاظ ...»: Putin and Trump are
        # the subject, the Kremlin the source
        ("002_4dcc44e69668bede", '"فكرة ضرورة الحفاظ على سيادة سورية', "الكرملين"),
        ("002_4dcc44e69668bede", '"هذا الأمر هو الذي تهدف إليه المبادرة', "الكرملين"),
        # «أكد البيت الأبيض، في بيان ...، أن بوتين وترامب جددا ...»
        ("002_4dcc44e69668bede", "جددا، خلال الاتصال", "البيت الأبيض"),
        # «كما بحث بوتين وترامب، حسب البيت الأبيض، سبل إحلال سلام ...»
        ("002_4dcc44e69668bede", "سبل إحلال سلام طويل الأمد", "البيت الأبيض"),
        ("003_6c9d2ad5135a3d1c", '"بحثا القضية السورية والأزمة الأوكرانية"', "الكرملين"),
        ("004_218b8eb28dce8727", '"أظهر الجانبان رغبة في العمل النشط', "الكرملين"),
        ("004_218b8eb28dce8727", "اتفقا على إقامة تعاون", "الكرملين"),
        # «به گفته کاخ سفید، روسای جمهوری دو کشور در مورد لزوم مقابله مشترک ...»
        ("000_4b76e7f10bebfeab", "در مورد لزوم مقابله مشترک", "کاخ سفید"),
    ],
)
def test_the_claim_goes_to_the_speaker_the_text_names(seed, quote, speaker):
    text = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8")
    source = attribute(text, _claim(text, quote), _actors(text))
    assert source is not None and source.text == speaker


def test_no_speaker_in_the_paragraph_means_no_guess():
    text = "تحدث الطرفان عن الاقتصاد.\nوقال الكرملين إن اللقاء كان مثمرا"
    claim = _claim(text, "تحدث الطرفان عن الاقتصاد")
    assert attribute(text, claim, _actors(text)) is None
