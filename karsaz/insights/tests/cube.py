"""A small cube of stored cells whose figures the dashboard tests know by heart.

A test module imports the fixtures it uses (`cube_fixture`, `facts_fixture`); they are
requested by their names, `cube` and `facts`.

The catalog is replaced by two facts the tests control (the registry's enterprises, a stock,
and an amount in rials, a flow with a series), so the pages show exactly these figures
whatever facts the installed modules declare.
"""

import datetime as dt
from types import SimpleNamespace
from typing import Any, cast

import pytest
from django.db.models import F
from django.utils import timezone

from karsaz.core.facts import Fact
from karsaz.insights import catalog
from karsaz.insights.models import Cell, Refresh
from karsaz.insights.services import rollup
from karsaz.registry.models import Enterprise, IndustrialPark

AS_OF = timezone.make_aware(dt.datetime(2025, 10, 1, 9, 30))  # 9 Mehr 1404

ENTERPRISES = Fact(
    code="registry.enterprises",
    label="Enterprises",
    definition="Enterprises in the registry at the end of the period.",
    unit="count",
    rows=Enterprise.objects.all,
    enterprise="",
    date="created_at",
    nature="stock",
)
AMOUNTS = Fact(
    code="finance.amounts",
    label="Amounts financed",
    definition="Rials financed in the period.",
    unit="rials",
    rows=Enterprise.objects.all,
    enterprise="",
    date="created_at",
    value=lambda: cast(Any, F("employees")),
    series="kind",
    series_labels=lambda: {"a": "Invoices", "b": "Leases"},
    public=False,  # invoice-level amounts: staff only
)


@pytest.fixture(name="facts")
def facts_fixture(monkeypatch: Any) -> dict[str, Fact]:
    chosen = {f.code: f for f in (ENTERPRISES, AMOUNTS)}
    monkeypatch.setattr(catalog, "facts", lambda: chosen)
    return chosen


def add_cell(fact: Fact, month: int, province: Any, *, firms: int, total: int | None = None,
             park: Any = None, size: str = "micro", kind: str = "sme", isic: str = "25",
             series: str = "") -> Cell:  # fmt: skip
    cell = Cell.objects.create(
        fact=fact.code, month=month, province=province, park=park, isic_division=isic,
        size_class=size, kind=kind, series=series, rows=firms,
        total=firms if total is None else total, firms=firms,
    )  # fmt: skip
    rollup(fact.code, [month])  # as the refresh does after writing cells
    return cell


@pytest.fixture(name="cube")
def cube_fixture(facts: dict[str, Fact], provinces: SimpleNamespace) -> SimpleNamespace:
    """Enterprises (public): Qazvin 10 (micro, in a park, Farvardin 1404), Tehran 20 (small,
    ISIC 10, Khordad), Isfahan 3 (medium, knowledge-based, Mordad: a small cell). Amounts (staff
    only): Qazvin 5,000,000 rials from 4 firms (Ordibehesht, invoices, in the park), Tehran
    7,000,000 from 6 firms (Mehr, leases)."""
    park = IndustrialPark.objects.filter(province=provinces.qazvin).order_by("pk").first()
    add_cell(ENTERPRISES, 140401, provinces.qazvin, firms=10, park=park)
    add_cell(ENTERPRISES, 140403, provinces.tehran, firms=20, size="small", isic="10")
    add_cell(ENTERPRISES, 140405, provinces.isfahan, firms=3, size="medium", kind="knowledge_based")
    add_cell(AMOUNTS, 140402, provinces.qazvin, firms=4, total=5_000_000, park=park, series="a")
    add_cell(AMOUNTS, 140407, provinces.tehran, firms=6, total=7_000_000, size="small",
             series="b")  # fmt: skip
    for fact in (ENTERPRISES, AMOUNTS):
        Refresh.objects.create(
            fact=fact.code, started_at=AS_OF, finished_at=AS_OF, full=True, months=1, cells=1
        )
    return SimpleNamespace(park=park, **vars(provinces))
