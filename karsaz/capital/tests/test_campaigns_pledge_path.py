"""The pledge's hot path: its statement count, who is barred, the platform's own clearing
account, and pledges made before it (on Karsaz's bank clearing) given back where they came from.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from karsaz.capital import services
from karsaz.capital.choices import CampaignState, PledgeState
from karsaz.capital.models import Campaign, InvestorYear, Pledge
from karsaz.capital.permissions import CapitalScope
from karsaz.core import jalali
from karsaz.core.errors import error_codes
from karsaz.finance.choices import AccountPurpose, EntryKind, EntryPhase
from karsaz.finance.ledger import Leg, account_for, post_entry
from karsaz.finance.models import Account, JournalEntry
from karsaz.finance.verify import verify_ledger
from karsaz.registry.choices import MembershipRole
from karsaz.testing.factories import MembershipFactory, UserFactory
from karsaz.testing.factories_capital_campaigns import CampaignFactory, uncapped_rules

pytestmark = pytest.mark.django_db

# Statements of one pledge once its accounts exist, inside the test's transaction (so the
# service's BEGIN/COMMIT are a SAVEPOINT/RELEASE): the savepoint, the campaign claim, the year
# claim, the ledger entry (on PostgreSQL one statement, no savepoint: its guards refuse in
# WHERE, never by an error; on SQLite the ORM path in a savepoint: lock, entry, postings,
# balances, sum check), the pledge row, the release. It was 14 on PostgreSQL before the claims
# (lock, scope, share sum, year lock, two updates, two account reads, ...), 8 before the ledger's
# entry lost its savepoint.
PLEDGE_QUERIES = {"postgresql": 6, "sqlite": 12}


def balance(enterprise, purpose, *, pending: bool = False) -> int:
    acc = Account.objects.filter(enterprise=enterprise, purpose=purpose).first()
    return (acc.pending_balance if pending else acc.posted_balance) if acc else 0


def pending(enterprise, purpose) -> int:
    return balance(enterprise, purpose, pending=True)


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
    assert pending(cw.platform, AccountPurpose.PLEDGE_CLEARING) == 10_000_000
    assert pending(other.platform, AccountPurpose.PLEDGE_CLEARING) == 3_000_000
    assert pending(cw.firm, AccountPurpose.CAMPAIGN_ESCROW) == -10_000_000
    assert pending(other.enterprise, AccountPurpose.CAMPAIGN_ESCROW) == -3_000_000
    assert balance(cw.firm, AccountPurpose.CAMPAIGN_ESCROW) == 0  # nothing posted while open
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
    assert pending(cw.firm, AccountPurpose.CAMPAIGN_ESCROW) == -45_000_000


def legacy_pledge(cw, investor, amount: int, *, bank: bool = False) -> Pledge:
    """A pledge as Karsaz recorded it before the two-phase escrow: its hold posted final (on
    Karsaz's bank clearing before the platforms' clearing accounts), the caps' sums with it."""
    source = (
        account_for(None, AccountPurpose.BANK_CLEARING)
        if bank
        else account_for(cw.platform, AccountPurpose.PLEDGE_CLEARING)
    )
    escrow = account_for(cw.firm, AccountPurpose.CAMPAIGN_ESCROW)
    pledge = Pledge.objects.create(
        campaign=cw.campaign, investor=investor, amount=amount, state=PledgeState.HELD
    )
    pledge.hold_entry = post_entry(
        key=f"capital:pledge:legacy-{pledge.pk}",
        kind=EntryKind.PLEDGE,
        legs=[Leg(source, amount), Leg(escrow, -amount)],
    )
    pledge.save(update_fields=["hold_entry"])
    Campaign.objects.filter(pk=cw.campaign.pk).update(pledged=F("pledged") + amount)
    year = jalali.to_jalali(pledge.created_at).year
    row, _ = InvestorYear.objects.get_or_create(investor=investor, year=year)
    InvestorYear.objects.filter(pk=row.pk).update(pledged=F("pledged") + amount)
    cw.campaign.refresh_from_db()
    return pledge


