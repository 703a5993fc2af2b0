"""The capital API's viewsets (re-exported per area)."""

from karsaz.capital.api.campaigns import CampaignViewSet, PledgeViewSet, ReportViewSet

__all__ = ["CampaignViewSet", "PledgeViewSet", "ReportViewSet"]
