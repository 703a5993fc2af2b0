"""At 390 px (a phone), no main page is wider than the screen and the menu folds away."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
from karsaz.accounts.choices import AgencyRole
from karsaz.registry.models import IndustrialPark
from karsaz.testing.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.e2e

MAIN_PAGES = (
    "/", "/registry/", "/technology/needs/", "/technology/capabilities/", "/events/",
    "/clinics/", "/finance/", "/capital/", "/accounts/profile/",
)  # fmt: skip


def test_main_pages_fit_a_phone_and_the_menu_opens(page, provinces_e2e):
    UserFactory(username="officer", agency_role=AgencyRole.NATIONAL_STAFF)
    # Long names and a park with a long name: what widens tables and filter boxes.
    park = IndustrialPark.objects.filter(province=provinces_e2e["23"]).first()
    for n in range(3):
        EnterpriseFactory(
            name_fa=f"شرکت تولیدی و صنعتی قطعات خودروی سنگین و نیمه‌سنگین شماره {n}",
            province=provinces_e2e["23"],
            park=park,
        )
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, "officer")
    nav = page.locator("#mainnav")
    expect(nav).to_be_hidden()
    page.get_by_test_id("menu-toggle").click()
    expect(nav).to_be_visible()
    assert page.get_by_test_id("menu-toggle").get_attribute("aria-expanded") == "true"
    widths = {}
    for path in MAIN_PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
        screenshot(page, f"phone{path.replace('/', '-').rstrip('-') or '-home'}")
    assert widths == dict.fromkeys(MAIN_PAGES, 390)
