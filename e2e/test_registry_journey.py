import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
from karsaz.accounts.choices import AgencyRole
from karsaz.testing.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_staff_browses_the_persian_registry_and_switches_to_english(page, provinces_e2e):
    UserFactory(
        username="officer",
        agency_role=AgencyRole.NATIONAL_STAFF,
        first_name="سارا",
        last_name="کریمی",
    )
    target = EnterpriseFactory(
        name_fa="شرکت توسعه‌ای فناوران البرز",
        name_en="Alborz Development Technologists",
        province=provinces_e2e["26"],
    )
    for n in range(5):
        EnterpriseFactory(name_fa=f"کارگاه صنعتی شماره {n}", province=provinces_e2e["23"])

    sign_in(page, "officer", next="/registry/")

    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "fa"
    table = page.get_by_test_id("enterprise-table")
    assert table.is_visible()
    # Persian digits and a Jalali date (years 14xx) in the registered column.
    first_row = table.locator("tbody tr").first.inner_text()
    assert re.search(r"۱۴۰\d/[۰-۹]{2}/[۰-۹]{2}", first_row), first_row
    assert not re.search(r"[0-9]", page.get_by_test_id("result-count").inner_text())
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == "rtl"
    screenshot(page, "registry-fa")

    # Typed without the ZWNJ, with an Arabic yeh: the htmx search still finds it.
    page.get_by_test_id("search").fill("توسعهاي")
    # (a locator assertion: a string predicate would be eval'd, which the CSP refuses)
    expect(page.locator("[data-testid=enterprise-table] tbody tr")).to_have_count(1)
    assert target.name_fa in page.get_by_test_id("enterprise-table").inner_text()
    assert "q=" in page.url

    page.get_by_test_id("lang-switch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("html").get_attribute("lang") == "en"
    text = page.get_by_test_id("enterprise-table").inner_text()
    assert "Alborz Development Technologists" in text
    assert re.search(r"20\d\d-\d\d-\d\d", text), text  # Gregorian in English
    screenshot(page, "registry-en")


def test_invalid_enterprise_shows_errors_in_persian(page, provinces_e2e):
    UserFactory(
        username="qz", agency_role=AgencyRole.PROVINCIAL_STAFF, province=provinces_e2e["26"]
    )
    sign_in(page, "qz")
    page.goto("/registry/new/")
    page.fill("#id_name_fa", "شرکت آزمایشی")
    page.fill("#id_national_id", "۱۲۳۴۵۶۷۸۹۰۱")
    page.fill("#id_sheba", "IR12")
    page.click("form.form-grid button[type=submit]")
    error = page.locator("[data-field=national_id]")
    expect(error).to_be_visible()
    expect(page.locator("[data-field=sheba]")).to_be_visible()
    assert re.search(r"[\u0600-\u06FF]", error.inner_text())
    screenshot(page, "enterprise-form-errors")
