"""One redaction rule (API, export, page) and the codes of the registry's service errors."""

import pytest
from django.core.exceptions import ValidationError

from karsaz.core.errors import error_codes
from karsaz.registry import selectors, services
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.permissions import PUBLIC_FIELDS, RegistryScope

pytestmark = pytest.mark.django_db
FIELDS = ("name_fa", "phone", "sheba", "national_id", "private")


def test_hidden_fields_are_the_private_ones_outside_the_scope(users):
    enterprise = users.qazvin_sme
    assert RegistryScope(users.sme_owner).hidden_fields(enterprise, FIELDS) == frozenset()
    assert RegistryScope(users.qazvin_officer).hidden_fields(enterprise, FIELDS) == frozenset()
    assert RegistryScope(users.tehran_officer).hidden_fields(enterprise, FIELDS) == {
        "phone", "sheba", "private"
    }  # fmt: skip
    assert "national_id" in PUBLIC_FIELDS


def test_a_member_changing_a_staff_field_gets_the_staff_only_code(users):
    with pytest.raises(ValidationError) as exc:
        services.enterprise_update(
            user=users.sme_owner,
            enterprise=users.qazvin_sme,
            data={"kind": EnterpriseKind.KNOWLEDGE_BASED},
        )
    assert error_codes(exc.value) == {"kind": ["staff_only"]}


def test_members_and_province_choices_follow_the_scope(users, provinces):
    assert [m.user for m in selectors.enterprise_members(
        user=users.sme_owner, enterprise=users.qazvin_sme
    )] == [users.sme_owner]  # fmt: skip
    assert (
        selectors.enterprise_members(user=users.tehran_officer, enterprise=users.qazvin_sme) == []
    )
    assert selectors.province_choices(user=users.national) is not None
    assert list(selectors.province_choices(user=users.qazvin_officer)) == [provinces.qazvin]
    assert list(selectors.province_choices(user=users.outsider)) == []
    assert selectors.province_choices(user=users.national, enterprise=users.qazvin_sme) is None
    assert list(
        selectors.province_choices(user=users.qazvin_officer, enterprise=users.qazvin_sme)
    ) == [provinces.qazvin]
