"""Calendar dates to ISO 8601 through jdatetime (Solar Hijri) and hijridate (Umm al-Qura).

No calendar arithmetic here: each conversion is one library call. Values:
full «2024-11-22»; Gregorian month «2017-11» or year «2017»; a Solar Hijri or Hijri month or
year is not a Gregorian month or year, so it is the ISO 8601 interval of its first and last
day («2015-03-21/2016-03-19» for 1394 SH); a Gregorian day and month without a year «--11-22».
"""

from __future__ import annotations

import datetime as dt

import jdatetime
from hijridate import Gregorian, Hijri

from annotator.core.dates.months import GREGORIAN, HIJRI, LEVANTINE, SOLAR_HIJRI


def to_gregorian(calendar: str, year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a date in `calendar`; ValueError when there is no such day."""
    if calendar in (GREGORIAN, LEVANTINE):
        return dt.date(year, month, day)
    if calendar == SOLAR_HIJRI:
        return jdatetime.date(year, month, day).togregorian()
    if calendar == HIJRI:
        try:
            return Hijri(year, month, day).to_gregorian()
        except OverflowError as err:  # outside the Umm al-Qura table (1343-1500 AH)
            raise ValueError(str(err)) from err
    raise ValueError(f"unknown calendar {calendar!r}")


def year_of(calendar: str, day: dt.date) -> int:
    """The year, in `calendar`, that the Gregorian `day` falls in."""
    if calendar == SOLAR_HIJRI:
        return jdatetime.date.fromgregorian(date=day).year
    if calendar == HIJRI:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    return day.year


def month_range(calendar: str, year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of a month."""
    first = to_gregorian(calendar, year, month, 1)
    for last_day in (31, 30, 29, 28):
        try:
            return first, to_gregorian(calendar, year, month, last_day)
        except ValueError:
            continue
    raise ValueError(f"no days in {calendar} {year}-{month}")


def year_range(calendar: str, year: int) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of a year."""
    return month_range(calendar, year, 1)[0], month_range(calendar, year, 12)[1]


def iso_value(calendar: str, year: int | None, month: int | None, day: int | None) -> str | None:
    """The ISO 8601 value of a (possibly partial) date; None when it needs a year first.

    ValueError when the date does not exist (31 Mehr, 30 in a 29-day Hijri month).
    """
    gregorian = calendar in (GREGORIAN, LEVANTINE)
    if year is None:
        if month is None or day is None or not gregorian:
            return None  # a Solar Hijri or Hijri day-month falls on a different day each year
        dt.date(2000, month, day)  # validates; 2000 is a leap year, so 29 February passes
        return f"--{month:02d}-{day:02d}"
    if month is None:
        if gregorian:
            return f"{year:04d}"
        first, last = year_range(calendar, year)
        return f"{first.isoformat()}/{last.isoformat()}"
    if day is None:
        if gregorian:
            return f"{year:04d}-{month:02d}"
        first, last = month_range(calendar, year, month)
        return f"{first.isoformat()}/{last.isoformat()}"
    return to_gregorian(calendar, year, month, day).isoformat()


def native(year: int | None, month: int | None, day: int | None) -> str | None:
    """The date as written, ISO-shaped in its own calendar: «1403-09-02», «--08-30», «1394»."""
    if year is None and month is not None and day is not None:
        return f"--{month:02d}-{day:02d}"
    if year is None:
        return None
    parts = [f"{year:04d}"] + [f"{p:02d}" for p in (month, day) if p is not None]
    return "-".join(parts)
