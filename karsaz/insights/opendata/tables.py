"""A dataset's table: the stored cells added up by year and the dataset's dimensions, with
their margins, through small-cell suppression. The only read of the portal and the public API.

It reads `insights.Cell` (one GROUP BY per table) and never a programme's rows, so nothing
finer than an aggregate cell can reach it. Every year is published as a slab with its margins
(the total over each dimension): suppression runs per slab on the whole slab, and filters then
select rows of the suppressed slabs, never recompute them, so two downloads cannot be
subtracted to recover a withheld figure.

Firms behind a flow over a year are a lower bound (the largest month's count: a firm may act
in several months), which errs on the side of withholding. A stock's year is everything up to
the year's end, so the difference of two years is the year's new entries: a year whose
increment counts fewer firms than the threshold is withheld too.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max, Min, Sum
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from karsaz.insights.models import Cell, Refresh
from karsaz.insights.opendata.datasets import Dataset
from karsaz.insights.suppression import ALL, suppress_table, threshold
from karsaz.registry.choices import EnterpriseKind, SizeClass
from karsaz.registry.models import Province

# The public code of each dimension's margin ("Iran", "all size classes").
TOTAL_CODE = {"province": "IR", "size_class": "all", "kind": "all", "series": "all"}
TOTAL_LABEL = {
    "province": _("Iran (all provinces)"),
    "size_class": _("All size classes"),
    "kind": _("All kinds"),
    "series": _("All"),
}
DIMENSION_LABEL = {
    "year": _("Jalali year"),
    "province": _("Province"),
    "size_class": _("Size class"),
    "kind": _("Enterprise kind"),
    "series": _("Series"),
}
_COLUMN = {
    "province": "province__code",
    "size_class": "size_class",
    "kind": "kind",
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

    def both(text: Any) -> tuple[str, str]:
        with translation.override("fa"):
            fa = str(text)
        with translation.override("en"):
            return fa, str(text)

    found: dict[str, dict[str, tuple[str, str]]] = {}
    for name in dataset.dimensions:
        values = {TOTAL_CODE[name]: both(TOTAL_LABEL[name])}
        if name == "province":
            for code, fa, en in Province.objects.values_list("code", "name_fa", "name_en"):
                values[code] = (fa, en)
        elif name == "size_class":
            values.update({c.value: both(c.label) for c in SizeClass})
        elif name == "kind":
            values.update({c.value: both(c.label) for c in EnterpriseKind})
        else:
            values.update(
                {code: both(label) for code, label in dataset.fact.series_labels().items()}
            )
        found[name] = values
    return found


def build(dataset: Dataset, selection: Selection | None = None) -> Table:
    """The dataset's rows in the selection, suppressed. Two queries (the cells, the provinces)."""
    selection = selection or Selection()
    fact = dataset.fact
    dims = dataset.dimensions
    labels = dimension_values(dataset)
    cells = Cell.objects.filter(fact=fact.code)
    if selection.end is not None:
        cells = cells.filter(month__lte=selection.end * 100 + 12)
    stock = fact.nature == "stock"
    if selection.start is not None and not stock:
        cells = cells.filter(month__gte=selection.start * 100 + 1)
    grouped = (
        cells.order_by()
        .values("month", *(_COLUMN[d] for d in dims))
        .annotate(rows=Sum("rows"), total=Sum("total"), firms=Sum("firms"))
    )
    # Each cell counts in its own line and in every margin above it (2^n keys per cell).
    monthly: dict[tuple[int, tuple[str, ...]], list[int]] = defaultdict(lambda: [0, 0, 0])
    for cell in grouped:
        own = tuple(str(cell[_COLUMN[d]] or "") for d in dims)
        for mask in itertools.product((False, True), repeat=len(dims)):
            key = tuple(ALL if m else v for m, v in zip(mask, own, strict=True))
            into = monthly[(cell["month"], key)]
            into[0] += cell["rows"]
            into[1] += cell["total"]
            into[2] += cell["firms"]
    for name in dims:  # a series value no label names still gets a row
        if name == "series":
            for _month, key in list(monthly):
                code = key[dims.index(name)]
                if code != ALL:
                    labels[name].setdefault(code, (code, code))
    years = sorted({month // 100 for month, _key in monthly})
    if years:
        first = max(years[0], selection.start or years[0])
        last = min(years[-1], selection.end or years[-1])
        years = list(range(first, last + 1))
    yearly = _by_year(monthly, stock=stock)
    grid = list(
        itertools.product(*([ALL, *(c for c in labels[d] if c != TOTAL_CODE[d])] for d in dims))
    )
    rows: list[Row] = []
    limit = threshold(fact.unit)
    for year in years:
        slab = {key: _figures(yearly.get((year, key))) for key in grid}
        extra: set[tuple[str, ...]] = set()
        if stock:  # the year's new entries, as the difference with the year before
            for key in grid:
                before = _figures(yearly.get((year - 1, key)))
                if 0 < slab[key]["firms"] - before["firms"] < limit:
                    extra.add(key)
        hidden = suppress_table(slab, unit=fact.unit, withhold=extra)
        for key in grid:
            public = tuple(
                TOTAL_CODE[d] if part == ALL else part for d, part in zip(dims, key, strict=True)
            )
            if not _selected(dims, public, selection):
                continue
            withheld = key in hidden
            value = None if withheld else _value(slab[key], mean=fact.mean, unit=fact.unit)
            rows.append(Row(year=year, key=public, value=value, withheld=withheld))
    return Table(dataset=dataset, rows=rows, labels=labels)


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


def _value(cell: dict[str, int], *, mean: bool, unit: str) -> int | Decimal | None:
    if not mean:
        return cell["total"]
    if cell["rows"] == 0:
        return None
    ratio = Decimal(cell["total"]) / Decimal(cell["rows"])
    places = Decimal(1) if unit == "rials" else Decimal("0.1")  # rials stay whole
    quantized = ratio.quantize(places, rounding=ROUND_HALF_UP)
    return int(quantized) if unit == "rials" else quantized


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
