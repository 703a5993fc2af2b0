"""Who sees what of an invoice's money (README, "Who sees what"): issue 11, findings 2 and 8.

The scenario: financier 0 wins, the bank bounces its disbursement, staff void it, the unit is
auctioned again and financier 1 wins. Neither financier may read the other's entry, postings,
settlement, price or name; the buyer reads what it owes and to whom, the supplier what it
receives; reconciliation is national staff's only. The ledger stays sound throughout.
"""

import csv
import io
import itertools
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils.translation import override
from rest_framework import serializers

from karsaz.core import jalali
from karsaz.finance import exporting, services
from karsaz.finance.models import Invoice, JournalEntry, Settlement
from karsaz.finance.permissions import PRICE_FIELDS, REPAYMENT_FIELDS
from karsaz.finance.verify import verify_ledger
from karsaz.testing import factories_finance as ff

pytestmark = pytest.mark.django_db
BASE = "/api/v1/finance"
NET = 1_000_000_000  # ff.submit's amount, due in 90 days
# Financier 1's price: 2000 bp a year for 90 days on NET, and the programme's 20 bp fee.
DISCOUNT = 49_315_068  # 10⁹ × 0.2 × 90 / 365 = 49,315,068.49…, half to even
FEE = 2_000_000
TO_SUPPLIER = NET - DISCOUNT - FEE  # 948,684,932
_keys = itertools.count()
_when = serializers.DateTimeField()


def _page(client: Any, url: str) -> list[dict[str, Any]]:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return r.json()["results"]


