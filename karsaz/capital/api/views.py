"""The capital API's viewsets, re-exported by area (readiness, dossier, campaigns)."""

from karsaz.capital.api.campaigns import (
    CampaignViewSet,
    PledgeViewSet,
    ReportViewSet,
)
from karsaz.capital.api.readiness import (
    AssessmentViewSet,
    GapViewSet,
    ProfileViewSet,
    RuleSetViewSet,
    StatementViewSet,
)

__all__ = [
    "AssessmentViewSet",
    "CampaignViewSet",
    "GapViewSet",
    "PledgeViewSet",
    "ProfileViewSet",
    "ReportViewSet",
    "RuleSetViewSet",
    "StatementViewSet",
]
