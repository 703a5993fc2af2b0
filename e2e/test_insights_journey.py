"""A national officer filters the dashboard to a province, drills into a park and exports it."""

import io
import re

import openpyxl
import pytest

from e2e.conftest import screenshot, sign_in
from karsaz.accounts.choices import AgencyRole
from karsaz.insights.models import Refresh
from karsaz.insights.tests.cube import AMOUNTS, AS_OF, ENTERPRISES, add_cell, facts_fixture  # noqa: F401
from karsaz.registry.models import IndustrialPark
from karsaz.testing.factories import UserFactory

pytestmark = pytest.mark.e2e


def test_national_officer_filters_drills_down_and_exports(page, provinces_e2e, facts):
    UserFactory(username="national", agency_role=AgencyRole.NATIONAL_STAFF)
    qazvin, tehran = provinces_e2e["26"], provinces_e2e["23"]
    park = IndustrialPark.objects.filter(province=qazvin).order_by("pk").first()
    assert park is not None
    add_cell(ENTERPRISES, 140401, qazvin, firms=10, park=park)
    add_cell(ENTERPRISES, 140403, tehran, firms=20, size="small")
    add_cell(AMOUNTS, 140402, qazvin, firms=4, total=5_000_000, park=park, series="a")
    for fact in (ENTERPRISES, AMOUNTS):
        Refresh.objects.create(
            fact=fact.code, started_at=AS_OF, finished_at=AS_OF, full=True, months=1, cells=1
        )

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "national", next="/insights/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # Persian digits: 30 enterprises nationally, and the map of Iran's 31 provinces.
    assert page.get_by_test_id("figure-registry.enterprises").inner_text().startswith("۳۰")
    assert page.locator(".insights-map path.province").count() == 31
    screenshot(page, "insights-national-fa-1280")

    page.select_option("#id_province", "26")
    page.fill("#id_period", "1404")
    page.get_by_test_id("apply-filters").click()
    page.wait_for_url(re.compile(r"/insights/province/26/\?period=1404$"))
    assert "۱۰" in page.get_by_test_id("figure-registry.enterprises").inner_text()
    screenshot(page, "insights-province-fa-1280")

    # The bar of the park leads to the park's own dashboard, with the same period.
    chart = page.locator("figure[data-fact='registry.enterprises'][data-chart='places']")
    chart.locator(f"svg a[href^='/insights/park/{park.pk}/']").first.click()
    page.wait_for_url(re.compile(rf"/insights/park/{park.pk}/\?period=1404$"))
    assert park.name_fa in page.get_by_test_id("dashboard-title").inner_text()

    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    figures = book.worksheets[0]
    values = {row[1]: row[2] for row in figures.iter_rows(min_row=2, values_only=True)}
    assert values == {"Enterprises": 10, "Amounts financed": 5_000_000}
    assert len(book.worksheets) == 3  # the figures, then a sheet per chart

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "insights-park-fa-390")
    page.goto("/insights/fact/finance.amounts/?period=1404")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("figure.insights-chart").count() == 6  # places, months, sizes, ...
    screenshot(page, "insights-fact-fa-1280")
    page.get_by_test_id("lang-switch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr"
    screenshot(page, "insights-park-en-390")
    page.goto("/insights/")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.get_by_test_id("figure-registry.enterprises").inner_text().startswith("30")
    screenshot(page, "insights-national-en-1280")
