"""Tag a document fa, ar or other from its letters, fast enough to run on every import."""

from __future__ import annotations

import re
from collections.abc import Callable

# Arabic-script letter ranges (inclusive); every other letter counts against Arabic script.
ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
PERSIAN_MARKERS = "پچژگیکە۰۱۲۳۴۵۶۷۸۹"
ARABIC_MARKERS = "ةيكى٠١٢٣٤٥٦٧٨٩"


def detect_language(text: str) -> str:
    """Return "fa", "ar" or "other".

    Arabic-script letters must make up at least half of the letters; then Persian-only
    letters and digits are weighed against Arabic-only ones, ties going to Arabic when it has
    any marker. Counts come from bytes operations on UTF-16 code units (see `_fast_counts`)
    because a Python loop over the characters costs ~3x the 50 µs budget per article.
    """
    counts = _fast_counts(text)
    if counts is None:
        counts = _count_slow(text)
    return _decide_by_words(text, *counts)


# Without a marker letter either way (a short Arabic headline such as «الوجه الاخر» has
# none), words decide: the Arabic article opening a word and common Arabic words written
# without a marker letter, against Persian's zero-width non-joiner and its own such words.
_ARABIC_WORDS = re.compile(r"(?<!\w)(?:ال\w|(?:مع|هذا|هذه|ذلك|تلك|قد|لم|لن|عن|أن|إن|أو|ثم)(?!\w))")
_PERSIAN_WORDS = re.compile(r"(?<!\w)(?:را|است|از|شد|شده|بود|آن|ها|های|تا)(?!\w)|\u200c")
# Harakat and Quranic marks are no word characters: a vowelled «الْوَجْهُ» would hide its
# article and its word ends from the patterns above.
_HARAKAT = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")


def _decide_by_words(
    text: str, letters: int, arabic: int, persian_marks: int, arabic_marks: int
) -> str:
    """`_decide`, with a tie of zero markers settled by words rather than called Persian."""
    lang = _decide(letters, arabic, persian_marks, arabic_marks)
    if lang == "other" or persian_marks or arabic_marks:
        return lang
    text = _HARAKAT.sub("", text)
    arabic_words = len(_ARABIC_WORDS.findall(text))
    return "ar" if arabic_words > len(_PERSIAN_WORDS.findall(text)) else "fa"


def _decide(letters: int, arabic: int, persian_marks: int, arabic_marks: int) -> str:
    if letters == 0 or arabic * 2 < letters:
        return "other"
    if persian_marks != arabic_marks:
        return "fa" if persian_marks > arabic_marks else "ar"
    return "ar" if arabic_marks else "fa"


def _count_slow(text: str) -> tuple[int, int, int, int]:
    """The definition, one character at a time; the fast path must agree with it."""
    letters = arabic = 0
    for char in text:
        if char.isalpha():
            letters += 1
            code = ord(char)
            arabic += any(lo <= code <= hi for lo, hi in ARABIC_RANGES)
    persian_marks = sum(text.count(char) for char in PERSIAN_MARKERS)
    arabic_marks = sum(text.count(char) for char in ARABIC_MARKERS)
    return letters, arabic, persian_marks, arabic_marks


# Each UTF-16 code unit becomes one byte: its page class (high byte, top 3 bits) plus what
# its low byte means on the pages we classify exactly (low 5 bits). Adding the two as big
# ints has no carries, so one to_bytes gives that byte per unit; translate then counts.
_OTHER, _LATIN1, _ARABIC, _GENERAL, _ARABIC_MORE = range(5)  # page classes
_PAGE_OF = {0x00: _LATIN1, 0x06: _ARABIC, 0x20: _GENERAL}
# Pages holding the other Arabic-script ranges, next to Syriac, Thaana, Hebrew forms.
_PAGE_OF.update(dict.fromkeys((0x07, 0xFB, 0xFC, 0xFD, 0xFE), _ARABIC_MORE))
# Low-byte meaning on page 0x06 (bits 2-4), letter on page 0x00 (bit 0), on 0x20 (bit 1).
_NON_LETTER, _LETTER, _FA_LETTER, _AR_LETTER, _FA_DIGIT, _AR_DIGIT = range(6)


