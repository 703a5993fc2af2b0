"""The `sales_change` hook: each firm's change in annual sales (revenue) between its last two
consecutive confirmed financial statements, in rials, for insights' cohort view."""

from django.db.models import F, OuterRef, Subquery

from karsaz.capital.models import FinancialStatement


def sales_change(enterprise: str = "pk") -> Subquery:
    """An SQL expression over the outer query's enterprise (`OuterRef(enterprise)`): revenue of
    the latest confirmed statement less that of the confirmed year before it; NULL when the
    firm has no confirmed statement or the year before the latest is not confirmed."""
    confirmed = FinancialStatement.objects.filter(confirmed_at__isnull=False)
    year_before = confirmed.filter(
        enterprise_id=OuterRef(OuterRef(enterprise)), fiscal_year=OuterRef("fiscal_year") - 1
    ).values("revenue")[:1]
    latest = (
        confirmed.filter(enterprise_id=OuterRef(enterprise))
        .order_by("-fiscal_year")
        .annotate(change=F("revenue") - Subquery(year_before))
        .values("change")[:1]
    )
    return Subquery(latest)
