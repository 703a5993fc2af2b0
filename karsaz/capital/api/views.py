"""Capital's API viewsets, re-exported by area (readiness: `api/readiness.py`)."""

from karsaz.capital.api.readiness import (
    AssessmentViewSet,
    GapViewSet,
    ProfileViewSet,
    RuleSetViewSet,
    StatementViewSet,
)

__all__ = [
    "AssessmentViewSet",
    "GapViewSet",
    "ProfileViewSet",
    "RuleSetViewSet",
    "StatementViewSet",
]
