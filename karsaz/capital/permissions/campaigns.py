"""Who sees and does what with crowdfunding campaigns (a mixin of `CapitalScope`).

- Anyone signed in sees a campaign once it is open (and after it closes): public data only.
- The firm's editors see and manage their own campaigns at every state.
- The platform's members see the campaigns they host, approve or reject them, and see warnings.
- National staff see every campaign; a provincial officer, those of firms in the province.
- An investor sees only their own pledges and holdings, never anyone else's.
"""

from typing import Any

from django.db.models import Q

from karsaz.capital.choices import CampaignState, PledgeState

PUBLIC_STATES = (CampaignState.OPEN, CampaignState.SUCCEEDED, CampaignState.FAILED)
# Fields an outsider (an investor, a firm not running the campaign) never gets.
INTERNAL_FIELDS = frozenset({"own_contribution", "fee_bp", "created_by", "approved_by", "rule_set"})


class CampaignRules:
    """Mixed into CapitalScope: needs `authenticated`, `national`, `province_id`, `edits`,
    `editor_of`, `platforms` from it."""

    authenticated: bool
    national: bool
    province_id: int | None
    user: Any

    def campaign_q(self) -> Q:
        """The campaigns the user may see at all."""
        if not self.authenticated:
            return Q(pk__in=[])
        if self.national:
            return Q()
        q = Q(state__in=PUBLIC_STATES)
        q |= Q(enterprise_id__in=self.editor_of())  # type: ignore[attr-defined]
        q |= Q(platform_id__in=self.platforms)  # type: ignore[attr-defined]
        if self.province_id is not None:
            q |= Q(enterprise__province_id=self.province_id)
        return q

    def campaign_insider(self, campaign: Any) -> bool:
        """The firm's editors, the platform's members and staff: they see the internal fields."""
        return bool(
            self.national
            or self.edits(campaign.enterprise_id)  # type: ignore[attr-defined]
            or campaign.platform_id in self.platforms  # type: ignore[attr-defined]
            or (self.province_id is not None and self.province_id == _province(campaign))
        )

    def campaign_hidden_fields(self, campaign: Any) -> frozenset[str]:
        return frozenset() if self.campaign_insider(campaign) else INTERNAL_FIELDS

    def campaign_actions(self, campaign: Any) -> frozenset[str]:
        """The buttons the user gets on a campaign, from its state and the user's part in it."""
        if not self.authenticated:
            return frozenset()
        actions: set[str] = set()
        firm = self.edits(campaign.enterprise_id)  # type: ignore[attr-defined]
        platform = campaign.platform_id in self.platforms  # type: ignore[attr-defined]
        if firm and campaign.state == CampaignState.DRAFT:
            actions |= {"edit", "submit"}
        if firm and campaign.state == CampaignState.SUCCEEDED:
            actions.add("file_report")
        if platform and campaign.state == CampaignState.SUBMITTED:
            actions |= {"approve", "reject"}
        if campaign.state == CampaignState.OPEN and not firm and not platform:
            actions.add("pledge")
        if campaign.state == CampaignState.OPEN and (platform or self.national):
            actions.add("close")
        return frozenset(actions)

    def campaign_manages(self, campaign: Any) -> bool:
        return bool(self.edits(campaign.enterprise_id))  # type: ignore[attr-defined]

    def campaign_operates(self, campaign: Any) -> bool:
        return campaign.platform_id in self.platforms  # type: ignore[attr-defined]

    def pledge_actions(self, pledge: Any) -> frozenset[str]:
        if pledge.investor_id == getattr(self.user, "pk", None) and pledge.state in (
            PledgeState.HELD,
        ):
            return frozenset({"cancel"})
        return frozenset()


def _province(campaign: Any) -> int | None:
    return getattr(campaign.enterprise, "province_id", None)
