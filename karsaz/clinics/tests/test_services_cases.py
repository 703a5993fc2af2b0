"""Assignment and the transitions of a case, by role."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from karsaz.clinics import services
from karsaz.clinics.choices import CaseState, FollowUpStatus
from karsaz.clinics.models import FollowUp, add_months
from karsaz.testing.factories_clinics import open_case, working_case

pytestmark = pytest.mark.django_db


def test_staff_override_outside_the_rules_needs_a_reason(w):
    case = open_case(w)
    with pytest.raises(ValidationError) as exc:
        services.case_assign(user=w.national, case=case, consultant=w.tehran_expert)
    assert "override_reason" in exc.value.message_dict
    case.refresh_from_db()
    assert case.state == CaseState.REQUESTED and case.consultant is None
    services.case_assign(
        user=w.national, case=case, consultant=w.tehran_expert, override_reason="تخصص ویژه"
    )
    case.refresh_from_db()
    assert case.consultant == w.tehran_expert and case.clinic == w.clinic2
    assert case.override_reason == "تخصص ویژه"


def test_expired_accreditation_cannot_be_overridden(w):
    case = open_case(w)
    w.finance_expert.accreditation_expires = timezone.localdate() - dt.timedelta(days=1)
    w.finance_expert.save()
    with pytest.raises(ValidationError) as exc:
        services.case_assign(
            user=w.national, case=case, consultant=w.finance_expert, override_reason="x"
        )
    assert "consultant" in exc.value.message_dict


# Transitions by role -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("national", True), ("qazvin_officer", True), ("tehran_officer", False),
        ("client", False), ("marketing_expert", False), ("outsider", False),
    ],
)  # fmt: skip
def test_assign_by_role(w, who, allowed):
    case = open_case(w)
    user = getattr(w, who)
    user = getattr(user, "user", user)
    if allowed:
        services.case_assign(user=user, case=case, consultant=w.finance_expert)
        case.refresh_from_db()
        assert case.state == CaseState.ASSIGNED and case.assigned_at is not None
    else:
        with pytest.raises(PermissionDenied):
            services.case_assign(user=user, case=case, consultant=w.finance_expert)
        case.refresh_from_db()
        assert case.state == CaseState.REQUESTED


def _as(w, who):
    user = getattr(w, who)
    return getattr(user, "user", user)


WORKERS = [
    ("finance_expert", True), ("qazvin_officer", True), ("national", True),
    ("marketing_expert", False), ("client", False), ("tehran_officer", False),
    ("outsider", False),
]  # fmt: skip


@pytest.mark.parametrize(("who", "allowed"), WORKERS)
def test_start_by_role(w, who, allowed):
    case = working_case(w, with_session=False)
    if allowed:
        assert services.case_start(user=_as(w, who), case=case).state == CaseState.IN_PROGRESS
    else:
        with pytest.raises(PermissionDenied):
            services.case_start(user=_as(w, who), case=case)


@pytest.mark.parametrize(("who", "allowed"), WORKERS)
def test_close_by_role_schedules_follow_ups(w, who, allowed):
    case = working_case(w)
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.case_close(user=_as(w, who), case=case, outcome="done")
        assert not FollowUp.objects.exists()
        return
    case = services.case_close(user=_as(w, who), case=case, outcome="برنامه تحویل شد")
    assert case.state == CaseState.CLOSED and case.closed_at is not None
    today = timezone.localdate()
    followups = list(case.followups.order_by("months"))
    assert [(f.months, f.status) for f in followups] == [
        (6, FollowUpStatus.SCHEDULED),
        (12, FollowUpStatus.SCHEDULED),
    ]
    assert followups[0].due_on == add_months(today, 6)
    assert followups[1].due_on == add_months(today, 12)


def test_close_needs_a_session_and_an_outcome(w):
    case = working_case(w, with_session=False)
    services.case_start(user=w.finance_expert.user, case=case)
    with pytest.raises(ValidationError) as exc:
        services.case_close(user=w.finance_expert.user, case=case, outcome="ok")
    assert "state" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.case_close(user=w.finance_expert.user, case=case, outcome="")
    assert "outcome" in exc.value.message_dict
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS and not case.followups.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("client", True), ("qazvin_officer", True), ("national", True),
        ("client_employee", False), ("finance_expert", False), ("tehran_officer", False),
    ],
)  # fmt: skip
def test_cancel_by_role(w, who, allowed):
    case = working_case(w)
    if allowed:
        case = services.case_cancel(user=_as(w, who), case=case, reason="منصرف شدیم")
        assert case.state == CaseState.CANCELLED
    else:
        with pytest.raises(PermissionDenied):
            services.case_cancel(user=_as(w, who), case=case, reason="x")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("national", True), ("qazvin_officer", True), ("tehran_officer", False),
        ("finance_expert", False), ("client", False),
    ],
)  # fmt: skip
def test_reopen_by_staff_only_and_pending_follow_ups_are_cancelled(w, who, allowed):
    case = working_case(w)
    case = services.case_close(user=w.finance_expert.user, case=case, outcome="x")
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.case_reopen(user=_as(w, who), case=case)
        return
    case = services.case_reopen(user=_as(w, who), case=case)
    assert case.state == CaseState.IN_PROGRESS and case.closed_at is None
    assert set(case.followups.values_list("status", flat=True)) == {FollowUpStatus.CANCELLED}
    # Closing again schedules them anew from the new date.
    services.case_close(user=w.finance_expert.user, case=case, outcome="y")
    assert set(case.followups.values_list("status", flat=True)) == {FollowUpStatus.SCHEDULED}
    assert case.followups.count() == 2


def test_wrong_state_transitions_are_refused(w):
    case = open_case(w)
    with pytest.raises(ValidationError):
        services.case_reopen(user=w.national, case=case)
    with pytest.raises(ValidationError):
        services.case_start(user=w.national, case=case)  # not assigned yet
    case = services.case_cancel(user=w.client, case=case, reason="x")
    with pytest.raises(ValidationError):
        services.case_cancel(user=w.client, case=case, reason="x")
    with pytest.raises(ValidationError):
        services.case_assign(user=w.national, case=case, consultant=w.finance_expert)
    # A cancelled case without consultant reopens as a new request.
    assert services.case_reopen(user=w.national, case=case).state == CaseState.REQUESTED


def test_assignment_and_closing_send_mail_after_commit(w, django_capture_on_commit_callbacks):
    from django.core import mail

    w.finance_expert.user.language = "en"
    w.finance_expert.user.save()
    case = open_case(w)
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_assign(user=w.national, case=case, consultant=w.finance_expert)
    assert [m.to for m in mail.outbox] == [[w.finance_expert.user.email]]
    assert "assigned to you" in mail.outbox[0].subject
    services.session_log(
        user=w.finance_expert.user, case=case, date=timezone.localdate(), minutes=30, mode="phone"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.case_close(user=w.finance_expert.user, case=case, outcome="x")
    assert mail.outbox[1].to == [w.client.email]  # the owner, not the employee
    assert "بسته" in mail.outbox[1].subject  # in the client's language (Persian)
    assert len(mail.outbox) == 2
