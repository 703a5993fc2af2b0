"""Small-cell suppression for figures shown to the public (and to non-staff users).

Primary: a cell behind fewer than `MIN_FIRMS` enterprises (`MIN_FIRMS_AMOUNT` for an amount in
rials, whose figure could be traced back to a firm's own books) is withheld. Complementary:
where the group's total is published, a single withheld cell could be recovered by
subtraction, so the smallest other cell is withheld too. Empty cells (no firm) reveal nothing
and stay.
"""

from typing import Any

MIN_FIRMS = 5
MIN_FIRMS_AMOUNT = 3


def threshold(unit: str) -> int:
    return MIN_FIRMS_AMOUNT if unit == "rials" else MIN_FIRMS


def suppress(rows: list[dict[str, Any]], *, unit: str) -> list[dict[str, Any]]:
    """Copies of `rows` ({key, rows, total, firms}) with "suppressed" set, and their figures
    set to None where it is true. The rows are assumed to add up to a published total."""
    limit = threshold(unit)
    hidden = {i for i, row in enumerate(rows) if 0 < row["firms"] < limit}
    if len(hidden) == 1:
        others = [i for i, row in enumerate(rows) if i not in hidden and row["firms"] > 0]
        if others:
            hidden.add(min(others, key=lambda i: (rows[i]["total"], rows[i]["firms"], i)))
    return [
        {**row, "suppressed": True, "rows": None, "total": None, "firms": None}
        if i in hidden
        else {**row, "suppressed": False}
        for i, row in enumerate(rows)
    ]


def suppress_total(row: dict[str, Any], *, unit: str) -> dict[str, Any]:
    """A figure shown on its own (a headline): withheld under the same threshold."""
    return suppress([row], unit=unit)[0]
