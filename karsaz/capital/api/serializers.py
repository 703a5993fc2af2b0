"""The capital API's serializers (re-exported per area)."""

from karsaz.capital.api.campaigns import (
    CampaignInput,
    CampaignSerializer,
    CampaignUpdate,
    PledgeInput,
    PledgeSerializer,
    ReportInput,
    ReportSerializer,
)

__all__ = [
    "CampaignInput",
    "CampaignSerializer",
    "CampaignUpdate",
    "PledgeInput",
    "PledgeSerializer",
    "ReportInput",
    "ReportSerializer",
]
