"""Small-cell suppression: primary, complementary in one and two dimensions, zero cells and the
published total (figures hand-computed)."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from karsaz.insights.suppression import ALL, suppress, suppress_table, suppress_total


def row(key: str, firms: int, total: int | None = None) -> dict[str, object]:
    return {"key": key, "rows": firms, "total": firms if total is None else total, "firms": firms}


def shown(rows: list[dict[str, object]]) -> dict[object, object]:
    return {r["key"]: r["total"] for r in rows}


# ---------------------------------------------------------------- one breakdown (suppress)


def test_no_small_cell_publishes_everything() -> None:
    rows = suppress([row("a", 5), row("b", 9)], unit="count")
    assert shown(rows) == {"a": 5, "b": 9}
    assert [r["suppressed"] for r in rows] == [False, False]


def test_a_small_cell_and_its_smallest_complement_are_withheld() -> None:
    rows = suppress([row("a", 4), row("b", 9), row("c", 6), row("d", 20)], unit="count")
    assert shown(rows) == {"a": None, "b": 9, "c": None, "d": 20}
    assert rows[0] == {"key": "a", "rows": None, "total": None, "firms": None, "suppressed": True}


def test_two_small_cells_protect_each_other() -> None:
    rows = suppress([row("a", 1), row("b", 2), row("c", 30)], unit="count")
    assert shown(rows) == {"a": None, "b": None, "c": 30}


def test_zero_cells_stay_and_are_never_the_complement() -> None:
    rows = suppress([row("a", 0), row("b", 3), row("c", 0), row("d", 12)], unit="count")
    assert shown(rows) == {"a": 0, "b": None, "c": 0, "d": None}


def test_rials_are_withheld_below_three_firms() -> None:
    rows = suppress([row("a", 2, 900), row("b", 3, 70_000), row("c", 4, 50_000)], unit="rials")
    assert shown(rows) == {"a": None, "b": 70_000, "c": None}
    assert shown(suppress([row("a", 3, 900), row("b", 4, 80)], unit="rials")) == {"a": 900, "b": 80}


def test_a_headline_is_withheld_alone() -> None:
    assert suppress_total(row(None, 4), unit="count")["total"] is None  # type: ignore[arg-type]
    assert suppress_total(row(None, 5), unit="count")["total"] == 5  # type: ignore[arg-type]
    assert suppress_total(row(None, 0), unit="count")["total"] == 0  # type: ignore[arg-type]


# ---------------------------------------------------------------- tables with margins


def table(inner: dict[tuple[str, ...], int]) -> dict[tuple[str, ...], dict[str, int]]:
    """The inner cells (firms = total) with every margin added up."""
    width = len(next(iter(inner)))
    cells: dict[tuple[str, ...], dict[str, int]] = {}
    for key, firms in inner.items():
        for mask in itertools.product((False, True), repeat=width):
            at = tuple(ALL if m else part for m, part in zip(mask, key, strict=True))
            into = cells.setdefault(at, {"firms": 0, "total": 0})
            into["firms"] += firms
            into["total"] += firms
    return cells


def test_one_dimension_withholds_a_complement_not_the_published_total() -> None:
    cells = table({("a",): 2, ("b",): 7, ("c",): 11})
    assert suppress_table(cells, unit="count") == {("a",), ("b",)}


def test_the_total_is_withheld_when_nothing_else_can_protect_the_cell() -> None:
    cells = table({("a",): 3, ("b",): 0, ("c",): 0})
    # The total equals the one cell: it fails the threshold itself.
    assert suppress_table(cells, unit="count") == {("a",), (ALL,)}


def test_two_dimensions_withhold_until_every_row_and_column_is_safe() -> None:
    #        c1   c2  | all
    #   r1    2   10  |  12
    #   r2    8    9  |  17
    #   r3    7    6  |  13
    #   all  17   25  |  42
    cells = table(
        {
            ("r1", "c1"): 2,
            ("r1", "c2"): 10,
            ("r2", "c1"): 8,
            ("r2", "c2"): 9,
            ("r3", "c1"): 7,
            ("r3", "c2"): 6,
        }
    )
    hidden = suppress_table(cells, unit="count")
    # r1c1 is small; r1c2 closes row r1; in column c1 the smaller r3c1, and r3c2 then closes
    # both row r3 and column c2 at once: four cells, every margin published.
    assert hidden == {("r1", "c1"), ("r1", "c2"), ("r3", "c1"), ("r3", "c2")}
    assert_every_line_safe(cells, hidden)


def test_a_margin_that_is_itself_small_is_protected_in_its_own_line() -> None:
    #        c1   c2  | all
    #   r1    2    1  |   3   (the row's total is small too)
    #   r2    9   12  |  21
    cells = table({("r1", "c1"): 2, ("r1", "c2"): 1, ("r2", "c1"): 9, ("r2", "c2"): 12})
    hidden = suppress_table(cells, unit="count")
    # r1's margin (3 firms) fails on its own; in the margin column, (all, all) = r1 + r2, so r2's
    # total goes too; then each column has two withheld (r1 and r2), the totals stay.
    assert hidden == {
        ("r1", "c1"),
        ("r1", "c2"),
        ("r1", ALL),
        ("r2", "c1"),
        ("r2", "c2"),
        ("r2", ALL),
    }
    assert_every_line_safe(cells, hidden)


def test_zero_cells_are_published_in_a_table() -> None:
    cells = table({("r1", "c1"): 0, ("r1", "c2"): 20, ("r2", "c1"): 15, ("r2", "c2"): 0})
    assert suppress_table(cells, unit="count") == frozenset()


def test_withhold_adds_cells_known_to_be_disclosive() -> None:
    cells = table({("a",): 20, ("b",): 30, ("c",): 40})
    assert suppress_table(cells, unit="count", withhold=[("b",)]) == {("a",), ("b",)}


def assert_every_line_safe(
    cells: dict[tuple[str, ...], dict[str, int]], hidden: frozenset[tuple[str, ...]]
) -> None:
    """No line (a row or a column with its total) has exactly one withheld non-empty cell, and
    every small cell is withheld."""
    width = len(next(iter(cells)))
    for key, cell in cells.items():
        if 0 < cell["firms"] < 5:
            assert key in hidden, key
    for axis in range(width):
        lines: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for key in cells:
            lines.setdefault(key[:axis] + key[axis + 1 :], []).append(key)
        for line in lines.values():
            assert sum(k in hidden for k in line) != 1, (line, sorted(hidden))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.lists(st.lists(st.integers(0, 12), min_size=2, max_size=5), min_size=2, max_size=5).filter(
        lambda grid: len({len(r) for r in grid}) == 1
    )
)
def test_any_two_dimensional_table_ends_with_every_line_safe(grid: list[list[int]]) -> None:
    inner = {(f"r{i}", f"c{j}"): firms for i, r in enumerate(grid) for j, firms in enumerate(r)}
    cells = table(inner)
    assert_every_line_safe(cells, suppress_table(cells, unit="count"))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 9), min_size=12, max_size=12))
def test_any_three_dimensional_table_ends_with_every_line_safe(firms: list[int]) -> None:
    """Size x kind x series, 2 x 3 x 2, with every margin (the datasets' widest shape)."""
    keys = itertools.product(("s1", "s2"), ("k1", "k2", "k3"), ("a", "b"))
    cells = table(dict(zip(keys, firms, strict=True)))
    assert_every_line_safe(cells, suppress_table(cells, unit="count"))
