"""The `insight_facts` hook's vocabulary: how a module tells insights what it can count.

A module never hands insights its rows. It declares facts: a base queryset, the path from a row
to the enterprise it concerns, the date that places the row in a Jalali month, and what to add
up. Insights turns each fact into one GROUP BY in the database (province, park, ISIC division,
size class, kind, month and an optional series) and stores the result in its aggregate table,
so no Python loop ever runs over the rows, and the module keeps every rule about its own data.

A provider is `facts() -> tuple[Fact, ...]`, declared in the module's AppConfig as
`hooks = {"insight_facts": "karsaz.<name>.insight_facts.facts"}`.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Func, IntegerField, QuerySet
from django.db.models.expressions import Combinable
from django.db.models.functions import TruncDate
from django.utils.functional import Promise

# What a fact's figures measure: a count of rows, rials, days, people or hours.
Unit = Literal["count", "rials", "days", "people", "hours", "percent"]
# A flow counts what happened in each month; a stock is the running total up to a month's end
# (enterprises registered, employees), so a period shows the stock at its last month.
Nature = Literal["flow", "stock"]


@dataclass(frozen=True)
class Fact:
    code: str  # "<module>.<name>", stable: public datasets and saved links use it
    label: str | Promise
    definition: str | Promise  # what is counted, and over what (shown beside every figure)
    unit: Unit
    rows: Callable[[], QuerySet[Any]]  # the base rows, already filtered to what counts
    # Path from a row to the enterprise it concerns ("supplier", "need__owner"); "" when the
    # row is the enterprise.
    enterprise: str
    date: str  # path to the date or datetime that places a row in a month
    # What to add up per cell; None counts rows. An expression over the row (Sum is applied).
    value: Callable[[], Combinable] | None = None
    nature: Nature = "flow"
    # An optional split of the fact (a state, a diagnosis area, an event): the path to a field,
    # and the labels of its values for pages and datasets.
    series: str | None = None
    series_labels: Callable[[], Mapping[str, str | Promise]] = field(default=lambda: {})
    # Where a row records its last change: the incremental refresh recomputes only the months
    # of rows changed since the last run. None: the fact is always refreshed in full.
    changed: str | None = None
    # May this fact's aggregates (after small-cell suppression) reach the open-data portal?
    # Facts over confidential fields (need details, clinic notes, bank data) say False.
    public: bool = True
    # Values shown as a mean (total / rows) rather than a total: days to fund, discount rate.
    mean: bool = False
    # Stored figures are in 1/scale of the unit, so they stay integers: a rate kept in basis
    # points is unit "percent" with scale 100, session time kept in minutes is "hours" with 60.
    scale: int = 1


class DaysBetween(Func):
    """Whole days from `start` to `end` (dates), in SQL on PostgreSQL and SQLite alike."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        start, end = self.get_source_expressions()
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        if connection.vendor == "postgresql":  # date - date is an integer of days
            sql = f"(CAST({end_sql} AS date) - CAST({start_sql} AS date))"
        else:  # julianday of two dates differs by an exact whole number
            sql = f"CAST(ROUND(julianday({end_sql}) - julianday({start_sql})) AS INTEGER)"
        return sql, (*end_params, *start_params)


def days_between(start: Any, end: Any) -> DaysBetween:
    """Days from `start` to `end`: field paths or expressions of dates; wrap a datetime in
    `local_date` so the day is the one on Tehran's calendar, not UTC's."""
    return DaysBetween(start, end)


def local_date(path: str) -> TruncDate:
    """The local (TIME_ZONE) calendar day of a datetime field, in SQL."""
    return TruncDate(path)
