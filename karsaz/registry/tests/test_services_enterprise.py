import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from karsaz.registry import selectors, services
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise, IndustrialPark
from karsaz.testing.factories import fresh_national_id

pytestmark = pytest.mark.django_db


def _data(provinces, **overrides):
    data = {
        "name_fa": "شركت توسعهاي صنايع ١٢٣",
        "name_en": "Tose'e Industries",
        "kind": EnterpriseKind.SME,
        "national_id": fresh_national_id(),
        "employees": 12,
        "province": provinces.qazvin,
    }
    data.update(overrides)
    return data


def test_create_normalizes_text_and_digits(users, provinces):
    national_id = fresh_national_id()
    persian_id = national_id.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    enterprise = services.enterprise_create(
        user=users.qazvin_officer,
        data=_data(provinces, national_id=persian_id, phone="۰۲۸-۳۳۳۳ ۴۴۴۴"),
    )
    enterprise.refresh_from_db()
    assert enterprise.name_fa == "شرکت توسعه‌ای صنایع 123"
    assert enterprise.national_id == national_id
    assert enterprise.phone == "02833334444"
    assert enterprise.size_class == "small"


def test_create_reports_every_bad_field_and_writes_nothing(users, provinces):
    before = Enterprise.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(
            user=users.national,
            data=_data(
                provinces,
                national_id="12345678901",
                sheba="IR000000000000000000000000",
                postal_code="123",
            ),
        )
    assert {"national_id", "sheba", "postal_code"} <= set(caught.value.message_dict)
    assert Enterprise.objects.count() == before


def test_duplicate_national_id_is_refused(users, provinces):
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(
            user=users.national, data=_data(provinces, national_id=users.qazvin_sme.national_id)
        )
    assert "national_id" in caught.value.message_dict


def test_park_must_be_in_the_province(users, provinces):
    tehran_park = IndustrialPark.objects.filter(province=provinces.tehran).first()
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(user=users.national, data=_data(provinces, park=tehran_park))
    assert "park" in caught.value.message_dict


def test_certificate_needs_expiry(users, provinces):
    with pytest.raises(ValidationError):
        services.enterprise_create(
            user=users.national, data=_data(provinces, kb_certificate_no="KB-1")
        )


def test_provincial_officer_creates_only_in_own_province(users, provinces):
    with pytest.raises(PermissionDenied):
        services.enterprise_create(
            user=users.qazvin_officer, data=_data(provinces, province=provinces.tehran)
        )
    with pytest.raises(PermissionDenied):
        services.enterprise_create(user=users.sme_owner, data=_data(provinces))


def test_update_scope_and_history(users, provinces):
    services.enterprise_update(
        user=users.sme_owner, enterprise=users.qazvin_sme, data={"employees": 120}
    )
    with pytest.raises(PermissionDenied):
        services.enterprise_update(
            user=users.qazvin_officer, enterprise=users.tehran_sme, data={"employees": 1}
        )
    with pytest.raises(PermissionDenied):
        services.enterprise_update(
            user=users.tehran_member, enterprise=users.tehran_sme, data={"employees": 1}
        )
    with pytest.raises(PermissionDenied):
        services.enterprise_update(
            user=users.qazvin_officer,
            enterprise=users.qazvin_sme,
            data={"province": provinces.tehran},
        )
    entries = selectors.enterprise_history(user=users.qazvin_officer, enterprise=users.qazvin_sme)
    latest = entries[0]
    assert latest["user"] == users.sme_owner
    assert [(c["old"], c["new"]) for c in latest["changes"]] == [(25, 120)]
    with pytest.raises(PermissionDenied):
        selectors.enterprise_history(user=users.tehran_officer, enterprise=users.qazvin_sme)
    with pytest.raises(PermissionDenied):  # members see their record but not the staff audit trail
        selectors.enterprise_history(user=users.sme_owner, enterprise=users.qazvin_sme)


def test_delete_only_by_national_admin(users):
    with pytest.raises(PermissionDenied):
        services.enterprise_delete(user=users.national, enterprise=users.qazvin_sme)
    services.enterprise_delete(user=users.admin, enterprise=users.qazvin_sme)
    assert not Enterprise.objects.filter(pk=users.qazvin_sme.pk).exists()


@pytest.mark.parametrize(
    "query",
    ["توسعه‌ای", "توسعهای", "توسعه ای", "توسعهاي", "TOSE'E", "توسعهاي صنايع", "123", "۱۲۳", "١٢٣"],
)
def test_search_finds_every_spelling(users, provinces, query):
    enterprise = services.enterprise_create(user=users.national, data=_data(provinces))
    found = selectors.enterprise_search(Enterprise.objects.all(), query)
    assert enterprise in found
    assert users.tehran_sme not in found


def test_search_by_national_id_in_persian_digits(users):
    persian = users.tehran_sme.national_id.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert list(selectors.enterprise_search(Enterprise.objects.all(), persian)) == [
        users.tehran_sme
    ]
