"""A span keeps exactly its own characters across normalisation, whatever was edited beside it.

The rule (issue 12): a span maps to the positions of its first and last kept characters, so
characters the normaliser deleted or inserted at its edges stay outside, while a character it
rewrote (one for one, one into several, several into one) stays inside, whole. Texts here are
built unit by unit with the truth known, from the kinds of edit hazm makes.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text.align import OffsetMap

# Word letters: no edit below deletes, inserts or collapses one of them, so where the edit
# was is never in doubt. ـ ZWNJ space ً and the ligatures' letters are the edits' own.
LETTERS = "بپتجدرسشگنوزفق"
COLLAPSING = "م"  # hazm shortens runs of a repeated letter: ممم -> م

# (original piece, normalised piece) beside a word, outside it.
DELETED = [("ـ", ""), ("ـ ", ""), (" ", ""), ("\u200f", ""), ("\u200c", "")]
INSERTED = [("", "\u200c"), ("", " ")]
# The word's edge character itself, as the normaliser rewrites it.
REPLACED = [("ي", "ی"), ("ك", "ک"), ("ە", "ه"), ("4", "۴"), ("٣", "۳"), ('"', "«"), ("%", "٪")]
EXPANDED = [("ﻻ", "لا"), ("ﷲ", "الله"), ("﷼", "ریال")]  # one into several
COLLAPSED = [(COLLAPSING * 3, COLLAPSING), (COLLAPSING * 4, COLLAPSING * 2), ("...", "…")]
MARKED = [(c + mark, c) for c in "بس" for mark in ("\u064b", "\u0650", "\u0651")]  # harakat go

OUTSIDE = {"none": [("", "")], "deleted": DELETED, "inserted": INSERTED}
INSIDE = {
    "kept": [(c, c) for c in LETTERS],
    "replaced": REPLACED,
    "expanded": EXPANDED,
    "collapsed": COLLAPSED,
    "marked": MARKED,
}


@dataclass(frozen=True)
class Built:
    original: str
    text: str
    words: list[tuple[tuple[int, int], tuple[int, int]]]  # (original span, text span)


@st.composite
def edge(draw: st.DrawFn, kinds: dict[str, list[tuple[str, str]]]) -> tuple[str, str]:
    return draw(st.sampled_from(kinds[draw(st.sampled_from(sorted(kinds)))]))


@st.composite
def texts(draw: st.DrawFn) -> Built:
    """Words with an edit at each edge, inside and out, between kept separators."""
    original, text = [], []
    at_o = at_t = 0
    words = []

    def put(o: str, t: str) -> None:
        nonlocal at_o, at_t
        original.append(o)
        text.append(t)
        at_o += len(o)
        at_t += len(t)

    for i in range(draw(st.integers(1, 5))):
        if i:
            put(*(draw(st.sampled_from([" ", " ", "\n"])),) * 2)
        put(*draw(edge(OUTSIDE)))
        start = (at_o, at_t)
        put(*draw(edge(INSIDE)))
        middle = "".join(draw(st.lists(st.sampled_from(LETTERS), min_size=1, max_size=3)))
        put(middle, middle)
        put(*draw(edge(INSIDE)))
        words.append(((start[0], at_o), (start[1], at_t)))
        put(*draw(edge(OUTSIDE)))
    return Built("".join(original), "".join(text), words)


@given(texts())
def test_every_word_maps_to_itself_both_ways(built: Built) -> None:
    m = OffsetMap.between(built.original, built.text)
    for in_original, in_text in built.words:
        assert m.span_to_original(*in_text) == in_original, built.original[slice(*in_original)]
        assert m.span_to_text(*in_original) == in_text, built.text[slice(*in_text)]


def test_removed_tatweel_and_space_before_punctuation_stay_outside() -> None:
    original = "خبرگزاری ـ ایرنا . گفت"
    text = "خبرگزاری ایرنا. گفت"
    m = OffsetMap.between(original, text)
    start = text.index("ایرنا")
    mapped = m.span_to_original(start, start + len("ایرنا"))
    assert original[slice(*mapped)] == "ایرنا"
    assert m.span_to_text(*mapped) == (start, start + len("ایرنا"))


def test_inserted_characters_stay_outside_from_the_original() -> None:
    original, text = "۲۴ساعت میکند", "۲۴ ساعت می\u200cکند"
    m = OffsetMap.between(original, text)
    assert text[slice(*m.span_to_text(0, 2))] == "۲۴"
    assert text[slice(*m.span_to_text(2, 6))] == "ساعت"
    assert text[slice(*m.span_to_text(7, 9))] == "می"  # the ZWNJ hazm put after it stays out
    assert m.span_to_original(*m.span_to_text(7, 12)) == (7, 12)


def test_a_span_of_only_removed_characters_is_empty() -> None:
    m = OffsetMap.between("الف ـــ ب", "الف ب")
    start, end = m.span_to_text(4, 7)
    assert start == end


# Found by the thorough profile: the fast alignment paired the three spaces between the first
# two words with the three hazm left after the second, and the letters around them with the
# wrong copies; realigning only the doubtful runs between those (wrong) equal stretches could
# not undo it, and the second word came back as nothing, the third as "ممم ﻻبممم".
COLLAPSED_AND_MOVED = (
    "ـمممبمممـ   مممبممم ﻻبمممـ",  # tatweel, ممم -> م, ﻻ -> لا, spaces collapsed and added
    "مبم مبم   لابم",
    [((1, 8), (0, 3)), ((12, 19), (4, 7)), ((20, 25), (10, 14))],
)


def test_words_between_collapsed_letters_and_moved_spaces_map_to_themselves() -> None:
    original, text, words = COLLAPSED_AND_MOVED
    m = OffsetMap.between(original, text)
    for in_original, in_text in words:
        assert m.span_to_original(*in_text) == in_original, original[slice(*in_original)]
        assert m.span_to_text(*in_original) == in_text, text[slice(*in_text)]
    # The spaces: one kept of the three before the second word, one of the three after it.
    assert original[slice(*m.span_to_original(3, 4))] == " "
    assert m.span_to_original(7, 10) == (19, 20)


# Which copy of a repeated letter was kept, and a deletion told from a separator moving: the
# normaliser dropped the tail, so the kept head maps to itself whole (a cost model that made
# the deletion of a first copy as cheap as that of a repeat got these wrong).
TAIL_DROPPED = [("ااaاب", "ااa"), ("aa ab", "aa "), ("اا اب", "اا "), ("aaa ab", "aaa ")]


def test_a_dropped_tail_leaves_the_kept_head_whole() -> None:
    for original, text in TAIL_DROPPED:
        m = OffsetMap.between(original, text)
        assert m.blocks == ((len(text), len(original), len(text), len(text)),), original
        for end in range(1, len(text) + 1):
            assert m.span_to_original(0, end) == (0, end), (original, end)
            assert m.span_to_text(0, end) == (0, end), (original, end)
