"""The `sales_change` hook: each firm's change in annual sales (revenue) between its last two
consecutive confirmed financial statements, in rials, for insights' cohort view."""

from karsaz.capital.models import FinancialStatement


def sales_change(enterprise_ids: list[int]) -> dict[int, int]:
    latest: dict[int, dict[int, int]] = {}
    rows = (
        FinancialStatement.objects.filter(
            enterprise_id__in=enterprise_ids, confirmed_at__isnull=False
        )
        .order_by("enterprise_id", "-fiscal_year")
        .values_list("enterprise_id", "fiscal_year", "revenue")
    )
    for firm, year, revenue in rows:
        years = latest.setdefault(firm, {})
        if len(years) < 2:
            years[year] = revenue
    out = {}
    for firm, years in latest.items():
        if len(years) == 2:
            last, before = sorted(years, reverse=True)
            if last == before + 1:
                out[firm] = years[last] - years[before]
    return out
