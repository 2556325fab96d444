"""Date expressions in the seed articles and in every calendar, digit system and spelling.

Expected values are worked out by hand (arithmetic in the comments) and checked once against
jdatetime and hijridate in a scratch script; the literals below are what the tests hold to.
"""

from __future__ import annotations

import datetime as dt

import pytest

from annotator.core.dates import DateMatch, find_dates, normalize_value, resolve
from annotator.core.dates.numerals import parse_int
from tests.conftest import SEEDS


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _resolved(prefix: str, lang: str, anchor: dt.date) -> list[tuple[str, str | None, str]]:
    text = _seed(prefix)
    out = []
    for match in find_dates(text, lang):
        assert text[match.start : match.end] == match.text
        out.append((match.text, resolve(match, anchor).value, match.calendar))
    return out


# Seed 000 has no dateline. The Sochi summit it calls «امروز» met on 22 Nov 2017 (Wednesday).
def test_seed_000_persian_kurdish_letters() -> None:
    # 30 Aban 1396: 1 Farvardin 1396 = 2017-03-21, + 6*31 + 30 + 29 days = 2017-11-21, a Tuesday.
    # سال ۱۳۹۴: 1 Farvardin 1394 = 2015-03-21 .. 29 Esfand 1394 = 2016-03-19 (1395 starts 03-20).
    assert _resolved("000", "fa", dt.date(2017, 11, 22)) == [
        ("روز سەشنبە ٣٠ آبان", "2017-11-21", "solar_hijri"),
        ("سال ۱۳۹۴", "2015-03-21/2016-03-19", "solar_hijri"),
        ("روز سهشنبه", "2017-11-21", "solar_hijri"),  # the Tuesday before Wed 22 Nov
        ("روز سەشنبە ٣٠ آبان", "2017-11-21", "solar_hijri"),
        ("امروز", "2017-11-22", "solar_hijri"),
    ]


def test_seed_001_against_its_dateline() -> None:
    text = _seed("001")
    (dateline, *_rest) = find_dates(text, "fa")
    # جمعه ۲ آذر ۱۴۰۳: 1 Azar 1403 = 2024-11-21 (1 Farvardin 1403 = 2024-03-20, + 246 days),
    # so 2 Azar = 2024-11-22, a Friday as the text says.
    assert (dateline.text, dateline.value, dateline.needs_anchor) == (
        "جمعه ۲ آذر ۱۴۰۳",
        "2024-11-22",
        False,
    )
    assert dateline.warning is None
    anchor = dt.date.fromisoformat(dateline.value)
    saturday = ("روز شنبه", "2024-11-16", "solar_hijri")  # the Saturday before Fri 22 Nov
    assert _resolved("001", "fa", anchor) == [
        ("جمعه ۲ آذر ۱۴۰۳", "2024-11-22", "solar_hijri"),
        saturday,
        # 11 Dey within the year up to 2024-11-29: 11 Dey 1402 = 2024-01-01 (1 Dey = 12-22)
        ("روز شنبه ۱۱ دی ماه", "2024-01-01", "solar_hijri"),
        saturday,
        saturday,
        saturday,
        saturday,
        ("شنبه", "2024-11-16", "solar_hijri"),  # «شامگاه شنبه»
    ]


def test_seed_001_dateline_is_the_page_date_and_the_weekday_says_so() -> None:
    # The dateline is the day the page was fetched; the report is from the ceasefire of
    # 30 Dec 2016. 2024-01-01 is a Monday, the text says Saturday: the analyst is warned.
    text = _seed("001")
    dey = next(m for m in find_dates(text, "fa") if "دی" in m.text)
    assert "Monday" in (resolve(dey, dt.date(2024, 11, 22)).warning or "")
    # Against the true date, 11 Dey 1395 = 2016-12-31, a Saturday: no warning.
    true = resolve(dey, dt.date(2017, 1, 1))
    assert (true.value, true.native, true.warning) == ("2016-12-31", "1395-10-11", None)


def test_seed_002_levantine_months_and_a_typo() -> None:
    text = _seed("002")
    assert "2254" not in "".join(m.text for m in find_dates(text, "ar"))  # «برقم 2254»
    assert _resolved("002", "ar", dt.date(2017, 11, 21)) == [
        ("الثلاثاء، ٢١ نوفمبر ٢٠١٧", "2017-11-21", "gregorian"),  # the dateline, a Tuesday
        ("يوم 11 تشرين الثاني", "2017-11-11", "levantine"),  # تشرين الثاني = November
        ("يوم الـ20 نتشرين الثاني", "2017-11-20", "levantine"),  # «نتشرين»: a typo
        ("يوم الـ22 تشرين الثاني", "2017-11-22", "levantine"),  # a day ahead: within 7
        ("12 شباط عام 2015", "2015-02-12", "levantine"),  # شباط = February
    ]


