"""Business clinics on the home page: the client's case, the consultant's cases and follow-ups
due (the late one flagged), the officers' waiting requests; exact figures, no other firm's."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.clinics import services
from karsaz.clinics.home_panels import panels
from karsaz.clinics.models import FollowUp
from karsaz.core.panels import Panel
from karsaz.testing.factories_clinics import answers, clinic_world, open_case, working_case

pytestmark = pytest.mark.django_db


def by_key(user: Any) -> dict[str, Panel]:
    return {p.key: p for p in panels(user=user)}


def figures(panel: Panel) -> dict[str, Any]:
    return {f.key: f.value for f in panel.figures if f.key}


@pytest.fixture
def world(provinces):
    w = clinic_world()
    closed = working_case(w)
    services.case_close(user=w.finance_expert.user, case=closed, outcome="نقدینگی بهتر شد")
    today = timezone.localdate()
    FollowUp.objects.filter(case=closed, months=6).update(due_on=today - dt.timedelta(days=2))
    FollowUp.objects.filter(case=closed, months=12).update(due_on=today + dt.timedelta(days=100))
    w.closed = closed
    w.assigned = services.case_assign(
        user=w.qazvin_officer, case=open_case(w), consultant=w.finance_expert
    )
    w.tehran_case = services.case_request(
        user=w.other_client, enterprise=w.other_sme, problem="بازاریابی", answers=answers()
    )
    w.today = today
    return w


def test_the_client_sees_its_cases_only(world):
    found = by_key(world.client)
    assert set(found) == {"clinics-case"}
    panel = found["clinics-case"]
    assert figures(panel) == {"case-open": 1}
    assert [row.cells[0].href for row in panel.rows] == [
        f"/clinics/cases/{world.assigned.pk}/",
        f"/clinics/cases/{world.closed.pk}/",
    ]
    other = by_key(world.other_client)["clinics-case"]
    assert [row.cells[0].href for row in other.rows] == [f"/clinics/cases/{world.tehran_case.pk}/"]


def test_the_consultant_sees_open_cases_and_the_late_follow_up(world):
    found = by_key(world.finance_expert.user)
    assert set(found) == {"clinics-consultant-cases", "clinics-followups"}
    assert figures(found["clinics-consultant-cases"]) == {"consultant-open": 1}
    followups = found["clinics-followups"]
    assert figures(followups) == {"followups-due": 1, "followups-late": 1}
    [row] = followups.rows
    assert (row.cells[1].value, row.cells[2].value, row.warn) == (
        6,
        world.today - dt.timedelta(days=2),
        True,
    )
    idle = by_key(world.marketing_expert.user)
    assert figures(idle["clinics-consultant-cases"]) == {"consultant-open": 0}
    assert figures(idle["clinics-followups"]) == {"followups-due": 0, "followups-late": 0}


def test_officers_see_what_waits_in_their_scope(world):
    national = by_key(world.national)["clinics-staff"]
    assert figures(national) == {"clinics-waiting": 1, "clinics-open": 2, "clinics-stale": 0}
    assert [row.cells[0].href for row in national.rows] == [
        f"/clinics/cases/{world.tehran_case.pk}/"
    ]
    qazvin = by_key(world.qazvin_officer)["clinics-staff"]
    assert figures(qazvin) == {"clinics-waiting": 0, "clinics-open": 1, "clinics-stale": 0}
    assert qazvin.rows == ()
    tehran = by_key(world.tehran_officer)["clinics-staff"]
    assert figures(tehran) == {"clinics-waiting": 1, "clinics-open": 1, "clinics-stale": 0}


def test_an_outsider_has_no_clinic_panel(world):
    assert panels(user=world.outsider) == []
