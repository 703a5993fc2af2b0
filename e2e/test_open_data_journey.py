"""An anonymous visitor finds the open-data portal's dataset and downloads its CSV."""

from pathlib import Path

import pytest
from django.utils import timezone

from e2e.conftest import screenshot
from karsaz.insights import months
from karsaz.insights.services import refresh
from karsaz.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.e2e

CODE = "registry.enterprises.by-province"


def test_an_anonymous_visitor_downloads_a_dataset(page, provinces_e2e):
    for _ in range(12):
        EnterpriseFactory(province=provinces_e2e["23"])
    for _ in range(6):
        EnterpriseFactory(province=provinces_e2e["26"])
    for _ in range(2):
        EnterpriseFactory(province=provinces_e2e["10"])
    refresh(full=True)
    year = months.month_of(timezone.now()) // 100

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/open/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", name="داده‌های باز").is_visible()
    screenshot(page, "open-index-fa-1280")

    page.locator(f"a[href='/open/datasets/{CODE}/']").click()
    page.wait_for_url(f"**/open/datasets/{CODE}/")
    title = page.get_by_test_id("dataset-title").inner_text()
    assert title.endswith("به تفکیک استان و سال"), title
    preview = page.get_by_test_id("preview").inner_text()
    assert "کل کشور" in preview and "۲۰" in preview and "پنهان" in preview
    screenshot(page, "open-dataset-fa-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "open-dataset-fa-390")

    # Isfahan's 2 firms are withheld, and Qazvin with them (the total would give it away).
    with page.expect_download() as info:
        page.get_by_test_id("download-csv").click()
    download = info.value
    assert download.suggested_filename == f"{CODE}.csv"
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "سال خورشیدی,کد استان,استان,مقدار,پنهان"
    published = [line for line in lines[1:] if not line.endswith(",0,خیر")]
    assert published == [
        f"{year},IR,کل کشور,20,خیر",
        f"{year},10,اصفهان,,بله",
        f"{year},23,تهران,12,خیر",
        f"{year},26,قزوین,,بله",
    ]

    # A filtered subset, and a bad period answered in the visitor's language.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.select_option("#id_province", "23")
    page.get_by_role("button", name="فیلتر").click()
    page.wait_for_url("**province=23**")
    assert page.get_by_test_id("preview").locator("tbody tr").count() == 1
    page.fill("#id_start", "1402-13")
    page.get_by_role("button", name="فیلتر").click()
    errors = page.get_by_test_id("filter-errors").inner_text()
    assert "ماه ۱۳ در تقویم شمسی وجود ندارد" in errors

    page.get_by_test_id("lang-switch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.goto(f"/open/datasets/{CODE}/")
    assert page.get_by_test_id("dataset-title").inner_text() == ("Enterprises by province and year")
    screenshot(page, "open-dataset-en-1280")
    page.goto("/open/")
    screenshot(page, "open-index-en-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "open-index-en-390")
    page.goto(f"/open/datasets/{CODE}/")
    screenshot(page, "open-dataset-en-390")