# Seed 003 has no dateline: Putin was re-elected on Sunday 18 March 2018 («الأحد الماضي»)
# and Trump called on Tuesday 20 March 2018 («اليوم الثلاثاء»).
def test_seed_003_weekdays_today_and_yesterday() -> None:
    tuesday, sunday = "2018-03-20", "2018-03-18"
    assert _resolved("003", "ar", dt.date(2018, 3, 20)) == [
        ("اليوم الثلاثاء", tuesday, "gregorian"),
        ("اليوم الثلاثاء", tuesday, "gregorian"),
        ("الأحد الماضي", sunday, "gregorian"),
        ("اليوم", tuesday, "gregorian"),
        ("الأحد", sunday, "gregorian"),  # «(الأحد)»
        ("أمس الإثنين", "2018-03-19", "gregorian"),
        ("اليوم", tuesday, "gregorian"),  # «في وقت سابق اليوم»
        ("الأحد الماضي", sunday, "gregorian"),
    ]


# Seed 004 has no dateline: the first Trump-Putin call was on Saturday 28 January 2017.
def test_seed_004_saturday_and_next_year() -> None:
    assert _resolved("004", "ar", dt.date(2017, 1, 28)) == [
        ("يوم السبت", "2017-01-28", "gregorian"),
        ("العام المقبل", "2018", "gregorian"),  # Putin's re-election, March 2018
    ]


def _one(text: str, lang: str) -> DateMatch:
    (match,) = find_dates(text, lang)
    return match


@pytest.mark.parametrize(
    ("text", "lang", "value", "calendar", "precision"),
    [
        ("۲ آذر ۱۴۰۳", "fa", "2024-11-22", "solar_hijri", "day"),
        ("٢ آذر ١٤٠٣", "fa", "2024-11-22", "solar_hijri", "day"),  # Arabic-Indic digits
        ("2 آذر 1403", "fa", "2024-11-22", "solar_hijri", "day"),  # ASCII digits
        ("۱۱ دي‌ماه ۱۳۹۵", "fa", "2016-12-31", "solar_hijri", "day"),  # ي, ZWNJ, ماه
        ("۱۱ دیماه ۱۳۹۵", "fa", "2016-12-31", "solar_hijri", "day"),
        ("آبان ۱۳۹۶", "fa", "2017-10-23/2017-11-21", "solar_hijri", "month"),
        ("۱۳۹۶ خورشیدی", "fa", "2017-03-21/2018-03-20", "solar_hijri", "year"),
        ("21 نوفمبر 2017", "ar", "2017-11-21", "gregorian", "day"),
        ("۲۱ نوامبر ۲۰۱۷", "fa", "2017-11-21", "gregorian", "day"),
        ("4 يوليه 2020", "ar", "2020-07-04", "gregorian", "day"),
        ("4 يوليو 2020", "ar", "2020-07-04", "gregorian", "day"),
        ("15 اغسطس 2019", "ar", "2019-08-15", "gregorian", "day"),
        ("15 أغسطس 2019", "ar", "2019-08-15", "gregorian", "day"),
        ("1 ماي 2019", "ar", "2019-05-01", "gregorian", "day"),
        ("نوفمبر 2017", "ar", "2017-11", "gregorian", "month"),
        ("عام 2017", "ar", "2017", "gregorian", "year"),
        ("2017م", "ar", "2017", "gregorian", "year"),
        ("3 آذار 2011", "ar", "2011-03-03", "levantine", "day"),  # آذار = March
        ("3 آذر 1390", "fa", "2011-11-24", "solar_hijri", "day"),  # آذر = Azar
        ("10 كانون الأول 2020", "ar", "2020-12-10", "levantine", "day"),
        ("10 كانون الاول 2020", "ar", "2020-12-10", "levantine", "day"),
        ("1 محرم 1445 هـ", "ar", "2023-07-19", "hijri", "day"),  # Umm al-Qura
        ("1 رمضان 1444", "ar", "2023-03-23", "hijri", "day"),
        ("10 ذو الحجة 1444", "ar", "2023-06-28", "hijri", "day"),
        ("محرم 1445", "ar", "2023-07-19/2023-08-16", "hijri", "month"),
        ("2024/11/22", "ar", "2024-11-22", "gregorian", "day"),
        ("۱۴۰۳/۰۹/۰۲", "fa", "2024-11-22", "solar_hijri", "day"),
    ],
)
def test_calendars_digits_and_spellings(
    text: str, lang: str, value: str, calendar: str, precision: str
) -> None:
    match = _one(text, lang)
    assert (match.text, match.value, match.calendar, match.precision) == (
        text,
        value,
        calendar,
        precision,
    )
    assert not match.needs_anchor


