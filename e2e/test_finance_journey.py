"""The supply-chain finance journey in a browser: a supplier uploads an invoice, two different
buyer users accept it, a financier bids, the supplier takes the bid, the bank confirms the
disbursement, the buyer repays at maturity and the financier confirms the repayment."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
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
    page.get_by_test_id("approve").click()  # the same user again: refused, clearly
    expect(page.locator(".msg-error")).to_contain_text("کاربر دیگری")
    sign_in(page, w.checker.username, next="/finance/")
    page.goto(url)
    page.get_by_test_id("approve").click()
    expect(page.locator("[data-state=accepted]")).to_be_visible()

    sign_in(page, w.supplier_user.username, next="/finance/")
    page.goto(url)
    page.get_by_test_id("request-financing").click()
    expect(page.locator("[data-state=auction]")).to_be_visible()

    sign_in(page, w.financier_users[0].username, next="/finance/")
    page.get_by_test_id("open-auctions").get_by_role("link").first.click()
    page.get_by_test_id("rate").fill("۱۸٫۵")
    page.get_by_test_id("place-bid").click()
    expect(page.get_by_test_id("bids")).to_contain_text("۱٬۸۵۰")

    sign_in(page, w.supplier_user.username, next="/finance/")
    page.goto(url)
    page.get_by_test_id("take-1").click()
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

    invoice.refresh_from_db()
    assert invoice.state == "repaid" and invoice.principal_repaid == 2_500_000_000
    assert invoice.rate_bp == 1850
    assert verify_ledger() == []
