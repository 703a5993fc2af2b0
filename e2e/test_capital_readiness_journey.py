"""Capital readiness journey in Chromium: a firm's owner enters a fiscal year and its
declaration, runs the assessment, reads its scores and refers a gap to a clinic; its adviser
confirms the statement."""

import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
from karsaz.capital.choices import GapStatus
from karsaz.capital.models import FinancialStatement, Gap
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory
from karsaz.testing.factories_capital_readiness import engage

pytestmark = pytest.mark.e2e


def _rule_sets() -> None:
    """Transactional tests start without the data migrations' rows: put the rule sets back."""
    for name in ("0002_rule_sets", "0003_readiness_criteria"):
        importlib.import_module(f"karsaz.capital.migrations.{name}").forwards(apps, None)


def test_assess_read_scores_refer_a_gap_and_confirm(page, provinces_e2e):
    _rule_sets()
    qazvin = provinces_e2e["26"]
    firm = EnterpriseFactory(kind=EnterpriseKind.SME, province=qazvin, name_fa="صنایع غذایی البرز")
    owner = UserFactory(username="cap-owner")
    MembershipFactory(user=owner, enterprise=firm, role=MembershipRole.OWNER)
    adviser = EnterpriseFactory(kind=EnterpriseKind.ADMISSION_ADVISER, province=qazvin)
    adviser_user = UserFactory(username="cap-adviser")
    MembershipFactory(user=adviser_user, enterprise=adviser, role=MembershipRole.MANAGER)
    engage(firm, adviser, owner)

    # 1. The owner enters a fiscal year (Persian digits, grouped rials) and the declaration.
    sign_in(page, "cap-owner", next=f"/capital/readiness/{firm.pk}/")
    page.goto("/capital/readiness/")
    page.wait_for_url(re.compile(rf"/capital/readiness/{firm.pk}/$"))
    form = page.get_by_test_id("statement-form")
    form.locator("#id_fiscal_year").fill("۱۴۰۳")
    form.locator("#id_revenue").fill("۵۰۰٬۰۰۰٬۰۰۰٬۰۰۰")
    form.locator("#id_operating_profit").fill("60000000000")
    form.locator("#id_net_profit").fill("40000000000")
    form.locator("#id_equity").fill("120000000000")
    form.locator("#id_total_assets").fill("400000000000")
    form.locator("#id_audit_opinion").select_option("unqualified")
    form.get_by_role("button").click()
    expect(page.locator('tr[data-year="1403"]')).to_be_visible()
    profile = page.get_by_test_id("profile-form")
    profile.locator("#id_registered_capital").fill("۵۰٬۰۰۰٬۰۰۰٬۰۰۰")
    profile.locator("#id_float_pct").fill("۱۵")
    profile.locator("#id_audit_committee").select_option("yes")
    profile.get_by_role("button").click()
    expect(page.get_by_test_id("no-assessment")).to_be_visible()

    # 2. The assessment: a score bar per market, criteria with their source.
    page.get_by_test_id("assess-now").click()
    expect(page.get_by_test_id("score-sme_board")).to_be_visible()
    expect(page.get_by_test_id("market-crowdfunding")).to_be_visible()
    row = page.get_by_test_id("market-sme_board").locator('tr[data-key="profit_last_year"]')
    expect(row).to_contain_text("برآورده")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "capital-readiness-assessed")

    # 3. A gap goes to a business clinic.
    gaps = page.get_by_test_id("refer-gap")
    before = gaps.count()
    assert before > 0
    gaps.first.click()
    expect(page.get_by_test_id("refer-gap")).to_have_count(before - 1)
    assert (
        Gap.objects.filter(status=GapStatus.REFERRED, clinic_referral_id__isnull=False).count() == 1
    )

    # 4. The adviser confirms the statement.
    sign_in(page, "cap-adviser", next=f"/capital/readiness/{firm.pk}/")
    page.get_by_test_id("confirm-statement").click()
    expect(page.get_by_test_id("confirm-statement")).to_have_count(0)
    assert FinancialStatement.objects.get().confirmed_by == adviser_user
