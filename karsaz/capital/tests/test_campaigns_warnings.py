"""Warnings from the firm's record: repayment delays and defaults (finance), weak clinic scores
(clinics), raised once per cause for firms with an open or funded campaign, resolved when the
cause has gone."""

import datetime as dt

import pytest
from django.utils import timezone

from karsaz.capital import services
from karsaz.capital.choices import CampaignState, WarningKind
from karsaz.capital.models import CampaignWarning
from karsaz.capital.periodic import JOBS
from karsaz.capital.services import warnings
from karsaz.clinics.models import Case
from karsaz.finance import services as finance
from karsaz.finance.models import Invoice
from karsaz.testing import factories_clinics as fc
from karsaz.testing import factories_finance as ff
from karsaz.testing.factories_capital_campaigns import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({}, ("", "")),
        ({"finance_defaults": 0, "max_days_late": 29}, ("", "")),
        (
            {"finance_defaults": 0, "max_days_late": 30},
            ("defaults:0;late:1", "finance defaults 0, longest repayment delay 30 days"),
        ),
        (
            {"finance_defaults": 2, "max_days_late": 5},
            ("defaults:2;late:0", "finance defaults 2, longest repayment delay 5 days"),
        ),
        ({"finance_defaults": 0, "max_days_late": None}, ("", "")),
    ],
)
def test_repayment_cause(facts, expected):
    assert warnings.repayment_cause(facts) == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"clinic_cases_closed": 3}, ("", "")),
        ({"clinic_finance_score": 40, "clinic_hr_score": 90}, ("", "")),
        (
            {"clinic_finance_score": 39, "clinic_hr_score": 0, "clinic_cases_closed": 1},
            ("weak:finance,hr", "clinic scores finance 39, hr 0"),
        ),
    ],
)
def test_clinic_cause(facts, expected):
    assert warnings.clinic_cause(facts) == expected


def test_the_daily_job_is_scheduled():
    assert "karsaz.capital.tasks.warn_from_firm_records" in [job.task for job in JOBS]


def _defaulting_buyer():
    """A finance world whose buyer owes an invoice 30 days past due: one default."""
    w = ff.finance_world()
    late = ff.financed(w, days=30)
    today = timezone.localdate()
    Invoice.objects.filter(pk=late.pk).update(
        issue_date=today - dt.timedelta(days=65), due_date=today - dt.timedelta(days=30)
    )
    finance.finance_tick(now=timezone.now())
    return w


def test_repayment_delay_warns_open_and_funded_campaigns_once():
    w = _defaulting_buyer()
    open_ = CampaignFactory(enterprise=w.buyer)
    funded = CampaignFactory(enterprise=w.buyer, state=CampaignState.SUCCEEDED)
    CampaignFactory(enterprise=w.buyer, state=CampaignState.FAILED)  # nobody's money: no warning
    CampaignFactory(enterprise=w.supplier)  # on time: no warning
    now = timezone.now()
    assert services.warnings_from_records(now=now) == {"raised": 2, "resolved": 0}
    rows = CampaignWarning.objects.order_by("campaign_id").values_list(
        "campaign_id", "kind", "cause", "detail"
    )
    detail = "finance defaults 1, longest repayment delay 30 days"
    assert list(rows) == [
        (open_.pk, WarningKind.REPAYMENT_DELAY, "defaults:1;late:1", detail),
        (funded.pk, WarningKind.REPAYMENT_DELAY, "defaults:1;late:1", detail),
    ]
    # The next day: the same cause, no second warning.
    later = now + dt.timedelta(days=1)
    assert services.warnings_from_records(now=later) == {"raised": 0, "resolved": 0}
    assert CampaignWarning.objects.count() == 2
    # Resolved by hand, the same cause does not come back.
    CampaignWarning.objects.filter(campaign=open_).update(resolved_at=later)
    assert services.warnings_from_records(now=later) == {"raised": 0, "resolved": 0}
    assert CampaignWarning.objects.filter(campaign=open_).count() == 1


def test_clinic_flag_raised_then_resolved_when_the_scores_recover():
    w = fc.clinic_world()
    case = fc.open_case(w, weak=("finance",))
    assert case.scores["finance"] < warnings.CLINIC_FLAG_BELOW
    campaign = CampaignFactory(enterprise=w.sme)
    now = timezone.now()
    assert services.warnings_from_records(now=now) == {"raised": 1, "resolved": 0}
    warning = CampaignWarning.objects.get()
    assert (warning.campaign_id, warning.kind, warning.cause) == (
        campaign.pk,
        WarningKind.CLINIC_FLAG,
        "weak:finance",
    )
    assert services.warnings_from_records(now=now) == {"raised": 0, "resolved": 0}
    # A later diagnosis with every area healthy resolves it.
    Case.objects.filter(pk=case.pk).update(scores={k: 80 for k in case.scores})
    assert services.warnings_from_records(now=now) == {"raised": 0, "resolved": 1}
    warning.refresh_from_db()
    assert warning.resolved_at == now
    assert services.warnings_from_records(now=now) == {"raised": 0, "resolved": 0}


def test_an_open_warning_takes_a_new_cause_and_a_resolved_cause_stays_quiet(cw):
    kind = WarningKind.CLINIC_FLAG
    first = services.warning_raise(campaign=cw.campaign, kind=kind, detail="a", cause="weak:hr")
    again = services.warning_raise(campaign=cw.campaign, kind=kind, detail="b", cause="weak:x")
    assert again.pk == first.pk
    assert (again.cause, again.detail) == ("weak:x", "b")
    services.warning_resolve(campaign=cw.campaign, kind=kind)
    quiet = services.warning_raise(campaign=cw.campaign, kind=kind, detail="c", cause="weak:x")
    assert quiet is None
    new = services.warning_raise(campaign=cw.campaign, kind=kind, detail="d", cause="weak:y")
    assert new.pk != first.pk
    assert CampaignWarning.objects.filter(resolved_at__isnull=True).count() == 1
