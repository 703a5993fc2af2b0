"""The `firm_timeline` hook: a firm's clinic cases, sessions and confirmed impact."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.clinics.choices import CaseState, FollowUpStatus
from karsaz.clinics.models import Case, CaseSession, FollowUp
from karsaz.clinics.timeline import firm_timeline
from karsaz.testing.factories_clinics import working_case

pytestmark = pytest.mark.django_db


def _at(month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2025, month, day, 10))


def test_cases_sessions_and_confirmed_impact(w: Any) -> None:
    case = working_case(w)  # one session of 90 minutes
    CaseSession.objects.filter(case=case).update(date=dt.date(2025, 2, 1))
    Case.objects.filter(pk=case.pk).update(
        created_at=_at(1, 1), closed_at=_at(3, 1), state=CaseState.CLOSED
    )
    for months, status, jobs, sales in (
        (6, FollowUpStatus.CONFIRMED, 4, -25_000_000),
        (12, FollowUpStatus.RECORDED, 9, 90_000_000),  # not confirmed by the client: absent
    ):
        FollowUp.objects.create(
            case=case, months=months, due_on=dt.date(2025, 9, 1), status=status,
            jobs_created=jobs, sales_change=sales, recorded_by=w.finance_expert.user,
            recorded_at=_at(9, 1),
            confirmed_by=w.client if status == FollowUpStatus.CONFIRMED else None,
            confirmed_at=_at(9, 2) if status == FollowUpStatus.CONFIRMED else None,
        )  # fmt: skip
    events = sorted(firm_timeline(w.sme.pk), key=lambda e: e.moment)
    assert [(e.kind, e.moment, e.count, e.amount) for e in events] == [
        ("clinics.case", _at(1, 1), None, None),
        ("clinics.session", timezone.make_aware(dt.datetime(2025, 2, 1)), 90, None),
        ("clinics.case_closed", _at(3, 1), None, None),
        ("clinics.impact", _at(9, 2), 4, -25_000_000),
    ]
    assert "6" in events[-1].title or "۶" in events[-1].title
    # Nothing of the session's notes reaches the timeline.
    assert all("محرمانه" not in e.title for e in events)
    assert firm_timeline(w.other_sme.pk) == []
