"""The campaign life cycle on the ledger: draft → submit → approve → open → pledges → close
(release with the fee, holdings in ppm, reports) or fail (every pledge refunded), cancellation
until 48 hours before the close, and the caps."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from karsaz.capital import services
from karsaz.capital.choices import CampaignState, PledgeState, ReportStatus, WarningKind
from karsaz.capital.models import Campaign, CampaignWarning, Holding, InvestorYear, PeriodicReport
from karsaz.core.errors import error_codes
from karsaz.finance.choices import AccountPurpose, EntryKind, EntryPhase
from karsaz.finance.models import Account, JournalEntry
from karsaz.finance.verify import verify_ledger
from karsaz.registry.choices import EnterpriseKind
from karsaz.testing.factories import EnterpriseFactory
from karsaz.testing.factories_capital_campaigns import uncapped_rules

pytestmark = pytest.mark.django_db


def codes(exc_info: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error_codes(exc_info.value)


def balance(enterprise, purpose, *, pending: bool = False) -> int:
    acc = Account.objects.filter(enterprise=enterprise, purpose=purpose).first()
    return (acc.pending_balance if pending else acc.posted_balance) if acc else 0


def clearing(platform, *, pending: bool = False) -> int:
    """The platform's pledge clearing account (Karsaz's own bank clearing is never touched)."""
    assert balance(None, AccountPurpose.BANK_CLEARING) == 0
    return balance(platform, AccountPurpose.PLEDGE_CLEARING, pending=pending)


def escrow(firm) -> tuple[int, int]:
    """The firm's escrow as (posted, pending)."""
    return (
        balance(firm, AccountPurpose.CAMPAIGN_ESCROW),
        balance(firm, AccountPurpose.CAMPAIGN_ESCROW, pending=True),
    )


def terms(**over):
    now = timezone.now()
    data = {
        "title": "  طرح  توسعه  ",
        "instrument": "equity",
        "terms": "سهام",
        "use_of_funds": "خط تولید",
        "target": 2_000_000_000,
        "minimum_pledge": 5_000_000,
        "own_contribution": 200_000_000,
        "fee_bp": 250,
        "opens_at": now + dt.timedelta(days=1),
        "closes_at": now + dt.timedelta(days=61),
    }
    data.update(over)
    return data


def test_draft_submit_approve_and_open(cw):
    c = services.campaign_draft(user=cw.owner, enterprise=cw.firm, platform=cw.platform, **terms())
    assert (c.state, c.title, c.target) == (CampaignState.DRAFT, "طرح توسعه", 2_000_000_000)
    services.campaign_submit(user=cw.owner, campaign=c)
    with pytest.raises(PermissionDenied):
        services.campaign_approve(user=cw.owner, campaign=c)
    c = services.campaign_approve(user=cw.operator, campaign=c)
    assert c.state == CampaignState.APPROVED and c.approved_by == cw.operator
    assert services.campaigns_open_due(now=timezone.now()) == 0
    assert services.campaigns_open_due(now=c.opens_at) == 1
    c.refresh_from_db()
    assert c.state == CampaignState.OPEN
    # Once open, target and dates are frozen.
    with pytest.raises(ValidationError) as e:
        services.campaign_update(user=cw.owner, campaign=c, target=3_000_000_000)
    assert codes(e) == {"target": ["invalid_state"]}
    c.refresh_from_db()
    assert c.target == 2_000_000_000


def test_approve_opens_at_once_when_the_time_has_come(cw):
    c = services.campaign_draft(user=cw.owner, enterprise=cw.firm, platform=cw.platform, **terms())
    services.campaign_submit(user=cw.owner, campaign=c)
    c = services.campaign_approve(user=cw.operator, campaign=c, now=c.opens_at)
    assert c.state == CampaignState.OPEN


