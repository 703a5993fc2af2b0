"""The rial bound (core.money.MAX_RIALS) through finance: the largest allowed amounts run the
whole life cycle with a sound ledger, anything larger is a clear 400, and the ledger never
leaves 64-bit integers (issue 11, findings 1, 3 and 12). Runs on SQLite and PostgreSQL."""

import datetime as dt
import itertools
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from karsaz.core import jalali
from karsaz.core.money import MAX_BALANCE, MAX_RIALS
from karsaz.finance import ledger, services
from karsaz.finance.choices import AccountPurpose, EntryKind, InvoiceState
from karsaz.finance.ledger import Leg, account_for
from karsaz.finance.models import (
    Account,
    Bid,
    Invoice,
    JournalEntry,
    Limit,
    Posting,
    Settlement,
)
from karsaz.finance.verify import verify_ledger
from karsaz.testing import factories_finance as ff

pytestmark = pytest.mark.django_db
BASE = "/api/v1/finance"
INT64_MAX = 2**63 - 1
_keys = itertools.count()


def post(client, url, data):
    return client.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY=f"rb-{next(_keys)}")


def balance(enterprise, purpose):
    acc = account_for(enterprise, purpose)
    return acc.posted_balance, acc.pending_balance


# ---------------------------------------------------------------- the largest amounts, end to end


def test_the_largest_amount_runs_the_whole_life_cycle_with_a_sound_ledger(world):
    assert MAX_RIALS == 10**15
    invoice = ff.submit(world, amount=MAX_RIALS, days=91)
    services.invoice_approve(user=world.maker, invoice=invoice)
    invoice = services.invoice_approve(user=world.checker, invoice=invoice)
    assert invoice.state == InvoiceState.ACCEPTED
    assert balance(world.buyer, AccountPurpose.BUYER_PAYABLE) == (-MAX_RIALS, 0)

    services.invoice_request_financing(user=world.supplier_user, invoice=invoice)
    fin = world.financiers[1]
    bid = services.bid_place(
        user=world.financier_users[1], invoice=invoice, financier=fin, rate_bp=1825
    )
    settlement = services.bid_take(user=world.supplier_user, invoice=invoice, bid=bid)
    invoice.refresh_from_db()
    # 10**15 × 18.25 % × 91 / 365 = 45,500,000,000,000; fee 20 bp = 2,000,000,000,000.
    assert (invoice.discount, invoice.fee) == (45_500_000_000_000, 2_000_000_000_000)
    assert settlement.amount == 952_500_000_000_000
    assert all(
        lim.used == MAX_RIALS
        for lim in Limit.objects.filter(programme=world.programme)
        if lim.financier_id in (None, fin.pk) and lim.supplier_id in (None, world.supplier.pk)
    )
    assert verify_ledger() == []

    services.settlement_confirm(user=world.financier_users[1], settlement=settlement)
    assert balance(world.supplier, AccountPurpose.SUPPLIER_CASH) == (952_500_000_000_000, 0)
    repay = services.repayment_start(user=world.maker, invoice=invoice, amount=MAX_RIALS)
    services.settlement_confirm(user=world.financier_users[1], settlement=repay)
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.REPAID and invoice.principal_repaid == MAX_RIALS
    assert balance(world.buyer, AccountPurpose.BUYER_PAYABLE) == (0, 0)
    assert balance(fin, AccountPurpose.FINANCIER_RECEIVABLE) == (0, 0)
    assert balance(fin, AccountPurpose.FINANCIER_FUNDS) == (45_500_000_000_000, 0)
    assert balance(None, AccountPurpose.PLATFORM_FEES) == (2_000_000_000_000, 0)
    assert all(lim.used == 0 for lim in Limit.objects.all())
    assert all(isinstance(a.posted_balance, int) for a in Account.objects.all())
    assert sum(a.posted_balance for a in Account.objects.all()) == 0
    assert verify_ledger() == []
    assert _staff_client(world).get("/finance/reports/").status_code == 200


