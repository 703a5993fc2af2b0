"""The supply-chain finance journey in a browser: a supplier uploads an invoice, two different
buyer users accept it, a financier bids, the supplier takes the bid, the bank confirms the
disbursement, the buyer repays at maturity and the financier confirms the repayment."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
from karsaz.finance import services
from karsaz.finance.models import Invoice
from karsaz.finance.verify import verify_ledger
from karsaz.testing.factories_finance import finance_world

pytestmark = pytest.mark.e2e


def test_upload_accept_bid_take_disburse_repay(page, provinces_e2e):
    w = finance_world(suffix="e2e")
    today = dt.date.today()

    sign_in(page, w.supplier_user.username, next="/finance/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_test_id("upload").click()
    page.select_option("#id_programme", str(w.programme.pk))
    page.fill("#id_number", "فاکتور-۱۴۰۵/۰۱۲")
    page.fill("#id_issue_date", (today - dt.timedelta(days=2)).isoformat())
    page.fill("#id_due_date", (today + dt.timedelta(days=90)).isoformat())
    page.fill("#id_amount", "۲٬۵۰۰٬۰۰۰٬۰۰۰")
    page.fill("#id_tax_id", "A11122233344455")
    page.get_by_test_id("submit-invoice").click()
    page.wait_for_url(re.compile(r"/finance/invoices/\d+/$"))
    invoice = Invoice.objects.get()
    assert invoice.amount == 2_500_000_000 and invoice.number_key == "فاکتور1405012"
    expect(page.locator("[data-state=submitted]")).to_be_visible()
    screenshot(page, "finance-uploaded")
    url = page.url

    sign_in(page, w.maker.username, next="/finance/")
    page.goto(url)
    page.get_by_test_id("approve").click()
    expect(page.locator("[data-state=maker_approved]")).to_be_visible()
    expect(page.locator(".msg-success")).to_contain_text("تأیید شد؛ منتظر تأیید دوم.")
    # The first approver is not offered the second approval: the page says who it waits for.
    expect(page.get_by_test_id("approve")).to_have_count(0)
    expect(page.get_by_test_id("awaiting-second")).to_contain_text("کاربر دیگری")
    sign_in(page, w.checker.username, next="/finance/")
    page.goto(url)
    page.get_by_test_id("approve").click()
    expect(page.locator("[data-state=accepted]")).to_be_visible()

    sign_in(page, w.supplier_user.username, next="/finance/")
    page.goto(url)
    page.get_by_test_id("request-financing").click()
    expect(page.locator("[data-state=auction]")).to_be_visible()

    sign_in(page, w.financier_users[0].username, next="/finance/")
    expect(page.get_by_test_id("ws-limits")).to_be_visible()
    page.get_by_test_id("open-auctions").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/finance/invoices/\d+/auction/$"))
    # The live auction: a countdown in Persian digits, ticking against the server's clock.
    countdown = page.locator("[data-countdown-left]")
    expect(countdown).to_have_text(re.compile(r"^[۰-۹]{2,}:[۰-۹]{2}:[۰-۹]{2}$"))
    page.get_by_test_id("rate").fill("۱۸٫۵")
    page.get_by_test_id("place-bid").click()
    expect(page.locator(".msg-success")).to_contain_text("۱۸٫۵٪ (۱٬۸۵۰ واحد پایه)")
    expect(page.get_by_test_id("own-bid")).to_contain_text("۱۸٫۵٪ (۱٬۸۵۰ واحد پایه)")
    screenshot(page, "finance-auction-financier")

    # The supplier watches the auction: a rival's better bid appears by itself (htmx polling),
    # highlighted as the best; the page is no wider than a phone.
    sign_in(page, w.supplier_user.username, next="/finance/")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(url + "auction/")
    expect(page.get_by_test_id("countdown")).to_be_visible()
    expect(page.get_by_test_id("best-bid")).to_contain_text("۱٬۸۵۰")
    services.bid_place(
        user=w.financier_users[1], invoice=invoice, financier=w.financiers[1], rate_bp=1790
    )
    expect(page.get_by_test_id("best-bid")).to_contain_text("۱٬۷۹۰", timeout=15_000)
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    screenshot(page, "finance-auction-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    sign_in(page, w.supplier_user.username, next="/finance/")
    page.goto(url)
    page.get_by_test_id("take-2").click()  # the first financier's bid, not the best one
    expect(page.locator("[data-state=taken]")).to_be_visible()
    screenshot(page, "finance-taken")

    sign_in(page, w.financier_users[0].username, next="/finance/")
    page.goto(url)
    page.get_by_test_id("confirm-disbursement").click()
    expect(page.locator("[data-state=financed]")).to_be_visible()

    sign_in(page, w.maker.username, next="/finance/")
    page.goto(url)
    page.get_by_test_id("repay").click()
    sign_in(page, w.financier_users[0].username, next="/finance/")
    page.goto(url)
    page.get_by_test_id("confirm-repayment").click()
    expect(page.locator("[data-state=repaid]")).to_be_visible()
    expect(page.get_by_test_id("entries")).to_contain_text("بازپرداخت")
    screenshot(page, "finance-repaid")
    # Item 8: the invoice page, its ledger and the workspace with its limits fit a phone.
    page.set_viewport_size({"width": 390, "height": 800})
    for path in (url, "/finance/", "/finance/invoices/", "/finance/reports/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") == 390, path

    invoice.refresh_from_db()
    assert invoice.state == "repaid" and invoice.principal_repaid == 2_500_000_000
    assert invoice.rate_bp == 1850
    assert verify_ledger() == []
