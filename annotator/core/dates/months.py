"""Month and weekday names, written the way news sites write them.

Names are listed in ordinary spelling; `key` folds them the way the finder folds the text
(ي/ی، ك/ک، ە/ه، أ/إ/آ -> ا، ة -> ه, harakat, tatweel and ZWNJ dropped, spaces removed), so
«دی ماه», «دیماه» and «دي‌ماه» or «تشرين الاول» and «تشرين الأول» are one key.
آذر (Solar Hijri month 9) and آذار (Levantine March) stay apart after folding: اذر / اذار.
Tables other than MONTHS are keyed by the spaced form; look them up with `lookup`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from annotator.core.text.fold import fold

SOLAR_HIJRI = "solar_hijri"
GREGORIAN = "gregorian"
HIJRI = "hijri"
LEVANTINE = "levantine"

_NOISE = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d]+")
_SPACE = re.compile(r"\s+")


def spaced(text: str) -> str:
    """A name folded like the text, without marks or ZWNJ, its words one space apart."""
    return _SPACE.sub(" ", _NOISE.sub("", fold(text).replace("ة", "ه"))).strip()


def key(text: str) -> str:
    """The lookup form of a name: `spaced` without the spaces («دی ماه» = «دیماه»)."""
    return spaced(text).replace(" ", "")


_SOLAR = (
    ("فروردین",),
    ("اردیبهشت", "اردی بهشت"),
    ("خرداد",),
    ("تیر",),
    ("مرداد", "امرداد"),
    ("شهریور",),
    ("مهر",),
    ("آبان",),
    ("آذر",),
    ("دی",),
    ("بهمن",),
    ("اسفند",),
)
_GREGORIAN = (
    ("ژانویه", "ژانویهٔ", "جانویه", "يناير", "جانفي"),
    ("فوریه", "فبراير", "فبرایر", "فيفري"),
    ("مارس", "مارچ"),
    ("آوریل", "آپریل", "أبريل", "إبريل", "ابريل", "أفريل"),
    ("مه", "می", "مِی", "مايو", "ماي"),
    ("ژوئن", "جون", "يونيو", "يونيه", "جوان"),
    ("ژوئیه", "جولای", "يوليو", "يوليه", "جويلية", "جويلیه"),
    ("اوت", "آگوست", "اگوست", "أغسطس", "أوت"),
    ("سپتامبر", "سبتمبر"),
    ("اکتبر", "أكتوبر", "اکتوبر"),
    ("نوامبر", "نوفمبر"),
    ("دسامبر", "ديسمبر", "دیسمبر"),
)
_LEVANTINE = (
    ("كانون الثاني", "كانون ثاني"),
    ("شباط",),
    ("آذار",),
    ("نيسان",),
    ("أيار",),
    ("حزيران",),
    ("تموز",),
    ("آب",),
    ("أيلول",),
    ("تشرين الأول", "تشرين أول"),
    ("تشرين الثاني", "تشرين ثاني"),
    ("كانون الأول", "كانون أول"),
)
_HIJRI = (
    ("محرم", "المحرم", "محرم الحرام"),
    ("صفر",),
    ("ربيع الأول", "ربيع أول", "ربیع الاول"),
    ("ربيع الثاني", "ربيع الآخر", "ربيع ثاني", "ربیع الثانی"),
    ("جمادى الأولى", "جمادى الأول", "جمادی الاول", "جمادی الاولی"),
    ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادی الثانی", "جمادی الآخر"),
    ("رجب",),
    ("شعبان",),
    ("رمضان",),
    ("شوال",),
    ("ذو القعدة", "ذي القعدة", "ذیقعده", "ذی القعده", "ذوالقعده"),
    ("ذو الحجة", "ذي الحجة", "ذیحجه", "ذی الحجه", "ذوالحجه"),
)

# key -> (calendar, month number). Gregorian «كانون ثاني» is listed under Levantine first.
MONTHS: dict[str, tuple[str, int]] = {}
MONTH_FORMS: set[str] = set()  # spaced forms, for the finder's patterns
for _calendar, _table in (
    (LEVANTINE, _LEVANTINE),
    (SOLAR_HIJRI, _SOLAR),
    (HIJRI, _HIJRI),
    (GREGORIAN, _GREGORIAN),
):
    for _number, _names in enumerate(_table, start=1):
        for _name in _names:
            MONTHS.setdefault(key(_name), (_calendar, _number))
            MONTH_FORMS.add(spaced(_name))

# A stray letter glued to the front of a long name («الـ20 نتشرين الثاني») is read as a typo,
# but only after a day number and only for names this long: «صفر» or «آب» must not grow one.
TYPO_MIN_LENGTH = 5

# Weekday (spaced form) -> Python weekday (Monday = 0).
WEEKDAYS: dict[str, int] = {
    spaced(name): number
    for names, number in (
        (("دوشنبه", "الاثنين", "الإثنين", "الأثنين"), 0),
        (("سه شنبه", "سه‌شنبه", "الثلاثاء"), 1),
        (("چهارشنبه", "چهار شنبه", "الأربعاء"), 2),
        (("پنجشنبه", "پنج شنبه", "الخميس"), 3),
        (("جمعه", "آدینه", "الجمعة"), 4),
        (("شنبه", "السبت"), 5),
        (("یکشنبه", "یک شنبه", "الأحد"), 6),
    )
    for name in names
}

# Words after a weekday or a day-month that say which occurrence: -1 the past one, +1 the next.
DIRECTIONS: dict[str, int] = {
    spaced(name): shift
    for names, shift in (
        (("گذشته", "الماضي", "المنصرم", "الفائت"), -1),
        (("آینده", "المقبل", "القادم"), +1),
    )
    for name in names
}

# Words for today and yesterday -> days from the anchor.
DEICTIC_DAYS: dict[str, int] = {
    spaced(name): shift for name, shift in (("امروز", 0), ("اليوم", 0), ("دیروز", -1), ("أمس", -1))
}

# Relative years -> (years from the anchor's year, calendar by language).
RELATIVE_YEARS: dict[str, int] = {
    spaced(name): shift
    for names, shift in (
        (("سال گذشته", "پارسال", "العام الماضي", "السنة الماضية", "العام المنصرم"), -1),
        (("امسال", "سال جاری", "العام الحالي", "العام الجاري", "هذا العام"), 0),
        (("سال آینده", "العام المقبل", "العام القادم", "السنة المقبلة"), +1),
    )
    for name in names
}

# Era markers after a year.
ERAS: dict[str, str] = {
    spaced(name): calendar
    for names, calendar in (
        (("هجری شمسی", "هجری خورشیدی", "ه.ش", "ه ش", "هش", "خورشیدی", "شمسی"), SOLAR_HIJRI),
        (("هجری قمری", "ه.ق", "ه ق", "هق", "هجري", "هجرية", "قمری", "هـ", "ه"), HIJRI),
        (("میلادی", "ميلادية", "للميلاد", "م"), GREGORIAN),
    )
    for name in names
}


def lookup[V](table: Mapping[str, V], text: str) -> V | None:
    """The entry whose name matches `text` (any spacing), or None."""
    wanted = key(text)
    for name, value in table.items():
        if name.replace(" ", "") == wanted:
            return value
    return None
