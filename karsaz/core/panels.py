"""The home page's panels: each module says what a user should see first when signing in.

A module declares the `home_panels` hook on its AppConfig,
`hooks = {"home_panels": "karsaz.<app>.home_panels.panels"}`, a callable
`panels(*, user) -> list[Panel]` that returns the panels of that user's role in the module
(an empty list when the role has nothing there). Its reads go through the module's own
selectors and scope, so a panel never shows another party's rows. Each provider costs a fixed
number of queries however many rows there are (tables are cut to `ROWS`; figures are counts
and sums in the database).

`home(user=...)` gathers every installed module's panels, in `order`; the page
(`core/home.html`) draws each one with `core/partials/panel.html`: its figures (each a link to
the list behind it), an optional table, an optional chart (`core.charts`, with the same
figures as a data table) and the empty-state text when it has no rows.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from karsaz.core import modules
from karsaz.core.charts import Point
from karsaz.core.i18n import page_language

ROWS = 5  # rows of a panel's table; the panel links to the full list


@dataclass(frozen=True)
class Figure:
    """One headline number: a count (or an amount in rials when `money`), linked to its list."""

    label: str
    value: int | None
    href: str = ""
    money: bool = False
    percent: bool = False
    warn: bool = False  # shown as needing attention (overdue, failed)
    key: str = ""  # data-testid of the figure, for tests


@dataclass(frozen=True)
class Cell:
    """A table cell; `kind` says how the page formats it: text, num, money, date, datetime,
    percent, code (an identifier such as an invoice number: left to right, never broken)."""

    value: Any
    kind: str = "text"
    href: str = ""


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    warn: bool = False  # the row is flagged (an overdue payable, a late follow-up)
    flag: str = ""  # the flag's words, shown in the row («Overdue»)


@dataclass(frozen=True)
class Chart:
    """Bars (one per point) or a small time series (points earliest first)."""

    title: str
    points: tuple[Point, ...]
    kind: str = "bars"  # or "series"
    label_header: str = ""  # the data table's first column
    value_header: str = ""  # and its second


@dataclass(frozen=True)
class Panel:
    key: str  # stable, unique across modules: "<app>-<what>", the page's data-panel
    title: str
    order: int  # smaller first
    figures: tuple[Figure, ...] = ()
    headers: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    chart: Chart | None = None
    empty: str = ""  # shown instead of the table when there are no rows
    more: tuple[str, str] | None = None  # (label, href) of the full list


def cells(*values: Any) -> tuple[Cell, ...]:
    """`cells("a", Cell(3, "num"))`: plain values become text cells."""
    return tuple(v if isinstance(v, Cell) else Cell(v) for v in values)


def home(*, user: Any) -> list[Panel]:
    """Every installed module's panels for this user, in order."""
    found: list[Panel] = []
    for provider in modules.hooks("home_panels").values():
        found.extend(provider(user=user))
    return sorted(found, key=lambda p: (p.order, p.key))


def percent(part: int, whole: int) -> int:
    """Whole percent of `part` in `whole`, rounded down (0 when there is no whole): money
    stays integer."""
    return part * 100 // whole if whole else 0


def points(rows: Sequence[tuple[str, int | None]]) -> tuple[Point, ...]:
    return tuple(Point(label=label, value=value) for label, value in rows)


def bilingual(obj: Any, field: str = "name") -> str:
    """A record's Persian name on Persian pages, its English one (or the Persian) on English."""
    fa = str(getattr(obj, f"{field}_fa", "") or "")
    if page_language() == "fa":
        return fa
    return str(getattr(obj, f"{field}_en", "") or fa)
