"""Capital's API shapes, re-exported by area (readiness: `api/readiness.py`)."""

from karsaz.capital.api.readiness import (
    AssessmentSerializer,
    GapSerializer,
    ProfileSerializer,
    RuleSetSerializer,
    StatementSerializer,
)

__all__ = [
    "AssessmentSerializer",
    "GapSerializer",
    "ProfileSerializer",
    "RuleSetSerializer",
    "StatementSerializer",
]
