"""ClinicScope: the actions each role may take in each state, and the one redaction rule."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from karsaz.clinics import services
from karsaz.clinics.models import Case, FollowUp
from karsaz.clinics.permissions import ClinicScope
from karsaz.clinics.services import referrals
from karsaz.core.errors import error_codes
from karsaz.testing.factories_clinics import open_case, working_case

pytestmark = pytest.mark.django_db

STAFF = {"plan_status", "audit"}
WORK = {"session", "plan", "referral"}


def _user(w, who):
    user = getattr(w, who)
    return getattr(user, "user", user)


def _case(w, state):
    if state == "requested":
        return open_case(w)
    if state == "assigned":
        return working_case(w, with_session=False)
    case = working_case(w)
    if state == "closed":
        services.case_close(user=w.finance_expert.user, case=case, outcome="تحویل شد")
    elif state == "cancelled":
        services.case_cancel(user=w.client, case=case, reason="منصرف شدیم")
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize(
    ("state", "who", "expected"),
    [
        ("requested", "national", {"assign", "cancel", "plan", *STAFF}),
        ("requested", "qazvin_officer", {"assign", "cancel", "plan", *STAFF}),
        ("requested", "client", {"cancel", "plan_status"}),
        ("requested", "finance_expert", set()),
        ("assigned", "national", {"assign", "start", "cancel", *WORK, *STAFF}),
        ("assigned", "finance_expert", {"start", *WORK, "plan_status"}),
        ("assigned", "client", {"cancel", "plan_status"}),
        ("in_progress", "qazvin_officer", {"assign", "close", "cancel", *WORK, *STAFF}),
        ("in_progress", "finance_expert", {"close", *WORK, "plan_status"}),
        ("in_progress", "client", {"cancel", "plan_status"}),
        ("closed", "national", {"reopen", *STAFF}),
        ("closed", "finance_expert", {"plan_status"}),
        ("closed", "client", {"survey", "plan_status"}),
        ("cancelled", "qazvin_officer", {"reopen", *STAFF}),
        ("cancelled", "client", {"plan_status"}),
        *[
            (state, who, set())
            for state in ("requested", "in_progress", "closed")
            for who in ("client_employee", "marketing_expert", "tehran_officer", "outsider")
        ],
    ],
)
def test_allowed_actions_by_state_and_role(w, state, who, expected):
    case = _case(w, state)
    assert case.state == state
    assert ClinicScope(_user(w, who)).allowed_actions(case) == frozenset(expected)


def test_the_survey_is_offered_once(w):
    case = _case(w, "closed")
    services.satisfaction_submit(user=w.client, case=case, score=5, would_recommend=True)
    assert ClinicScope(w.client).allowed_actions(Case.objects.get(pk=case.pk)) == {"plan_status"}


def test_every_allowed_action_is_one_the_service_accepts(w):
    """The page offers "start" on an assigned case and the service takes it; on a requested
    case neither offers nor takes it, with a code the API client can branch on."""
    requested = open_case(w)
    assert "start" not in ClinicScope(w.national).allowed_actions(requested)
    with pytest.raises(ValidationError) as exc:
        services.case_start(user=w.national, case=requested)
    assert error_codes(exc.value) == {"state": ["invalid_state"]}
    services.case_cancel(user=w.client, case=requested, reason="x")
    assigned = working_case(w, with_session=False)
    assert "start" in ClinicScope(w.finance_expert.user).allowed_actions(assigned)
    assert services.case_start(user=w.finance_expert.user, case=assigned).state == "in_progress"


def test_followup_actions_follow_the_due_date_and_the_status(w):
    case = _case(w, "closed")
    followup = case.followups.get(months=6)
    consultant, client, staff = (
        ClinicScope(u) for u in (w.finance_expert.user, w.client, w.national)
    )
    colleague = ClinicScope(w.marketing_expert.user)
    assert followup.awaiting_due and not followup.has_figures
    assert [s.followup_actions(followup) for s in (consultant, client, staff)] == [frozenset()] * 3
    FollowUp.objects.filter(pk=followup.pk).update(due_on=timezone.localdate())
    followup.refresh_from_db()
    assert consultant.followup_actions(followup) == {"record"}
    assert client.followup_actions(followup) == {"record"}
    assert colleague.followup_actions(followup) == frozenset()
    figures = dict.fromkeys(services.IMPACT_FIELDS, 1)
    followup = services.followup_record(user=w.finance_expert.user, followup=followup, data=figures)
    assert followup.has_figures
    assert consultant.followup_actions(followup) == {"record"}
    assert client.followup_actions(followup) == {"record", "confirm"}
    followup = services.followup_confirm(user=w.client, followup=followup)
    assert consultant.followup_actions(followup) == {"correct"}
    assert staff.followup_actions(followup) == {"correct"}
    assert client.followup_actions(followup) == frozenset()


def test_referral_actions_close_pending_referrals_for_supervising_staff_only(w, monkeypatch):
    case = working_case(w)
    monkeypatch.setattr(referrals.modules, "hooks", lambda name: {})  # nothing installed
    referral = services.referral_create(
        user=w.finance_expert.user, case=case, target="finance", description="تأمین مالی"
    )
    assert ClinicScope(w.qazvin_officer).referral_actions(referral) == {"close"}
    assert ClinicScope(w.finance_expert.user).referral_actions(referral) == frozenset()
    assert ClinicScope(w.tehran_officer).referral_actions(referral) == frozenset()
    referral = services.referral_close(user=w.qazvin_officer, referral=referral)
    assert ClinicScope(w.qazvin_officer).referral_actions(referral) == frozenset()


@pytest.mark.parametrize(
    ("who", "hidden"),
    [
        ("client", frozenset()),
        ("client_employee", frozenset()),
        ("finance_expert", frozenset()),
        ("qazvin_officer", frozenset()),
        ("marketing_expert", frozenset({"notes", "attachment"})),
        ("tehran_officer", frozenset({"notes", "attachment"})),
    ],
)
def test_hidden_fields_of_sessions_by_role(w, who, hidden):
    assert ClinicScope(_user(w, who)).hidden_fields(working_case(w)) == hidden


def test_service_errors_carry_their_codes(w):
    case = working_case(w)
    with pytest.raises(ValidationError) as exc:
        services.satisfaction_submit(user=w.client, case=case, score=5, would_recommend=True)
    assert error_codes(exc.value) == {"state": ["survey_closed"]}
    with pytest.raises(ValidationError) as exc:
        services.case_assign(user=w.national, case=case, consultant=w.tehran_expert)
    assert error_codes(exc.value) == {"override_reason": ["override_needed"]}
    with pytest.raises(ValidationError) as exc:
        services.case_assign(user=w.national, case=case, consultant=w.finance_expert)
    assert error_codes(exc.value) == {"consultant": ["already_assigned"]}
    with pytest.raises(ValidationError) as exc:
        open_case(w)
    assert error_codes(exc.value) == {"enterprise": ["open_case_exists"]}
    services.case_cancel(user=w.client, case=case, reason="x")
    with pytest.raises(ValidationError) as exc:
        services.session_log(
            user=w.national, case=case, date=None, minutes=60, mode="phone", notes=""
        )
    assert error_codes(exc.value) == {"state": ["invalid_state"], "date": ["invalid"]}
