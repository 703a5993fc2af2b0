"""Every read of the insights module: figures added up from the stored cells, never from raw rows.

`breakdowns(facts, filters, by)` is the one reader: every fact's figures over the cells (or
their roll-up) that pass the filters, grouped by one dimension, in one query; `breakdown` is
it for one fact. Who may see which breakdown is the scope's
business (`permissions.InsightsScope`); small-cell suppression for public figures is
`suppression.py`'s.
"""

from collections import defaultdict
from dataclasses import dataclass, fields
from typing import Any

from django.db import connection
from django.db.models import Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from karsaz.core import modules
from karsaz.core.facts import Fact
from karsaz.core.timeline import TimelineEvent
from karsaz.insights.models import Cell, Generation, Refresh, Rollup
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


COLUMN = {"province": "province_id", "park": "park_id"}
GROUPABLE = {
    None,
    "province_id",
    "park_id",
    "isic_division",
    "size_class",
    "kind",
    "series",
    "month",
}


def _slice(facts: list[Fact], slice_: Filters, by: str | None = None) -> Any:
    """The cells of these facts in the slice: a flow's within the period, a stock's up to its
    end (a stock is everything registered by then). Read from the roll-up (the cells added up
    over park and ISIC division) unless the slice or the breakdown needs either."""
    fine = slice_.park is not None or slice_.isic_division is not None
    source: Any = Cell if fine or by in ("park", "isic_division") else Rollup
    flows = [f.code for f in facts if f.nature == "flow"]
    stocks = [f.code for f in facts if f.nature != "flow"]
    when = Q(fact__in=stocks)
    when |= Q(fact__in=flows, month__gte=slice_.start) if slice_.start else Q(fact__in=flows)
    qs = source.objects.filter(when)
    if slice_.end is not None:
        qs = qs.filter(month__lte=slice_.end)
    if slice_.province is not None:
        qs = qs.filter(province_id=slice_.province)
    if slice_.park is not None:
        qs = qs.filter(park_id=slice_.park)
    for name in ("isic_division", "size_class", "kind", "series"):
        if getattr(slice_, name) is not None:
            qs = qs.filter(**{name: getattr(slice_, name)})
    return qs


def breakdowns(
    facts: list[Fact], slice_: Filters, by: str | None
) -> dict[str, list[dict[str, Any]]]:
    """{fact code: [{key, rows, total, firms}]} for every fact in one query, with the same
    folding over months as `selectors.breakdown` (firms of a flow over several months: the
    largest month's, a lower bound)."""
    if not facts:
        return {}
    column = COLUMN.get(by or "", by)
    keys = ["fact", "month"] + ([column] if column and column != "month" else [])
    per_month = (
        _slice(facts, slice_, by)
        .order_by()
        .values(*keys)
        .annotate(r=Sum("rows"), t=Sum("total"), f=Sum("firms"))
    )
    # The months are folded in the database too: a national page would otherwise carry tens of
    # thousands of (fact, month, province) rows into Python. Plain SQL over the ORM's own query
    # (a subquery in FROM, on both databases).
    inner, params = per_month.query.sql_with_params()
    if column not in GROUPABLE:  # names in the SQL below come only from this set
        raise ValueError(f"unknown breakdown {by!r}")
    q = connection.ops.quote_name
    outer = [q("fact")] + ([q(column)] if column else [])
    sql = (
        f"SELECT {', '.join(outer)}, SUM(r), SUM(t), SUM(f), MAX(f) FROM ({inner}) sub "  # noqa: S608 (the ORM's SQL, quoted known names)
        f"GROUP BY {', '.join(outer)}"
    )
    nature = {f.code: f.nature for f in facts}
    out: dict[str, dict[Any, dict[str, Any]]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            code, key = row[0], (row[1] if column else None)
            rows, total, firms_sum, firms_max = (int(v) for v in row[-4:])
            # Firms add up over the months of a stock (a firm registers once) and over a
            # breakdown by month; a flow's firms over several months: the largest month's, a
            # lower bound (the safe side for suppression).
            additive = nature[code] == "stock" or by == "month"
            out[code][key] = {
                "key": key, "rows": rows, "total": total,
                "firms": firms_sum if additive else firms_max,
            }  # fmt: skip
    return {
        code: [folded[k] for k in sorted(folded, key=lambda k: (k is None, str(k)))]
        for code, folded in out.items()
    }


def breakdown(fact: Fact, filters: Filters, by: str | None = None) -> list[dict[str, Any]]:
    """[{key, rows, total, firms}] of one fact per value of `by` (one row keyed None without
    `by`), ordered by key: `breakdowns` for one fact."""
    if by is not None and by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}")
    return breakdowns([fact], filters, by).get(fact.code, [])


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
