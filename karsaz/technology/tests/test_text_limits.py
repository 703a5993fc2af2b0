"""Long texts have documented caps, refused before the normalizer runs (issue 11, finding 11)."""

from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from karsaz.core.persian import to_latin_digits
from karsaz.core.textlimits import LONG_TEXT_MAX, TEXT_MAX
from karsaz.technology import services
from karsaz.technology.models import Capability, ProposalMessage, TechnologyNeed

pytestmark = pytest.mark.django_db
MIB = "ب" * (1024 * 1024)


def _need_payload(world: Any, **fields: Any) -> dict[str, Any]:
    return {"enterprise": world.sme.pk, "title": "نیاز", "summary": "خلاصه", **fields}


def test_a_one_mib_summary_is_a_quick_400_in_the_api(world: Any, api_as: Any) -> None:
    client = api_as(world.sme_user)
    before = TechnologyNeed.objects.count()
    with mock.patch("karsaz.technology.services.normalize") as normalizer:
        response = client.post("/api/v1/needs/", _need_payload(world, summary=MIB), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["summary"]
    assert response.json()["summary"][0]["code"] == "max_length"
    assert "5000" in to_latin_digits(response.json()["summary"][0]["message"])  # either script
    assert TechnologyNeed.objects.count() == before
    normalizer.assert_not_called()  # refused by its length before any text work


def test_the_caps_are_exact(world: Any, api_as: Any) -> None:
    client = api_as(world.sme_user)
    at_cap = client.post(
        "/api/v1/needs/",
        _need_payload(world, summary="ا" * TEXT_MAX, confidential_details="ب" * LONG_TEXT_MAX),
        format="json",
    )
    assert at_cap.status_code == 201, at_cap.content
    over = client.post(
        "/api/v1/needs/",
        _need_payload(world, confidential_details="ب" * (LONG_TEXT_MAX + 1)),
        format="json",
    )
    assert over.status_code == 400 and list(over.json()) == ["confidential_details"]
    cap = client.__class__()
    cap.force_authenticate(world.firm_user)
    response = cap.post(
        "/api/v1/capabilities/",
        {"enterprise": world.firm.pk, "title": "توان", "description": "ا" * (TEXT_MAX + 1)},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["description"]


def test_services_refuse_before_normalizing(world: Any) -> None:
    with mock.patch("karsaz.technology.services.normalize") as normalizer:
        with pytest.raises(ValidationError) as need_error:
            services.need_create(
                user=world.sme_user,
                data={"enterprise": world.sme, "title": "نیاز", "summary": MIB},
            )
        with pytest.raises(ValidationError) as update_error:
            services.need_update(user=world.sme_user, need=world.need, data={"summary": MIB})
        with pytest.raises(ValidationError) as cap_error:
            services.capability_update(
                user=world.firm_user, capability=world.capability, data={"references": MIB}
            )
        with pytest.raises(ValidationError) as pitch_error:
            services.proposal_create(
                user=world.firm_user, need=world.need, capability=world.capability, pitch=MIB
            )
    normalizer.assert_not_called()
    assert set(need_error.value.message_dict) == {"summary"}
    assert set(update_error.value.message_dict) == {"summary"}
    assert set(cap_error.value.message_dict) == {"references"}
    assert set(pitch_error.value.message_dict) == {"pitch"}
    assert Capability.objects.get(pk=world.capability.pk).references == ""


def test_messages_are_capped(world: Any, api_as: Any) -> None:
    proposal = services.proposal_create(
        user=world.firm_user, need=world.need, capability=world.capability, pitch="پیشنهاد"
    )
    client = api_as(world.sme_user)
    url = f"/api/v1/proposals/{proposal.pk}/messages/"
    response = client.post(url, {"body": "ا" * (TEXT_MAX + 1)}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["body"]
    with pytest.raises(ValidationError) as error:
        services.proposal_message_add(user=world.sme_user, proposal=proposal, body=MIB)
    assert set(error.value.message_dict) == {"body"}
    assert ProposalMessage.objects.count() == 0


def test_the_need_form_refuses_a_long_summary(world: Any) -> None:
    client = Client()
    client.force_login(world.sme_user)
    response = client.post(
        "/technology/needs/new/",
        {
            "enterprise": world.sme.pk,
            "title": "کاهش ضایعات",
            "summary": "ا" * (TEXT_MAX + 1),
            "target_trl": 6,
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert "summary" in response.context["form"].errors
    assert 'maxlength="5000"' in response.content.decode()
    assert not TechnologyNeed.objects.filter(title="کاهش ضایعات").exists()
