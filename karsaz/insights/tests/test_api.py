"""The public open-data API: anonymous reads of the portal's datasets, the same filters and the
same suppression, 400 with field codes, 404 for an unknown dataset, throttled."""

import json
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from karsaz.testing.factories_opendata import cell, fact, use_facts

VISITS = fact("test.visits", label="Visits", unit="count")
SECRET = fact("test.notes", public=False)
ROWS = "/api/v1/open/datasets/test.visits.by-province/rows/"


@pytest.fixture(autouse=True)
def fresh_throttle() -> None:
    cache.clear()  # the throttle's counts live in the cache


@pytest.fixture
def visits(monkeypatch: pytest.MonkeyPatch, provinces: Any) -> None:
    use_facts(monkeypatch, VISITS, SECRET)
    cell("test.visits", 140201, "23", firms=4)
    cell("test.visits", 140201, "10", firms=10)
    cell("test.visits", 140203, "26", firms=6, total=7, rows=7)
    cell("test.notes", 140201, "10", firms=10)


@pytest.mark.django_db
def test_anonymous_callers_list_the_public_datasets(visits: None) -> None:
    response = APIClient().get("/api/v1/open/datasets/")
    assert response.status_code == 200
    assert [d["code"] for d in response.json()] == [
        "test.visits.by-province",
        "test.visits.by-size-kind",
        "test.visits.by-activity",
    ]


@pytest.mark.django_db
def test_a_datasets_metadata(visits: None) -> None:
    response = APIClient().get("/api/v1/open/datasets/test.visits.by-size-kind/")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == {"fa": "Visits به تفکیک اندازه، نوع بنگاه و سال",
                             "en": "Visits by size class, enterprise kind and year"}  # fmt: skip
    assert body["dimensions"] == ["year", "size_class", "kind"]
    assert body["temporal"] == {"start": "1402-01", "end": "1402-03"}
    assert body["licence"] == {"name": "CC BY 4.0",
                               "url": "https://creativecommons.org/licenses/by/4.0/"}  # fmt: skip
    assert body["frequency"] == "DAILY"
    assert body["distributions"] == {
        "csv": "http://testserver/open/datasets/test.visits.by-size-kind/data.csv",
        "json": "http://testserver/open/datasets/test.visits.by-size-kind/data.json",
    }
    assert (body["unit"], body["nature"], body["mean"]) == ("count", "flow", False)


@pytest.mark.django_db
def test_rows_are_filtered_and_suppressed_as_on_the_portal(client: Any, visits: None) -> None:
    response = APIClient().get(ROWS, {"province": "23"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1, "next": None, "previous": None,
        "dataset": "test.visits.by-province",
        "columns": ["year", "province", "province_label", "value", "withheld"],
        "results": [{"year": 1402, "province": "23", "province_label": "Tehran", "value": None,
                     "withheld": True}],
    }  # fmt: skip
    everything = APIClient().get(ROWS).json()["results"]
    portal = json.loads(client.get("/open/datasets/test.visits.by-province/data.json").content)
    assert everything == portal["rows"]
    shown = {r["province"]: r["value"] for r in everything if r["value"] or r["withheld"]}
    # Tehran's 4 firms are withheld, and Qazvin (7) as the complement; the total stays.
    assert shown == {"IR": 21, "10": 10, "23": None, "26": None}


@pytest.mark.django_db
def test_rows_come_in_pages_after_suppression(visits: None) -> None:
    """The whole table is suppressed, then paged: the national total and 31 provinces for
    1402, 32 rows in pages of 10 (the last has 2), each page the same rows as the whole."""
    whole = APIClient().get(ROWS, {"page_size": "500"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert whole["count"] == 32 and len(whole["results"]) == 32 and whole["next"] is None
    first = APIClient().get(ROWS, {"page_size": "10"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert (first["count"], len(first["results"]), first["previous"]) == (32, 10, None)
    assert first["next"] == "http://testserver" + ROWS + "?page=2&page_size=10"
    last = APIClient().get(ROWS, {"page_size": "۱۰", "page": "4"}, HTTP_ACCEPT_LANGUAGE="en")
    body = last.json()
    assert (body["count"], len(body["results"]), body["next"]) == (32, 2, None)
    assert body["previous"] == "http://testserver" + ROWS + "?page=3&page_size=%DB%B1%DB%B0"
    assert body["columns"] == whole["columns"]
    pages = [
        APIClient().get(ROWS, {"page_size": "10", "page": str(n)}).json()["results"]
        for n in (1, 2, 3, 4)
    ]
    assert [row for page in pages for row in page] == APIClient().get(
        ROWS, {"page_size": "500"}
    ).json()["results"]
    # Withheld cells stay withheld on whichever page they fall.
    withheld = {r["province"] for r in whole["results"] if r["withheld"]}
    assert withheld == {"23", "26"}


@pytest.mark.django_db
def test_a_bad_page_or_page_size_is_an_error_not_a_500(visits: None) -> None:
    response = APIClient().get(ROWS, {"page_size": "0"})
    assert response.status_code == 400
    assert [e["code"] for e in response.json()["page_size"]] == ["invalid"]
    assert APIClient().get(ROWS, {"page": "99"}).status_code == 404


@pytest.mark.django_db
def test_bad_filters_answer_400_with_field_codes(visits: None) -> None:
    response = APIClient().get(ROWS, {"start": "1402-13", "end": "x", "province": "99",
                                      "kind": "sme"})  # fmt: skip
    assert response.status_code == 400
    body = response.json()
    assert {field: [e["code"] for e in errors] for field, errors in body.items()} == {
        "start": ["invalid_month"],
        "end": ["invalid_period"],
        "province": ["unknown_value"],
        "kind": ["not_a_dimension"],
    }
    assert body["start"][0]["message"] == (
        "ماه ۱۳ در تقویم شمسی وجود ندارد: ماه‌ها از ۱ تا ۱۲ هستند."
    )
    english = APIClient().get(ROWS, {"start": "1403", "end": "1402"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json() == {"end": [{"message": "The end of the period comes before its start.",
                                       "code": "period_reversed"}]}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/open/datasets/nope/",
        "/api/v1/open/datasets/nope/rows/",
        "/api/v1/open/datasets/test.notes.by-province/",
        "/api/v1/open/datasets/test.notes.by-province/rows/",
    ],
)
def test_an_unknown_or_private_dataset_is_a_404(visits: None, url: str) -> None:
    assert APIClient().get(url).status_code == 404


@pytest.mark.django_db
def test_anonymous_callers_are_throttled_at_the_open_data_rate(
    visits: None, settings: Any, users: Any
) -> None:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "open_data": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    anonymous = APIClient()
    assert [anonymous.get(ROWS).status_code for _ in range(3)] == [200, 200, 429]
    assert anonymous.get("/api/v1/open/datasets/").status_code == 429
    signed_in = APIClient()
    signed_in.force_authenticate(users.outsider)  # counted at the user rate instead
    assert [signed_in.get(ROWS).status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.django_db
def test_the_operations_are_in_the_openapi_schema() -> None:
    paths = APIClient().get("/api/schema/?format=json").json()["paths"]
    rows = paths["/api/v1/open/datasets/{code}/rows/"]["get"]
    assert {p["name"] for p in rows["parameters"]} == {
        "code", "start", "end", "province", "size_class", "kind", "isic_division", "series",
        "page", "page_size",
    }  # fmt: skip
    assert set(rows["responses"]) == {"200", "400", "404", "429"}
    assert "/api/v1/open/datasets/" in paths and "/api/v1/open/datasets/{code}/" in paths
