"""Follow-ups due (daily job): the consultant hears of each due follow-up once."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from karsaz.clinics import services
from karsaz.clinics.tasks import remind_due_followups
from karsaz.notifications.choices import Kind
from karsaz.notifications.models import Notification
from karsaz.testing.factories_clinics import open_case

pytestmark = pytest.mark.django_db


def _closed_case(w):
    case = services.case_assign(user=w.national, case=open_case(w), consultant=w.finance_expert)
    services.session_log(
        user=w.finance_expert.user, case=case, date=timezone.localdate(), minutes=30, mode="phone"
    )
    return services.case_close(user=w.finance_expert.user, case=case, outcome="x")


def test_due_followups_are_told_once(w, django_capture_on_commit_callbacks):
    case = _closed_case(w)
    first, second = case.followups.order_by("due_on")
    consultant = w.finance_expert.user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.followups_remind_due(today=first.due_on - dt.timedelta(days=1)) == 0
        assert services.followups_remind_due(today=first.due_on) == 1
        assert services.followups_remind_due(today=first.due_on) == 0  # idempotent
        assert services.followups_remind_due(today=second.due_on) == 1  # only the second
    rows = Notification.objects.filter(kind=Kind.CLINICS_FOLLOWUP_DUE).order_by("id")
    assert [(r.recipient_id, r.ref) for r in rows] == [
        (consultant.pk, f"clinics.followup:{first.pk}"),
        (consultant.pk, f"clinics.followup:{second.pk}"),
    ]
    assert rows[0].title_in("en") == f"The 6-month follow-up of case {case.pk} is due"
    assert [m.to for m in mail.outbox] == [[consultant.email], [consultant.email]]


def test_the_daily_task_sends_nothing_before_the_due_date(w):
    _closed_case(w)
    assert remind_due_followups.call() == 0
    assert not Notification.objects.filter(kind=Kind.CLINICS_FOLLOWUP_DUE).exists()