def test_the_largest_amount_cancelled_voided_and_re_auctioned_leaves_the_ledger_sound(world):
    cancelled = ff.accepted(world, amount=MAX_RIALS)
    services.invoice_cancel(user=world.supplier_user, invoice=cancelled)
    assert balance(world.buyer, AccountPurpose.BUYER_PAYABLE) == (0, 0)

    settlement = ff.taken(world, amount=MAX_RIALS)
    services.settlement_void(user=world.financier_users[0], settlement=settlement, reason="bounce")
    invoice = Invoice.objects.get(pk=settlement.invoice_id)
    assert invoice.state == InvoiceState.ACCEPTED
    services.invoice_request_financing(user=world.supplier_user, invoice=invoice)
    bid = services.bid_place(
        user=world.financier_users[1], invoice=invoice, financier=world.financiers[1], rate_bp=900
    )
    second = services.bid_take(user=world.supplier_user, invoice=invoice, bid=bid)
    services.settlement_confirm(user=world.financier_users[1], settlement=second)
    assert Invoice.objects.get(pk=invoice.pk).state == InvoiceState.FINANCED
    assert balance(world.buyer, AccountPurpose.BUYER_PAYABLE) == (-MAX_RIALS, 0)
    assert verify_ledger() == []
    html = _staff_client(world).get("/finance/reports/")
    assert html.status_code == 200


def _staff_client(world) -> Client:
    c = Client()
    c.force_login(world.national)
    return c


def test_one_rial_more_than_the_maximum_is_refused_everywhere_in_services(world):
    with pytest.raises(ValidationError) as err:
        ff.submit(world, amount=MAX_RIALS + 1)
    assert "amount" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.limit_set(
            user=world.national, programme=world.programme, kind="buyer", cap=INT64_MAX + 1
        )
    assert "cap" in err.value.message_dict
    invoice = ff.financed(world)
    with pytest.raises(ValidationError) as err:
        services.repayment_start(user=world.maker, invoice=invoice, amount=MAX_RIALS + 1)
    assert "amount" in err.value.message_dict
    assert not Settlement.objects.filter(kind="repayment").exists()


def test_a_penalty_stops_at_the_maximum(db):
    w = ff.finance_world(penalty_rate_bp=100_000)  # 1000 % a year
    invoice = ff.financed(w, amount=MAX_RIALS, days=30)
    services.finance_tick(now=timezone.now() + dt.timedelta(days=31 + 400))
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.OVERDUE and invoice.penalty_accrued == MAX_RIALS
    assert verify_ledger() == []


# ---------------------------------------------------------------- the ledger's own bounds


def test_a_posting_that_would_take_a_balance_past_its_bound_is_refused_and_writes_nothing(world):
    a = account_for(world.supplier, AccountPurpose.SUPPLIER_CASH)
    b = account_for(None, AccountPurpose.BANK_CLEARING)
    # Balances at the bound (set directly: reaching them honestly takes 9,000 postings).
    Account.objects.filter(pk=a.pk).update(posted_balance=MAX_BALANCE)
    Account.objects.filter(pk=b.pk).update(posted_balance=-MAX_BALANCE)
    entries = JournalEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        ledger.post_entry(key="over", kind=EntryKind.DISBURSEMENT, legs=[Leg(a, 1), Leg(b, -1)])
    assert "amount" in err.value.message_dict
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.posted_balance, b.posted_balance) == (MAX_BALANCE, -MAX_BALANCE)
    assert type(a.posted_balance) is int
    assert JournalEntry.objects.count() == entries and not Posting.objects.exists()
    # Pending too.
    Account.objects.filter(pk=a.pk).update(posted_balance=0, pending_balance=MAX_BALANCE)
    Account.objects.filter(pk=b.pk).update(posted_balance=0, pending_balance=-MAX_BALANCE)
    with pytest.raises(ValidationError):
        ledger.post_entry(
            key="over2", kind=EntryKind.DISBURSEMENT, legs=[Leg(a, 5), Leg(b, -5)], pending=True
        )
    assert not Posting.objects.exists()


def test_a_posting_past_the_maximum_amount_is_refused(world):
    a = account_for(world.supplier, AccountPurpose.SUPPLIER_CASH)
    b = account_for(None, AccountPurpose.BANK_CLEARING)
    with pytest.raises(ValidationError):
        ledger.post_entry(
            key="big", kind=EntryKind.DISBURSEMENT, legs=[Leg(a, INT64_MAX), Leg(b, -INT64_MAX)]
        )
    assert not Posting.objects.exists()


