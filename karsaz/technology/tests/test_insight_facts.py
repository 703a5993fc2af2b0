"""The technology exchange's insight facts against a hand-computed fixture."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.insights import catalog
from karsaz.insights.models import Cell
from karsaz.insights.selectors import Filters, breakdown
from karsaz.insights.services.refresh import refresh
from karsaz.registry.models import Province
from karsaz.technology.models import Capability, Proposal, TechnologyNeed
from karsaz.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
CODES = [
    "technology.needs",
    "technology.capabilities",
    "technology.proposals",
    "technology.agreements",
    "technology.days_to_agreement",
]


def at(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def cells(code: str) -> list[tuple[Any, ...]]:
    return sorted(
        Cell.objects.filter(fact=code).values_list(
            "month", "province__code", "size_class", "kind", "series", "rows", "total", "firms"
        )
    )


@pytest.fixture
def data(world: Any) -> Any:
    tehran = Province.objects.get(code="23")
    w = world
    w.sme2 = EnterpriseFactory(province=tehran, employees=5)
    w.need2 = TechnologyNeed.objects.create(
        enterprise=w.sme2, title="نیاز دوم", summary="خلاصه", province=tehran
    )
    # 1 Farvardin 1403 (20 March 2024) and 13 Farvardin 1403, Tehran time.
    TechnologyNeed.objects.filter(pk=w.need.pk).update(created_at=at(2024, 3, 20, 9))
    TechnologyNeed.objects.filter(pk=w.need2.pk).update(created_at=at(2024, 4, 1, 23, 30))
    Capability.objects.update(created_at=at(2024, 3, 25, 10))
    signed = {"state": "signed", "pitch": "—"}
    Proposal.objects.create(
        need=w.need, capability=w.capability, agreement_type="licensing",
        agreement_value=5_000_000_000, agreement_date=dt.date(2024, 4, 19), **signed,
    )  # fmt: skip
    Proposal.objects.create(
        need=w.need2, capability=w.capability, agreement_type="licensing",
        agreement_value=3_000_000_000, agreement_date=dt.date(2024, 5, 11), **signed,
    )  # fmt: skip
    Proposal.objects.create(need=w.need, capability=w.lab_capability, pitch="—")
    Proposal.objects.update(created_at=at(2024, 4, 2, 8))
    refresh(full=True, codes=CODES)
    return w


def test_needs_and_capabilities_by_month_province_and_size(data: Any) -> None:
    assert cells("technology.needs") == [
        (140301, "23", "micro", "sme", "", 1, 1, 1),
        (140301, "26", "small", "sme", "", 1, 1, 1),
    ]
    # Capabilities belong to their providers: a knowledge-based firm and a lab, both in Tehran.
    assert cells("technology.capabilities") == [
        (140301, "23", "small", "knowledge_based", "", 1, 1, 1),
        (140301, "23", "small", "university", "", 1, 1, 1),
    ]


def test_proposals_by_state_at_the_need_owner(data: Any) -> None:
    rows = breakdown(catalog.fact("technology.proposals"), Filters(), "series")  # type: ignore[arg-type]
    assert [(r["key"], r["rows"]) for r in rows] == [("proposed", 1), ("signed", 2)]
    qazvin = Province.objects.get(code="26").pk
    by_province = breakdown(catalog.fact("technology.proposals"), Filters(), "province")  # type: ignore[arg-type]
    assert {r["key"]: r["rows"] for r in by_province} == {
        Province.objects.get(code="23").pk: 1,
        qazvin: 2,
    }


def test_agreements_and_their_value_in_rials(data: Any) -> None:
    assert cells("technology.agreements") == [
        (140301, "26", "small", "sme", "licensing", 1, 5_000_000_000, 1),
        (140302, "23", "micro", "sme", "licensing", 1, 3_000_000_000, 1),
    ]
    [total] = breakdown(catalog.fact("technology.agreements"), Filters())  # type: ignore[arg-type]
    assert (total["rows"], total["total"]) == (2, 8_000_000_000)


def test_days_from_need_to_agreement_is_a_mean_of_whole_days(data: Any) -> None:
    # 20 Mar -> 19 Apr is 30 days; the second need was posted at 23:30 Tehran time on 1 April
    # (20:00 UTC, the same day in both), 1 Apr -> 11 May is 40 days.
    assert cells("technology.days_to_agreement") == [
        (140301, "26", "small", "sme", "", 1, 30, 1),
        (140302, "23", "micro", "sme", "", 1, 40, 1),
    ]
    fact = catalog.fact("technology.days_to_agreement")
    assert fact is not None and fact.mean and fact.unit == "days"
    [total] = breakdown(fact, Filters())
    assert total["total"] // total["rows"] == 35


def test_need_posted_after_local_midnight_counts_on_the_local_day(data: Any) -> None:
    # 00:30 Tehran on 1 Farvardin 1403 (20 March 2024) is 21:00 UTC on 19 March, Esfand 1402.
    TechnologyNeed.objects.filter(pk=data.need2.pk).update(created_at=at(2024, 3, 20, 0, 30))
    Proposal.objects.filter(need=data.need2).update(agreement_date=dt.date(2024, 3, 29))
    refresh(full=True, codes=["technology.needs", "technology.days_to_agreement"])
    assert [(c[0], c[1]) for c in cells("technology.needs")] == [(140301, "23"), (140301, "26")]
    # 20 March -> 29 March: 9 days (from the UTC day it would be 10).
    assert cells("technology.days_to_agreement") == [
        (140301, "23", "micro", "sme", "", 1, 9, 1),
        (140301, "26", "small", "sme", "", 1, 30, 1),
    ]
