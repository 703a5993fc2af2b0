"""Impact follow-ups and the satisfaction survey."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from karsaz.clinics import services, tasks
from karsaz.clinics.choices import FollowUpStatus
from karsaz.clinics.models import FollowUp
from karsaz.testing.factories_clinics import working_case

pytestmark = pytest.mark.django_db


# Impact ------------------------------------------------------------------------------------
IMPACT = {
    "jobs_created": 3, "jobs_retained": 20, "sales_change": -5_000_000_000,
    "financing_obtained": 2_000_000_000, "new_products": 1, "exports": 0,
}  # fmt: skip


def _closed(w):
    case = working_case(w)
    return services.case_close(user=w.finance_expert.user, case=case, outcome="x")


def _due(followup):
    """Six (or twelve) months have passed: the follow-up is due today."""
    FollowUp.objects.filter(pk=followup.pk).update(due_on=timezone.localdate())
    followup.refresh_from_db()
    return followup


def test_consultant_records_and_client_confirms_impact(w):
    case = _closed(w)
    followup = _due(case.followups.get(months=6))
    followup = services.followup_record(user=w.finance_expert.user, followup=followup, data=IMPACT)
    assert followup.status == FollowUpStatus.RECORDED and followup.sales_change == -5_000_000_000
    with pytest.raises(PermissionDenied):
        services.followup_confirm(user=w.finance_expert.user, followup=followup)
    with pytest.raises(PermissionDenied):
        services.followup_confirm(user=w.client_employee, followup=followup)
    followup = services.followup_confirm(user=w.client, followup=followup)
    assert followup.status == FollowUpStatus.CONFIRMED and followup.confirmed_by == w.client
    with pytest.raises(ValidationError):
        services.followup_record(user=w.finance_expert.user, followup=followup, data=IMPACT)


def test_client_entry_is_confirmed_at_once_and_bad_figures_write_nothing(w):
    case = _closed(w)
    followup = _due(case.followups.get(months=12))
    with pytest.raises(ValidationError) as exc:
        services.followup_record(
            user=w.client, followup=followup,
            data={**IMPACT, "jobs_created": -1, "exports": "many", "financing_obtained": 10**20},
        )  # fmt: skip
    assert set(exc.value.message_dict) == {"jobs_created", "exports", "financing_obtained"}
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.SCHEDULED and followup.jobs_retained is None
    followup = services.followup_record(user=w.client, followup=followup, data=IMPACT)
    assert followup.status == FollowUpStatus.CONFIRMED
    with pytest.raises(PermissionDenied):
        services.followup_record(
            user=w.outsider, followup=case.followups.get(months=6), data=IMPACT
        )


def test_impact_is_neither_recorded_nor_confirmed_before_it_is_due(w):
    """Issue 11, finding 13: a follow-up due tomorrow refuses figures with a clear error."""
    case = _closed(w)
    six = case.followups.get(months=6)
    FollowUp.objects.filter(pk=six.pk).update(due_on=timezone.localdate() + dt.timedelta(days=1))
    for user in (w.client, w.finance_expert.user, w.qazvin_officer):
        with pytest.raises(ValidationError) as caught:
            services.followup_record(user=user, followup=six, data=IMPACT)
        assert set(caught.value.message_dict) == {"due_on"}
    six.refresh_from_db()
    assert six.status == FollowUpStatus.SCHEDULED and six.jobs_created is None
    # Figures recorded on the due date cannot be confirmed if the date was moved later.
    FollowUp.objects.filter(pk=six.pk).update(due_on=timezone.localdate())
    six = services.followup_record(user=w.finance_expert.user, followup=six, data=IMPACT)
    FollowUp.objects.filter(pk=six.pk).update(due_on=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        services.followup_confirm(user=w.client, followup=six)
    assert set(caught.value.message_dict) == {"due_on"}
    assert FollowUp.objects.get(pk=six.pk).status == FollowUpStatus.RECORDED


def test_confirmed_impact_is_corrected_with_a_reason_and_reconfirmed(w):
    case = _closed(w)
    six = _due(case.followups.get(months=6))
    six = services.followup_record(user=w.client, followup=six, data=IMPACT)
    assert six.status == FollowUpStatus.CONFIRMED
    fixed = {**IMPACT, "jobs_created": 7}
    for user in (w.client, w.outsider, w.marketing_expert.user):  # not the client, not others
        with pytest.raises(PermissionDenied):
            services.followup_correct(user=user, followup=six, data=fixed, reason="x")
    with pytest.raises(ValidationError) as caught:
        services.followup_correct(user=w.finance_expert.user, followup=six, data=fixed, reason="")
    assert set(caught.value.message_dict) == {"reason"}
    six = services.followup_correct(
        user=w.finance_expert.user, followup=six, data=fixed, reason="اشتباه تایپی در مشاغل"
    )
    assert (six.status, six.jobs_created, six.confirmed_by) == (FollowUpStatus.RECORDED, 7, None)
    last, before = six.history.all()[:2]
    assert last.history_change_reason == "اشتباه تایپی در مشاغل"
    assert last.history_user == w.finance_expert.user
    assert (before.jobs_created, before.status) == (IMPACT["jobs_created"], "confirmed")
    six = services.followup_confirm(user=w.client, followup=six)
    assert six.status == FollowUpStatus.CONFIRMED and six.jobs_created == 7
    # Supervising staff may correct too; a scheduled follow-up has nothing to correct.
    six = services.followup_correct(
        user=w.qazvin_officer, followup=six, data=IMPACT, reason="بازبینی استان"
    )
    assert six.jobs_created == IMPACT["jobs_created"]
    with pytest.raises(ValidationError):
        services.followup_correct(
            user=w.qazvin_officer, followup=case.followups.get(months=12), data=IMPACT, reason="x"
        )


def test_overdue_follow_ups_are_flagged_by_the_task_and_the_command(w):
    case = _closed(w)
    six = case.followups.get(months=6)
    FollowUp.objects.filter(pk=six.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    result = tasks.flag_overdue_followups.enqueue()
    assert result.return_value == 1
    six.refresh_from_db()
    assert six.overdue and six.overdue_flagged_at is not None
    assert not case.followups.get(months=12).overdue_flagged_at
    # Already flagged: the command finds nothing new.
    call_command("clinics_flag_overdue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert services.followups_flag_overdue() == 0


def test_satisfaction_once_by_the_client_after_closing(w):
    case = working_case(w)
    with pytest.raises(ValidationError):
        services.satisfaction_submit(user=w.client, case=case, score=5, would_recommend=True)
    case = services.case_close(user=w.finance_expert.user, case=case, outcome="x")
    with pytest.raises(PermissionDenied):
        services.satisfaction_submit(
            user=w.finance_expert.user, case=case, score=5, would_recommend=True
        )
    with pytest.raises(ValidationError) as exc:
        services.satisfaction_submit(user=w.client, case=case, score=9, would_recommend=True)
    assert "score" in exc.value.message_dict
    survey = services.satisfaction_submit(user=w.client, case=case, score=4, would_recommend=True)
    assert survey.score == 4
    with pytest.raises(ValidationError):
        services.satisfaction_submit(user=w.client, case=case, score=5, would_recommend=True)
