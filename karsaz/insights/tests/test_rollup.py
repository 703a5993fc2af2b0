"""Dashboards read the roll-up unless a park or an ISIC division is asked for, with the same
figures either way."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from karsaz.insights.selectors import Filters, breakdowns
from karsaz.insights.tests.cube import cube_fixture, facts_fixture  # noqa: F401


def _read(facts, slice_, by):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        got = breakdowns(list(facts.values()), slice_, by)
    tables = {t for q in queries for t in ("insights_rollup", "insights_cell") if t in q["sql"]}
    return got, tables


def test_a_province_breakdown_reads_the_rollup_with_the_cells_figures(cube, facts, provinces):  # type: ignore[no-untyped-def]
    got, tables = _read(facts, Filters(), "province")
    assert tables == {"insights_rollup"}
    enterprises = {row["key"]: (row["total"], row["firms"]) for row in got["registry.enterprises"]}
    assert enterprises == {
        provinces.isfahan.pk: (3, 3),
        provinces.qazvin.pk: (10, 10),
        provinces.tehran.pk: (20, 20),
    }


def test_a_park_or_division_reads_the_cells(cube, facts, provinces):  # type: ignore[no-untyped-def]
    _, by_park = _read(facts, Filters(province=provinces.qazvin.pk), "park")
    _, in_division = _read(facts, Filters(isic_division="10"), "size_class")
    assert by_park == in_division == {"insights_cell"}
