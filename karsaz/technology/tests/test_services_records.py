from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from karsaz.registry.models import IsicActivity
from karsaz.technology import services
from karsaz.technology.models import IndexChange
from karsaz.testing.factories_technology import make_capability, make_need

pytestmark = pytest.mark.django_db


def test_need_is_normalized_and_logged_for_the_matcher(world: Any) -> None:
    before = IndexChange.objects.count()
    need = make_need(user=world.sme_user, enterprise=world.sme, title="بهبود كيفيت  قالبها")
    assert need.title == "بهبود کیفیت قالب‌ها"
    assert need.province == world.sme.province  # defaults to the enterprise's
    assert IndexChange.objects.count() == before + 1


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"budget_min": 10, "budget_max": 5}, {"budget_max"}),
        ({"budget_min": -1}, {"budget_min"}),
        ({"target_trl": 12}, {"target_trl"}),
        ({"title": ""}, {"title"}),
        ({"isic": "section"}, {"isic"}),
    ],
)
def test_need_validation(world: Any, fields: dict[str, Any], errors: set[str]) -> None:
    if fields.get("isic") == "section":
        fields["isic"] = IsicActivity.objects.filter(level="section").first()
    with pytest.raises(ValidationError) as exc:
        make_need(user=world.sme_user, enterprise=world.sme, **fields)
    assert errors <= set(exc.value.message_dict)


def test_who_may_post(world: Any) -> None:
    for user in (world.sme_employee, world.firm_user, world.outsider, world.isfahan_officer):
        with pytest.raises(PermissionDenied):
            make_need(user=user, enterprise=world.sme)
    assert make_need(user=world.qazvin_officer, enterprise=world.sme).pk
    assert make_need(user=world.national, enterprise=world.sme).pk
    with pytest.raises(PermissionDenied):
        services.need_update(user=world.firm_user, need=world.need, data={"title": "x"})


def test_capabilities_come_from_knowledge_based_firms_and_labs(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        make_capability(user=world.sme_user, enterprise=world.sme)
    assert "enterprise" in exc.value.message_dict
    cap = services.capability_update(
        user=world.firm_user, capability=world.capability, data={"keywords": "جوش, ربات ،  فیکسچر"}
    )
    assert cap.keywords == "جوش، ربات، فیکسچر"