def test_reject_sends_back_to_draft(cw):
    c = services.campaign_draft(user=cw.owner, enterprise=cw.firm, platform=cw.platform, **terms())
    services.campaign_submit(user=cw.owner, campaign=c)
    assert services.campaign_reject(user=cw.operator, campaign=c).state == CampaignState.DRAFT
    c = services.campaign_update(user=cw.owner, campaign=c, target=1_500_000_000)
    assert c.target == 1_500_000_000


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        ({"own_contribution": 199_999_999}, {"own_contribution": ["own_contribution"]}),
        ({"closes_at": timezone.now() + dt.timedelta(days=62)}, {"closes_at": ["duration"]}),
        ({"closes_at": timezone.now()}, {"closes_at": ["invalid"]}),
        ({"target": 0}, {"target": ["invalid"]}),
        ({"target": 1.5}, {"target": ["invalid"]}),
        ({"target": "12a"}, {"target": ["invalid"]}),
        ({"minimum_pledge": 2_000_000_001}, {"minimum_pledge": ["invalid"]}),
        ({"instrument": "bond"}, {"instrument": ["invalid"]}),
        ({"title": "   "}, {"title": ["required"]}),
        ({"fee_bp": 10_001}, {"fee_bp": ["invalid"]}),
    ],
)
def test_draft_bad_input(cw, over, expected):
    with pytest.raises(ValidationError) as e:
        services.campaign_draft(
            user=cw.owner, enterprise=cw.firm, platform=cw.platform, **terms(**over)
        )
    assert codes(e) == expected
    assert Campaign.objects.count() == 1  # only the world's campaign


def test_draft_needs_a_platform_and_the_firms_editor(cw):
    other = EnterpriseFactory(kind=EnterpriseKind.SME)
    with pytest.raises(ValidationError) as e:
        services.campaign_draft(user=cw.owner, enterprise=cw.firm, platform=other, **terms())
    assert codes(e) == {"platform": ["wrong_kind"]}
    with pytest.raises(PermissionDenied):
        services.campaign_draft(user=cw.a, enterprise=cw.firm, platform=cw.platform, **terms())


def test_success_releases_escrow_less_fee_and_records_holdings(cw):
    c = cw.campaign  # target 1,000,000,000, fee 300 bp, 5% cap = 50,000,000 per person
    c.target, c.minimum_pledge = 100_000_001, 1
    c.save()
    # Per-person cap: 5% of 100,000,001 = 5,000,000 (rounded down): 20 people at the cap and
    # one rial from a 21st reach the target exactly.
    from karsaz.testing.factories import UserFactory

    people = [UserFactory() for _ in range(21)]
    for p in people[:20]:
        services.pledge_create(user=p, campaign=c, amount=5_000_000)
    services.pledge_create(user=people[20], campaign=c, amount=1)
    c.refresh_from_db()
    assert c.pledged == 100_000_001
    # Open: every pledge is a pending hold; no money has moved on the posted balances.
    assert escrow(cw.firm) == (0, -100_000_001)
    assert (clearing(cw.platform), clearing(cw.platform, pending=True)) == (0, 100_000_001)
    with pytest.raises(ValidationError) as e:
        services.campaign_close(campaign=c, now=timezone.now())
    assert codes(e) == {"__all__": ["invalid_state"]}
    c = services.campaign_close(campaign=c, now=c.closes_at)
    assert c.state == CampaignState.SUCCEEDED
    # Every hold captured (posted as it was pending), then the release.
    captures = JournalEntry.objects.filter(phase=EntryPhase.POST_PENDING)
    assert captures.count() == 21
    assert set(captures.values_list("resolves_id", flat=True)) == set(
        c.pledges.values_list("hold_entry_id", flat=True)
    )
    assert sorted(captures.values_list("idempotency_key", flat=True)) == sorted(
        f"capital:capture:{pk}" for pk in c.pledges.values_list("pk", flat=True)
    )
    assert escrow(cw.firm) == (0, 0)
    assert clearing(cw.platform, pending=True) == 0
    fee = 100_000_001 * 300 // 10_000  # 3,000,000 (rounded down from 3,000,000.03)
    assert fee == 3_000_000
    assert balance(cw.firm, AccountPurpose.CAMPAIGN_ESCROW) == 0
    assert balance(cw.firm, AccountPurpose.RAISE_PROCEEDS) == -(100_000_001 - 3_000_000)
    assert balance(cw.platform, AccountPurpose.CAMPAIGN_FEES) == -3_000_000
    assert clearing(cw.platform) == 100_000_001
    holdings = {h.investor_id: (h.amount, h.share_ppm) for h in Holding.objects.filter(campaign=c)}
    assert len(holdings) == 21
    assert sum(s for _, s in holdings.values()) == 1_000_000
    # 5,000,000 / 100,000,001 = 49,999.9995 ppm: floor 49,999, and the 20 largest remainders
    # take the 20 ppm left; 1 rial = 0.00999 ppm rounds to 0.
    assert holdings[people[0].pk] == (5_000_000, 50_000)
    assert holdings[people[20].pk] == (1, 0)
    assert set(c.pledges.values_list("state", flat=True)) == {PledgeState.SETTLED}
    assert PeriodicReport.objects.filter(campaign=c).count() == 4
    assert verify_ledger() == []


