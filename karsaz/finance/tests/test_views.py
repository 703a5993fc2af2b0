import csv as csv_module
import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from karsaz.core import jalali
from karsaz.finance.models import Invoice, JournalEntry
from karsaz.finance.verify import verify_ledger
from karsaz.testing import factories_finance as ff

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_each_role_sees_its_own_workspace(world):
    ff.financed(world)
    ff.in_auction(world)
    pages = {
        world.supplier_user: ("ws-supplier", ("ws-buyer", "ws-financier", "ws-staff")),
        world.maker: ("ws-buyer", ("ws-supplier", "ws-financier", "ws-staff")),
        world.financier_users[0]: ("ws-financier", ("ws-supplier", "ws-buyer", "ws-staff")),
        world.national: ("ws-staff", ("ws-supplier", "ws-buyer", "ws-financier")),
    }
    for user, (mine, others) in pages.items():
        html = client_for(user).get("/finance/").content.decode()
        assert f'data-testid="{mine}"' in html, user
        assert not any(f'data-testid="{o}"' in html for o in others), user
    assert client_for(world.outsider).get("/finance/").status_code == 403
    assert Client().get("/finance/").status_code == 302


def test_invoice_pages_hide_other_parties_invoices(world):
    invoice = ff.submit(world)
    assert (
        client_for(world.supplier_user).get(f"/finance/invoices/{invoice.pk}/").status_code == 200
    )
    for user in (world.other_supplier_user, world.outsider, world.financier_users[0]):
        assert client_for(user).get(f"/finance/invoices/{invoice.pk}/").status_code == 404
    listing = client_for(world.other_supplier_user).get("/finance/invoices/").content.decode()
    assert invoice.number not in listing


def test_a_form_token_runs_an_action_once(world):
    invoice = ff.submit(world)
    maker = client_for(world.maker)
    url = f"/finance/invoices/{invoice.pk}/approve/"
    maker.post(url, {"once": "tok-1"})
    maker.post(url, {"once": "tok-1"})  # a double click: no second (refused) approval attempt
    invoice.refresh_from_db()
    assert invoice.state == "maker_approved"
    r = maker.post(url, {"once": "tok-2"}, follow=True)
    assert "کاربر دیگری" in r.content.decode()  # maker-checker, in Persian
    client_for(world.checker).post(url, {"once": "tok-3"})
    assert Invoice.objects.get(pk=invoice.pk).state == "accepted"
    assert JournalEntry.objects.filter(invoice=invoice, kind="acceptance").count() == 1


