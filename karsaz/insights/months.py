"""Jalali months as integers (yyyymm) and the SQL that places a date in one.

The Jalali calendar's months do not start on Gregorian month boundaries, so the database cannot
truncate a date to one. A CASE over the months the rows span does it in SQL on both databases:
one WHEN per month, a few dozen for the demo, a few hundred for a decade.
"""

import datetime as dt

import jdatetime
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone


def month_of(value: dt.date | dt.datetime) -> int:
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    j = jdatetime.date.fromgregorian(date=value)
    return j.year * 100 + j.month


def next_month(month: int) -> int:
    year, m = divmod(month, 100)
    return (year + 1) * 100 + 1 if m == 12 else month + 1


def first_day(month: int) -> dt.date:
    """The Gregorian date of the month's first day."""
    year, m = divmod(month, 100)
    return jdatetime.date(year, m, 1).togregorian()


def span(first: int, last: int) -> list[int]:
    months = [first]
    while months[-1] < last:
        months.append(next_month(months[-1]))
    return months


def is_valid(month: int) -> bool:
    year, m = divmod(month, 100)
    return 1 <= m <= 12 and 1300 <= year <= 1500


def _bound(month: int, *, datetimes: bool) -> dt.date | dt.datetime:
    day = first_day(month)
    if not datetimes:
        return day
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def month_case(path: str, months: list[int], *, datetimes: bool) -> Case:
    """CASE placing `path` (a date or datetime) in one of `months` (consecutive, ascending)."""
    whens = [
        When(
            **{
                f"{path}__gte": _bound(month, datetimes=datetimes),
                f"{path}__lt": _bound(next_month(month), datetimes=datetimes),
            },
            then=Value(month),
        )
        for month in months
    ]
    return Case(*whens, default=Value(None), output_field=IntegerField())


def within(path: str, months: list[int], *, datetimes: bool) -> models.Q:
    """Rows whose `path` falls in any of `months` (not necessarily consecutive)."""
    q = models.Q(pk__in=[])
    for month in months:
        q |= models.Q(
            **{
                f"{path}__gte": _bound(month, datetimes=datetimes),
                f"{path}__lt": _bound(next_month(month), datetimes=datetimes),
            }
        )
    return q
