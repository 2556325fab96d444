"""Regex rules that find date expressions in Persian and Arabic text.

The rules run on a folded copy of the text (`_keyed`): spelling variants folded one for one,
digits ASCII, harakat, tatweel and ZWNJ dropped; a position map takes matches back to the
original code points, so offsets are exact whatever noise the text carries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from annotator.core.dates import months as names
from annotator.core.text.fold import fold

_DROPPED = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d]")
_MARK = re.compile("[\u064b-\u065f\u0670\u0640]")


def _keyed(text: str) -> tuple[str, list[int]]:
    """The folded text the rules read, and for each of its characters the original offset."""
    folded = fold(text).replace("ة", "ه")
    chars: list[str] = []
    where: list[int] = []
    for at, char in enumerate(folded):
        if not _DROPPED.match(char):
            chars.append(char)
            where.append(at)
    return "".join(chars), where


def _alt(forms: Iterable[str]) -> str:
    ordered = sorted(set(forms), key=len, reverse=True)
    return "|".join(r"\s*".join(re.escape(w) for w in form.split(" ")) for form in ordered)


_MONTH = _alt(names.MONTH_FORMS)
_LONG_MONTH = _alt(f for f in names.MONTH_FORMS if len(f.replace(" ", "")) >= 5)
_WEEKDAY = _alt(names.WEEKDAYS)
_DIRECTION = _alt(names.DIRECTIONS)
_ERA = _alt(names.ERAS)
_DEICTIC = _alt(names.DEICTIC_DAYS)
_PRE = f"روز|یوم|{_DEICTIC}"
_YEAR_WORD = "سال|العام|عام|سنه"
# Starts a span: not inside a word or number, though «و», «ف», «ب», «ل» may be glued on.
_LEFT = r"(?:(?<![\w.:/٫])|(?<=(?<![\w.:/٫])[وفبل]))"
_YEAR = rf"(?P<year>\d{{4}})(?!\d)(?:\s*(?P<era>{_ERA})(?!\w))?"

_DATE = re.compile(
    rf"{_LEFT}(?P<span>(?:(?P<pre>{_PRE})\s+)?(?:(?P<wd>{_WEEKDAY})\s*[،,]?\s*)?"
    rf"(?:ال)?(?P<day>\d{{1,2}})(?!\d)\s*"
    rf"(?P<month>{_MONTH}|(?P<typo>[^\W\d_])(?:{_LONG_MONTH}))(?:\s*ماه)?(?!\w)"
    rf"(?:\s*[،,]?\s*(?:(?:{_YEAR_WORD})\s*)?{_YEAR}|\s+(?P<dir>{_DIRECTION})(?!\w))?)"
)
_MONTH_YEAR = re.compile(
    rf"{_LEFT}(?P<span>(?P<month>{_MONTH})(?:\s*ماه)?\s*[،,]?\s*"
    rf"(?:(?:{_YEAR_WORD})\s*)?{_YEAR})"
)
_YEAR_ONLY = re.compile(
    rf"{_LEFT}(?P<span>(?:{_YEAR_WORD})\s*{_YEAR}|(?P<bare>\d{{4}})\s*(?P<bare_era>{_ERA})(?!\w))"
)
_NUMERIC = re.compile(
    r"(?<![\d./\-])(?P<span>(?P<y>\d{4})(?P<s>[/.\-])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
    r"|(?P<d2>\d{1,2})(?P<s2>[/.\-])(?P<m2>\d{1,2})(?P=s2)(?P<y2>\d{4}))(?![\d/\-]|\.\d)"
)
_WEEKDAY_ONLY = re.compile(
    rf"{_LEFT}(?P<span>(?:(?P<pre>{_PRE})\s+)?(?P<wd>{_WEEKDAY})(?!\w)"
    rf"(?:\s+(?P<dir>{_DIRECTION})(?!\w))?)"
)
_DEICTIC_ONLY = re.compile(rf"{_LEFT}(?P<span>(?P<pre>{_DEICTIC}))(?!\w)")
_RELATIVE_YEAR = re.compile(rf"{_LEFT}(?P<span>(?P<rel>{_alt(names.RELATIVE_YEARS)}))(?!\w)")
# «اليوم التالي», «اليوم العالمي», «في ذلك اليوم»: the day of the story, not today.
_NOT_TODAY_AFTER = re.compile(r"\s+ال(?!\w*(?:سبت|احد|اثنین|ثلاثاء|اربعاء|خمیس|جمعه))\w")
_NOT_TODAY_BEFORE = re.compile(r"(?:ذلک|هذا|ذات|تلک)\s+$")
# «پنج سال گذشته» is five years, not last year.
_COUNT_BEFORE = re.compile(r"(?<!\w)(?:\d|یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه|ده|چند)\s+$")


@dataclass(frozen=True, slots=True)
class Found:
    """One rule hit, in original offsets, with the parts read from it."""

    start: int
    end: int
    rule: str
    parts: dict[str, str]


def _spans(
    text: str, key: str, where: list[int], rule: str, pattern: re.Pattern[str]
) -> Iterator[Found]:
    for hit in pattern.finditer(key):
        start, end = hit.span("span")
        if rule == "deictic" and (
            _NOT_TODAY_AFTER.match(key, end) or _NOT_TODAY_BEFORE.search(key, 0, start)
        ):
            continue
        if rule == "relative_year" and _COUNT_BEFORE.search(key, max(0, start - 8), start):
            continue
        first = where[start]
        last = where[end - 1] + 1
        while last < len(text) and _MARK.match(text[last]):
            last += 1  # harakat and tatweel on the last letter belong to it
        parts = {name: value for name, value in hit.groupdict().items() if value is not None}
        yield Found(first, last, rule, parts)


_RULES = (
    ("numeric", _NUMERIC),
    ("date", _DATE),
    ("month_year", _MONTH_YEAR),
    ("year", _YEAR_ONLY),
    ("weekday", _WEEKDAY_ONLY),
    ("deictic", _DEICTIC_ONLY),
    ("relative_year", _RELATIVE_YEAR),
)


def find_spans(text: str) -> list[Found]:
    """Every date expression, longest first where rules overlap, in text order."""
    key, where = _keyed(text)
    hits = [f for rule, pattern in _RULES for f in _spans(text, key, where, rule, pattern)]
    hits.sort(key=lambda f: (f.start - f.end, f.start))
    chosen: list[Found] = []
    for hit in hits:
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda f: f.start)
