"""What a dashboard shows, for whom: figures and charts composed from the stored cells.

A dashboard stands at a level of the drill-down (the country, a province, a park) with a slice
of the cube (a Jalali period, an ISIC division, a size class, a kind). For every fact the user
may see it shows the headline figure (with its definition, unit and the date of its data) and
its breakdown by place; a fact's own page adds its months, size classes, kinds, divisions and
series. Every read is one GROUP BY over the cells for all the facts at once, so a page costs the
same number of queries however many cells, facts or provinces there are.

Who sees what (`permissions.InsightsScope`): national staff everything; a provincial officer
their province in detail and the country only as totals (another province's page is refused);
everyone else the public facts, after small-cell suppression.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from karsaz.accounts.scope import require
from karsaz.core.facts import Fact
from karsaz.core.i18n import page_language
from karsaz.core.persian import to_persian_digits
from karsaz.insights import catalog, filters, months, selectors, suppression, values
from karsaz.insights.choices import Chart, Level
from karsaz.insights.permissions import InsightsScope
from karsaz.insights.selectors import Filters
from karsaz.registry import selectors as registry
from karsaz.registry.choices import EnterpriseKind, IsicLevel, SizeClass
from karsaz.registry.models import IndustrialPark, Province

# The dimension each chart breaks a figure down by; PLACES depends on the level.
BY: dict[str, str] = {
    Chart.MONTHS: "month", Chart.SIZES: "size_class", Chart.KINDS: "kind",
    Chart.DIVISIONS: "isic_division", Chart.SERIES: "series",
}  # fmt: skip
PLACES_BY: dict[str, str] = {
    Level.NATIONAL: "province",
    Level.PROVINCE: "park",
    Level.PARK: "size_class",
}
# Facts whose rows are the registry's enterprises: their breakdowns link to the enterprise list.
REGISTRY_PREFIX = "registry."
MODULE_LABELS = {
    "registry": gettext_lazy("Registry"),
    "technology": gettext_lazy("Technology exchange"),
    "events": gettext_lazy("Events"),
    "clinics": gettext_lazy("Clinics"),
    "finance": gettext_lazy("Finance"),
    "capital": gettext_lazy("Capital market"),
}


@dataclass(frozen=True)
class Place:
    level: str
    province: Province | None = None
    park: IndustrialPark | None = None

    def name(self, lang: str) -> str:
        obj = self.park or self.province
        if obj is None:
            return _("Iran")
        return to_persian_digits(obj.name_fa) if lang == "fa" else obj.name_en

    @property
    def query(self) -> dict[str, Any]:
        """The level as query parameters (for a fact's page and the exports)."""
        if self.park is not None:
            return {"park": self.park.pk}
        if self.province is not None:
            return {"province": self.province.code}
        return {}


@dataclass
class Row:
    key: Any
    label: str
    value: int | Decimal | None  # None: suppressed, or a mean over nothing
    rows: int | None
    firms: int | None
    suppressed: bool = False
    href: str = ""


@dataclass
class ChartData:
    fact: Fact
    chart: str  # a Chart value
    title: str
    dimension: str  # the dimension's name, the first column of the data table
    rows: list[Row]
    list_href: str = ""  # the filtered list behind the whole chart, where one exists
    export_query: str = ""

    @property
    def kind(self) -> str:
        """How it is drawn: a time series, shares of a whole, or bars."""
        if self.chart == Chart.MONTHS:
            return "line"
        if self.chart in (Chart.SIZES, Chart.KINDS) and not self.fact.mean:
            return "shares"
        return "bars"


@dataclass
class Figure:
    fact: Fact
    value: int | Decimal | None
    suppressed: bool
    as_of: Any  # the Refresh's finished_at, or None before the first refresh
    charts: list[ChartData] = field(default_factory=list)
    href: str = ""  # the fact's own page, with the same filters
    # On a province's or park's page: the country's figure, and this place's share of it.
    national: int | Decimal | None = None
    share: Decimal | None = None

    def compare(self, national: tuple[int | Decimal | None, bool]) -> None:
        self.national = national[0]
        if self.fact.mean or not self.national or self.value is None:
            return
        share = Decimal(100) * Decimal(self.value) / Decimal(self.national)
        self.share = share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Dashboard:
    place: Place
    period: filters.Period | None
    filters: Filters
    query: dict[str, Any]  # the slice's own parameters (period, isic, size, kind)
    totals_only: bool
    suppressed: bool
    groups: list[tuple[str, list[Figure]]]
    map: ChartData | None = None
    map_fact: Fact | None = None
    as_of: Any = None
    province_codes: dict[int, str] = field(default_factory=dict)  # the map's keys to codes

    def figures(self) -> list[Figure]:
        return [f for _label, figures in self.groups for f in figures]

    def charts(self) -> list[ChartData]:
        return [c for f in self.figures() for c in f.charts]


# --- choices for the filter form --------------------------------------------------------------


def filter_choices(place: Place, *, scope: InsightsScope) -> dict[str, list[tuple[str, str]]]:
    """Provinces (a provincial officer's own only), parks (the province's own on its page) and
    ISIC divisions, labelled in the page's language: three queries, whatever the level."""
    lang = page_language()

    def name(obj: Any) -> str:
        return to_persian_digits(obj.name_fa) if lang == "fa" else obj.name_en

    provinces = registry.provinces()
    parks = registry.parks()
    if scope.staff and not scope.national:
        provinces = provinces.filter(pk=scope.province_id or 0)
        parks = parks.filter(province_id=scope.province_id or 0)
    if place.province is not None:
        parks = parks.filter(province=place.province)
    divisions = registry.isic_activities().filter(level=IsicLevel.DIVISION)
    return {
        "provinces": [(p.code, name(p)) for p in provinces],
        "parks": [(str(p.pk), name(p)) for p in parks],
        "divisions": [
            (d.code, to_persian_digits(f"{d.code} {d.title_fa}") if lang == "fa"
             else f"{d.code} {d.title_en}")
            for d in divisions
        ],
    }  # fmt: skip


# --- the level and who may open it ------------------------------------------------------------


def place_for(*, user: Any, province: str | None = None, park: int | None = None) -> Place:
    """The dashboard's level from its URL; 404 for a province or park that does not exist, 403
    for one the user may not open (another province, for a provincial officer)."""
    scope = InsightsScope(user)
    if park is not None:
        found = registry.parks().filter(pk=park).first()
        if found is None:
            raise Http404(_("There is no such industrial park."))
        _require_province(scope, found.province_id)
        return Place(Level.PARK, province=found.province, park=found)
    if province is not None:
        found_province = _province(province)
        _require_province(scope, found_province.pk)
        return Place(Level.PROVINCE, province=found_province)
    return Place(Level.NATIONAL)


def own_province(scope: InsightsScope) -> Place:
    """A provincial officer's own province, as a place."""
    found = registry.provinces().filter(pk=scope.province_id or 0).first()
    if found is None:
        raise Http404(_("There is no such province."))
    return Place(Level.PROVINCE, province=found)


def _province(code: str) -> Province:
    code = code.strip()
    found = registry.provinces().filter(code=code).first()
    if found is None and code.isdigit():
        found = registry.provinces().filter(pk=int(code)).first()
    if found is None:
        raise Http404(_("There is no such province."))
    return found


def _require_province(scope: InsightsScope, province_id: int) -> None:
    # Staff see a province only through the scope; everyone else sees public, suppressed
    # figures for any province, as the open-data portal publishes them.
    if scope.staff:
        require(
            scope.sees_province(province_id),
            _("Your office sees its own province; other provinces only as national totals."),
        )


def visible_facts(scope: InsightsScope) -> list[Fact]:
    return [f for f in catalog.facts().values() if scope.sees_fact(f)]


def map_code(scope: InsightsScope, code: str) -> str:
    """The figure asked for on the map, if the user sees it ("" for the first one): an unknown
    code is the first figure's map, and one cache entry."""
    found = catalog.fact(code) if code else None
    return code if found is not None and scope.sees_fact(found) else ""


def fact_for(*, user: Any, code: str) -> Fact:
    found = catalog.fact(code)
    if found is None or not InsightsScope(user).sees_fact(found):
        raise Http404(_("There is no such figure."))
    return found


# --- reading the cells ------------------------------------------------------------------------


# --- composing ---------------------------------------------------------------------------------


class Links:
    """Where a chart's bars lead: the narrower dashboard, or the registry's list of firms."""

    def __init__(self, place: Place, query: dict[str, Any], lang: str) -> None:
        self.place, self.query, self.lang = place, query, lang

    @staticmethod
    def _url(name: str, query: dict[str, Any], **kwargs: Any) -> str:
        query = {k: v for k, v in query.items() if v not in ("", None)}
        return reverse(name, kwargs=kwargs or None) + (f"?{urlencode(query)}" if query else "")

    def dashboard(self, place: Place | None = None, **changes: Any) -> str:
        place = place or self.place
        query = {**self.query, **changes}
        if place.park is not None:
            return self._url("insights:park", query, pk=place.park.pk)
        if place.province is not None:
            return self._url("insights:province", query, code=place.province.code)
        return self._url("insights:home", query)

    def fact(self, fact: Fact, **changes: Any) -> str:
        query = {**self.place.query, **self.query, **changes}
        return self._url("insights:fact", query, code=fact.code)

    def registry(self, **changes: Any) -> str:
        q = {**self.query, **changes}
        query = filters.registry_query(
            province_code=self.place.province.code if self.place.province else "",
            park_id=self.place.park.pk if self.place.park else None,
            isic=q.get("isic", ""), size=q.get("size", ""), kind=q.get("kind", ""),
        )  # fmt: skip
        return self._url("registry:enterprise_list", query)


def _labeller(by: str, fact: Fact, lookups: dict[str, dict[Any, Any]], lang: str) -> Callable:
    def name(obj: Any) -> str:
        return to_persian_digits(obj.name_fa) if lang == "fa" else obj.name_en

    sizes, kinds = dict(SizeClass.choices), dict(EnterpriseKind.choices)
    series = fact.series_labels() if by == "series" else {}

    def label(key: Any) -> str:
        if by == "province":
            return name(lookups["provinces"][key]) if key in lookups["provinces"] else str(key)
        if by == "park":
            if key is None:
                return _("Outside industrial parks")
            return name(lookups["parks"][key]) if key in lookups["parks"] else str(key)
        if by == "month":
            return filters.month_label(key, lang)
        if by == "size_class":
            return str(sizes.get(key, key))
        if by == "kind":
            return str(kinds.get(key, key))
        if by == "isic_division":
            if not key:
                return _("No division recorded")
            title = lookups["divisions"].get(key, "")
            return to_persian_digits(f"{key} {title}") if lang == "fa" else f"{key} {title}"
        return str(series.get(key, key)) if key else _("Unspecified")

    return label


def _href(by: str, fact: Fact, key: Any, links: Links, lookups: dict[str, Any]) -> str:
    """A bar's link: the narrower dashboard (a province, a park, a month), or the registry's
    list of the firms behind it (a size, a kind, a division of a registry figure)."""
    if by == "province" and key in lookups["provinces"]:
        return links.dashboard(Place(Level.PROVINCE, province=lookups["provinces"][key]))
    if by == "park" and key in lookups["parks"]:
        park = lookups["parks"][key]
        return links.dashboard(Place(Level.PARK, province=park.province, park=park))
    if by == "month":
        return links.dashboard(period=filters.month_label(key, "en", short=True))
    param = {"size_class": "size", "kind": "kind", "isic_division": "isic"}.get(by)
    if param and key:
        if fact.code.startswith(REGISTRY_PREFIX):
            return links.registry(**{param: key})
        return links.dashboard(**{param: key})
    if by == "series" and key:
        return links.fact(fact, series=key)  # the figure's page, every chart for this category
    return ""


def _months(fact: Fact, rows: list[dict[str, Any]], period: filters.Period | None) -> list[dict]:
    """Every month of the period (or of the data) in order, empty months as zero; a stock's
    months carry its running total, so the line shows the stock at each month's end."""
    by_month = {r["key"]: r for r in rows if r["key"] is not None}
    if not by_month and period is None:
        return []
    first = min(by_month) if by_month else period.start  # type: ignore[union-attr]
    last = max(by_month) if by_month else period.end  # type: ignore[union-attr]
    start = period.start if period else first
    end = period.end if period else last
    span = months.span(min(first, start), max(last, end))
    out, running = [], {"rows": 0, "total": 0, "firms": 0}
    for month in span:
        row = by_month.get(month, {"key": month, "rows": 0, "total": 0, "firms": 0})
        if fact.nature == "stock":
            running = {k: running[k] + row[k] for k in ("rows", "total", "firms")}
            row = {"key": month, **running}
        if start <= month <= end:
            out.append(row)
    return out


class Composer:
    """Builds one dashboard (or one fact's page) for one user: the slice, the scope, the
    lookups and the links are worked out once and shared by every chart."""

    def __init__(self, *, user: Any, place: Place, form_data: dict[str, Any]) -> None:
        self.scope = InsightsScope(user)
        self.place = place
        self.lang = page_language()
        self.period: filters.Period | None = form_data.get("period_obj")
        self.query = {
            k: form_data.get(k) or "" for k in ("period", "isic", "size", "kind", "series")
        }
        self.slice = filters.to_filters(
            self.period,
            province_id=place.province.pk if place.province else None,
            park_id=place.park.pk if place.park else None,
            isic=self.query["isic"], size=self.query["size"], kind=self.query["kind"],
            series=self.query["series"],
        )  # fmt: skip
        self.links = Links(place, self.query, self.lang)
        self.totals_only = place.level == Level.NATIONAL and self.scope.province_id is not None
        self._lookups: dict[str, dict[Any, Any]] | None = None

    def lookups(self) -> dict[str, dict[Any, Any]]:
        if self._lookups is None:
            parks = registry.parks()
            if self.place.province is not None:
                parks = parks.filter(province=self.place.province)
            self._lookups = {
                "provinces": {p.pk: p for p in registry.provinces()},
                "parks": {p.pk: p for p in parks},
                "divisions": {
                    d.code: (d.title_fa if self.lang == "fa" else d.title_en)
                    for d in registry.isic_activities().filter(level=IsicLevel.DIVISION)
                },
            }
        return self._lookups

    def _rows(self, fact: Fact, by: str, raw: list[dict[str, Any]]) -> list[Row]:
        shown = suppression.suppress(raw, unit=fact.unit) if self.scope.suppressed else raw
        label = _labeller(by, fact, self.lookups(), self.lang)
        return [
            Row(
                key=r["key"],
                label=label(r["key"]),
                value=values.figure(fact, r),
                rows=r["rows"],
                firms=r["firms"],
                suppressed=bool(r.get("suppressed")),
                href=_href(by, fact, r["key"], self.links, self.lookups()),
            )
            for r in shown
        ]

    def chart(self, fact: Fact, chart: str, raw: list[dict[str, Any]]) -> ChartData:
        by = PLACES_BY[self.place.level] if chart == Chart.PLACES else BY[chart]
        if chart == Chart.MONTHS:
            raw = _months(fact, raw, self.period)
        dimension = {
            "province": _("Province"), "park": _("Industrial park"), "month": _("Month"),
            "size_class": _("Size class"), "kind": _("Kind"), "isic_division": _("ISIC division"),
            "series": _("Category"),
        }[by]  # fmt: skip
        title = {
            Chart.PLACES: _("{figure} by {dimension}"), Chart.MONTHS: _("{figure} over time"),
        }.get(chart, _("{figure} by {dimension}")).format(  # type: ignore[call-overload]
            figure=fact.label, dimension=dimension.lower() if self.lang == "en" else dimension
        )  # fmt: skip
        registry_fact = fact.code.startswith(REGISTRY_PREFIX)
        rows = self._rows(fact, by, raw)
        if by == "size_class":
            order = {size: i for i, size in enumerate(SizeClass.values)}
            rows.sort(key=lambda r: order.get(r.key, len(order)))
        elif by != "month":
            # Largest first; withheld figures last by name, so their order tells nothing.
            rows.sort(key=lambda r: (r.value is None, -(r.value or 0), r.label))
        return ChartData(
            fact=fact,
            chart=chart,
            title=title,
            dimension=dimension,
            rows=rows,
            list_href=self.links.registry() if registry_fact else "",
            export_query=urlencode(
                {k: v for k, v in {**self.place.query, **self.query}.items() if v not in ("", None)}
            ),
        )

    def _as_of(self, facts: list[Fact]) -> dict[str, Any]:
        refreshed = selectors.last_refresh([f.code for f in facts])
        return {code: r.finished_at for code, r in refreshed.items()}

    def _headlines(
        self, facts: list[Fact], *, national: bool = False
    ) -> dict[str, tuple[int | Decimal | None, bool]]:
        slice_ = replace(self.slice, province=None, park=None) if national else self.slice
        totals = selectors.breakdowns(facts, slice_, None)
        out = {}
        for fact in facts:
            row = (totals.get(fact.code) or [{"key": None, "rows": 0, "total": 0, "firms": 0}])[0]
            if self.scope.suppressed:
                row = suppression.suppress_total(row, unit=fact.unit)
            out[fact.code] = (values.figure(fact, row), bool(row.get("suppressed")))
        return out

    def dashboard(self, *, map_code: str = "") -> Dashboard:
        facts = visible_facts(self.scope)
        as_of = self._as_of(facts)
        headlines = self._headlines(facts)
        country = (
            self._headlines(facts, national=True) if self.place.level != Level.NATIONAL else {}
        )
        places: dict[str, list[dict[str, Any]]] = {}
        if not self.totals_only:
            places = selectors.breakdowns(facts, self.slice, PLACES_BY[self.place.level])
        groups: dict[str, list[Figure]] = defaultdict(list)
        for fact in facts:
            value, hidden = headlines[fact.code]
            figure = Figure(
                fact=fact, value=value, suppressed=hidden, as_of=as_of.get(fact.code),
                href="" if self.totals_only else self.links.fact(fact),
            )  # fmt: skip
            if not self.totals_only:
                figure.charts.append(self.chart(fact, Chart.PLACES, places.get(fact.code, [])))
            if country:
                figure.compare(country[fact.code])
            groups[fact.code.split(".")[0]].append(figure)
        board = Dashboard(
            place=self.place, period=self.period, filters=self.slice, query=self.query,
            totals_only=self.totals_only, suppressed=self.scope.suppressed,
            groups=[(str(MODULE_LABELS.get(m, m)), figs) for m, figs in groups.items()],
            as_of=max(as_of.values()) if as_of else None,
        )  # fmt: skip
        if self.place.level == Level.NATIONAL and not self.totals_only and facts:
            chosen = next((f for f in facts if f.code == map_code), facts[0])
            board.map_fact = chosen
            board.map = next(
                c for f in board.figures() if f.fact.code == chosen.code for c in f.charts
            )
            board.province_codes = {pk: p.code for pk, p in self.lookups()["provinces"].items()}
        return board

    def fact_page(self, fact: Fact) -> tuple[Figure, Dashboard]:
        """One figure with all its charts (none but the headline for totals only)."""
        headline = self._headlines([fact])[fact.code]
        figure = Figure(
            fact=fact, value=headline[0], suppressed=headline[1],
            as_of=self._as_of([fact]).get(fact.code),
        )  # fmt: skip
        if self.place.level != Level.NATIONAL:
            figure.compare(self._headlines([fact], national=True)[fact.code])
        if not self.totals_only:
            charts: Iterable[str] = [
                Chart.PLACES,
                Chart.MONTHS,
                Chart.SIZES,
                Chart.KINDS,
                Chart.DIVISIONS,
            ]
            if fact.series:
                charts = [*charts, Chart.SERIES]
            for chart in charts:
                by = PLACES_BY[self.place.level] if chart == Chart.PLACES else BY[chart]
                raw = selectors.breakdown(fact, self.slice, by)
                figure.charts.append(self.chart(fact, chart, raw))
        board = Dashboard(
            place=self.place, period=self.period, filters=self.slice, query=self.query,
            totals_only=self.totals_only, suppressed=self.scope.suppressed,
            groups=[(str(MODULE_LABELS.get(fact.code.split(".")[0], "")), [figure])],
            as_of=figure.as_of,
        )  # fmt: skip
        return figure, board

    def one_chart(self, fact: Fact, chart: str) -> ChartData:
        """A single chart (for its CSV or XLSX); PermissionDenied where the page shows none."""
        if self.totals_only:
            raise PermissionDenied(_("Your office sees the national figures only as totals."))
        if chart == Chart.SERIES and not fact.series:
            raise Http404(_("This figure has no categories."))
        by = PLACES_BY[self.place.level] if chart == Chart.PLACES else BY[chart]
        return self.chart(
            fact, chart, selectors.breakdowns([fact], self.slice, by).get(fact.code, [])
        )
