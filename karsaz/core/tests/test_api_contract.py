"""Every operation of the OpenAPI schema has a declared contract (karsaz.testing.api)."""

import importlib

import pytest
from rest_framework.test import APIClient

from karsaz.testing.api import schema_operations

APPS = ("registry", "finance", "technology", "clinics", "events", "capital")


@pytest.mark.django_db
def test_every_schema_operation_has_a_contract() -> None:
    declared: set[str] = set()
    for app in APPS:
        module = importlib.import_module(f"karsaz.{app}.tests.test_api_contract")
        assert not declared & module.CONTRACT_OPERATIONS, app
        declared |= module.CONTRACT_OPERATIONS
    operations = schema_operations(APIClient())
    assert len(operations) == 124  # capital campaigns: 15
    assert sorted(operations - declared) == []
    assert sorted(declared - operations) == []  # a contract for an operation that is gone
