import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
from karsaz.technology import indexing

pytestmark = pytest.mark.e2e


@pytest.fixture
def tech(page, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.TECHNOLOGY_INDEX_DIR = str(tmp_path / "index")
    settings.TECHNOLOGY_FRESH_SECONDS = 0
    settings.TECHNOLOGY_DENSE = False
    indexing.reset()
    from karsaz.testing.factories_technology import tech_world

    yield tech_world()
    indexing.reset()


def test_need_to_signed_contract(page, tech):  # type: ignore[no-untyped-def]
    # 1. The SME owner posts a need in Persian, typed without ZWNJ and with Arabic letters.
    sign_in(page, tech.sme_user.username)
    page.goto("/technology/needs/new/")
    page.select_option("#id_enterprise", str(tech.sme.pk))
    page.fill("#id_title", "ساخت قالبهاي تزريق براي درب ظروف")
    page.fill("#id_summary", "قالب هاي فعلی ما پليسه مي دهند و به قالب چهار حفره نياز داريم.")
    page.fill("#id_confidential_details", "مشتری اصلی ما یک خودروساز است")
    from karsaz.registry.models import IsicActivity

    page.select_option("#id_isic", str(IsicActivity.objects.get(code="22").pk))
    page.click("form.form-grid button[type=submit]")
    page.wait_for_url(re.compile(r"/technology/needs/\d+/$"))
    need_url = page.url
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.get_by_test_id("confidential")).to_be_visible()

    # 2. The suggested partners panel finds the knowledge-based firm's injection-mould offer.
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions).to_contain_text(tech.capability.title)
    expect(suggestions).to_contain_text("هم‌بخش")
    screenshot(page, "technology-need")

    # 3. The firm sends a proposal; it cannot see the confidential details yet.
    sign_in(page, tech.firm_user.username)
    page.goto(need_url)
    assert page.get_by_test_id("confidential").count() == 0
    form = page.get_by_test_id("proposal-form")
    form.locator("select").select_option(str(tech.capability.pk))
    form.locator("textarea").fill("قالب چهارحفره با راهگاه گرم می‌سازیم.")
    form.locator("button").click()
    page.wait_for_url(re.compile(r"/technology/proposals/\d+/$"))
    proposal_url = page.url
    expect(page.get_by_test_id("state")).to_have_text("پیشنهادشده")
    assert page.get_by_test_id("move-negotiation").count() == 0

    # 4. The SME owner accepts it and records the signed contract.
    sign_in(page, tech.sme_user.username)
    page.goto(proposal_url)
    page.get_by_test_id("move-negotiation").click()
    expect(page.get_by_test_id("state")).to_have_text("در حال مذاکره")
    agreement = page.get_by_test_id("agreement-form")
    agreement.locator("select").select_option("licensing")
    agreement.locator("input[name=agreement_value]").fill("25000000000")
    agreement.locator("input[name=agreement_date]").fill("۱۴۰۵/۰۸/۰۱")
    agreement.locator("button").click()
    expect(page.get_by_test_id("state")).to_have_text("قرارداد امضاشده")
    expect(page.get_by_test_id("agreement")).to_contain_text("واگذاری لیسانس")
    screenshot(page, "technology-proposal-signed")

    # 5. The partner now sees the confidential details; staff see the signed value.
    sign_in(page, tech.firm_user.username)
    page.goto(need_url)
    expect(page.get_by_test_id("confidential")).to_contain_text("خودروساز")
    sign_in(page, tech.national.username)
    page.goto("/technology/pipeline/")
    expect(page.get_by_test_id("signed-value")).not_to_have_text("۰")
    screenshot(page, "technology-pipeline")
