"""Counts of long lists: exact up to KARSAZ_EXACT_COUNT_LIMIT, PostgreSQL's estimate past it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from karsaz.accounts.choices import AgencyRole
from karsaz.core.pagination import Paginator, planner_estimate
from karsaz.registry.models import Enterprise, Province
from karsaz.testing.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


def analyze(table: str) -> None:
    """Fresh statistics, so the planner's estimate of a whole small table is its row count
    (ANALYZE counts the rows this test's transaction inserted)."""
    if POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")


def test_a_list_within_the_limit_is_counted_exactly(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KARSAZ_EXACT_COUNT_LIMIT = 31
    paginator = Paginator(Province.objects.all(), 10)
    assert (paginator.count, paginator.count_is_estimate, paginator.num_pages) == (31, False, 4)


def test_a_count_within_the_limit_reads_at_most_limit_plus_one_rows(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KARSAZ_EXACT_COUNT_LIMIT = 31
    with CaptureQueriesContext(connection) as queries:
        assert Paginator(Province.objects.order_by("name_fa"), 10).count == 31
    [count] = [q["sql"] for q in queries.captured_queries]
    assert "LIMIT 32" in count
    assert "ORDER BY" not in count  # ordering does not change a count: no sort to pay for


def test_past_the_limit_postgresql_estimates_and_others_count(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KARSAZ_EXACT_COUNT_LIMIT = 10
    analyze("registry_province")
    paginator = Paginator(Province.objects.all(), 10)
    # 31 either way: the estimate of a freshly analyzed whole table is its row count.
    assert (paginator.count, paginator.count_is_estimate) == (31, POSTGRES)
    assert planner_estimate(Province.objects.all()) == (31 if POSTGRES else None)


def test_an_estimate_is_never_below_what_was_counted(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.KARSAZ_EXACT_COUNT_LIMIT = 10
    # Stale statistics (as after a bulk import) can estimate fewer rows than the limit counted.
    monkeypatch.setattr("karsaz.core.pagination.planner_estimate", lambda queryset: 3)
    paginator = Paginator(Province.objects.all(), 10)
    assert (paginator.count, paginator.count_is_estimate, paginator.num_pages) == (11, True, 2)


def test_a_list_that_is_no_queryset_is_counted_by_len() -> None:
    paginator = Paginator(list(range(7)), 3)
    assert (paginator.count, paginator.count_is_estimate, paginator.num_pages) == (7, False, 3)


def _national() -> UserFactory:
    return UserFactory(username="pg-national", agency_role=AgencyRole.NATIONAL_STAFF)


def test_the_registry_page_says_about_when_its_count_is_an_estimate(settings) -> None:  # type: ignore[no-untyped-def]
    EnterpriseFactory.create_batch(3)
    analyze("registry_enterprise")
    settings.KARSAZ_EXACT_COUNT_LIMIT = 2
    client = Client()
    client.force_login(_national())
    html = client.get("/registry/").content.decode()
    assert ("حدود ۳ بنگاه" in html) is POSTGRES
    assert ("حدود" not in html) is not POSTGRES
    settings.KARSAZ_EXACT_COUNT_LIMIT = 3
    assert "حدود" not in client.get("/registry/").content.decode()


def test_the_api_says_whether_its_count_is_an_estimate(settings) -> None:  # type: ignore[no-untyped-def]
    EnterpriseFactory.create_batch(3)
    analyze("registry_enterprise")
    api = APIClient()
    api.force_authenticate(_national())
    body = api.get("/api/v1/enterprises/").json()
    assert (body["count"], body["count_is_estimate"], len(body["results"])) == (3, False, 3)
    settings.KARSAZ_EXACT_COUNT_LIMIT = 2
    body = api.get("/api/v1/enterprises/?page_size=2").json()
    assert (body["count"], body["count_is_estimate"]) == (Enterprise.objects.count(), POSTGRES)
    assert list(body) == ["count", "count_is_estimate", "next", "previous", "results"]


def test_the_schema_declares_count_is_estimate() -> None:
    api = APIClient()
    api.force_authenticate(_national())
    schema = api.get("/api/schema/?format=json").json()
    page = schema["components"]["schemas"]["PaginatedEnterpriseList"]
    assert page["required"] == ["count", "count_is_estimate", "results"]
    assert page["properties"]["count_is_estimate"]["type"] == "boolean"