def test_failure_refunds_every_pledge_in_full(cw):
    c = cw.campaign
    services.pledge_create(user=cw.a, campaign=c, amount=50_000_000)
    services.pledge_create(user=cw.b, campaign=c, amount=20_000_000)
    services.pledge_create(user=cw.b, campaign=c, amount=7_000_000)
    assert clearing(cw.platform, pending=True) == 77_000_000
    assert escrow(cw.firm) == (0, -77_000_000)
    closed = services.campaigns_close_due(now=c.closes_at)
    assert closed == [c.pk]
    c.refresh_from_db()
    assert c.state == CampaignState.FAILED
    assert set(c.pledges.values_list("state", flat=True)) == {PledgeState.REFUNDED}
    assert (clearing(cw.platform), clearing(cw.platform, pending=True)) == (0, 0)
    assert escrow(cw.firm) == (0, 0)
    assert balance(cw.firm, AccountPurpose.RAISE_PROCEEDS) == 0
    # Every hold voided (no money moved), each pledge pointing at its own void.
    for p in c.pledges.select_related("release_entry"):
        assert (p.release_entry.phase, p.release_entry.resolves_id) == (
            EntryPhase.VOID_PENDING,
            p.hold_entry_id,
        )
        assert p.release_entry.idempotency_key == f"capital:refund:{p.pk}"
        assert p.cancelled_at == c.closes_at
    assert not JournalEntry.objects.filter(phase=EntryPhase.POST_PENDING).exists()
    assert not JournalEntry.objects.filter(kind=EntryKind.PLEDGE_REFUND).exists()  # no reversal
    assert not Holding.objects.exists()
    assert list(InvestorYear.objects.values_list("pledged", flat=True)) == [0, 0]
    assert verify_ledger() == []


def test_cancel_until_48_hours_before_the_close(cw):
    c = cw.campaign
    p = services.pledge_create(user=cw.a, campaign=c, amount=30_000_000)
    q = services.pledge_create(user=cw.a, campaign=c, amount=10_000_000)
    with pytest.raises(PermissionDenied):
        services.pledge_cancel(user=cw.b, pledge=p)
    limit = c.closes_at - dt.timedelta(hours=48)
    services.pledge_cancel(user=cw.a, pledge=p, now=limit)
    p.refresh_from_db()
    assert p.state == PledgeState.CANCELLED
    assert p.release_entry.phase == EntryPhase.VOID_PENDING
    assert p.release_entry.resolves_id == p.hold_entry_id
    assert p.release_entry.idempotency_key == f"capital:cancel:{p.pk}"
    with pytest.raises(ValidationError) as e:
        services.pledge_cancel(user=cw.a, pledge=q, now=limit + dt.timedelta(seconds=1))
    assert codes(e) == {"__all__": ["too_late"]}
    c.refresh_from_db()
    assert c.pledged == 10_000_000
    assert InvestorYear.objects.get(investor=cw.a).pledged == 10_000_000
    assert clearing(cw.platform, pending=True) == 10_000_000
    assert escrow(cw.firm) == (0, -10_000_000)
    with pytest.raises(ValidationError):
        services.pledge_cancel(user=cw.a, pledge=p, now=limit)  # twice
    assert verify_ledger() == []


