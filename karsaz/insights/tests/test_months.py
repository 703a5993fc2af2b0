"""Jalali months: the Python helpers and the SQL CASE agree on every boundary, on both
databases (1 Farvardin, the 30th of Esfand in the leap year 1403, 23:59 Tehran time)."""

import datetime as dt

import pytest
from django.utils import timezone

from karsaz.insights import months
from karsaz.registry.models import Enterprise
from karsaz.testing.factories import EnterpriseFactory


def tehran(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))  # TIME_ZONE is Asia/Tehran


def test_first_of_farvardin_starts_the_year() -> None:
    assert months.month_of(dt.date(2024, 3, 20)) == 140301
    assert months.month_of(dt.date(2024, 3, 19)) == 140212
    assert months.first_day(140301) == dt.date(2024, 3, 20)


def test_esfand_of_the_leap_year_1403_has_thirty_days() -> None:
    assert months.month_of(dt.date(2025, 3, 20)) == 140312  # 30 Esfand 1403
    assert months.month_of(dt.date(2025, 3, 21)) == 140401
    assert months.first_day(140401) == dt.date(2025, 3, 21)
    # 1402 is not leap: 29 Esfand is its last day.
    assert months.first_day(140301) - months.first_day(140212) == dt.timedelta(days=29)


def test_a_datetime_is_placed_by_its_tehran_day() -> None:
    assert months.month_of(tehran(2025, 3, 20, 23, 59)) == 140312
    assert months.month_of(tehran(2025, 3, 21, 0, 0)) == 140401
    # 00:30 Tehran on 1 Farvardin is still 20 March in UTC: the local day counts.
    assert months.month_of(tehran(2025, 3, 21, 0, 30)) == 140401


def test_span_crosses_the_new_year() -> None:
    assert months.span(140311, 140402) == [140311, 140312, 140401, 140402]
    assert months.span(140405, 140405) == [140405]
    assert months.next_month(140312) == 140401


@pytest.mark.parametrize(
    ("month", "valid"),
    [(140312, True), (140301, True), (140313, False), (140300, False), (12990101, False)],
)
def test_impossible_months_are_not_valid(month: int, valid: bool) -> None:
    assert months.is_valid(month) is valid


@pytest.mark.django_db
def test_sql_case_places_boundary_rows_like_python() -> None:
    stamps = {
        "esfand-last-minute": tehran(2025, 3, 20, 23, 59),
        "farvardin-first-minute": tehran(2025, 3, 21, 0, 0),
        "farvardin-half-past-midnight": tehran(2025, 3, 21, 0, 30),
        "bahman-last-minute": tehran(2025, 2, 18, 23, 59),  # 30 Bahman 1403
        "esfand-first": tehran(2025, 2, 19, 0, 0),
    }
    for name, at in stamps.items():
        EnterpriseFactory(name_en=name, created_at=at)
    span = months.span(140311, 140401)
    placed = dict(
        Enterprise.objects.filter(name_en__in=stamps)
        .annotate(m=months.month_case("created_at", span, datetimes=True))
        .values_list("name_en", "m")
    )
    assert placed == {
        "esfand-last-minute": 140312,
        "farvardin-first-minute": 140401,
        "farvardin-half-past-midnight": 140401,
        "bahman-last-minute": 140311,
        "esfand-first": 140312,
    }
    assert placed == {name: months.month_of(at) for name, at in stamps.items()}
    # `within` selects the same rows as the CASE.
    esfand = Enterprise.objects.filter(months.within("created_at", [140312], datetimes=True))
    assert sorted(esfand.filter(name_en__in=stamps).values_list("name_en", flat=True)) == [
        "esfand-first",
        "esfand-last-minute",
    ]


@pytest.mark.django_db
def test_sql_case_on_a_date_field() -> None:
    firm = EnterpriseFactory(kb_certificate_expires=dt.date(2025, 3, 20))
    other = EnterpriseFactory(kb_certificate_expires=dt.date(2025, 3, 21))
    placed = dict(
        Enterprise.objects.filter(pk__in=[firm.pk, other.pk])
        .annotate(
            m=months.month_case(
                "kb_certificate_expires", months.span(140312, 140401), datetimes=False
            )
        )
        .values_list("pk", "m")
    )
    assert placed == {firm.pk: 140312, other.pk: 140401}