def _english(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    c.cookies["karsaz_language"] = "en"
    return c


def _entry(e: JournalEntry, postings: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "id": e.pk, "kind": e.kind, "phase": e.phase, "resolves": e.resolves_id,
        "reverses": e.reverses_id, "reason": e.reason, "invoice": e.invoice_id,
        "created_at": _when.to_representation(e.created_at), "postings": postings or [],
    }  # fmt: skip


def _settlement(st: Settlement) -> dict[str, Any]:
    st.refresh_from_db()
    return {
        "id": st.pk, "invoice": st.invoice_id, "kind": st.kind, "phase": st.phase,
        "amount": st.amount, "principal_part": st.principal_part,
        "penalty_part": st.penalty_part, "bank_reference": st.bank_reference,
        "created_at": _when.to_representation(st.created_at),
        "resolved_at": _when.to_representation(st.resolved_at) if st.resolved_at else None,
    }  # fmt: skip


def _csv_rows(user: Any) -> list[dict[str, str]]:
    body = _english(user).get("/finance/invoices/export.csv").content.decode("utf-8-sig")
    with override("en"):
        codes = {str(label): code for code, label in exporting.LABELS.items()}
    return [{codes[k]: v for k, v in row.items()} for row in csv.DictReader(io.StringIO(body))]


def _entries_table(html: str) -> list[str]:
    """The rows of the invoice page's ledger table, tags stripped, spaces folded."""
    table = html.split('data-testid="entries"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def _steps(invoice: Invoice) -> list[JournalEntry]:
    """The invoice's steps that move no money: every party who sees the invoice sees them."""
    return [
        e
        for e in invoice.entries.order_by("id")
        if e.resolves_id is None and not e.postings.exists()
    ]


@pytest.fixture
def voided(world: SimpleNamespace) -> SimpleNamespace:
    """Financier 0 took the unit, its transfer bounced and staff voided it; the unit is in its
    second auction, where financier 1 has bid."""
    first = ff.taken(world, rate_bp=1800, financier=0)
    invoice = Invoice.objects.get(pk=first.invoice_id)
    services.settlement_void(user=world.national, settlement=first, reason="bounced: R-77")
    assert verify_ledger() == []
    services.invoice_request_financing(user=world.supplier_user, invoice=invoice)
    bid = services.bid_place(
        user=world.financier_users[1], invoice=invoice, financier=world.financiers[1],
        rate_bp=2000,
    )  # fmt: skip
    assert verify_ledger() == []
    void = JournalEntry.objects.get(resolves=first.pending_entry)
    return SimpleNamespace(invoice=invoice, first=first, void=void, bid=bid)


def test_the_rival_in_the_re_auction_reads_nothing_of_the_voided_disbursement(world, voided):
    rival, bank0 = world.financier_users[1], world.financiers[0]
    api = Client()
    api.force_login(rival)
    invoice, first = voided.invoice, voided.first
    # API entries: only the steps that move no money (no acceptance, no disbursement, no void).
    steps = _steps(invoice)
    assert [e.kind for e in steps] == [
        "submission", "maker_approval", "financing_request", "financing_request",
    ]  # fmt: skip
    assert _page(api, f"{BASE}/entries/") == [_entry(e) for e in steps]
    for entry in (first.pending_entry, voided.void, invoice.entries.get(kind="acceptance")):
        assert api.get(f"{BASE}/entries/{entry.pk}/").status_code == 404
    assert api.get(f"{BASE}/entries/{steps[0].pk}/").json() == _entry(steps[0])
    # Settlements: none of its own yet; the voided one does not exist for it.
    assert _page(api, f"{BASE}/settlements/") == []
    assert api.get(f"{BASE}/settlements/{first.pk}/").status_code == 404
    # Bids: its own only; the invoice in auction carries no price.
    assert [b["id"] for b in _page(api, f"{BASE}/bids/")] == [voided.bid.pk]
    data = api.get(f"{BASE}/invoices/{invoice.pk}/").json()
    assert (data["state"], data["financier"], data["rate_bp"], data["discount"], data["fee"]) == (
        "auction", None, None, 0, 0,
    )  # fmt: skip
    # The invoice page: the same four steps, not a word of financier 0.
    html = _english(rival).get(f"/finance/invoices/{invoice.pk}/").content.decode()
    labels = ["Invoice submitted", "First approval", "Financing requested", "Financing requested"]
    assert _entries_table(html) == [
        f"{e.pk} {_html_when(e)} {label} —" for e, label in zip(steps, labels, strict=True)
    ]
    for leak in (bank0.name_fa, bank0.name_en, "R-77", "Disbursement", "1,800", "Bounced"):
        assert leak not in html, leak
    # The export: the unit as it is now, with no trace of the first sale.
    assert _csv_rows(rival) == [_csv_row(invoice, financier="", rate_bp="", discount="0",
                                         fee="0")]  # fmt: skip


def _html_when(e: JournalEntry) -> str:
    return jalali.format_datetime(e.created_at, lang="en")


def _csv_row(invoice: Invoice, **over: str) -> dict[str, str]:
    invoice.refresh_from_db()
    row = {
        "id": str(invoice.pk), "programme": invoice.programme.name_en,
        "supplier": invoice.supplier.name_en, "buyer": invoice.buyer.name_en,
        "number": invoice.number, "tax_id": "", "issue_date": invoice.issue_date.isoformat(),
        "due_date": invoice.due_date.isoformat(), "amount": str(NET), "credit_total": "0",
        "net_amount": str(NET), "state": invoice.get_state_display(), "principal_repaid": "0",
        "penalty_accrued": "0", "penalty_paid": "0", "outstanding_principal": str(NET),
    }  # fmt: skip
    row.update(over)
    return row


@pytest.fixture
def refinanced(world: SimpleNamespace, voided: SimpleNamespace) -> SimpleNamespace:
    """…then the supplier took financier 1's bid, the bank confirmed, and the buyer started
    repaying 100 million rials."""
    second = services.bid_take(user=world.supplier_user, invoice=voided.invoice, bid=voided.bid)
    services.settlement_confirm(user=world.financier_users[1], settlement=second)
    invoice = Invoice.objects.get(pk=voided.invoice.pk)
    assert (invoice.state, invoice.discount, invoice.fee, invoice.to_supplier) == (
        "financed", DISCOUNT, FEE, TO_SUPPLIER,
    )  # fmt: skip
    second.refresh_from_db()
    repayment = services.repayment_start(user=world.maker, invoice=invoice, amount=100_000_000)
    assert verify_ledger() == []
    return SimpleNamespace(
        **{**vars(voided), "invoice": invoice}, second=second, repayment=repayment
    )


def test_the_first_financier_keeps_its_own_history_and_reads_nothing_of_the_winner(
    world, refinanced
):
    api = Client()
    api.force_login(world.financier_users[0])
    first, invoice = refinanced.first, refinanced.invoice
    own = [first.pending_entry, refinanced.void]
    assert [(e["id"], e["phase"]) for e in _page(api, f"{BASE}/entries/")] == [
        (own[0].pk, "pending"), (own[1].pk, "void_pending"),
    ]  # fmt: skip
    assert api.get(f"{BASE}/entries/{refinanced.void.pk}/").json() == _entry(refinanced.void)
    assert _page(api, f"{BASE}/settlements/") == [_settlement(first)]
    assert api.get(f"{BASE}/settlements/{first.pk}/").json()["phase"] == "voided"
    for url in (
        f"{BASE}/settlements/{refinanced.second.pk}/",
        f"{BASE}/settlements/{refinanced.repayment.pk}/",
        f"{BASE}/entries/{refinanced.second.pending_entry.pk}/",
        f"{BASE}/entries/{refinanced.second.resolution_entry.pk}/",
        f"{BASE}/invoices/{invoice.pk}/",
    ):
        assert api.get(url).status_code == 404, url
    page = _english(world.financier_users[0]).get(f"/finance/invoices/{invoice.pk}/")
    assert page.status_code == 404
    assert _csv_rows(world.financier_users[0]) == []


def test_the_buyer_reads_what_it_owes_to_whom_and_when_never_the_price(world, refinanced):
    api = Client()
    api.force_login(world.maker)
    invoice, bank1 = refinanced.invoice, world.financiers[1]
    data = api.get(f"{BASE}/invoices/{invoice.pk}/").json()
    assert not set(data) & PRICE_FIELDS
    assert {k: data[k] for k in (
        "state", "due_date", "net_amount", "financier", "principal_repaid", "penalty_accrued",
        "penalty_paid", "outstanding_principal", "outstanding_penalty",
    )} == {
        "state": "financed", "due_date": invoice.due_date.isoformat(), "net_amount": NET,
        "financier": bank1.pk, "principal_repaid": 0, "penalty_accrued": 0, "penalty_paid": 0,
        "outstanding_principal": NET, "outstanding_penalty": 0,
    }  # fmt: skip
    listed = _page(api, f"{BASE}/invoices/")
    assert listed == [data]
    # Limits: the programme's limit on it and on each supplier, never a financier's.
    limits = _page(api, f"{BASE}/limits/")
    assert sorted((x["kind"], x["supplier"], x["cap"], x["used"]) for x in limits) == sorted([
        ("buyer", None, ff.BIG, NET),
        ("supplier", world.supplier.pk, ff.BIG, NET),
        ("supplier", world.other_supplier.pk, ff.BIG, 0),
    ])  # fmt: skip
    # Entries: its acceptance, its repayment and the steps; no disbursement, no void.
    kinds = [(e["kind"], e["phase"]) for e in _page(api, f"{BASE}/entries/")]
    assert kinds == [
        ("submission", "posted"), ("maker_approval", "posted"), ("acceptance", "posted"),
        ("financing_request", "posted"), ("financing_request", "posted"),
        ("repayment", "pending"),
    ]  # fmt: skip
    assert _page(api, f"{BASE}/settlements/") == [_settlement(refinanced.repayment)]
    assert api.get(f"{BASE}/settlements/{refinanced.second.pk}/").status_code == 404
    html = _english(world.maker).get(f"/finance/invoices/{invoice.pk}/").content.decode()
    assert bank1.name_en in html  # whom it pays
    rival = world.financiers[0]
    for leak in ("Rate", "Discount", "Platform fee", "Paid to the supplier", "basis points",
                 "Disbursement", rival.name_fa, rival.name_en):  # fmt: skip
        assert leak not in html, leak
    assert _csv_rows(world.maker) == [_csv_row(
        invoice, financier=bank1.name_en, rate_bp="", discount="", fee="",
    )]  # fmt: skip


def test_the_supplier_reads_what_it_receives_not_the_repayments(world, refinanced):
    api = Client()
    api.force_login(world.supplier_user)
    invoice = refinanced.invoice
    data = api.get(f"{BASE}/invoices/{invoice.pk}/").json()
    assert not set(data) & REPAYMENT_FIELDS
    assert {k: data[k] for k in ("financier", "rate_bp", "discount", "fee", "to_supplier")} == {
        "financier": world.financiers[1].pk, "rate_bp": 2000, "discount": DISCOUNT, "fee": FEE,
        "to_supplier": TO_SUPPLIER,
    }  # fmt: skip
    assert _page(api, f"{BASE}/settlements/") == [
        _settlement(refinanced.second), _settlement(refinanced.first),
    ]  # fmt: skip
    assert api.get(f"{BASE}/settlements/{refinanced.repayment.pk}/").status_code == 404
    kinds = [(e["kind"], e["phase"]) for e in _page(api, f"{BASE}/entries/")]
    assert kinds == [
        ("submission", "posted"), ("maker_approval", "posted"), ("acceptance", "posted"),
        ("financing_request", "posted"), ("disbursement", "pending"),
        ("disbursement", "void_pending"), ("financing_request", "posted"),
        ("disbursement", "pending"), ("disbursement", "post_pending"),
    ]  # fmt: skip
    (limit,) = _page(api, f"{BASE}/limits/")  # its own supplier limit, nothing else
    assert {k: v for k, v in limit.items() if k != "id"} == {
        "programme": world.programme.pk, "kind": "supplier", "financier": None,
        "supplier": world.supplier.pk, "cap": ff.BIG, "used": NET, "available": ff.BIG - NET,
    }  # fmt: skip
    html = _english(world.supplier_user).get(f"/finance/invoices/{invoice.pk}/").content.decode()
    assert 'data-testid="to-supplier"' in html and "Principal repaid" not in html
    assert _csv_rows(world.supplier_user) == [_csv_row(
        invoice, financier=world.financiers[1].name_en, rate_bp="2000", discount=str(DISCOUNT),
        fee=str(FEE), principal_repaid="", penalty_accrued="", penalty_paid="",
        outstanding_principal="",
    )]  # fmt: skip
    # Aging is the buyer's debt to the financier: none of it is the supplier's.
    aging = api.get(f"{BASE}/reports/aging/").json()
    assert [(row["count"], row["outstanding"]) for row in aging] == [(0, 0)] * 5
    maker = Client()
    maker.force_login(world.maker)
    assert maker.get(f"{BASE}/reports/aging/").json()[0] == {
        "bucket": "current", "count": 1, "outstanding": NET, "penalty": 0,
    }  # fmt: skip


def test_reconciliation_is_national_staff_only(world, refinanced):
    for user in (world.qazvin_officer, world.supplier_user, world.maker, world.financier_users[1]):
        api = Client()
        api.force_login(user)
        assert api.get(f"{BASE}/reports/reconciliation/").status_code == 403
        assert _english(user).get("/finance/reports/reconciliation/").status_code == 403
        assert (
            'data-testid="recon-link"'
            not in _english(user).get("/finance/reports/").content.decode()
        )
    api = Client()
    api.force_login(world.national)
    assert api.get(f"{BASE}/reports/reconciliation/").json()["total"] == 0
    html = _english(world.national).get("/finance/reports/reconciliation/").content.decode()
    assert 'data-testid="recon"' in html
    # The provincial officer still reads the units of its province's suppliers, all of them.
    officer = Client()
    officer.force_login(world.qazvin_officer)
    assert len(_page(officer, f"{BASE}/entries/")) == refinanced.invoice.entries.count()
    assert len(_page(officer, f"{BASE}/settlements/")) == 3
    assert verify_ledger() == []


def test_nobody_sorts_invoices_by_a_figure_hidden_from_them(world):
    cheap = ff.financed(world, rate_bp=1000, financier=0)
    dear = ff.financed(world, rate_bp=3000, financier=1)
    services.repayment_start(user=world.maker, invoice=cheap, amount=NET)
    services.settlement_confirm(
        user=world.financier_users[0], settlement=cheap.settlements.get(kind="repayment")
    )
    for user, fields in ((world.maker, PRICE_FIELDS), (world.supplier_user, REPAYMENT_FIELDS)):
        api = Client()
        api.force_login(user)
        for field in sorted(fields):
            orders = {
                tuple(row["id"] for row in _page(api, f"{BASE}/invoices/?ordering={sign}{field}"))
                for sign in ("", "-")
            }
            assert orders == {(dear.pk, cheap.pk)}, (user, field)  # the default: newest first
    assert verify_ledger() == []
