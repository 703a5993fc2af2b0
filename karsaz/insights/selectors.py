"""Every read of the insights module: figures added up from the stored cells, never from raw rows.

`breakdown(fact, filters, by)` answers one chart's figures: SUM over the cells that pass the
filters, grouped by one dimension, in one query. Who may see which breakdown is the scope's
business (`permissions.InsightsScope`); small-cell suppression for public figures is
`suppression.py`'s.
"""

from dataclasses import dataclass, fields
from typing import Any

from django.db.models import QuerySet, Sum

from karsaz.core.facts import Fact
from karsaz.insights.models import Cell, Generation, Refresh

DIMENSIONS = ("province", "park", "isic_division", "size_class", "kind", "series", "month")


@dataclass(frozen=True)
class Filters:
    """A slice of the cube. Months are Jalali yyyymm, both ends inclusive; None is unbounded."""

    start: int | None = None
    end: int | None = None
    province: int | None = None
    park: int | None = None
    isic_division: str | None = None
    size_class: str | None = None
    kind: str | None = None
    series: str | None = None

    def items(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


def cells(fact: Fact, filters: Filters) -> QuerySet[Cell]:
    qs = Cell.objects.filter(fact=fact.code)
    # A stock is everything up to the period's end; a flow is what happened within it.
    if filters.start is not None and fact.nature == "flow":
        qs = qs.filter(month__gte=filters.start)
    if filters.end is not None:
        qs = qs.filter(month__lte=filters.end)
    for name in ("province", "park"):
        if getattr(filters, name) is not None:
            qs = qs.filter(**{f"{name}_id": getattr(filters, name)})
    for name in ("isic_division", "size_class", "kind", "series"):
        if getattr(filters, name) is not None:
            qs = qs.filter(**{name: getattr(filters, name)})
    return qs


def breakdown(fact: Fact, filters: Filters, by: str | None = None) -> list[dict[str, Any]]:
    """[{key, rows, total, firms}] per value of `by` (one row keyed None without `by`), ordered
    by key. `firms` is exact for a stock (a firm is counted in one month) and, for a flow over
    several months, the largest month's count: a lower bound, which is the safe side for
    suppression."""
    if by is not None and by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}")
    column = {"province": "province_id", "park": "park_id"}.get(by or "", by)
    keys = [column, "month"] if column and column != "month" else ["month"]
    grouped = (
        cells(fact, filters)
        .order_by()
        .values(*keys)
        .annotate(rows=Sum("rows"), total=Sum("total"), firms=Sum("firms"))
    )
    folded: dict[Any, dict[str, Any]] = {}
    for row in grouped:
        key = row[column] if column else None
        into = folded.setdefault(key, {"key": key, "rows": 0, "total": 0, "firms": 0})
        into["rows"] += row["rows"]
        into["total"] += row["total"]
        into["firms"] = (
            into["firms"] + row["firms"] if fact.nature == "stock" or by == "month"
            else max(into["firms"], row["firms"])
        )  # fmt: skip
    return [folded[k] for k in sorted(folded, key=lambda k: (k is None, str(k)))]


def last_refresh(codes: list[str]) -> dict[str, Refresh]:
    """The date of the data shown beside each figure."""
    return {r.fact: r for r in Refresh.objects.filter(fact__in=codes)}


def generation() -> str | None:
    """The current refresh generation's token (None before the first refresh): what a cached
    page's key carries, so a refresh makes every cached page stale."""
    return Generation.objects.filter(pk=1).values_list("token", flat=True).first()
