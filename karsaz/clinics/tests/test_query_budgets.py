"""Query budgets for the clinics API and pages: the count does not grow with the rows."""

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from karsaz.clinics import services
from karsaz.clinics.models import Consultant, FollowUp, NoteRead
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory
from karsaz.testing.factories_clinics import answers, clinic_world, make_consultant, working_case
from karsaz.testing.queries import N, assert_budgets, count_queries, measure

pytestmark = pytest.mark.django_db

BUDGETS = {
    "api clinic list": 2,
    "api consultant list": 3,
    "api consultant detail": 2,
    "api case list": 3,
    "api case detail": 2,
    "api session detail": 3,
    "api action item list": 3,
    "api followup list": 3,
    "page case list": 9,
    "page case detail": 14,
    "page case audit": 8,
    "page directory": 6,
    "page dashboard": 9,
}


def _world() -> SimpleNamespace:
    w = clinic_world()
    Consultant.objects.filter(pk=w.finance_expert.pk).update(capacity=100)
    w.case = working_case(w)
    w.grown = 0
    return w


def _session(w: SimpleNamespace, case: Any) -> None:
    services.session_log(
        user=w.finance_expert.user,
        case=case,
        date=timezone.localdate(),
        minutes=60,
        mode="online",
        notes="یادداشت محرمانه",
    )


def _grow(w: SimpleNamespace, k: int) -> None:
    """k more consultants, and k more Qazvin cases, each assigned, with a session and an action
    item, and closed (two follow-ups each); k more sessions and action items on the case whose
    detail is measured."""
    today = timezone.localdate()
    for _ in range(k):
        w.grown += 1
        make_consultant(
            clinic=w.clinic, username=f"qb-cons{w.grown}", specialties=("export",),
            provinces=[w.qazvin],
        )  # fmt: skip
        sme = EnterpriseFactory(kind=EnterpriseKind.SME, province=w.qazvin)
        owner = UserFactory(username=f"qb-client{w.grown}")
        MembershipFactory(user=owner, enterprise=sme, role=MembershipRole.OWNER)
        case = services.case_request(
            user=owner, enterprise=sme, problem="فروش کم", answers=answers(("finance",))
        )
        case = services.case_assign(user=w.qazvin_officer, case=case, consultant=w.finance_expert)
        _session(w, case)
        services.action_item_add(
            user=w.finance_expert.user, case=case, title="برنامه", owner="مدیر", due_date=today
        )
        services.case_close(user=w.finance_expert.user, case=case, outcome="پایان")
        _session(w, w.case)
        services.action_item_add(
            user=w.finance_expert.user, case=w.case, title="اقدام", owner="مدیر", due_date=today
        )


def _targets(w: SimpleNamespace) -> dict[str, tuple[Any, str]]:
    api = APIClient()
    api.force_authenticate(w.qazvin_officer)
    staff = Client()
    staff.force_login(w.qazvin_officer)
    session = w.case.sessions.order_by("pk").first()
    return {
        "api clinic list": (api, "/api/v1/clinics/"),
        "api consultant list": (api, "/api/v1/consultants/"),
        "api consultant detail": (api, f"/api/v1/consultants/{w.finance_expert.pk}/"),
        "api case list": (api, "/api/v1/clinic-cases/"),
        "api case detail": (api, f"/api/v1/clinic-cases/{w.case.pk}/"),
        "api session detail": (api, f"/api/v1/clinic-sessions/{session.pk}/"),
        "api action item list": (api, "/api/v1/clinic-action-items/"),
        "api followup list": (api, "/api/v1/clinic-followups/"),
        "page case list": (staff, "/clinics/"),
        "page case detail": (staff, f"/clinics/cases/{w.case.pk}/"),
        "page case audit": (staff, f"/clinics/cases/{w.case.pk}/audit"),
        "page directory": (staff, "/clinics/directory/"),
        "page dashboard": (staff, "/clinics/dashboard/"),
    }


def test_clinics_queries_do_not_grow_with_rows() -> None:
    w = _world()
    _grow(w, N)
    small = measure(_targets(w))
    _grow(w, 2 * N)
    assert FollowUp.objects.count() == 2 * 3 * N
    large = measure(_targets(w))
    assert_budgets(small, large, BUDGETS)


def test_session_list_writes_one_audit_insert_for_the_whole_page() -> None:
    """SessionViewSet._audit logs every shown session's notes as read in one bulk INSERT, so the
    list's queries do not grow with the cases on the page (it was one INSERT per case)."""
    w = _world()
    _grow(w, N)
    api = APIClient()
    api.force_authenticate(w.qazvin_officer)
    url = "/api/v1/clinic-sessions/"
    small = count_queries(api, url)
    _grow(w, 2 * N)
    assert (small, count_queries(api, url)) == (4, 4)
    sessions = api.get(url).json()["results"]
    shown = [row["id"] for row in sessions if row["notes_visible"] and row["notes"]]
    assert len(shown) == len(sessions) > N
    last = NoteRead.objects.filter(user=w.qazvin_officer, kind="api").order_by("-id")
    assert sorted(last[: len(shown)].values_list("session_id", flat=True)) == sorted(shown)
