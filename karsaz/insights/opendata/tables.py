"""A dataset's table: the stored cells added up by year and the dataset's dimensions, with
their margins, through small-cell suppression. The only read of the portal and the public API.

It reads `insights.Cell` (one GROUP BY per shape) and never a programme's rows, so nothing
finer than an aggregate cell can reach it. Every year is published as a slab with its margins
(the total over each dimension): suppression runs per slab on the whole slab, and filters then
select rows of the suppressed slabs, never recompute them, so two downloads cannot be
subtracted to recover a withheld figure. A fact's shapes (by province; by size and kind; by
activity) all publish the national totals, so they are suppressed together: a national total
withheld in one is withheld in the others.

Firms behind a flow over a year are a lower bound (the largest month's count: a firm may act
in several months), which errs on the side of withholding. A stock's year is everything up to
the year's end, so the difference of two years is the year's new entries: a year whose
increment counts fewer firms than the threshold is withheld too.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min, Sum
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from karsaz.core.facts import Fact
from karsaz.insights.models import Cell, Refresh
from karsaz.insights.opendata.datasets import SHAPES, Dataset
from karsaz.insights.suppression import ALL, suppress_table, threshold
from karsaz.insights.values import figure
from karsaz.registry.choices import EnterpriseKind, IsicLevel, SizeClass
from karsaz.registry.models import IsicActivity, Province

# The public code of each dimension's margin ("Iran", "all size classes").
TOTAL_CODE = {
    "province": "IR",
    "size_class": "all",
    "kind": "all",
    "isic_division": "all",
    "series": "all",
}
TOTAL_LABEL = {
    "province": _("Iran (all provinces)"),
    "size_class": _("All size classes"),
    "kind": _("All kinds"),
    "isic_division": _("All activities"),
    "series": _("All"),
}
# Enterprises with no activity recorded, or only an ISIC section (the cells store "").
NO_DIVISION = "none"
DIMENSION_LABEL = {
    "year": _("Jalali year"),
    "province": _("Province"),
    "size_class": _("Size class"),
    "kind": _("Enterprise kind"),
    "isic_division": _("Economic activity (ISIC division)"),
    "series": _("Series"),
}
_COLUMN = {
    "province": "province__code",
    "size_class": "size_class",
    "kind": "kind",
    "isic_division": "isic_division",
    "series": "series",
}


@dataclass(frozen=True)
class Selection:
    """Which rows of a dataset to give: Jalali years (inclusive) and one value per dimension."""

    start: int | None = None
    end: int | None = None
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    year: int
    key: tuple[str, ...]  # public codes, one per dimension of the dataset
    value: int | Decimal | None  # None: withheld, or a mean over nothing
    withheld: bool


@dataclass
class Table:
    dataset: Dataset
    rows: list[Row]
    # {dimension: {public code: (Persian label, English label)}}
    labels: dict[str, dict[str, tuple[str, str]]]

    def label(self, dimension: str, code: str, lang: str) -> str:
        fa, en = self.labels[dimension].get(code, (code, code))
        return fa if lang == "fa" else en


def dimension_values(dataset: Dataset) -> dict[str, dict[str, tuple[str, str]]]:
    """{dimension: {public code: (fa, en)}}, margin first: every value a filter may name."""
    return _values(dataset.fact, dataset.dimensions)


def _values(fact: Fact, names: Iterable[str]) -> dict[str, dict[str, tuple[str, str]]]:
    def both(text: Any) -> tuple[str, str]:
        with translation.override("fa"):
            fa = str(text)
        with translation.override("en"):
            return fa, str(text)

    found: dict[str, dict[str, tuple[str, str]]] = {}
    for name in names:
        values = {TOTAL_CODE[name]: both(TOTAL_LABEL[name])}
        if name == "province":
            for code, fa, en in Province.objects.values_list("code", "name_fa", "name_en"):
                values[code] = (fa, en)
        elif name == "size_class":
            values.update({c.value: both(c.label) for c in SizeClass})
        elif name == "kind":
            values.update({c.value: both(c.label) for c in EnterpriseKind})
        elif name == "isic_division":
            divisions = IsicActivity.objects.filter(level=IsicLevel.DIVISION)
            values.update(
                {
                    code: (fa, en)
                    for code, fa, en in divisions.values_list("code", "title_fa", "title_en")
                }
            )
            values[NO_DIVISION] = both(_("No activity recorded"))
        else:
            values.update({code: both(label) for code, label in fact.series_labels().items()})
        found[name] = values
    return found


@dataclass
class _Cube:
    """One shape of a fact: its dimensions, every key of a slab, and the figures by year."""

    dims: tuple[str, ...]
    grid: list[tuple[str, ...]]
    yearly: dict[tuple[int, tuple[str, ...]], list[int]]

    def shared(self, key: tuple[str, ...]) -> tuple[str, ...] | None:
        """The key's place in the national total every shape publishes (all but the series
        at ALL), or None for a key of this shape's own."""
        own = [part for name, part in zip(self.dims, key, strict=True) if name != "series"]
        if any(part != ALL for part in own):
            return None
        return tuple(part for name, part in zip(self.dims, key, strict=True) if name == "series")

    def key(self, shared: tuple[str, ...]) -> tuple[str, ...]:
        series = iter(shared)
        return tuple(next(series) if name == "series" else ALL for name in self.dims)


