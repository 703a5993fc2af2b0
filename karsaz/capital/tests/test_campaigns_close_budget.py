"""A close resolves every pledge at once: the same statements for N and 3N pledges (each from
another investor) on PostgreSQL, whether the campaign succeeds (every hold captured, the
release, holdings) or fails (every hold voided, the years given back)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from karsaz.capital import services
from karsaz.capital.choices import CampaignState
from karsaz.capital.models import Campaign
from karsaz.finance.verify import verify_ledger
from karsaz.testing.factories import UserFactory
from karsaz.testing.factories_capital_campaigns import CampaignFactory, uncapped_rules

pytestmark = pytest.mark.django_db

N = 4
AMOUNT = 1_000_000
# PostgreSQL, the whole close inside the test's transaction, 4 pledges or 12. Success: lock the
# campaign and its pledges, the batch capture (5: `ledger_batch`), the release (its three
# accounts read in one query, the two missing made on first use without a second read, and its
# one-statement entry: 2 fewer since the ledger posts without a savepoint, 2 fewer since
# `accounts_for`), the pledges settled, holdings, reports, the campaign. Failure: the same
# locks and the investors' years, the batch void (5), the pledges refunded, the years, the
# campaign (each one UPDATE).
CLOSE_STATEMENTS = {"succeed": 21, "fail": 13}
# SQLite resolves the holds one by one through the ledger's ORM path: (fixed, per pledge).
SQLITE = {"succeed": (25, 10), "fail": (11, 9)}


def close_statements(n: int, outcome: str) -> int:
    target = n * AMOUNT if outcome == "succeed" else (n + 1) * AMOUNT
    campaign = CampaignFactory(
        target=target,
        own_contribution=target,
        minimum_pledge=AMOUNT,
        rule_set=uncapped_rules(),
    )
    for _ in range(n):
        services.pledge_create(user=UserFactory(), campaign=campaign, amount=AMOUNT)
    with CaptureQueriesContext(connection) as ctx:
        services.campaign_close(campaign=campaign, now=campaign.closes_at)
    campaign.refresh_from_db()
    expected = CampaignState.SUCCEEDED if outcome == "succeed" else CampaignState.FAILED
    assert campaign.state == expected
    return len(ctx.captured_queries)


@pytest.mark.parametrize("outcome", ["succeed", "fail"])
def test_a_close_costs_the_same_statements_for_n_and_3n_pledges(outcome):
    counts = [close_statements(n, outcome) for n in (N, 3 * N)]
    if connection.vendor == "postgresql":
        assert counts == [CLOSE_STATEMENTS[outcome]] * 2
    else:
        fixed, per = SQLITE[outcome]
        assert counts == [fixed + per * N, fixed + per * 3 * N]
    assert Campaign.objects.filter(state=CampaignState.OPEN).count() == 0
    assert verify_ledger() == []
