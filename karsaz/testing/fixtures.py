"""Fixtures every module's tests share: roles, enterprises and authenticated API clients.

Later modules add their own factories beside these and reuse `users` and `api_as`.
"""

from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from rest_framework.test import APIClient

from karsaz.accounts.choices import AgencyRole
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory


@pytest.fixture
def provinces(db: Any) -> SimpleNamespace:
    from karsaz.registry.models import Province

    return SimpleNamespace(
        qazvin=Province.objects.get(code="26"),
        tehran=Province.objects.get(code="23"),
        isfahan=Province.objects.get(code="10"),
    )


@pytest.fixture
def users(provinces: SimpleNamespace) -> SimpleNamespace:
    """One user per role; `sme_owner` owns `qazvin_sme`, `tehran_member` works at `tehran_sme`."""
    qazvin_sme = EnterpriseFactory(province=provinces.qazvin, kind=EnterpriseKind.SME)
    tehran_sme = EnterpriseFactory(province=provinces.tehran, kind=EnterpriseKind.SME)
    sme_owner = UserFactory(username="owner")
    MembershipFactory(user=sme_owner, enterprise=qazvin_sme, role=MembershipRole.OWNER)
    tehran_member = UserFactory(username="employee")
    MembershipFactory(user=tehran_member, enterprise=tehran_sme, role=MembershipRole.EMPLOYEE)
    return SimpleNamespace(
        admin=UserFactory(
            username="admin",
            agency_role=AgencyRole.NATIONAL_ADMIN,
            is_staff=True,
            is_superuser=True,
        ),
        national=UserFactory(username="national", agency_role=AgencyRole.NATIONAL_STAFF),
        qazvin_officer=UserFactory(
            username="qazvin", agency_role=AgencyRole.PROVINCIAL_STAFF, province=provinces.qazvin
        ),
        tehran_officer=UserFactory(
            username="tehran", agency_role=AgencyRole.PROVINCIAL_STAFF, province=provinces.tehran
        ),
        sme_owner=sme_owner,
        tehran_member=tehran_member,
        outsider=UserFactory(username="outsider"),
        qazvin_sme=qazvin_sme,
        tehran_sme=tehran_sme,
    )


@pytest.fixture
def api_as(db: Any) -> Callable[[Any], APIClient]:
    """`api_as(user)` is an API client signed in as that user (`None`: anonymous)."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def match_index(settings: Any, tmp_path: Any) -> Iterator[None]:
    """The technology matcher isolated for a test: its own index folder (never the repo's
    var/), changes seen at once, and the lexical stage only unless the test turns
    ``TECHNOLOGY_DENSE`` on."""
    from karsaz.technology import indexing

    settings.TECHNOLOGY_INDEX_DIR = str(tmp_path / "index")
    settings.TECHNOLOGY_FRESH_SECONDS = 0
    settings.TECHNOLOGY_DENSE = False
    indexing.reset()
    yield
    indexing.reset()


@pytest.fixture
def cached(settings: Any) -> Iterator[None]:
    """Panels cached for a minute (the test settings cache none), from an empty cache."""
    from django.core.cache import cache

    settings.KARSAZ_PANEL_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()
