"""Every operation of the OpenAPI schema has a declared contract (karsaz.testing.api)."""

import importlib

import pytest
from rest_framework.test import APIClient

from karsaz.testing.api import schema_operations

APPS = (
    "registry", "finance", "technology", "clinics", "events", "capital", "insights",
    "notifications",
)  # fmt: skip
# Capital declares its contracts per area (readiness in test_api_contract, then the others).
MODULES = (
    *(f"karsaz.{app}.tests.test_api_contract" for app in APPS),
    "karsaz.capital.tests.test_dossier_api_contract",
    "karsaz.capital.tests.test_campaigns_api",
)


@pytest.mark.django_db
def test_every_schema_operation_has_a_contract() -> None:
    declared: set[str] = set()
    for name in MODULES:
        module = importlib.import_module(name)
        assert not declared & module.CONTRACT_OPERATIONS, name
        declared |= module.CONTRACT_OPERATIONS
    operations = schema_operations(APIClient())
    # capital: readiness, dossier, campaigns; insights: the open-data reads; notifications
    assert len(operations) == 110 + 17 + 12 + 15 + 3 + 4
    assert sorted(operations - declared) == []
    assert sorted(declared - operations) == []  # a contract for an operation that is gone