def test_partial_values() -> None:
    day_month = _one("22 نوفمبر", "ar")
    assert (day_month.value, day_month.needs_anchor) == ("--11-22", True)
    solar = _one("۳۰ آبان", "fa")  # falls on 20 or 21 November: no Gregorian value alone
    assert (solar.value, solar.native, solar.needs_anchor) == (None, "--08-30", True)
    assert resolve(solar, dt.date(2017, 11, 22)).value == "2017-11-21"


def test_missing_year_resolves_to_the_past_year_or_a_week_ahead() -> None:
    anchor = dt.date(2024, 1, 3)
    assert resolve(_one("5 يناير", "ar"), anchor).value == "2024-01-05"  # 2 days ahead
    late = resolve(_one("20 يناير", "ar"), anchor)
    assert (late.value, late.resolved_from) == ("2023-01-20", "2024-01-03")
    assert resolve(_one("20 يناير المقبل", "ar"), anchor).value == "2024-01-20"
    assert resolve(_one("1 محرم", "ar"), dt.date(2023, 8, 1)).value == "2023-07-19"


def test_weekday_resolution() -> None:
    friday = dt.date(2024, 11, 22)
    assert resolve(_one("الثلاثاء", "ar"), friday).value == "2024-11-19"
    assert resolve(_one("الجمعة", "ar"), friday).value == "2024-11-22"  # on the anchor
    assert resolve(_one("الجمعة الماضي", "ar"), friday).value == "2024-11-15"
    assert resolve(_one("الثلاثاء المقبل", "ar"), friday).value == "2024-11-26"
    assert resolve(_one("سه‌شنبه آینده", "fa"), friday).value == "2024-11-26"
    assert resolve(_one("یکشنبه", "fa"), friday).value == "2024-11-17"
    unresolved = _one("روز سه‌شنبه", "fa")
    assert (unresolved.value, unresolved.precision, unresolved.weekday) == (None, "weekday", 1)


def test_a_weekday_match_without_a_weekday_comes_back_unresolved() -> None:
    # DateMatch is public: one built without its weekday raised TypeError in resolve
    blank = DateMatch(0, 3, "روز", None, "solar_hijri", "weekday", needs_anchor=True)
    assert resolve(blank, dt.date(2024, 11, 22)) == blank


@pytest.mark.parametrize(
    "text",
    [
        "۲۰ درصد",
        "رقم 2254",
        "۱۱ نفر",
        "نحو 20 قتيلا",
        "76.68%",
        "ساعت ۱۹:۴۵",
        "پنج سال گذشته",
        "اليوم التالي",
        "It's Over 9000!",
        "۲۰ صفحه",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert find_dates(text, "fa") == []
    assert find_dates(text, "ar") == []


def test_offsets_with_zwnj_and_harakat() -> None:
    text = "قال يَوْمَ الثُّلاثَاءِ، ٢١ نُوفَمْبَر ٢٠١٧ إنه"
    match = _one(text, "ar")
    assert text[match.start : match.end] == "يَوْمَ الثُّلاثَاءِ، ٢١ نُوفَمْبَر ٢٠١٧"
    assert match.value == "2017-11-21"
    text = "گفت روز سه‌شنبه ۳۰ آبان‌ماه ۱۳۹۶ است"
    match = _one(text, "fa")
    assert text[match.start : match.end] == "روز سه‌شنبه ۳۰ آبان‌ماه ۱۳۹۶"
    assert (match.value, match.warning) == ("2017-11-21", None)


def test_normalize_value_of_a_marked_span() -> None:
    match = normalize_value("جمعه ۲ آذر ۱۴۰۳", "fa")
    assert match is not None and match.value == "2024-11-22"
    assert normalize_value("گفتگوی تلفنی روز شنبه با رئیس جمهور آمریکا", "fa") is None
    assert normalize_value("۲۰ درصد", "fa") is None


def test_numerals() -> None:
    assert parse_int("۱۴۰۳") == parse_int("١٤٠٣") == parse_int("1403") == 1403
    with pytest.raises(ValueError):
        parse_int("۱۴a")
