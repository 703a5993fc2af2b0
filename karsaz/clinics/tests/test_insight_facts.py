"""The clinics' insight facts against a hand-computed fixture: cases by their most urgent area,
sessions in minutes (shown as hours), and only the impact figures the client confirmed."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.clinics.models import Case, CaseSession, FollowUp
from karsaz.insights import catalog
from karsaz.insights.selectors import Filters, breakdown
from karsaz.insights.services.refresh import refresh

pytestmark = pytest.mark.django_db
CODES = [c for c in catalog.facts() if c.startswith("clinics.")]


def tehran(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def figures(code: str, by: str | None = "series") -> dict[Any, tuple[int, int]]:
    fact = catalog.fact(code)
    assert fact is not None
    return {r["key"]: (r["rows"], r["total"]) for r in breakdown(fact, Filters(), by)}


@pytest.fixture
def data(users: Any) -> None:
    def case(firm: Any, areas: list[str], at: dt.datetime, state: str = "requested") -> Case:
        return Case.objects.create(
            enterprise=firm,
            province=firm.province,
            state=state,
            problem="محرمانه",
            urgent_areas=areas,
            requested_by=users.national,
            created_at=at,
        )

    one = case(users.qazvin_sme, ["finance", "marketing"], tehran(2025, 3, 20, 23, 59))
    case(users.tehran_sme, [], tehran(2025, 3, 21, 10))
    three = case(users.tehran_sme, ["export"], tehran(2025, 3, 25), "cancelled")
    for minutes in (60, 90):
        CaseSession.objects.create(
            case=one,
            date=dt.date(2025, 3, 10),
            minutes=minutes,
            mode="online",
            notes="یادداشت محرمانه",
            created_by=users.national,
        )
    due = dt.date(2025, 9, 1)
    FollowUp.objects.create(
        case=one,
        months=6,
        due_on=due,
        status="confirmed",
        jobs_created=4,
        jobs_retained=20,
        sales_change=-1_000_000_000,
        financing_obtained=5_000_000_000,
    )
    FollowUp.objects.create(case=one, months=12, due_on=due, status="recorded", jobs_created=10)
    FollowUp.objects.create(
        case=three, months=6, due_on=due, status="confirmed", sales_change=3_000_000_000
    )
    refresh(full=True, codes=CODES)


def test_cases_by_most_urgent_area(data: None) -> None:
    assert figures("clinics.cases") == {"finance": (1, 1), "": (1, 1), "export": (1, 1)}
    assert figures("clinics.cases", "month") == {140312: (1, 1), 140401: (2, 2)}


def test_sessions_and_their_minutes(data: None) -> None:
    fact = catalog.fact("clinics.sessions")
    assert fact is not None and (fact.unit, fact.scale) == ("hours", 60)
    assert figures("clinics.sessions", None) == {None: (2, 150)}  # 2.5 hours


def test_only_confirmed_impact_counts(data: None) -> None:
    assert figures("clinics.jobs_created") == {"6": (1, 4)}  # the recorded 10 waits
    assert figures("clinics.jobs_retained") == {"6": (1, 20)}
    assert figures("clinics.sales_change") == {"6": (2, 2_000_000_000)}
    assert figures("clinics.capital_raised") == {"6": (1, 5_000_000_000)}
