"""Enterprise search and its trigram index (migration registry.0002, PostgreSQL only)."""

import importlib
import logging
from types import SimpleNamespace

import pytest
from django.db import connection

from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise
from karsaz.registry.selectors import enterprise_queryset, enterprise_search
from karsaz.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the pg_trgm index exists on PostgreSQL only; SQLite keeps the sequential scan",
)
migration = importlib.import_module("karsaz.registry.migrations.0002_enterprise_search_trgm")


def test_search_matches_persian_typed_with_arabic_letters() -> None:
    wanted = EnterpriseFactory(name_fa="کاشی یکتا")
    EnterpriseFactory(name_fa="فولاد البرز")
    EnterpriseFactory()
    # Arabic ي and ك, as Arabic keyboards type them, against the Persian ی and ک stored.
    found = enterprise_search(enterprise_queryset(), "كاشي يكتا")
    assert list(found) == [wanted]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's schema only")
def test_sqlite_schema_has_no_search_index() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "registry_enterprise")
    assert not [c for c in constraints.values() if c["columns"] == ["search_text"]]


@on_postgresql
def test_trigram_index_exists() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'registry_enterprise' "
            "AND indexname = %s",
            [migration.INDEX],
        )
        row = cursor.fetchone()
    assert row is not None
    assert "USING gin (search_text gin_trgm_ops)" in row[0]


@on_postgresql
def test_search_uses_trigram_index(provinces: SimpleNamespace) -> None:
    EnterpriseFactory(name_fa="کاشی یکتا")
    # Enough rows that the planner prefers the index to a sequential scan on its own.
    Enterprise.objects.bulk_create(
        Enterprise(
            name_fa=f"شرکت نمونه {n}",
            search_text=f" شرکت نمونه {n} ",
            kind=EnterpriseKind.SME,
            national_id=f"{90_000_000_000 + n:011d}",
            province=provinces.qazvin,
        )
        for n in range(5000)
    )
    with connection.cursor() as cursor:
        # Fresh rows wait in GIN's pending list, which the planner prices as a scan; VACUUM
        # (autovacuum in production) merges it, and this function does so inside a transaction.
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [migration.INDEX])
        cursor.execute("ANALYZE registry_enterprise")
    found = enterprise_search(enterprise_queryset(), "كاشي")
    plan = found.explain()
    assert f"Bitmap Index Scan on {migration.INDEX}" in plan, plan
    assert [e.name_fa for e in found] == ["کاشی یکتا"]


@on_postgresql
def test_failed_statement_is_skipped_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    broken = "CREATE INDEX no_such_index ON registry_enterprise USING gin (search_text no_ops)"
    with connection.schema_editor(atomic=False) as schema_editor, caplog.at_level(logging.WARNING):
        assert migration.attempt(schema_editor, broken) is False
    assert "without the trigram index" in caplog.text
    # The savepoint rolled back alone: the surrounding transaction still answers.
    assert enterprise_queryset().count() >= 0
