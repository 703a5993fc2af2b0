"""Forms as a Persian keyboard types them: digits in Persian, every error at once, limits shown."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
from karsaz.accounts.choices import AgencyRole
from karsaz.registry.choices import MembershipRole
from karsaz.registry.models import Enterprise
from karsaz.testing.factories import (
    EnterpriseFactory,
    MembershipFactory,
    UserFactory,
    fresh_national_id,
)

pytestmark = pytest.mark.e2e

TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def test_an_officer_types_an_enterprise_in_persian_digits(page, provinces_e2e):
    UserFactory(
        username="qz", agency_role=AgencyRole.PROVINCIAL_STAFF, province=provinces_e2e["26"]
    )
    sign_in(page, "qz")
    page.goto("/registry/new/")
    # First try: no name, letters in employees, a short Sheba. Every error at once, at the top
    # and beside its field; what was typed stays.
    page.locator("#id_national_id").press_sequentially("۱۲۳۴۵۶۷۸۹۰۱")
    page.locator("#id_employees").fill("")
    page.locator("#id_employees").press_sequentially("۱۲x")
    page.locator("#id_sheba").press_sequentially("IR12")
    page.click("form.form-grid button[type=submit]")
    summary = page.locator(".error-summary li")
    expect(summary).to_have_count(4)  # name, employees, national ID, Sheba
    for name in ("name_fa", "employees", "national_id", "sheba"):
        expect(page.locator(f"[data-field={name}]")).to_be_visible()
    assert page.locator("#id_employees").input_value() == "۱۲x"
    screenshot(page, "enterprise-form-all-errors")

    national_id = fresh_national_id()
    page.fill("#id_name_fa", "کارگاه ریخته‌گری نمونه")
    page.fill("#id_national_id", "")
    page.locator("#id_national_id").press_sequentially(national_id.translate(TO_PERSIAN))
    page.fill("#id_employees", "")
    page.locator("#id_employees").press_sequentially("۱۲")
    page.fill("#id_sheba", "")
    page.click("form.form-grid button[type=submit]")
    page.wait_for_url("**/registry/*/")
    assert Enterprise.objects.get(national_id=national_id).employees == 12


def test_a_long_text_shows_its_limit_as_the_user_types(page, provinces_e2e):
    owner = UserFactory(username="owner")
    firm = EnterpriseFactory(province=provinces_e2e["23"])
    MembershipFactory(user=owner, enterprise=firm, role=MembershipRole.OWNER)
    sign_in(page, "owner", next="/technology/needs/new/")
    summary = page.locator("#id_summary")
    summary.press_sequentially("خط تولید")
    counter = page.locator("#id_summary + .char-count")
    expect(counter).to_have_text("۸ / ۵۰۰۰")
