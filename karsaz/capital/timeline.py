"""The `firm_timeline` hook (core/timeline.py): readiness assessments, each filing's stages
and the firm's crowdfunding campaigns (opened, and closed with the amount raised)."""

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from karsaz.capital.choices import CampaignState, FilingStage, PledgeState
from karsaz.capital.models import Assessment, Campaign, StageChange
from karsaz.core.timeline import TimelineEvent


def firm_timeline(enterprise_id: int) -> list[TimelineEvent]:
    out = [
        TimelineEvent(at=at, kind="capital.readiness", title=_("Capital-market readiness assessed"))
        for at in Assessment.objects.filter(enterprise_id=enterprise_id).values_list(
            "made_at", flat=True
        )
    ]
    stages = dict(FilingStage.choices)
    changes = StageChange.objects.filter(filing__enterprise_id=enterprise_id).values_list(
        "at", "to_stage"
    )
    out += [
        TimelineEvent(
            at=at,
            kind=f"capital.filing_{stage}",
            title=_("Market filing: %(stage)s") % {"stage": stages.get(stage, stage)},
        )
        for at, stage in changes
    ]
    campaigns = (
        Campaign.objects.filter(enterprise_id=enterprise_id, opens_at__isnull=False)
        .exclude(state__in=[CampaignState.DRAFT, CampaignState.SUBMITTED])
        .annotate(raised=Sum("pledges__amount", filter=Q(pledges__state=PledgeState.SETTLED)))
        .values_list("opens_at", "closed_at", "state", "raised")
    )
    for opened, closed, state, raised in campaigns:
        title = _("Crowdfunding campaign opened")
        out.append(TimelineEvent(at=opened, kind="capital.campaign", title=title))
        if closed is not None and state == CampaignState.SUCCEEDED:
            out.append(
                TimelineEvent(
                    at=closed,
                    kind="capital.campaign_raised",
                    title=_("Crowdfunding campaign succeeded"),
                    amount=int(raised or 0),
                )
            )
    return out
