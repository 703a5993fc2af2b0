"""The capital API's serializers, re-exported by area (readiness, dossier, campaigns)."""

from karsaz.capital.api.campaigns import (
    CampaignInput,
    CampaignSerializer,
    CampaignUpdate,
    PledgeInput,
    PledgeSerializer,
    ReportInput,
    ReportSerializer,
)
from karsaz.capital.api.readiness import (
    AssessmentSerializer,
    GapSerializer,
    ProfileSerializer,
    RuleSetSerializer,
    StatementSerializer,
)

__all__ = [
    "AssessmentSerializer",
    "CampaignInput",
    "CampaignSerializer",
    "CampaignUpdate",
    "GapSerializer",
    "PledgeInput",
    "PledgeSerializer",
    "ProfileSerializer",
    "ReportInput",
    "ReportSerializer",
    "RuleSetSerializer",
    "StatementSerializer",
]
