"""Every read of the insights module: figures added up from the stored cells, never from raw rows.

`breakdown(fact, filters, by)` answers one chart's figures: SUM over the cells that pass the
filters, grouped by one dimension, in one query. Who may see which breakdown is the scope's
business (`permissions.InsightsScope`); small-cell suppression for public figures is
`suppression.py`'s.
"""

from dataclasses import dataclass, fields
from typing import Any

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from karsaz.core import modules
from karsaz.core.facts import Fact
from karsaz.core.timeline import TimelineEvent
from karsaz.insights.models import Cell, Generation, Refresh
from karsaz.insights.permissions import InsightsScope
from karsaz.registry.models import Enterprise

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


@dataclass(frozen=True)
class TimelineRow:
    programme: str  # the app label of the programme the event comes from
    event: TimelineEvent


def firm(*, user: Any, pk: int) -> Enterprise:
    """The enterprise whose timeline the user may see; 404 for anyone else (its members,
    national staff and its province's officer see it), so its existence does not leak."""
    found = Enterprise.objects.filter(pk=pk).first()
    if found is None or not InsightsScope(user).sees_firm(found.pk, found.province_id):
        raise Http404(_("There is no such enterprise."))
    return found


def timeline_programmes() -> list[str]:
    """The programmes that offer a firm's timeline, in INSTALLED_APPS order."""
    return list(modules.hooks("firm_timeline"))


def firm_timeline(enterprise: Enterprise, programme: str = "") -> list[TimelineRow]:
    """Every programme's events of one enterprise (or one programme's), oldest first; events
    of the same moment keep their programme's order."""
    rows = [
        TimelineRow(label, event)
        for label, provide in modules.hooks("firm_timeline").items()
        if not programme or label == programme
        for event in provide(enterprise.pk)
    ]
    return sorted(rows, key=lambda row: row.event.moment)