def build(dataset: Dataset, selection: Selection | None = None) -> Table:
    """The dataset's rows in the selection, suppressed together with the fact's other shapes
    (they share the national totals, which must be withheld in all or in none). A query per
    shape, one for the provinces and one for the ISIC divisions' names."""
    fact = dataset.fact
    if not fact.public:  # a fact over confidential fields never becomes a public table
        raise PermissionError(f"fact {fact.code!r} is not public")
    selection = selection or Selection()
    shapes = [Dataset(fact=fact, shape=shape) for shape in SHAPES]
    labels = _values(fact, dict.fromkeys(d for s in shapes for d in s.dimensions))
    monthly = {s.shape.slug: _monthly(fact, s.dimensions, selection) for s in shapes}
    if "series" in labels:  # a series value no label names still gets a row
        for found in monthly.values():
            for _month, key in found:
                if key[-1] != ALL:
                    labels["series"].setdefault(key[-1], (key[-1], key[-1]))
    cubes = {
        s.shape.slug: _Cube(
            dims=s.dimensions,
            grid=list(
                itertools.product(
                    *([ALL, *(c for c in labels[d] if c != TOTAL_CODE[d])] for d in s.dimensions)
                )
            ),
            yearly=_by_year(monthly[s.shape.slug], stock=fact.nature == "stock"),
        )
        for s in shapes
    }
    own = monthly[dataset.shape.slug]
    years = sorted({month // 100 for month, _key in own})
    if years:
        first = max(years[0], selection.start or years[0])
        last = min(years[-1], selection.end or years[-1])
        years = list(range(first, last + 1))
    dims = dataset.dimensions
    rows: list[Row] = []
    for year in years:
        slab, hidden = _suppressed(fact, cubes, year)[dataset.shape.slug]
        for key in cubes[dataset.shape.slug].grid:
            public = tuple(
                TOTAL_CODE[d] if part == ALL else part for d, part in zip(dims, key, strict=True)
            )
            if not _selected(dims, public, selection):
                continue
            withheld = key in hidden
            value = None if withheld else figure(fact, slab[key])
            rows.append(Row(year=year, key=public, value=value, withheld=withheld))
    return Table(dataset=dataset, rows=rows, labels=labels)


def _monthly(
    fact: Fact, dims: tuple[str, ...], selection: Selection
) -> dict[tuple[int, tuple[str, ...]], list[int]]:
    """{(month, key): [rows, total, firms]} with every margin: one GROUP BY over the cells."""
    cells = Cell.objects.filter(fact=fact.code)
    if selection.end is not None:
        cells = cells.filter(month__lte=selection.end * 100 + 12)
    if selection.start is not None and fact.nature != "stock":
        cells = cells.filter(month__gte=selection.start * 100 + 1)
    grouped = (
        cells.order_by()
        .values("month", *(_COLUMN[d] for d in dims))
        .annotate(rows=Sum("rows"), total=Sum("total"), firms=Sum("firms"))
    )
    # Each cell counts in its own line and in every margin above it (2^n keys per cell).
    monthly: dict[tuple[int, tuple[str, ...]], list[int]] = defaultdict(lambda: [0, 0, 0])
    for cell in grouped:
        own = tuple(
            str(cell[_COLUMN[d]] or (NO_DIVISION if d == "isic_division" else "")) for d in dims
        )
        for mask in itertools.product((False, True), repeat=len(dims)):
            key = tuple(ALL if m else v for m, v in zip(mask, own, strict=True))
            into = monthly[(cell["month"], key)]
            into[0] += cell["rows"]
            into[1] += cell["total"]
            into[2] += cell["firms"]
    return monthly


def _suppressed(
    fact: Fact, cubes: dict[str, _Cube], year: int
) -> dict[str, tuple[dict[tuple[str, ...], dict[str, int]], frozenset[tuple[str, ...]]]]:
    """Each shape's slab of `year` and its withheld keys. A national total withheld in one
    shape is imposed on the others, until no shape adds one."""
    limit = threshold(fact.unit)
    slabs: dict[str, dict[tuple[str, ...], dict[str, int]]] = {}
    extras: dict[str, set[tuple[str, ...]]] = {}
    for slug, cube in cubes.items():
        slabs[slug] = {key: _figures(cube.yearly.get((year, key))) for key in cube.grid}
        extras[slug] = set()
        if fact.nature == "stock":  # the year's new entries: the difference with the year before
            for key in cube.grid:
                before = _figures(cube.yearly.get((year - 1, key)))
                if 0 < slabs[slug][key]["firms"] - before["firms"] < limit:
                    extras[slug].add(key)
    shared: set[tuple[str, ...]] = set()
    while True:
        hidden = {
            slug: suppress_table(
                slabs[slug], unit=fact.unit, withhold=extras[slug] | {cube.key(s) for s in shared}
            )
            for slug, cube in cubes.items()
        }
        found = {
            place
            for slug, cube in cubes.items()
            for key in hidden[slug]
            if (place := cube.shared(key)) is not None
        }
        if found <= shared:
            return {slug: (slabs[slug], hidden[slug]) for slug in cubes}
        shared |= found


def _by_year(
    monthly: dict[tuple[int, tuple[str, ...]], list[int]], *, stock: bool
) -> dict[tuple[int, tuple[str, ...]], list[int]]:
    """A flow adds a year's months (firms: the largest month); a stock adds every month up to
    the year's end (a firm is counted once, in the month it entered)."""
    yearly: dict[tuple[int, tuple[str, ...]], list[int]] = defaultdict(lambda: [0, 0, 0])
    for (month, key), (rows, total, firms) in monthly.items():
        into = yearly[(month // 100, key)]
        into[0] += rows
        into[1] += total
        into[2] = into[2] + firms if stock else max(into[2], firms)
    if stock and yearly:
        years = sorted({year for year, _key in yearly})
        keys = {key for _year, key in yearly}
        for key in keys:
            running = [0, 0, 0]
            for year in range(years[0], years[-1] + 1):
                own = yearly.get((year, key), [0, 0, 0])
                running = [a + b for a, b in zip(running, own, strict=True)]
                yearly[(year, key)] = list(running)
    return yearly


def _figures(found: list[int] | None) -> dict[str, int]:
    rows, total, firms = found or (0, 0, 0)
    return {"rows": rows, "total": total, "firms": firms}


def _selected(dims: tuple[str, ...], key: tuple[str, ...], selection: Selection) -> bool:
    return all(key[dims.index(name)] == value for name, value in selection.values.items())


def coverage() -> dict[str, tuple[int, int]]:
    """{fact code: (first, last Jalali month)} of the stored cells, in one query."""
    return {
        row["fact"]: (row["first"], row["last"])
        for row in Cell.objects.order_by()
        .values("fact")
        .annotate(first=Min("month"), last=Max("month"))
    }


def refreshed() -> dict[str, Refresh]:
    """{fact code: its last refresh}: the dataset's last update."""
    return {r.fact: r for r in Refresh.objects.all()}
