"""The crowdfunding journey in a browser: an investor pledges (Persian digits) to an open
campaign, the campaign reaches its close and the periodic job closes it, the investor sees the
holding; the escrow went to the firm less the platform's fee and the ledger is clean."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
from karsaz.capital import services
from karsaz.capital.choices import CampaignState
from karsaz.capital.models import Campaign, Holding
from karsaz.finance.choices import AccountPurpose
from karsaz.finance.models import Account
from karsaz.finance.verify import verify_ledger
from karsaz.testing.factories_capital_campaigns import campaign_world, uncapped_rules

pytestmark = pytest.mark.e2e


def test_investor_pledges_the_campaign_closes_the_holding_shows(page, provinces_e2e):
    w = campaign_world(target=50_000_000, own_contribution=5_000_000, rule_set=uncapped_rules())
    sign_in(page, w.a.username, next="/capital/campaigns/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The list filters in place (htmx swaps the table): none succeeded yet, then the open one.
    page.select_option("#id_state", "succeeded")
    expect(page.get_by_test_id("campaign-table")).not_to_contain_text(w.campaign.title)
    page.select_option("#id_state", "open")
    expect(page.get_by_test_id("campaign-table")).to_contain_text(w.campaign.title)
    page.get_by_role("link", name=w.campaign.title).click()
    page.wait_for_url(re.compile(rf"/capital/campaigns/{w.campaign.pk}/$"))
    page.get_by_test_id("pledge").click()
    page.fill("#id_amount", "۶۰٬۰۰۰٬۰۰۰")  # past the target: refused, the form shown again
    page.get_by_test_id("submit-pledge").click()
    expect(page.locator('[data-field="amount"]')).to_be_visible()
    page.fill("#id_amount", "۵۰٬۰۰۰٬۰۰۰")
    page.get_by_test_id("submit-pledge").click()
    page.wait_for_url(re.compile(r"/capital/pledges/$"))
    expect(page.get_by_test_id("pledge-table")).to_contain_text("۵۰٬۰۰۰٬۰۰۰")
    screenshot(page, "capital-pledged")
    # Two-phase: while open, the pledge is a pending entry in the firm's escrow.
    escrow = Account.objects.get(enterprise=w.firm, purpose=AccountPurpose.CAMPAIGN_ESCROW)
    assert (escrow.posted_balance, escrow.pending_balance) == (0, -50_000_000)

    # The close: the hourly job runs after the closing time.
    closed = services.campaigns_close_due(now=w.campaign.closes_at)
    assert closed == [w.campaign.pk]
    assert Campaign.objects.get(pk=w.campaign.pk).state == CampaignState.SUCCEEDED

    page.reload()
    holdings = page.get_by_test_id("holding-table")
    expect(holdings).to_contain_text(w.campaign.title)
    expect(holdings).to_contain_text("۵۰٬۰۰۰٬۰۰۰")
    screenshot(page, "capital-holding")
    assert Holding.objects.get(investor=w.a).share_ppm == 1_000_000
    proceeds = Account.objects.get(enterprise=w.firm, purpose=AccountPurpose.RAISE_PROCEEDS)
    assert proceeds.posted_balance == -(50_000_000 - 50_000_000 * 300 // 10_000)
    escrow.refresh_from_db()
    assert (escrow.posted_balance, escrow.pending_balance) == (0, 0)  # captured, then released
    assert verify_ledger() == []
