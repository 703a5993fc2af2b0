"""Reads of the admission dossier, each scoped to the user by `CapitalScope`."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require
from karsaz.capital import pipeline
from karsaz.capital.choices import DocumentKind, DocumentStatus, EngagementState, FilingStage
from karsaz.capital.models import (
    CapitalProfile,
    DocumentVersion,
    DossierDocument,
    DossierRead,
    Engagement,
    Filing,
    FinancialStatement,
    StageChange,
)
from karsaz.capital.permissions import CapitalScope
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise, Province

# A filing older than this many days whose documents are missing or sent back "stalls".
STALL_DAYS = 90


def adviser_get(*, pk: int) -> Enterprise:
    adviser = Enterprise.objects.filter(pk=pk, kind=EnterpriseKind.ADMISSION_ADVISER).first()
    if adviser is None:
        raise Http404
    return adviser


def enterprise_find(*, pk: int) -> Enterprise | None:
    return Enterprise.objects.filter(pk=pk).first()


def firms_for_engagement(*, user: Any) -> QuerySet[Enterprise]:
    """The firms the user may engage an adviser for or open a filing for (their editors)."""
    return Enterprise.objects.filter(pk__in=CapitalScope(user).editor_of()).order_by("name_fa")


def advisers() -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(kind=EnterpriseKind.ADMISSION_ADVISER).order_by("name_fa")


@dataclass
class AdviserRecord:
    adviser: Enterprise
    filings: int
    admissions: int
    median_days: float | None


def adviser_directory() -> list[AdviserRecord]:
    """Every licensed adviser with its record: filings it advised, admissions, and the median
    days from filing to admission. Two queries, whatever the number of advisers."""
    rows = list(
        advisers()
        .select_related("province")
        .annotate(
            n_filings=Count("capital_clients__filings", distinct=True),
            n_admitted=Count(
                "capital_clients__filings",
                filter=Q(capital_clients__filings__stage=FilingStage.ADMITTED),
                distinct=True,
            ),
        )
    )
    moments: dict[int, dict[str, Any]] = defaultdict(dict)
    for filing_id, adviser_id, to_stage, at in StageChange.objects.filter(
        filing__stage=FilingStage.ADMITTED,
        filing__engagement__isnull=False,
        to_stage__in=[FilingStage.FILED, FilingStage.ADMITTED],
    ).values_list("filing_id", "filing__engagement__adviser_id", "to_stage", "at"):
        seen = moments[filing_id]
        seen["adviser"] = adviser_id
        seen.setdefault(to_stage, at)  # the first time it was filed
    days: dict[int, list[float]] = defaultdict(list)
    for seen in moments.values():
        if FilingStage.FILED in seen and FilingStage.ADMITTED in seen:
            delta = seen[FilingStage.ADMITTED] - seen[FilingStage.FILED]
            days[seen["adviser"]].append(delta.total_seconds() / 86400)
    return [
        AdviserRecord(
            adviser=a,
            filings=a.n_filings,  # type: ignore[attr-defined]
            admissions=a.n_admitted,  # type: ignore[attr-defined]
            median_days=round(statistics.median(days[a.pk]), 1) if days.get(a.pk) else None,
        )
        for a in rows
    ]


def engagement_list(*, user: Any) -> QuerySet[Engagement]:
    """Engagements of the firms the user edits, those naming the user's adviser firm, or (staff)
    all of them in scope."""
    scope = CapitalScope(user)
    rows = Engagement.objects.select_related("enterprise", "adviser", "consented_by", "revoked_by")
    if scope.national:
        return rows
    q = Q(enterprise_id__in=scope.editor_of()) | Q(
        adviser_id__in=scope.adviser_firms, state=EngagementState.ACTIVE
    )
    if scope.province_id is not None:
        q |= Q(enterprise__province_id=scope.province_id)
    return rows.filter(q)


def engagement_get(*, user: Any, pk: int) -> Engagement:
    engagement = engagement_list(user=user).filter(pk=pk).first()
    if engagement is None:
        raise Http404
    return engagement


def filing_list(*, user: Any) -> QuerySet[Filing]:
    scope = CapitalScope(user)
    if not scope.authenticated:
        return Filing.objects.none()
    rows = Filing.objects.select_related("enterprise", "province", "engagement__adviser")
    q = scope.filing_q()
    return rows if q is None else rows.filter(q)


def filing_get(*, user: Any, pk: int) -> Filing:
    """The filing if the user may see it; 404 otherwise (its existence is not disclosed)."""
    filing = filing_list(user=user).select_related("rule_set").filter(pk=pk).first()
    if filing is None:
        raise Http404
    return filing


def filing_documents(*, filing: Filing) -> list[DossierDocument]:
    """The dossier's checklist, each document with its versions (newest first)."""
    versions = DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
    return list(
        filing.documents.select_related("reviewer").prefetch_related(
            Prefetch("versions", queryset=versions)
        )
    )


def document_get(*, user: Any, pk: int) -> DossierDocument:
    document = DossierDocument.objects.select_related("filing").filter(pk=pk).first()
    if document is None or not CapitalScope(user).can_see_filing(document.filing):
        raise Http404
    return document


