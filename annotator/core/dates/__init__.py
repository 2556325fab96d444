"""Date expressions in Persian and Arabic news: find them, normalise them to ISO 8601.

    find_dates(text, lang)      -> every date expression with its value and calendar
    resolve(match, anchor)      -> a date without a year, a weekday or «اليوم» made full
                                   against the publication date (marked `resolved_from`)
    normalize_value(text, lang) -> the value of a span the analyst marked

Values (see `normalize`): «2024-11-22»; «2017-11» / «2017» for Gregorian months and years;
Solar Hijri and Hijri months and years as an interval «2015-03-21/2016-03-19»; «--11-22» for a
Gregorian day and month without a year; None when only an anchor can tell (a weekday, «امروز»,
a Solar Hijri or Hijri day and month without a year: see `native` for what was written).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TypedDict

from annotator.core.dates import months as names
from annotator.core.dates.finder import Found, find_spans
from annotator.core.dates.normalize import iso_value, native, to_gregorian, year_of
from annotator.core.dates.numerals import parse_int

__all__ = ["DateMatch", "find_dates", "normalize_value", "resolve"]

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LOOKAHEAD = dt.timedelta(days=7)  # news may announce a date a few days ahead


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date expression. start/end are code points into the text searched.

    calendar: solar_hijri, gregorian, hijri or levantine (Gregorian months with Levantine
    names; the value is Gregorian). precision: day, month, year or weekday (a resolved weekday
    becomes day). native: the date in its own calendar («1403-09-02», «--08-30», «1394»).
    weekday: Monday = 0, when the text names one. shift: for a weekday or a day-month, -1 «the
    last», +1 «the next» («المقبل», «آینده»); for «امروز»/«أمس» days from the anchor; for
    «العام المقبل» years from the anchor's year. warning: something the analyst should check
    (the weekday does not fit the date, a typo read through, a day the month lacks).
    """

    start: int
    end: int
    text: str
    value: str | None
    calendar: str
    precision: str
    needs_anchor: bool
    resolved_from: str | None = None
    native: str | None = None
    weekday: int | None = None
    shift: int | None = None
    warning: str | None = None


def find_dates(text: str, lang: str) -> list[DateMatch]:
    """Every date expression in `text` (lang «fa» or «ar»: the default calendar of a bare year)."""
    return [_match(text, found, lang) for found in find_spans(text)]


def _default_calendar(year: int, lang: str) -> str:
    if year >= 1700 or year < 1000:
        return names.GREGORIAN
    return names.SOLAR_HIJRI if lang.startswith("fa") else names.HIJRI


class _Where(TypedDict):
    """Where a match is: the first three fields of every `DateMatch`."""

    start: int
    end: int
    text: str


def _match(text: str, found: Found, lang: str) -> DateMatch:
    parts = found.parts
    base: _Where = {"start": found.start, "end": found.end, "text": text[found.start : found.end]}
    weekday = names.lookup(names.WEEKDAYS, parts["wd"]) if "wd" in parts else None
    deictic = names.lookup(names.DEICTIC_DAYS, parts["pre"]) if "pre" in parts else None
    shift = names.lookup(names.DIRECTIONS, parts["dir"]) if "dir" in parts else deictic
    warnings: list[str] = []
    year = month = day = None
    era = names.lookup(names.ERAS, parts.get("era") or parts.get("bare_era") or "")
    if found.rule == "relative_year":
        shift = names.lookup(names.RELATIVE_YEARS, parts["rel"])
        calendar = names.SOLAR_HIJRI if lang.startswith("fa") else names.GREGORIAN
        return DateMatch(
            **base, value=None, calendar=calendar, precision="year", needs_anchor=True, shift=shift
        )
    if found.rule in ("weekday", "deictic"):
        calendar = names.SOLAR_HIJRI if lang.startswith("fa") else names.GREGORIAN
        if deictic is not None:  # «اليوم الثلاثاء», «أمس»: a day counted from the anchor
            return DateMatch(
                **base,
                value=None,
                calendar=calendar,
                precision="day",
                needs_anchor=True,
                weekday=weekday,
                shift=deictic,
            )
        return DateMatch(
            **base,
            value=None,
            calendar=calendar,
            precision="weekday",
            needs_anchor=True,
            weekday=weekday,
            shift=shift,
        )
    if found.rule == "numeric":
        year = parse_int(parts.get("y") or parts["y2"])
        month = parse_int(parts.get("m") or parts["m2"])
        day = parse_int(parts.get("d") or parts["d2"])
        calendar = _default_calendar(year, lang)
    elif found.rule == "year":
        year = parse_int(parts.get("year") or parts["bare"])
        calendar = era or _default_calendar(year, lang)
    else:
        month_key = names.key(parts["month"])
        if month_key not in names.MONTHS:  # «نتشرين الثاني»: a stray letter before the name
            month_key = month_key[1:]
            warnings.append("a stray letter before the month name was read as a typo")
        calendar, month = names.MONTHS[month_key]
        day = parse_int(parts["day"]) if "day" in parts else None
        year = parse_int(parts["year"]) if "year" in parts else None
        if era and era != calendar and {era, calendar} != {names.GREGORIAN, names.LEVANTINE}:
            warnings.append(f"the era marker says {era}, the month name {calendar}")
    if day is not None and not 1 <= day <= 31:
        warnings.append(f"no day {day}")
    try:
        value = iso_value(calendar, year, month, day)
    except ValueError as err:
        value = None
        warnings.append(f"no such date: {err}")
    if value and weekday is not None and day is not None and year is not None:
        warnings += _weekday_check(value, weekday)
    precision = "day" if day is not None else "month" if month is not None else "year"
    return DateMatch(
        **base,
        value=value,
        calendar=calendar,
        precision=precision,
        needs_anchor=year is None,
        native=native(year, month, day),
        weekday=weekday,
        shift=shift if year is None else None,
        warning="; ".join(warnings) or None,
    )


