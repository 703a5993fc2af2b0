"""Shared test fixtures: reference data once per database, and a user for every role."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the default language: a request in English activates it for the
    thread (LocaleMiddleware does not undo it), which would reach the next test's direct calls."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


pytest_plugins = ["karsaz.testing.fixtures"]