def _arabic_page_kind(low: int) -> int:
    char = chr(0x0600 | low)
    if char in PERSIAN_MARKERS:
        return _FA_LETTER if char.isalpha() else _FA_DIGIT
    if char in ARABIC_MARKERS:
        return _AR_LETTER if char.isalpha() else _AR_DIGIT
    return _LETTER if char.isalpha() else _NON_LETTER


_HIGH_TABLE = bytes(_PAGE_OF.get(high, _OTHER) << 5 for high in range(256))
_LOW_TABLE = bytes(
    _arabic_page_kind(low) << 2 | chr(0x2000 | low).isalpha() << 1 | chr(low).isalpha()
    for low in range(256)
)


def _keep_all_but(wanted: Callable[[int, int], object]) -> bytes:
    """Bytes to delete so that only unit kinds satisfying `wanted(page, low)` remain."""
    return bytes(v for v in range(256) if not wanted(v >> 5, v & 31))


_DROP_BUT_ARABIC_LETTERS = _keep_all_but(
    lambda page, low: page == _ARABIC and low >> 2 in (_LETTER, _FA_LETTER, _AR_LETTER)
)
_DROP_BUT_OTHER_LETTERS = _keep_all_but(
    lambda page, low: (page == _LATIN1 and low & 1) or (page == _GENERAL and low & 2)
)
_DROP_BUT_UNKNOWN = _keep_all_but(lambda page, low: page in (_OTHER, _ARABIC_MORE))
_DROP_BUT_MORE_ARABIC = _keep_all_but(lambda page, low: page == _ARABIC_MORE)
_DROP_BUT_MARKS = _keep_all_but(lambda page, low: page == _ARABIC and low >> 2 >= _FA_LETTER)
_DROP_BUT_FA_MARKS = _keep_all_but(lambda page, low: low >> 2 in (_FA_LETTER, _FA_DIGIT))


def _fast_counts(text: str) -> tuple[int, int, int, int] | None:
    """Exact counts when the letters are on pages 0x00, 0x06 and 0x20; None if undecided.

    Units on other pages (emoji, Cyrillic, Arabic presentation forms) are only bounded: when
    the bounds cannot change the decision, stand-in counts that decide the same way are
    returned; otherwise None sends the caller to the exact loop. Passes run only when needed.
    """
    units = text.encode("utf-16-le", "surrogatepass")
    high = int.from_bytes(units[1::2].translate(_HIGH_TABLE), "little")
    low = int.from_bytes(units[0::2].translate(_LOW_TABLE), "little")
    kinds = (high + low).to_bytes(len(units) // 2, "little")
    arabic = len(kinds.translate(None, _DROP_BUT_ARABIC_LETTERS))
    other = len(kinds.translate(None, _DROP_BUT_OTHER_LETTERS))
    unknown = len(kinds.translate(None, _DROP_BUT_UNKNOWN))
    letters = arabic + other
    if unknown:
        more_arabic = len(kinds.translate(None, _DROP_BUT_MORE_ARABIC))
        if arabic + more_arabic < max(other, 1):
            return 1, 0, 0, 0  # Arabic script loses whatever the unknown units are
        if arabic == 0 or arabic < other + unknown:
            return None  # the unknown units could tip it either way
        letters = arabic * 2  # wins even if every unknown unit is a non-Arabic letter
    elif arabic * 2 < letters or arabic == 0:
        return letters, arabic, 0, 0
    marks = kinds.translate(None, _DROP_BUT_MARKS)
    persian_marks = len(marks.translate(None, _DROP_BUT_FA_MARKS))
    return letters, arabic, persian_marks, len(marks) - persian_marks
