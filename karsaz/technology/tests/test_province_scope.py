"""Province-scoped access to needs follows the owning enterprise's province, never the
``province`` field the owner picks (issue 11, finding 10)."""

from typing import Any

import pytest
from django.test import Client

from karsaz.accounts.choices import AgencyRole
from karsaz.registry.models import Province
from karsaz.technology.choices import RecordStatus
from karsaz.technology.models import TechnologyNeed
from karsaz.testing.factories import UserFactory
from karsaz.testing.factories_technology import make_need

pytestmark = pytest.mark.django_db
SECRET = "خودروساز محرمانه"


@pytest.fixture
def elsewhere(world: Any) -> Any:
    """The Qazvin SME's need says the work happens in Tehran; a Tehran officer is at hand."""
    tehran = Province.objects.get(code="23")
    world.tehran_officer = UserFactory(
        username=f"t-tehran-{world.sme.pk}",
        agency_role=AgencyRole.PROVINCIAL_STAFF,
        province=tehran,
    )
    world.need = make_need(user=world.sme_user, enterprise=world.sme, province=tehran)
    assert world.need.province_id == tehran.pk != world.sme.province_id
    return world


def _html(user: Any, url: str) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("status", [RecordStatus.OPEN, RecordStatus.CLOSED])
def test_the_enterprise_province_officer_reads_the_confidential_details(
    elsewhere: Any, api_as: Any, status: str
) -> None:
    TechnologyNeed.objects.filter(pk=elsewhere.need.pk).update(status=status)
    url = f"/api/v1/needs/{elsewhere.need.pk}/"
    response = api_as(elsewhere.qazvin_officer).get(url)
    assert response.status_code == 200
    assert response.json()["confidential_details"] == "نام مشتری اصلی: " + SECRET
    code, html = _html(elsewhere.qazvin_officer, f"/technology/needs/{elsewhere.need.pk}/")
    assert code == 200 and SECRET in html


def test_the_need_province_officer_sees_only_the_public_card_of_an_open_need(
    elsewhere: Any, api_as: Any
) -> None:
    response = api_as(elsewhere.tehran_officer).get(f"/api/v1/needs/{elsewhere.need.pk}/")
    assert response.status_code == 200
    assert "confidential_details" not in response.json()
    assert SECRET not in api_as(elsewhere.tehran_officer).get("/api/v1/needs/").content.decode()
    code, html = _html(elsewhere.tehran_officer, f"/technology/needs/{elsewhere.need.pk}/")
    assert code == 200 and SECRET not in html


def test_the_need_province_officer_does_not_find_a_closed_need(elsewhere: Any, api_as: Any) -> None:
    TechnologyNeed.objects.filter(pk=elsewhere.need.pk).update(status=RecordStatus.CLOSED)
    client = api_as(elsewhere.tehran_officer)
    assert client.get(f"/api/v1/needs/{elsewhere.need.pk}/").status_code == 404
    assert elsewhere.need.pk not in [
        r["id"] for r in client.get("/api/v1/needs/").json()["results"]
    ]
    code, html = _html(elsewhere.tehran_officer, f"/technology/needs/{elsewhere.need.pk}/")
    assert code == 404 and SECRET not in html
    # The Qazvin officer lists it.
    listed = api_as(elsewhere.qazvin_officer).get("/api/v1/needs/").json()["results"]
    assert elsewhere.need.pk in [r["id"] for r in listed]


def test_proposals_follow_the_enterprise_province(elsewhere: Any, api_as: Any) -> None:
    from karsaz.technology import services

    proposal = services.proposal_create(
        user=elsewhere.firm_user,
        need=elsewhere.need,
        capability=elsewhere.capability,
        pitch="پیشنهاد",
    )
    isfahan = api_as(elsewhere.isfahan_officer)
    assert isfahan.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 404
    # Qazvin oversees the need's enterprise; Tehran the capability's (the firm is in Tehran).
    assert (
        api_as(elsewhere.qazvin_officer).get(f"/api/v1/proposals/{proposal.pk}/").status_code == 200
    )
    assert (
        api_as(elsewhere.tehran_officer).get(f"/api/v1/proposals/{proposal.pk}/").status_code == 200
    )