def test_verify_ledger_sums_exactly_past_64_bits(world):
    """9,300 entries of ±MAX_RIALS: sums reach 9.3 * 10**18 > 2**63 - 1. SQLite's SUM stopped
    with 'integer overflow' here; the check must report exact figures instead."""
    a = account_for(world.supplier, AccountPurpose.SUPPLIER_CASH)
    b = account_for(None, AccountPurpose.BANK_CLEARING)
    n = 9_300
    entries = JournalEntry.objects.bulk_create(
        [JournalEntry(idempotency_key=f"x{i}", kind=EntryKind.DISBURSEMENT) for i in range(n)]
    )
    # All debits first, then all credits: the running total passes 2**63 on the way.
    Posting.objects.bulk_create([Posting(entry=e, account=a, amount=MAX_RIALS) for e in entries])
    Posting.objects.bulk_create([Posting(entry=e, account=b, amount=-MAX_RIALS) for e in entries])
    total = n * MAX_RIALS
    assert total > INT64_MAX
    # The cached balances cannot hold that (MAX_BALANCE): exactly these two breaches, no crash.
    assert verify_ledger() == [
        f"account {a.pk} posted balance 0 != postings {total}",
        f"account {b.pk} posted balance 0 != postings {-total}",
    ]
    assert ledger.balances(a) == {"posted": total, "pending": 0}


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_keeps_the_append_only_trigger_after_the_bounds_migration(world):
    from django.db import DatabaseError

    ff.accepted(world)
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("UPDATE finance_posting SET amount = amount")


# ---------------------------------------------------------------- the API: a rial is a JSON integer


def _invoice_body(w, amount):
    today = timezone.localdate()
    return {
        "programme": w.programme.pk,
        "number": "RB-1",
        "issue_date": str(today - dt.timedelta(days=3)),
        "due_date": str(today + dt.timedelta(days=60)),
        "amount": amount,
    }


@pytest.mark.parametrize(
    "raw",
    ["1000.0", "1e3", '"000100"', '"100"', "true", str(2**63), str(INT64_MAX), "-5",
     str(MAX_RIALS + 1), "100000000000000000000"],
)  # fmt: skip
def test_api_refuses_anything_but_an_integer_rial_in_range_before_any_sql(world, api_as, raw):
    body = json.dumps(_invoice_body(world, 0)).replace('"amount": 0', f'"amount": {raw}')
    client = api_as(world.supplier_user)
    with CaptureQueriesContext(connection) as queries:
        r = client.post(
            f"{BASE}/invoices/", body, content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=f"rb-{next(_keys)}",
        )  # fmt: skip
    assert r.status_code == 400, r.content
    assert list(r.json()) == ["amount"]
    assert not any("finance_invoice" in q["sql"] for q in queries.captured_queries)
    assert not Invoice.objects.exists()


def test_api_accepts_the_maximum_and_says_why_it_refuses_more(world, api_as):
    client = api_as(world.supplier_user)
    r = post(client, f"{BASE}/invoices/", _invoice_body(world, MAX_RIALS))
    assert r.status_code == 201 and r.json()["amount"] == MAX_RIALS
    r = post(client, f"{BASE}/invoices/", {**_invoice_body(world, MAX_RIALS + 1), "number": "X"})
    assert r.status_code == 400
    assert r.json() == {
        "amount": [
            {
                "message": "مبلغ حداکثر می‌تواند ۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال باشد.",
                "code": "max_value",
            }
        ]
    }


