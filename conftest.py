"""Shared test fixtures: reference data once per database, and a user for every role."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


pytest_plugins = ["karsaz.testing.fixtures"]
