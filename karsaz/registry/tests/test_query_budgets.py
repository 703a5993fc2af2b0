"""Query budgets for the registry's API and pages: the count does not grow with the rows."""

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from karsaz.accounts.choices import AgencyRole
from karsaz.registry import services
from karsaz.registry.choices import MembershipRole
from karsaz.registry.models import IndustrialPark, IsicActivity, Province
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory
from karsaz.testing.queries import N, assert_budgets, measure

pytestmark = pytest.mark.django_db

BUDGETS = {
    "api enterprise list": 2,
    "api enterprise detail": 1,
    "api province list": 1,
    "api park list": 2,
    "api isic list": 2,
    "page enterprise list": 6,
    "page enterprise detail": 4,
    "page enterprise history": 4,
}


def _world() -> SimpleNamespace:
    w = SimpleNamespace(qazvin=Province.objects.get(code="26"))
    w.national = UserFactory(username="qb-national", agency_role=AgencyRole.NATIONAL_STAFF)
    w.owner = UserFactory(username="qb-owner")
    w.first = EnterpriseFactory(province=w.qazvin)
    MembershipFactory(user=w.owner, enterprise=w.first, role=MembershipRole.OWNER)
    return w


def _grow(w: SimpleNamespace, k: int) -> None:
    """k more enterprises (each with a member, a park and an activity), k more members and
    k more history records on the enterprise whose detail is measured."""
    park = IndustrialPark.objects.filter(province=w.qazvin).first()
    isic = IsicActivity.objects.filter(code="22").first()
    for _ in range(k):
        e = EnterpriseFactory(province=w.qazvin, park=park, isic=isic)
        MembershipFactory(enterprise=e)
        MembershipFactory(enterprise=w.first, role=MembershipRole.EMPLOYEE)
        services.enterprise_update(
            user=w.national, enterprise=w.first, data={"employees": w.first.employees + 1}
        )
        w.first.refresh_from_db()


def _targets(w: SimpleNamespace) -> dict[str, tuple[Any, str]]:
    api = APIClient()
    api.force_authenticate(w.national)
    page = Client()
    page.force_login(w.national)
    pk = w.first.pk
    return {
        "api enterprise list": (api, "/api/v1/enterprises/"),
        "api enterprise detail": (api, f"/api/v1/enterprises/{pk}/"),
        "api province list": (api, "/api/v1/provinces/"),
        "api park list": (api, "/api/v1/parks/"),
        "api isic list": (api, "/api/v1/isic/"),
        "page enterprise list": (page, "/registry/"),
        "page enterprise detail": (page, f"/registry/{pk}/"),
        "page enterprise history": (page, f"/registry/{pk}/history/"),
    }


def test_registry_queries_do_not_grow_with_rows() -> None:
    w = _world()
    _grow(w, N)
    small = measure(_targets(w))
    _grow(w, 2 * N)
    large = measure(_targets(w))
    assert_budgets(small, large, BUDGETS)
