"""The one value rule (`values.figure`), read by the dashboards, the exports and open data."""

from decimal import Decimal

import pytest

from karsaz.insights import values
from karsaz.insights.opendata import tables
from karsaz.testing.factories_opendata import fact

COUNT = fact("t.count")
RIALS = fact("t.rials", unit="rials")
MEAN_RIALS = fact("t.mean_rials", unit="rials", mean=True)
DAYS = fact("t.days", unit="days", mean=True)
RATE = fact("t.rate", unit="percent", mean=True, scale=100)  # stored in basis points
HOURS = fact("t.hours", unit="hours", scale=60)  # stored in minutes


@pytest.mark.parametrize(
    ("the_fact", "rows", "total", "expected"),
    [
        (COUNT, 3, 12, 12),
        (RIALS, 2, 7_000_000, 7_000_000),
        (MEAN_RIALS, 3, 10, 3),  # 3.33… rials: whole
        (MEAN_RIALS, 2, 5, 3),  # 2.5 rials: half up, not to even
        (DAYS, 2, 5, Decimal("2.5")),
        (DAYS, 4, 1, Decimal("0.3")),  # 0.25: half up (a float's round() gives 0.2)
        (DAYS, 8, 1, Decimal("0.1")),
        (RATE, 3, 5000, Decimal("16.67")),  # 5,000 bp over 3 rows: 16.666…%
        (RATE, 1, 1850, Decimal("18.50")),
        (HOURS, 7, 90, Decimal("1.5")),
        (HOURS, 1, 100, Decimal("1.7")),
        (DAYS, 0, 0, None),  # a mean over nothing is no figure
        (COUNT, 0, 0, 0),
    ],
)
def test_the_value_rule(the_fact, rows, total, expected):  # type: ignore[no-untyped-def]
    got = values.figure(the_fact, {"rows": rows, "total": total})
    assert got == expected
    assert type(got) is type(expected)  # never a float


def test_a_missing_total_is_no_figure() -> None:
    assert values.figure(COUNT, {"rows": 1, "total": None}) is None


def test_the_open_data_tables_use_the_same_rule() -> None:
    assert not hasattr(tables, "_value")
    assert tables.figure is values.figure
