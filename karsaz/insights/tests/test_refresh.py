"""The refresh: full and incremental, stocks and flows, and the dimensions every cell carries
(size class under the bounds in force, ISIC division, park or none, series)."""

import datetime as dt
from typing import Any

import pytest
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from karsaz.core.facts import Fact
from karsaz.insights import catalog
from karsaz.insights.models import Cell, Refresh
from karsaz.insights.selectors import Filters, breakdown
from karsaz.insights.services.refresh import refresh, refresh_fact
from karsaz.registry.models import Enterprise, IndustrialPark, IsicActivity, Province
from karsaz.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
ESFAND, FARVARDIN = 140312, 140401  # Esfand 1403 (leap, 30 days), Farvardin 1404


def tehran(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def by_kind() -> Fact:
    """A flow over the registry split by enterprise kind: the series machinery on its own."""
    return Fact(
        code="test.by_kind",
        label="by kind",
        definition="enterprises by kind",
        unit="count",
        rows=Enterprise.objects.all,
        enterprise="",
        date="created_at",
        value=lambda: F("employees"),
        series="kind",
        changed="updated_at",
    )


def months_of(code: str) -> dict[int, int]:
    out: dict[int, int] = {}
    for month, rows in Cell.objects.filter(fact=code).values_list("month", "rows"):
        out[month] = out.get(month, 0) + rows
    return out


@pytest.fixture
def firms() -> list[Any]:
    return [
        EnterpriseFactory(created_at=tehran(2025, 3, 10, 12), employees=5),
        EnterpriseFactory(created_at=tehran(2025, 3, 20, 23, 59), employees=25),
        EnterpriseFactory(created_at=tehran(2025, 3, 25, 9), employees=60),
    ]


def test_full_refresh_then_incremental_recomputes_only_changed_months(firms: Any) -> None:
    code = "registry.enterprises"
    refresh(full=True, codes=[code])
    assert months_of(code) == {ESFAND: 2, FARVARDIN: 1}
    state = Refresh.objects.get(fact=code)
    assert (state.full, state.months) == (True, 2)
    esfand_cells = set(Cell.objects.filter(fact=code, month=ESFAND).values_list("pk", flat=True))

    EnterpriseFactory(created_at=tehran(2025, 4, 1, 8))  # Farvardin, updated_at = now
    refresh(codes=[code])
    state.refresh_from_db()
    assert (state.full, state.months) == (False, 1)
    assert months_of(code) == {ESFAND: 2, FARVARDIN: 2}
    # Esfand's cells were not rewritten: the same rows as before.
    assert set(Cell.objects.filter(fact=code, month=ESFAND).values_list("pk", flat=True)) == (
        esfand_cells
    )


def test_nothing_changed_recomputes_nothing(firms: Any) -> None:
    refresh(full=True, codes=["registry.enterprises"])
    assert refresh(codes=["registry.enterprises"]) == {"registry.enterprises": 0}
    assert Refresh.objects.get(fact="registry.enterprises").months == 0
    assert months_of("registry.enterprises") == {ESFAND: 2, FARVARDIN: 1}


def test_a_quiet_run_keeps_the_next_one_incremental(firms: Any) -> None:
    code = "registry.enterprises"
    refresh(full=True, codes=[code])
    refresh(codes=[code])  # nothing changed: 0 months, 0 cells written
    EnterpriseFactory(created_at=tehran(2025, 4, 1, 8))
    refresh(codes=[code])
    state = Refresh.objects.get(fact=code)
    assert (state.full, state.months) == (False, 1)
    assert months_of(code) == {ESFAND: 2, FARVARDIN: 2}


def test_the_first_run_of_a_fact_is_full(firms: Any) -> None:
    refresh(codes=["registry.enterprises"])
    state = Refresh.objects.get(fact="registry.enterprises")
    assert (state.full, state.months) == (True, 2)


def test_a_row_changed_after_the_watermark_is_picked_up(firms: Any) -> None:
    fact = catalog.fact("registry.employees")
    assert fact is not None
    refresh_fact(fact, full=True)
    sizes = dict(
        Cell.objects.filter(fact=fact.code, month=ESFAND).values_list("size_class", "total")
    )
    assert sizes == {"micro": 5, "small": 25}
    # The firm grows to 75 people: a medium firm now, recorded through its updated_at.
    firms[1].employees = 75
    firms[1].save()
    refresh_fact(fact)
    sizes = dict(
        Cell.objects.filter(fact=fact.code, month=ESFAND).values_list("size_class", "total")
    )
    assert sizes == {"micro": 5, "medium": 75}


def test_deleted_rows_are_caught_by_the_full_run(firms: Any) -> None:
    code = "registry.enterprises"
    refresh(full=True, codes=[code])
    Enterprise.objects.filter(pk=firms[2].pk).delete()
    refresh(codes=[code])  # nothing left to say the month changed
    assert months_of(code) == {ESFAND: 2, FARVARDIN: 1}
    refresh(full=True, codes=[code])
    assert months_of(code) == {ESFAND: 2}


def test_stock_adds_up_to_the_period_end_and_flow_only_within(firms: Any) -> None:
    refresh(full=True, codes=["registry.enterprises"])
    fact = by_kind()
    refresh_fact(fact, full=True)
    stock = catalog.fact("registry.enterprises")
    assert stock is not None and stock.nature == "stock" and fact.nature == "flow"
    farvardin = Filters(start=FARVARDIN, end=FARVARDIN)
    [enterprises] = breakdown(stock, farvardin)
    [registered] = breakdown(fact, farvardin)
    assert (enterprises["rows"], enterprises["firms"]) == (3, 3)  # everything up to its end
    assert (registered["rows"], registered["total"]) == (1, 60)  # what happened within it
    [esfand] = breakdown(stock, Filters(end=ESFAND))
    assert esfand["rows"] == 2
    by_month = breakdown(stock, Filters(), "month")
    assert [(r["key"], r["rows"]) for r in by_month] == [(ESFAND, 2), (FARVARDIN, 1)]


def test_size_classes_follow_the_bounds_in_force(firms: Any) -> None:
    code = "registry.enterprises"

    def sizes() -> dict[str, int]:
        return {
            r["key"]: r["rows"] for r in breakdown(catalog.facts()[code], Filters(), "size_class")
        }

    refresh(full=True, codes=[code])
    assert sizes() == {"micro": 1, "small": 1, "medium": 1}  # bounds 10, 50, 100
    with override_settings(KARSAZ_SIZE_BOUNDS=(6, 26, 50)):
        refresh(full=True, codes=[code])
        assert sizes() == {"micro": 1, "small": 1, "large": 1}
    with override_settings(KARSAZ_SIZE_BOUNDS=(5, 20, 100)):
        refresh(full=True, codes=[code])
        assert sizes() == {"small": 1, "medium": 2}


def test_isic_division_park_and_series(firms: Any) -> None:
    qazvin = Province.objects.get(code="26")
    park = IndustrialPark.objects.filter(province=qazvin).first()
    assert park is not None
    Enterprise.objects.filter(pk=firms[0].pk).update(
        isic=IsicActivity.objects.get(code="2930"), park=park, kind="knowledge_based"
    )
    Enterprise.objects.filter(pk=firms[1].pk).update(isic=IsicActivity.objects.get(code="10"))
    section = IsicActivity.objects.filter(level="section").first()
    Enterprise.objects.filter(pk=firms[2].pk).update(isic=section)
    fact = by_kind()
    refresh_fact(fact, full=True)
    rows = sorted(
        Cell.objects.filter(fact=fact.code).values_list(
            "month", "isic_division", "park_id", "series", "rows", "total"
        )
    )
    # A class counts in its division, a division as itself, a section or nothing as "".
    assert rows == [
        (ESFAND, "10", None, "sme", 1, 25),
        (ESFAND, "29", park.pk, "knowledge_based", 1, 5),
        (FARVARDIN, "", None, "sme", 1, 60),
    ]
    by_park = breakdown(fact, Filters(), "park")
    assert [(r["key"], r["rows"]) for r in by_park] == [(park.pk, 1), (None, 2)]
    by_series = breakdown(fact, Filters(series="sme"), "isic_division")
    assert [(r["key"], r["total"]) for r in by_series] == [("", 60), ("10", 25)]
    assert breakdown(fact, Filters(park=park.pk))[0]["total"] == 5


@pytest.mark.django_db
def test_the_command_refreshes_the_named_facts_and_refuses_unknown_ones(provinces):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from karsaz.testing.factories import EnterpriseFactory

    EnterpriseFactory(province=provinces.qazvin, employees=7)
    out = StringIO()
    call_command("refresh_insights", "--full", "registry.enterprises", stdout=out)
    assert out.getvalue() == "registry.enterprises: 1 cells\n"
    with pytest.raises(CommandError, match="Unknown fact"):
        call_command("refresh_insights", "no.such")


@pytest.mark.django_db
def test_the_rollup_adds_cells_up_over_park_and_division_and_follows_the_incremental_run(
    provinces,
):
    from karsaz.insights.models import Rollup

    park = IndustrialPark.objects.filter(province=provinces.qazvin).order_by("pk").first()
    food = IsicActivity.objects.get(code="10")
    EnterpriseFactory(province=provinces.qazvin, park=park, isic=food, employees=3)
    EnterpriseFactory(province=provinces.qazvin, park=None, isic=None, employees=4)
    late = EnterpriseFactory(province=provinces.tehran, employees=60)
    fact = catalog.fact("registry.employees")
    refresh_fact(fact, full=True)
    assert Cell.objects.filter(fact=fact.code).count() == 3
    got = sorted(
        Rollup.objects.filter(fact=fact.code).values_list(
            "province__code", "size_class", "rows", "total", "firms"
        )
    )
    assert got == [("23", "medium", 1, 60, 1), ("26", "micro", 2, 7, 2)]
    # A change picked up by the hourly run reaches the roll-up too.
    Enterprise.objects.filter(pk=late.pk).update(employees=61, updated_at=timezone.now())
    refresh_fact(fact)
    assert Rollup.objects.get(fact=fact.code, province__code="23").total == 61
