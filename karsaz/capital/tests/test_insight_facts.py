"""The capital programme's insight facts against a hand-computed fixture: readiness read from
each firm's latest assessment only, filings by stage and admissions."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.capital.models import Assessment, Filing, MarketResult, RuleSet, StageChange
from karsaz.insights import catalog
from karsaz.insights.selectors import Filters, breakdown
from karsaz.insights.services.refresh import refresh
from karsaz.testing.factories_capital_dossier import ensure_rule_sets

pytestmark = pytest.mark.django_db
CODES = [c for c in catalog.facts() if c.startswith("capital.")]


def tehran(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def figures(code: str, **filters: Any) -> dict[Any, tuple[int, int]]:
    fact = catalog.fact(code)
    assert fact is not None
    return {
        r["key"]: (r["rows"], r["total"]) for r in breakdown(fact, Filters(**filters), "series")
    }


@pytest.fixture
def data(users: Any) -> Any:
    ensure_rule_sets()
    sme = RuleSet.objects.filter(market="sme_board").first()
    crowd = RuleSet.objects.filter(market="crowdfunding").first()
    assert sme is not None and crowd is not None

    def assess(firm: Any, at: dt.datetime, *results: tuple[Any, int, int]) -> None:
        a = Assessment.objects.create(enterprise=firm, made_at=at)
        for rule_set, score, met in results:
            MarketResult.objects.create(
                assessment=a, rule_set=rule_set, score=score, met=met, unknown=0, total=5
            )

    one, two = users.qazvin_sme, users.tehran_sme
    assess(one, tehran(2025, 1, 1), (sme, 40, 2))  # superseded by the next one
    assess(one, tehran(2025, 3, 25), (sme, 100, 5), (crowd, 60, 3))
    assess(two, tehran(2025, 3, 10), (sme, 80, 4))
    filings = [
        Filing.objects.create(
            enterprise=firm,
            province=firm.province,
            market="sme_board",
            rule_set=sme,
            stage=stage,
            created_by=users.national,
            created_at=tehran(2025, 2, 1),
        )
        for firm, stage in ((one, "filed"), (two, "admitted"))
    ]
    StageChange.objects.create(
        filing=filings[1],
        from_stage="admission_board",
        to_stage="admitted",
        by=users.national,
        at=tehran(2025, 3, 21, 0, 30),
    )
    refresh(full=True, codes=CODES)


def test_readiness_from_the_latest_assessment_only(data: Any) -> None:
    # Firm one's 40 % of January is replaced by its 100 % of Farvardin.
    assert figures("capital.readiness") == {"crowdfunding": (1, 60), "sme_board": (2, 180)}
    assert figures("capital.ready") == {"sme_board": (1, 1)}
    # A stock: at the end of Esfand 1403 only firm two's assessment stood.
    assert figures("capital.readiness", end=140312) == {"sme_board": (1, 80)}


def test_filings_by_stage_and_admissions(data: Any) -> None:
    assert figures("capital.filings") == {"admitted": (1, 1), "filed": (1, 1)}
    assert figures("capital.admissions") == {"sme_board": (1, 1)}
    fact = catalog.fact("capital.admissions")
    assert fact is not None
    [row] = breakdown(fact, Filters(), "month")
    assert row["key"] == 140401  # 00:30 on 1 Farvardin 1404, Tehran time


def test_campaigns_and_amounts_raised_from_the_ledger(users: Any) -> None:
    from karsaz.capital import services
    from karsaz.insights import months
    from karsaz.testing.factories_capital_campaigns import campaign_world, uncapped_rules

    now = timezone.now()
    rules = {"rule_set": uncapped_rules(), "minimum_pledge": 1, "approved_at": now}
    won = campaign_world(target=1_000_000_000, **rules)
    lost = campaign_world(target=2_000_000_000, **rules)
    campaign_world(target=3_000_000_000, state="draft")  # never approved: not counted
    for investor, amount in ((won.a, 600_000_000), (won.b, 400_000_000)):
        services.pledge_create(user=investor, campaign=won.campaign, amount=amount)
    services.pledge_create(user=lost.a, campaign=lost.campaign, amount=100_000_000)
    for w in (won, lost):
        services.campaign_close(campaign=w.campaign, now=w.campaign.closes_at)
    refresh(full=True, codes=CODES)
    assert figures("capital.campaigns") == {
        "failed": (1, 2_000_000_000),
        "succeeded": (1, 1_000_000_000),
    }
    # The raise released from escrow, the platform's 3 % fee included; a failed campaign's
    # refunds raise nothing.
    fact = catalog.fact("capital.raised")
    assert fact is not None
    [row] = breakdown(fact, Filters(), "province")
    assert (row["key"], row["rows"], row["total"]) == (won.firm.province_id, 1, 1_000_000_000)
    [month] = breakdown(fact, Filters(), "month")
    assert month["key"] == months.month_of(now)
