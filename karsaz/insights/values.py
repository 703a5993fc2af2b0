"""The one value rule: the figure a fact's added-up cells stand for, in the fact's unit.

Dashboards, charts, exports and the open-data tables all show this, so a figure reads the same
everywhere. Stored totals are whole numbers at 1/scale of the unit (basis points for a percent,
minutes for hours). A plain total at scale 1 is the stored integer; a mean, or a scaled figure,
is a Decimal rounded half up to two places (scale 100 and more) or one; rials stay whole (an
int, rounded half up). Never a float. A mean over no rows is None: there is no such figure.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from karsaz.core.facts import Fact


def figure(fact: Fact, cell: Mapping[str, Any]) -> int | Decimal | None:
    """`cell` holds `rows` and `total` (a cell, a breakdown's row, a table's slab)."""
    total = cell.get("total")
    if total is None:
        return None
    if not fact.mean and fact.scale == 1:
        return int(total)
    rows = int(cell.get("rows") or 0)
    if fact.mean and rows == 0:
        return None
    return ratio(int(total), rows if fact.mean else 1, unit=fact.unit, scale=fact.scale)


def ratio(total: int, rows: int, *, unit: str, scale: int = 1) -> int | Decimal:
    """total / rows / scale by the rule above: whole rials, else one or two places."""
    exact = Decimal(total) / Decimal(rows) / Decimal(scale)
    if unit == "rials":
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    places = Decimal("0.01") if scale >= 100 else Decimal("0.1")
    return exact.quantize(places, rounding=ROUND_HALF_UP)