def test_upload_form_accepts_persian_digits_and_refuses_duplicates(world):
    c = client_for(world.supplier_user)
    today = timezone.localdate()
    data = {
        "programme": world.programme.pk, "number": "ف-۱۲", "amount": "۱۲٬۰۰۰٬۰۰۰",
        "issue_date": jalali.format_date(today, lang="fa"),  # Jalali, Persian digits
        "due_date": jalali.format_date(today + dt.timedelta(days=70), lang="fa"),
        "credit_number": "C1", "credit_amount": "1000",
    }  # fmt: skip
    r = c.post("/finance/invoices/new/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    invoice = Invoice.objects.get()
    assert (invoice.amount, invoice.credit_total, invoice.net_amount) == (
        12_000_000,
        1000,
        11_999_000,
    )
    again = c.post("/finance/invoices/new/", {**data, "number": "ف 12"})
    assert again.status_code == 200 and Invoice.objects.count() == 1
    assert "پیش‌تر در کارساز ثبت شده" in again.content.decode()


def test_exports_are_scoped_and_readable(world):
    ff.financed(world)
    other = ff.finance_world()
    ff.submit(other)
    csv = client_for(world.supplier_user).get("/finance/invoices/export.csv").content.decode()
    assert csv.startswith("\ufeffشناسه,") and len(csv.strip().splitlines()) == 2
    xlsx = client_for(world.national).get("/finance/invoices/export.xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet.max_row == 3  # header + both programmes' invoices
    assert client_for(world.national).get("/finance/invoices/export.pdf").status_code == 400


def test_reports_page_and_reconciliation_for_staff(world):
    ff.financed(world)
    html = client_for(world.national).get("/finance/reports/").content.decode()
    assert 'data-testid="aging"' in html and 'data-testid="recon-link"' in html
    html = client_for(world.national).get("/finance/reports/reconciliation/").content.decode()
    assert 'data-testid="recon"' in html
    html = client_for(world.supplier_user).get("/finance/reports/").content.decode()
    assert 'data-testid="aging"' in html and 'data-testid="recon"' not in html
    assert verify_ledger() == []


def test_the_whole_journey_through_html_forms(world):
    invoice = ff.in_auction(world)
    bank = client_for(world.financier_users[0])
    bank.post(f"/finance/invoices/{invoice.pk}/bid/", {"once": "b1", "rate_percent": "۱۷٫۲۵"})
    bid = invoice.bids.get()
    assert bid.rate_bp == 1725
    client_for(world.supplier_user).post(
        f"/finance/invoices/{invoice.pk}/take/", {"once": "t1", "bid": bid.pk}
    )
    settlement = invoice.settlements.get()
    bank.post(f"/finance/settlements/{settlement.pk}/confirm/", {"once": "c1"})
    client_for(world.maker).post(
        f"/finance/invoices/{invoice.pk}/repay/", {"once": "r1", "amount": "1,000,000,000"}
    )
    repayment = invoice.settlements.get(kind="repayment")
    bank.post(f"/finance/settlements/{repayment.pk}/confirm/", {"once": "c2"})
    assert Invoice.objects.get(pk=invoice.pk).state == "repaid"
    assert verify_ledger() == []


def test_exports_defuse_formulas_and_keep_numbers(world):
    """Finding 4: an invoice number typed as a formula is text; amounts stay numbers."""
    ff.financed(world)
    invoice = Invoice.objects.get()
    Invoice.objects.filter(pk=invoice.pk).update(number="=cmd|' /C calc'!A0")
    client = client_for(world.national)
    text = client.get("/finance/invoices/export.csv").content.decode("utf-8-sig")
    header, row = (line.split(",") for line in text.splitlines()[:2])
    assert row[header.index("شماره فاکتور")] == "'=cmd|' /C calc'!A0"
    assert row[header.index("مبلغ (ریال)")] == str(invoice.amount)
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get("/finance/invoices/export.xlsx").content)
    ).active
    cells = {h.value: c for h, c in zip(sheet[1], sheet[2], strict=True)}
    assert (
        cells["شماره فاکتور"].value == "'=cmd|' /C calc'!A0"
        and cells["شماره فاکتور"].data_type == "s"
    )
    assert cells["مبلغ (ریال)"].value == invoice.amount and cells["مبلغ (ریال)"].data_type == "n"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("1" + "0" * 20, "Ensure this value is less than or equal to 9223372036854775807."),
        ("-1" + "0" * 20, "Ensure this value is greater than or equal to -9223372036854775808."),
        ("1.5", "Enter a whole number."),
    ],
)  # fmt: skip
def test_out_of_range_number_filters_show_an_error_on_the_list_and_its_exports(world, value, error):
    ff.submit(world)
    client = client_for(world.national)
    page = client.get("/finance/invoices/", {"programme": value}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert f"Programme: {error}" in page.content.decode()
    assert len(page.context["page"].object_list) == 0  # a bad filter lists nothing
    for fmt in ("csv", "xlsx"):
        export = client.get(
            f"/finance/invoices/export.{fmt}", {"programme": value}, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert export.status_code == 400
        assert export.content.decode() == f"Programme: {error}"
    ok = client.get("/finance/invoices/export.csv", {"programme": world.programme.pk})
    assert ok.status_code == 200 and len(ok.content.decode().strip().splitlines()) == 2


def test_export_speaks_the_page_language(world):
    """Headers, dates and the state in Persian (Jalali, Latin digits) and in English (ISO)."""
    from karsaz.core import jalali

    ff.financed(world)
    invoice = Invoice.objects.get()
    client = client_for(world.national)
    fa = client.get("/finance/invoices/export.csv").content.decode("utf-8-sig")
    header, row = (next(csv_module.reader([line])) for line in fa.splitlines()[:2])
    assert header[:9] == [
        "شناسه", "برنامه", "فروشنده", "خریدار", "شماره فاکتور", "شناسه مالیاتی", "تاریخ صدور",
        "سررسید", "مبلغ (ریال)",
    ]  # fmt: skip
    j = jalali.to_jalali(invoice.issue_date)
    assert row[header.index("تاریخ صدور")] == f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    assert row[header.index("وضعیت")] == "تأمین مالی‌شده"
    en = client.get("/finance/invoices/export.csv", HTTP_ACCEPT_LANGUAGE="en")
    lines = en.content.decode("utf-8-sig").splitlines()[:2]
    header, row = (next(csv_module.reader([line])) for line in lines)
    assert header[6:9] == ["Issue date", "Due date", "Amount (rials)"]
    assert row[6] == invoice.issue_date.isoformat() and row[8] == str(invoice.amount)
    assert row[header.index("State")] == invoice.get_state_display() != invoice.state
