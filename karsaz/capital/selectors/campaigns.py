"""Reads of crowdfunding campaigns, pledges, holdings, reports and warnings, scoped by
`CapitalScope`: an investor gets public campaign data and their own pledges, never anyone
else's."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from karsaz.accounts.scope import require_signed_in
from karsaz.capital.choices import CampaignState
from karsaz.capital.models import (
    Campaign,
    CampaignWarning,
    Holding,
    PeriodicReport,
    Pledge,
    RuleSet,
)
from karsaz.capital.permissions import CapitalScope
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise


def campaign_queryset() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("enterprise", "platform")


def campaign_list(*, user: Any, state: str | None = None) -> QuerySet[Campaign]:
    """Every campaign the user may see (open and closed ones are public to anyone signed in)."""
    require_signed_in(user)
    rows = campaign_queryset().filter(CapitalScope(user).campaign_q())
    if state:
        rows = rows.filter(state=state)
    return rows


def campaign_public_list(*, user: Any) -> QuerySet[Campaign]:
    """The investors' list: open campaigns first, then closed ones."""
    return campaign_list(user=user).filter(
        state__in=[CampaignState.OPEN, CampaignState.SUCCEEDED, CampaignState.FAILED]
    )


def campaign_get(*, user: Any, pk: int) -> Campaign:
    """One campaign; a campaign the user may not see is a 404 (its existence is not leaked)."""
    campaign = campaign_list(user=user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def campaign_managed(*, user: Any) -> QuerySet[Campaign]:
    """The campaigns of the firms the user edits, at every state."""
    require_signed_in(user)
    return campaign_queryset().filter(enterprise_id__in=CapitalScope(user).editor_of())


def campaign_platform_queue(*, user: Any) -> QuerySet[Campaign]:
    """The campaigns hosted by the user's platforms (the approval queue and the rest)."""
    require_signed_in(user)
    return campaign_queryset().filter(platform_id__in=CapitalScope(user).platforms)


def platform_choices(*, user: Any) -> QuerySet[Enterprise]:
    """Licensed crowdfunding platforms a firm may file with (public directory)."""
    require_signed_in(user)
    return Enterprise.objects.filter(kind=EnterpriseKind.FUNDING_PLATFORM).order_by("name_fa")


def firm_choices(*, user: Any) -> QuerySet[Enterprise]:
    """The firms the user may draft a campaign for."""
    require_signed_in(user)
    return Enterprise.objects.filter(pk__in=CapitalScope(user).editor_of()).exclude(
        kind=EnterpriseKind.FUNDING_PLATFORM
    )


def enterprise_get(*, pk: int) -> Enterprise:
    row = Enterprise.objects.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def crowdfunding_rules() -> RuleSet | None:
    """The crowdfunding rule set in force (the newest active version)."""
    return RuleSet.objects.filter(market="crowdfunding", active=True).order_by("-version").first()


def pledge_mine(*, user: Any) -> QuerySet[Pledge]:
    """The user's own pledges, never another investor's."""
    require_signed_in(user)
    return Pledge.objects.filter(investor=user).select_related("campaign", "campaign__enterprise")


def pledge_get_mine(*, user: Any, pk: int) -> Pledge:
    pledge = pledge_mine(user=user).filter(pk=pk).first()
    if pledge is None:
        raise Http404
    return pledge


def holding_mine(*, user: Any) -> QuerySet[Holding]:
    require_signed_in(user)
    return Holding.objects.filter(investor=user).select_related("campaign", "campaign__enterprise")


def report_list(*, user: Any, campaign: Campaign | None = None) -> QuerySet[PeriodicReport]:
    """Reports of the campaigns the user sees as an insider (firm, platform, staff); an investor
    sees the filed reports of campaigns they hold."""
    require_signed_in(user)
    scope = CapitalScope(user)
    rows = PeriodicReport.objects.select_related("campaign", "campaign__enterprise")
    if campaign is not None:
        rows = rows.filter(campaign=campaign)
    if scope.national:
        return rows

    q = Q(campaign__enterprise_id__in=scope.editor_of()) | Q(
        campaign__platform_id__in=scope.platforms
    )
    if scope.province_id is not None:
        q |= Q(campaign__enterprise__province_id=scope.province_id)
    q |= Q(campaign__holdings__investor=user, status="filed")
    return rows.filter(q).distinct()


def report_get(*, user: Any, pk: int) -> PeriodicReport:
    row = report_list(user=user).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def warning_list(*, user: Any, campaign: Campaign | None = None) -> QuerySet[CampaignWarning]:
    """Open warnings for the platform's members and the agency's staff."""
    require_signed_in(user)
    scope = CapitalScope(user)
    rows = CampaignWarning.objects.filter(resolved_at__isnull=True).select_related(
        "campaign", "campaign__enterprise"
    )
    if campaign is not None:
        rows = rows.filter(campaign=campaign)
    if scope.national:
        return rows

    q = Q(campaign__platform_id__in=scope.platforms)
    if scope.province_id is not None:
        q |= Q(campaign__enterprise__province_id=scope.province_id)
    return rows.filter(q)
