"""Readiness reads, scoped by `CapitalScope`: a firm's own members, its engaged adviser, and
staff of its province (national staff: every firm). A firm outside the scope is a 404."""

from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from karsaz.capital.choices import GapStatus
from karsaz.capital.models import (
    Assessment,
    CapitalProfile,
    CriterionResult,
    FinancialStatement,
    Gap,
    MarketResult,
    RuleSet,
)
from karsaz.capital.permissions import CapitalScope
from karsaz.registry.models import Enterprise


def readiness_firms(user: Any) -> QuerySet[Enterprise]:
    """Firms whose readiness the user may read."""
    scope = CapitalScope(user)
    if not scope.authenticated:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(scope.readiness_q()).select_related("province")


def readiness_firm_list(user: Any, limit: int = 200) -> list[Enterprise]:
    """The firms a user who edits none may open (an adviser's clients, a member's firm)."""
    return list(readiness_firms(user).order_by("name_fa", "id")[:limit])


def readiness_firm(user: Any, pk: Any) -> Enterprise:
    try:
        return readiness_firms(user).get(pk=int(pk))
    except (Enterprise.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def _firm_ids(user: Any) -> QuerySet[Any]:
    return readiness_firms(user).values("pk")


def profiles_for(user: Any) -> QuerySet[CapitalProfile]:
    return CapitalProfile.objects.filter(enterprise__in=_firm_ids(user)).order_by("enterprise_id")


def profile_of(enterprise: Enterprise) -> CapitalProfile | None:
    """The firm's declaration (the caller has read the firm through `readiness_firm`)."""
    return CapitalProfile.objects.filter(enterprise=enterprise).first()


def statements_for(user: Any) -> QuerySet[FinancialStatement]:
    return FinancialStatement.objects.filter(enterprise__in=_firm_ids(user)).order_by(
        "enterprise_id", "-fiscal_year"
    )


def statements_of(enterprise: Enterprise) -> QuerySet[FinancialStatement]:
    return FinancialStatement.objects.filter(enterprise=enterprise).order_by("-fiscal_year")


def statement_for(user: Any, pk: Any) -> FinancialStatement:
    try:
        return statements_for(user).select_related("enterprise").get(pk=int(pk))
    except (FinancialStatement.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def _with_results(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    criteria = CriterionResult.objects.select_related("criterion").order_by(
        "criterion__order", "id"
    )
    markets = MarketResult.objects.select_related("rule_set").prefetch_related(
        Prefetch("criteria", queryset=criteria)
    )
    return qs.select_related("enterprise").prefetch_related(Prefetch("markets", queryset=markets))


def assessments_for(user: Any) -> QuerySet[Assessment]:
    return _with_results(Assessment.objects.filter(enterprise__in=_firm_ids(user)))


def latest_assessment(enterprise: Enterprise) -> Assessment | None:
    return _with_results(Assessment.objects.filter(enterprise=enterprise)).first()


def gaps_for(user: Any) -> QuerySet[Gap]:
    return Gap.objects.filter(enterprise__in=_firm_ids(user)).select_related("enterprise")


def gaps_of(enterprise: Enterprise, *, open_only: bool = False) -> QuerySet[Gap]:
    qs = Gap.objects.filter(enterprise=enterprise).order_by("status", "market", "key")
    if open_only:
        qs = qs.exclude(status=GapStatus.CLOSED)
    return qs


def gap_for(user: Any, pk: Any) -> Gap:
    try:
        return gaps_for(user).get(pk=int(pk))
    except (Gap.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def rule_sets() -> QuerySet[RuleSet]:
    """Rule sets are public: the admission rules every firm prepares for."""
    return RuleSet.objects.prefetch_related("criteria").order_by("market", "-version")


def latest_scores(user: Any) -> QuerySet[MarketResult]:
    """Staff's board: each firm's latest assessment's market scores, in the user's scope
    (filtered by `filters.LatestScoreFilter`)."""
    scope = CapitalScope(user)
    if not (scope.national or scope.province_id is not None):
        return MarketResult.objects.none()
    newest = (
        Assessment.objects.filter(enterprise_id=OuterRef("assessment__enterprise_id"))
        .order_by("-made_at", "-id")
        .values("id")[:1]
    )
    return (
        MarketResult.objects.filter(scope.readiness_q("assessment__enterprise__"))
        .filter(assessment_id=Subquery(newest))
        .select_related("assessment__enterprise__province", "rule_set")
        .order_by(
            "assessment__enterprise__province__code",
            "assessment__enterprise_id",
            "rule_set__market",
        )
    )
