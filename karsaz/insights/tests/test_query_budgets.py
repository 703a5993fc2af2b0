"""Query budgets of the dashboards and exports: the same count with N and 3N cells (and with
more provinces, parks, months and series among them)."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from karsaz.insights.tests.cube import AMOUNTS, ENTERPRISES, add_cell, cube_fixture, facts_fixture  # noqa: F401
from karsaz.registry.models import IndustrialPark, Province
from karsaz.testing.queries import N, assert_budgets, measure

pytestmark = pytest.mark.django_db

# session + user, then: the filter form's provinces, parks and divisions; the refresh dates;
# one GROUP BY for the headlines and one for the breakdown; the lookups of the labels
# (provinces, parks, divisions); a province or park page two more: to find it, and the
# country's figures beside its own. A dashboard reads the refresh generation (its cache key;
# the cube has none, so nothing is cached here: `test_pagecache` counts a cached page). A
# figure's page adds one GROUP BY per chart.
BUDGETS = {
    "national": 12,
    "province": 14,
    "park": 14,
    "figure": 16,
    "figure of a province": 18,
    "chart csv": 9,
    "dashboard xlsx": 11,
    "dashboard pdf": 13,
}


def _grow(k: int, offset: int) -> None:
    """k more cells of each fact, each in another province, park, month and series."""
    provinces = list(Province.objects.order_by("code"))
    parks = list(IndustrialPark.objects.filter(province__code="26").order_by("pk"))
    for i in range(offset, offset + k):
        province = provinces[i % len(provinces)]
        month = 140301 + (i % 12)
        add_cell(ENTERPRISES, month, province, firms=5 + i)
        add_cell(AMOUNTS, month, province, firms=5, total=1000 * i, series=f"s{i}")
        qazvin = Province.objects.get(code="26")
        add_cell(ENTERPRISES, month, qazvin, firms=5, park=parks[i % len(parks)])


def _targets(user: Any, park_id: int) -> dict[str, tuple[Client, str]]:
    client = Client()
    client.force_login(user)
    fact = reverse("insights:fact", args=["finance.amounts"])
    return {
        "national": (client, reverse("insights:home") + "?period=1404"),
        "province": (client, reverse("insights:province", args=["26"])),
        "park": (client, reverse("insights:park", args=[park_id])),
        "figure": (client, fact),
        "figure of a province": (client, fact + "?province=26"),
        "chart csv": (
            client,
            reverse("insights:chart_export", args=["finance.amounts", "months", "csv"]),
        ),
        "dashboard xlsx": (client, reverse("insights:export", args=["xlsx"])),
        "dashboard pdf": (client, reverse("insights:export", args=["pdf"]) + "?province=26"),
    }


def test_dashboards_cost_the_same_at_n_and_3n_cells(users, cube):  # type: ignore[no-untyped-def]
    targets = _targets(users.national, cube.park.pk)
    _grow(N, 0)
    small = measure(targets)
    _grow(2 * N, N)
    large = measure(targets)
    assert_budgets(small, large, BUDGETS)
