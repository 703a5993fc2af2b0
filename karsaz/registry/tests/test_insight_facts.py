"""The registry's insight facts: enterprises and employees by size class, kind and province."""

import datetime as dt

import pytest
from django.utils import timezone

from karsaz.insights import catalog
from karsaz.insights.selectors import Filters, breakdown
from karsaz.insights.services.refresh import refresh
from karsaz.registry.models import Province
from karsaz.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_enterprises_and_employees_by_size_kind_and_province() -> None:
    tehran = Province.objects.get(code="23")
    at = timezone.make_aware(dt.datetime(2025, 3, 1, 12))
    for employees, kind, province in [
        (4, "sme", None),
        (30, "sme", None),
        (45, "sme", tehran),
        (250, "anchor_buyer", tehran),
    ]:
        extra = {"province": province} if province else {}
        EnterpriseFactory(employees=employees, kind=kind, created_at=at, **extra)
    refresh(full=True, codes=["registry.enterprises", "registry.employees"])
    facts = catalog.facts()
    size = {
        r["key"]: (r["rows"], r["total"])
        for r in breakdown(facts["registry.employees"], Filters(), "size_class")
    }
    assert size == {"micro": (1, 4), "small": (2, 75), "large": (1, 250)}
    # Shares: small firms are half the enterprises and 75 / 329 of the jobs.
    [total] = breakdown(facts["registry.employees"], Filters())
    assert (total["rows"], total["total"], total["firms"]) == (4, 329, 4)
    kinds = {
        r["key"]: r["rows"] for r in breakdown(facts["registry.enterprises"], Filters(), "kind")
    }
    assert kinds == {"sme": 3, "anchor_buyer": 1}
    provinces = {
        r["key"]: r["total"] for r in breakdown(facts["registry.employees"], Filters(), "province")
    }
    assert provinces == {Province.objects.get(code="26").pk: 34, tehran.pk: 295}
