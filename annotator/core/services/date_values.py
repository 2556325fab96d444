"""The normalised value of a date span, as the analyst types or confirms it.

Values are ISO 8601 as far as the text says: `2017-11-21`, `2017-11`, `2017`, or `--11-21`
for a day and month without a year. Attributes on the span: `value`, `precision`, and
`calendar` (the one the text was written in); a value resolved against the document's
publication date waits in `suggested_value` until the analyst confirms it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from annotator.core.dates import DateMatch, find_dates, normalize_value, resolve
from annotator.core.errors import AnnotatorError

_ISO = re.compile(r"(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})-(\d{2}))")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def parse_value(text: str) -> tuple[str, str]:
    """(value, precision) from what the analyst typed; digits in any script are read.

    `2015-03-21/2016-03-19` is an interval: a Solar Hijri or Hijri month or year.
    """
    raw = text.strip().translate(_DIGITS)
    if raw.count("/") == 1:
        first, last = raw.split("/")
        if parse_value(first)[1] == parse_value(last)[1] == "day" and first <= last:
            return raw, "interval"
        raise AnnotatorError(f"{text!r} is not an interval of two days, earlier first")
    match = _ISO.fullmatch(raw)
    if match is None:
        raise AnnotatorError(
            f"{text!r} is not a date value: use 2017-11-21, 2017-11, 2017 or --11-21"
        )
    year, month, day, bare_month, bare_day = match.groups()
    try:
        if bare_month:
            dt.date(2000, int(bare_month), int(bare_day))  # a leap year: --02-29 is valid
            return raw, "day"
        if day:
            dt.date(int(year), int(month), int(day))
            return raw, "day"
        if month:
            dt.date(int(year), int(month), 1)
            return raw, "month"
    except ValueError as exc:
        raise AnnotatorError(f"{text!r} is not a real date ({exc})") from exc
    return raw, "year"


DATELINE_CHARS = 400  # a dateline sits at the top of an article
_META_KEYS = ("published", "publication_date", "date", "datePublished")


def publication_date(meta: dict[str, Any], text: str, lang: str) -> dt.date | None:
    """The date relative dates are resolved against: the metadata's, else the first full
    date in the article's opening lines (its dateline)."""
    for key in _META_KEYS:
        value = meta.get(key)
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
    return _dateline(text[:DATELINE_CHARS], lang)


# Every full date the finder reads has a four-digit year (digits of any script; the marks
# and joiners it looks through may sit between them). Without one the search cannot find
# an anchor, so it is not run: most articles open with no year, and it costs ~0.4 ms.
_YEAR_DIGITS = re.compile(r"\d(?:[\u064b-\u065f\u0670\u0640\u200c\u200d]*\d){3}")


@functools.lru_cache(maxsize=256)
def _dateline(head: str, lang: str) -> dt.date | None:
    """Cached: every date span of a document (each one tagged, or a whole project given its
    values) asks again for the same head."""
    if _YEAR_DIGITS.search(head) is None:
        return None
    for match in find_dates(head, lang):
        if match.precision == "day" and match.value and not match.needs_anchor:
            return dt.date.fromisoformat(match.value)
    return None


# A pure function of its arguments, and news repeats its date phrases («امروز», «2024»):
# an import of thousands of date spans reads each phrase once.
_read_date = functools.lru_cache(maxsize=4096)(normalize_value)


def date_attrs(span_text: str, lang: str, anchor: dt.date | None) -> dict[str, Any]:
    """Attributes for a new date span: its value when the text says it all; a suggested
    value when it needs the publication date (the analyst confirms it); {} when unread."""
    return _attrs(_read_date(span_text, lang), lambda: anchor)


def _attrs(match: DateMatch | None, anchor: Callable[[], dt.date | None]) -> dict[str, Any]:
    if match is None:
        return {}
    attrs: dict[str, Any] = {"calendar": match.calendar}
    if match.native:
        attrs["native"] = match.native
    if match.warning:
        attrs["warning"] = match.warning
    if match.value and not match.needs_anchor:
        attrs["value"], attrs["precision"] = match.value, match.precision
    elif (day := anchor()) is not None:
        resolved = resolve(match, day)
        if resolved.value:
            attrs["suggested_value"] = resolved.value
            attrs["resolved_from"] = day.isoformat()
    return attrs


def has_value(attrs: dict[str, Any]) -> bool:
    """A value given or proposed: what a file or the analyst said is never recomputed."""
    return bool(attrs.get("value") or attrs.get("suggested_value"))


class DocumentDates:
    """The window's values for the date spans of one document that arrive without one (an
    import): the publication date is looked up once, and only when a span needs it, since
    that search costs more than reading a hundred date phrases."""

    def __init__(self, text: str, lang: str, meta: dict[str, Any]) -> None:
        self._text, self._lang, self._meta = text, lang, meta
        self._anchor: tuple[dt.date | None] | None = None

    def anchor(self) -> dt.date | None:
        if self._anchor is None:
            self._anchor = (publication_date(self._meta, self._text, self._lang),)
        return self._anchor[0]

    def attrs(self, start: int, end: int, given: dict[str, Any]) -> dict[str, Any]:
        """`given` with the value of text[start:end] added; `given` itself when it has one
        or nothing can be read. The file's own attributes win over computed ones."""
        if given and has_value(given):
            return given
        computed = _attrs(_read_date(self._text[start:end], self._lang), self.anchor)
        if not computed:
            return given
        return {**computed, **given} if given else computed


def with_value(attrs: dict[str, Any], text: str) -> dict[str, Any]:
    """The span's attributes with a typed (or confirmed) value; empty text clears it."""
    out = {k: v for k, v in attrs.items() if k not in ("suggested_value", "resolved_from")}
    if not text.strip():
        out.pop("value", None)
        out.pop("precision", None)
        return out
    out["value"], out["precision"] = parse_value(text)
    return out