def test_pledge_caps_and_bad_input(cw):
    c = cw.campaign  # target 1,000,000,000: 5% = 50,000,000 per person; minimum 1,000,000
    services.pledge_create(user=cw.a, campaign=c, amount=49_000_000)
    cases = [
        (cw.a, 1_000_001, "cap_exceeded"),
        (cw.b, 999_999, "invalid"),
        (cw.b, 1.5, "invalid"),
        (cw.b, "10", "invalid"),
        (cw.b, -5, "invalid"),
        (cw.owner, 1_000_000, "invalid"),
        (cw.operator, 1_000_000, "invalid"),
    ]
    for user, amount, code in cases:
        with pytest.raises(ValidationError) as e:
            services.pledge_create(user=user, campaign=c, amount=amount)
        assert codes(e) == {"amount": [code]}, (amount, code)
    services.pledge_create(user=cw.a, campaign=c, amount=1_000_000)  # exactly the cap
    c.refresh_from_db()
    assert c.pledged == 50_000_000
    assert c.pledges.count() == 2
    assert verify_ledger() == []


def test_yearly_cap_across_campaigns(cw):
    from karsaz.testing.factories_capital_campaigns import CampaignFactory

    big = dict(target=100_000_000_000, own_contribution=10_000_000_000)
    c1 = CampaignFactory(**big)
    c2 = CampaignFactory(**big)
    services.pledge_create(user=cw.a, campaign=c1, amount=3_000_000_000)
    with pytest.raises(ValidationError) as e:
        services.pledge_create(user=cw.a, campaign=c2, amount=2_000_000_001)
    assert codes(e) == {"amount": ["cap_exceeded"]}
    services.pledge_create(user=cw.a, campaign=c2, amount=2_000_000_000)
    assert InvestorYear.objects.get(investor=cw.a).pledged == 5_000_000_000


def test_no_oversubscription_and_closed_campaigns(cw):
    c = cw.campaign
    c.target = 10_000_000
    c.save()
    Campaign.objects.filter(pk=c.pk).update(rule_set=uncapped_rules())
    services.pledge_create(user=cw.a, campaign=c, amount=9_000_000)
    with pytest.raises(ValidationError) as e:
        services.pledge_create(user=cw.b, campaign=c, amount=1_000_001)
    assert codes(e) == {"amount": ["oversubscribed"]}
    with pytest.raises(ValidationError) as e:
        services.pledge_create(user=cw.b, campaign=c, amount=1_000_000, now=c.closes_at)
    assert codes(e) == {"amount": ["campaign_closed"]}
    Campaign.objects.filter(pk=c.pk).update(state=CampaignState.SUBMITTED)
    with pytest.raises(ValidationError) as e:
        services.pledge_create(user=cw.b, campaign=c, amount=1_000_000)
    assert codes(e) == {"amount": ["campaign_closed"]}


def test_reports_overdue_warn_and_filing_resolves(cw):
    c = cw.campaign
    Campaign.objects.filter(pk=c.pk).update(target=1_000_000, minimum_pledge=1)
    Campaign.objects.filter(pk=c.pk).update(rule_set=uncapped_rules())
    c.refresh_from_db()
    services.pledge_create(user=cw.a, campaign=c, amount=1_000_000)
    services.campaign_close(campaign=c, now=c.closes_at)
    first = PeriodicReport.objects.filter(campaign=c).order_by("due_on").first()
    late = dt.datetime.combine(first.due_on + dt.timedelta(days=1), dt.time(12), tzinfo=dt.UTC)
    assert services.reports_flag_overdue(now=late) == 1
    assert services.reports_flag_overdue(now=late) == 1  # still one open warning
    assert CampaignWarning.objects.filter(campaign=c, resolved_at=None).count() == 1
    with pytest.raises(PermissionDenied):
        services.report_file(user=cw.a, report=first, body="x")
    with pytest.raises(ValidationError) as e:
        services.report_file(user=cw.owner, report=first, body=" ")
    assert error_codes(e.value) == {"body": ["required"]}
    r = services.report_file(user=cw.owner, report=first, body="گزارش شش‌ماهه", now=late)
    assert r.status == ReportStatus.FILED
    w = CampaignWarning.objects.get(campaign=c, kind=WarningKind.REPORT_OVERDUE)
    assert w.resolved_at == late
