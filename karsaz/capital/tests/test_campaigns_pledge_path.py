"""The pledge's hot path: its statement count, who is barred, the platform's own clearing
account, and pledges made before it (on Karsaz's bank clearing) given back where they came from.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from karsaz.capital import services
from karsaz.capital.choices import PledgeState
from karsaz.capital.models import InvestorYear, Pledge
from karsaz.capital.permissions import CapitalScope
from karsaz.core import jalali
from karsaz.core.errors import error_codes
from karsaz.finance.choices import AccountPurpose, EntryKind
from karsaz.finance.ledger import Leg, account_for, post_entry
from karsaz.finance.models import Account
from karsaz.finance.verify import verify_ledger
from karsaz.registry.choices import MembershipRole
from karsaz.testing.factories import MembershipFactory, UserFactory
from karsaz.testing.factories_capital_campaigns import CampaignFactory

pytestmark = pytest.mark.django_db

# Statements of one pledge once its accounts exist, inside the test's transaction (so the
# service's BEGIN/COMMIT are a SAVEPOINT/RELEASE): the savepoint, the campaign claim, the year
# claim, the ledger entry (on PostgreSQL one statement, no savepoint: its guards refuse in
# WHERE, never by an error; on SQLite the ORM path in a savepoint: lock, entry, postings,
# balances, sum check), the pledge row, the release. It was 14 on PostgreSQL before the claims
# (lock, scope, share sum, year lock, two updates, two account reads, ...), 8 before the ledger's
# entry lost its savepoint.
PLEDGE_QUERIES = {"postgresql": 6, "sqlite": 12}


def balance(enterprise, purpose) -> int:
    acc = Account.objects.filter(enterprise=enterprise, purpose=purpose).first()
    return acc.posted_balance if acc else 0


def test_a_pledge_costs_a_fixed_number_of_statements(cw):
    services.pledge_create(user=cw.a, campaign=cw.campaign, amount=10_000_000)  # accounts made
    for investor in (cw.a, cw.b):  # a second pledge of the year, and a first
        with CaptureQueriesContext(connection) as ctx:
            services.pledge_create(user=investor, campaign=cw.campaign, amount=2_000_000)
        assert len(ctx.captured_queries) == PLEDGE_QUERIES[connection.vendor]


def test_each_platform_has_its_own_clearing_account(cw):
    other = CampaignFactory()  # another firm on another platform
    services.pledge_create(user=cw.a, campaign=cw.campaign, amount=10_000_000)
    services.pledge_create(user=cw.a, campaign=other, amount=3_000_000)
    assert balance(cw.platform, AccountPurpose.PLEDGE_CLEARING) == 10_000_000
    assert balance(other.platform, AccountPurpose.PLEDGE_CLEARING) == 3_000_000
    assert balance(cw.firm, AccountPurpose.CAMPAIGN_ESCROW) == -10_000_000
    assert balance(other.enterprise, AccountPurpose.CAMPAIGN_ESCROW) == -3_000_000
    assert not Account.objects.filter(purpose=AccountPurpose.BANK_CLEARING).exists()
    assert verify_ledger() == []


@pytest.mark.parametrize(
    ("where", "role", "barred"),
    [
        ("firm", MembershipRole.OWNER, True),
        ("firm", MembershipRole.MANAGER, True),
        ("firm", MembershipRole.EMPLOYEE, False),
        ("platform", MembershipRole.EMPLOYEE, True),
        ("platform", MembershipRole.MANAGER, True),
    ],
)
def test_barred_exactly_as_the_scope_says(cw, where, role, barred):
    """The claim's membership test is the scope's campaign_manages / campaign_operates."""
    user = UserFactory()
    MembershipFactory(user=user, enterprise=getattr(cw, where), role=role)
    scope = CapitalScope(user)
    assert (scope.campaign_manages(cw.campaign) or scope.campaign_operates(cw.campaign)) is barred
    if barred:
        with pytest.raises(ValidationError) as e:
            services.pledge_create(user=user, campaign=cw.campaign, amount=2_000_000)
        assert error_codes(e.value) == {"amount": ["invalid"]}
        assert (Pledge.objects.count(), InvestorYear.objects.count()) == (0, 0)
    else:
        services.pledge_create(user=user, campaign=cw.campaign, amount=2_000_000)
        assert Pledge.objects.get().amount == 2_000_000


def test_a_refused_pledge_leaves_no_claim_behind(cw):
    services.pledge_create(user=cw.a, campaign=cw.campaign, amount=45_000_000)
    with pytest.raises(ValidationError) as e, translation.override("en"):
        # 5 % of 1,000,000,000 = 50,000,000
        services.pledge_create(user=cw.a, campaign=cw.campaign, amount=5_000_001)
    assert error_codes(e.value) == {"amount": ["cap_exceeded"]}
    assert "you may add 5000000 rials" in str(e.value)
    cw.campaign.refresh_from_db()
    assert cw.campaign.pledged == 45_000_000
    assert InvestorYear.objects.get(investor=cw.a).pledged == 45_000_000
    assert balance(cw.firm, AccountPurpose.CAMPAIGN_ESCROW) == -45_000_000


def test_an_older_pledge_on_the_bank_clearing_goes_back_there(cw):
    """Pledges posted before the platforms' clearing accounts reverse their own entry."""
    bank = account_for(None, AccountPurpose.BANK_CLEARING)
    escrow = account_for(cw.firm, AccountPurpose.CAMPAIGN_ESCROW)
    entry = post_entry(
        key="capital:pledge:legacy",
        kind=EntryKind.PLEDGE,
        legs=[Leg(bank, 7_000_000), Leg(escrow, -7_000_000)],
    )
    pledge = Pledge.objects.create(
        campaign=cw.campaign,
        investor=cw.a,
        amount=7_000_000,
        state=PledgeState.HELD,
        hold_entry=entry,
    )
    cw.campaign.pledged = 7_000_000
    cw.campaign.save()
    year = jalali.to_jalali(pledge.created_at).year
    InvestorYear.objects.create(investor=cw.a, year=year, pledged=7_000_000)
    services.pledge_create(user=cw.b, campaign=cw.campaign, amount=3_000_000)
    services.campaigns_close_due(now=cw.campaign.closes_at)  # target missed: every refund
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.REFUNDED
    assert pledge.release_entry.reverses_id == entry.pk
    assert balance(None, AccountPurpose.BANK_CLEARING) == 0
    assert balance(cw.platform, AccountPurpose.PLEDGE_CLEARING) == 0
    assert balance(cw.firm, AccountPurpose.CAMPAIGN_ESCROW) == 0
    assert verify_ledger() == []
