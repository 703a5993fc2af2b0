"""The unfiltered browse page's facets are cached and dropped when a record changes."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from karsaz.registry.models import IsicActivity, Province
from karsaz.testing.factories_technology import make_need, tech_world

pytestmark = pytest.mark.django_db


def _browse(client: Client, url: str = "/technology/") -> tuple[int, list[dict[str, int]]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.context["facets"]["trl"]


def test_facets_are_cached_until_a_need_is_saved(
    cached: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        w = tech_world()
    client = Client()
    client.force_login(w.outsider)
    first, trl = _browse(client)
    assert trl == [{"value": 6, "n": 1}]
    second, again = _browse(client)
    # provinces, sectors, their titles, TRLs; and the filter form's province and sector choices
    assert (first - second, again) == (6, trl)
    with django_capture_on_commit_callbacks(execute=True):
        make_need(user=w.sme_user, enterprise=w.sme, target_trl=4)
    assert _browse(client)[1] == [{"value": 4, "n": 1}, {"value": 6, "n": 1}]


def test_a_filtered_page_counts_its_own_rows(
    cached: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        w = tech_world()
        make_need(user=w.sme_user, enterprise=w.sme, target_trl=4)
    client = Client()
    client.force_login(w.outsider)
    assert _browse(client)[1] == [{"value": 4, "n": 1}, {"value": 6, "n": 1}]
    assert _browse(client, "/technology/?target_trl=4")[1] == [{"value": 4, "n": 1}]


def _capability_facets(client: Client) -> dict[str, Any]:
    response = client.get("/technology/capabilities/")
    assert response.status_code == 200
    facets = response.context["facets"]
    return {
        "sectors": sorted((s["code"], s["n"]) for s in facets["sectors"]),
        "provinces": sorted((p["id"], p["n"]) for p in facets["provinces"]),
    }


def test_a_capability_s_sectors_or_its_enterprise_s_province_drop_them(
    cached: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        w = tech_world()
    client = Client()
    client.force_login(w.outsider)
    tehran = w.firm.province_id
    assert _capability_facets(client) == {
        "sectors": [("10", 1), ("22", 1)],
        "provinces": [(tehran, 2)],
    }
    with django_capture_on_commit_callbacks(execute=True):
        w.capability.sectors.set(IsicActivity.objects.filter(code="10"))
    assert _capability_facets(client)["sectors"] == [("10", 2)]
    qazvin = Province.objects.get(code="26")
    with django_capture_on_commit_callbacks(execute=True):
        w.firm.province = qazvin
        w.firm.save()
    assert _capability_facets(client)["provinces"] == sorted([(tehran, 1), (qazvin.pk, 1)])