def test_an_older_pledge_on_the_bank_clearing_goes_back_there(cw):
    """Pledges posted final before the two-phase escrow are reversed; the new ones voided."""
    pledge = legacy_pledge(cw, cw.a, 7_000_000, bank=True)
    services.pledge_create(user=cw.b, campaign=cw.campaign, amount=3_000_000)
    assert balance(cw.firm, AccountPurpose.CAMPAIGN_ESCROW) == -7_000_000
    assert pending(cw.firm, AccountPurpose.CAMPAIGN_ESCROW) == -3_000_000
    services.campaigns_close_due(now=cw.campaign.closes_at)  # target missed: every refund
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.REFUNDED
    assert pledge.release_entry.reverses_id == pledge.hold_entry_id
    assert pledge.release_entry.kind == EntryKind.PLEDGE_REFUND
    assert pledge.release_entry.idempotency_key == f"capital:refund:{pledge.pk}"
    new = Pledge.objects.exclude(pk=pledge.pk).get()
    assert (new.state, new.release_entry.phase) == (PledgeState.REFUNDED, EntryPhase.VOID_PENDING)
    assert balance(None, AccountPurpose.BANK_CLEARING) == 0
    for account in (
        (None, AccountPurpose.BANK_CLEARING),
        (cw.platform, AccountPurpose.PLEDGE_CLEARING),
        (cw.firm, AccountPurpose.CAMPAIGN_ESCROW),
    ):
        assert (balance(*account), pending(*account)) == (0, 0), account
    assert InvestorYear.objects.get(investor=cw.a).pledged == 0
    assert verify_ledger() == []


def test_an_older_final_pledge_is_released_with_the_captured_ones(cw):
    """A successful close captures only the pending holds; a final one is in escrow already."""
    Campaign.objects.filter(pk=cw.campaign.pk).update(
        target=10_000_000, minimum_pledge=1, rule_set=uncapped_rules()
    )
    old = legacy_pledge(cw, cw.a, 4_000_000)
    services.pledge_create(user=cw.b, campaign=cw.campaign, amount=6_000_000)
    services.campaign_close(campaign=cw.campaign, now=cw.campaign.closes_at)
    cw.campaign.refresh_from_db()
    assert cw.campaign.state == CampaignState.SUCCEEDED
    captures = JournalEntry.objects.filter(phase=EntryPhase.POST_PENDING)
    assert list(captures.values_list("resolves_id", flat=True)) == list(
        Pledge.objects.exclude(pk=old.pk).values_list("hold_entry_id", flat=True)
    )
    fee = 10_000_000 * cw.campaign.fee_bp // 10_000
    assert balance(cw.firm, AccountPurpose.CAMPAIGN_ESCROW) == 0
    assert pending(cw.firm, AccountPurpose.CAMPAIGN_ESCROW) == 0
    assert balance(cw.firm, AccountPurpose.RAISE_PROCEEDS) == -(10_000_000 - fee)
    assert balance(cw.platform, AccountPurpose.CAMPAIGN_FEES) == -fee
    assert balance(cw.platform, AccountPurpose.PLEDGE_CLEARING) == 10_000_000
    assert set(Pledge.objects.values_list("state", flat=True)) == {PledgeState.SETTLED}
    assert verify_ledger() == []


def test_an_older_final_pledge_is_cancelled_by_a_reversal(cw):
    old = legacy_pledge(cw, cw.a, 5_000_000)
    services.pledge_cancel(user=cw.a, pledge=old)
    old.refresh_from_db()
    assert old.state == PledgeState.CANCELLED
    assert (old.release_entry.kind, old.release_entry.reverses_id) == (
        EntryKind.PLEDGE_CANCELLATION,
        old.hold_entry_id,
    )
    assert old.release_entry.idempotency_key == f"capital:cancel:{old.pk}"
    assert balance(cw.firm, AccountPurpose.CAMPAIGN_ESCROW) == 0
    assert balance(cw.platform, AccountPurpose.PLEDGE_CLEARING) == 0
    assert InvestorYear.objects.get(investor=cw.a).pledged == 0
    cw.campaign.refresh_from_db()
    assert cw.campaign.pledged == 0
    assert verify_ledger() == []
