"""The `insight_facts` hook: what the capital-market programme counts.

Readiness is read from each firm's latest assessment only (a firm is counted once per market,
as it stands now): a newer assessment replaces the older one in whatever month it fell, so
those facts have no `changed` field and are recomputed in full on every run (there are few).
"""

from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from karsaz.capital.choices import CampaignState, FilingStage, Market
from karsaz.capital.models import Assessment, Campaign, Filing, MarketResult, StageChange
from karsaz.core.facts import Fact
from karsaz.finance.choices import AccountPurpose, EntryKind
from karsaz.finance.models.ledger import Posting


def _latest() -> QuerySet[MarketResult]:
    newest = (
        Assessment.objects.filter(enterprise_id=OuterRef("assessment__enterprise_id"))
        .order_by("-made_at", "-id")
        .values("id")[:1]
    )
    return MarketResult.objects.filter(assessment_id=Subquery(newest))


def _markets() -> dict[str, Any]:
    return dict(Market.choices)


def facts() -> tuple[Fact, ...]:
    return (
        Fact(
            code="capital.readiness",
            label=_("Firms assessed and their readiness"),
            definition=_(
                "Firms assessed for each market, by their latest assessment; the value is the "
                "mean readiness score (share of the market's criteria met, by weight)."
            ),
            unit="percent",
            rows=_latest,
            enterprise="assessment__enterprise",
            date="assessment__made_at",
            value=lambda: F("score"),
            nature="stock",
            series="rule_set__market",
            series_labels=_markets,
            mean=True,
        ),
        Fact(
            code="capital.ready",
            label=_("Firms ready for a market"),
            definition=_(
                "Firms whose latest assessment meets every criterion of a market's rules, by "
                "market."
            ),
            unit="count",
            rows=lambda: _latest().filter(met=F("total")),
            enterprise="assessment__enterprise",
            date="assessment__made_at",
            nature="stock",
            series="rule_set__market",
            series_labels=_markets,
        ),
        Fact(
            code="capital.filings",
            label=_("Admission filings by stage"),
            definition=_(
                "Firms' filings for admission to a market, opened up to the period's end, by "
                "their current stage."
            ),
            unit="count",
            rows=Filing.objects.all,
            enterprise="enterprise",
            date="created_at",
            nature="stock",
            series="stage",
            series_labels=lambda: dict(FilingStage.choices),
            changed="stage_since",  # every stage change sets it
        ),
        Fact(
            code="capital.admissions",
            label=_("Firms admitted to a market"),
            definition=_("Filings the admission board admitted, by month and market."),
            unit="count",
            rows=lambda: StageChange.objects.filter(to_stage=FilingStage.ADMITTED),
            enterprise="filing__enterprise",
            date="at",
            series="filing__market",
            series_labels=_markets,
            changed="at",
        ),
        Fact(
            code="capital.campaigns",
            label=_("Crowdfunding campaigns"),
            definition=_(
                "Crowdfunding campaigns the platform approved, by month of opening and their "
                "current state; the value is their target in rials."
            ),
            unit="rials",
            rows=lambda: Campaign.objects.filter(approved_at__isnull=False),
            enterprise="enterprise",
            date="opens_at",
            value=lambda: F("target"),
            series="state",
            series_labels=lambda: dict(CampaignState.choices),
        ),
        Fact(
            code="capital.raised",
            label=_("Amounts raised by crowdfunding"),
            definition=_(
                "Money successful campaigns raised (released from escrow at the close, the "
                "platform's fee included), by month of the close, read from the ledger."
            ),
            unit="rials",
            rows=lambda: Posting.objects.filter(
                entry__kind=EntryKind.RAISE_RELEASE, account__purpose=AccountPurpose.CAMPAIGN_ESCROW
            ),
            enterprise="account__enterprise",
            date="entry__created_at",
            value=lambda: F("amount"),  # the escrow is debited with the raise
            changed="entry__created_at",
        ),
    )
