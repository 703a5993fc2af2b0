"""Replica reads: only replica-safe selectors, only in a GET of a browser that has not just
written, and never for writes. (The alias is named, not connected: `.db` is where a queryset
would run.)"""

from typing import Any

import pytest
from django.db import router
from django.test import Client, RequestFactory

from karsaz.accounts.choices import AgencyRole
from karsaz.core.dbrouter import PIN_COOKIE, PrimaryPinMiddleware, read_alias, replica_safe
from karsaz.registry import selectors
from karsaz.registry.models import Province
from karsaz.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@replica_safe
def provinces() -> Any:
    return Province.objects.all()


@replica_safe
def where_eager_reads_go() -> str:
    return router.db_for_read(Province)


def _through_middleware(method: str, *, cookies: dict[str, str] | None = None) -> Any:
    """What a view sees for a request of `method`: where reads go, and the response."""
    seen: dict[str, str] = {}

    def view(request: Any) -> Any:
        from django.http import HttpResponse

        seen["lazy"] = provinces().db
        seen["eager"] = where_eager_reads_go()
        seen["plain"] = Province.objects.all().db
        return HttpResponse("ok")

    request = getattr(RequestFactory(), method.lower())("/")
    request.COOKIES.update(cookies or {})
    return seen, PrimaryPinMiddleware(view)(request)


@pytest.fixture
def replica(settings: Any) -> Any:
    settings.KARSAZ_READ_REPLICA = "replica"
    settings.KARSAZ_REPLICA_PIN_SECONDS = 7
    return settings


def test_a_get_reads_replica_safe_selectors_from_the_replica(replica: Any) -> None:
    seen, response = _through_middleware("GET")
    assert seen == {"lazy": "replica", "eager": "replica", "plain": "default"}
    assert PIN_COOKIE not in response.cookies


def test_a_post_reads_the_primary_and_pins_the_browser_to_it(replica: Any) -> None:
    seen, response = _through_middleware("POST")
    assert seen == {"lazy": "default", "eager": "default", "plain": "default"}
    cookie = response.cookies[PIN_COOKIE]
    assert (cookie.value, cookie["max-age"], cookie["httponly"]) == ("1", 7, True)


def test_a_pinned_browser_reads_the_primary(replica: Any) -> None:
    seen = _through_middleware("GET", cookies={PIN_COOKIE: "1"})[0]
    assert seen == {"lazy": "default", "eager": "default", "plain": "default"}


def test_without_a_replica_everything_reads_the_primary_and_nothing_is_pinned() -> None:
    seen = _through_middleware("GET")[0]
    assert seen == {"lazy": "default", "eager": "default", "plain": "default"}
    assert PIN_COOKIE not in _through_middleware("POST")[1].cookies


def test_outside_a_request_reads_go_to_the_primary(replica: Any) -> None:
    # Tasks, commands and services read what they are about to change.
    assert (read_alias(), provinces().db) == ("default", "default")


def test_writes_go_to_the_primary_even_for_an_object_read_from_the_replica(replica: Any) -> None:
    province = Province.objects.first()
    province._state.db = "replica"  # as if read from the replica
    assert router.db_for_write(Province, instance=province) == "default"
    assert router.allow_migrate("replica", "registry") is False


def test_the_registry_directory_is_replica_safe(replica: Any) -> None:
    user = UserFactory(username="rr-national", agency_role=AgencyRole.NATIONAL_STAFF)
    seen: dict[str, str] = {}

    def view(request: Any) -> Any:
        from django.http import HttpResponse

        seen["directory"] = selectors.enterprise_directory(user=user).db
        return HttpResponse("ok")

    PrimaryPinMiddleware(view)(RequestFactory().get("/"))
    assert seen == {"directory": "replica"}


def test_the_middleware_is_installed(replica: Any) -> None:
    user = UserFactory(username="rr-writer")
    client = Client()
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.cookies[PIN_COOKIE].value == "1"
