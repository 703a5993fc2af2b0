"""The `firm_timeline` hook: readiness assessments, a filing's stages and campaigns."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.capital.choices import CampaignState, FilingStage, Market, PledgeState
from karsaz.capital.models import Assessment, Filing, Pledge, RuleSet, StageChange
from karsaz.capital.timeline import firm_timeline
from karsaz.testing.factories_capital_campaigns import CampaignFactory

pytestmark = pytest.mark.django_db


def _at(month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2025, month, day, 10))


def test_readiness_filing_stages_and_campaigns(cw: Any) -> None:
    firm = cw.firm
    Assessment.objects.create(enterprise=firm, made_at=_at(1, 5))
    rules = RuleSet.objects.filter(market=Market.SME_BOARD).first()
    filing = Filing.objects.create(
        enterprise=firm, province=firm.province, market=Market.SME_BOARD, rule_set=rules,
        created_by=cw.owner,
    )  # fmt: skip
    for month, stage in ((2, FilingStage.PREPARATION), (4, FilingStage.FILED)):
        StageChange.objects.create(filing=filing, to_stage=stage, by=cw.owner, at=_at(month, 1))
    # The open campaign of the world (opened a day ago), and one that succeeded in June with
    # 300,000,000 settled to the firm (a refunded pledge does not count).
    done = CampaignFactory(
        enterprise=firm, platform=cw.platform, created_by=cw.owner, state=CampaignState.SUCCEEDED,
        opens_at=_at(5, 1), closes_at=_at(6, 1), closed_at=_at(6, 1),
    )  # fmt: skip
    for investor, amount, state in (
        (cw.a, 200_000_000, PledgeState.SETTLED),
        (cw.b, 100_000_000, PledgeState.SETTLED),
        (cw.c, 50_000_000, PledgeState.REFUNDED),
    ):
        Pledge.objects.create(campaign=done, investor=investor, amount=amount, state=state)
    CampaignFactory(enterprise=firm, platform=cw.platform, created_by=cw.owner,
                    state=CampaignState.DRAFT)  # a draft: not on the timeline  # fmt: skip
    events = sorted(firm_timeline(firm.pk), key=lambda e: e.moment)
    assert [(e.kind, e.moment, e.amount) for e in events] == [
        ("capital.readiness", _at(1, 5), None),
        ("capital.filing_preparation", _at(2, 1), None),
        ("capital.filing_filed", _at(4, 1), None),
        ("capital.campaign", _at(5, 1), None),
        ("capital.campaign_raised", _at(6, 1), 300_000_000),
        ("capital.campaign", cw.campaign.opens_at, None),
    ]
