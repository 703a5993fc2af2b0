"""20 threads pledging to the last rial of a cap, on PostgreSQL: every cap holds exactly and
the ledger stays clean. (SQLite serializes writers, so these races need DATABASE_URL.)"""

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from karsaz.capital import services
from karsaz.capital.models import Campaign, InvestorYear, Pledge
from karsaz.core.errors import error_codes
from karsaz.finance.choices import AccountPurpose, EntryPhase
from karsaz.finance.models import Account, JournalEntry
from karsaz.finance.verify import verify_ledger
from karsaz.testing.factories import UserFactory
from karsaz.testing.factories_capital_campaigns import CampaignFactory, uncapped_rules

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row-lock races need PostgreSQL; SQLite serializes writers (run with DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]
THREADS = 20


@pytest.fixture(autouse=True)
def loaded(transactional_db):
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)


def race(fns: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(fns))
    results: list[Any] = [None] * len(fns)

    def run(i: int, fn: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # the outcome is what we count
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def refused(results: list[Any]) -> Counter:
    return Counter(
        "ok"
        if not isinstance(r, Exception)
        else ",".join(error_codes(r)["amount"])
        if isinstance(r, ValidationError)
        else type(r).__name__
        for r in results
    )


def escrow_of(campaign: Campaign) -> int:
    """An open campaign's escrow: its pending balance (every pledge a pending hold)."""
    acc = Account.objects.get(
        enterprise=campaign.enterprise, purpose=AccountPurpose.CAMPAIGN_ESCROW
    )
    assert acc.posted_balance == 0
    return acc.pending_balance


def test_one_person_racing_to_the_last_rial_of_the_campaign_cap():
    c = CampaignFactory()  # target 1,000,000,000: one person at most 50,000,000
    investor = UserFactory()
    results = race(
        [
            lambda: services.pledge_create(user=investor, campaign=c, amount=5_000_000)
            for _ in range(THREADS)
        ]
    )
    assert refused(results) == {"ok": 10, "cap_exceeded": 10}
    c.refresh_from_db()
    assert c.pledged == 50_000_000
    assert escrow_of(c) == -50_000_000
    assert InvestorYear.objects.get(investor=investor).pledged == 50_000_000
    assert verify_ledger() == []


def test_one_person_racing_across_campaigns_to_the_last_rial_of_the_yearly_cap():
    big = {"target": 200_000_000_000, "own_contribution": 20_000_000_000}
    c1, c2 = CampaignFactory(**big), CampaignFactory(**big)
    investor = UserFactory()
    results = race(
        [
            (lambda c=c: services.pledge_create(user=investor, campaign=c, amount=500_000_000))
            for c in [c1, c2] * (THREADS // 2)
        ]
    )
    assert refused(results) == {"ok": 10, "cap_exceeded": 10}  # yearly cap 5,000,000,000
    assert InvestorYear.objects.get(investor=investor).pledged == 5_000_000_000
    c1.refresh_from_db()
    c2.refresh_from_db()
    assert c1.pledged + c2.pledged == 5_000_000_000
    assert escrow_of(c1) + escrow_of(c2) == -5_000_000_000
    assert verify_ledger() == []


def test_many_people_racing_to_the_last_rial_of_the_target():
    c = CampaignFactory(target=20_000_000, own_contribution=2_000_000, rule_set=uncapped_rules())
    people = [UserFactory() for _ in range(THREADS)]
    results = race(
        [(lambda u=u: services.pledge_create(user=u, campaign=c, amount=3_000_000)) for u in people]
    )
    # 6 pledges make 18,000,000; 2,000,000 remain, below any pledge: no oversubscription.
    assert refused(results) == {"ok": 6, "oversubscribed": 14}
    c.refresh_from_db()
    assert c.pledged == 18_000_000 == sum(Pledge.objects.values_list("amount", flat=True))
    assert escrow_of(c) == -18_000_000
    assert verify_ledger() == []


def test_cancellations_racing_the_close_resolve_every_hold_once():
    """19 investors cancel while the platform closes (target missed): each pending hold is
    voided exactly once, by the cancel or by the close's batch, never both."""
    c = CampaignFactory()
    people = [UserFactory() for _ in range(THREADS - 1)]
    pledges = [services.pledge_create(user=u, campaign=c, amount=2_000_000) for u in people]
    cancels = [
        (lambda u=u, p=p: services.pledge_cancel(user=u, pledge=p))
        for u, p in zip(people, pledges, strict=True)
    ]
    results = race([*cancels, lambda: services.campaign_close(campaign=c, now=c.closes_at)])
    closed = results[-1]
    assert isinstance(closed, Campaign) and closed.state == "failed"
    cancelled = [r for r in results[:-1] if not isinstance(r, Exception)]
    refused_late = [r for r in results[:-1] if isinstance(r, ValidationError)]
    assert len(cancelled) + len(refused_late) == THREADS - 1  # no other error
    assert all(error_codes(r) == {"__all__": ["invalid_state"]} for r in refused_late)
    states = Counter(Pledge.objects.filter(campaign=c).values_list("state", flat=True))
    # Counter to Counter: a side that won every race (0 cancelled) is a zero count, not a key.
    assert states == Counter(cancelled=len(cancelled), refunded=len(refused_late))
    voids = JournalEntry.objects.filter(resolves__isnull=False)
    holds = sorted(p.hold_entry_id for p in pledges)
    assert sorted(voids.values_list("resolves_id", flat=True)) == holds
    assert set(voids.values_list("phase", flat=True)) == {EntryPhase.VOID_PENDING}
    acc = Account.objects.get(enterprise=c.enterprise, purpose=AccountPurpose.CAMPAIGN_ESCROW)
    assert (acc.posted_balance, acc.pending_balance) == (0, 0)
    assert set(InvestorYear.objects.values_list("pledged", flat=True)) == {0}
    assert verify_ledger() == []