@pytest.mark.parametrize("amount", [2**63, MAX_RIALS + 1, -1, 1000.0, "5"])
def test_every_finance_amount_in_the_api_is_bounded(world, api_as, amount):
    from karsaz.registry.choices import EnterpriseKind
    from karsaz.testing.factories import EnterpriseFactory

    nat, bank = api_as(world.national), api_as(world.financier_users[0])
    pk = world.programme.pk
    buyer = EnterpriseFactory(kind=EnterpriseKind.ANCHOR_BUYER)
    calls = [
        (nat, f"{BASE}/programmes/", {"buyer": buyer.pk, "name_fa": "ب", "buyer_limit": amount},
         "buyer_limit"),
        (nat, f"{BASE}/programmes/{pk}/suppliers/",
         {"enterprise": world.other_supplier.pk, "limit": amount}, "limit"),
        (nat, f"{BASE}/programmes/{pk}/financiers/",
         {"enterprise": world.financiers[0].pk, "limit": amount}, "limit"),
        (nat, f"{BASE}/limits/set/", {"programme": pk, "kind": "buyer", "cap": amount}, "cap"),
        (bank, f"{BASE}/programmes/{pk}/auto-bid/", {"rate_bp": 1500, "max_amount": amount},
         "max_amount"),
    ]  # fmt: skip
    for client, url, body, field in calls:
        r = post(client, url, body)
        assert r.status_code == 400 and field in r.json(), (url, r.content)
    invoice = ff.financed(world)
    r = post(api_as(world.maker), f"{BASE}/invoices/{invoice.pk}/repay/", {"amount": amount})
    assert r.status_code == 400 and "amount" in r.json()


# ---------------------------------------------------------------- the HTML forms keep the sign


def _form(world, amount, **over):
    today = timezone.localdate()
    return {
        "programme": world.programme.pk, "number": "H-1", "amount": amount,
        "issue_date": jalali.format_date(today, lang="fa"),
        "due_date": jalali.format_date(today + dt.timedelta(days=70), lang="fa"),
        **over,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "مبلغ نمی‌تواند منفی باشد."),
        ("−۵", "مبلغ نمی‌تواند منفی باشد."),
        ("1-000", "مبلغ را به ریال و بدون اعشار وارد کنید."),
        ("1.5", "مبلغ را به ریال و بدون اعشار وارد کنید."),
        ("۱٫۵", "مبلغ را به ریال و بدون اعشار وارد کنید."),
        (str(2**63), "مبلغ حداکثر می‌تواند ۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال باشد."),
    ],
)
def test_upload_form_refuses_negative_malformed_and_huge_amounts(world, typed, message):
    c = _staff_client(world)
    c.force_login(world.supplier_user)
    r = c.post("/finance/invoices/new/", _form(world, typed))
    assert r.status_code == 200 and message in r.content.decode()
    r = c.post(
        "/finance/invoices/new/", _form(world, "1000", credit_number="C", credit_amount=typed)
    )
    assert r.status_code == 200 and message in r.content.decode()
    assert not Invoice.objects.exists()


def test_upload_form_reads_persian_arabic_and_grouped_digits(world):
    c = Client()
    c.force_login(world.supplier_user)
    r = c.post("/finance/invoices/new/", _form(world, "۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰"))
    assert r.status_code == 302
    r = c.post("/finance/invoices/new/", _form(world, "١٢ ٠٠٠", number="H-2"))
    assert r.status_code == 302
    assert sorted(Invoice.objects.values_list("amount", flat=True)) == [12_000, MAX_RIALS]


def test_a_negative_bid_rate_is_refused_not_stored_as_positive(world):
    invoice = ff.in_auction(world)
    bank = Client()
    bank.force_login(world.financier_users[0])
    for typed in ("-3", "−۳", "3-"):
        r = bank.post(
            f"/finance/invoices/{invoice.pk}/bid/", {"once": f"b{typed}", "rate_percent": typed}
        )
        assert r.status_code in (200, 302)
    assert not Bid.objects.exists()
    bank.post(f"/finance/invoices/{invoice.pk}/bid/", {"once": "ok", "rate_percent": "۳"})
    assert Bid.objects.get().rate_bp == 300


def test_a_negative_repayment_is_refused(world):
    invoice = ff.financed(world)
    c = Client()
    c.force_login(world.maker)
    c.post(f"/finance/invoices/{invoice.pk}/repay/", {"once": "r1", "amount": "-5"})
    assert not Settlement.objects.filter(kind="repayment").exists()


def test_the_database_refuses_rials_past_the_bound_even_if_code_errs(world):
    from django.db import IntegrityError, transaction

    invoice = ff.submit(world)
    for qs, change in (
        (Invoice.objects.filter(pk=invoice.pk), {"amount": MAX_RIALS + 1}),
        (Limit.objects.filter(programme=world.programme, kind="buyer"), {"cap": MAX_RIALS + 1}),
        (
            Account.objects.filter(pk=account_for(None, "bank_clearing").pk),
            {"pending_balance": MAX_BALANCE + 1},
        ),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            qs.update(**change)
