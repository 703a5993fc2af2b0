"""Jalali (Solar Hijri) dates at the edges only: storage stays Gregorian and UTC."""

import datetime as dt
import re

import jdatetime
from django.utils import timezone

from karsaz.core.persian import to_latin_digits, to_persian_digits

MONTHS_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
_DATE_RE = re.compile(r"^\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$", re.ASCII)
# The years a Karsaz date can mean: Jalali 1300-1499 (1921-2121), Gregorian 1900-2199. The ranges
# are disjoint, so the year alone says the calendar; any other year is a typo, not a date.
JALALI_YEARS = range(1300, 1500)
GREGORIAN_YEARS = range(1900, 2200)


class DateOutOfRange(ValueError):
    """A well-formed date whose year is outside both calendars' accepted ranges."""


def _local_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def to_jalali(value: dt.date | dt.datetime) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=_local_date(value))


def format_date(
    value: dt.date | dt.datetime | None, *, lang: str = "fa", style: str = "short"
) -> str:
    """fa: «۱۴۰۵/۰۹/۰۶» or «۶ آذر ۱۴۰۵»; en: «2026-11-27» or «27 Nov 2026»."""
    if value is None:
        return ""
    day = _local_date(value)
    if lang != "fa":
        return day.isoformat() if style == "short" else day.strftime("%-d %b %Y")
    j = to_jalali(day)
    if style == "short":
        text = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    else:
        text = f"{j.day} {MONTHS_FA[j.month - 1]} {j.year}"
    return to_persian_digits(text)


def format_datetime(value: dt.datetime | None, *, lang: str = "fa") -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    clock = f"{local.hour:02d}:{local.minute:02d}"
    text = f"{format_date(local, lang=lang)} {clock}"
    return to_persian_digits(text) if lang == "fa" else text


def parse_date(text: str) -> dt.date:
    """Reads «۱۴۰۵/۰۹/۰۶», «1405-9-6» (Jalali, 1300-1499) or «2026-11-27» (Gregorian,
    1900-2199); DateOutOfRange for another year, ValueError for anything else."""
    match = _DATE_RE.match(to_latin_digits(text or ""))
    if not match:
        raise ValueError("not a date")
    year, month, day = (int(g) for g in match.groups())
    if year in JALALI_YEARS:
        return jdatetime.date(year, month, day).togregorian()
    if year in GREGORIAN_YEARS:
        return dt.date(year, month, day)
    raise DateOutOfRange(year)