def document_list(*, user: Any) -> QuerySet[DossierDocument]:
    q = CapitalScope(user).filing_q()
    rows = DossierDocument.objects.select_related("filing", "reviewer").annotate(
        n_versions=Count("versions")
    )
    if not CapitalScope(user).authenticated:
        return rows.none()
    return rows if q is None else rows.filter(filing__in=Filing.objects.filter(q))


def version_get(*, user: Any, pk: int) -> DocumentVersion:
    version = DocumentVersion.objects.select_related("document__filing").filter(pk=pk).first()
    if version is None or not CapitalScope(user).can_see_filing(version.document.filing):
        raise Http404
    return version


def filing_history(*, filing: Filing) -> QuerySet[StageChange]:
    return filing.changes.select_related("by").order_by("at", "id")


def filing_reads(*, user: Any, filing: Filing) -> QuerySet[DossierRead]:
    """Who read the dossier: for the firm's editors and staff only."""
    require(CapitalScope(user).can_see_reads(filing))
    return filing.reads.select_related("user", "version__document")


def firm_timeline(*, user: Any, enterprise_id: int) -> QuerySet[StageChange]:
    """Every stage change of the firm's filings the user may see, newest first."""
    filings = filing_list(user=user).filter(enterprise_id=enterprise_id)
    return (
        StageChange.objects.filter(filing__in=filings)
        .select_related("by", "filing")
        .order_by("-at", "-id")
    )


@dataclass
class Figure:
    label: str
    value: Any
    source: str


def prospectus_draft(*, filing: Filing) -> dict[str, Any]:
    """The prospectus sections Karsaz can fill from its own records, each figure with its
    source: the registry, the firm's statements (confirmed by the adviser or not) and the
    firm's declaration."""
    firm = Enterprise.objects.select_related("province").get(pk=filing.enterprise_id)
    registry = _("Karsaz registry")
    company = [
        Figure(_("Name"), firm.name_fa, registry),
        Figure(_("National ID"), firm.national_id, registry),
        Figure(_("Province"), firm.province.name_fa if firm.province_id else "", registry),
        Figure(_("Employees"), firm.employees, registry),
    ]
    statements = list(
        FinancialStatement.objects.filter(enterprise_id=firm.pk).order_by("-fiscal_year")[:5]
    )
    profile = CapitalProfile.objects.filter(enterprise_id=firm.pk).first()
    declaration = _("The firm's declaration")
    declared = []
    if profile is not None:
        declared = [
            Figure(_("Registered capital"), profile.registered_capital, declaration),
            Figure(_("Shareholders"), profile.shareholders, declaration),
            Figure(_("Free float (%)"), profile.float_pct, declaration),
            Figure(_("Independent director"), profile.independent_director, declaration),
            Figure(_("Audit committee"), profile.audit_committee, declaration),
            Figure(_("Internal controls"), profile.internal_controls, declaration),
            Figure(_("Investor-relations officer"), profile.ir_officer, declaration),
        ]
    return {
        "company": company,
        "statements": [
            {
                "statement": s,
                "source": _("Financial statements confirmed by the adviser")
                if s.confirmed_at
                else _("Financial statements entered by the firm, not yet confirmed"),
            }
            for s in statements
        ],
        "declared": declared,
    }


@dataclass
class BoardRow:
    filing: Filing
    days_in_stage: int


def pipeline_board(
    *,
    user: Any,
    province: int | None = None,
    market: str = "",
    stage: str = "",
    stall_days: int = STALL_DAYS,
) -> dict[str, Any]:
    """The agency's board: filings by stage and province, days in stage, and which document
    kinds stall the filings older than `stall_days` (missing or sent back, counted once per
    filing). Staff only; provincial staff see their province."""
    scope = CapitalScope(user)
    require(scope.staff, _("The pipeline board is for agency staff."))
    rows = filing_list(user=user)
    if province:
        rows = rows.filter(province_id=province)
    if market:
        rows = rows.filter(market=market)
    if stage:
        rows = rows.filter(stage=stage)
    now = timezone.now()
    filings = list(rows.order_by("stage_since", "id"))
    by_stage: Counter[str] = Counter(f.stage for f in filings)
    by_province: dict[int, Counter[str]] = defaultdict(Counter)
    for f in filings:
        by_province[f.province_id][f.stage] += 1
    provinces = {p.pk: p for p in Province.objects.filter(pk__in=by_province)}
    old = [
        f.pk
        for f in filings
        if f.stage in pipeline.OPEN_STAGES and f.created_at <= now - timedelta(days=stall_days)
    ]
    stalls = Counter(
        dict(
            DossierDocument.objects.filter(
                filing_id__in=old,
                status__in=[DocumentStatus.MISSING, DocumentStatus.CHANGES_REQUESTED],
            )
            .values_list("kind")
            .annotate(n=Count("filing", distinct=True))
            .values_list("kind", "n")
        )
    )
    stages = [s for s in FilingStage]
    return {
        "stages": stages,
        "by_stage": {s.value: by_stage.get(s.value, 0) for s in stages},
        "by_province": [
            (provinces[pk], [counts.get(s.value, 0) for s in stages])
            for pk, counts in sorted(by_province.items(), key=lambda kv: provinces[kv[0]].code)
        ],
        "rows": [BoardRow(f, (now - f.stage_since).days) for f in filings],
        "stalls": [(kind, DocumentKind(kind).label, n) for kind, n in stalls.most_common()],
        "stall_old": len(old),
        "total": len(filings),
    }
