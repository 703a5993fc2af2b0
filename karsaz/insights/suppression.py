"""Small-cell suppression for figures shown to the public (and to non-staff users).

Primary: a cell behind fewer than `MIN_FIRMS` enterprises (`MIN_FIRMS_AMOUNT` for an amount in
rials, whose figure could be traced back to a firm's own books) is withheld. Complementary:
where the group's total is published, a single withheld cell could be recovered by
subtraction, so the smallest other cell is withheld too. Empty cells (no firm) reveal nothing
and stay.

`suppress` protects one breakdown against its total (a chart); `suppress_table` protects a
table of several dimensions published with all its margins (an open dataset), where a withheld
cell could be recovered from its row or its column, or from a margin.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
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


# The key of a margin: the total over every value of that dimension ("all provinces").
ALL = "*"


def suppress_table(
    cells: Mapping[tuple[str, ...], Mapping[str, Any]],
    *,
    unit: str,
    withhold: Iterable[tuple[str, ...]] = (),
) -> frozenset[tuple[str, ...]]:
    """The keys to withhold in an n-dimensional table published with its margins.

    `cells` maps a key (one value per dimension, `ALL` for a margin) to {"firms", "total"};
    every combination of values and `ALL` is expected, an absent key counts as empty. Each
    line of the table (all values of one dimension, the others fixed, plus its `ALL` total)
    is an equation a reader can solve for a single unknown, so after the primary rule the
    complementary one repeats until every line has no withheld cell or at least two.
    `withhold` adds cells the caller knows to be disclosive on other grounds (a stock's small
    increment). The complement is chosen by `_cost`.
    """
    limit = threshold(unit)
    hidden = {key for key, cell in cells.items() if 0 < cell["firms"] < limit}
    hidden.update(key for key in withhold if key in cells)
    lines = _lines(cells)
    through: dict[tuple[str, ...], list[int]] = defaultdict(list)  # key -> its lines
    for index, line in enumerate(lines):
        for key in line:
            through[key].append(index)

    def exposed(index: int) -> bool:
        return sum(key in hidden for key in lines[index]) == 1

    changed = True
    while changed:
        changed = False
        for index, line in enumerate(lines):
            if not exposed(index):
                continue
            candidates = [key for key in line if key not in hidden and cells[key]["firms"] > 0]
            if not candidates:
                continue  # nothing published and non-empty is left (a line without its margin)

            def cost(key: tuple[str, ...], index: int = index) -> tuple[Any, ...]:
                # Inner cells before margins; then a cell whose other lines already withhold
                # one (it closes them) before one that would expose a new line; then the
                # smallest figure.
                fresh = sum(
                    not any(k in hidden for k in lines[other])
                    for other in through[key]
                    if other != index
                )
                margins = sum(part == ALL for part in key)
                return (margins, fresh, cells[key]["total"], cells[key]["firms"], key)

            hidden.add(min(candidates, key=cost))
            changed = True
    return frozenset(hidden)


def _lines(cells: Mapping[tuple[str, ...], Any]) -> list[list[tuple[str, ...]]]:
    """Every line of the table: the keys that differ only in one dimension, by dimension."""
    grouped: dict[tuple[int, tuple[str, ...]], list[tuple[str, ...]]] = defaultdict(list)
    for key in sorted(cells):
        for axis in range(len(key)):
            grouped[(axis, key[:axis] + key[axis + 1 :])].append(key)
    return [line for line in grouped.values() if len(line) > 1]
