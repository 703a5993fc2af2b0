"""Capital's reads, re-exported by area."""

from karsaz.capital.selectors.readiness import (
    assessments_for,
    gap_for,
    gaps_for,
    gaps_of,
    latest_assessment,
    latest_scores,
    profile_of,
    profiles_for,
    readiness_firm,
    readiness_firm_list,
    readiness_firms,
    rule_sets,
    statement_for,
    statements_for,
    statements_of,
)

__all__ = [
    "assessments_for",
    "gap_for",
    "gaps_for",
    "gaps_of",
    "latest_assessment",
    "latest_scores",
    "profile_of",
    "profiles_for",
    "readiness_firm",
    "readiness_firm_list",
    "readiness_firms",
    "rule_sets",
    "statement_for",
    "statements_for",
    "statements_of",
]