def _weekday_check(value: str, weekday: int) -> list[str]:
    actual = dt.date.fromisoformat(value).weekday()
    if actual == weekday:
        return []
    return [f"{value} is a {_WEEKDAY_NAMES[actual]}, the text says {_WEEKDAY_NAMES[weekday]}"]


def resolve(match: DateMatch, anchor: dt.date) -> DateMatch:
    """`match` made full against the publication date `anchor`, marked `resolved_from`.

    A day and month without a year: the occurrence within the 12 months up to anchor + 7
    days (only up to the anchor after «الماضي»/«گذشته», the first after it after «المقبل»/
    «آینده»). A weekday: the latest on or before the anchor (strictly before after «الماضي»),
    or the first after it after «المقبل»/«آینده». «اليوم»/«امروز», «أمس»/«دیروز»: the anchor
    and the day before. A relative year: the anchor's year (in the match's calendar) moved.
    Matches that need no anchor come back unchanged.
    """
    if not match.needs_anchor:
        return match
    if match.precision == "year":
        year = year_of(match.calendar, anchor) + (match.shift or 0)
        return dataclasses.replace(
            match,
            value=iso_value(match.calendar, year, None, None),
            native=native(year, None, None),
            needs_anchor=False,
            resolved_from=anchor.isoformat(),
        )
    if match.native and match.native.startswith("--"):
        day = _nearest(match, match.native, anchor)
    elif match.precision == "weekday":
        day = None if match.weekday is None else _weekday(match.weekday, anchor, match.shift)
    else:  # «اليوم», «أمس», «اليوم الثلاثاء»
        day = anchor + dt.timedelta(days=match.shift or 0)
    if day is None:
        return match
    warnings = [match.warning] if match.warning else []
    if match.weekday is not None:
        warnings += _weekday_check(day.isoformat(), match.weekday)
    native_day = match.native
    if match.native and match.native.startswith("--"):
        native_day = f"{year_of(match.calendar, day):04d}{match.native[1:]}"
    return dataclasses.replace(
        match,
        value=day.isoformat(),
        precision="day",
        needs_anchor=False,
        resolved_from=anchor.isoformat(),
        native=native_day,
        warning="; ".join(warnings) or None,
    )


def _nearest(match: DateMatch, month_day: str, anchor: dt.date) -> dt.date | None:
    """`month_day` is the match's native «--MM-DD»."""
    month, day = (int(p) for p in month_day[2:].split("-"))
    around = year_of(match.calendar, anchor)
    candidates = []
    for year in range(around - 4, around + 2):
        try:
            candidates.append(to_gregorian(match.calendar, year, month, day))
        except ValueError:
            continue
    if match.shift == 1:
        after = [c for c in candidates if c > anchor]
        return min(after) if after else None
    latest = anchor if match.shift == -1 else anchor + LOOKAHEAD
    before = [c for c in candidates if c <= latest]
    return max(before) if before else None


def _weekday(weekday: int, anchor: dt.date, shift: int | None) -> dt.date:
    back = (anchor.weekday() - weekday) % 7
    if shift == 1:
        return anchor + dt.timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
    if shift == -1 and back == 0:
        back = 7
    return anchor - dt.timedelta(days=back)


def normalize_value(text: str, lang: str) -> DateMatch | None:
    """The date a marked span holds: the widest match, if it covers most of the span."""
    found = find_dates(text, lang)
    if not found:
        return None
    widest = max(found, key=lambda m: m.end - m.start)
    content = len("".join(text.split()))
    covered = len("".join(widest.text.split()))
    return widest if covered * 2 >= content else None
