"""Facts and stored cells for the open-data tests: the portal reads only `insights.Cell`, so a
test writes the cells it wants and swaps the catalog's facts (monkeypatching
`karsaz.insights.catalog.facts`)."""

from typing import Any

import pytest

from karsaz.core.facts import Fact
from karsaz.insights.models import Cell
from karsaz.registry.models import Province


def no_rows() -> Any:
    """A fact's base rows: the portal must never ask for them."""
    raise AssertionError("the open-data portal read a programme's rows")


def fact(code: str, **options: Any) -> Fact:
    defaults: dict[str, Any] = {
        "label": code,
        "definition": f"Definition of {code}.",
        "unit": "count",
        "rows": no_rows,
        "enterprise": "",
        "date": "created_at",
    }
    return Fact(code=code, **{**defaults, **options})


def use_facts(monkeypatch: pytest.MonkeyPatch, *facts: Fact) -> None:
    found = {f.code: f for f in facts}
    monkeypatch.setattr("karsaz.insights.catalog.facts", lambda: found)


def cell(
    code: str,
    month: int,
    province: str,
    *,
    firms: int,
    total: int | None = None,
    rows: int | None = None,
    size_class: str = "small",
    kind: str = "sme",
    isic_division: str = "",
    series: str = "",
) -> Cell:
    """One stored cell; `total` and `rows` default to `firms` (a count)."""
    return Cell.objects.create(
        fact=code,
        month=month,
        province=Province.objects.get(code=province),
        isic_division=isic_division,
        size_class=size_class,
        kind=kind,
        series=series,
        rows=firms if rows is None else rows,
        total=firms if total is None else total,
        firms=firms,
    )
