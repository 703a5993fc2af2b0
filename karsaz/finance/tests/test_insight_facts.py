"""Supply-chain finance's insight facts against a hand-computed fixture: five invoices walked
through the real services, so the ledger's entries and postings are the ones production writes
(their dates are the clock's: every figure lands in the current Jalali month unless moved)."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.finance import services
from karsaz.finance.models import Invoice
from karsaz.finance.services import clock
from karsaz.insights import catalog, months
from karsaz.insights.models import Cell
from karsaz.insights.selectors import Filters, breakdown
from karsaz.insights.services.refresh import refresh
from karsaz.registry.models import Enterprise, IsicActivity, Province
from karsaz.testing.factories_finance import accepted, financed, in_auction, submit

pytestmark = pytest.mark.django_db
CODES = [code for code in catalog.facts() if code.startswith("finance.")]
GIGA = 1_000_000_000


def cells(code: str) -> list[tuple[Any, ...]]:
    return sorted(
        Cell.objects.filter(fact=code).values_list(
            "month", "province__code", "kind", "series", "rows", "total", "firms"
        )
    )


@pytest.fixture
def data(world: Any) -> Any:
    w = world
    today = timezone.localdate()
    w.month = months.month_of(today)
    w.inv1 = financed(w, amount=1 * GIGA, rate_bp=1800)
    w.inv2 = accepted(w, amount=2 * GIGA, supplier=w.other_supplier)
    w.inv3 = services.invoice_reject(user=w.maker, invoice=submit(w, amount=GIGA // 2))
    w.inv4 = in_auction(w, amount=4 * GIGA)
    for user, financier, rate in zip(w.financier_users, w.financiers, (2100, 2200), strict=True):
        services.bid_place(user=user, invoice=w.inv4, financier=financier, rate_bp=rate)
    w.inv5 = financed(w, amount=5 * GIGA, rate_bp=2000)
    clock.invoice_mark_overdue(invoice=w.inv5, now=timezone.now() + dt.timedelta(days=120))
    # inv1: submitted 10 days before it was financed, repaid in full 3 days after its due date.
    settlement = services.repayment_start(user=w.maker, invoice=w.inv1, amount=1 * GIGA)
    services.settlement_confirm(user=w.financier_users[0], settlement=settlement)
    w.due = today - dt.timedelta(days=3)
    Invoice.objects.filter(pk=w.inv1.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=10),
        issue_date=today - dt.timedelta(days=30),
        due_date=w.due,
    )
    for name in ("inv1", "inv5"):
        setattr(w, name, Invoice.objects.get(pk=getattr(w, name).pk))
    refresh(full=True, codes=CODES)
    return w


def test_every_finance_fact_is_declared(data: Any) -> None:
    assert CODES == [
        "finance.invoices", "finance.accepted", "finance.rejected", "finance.financed",
        "finance.disbursed", "finance.repaid", "finance.bids_per_invoice",
        "finance.discount_rate", "finance.days_to_fund", "finance.repayment_delay",
        "finance.defaults",
    ]  # fmt: skip


def test_invoices_by_state_and_amount(data: Any) -> None:
    m = data.month
    assert cells("finance.invoices") == [
        (m, "23", "sme", "accepted", 1, 2 * GIGA, 1),
        (m, "26", "sme", "auction", 1, 4 * GIGA, 1),
        (m, "26", "sme", "overdue", 1, 5 * GIGA, 1),
        (m, "26", "sme", "rejected", 1, GIGA // 2, 1),
        (m, "26", "sme", "repaid", 1, 1 * GIGA, 1),
    ]


def test_accepted_rejected_and_defaults(data: Any) -> None:
    m = data.month
    assert cells("finance.accepted") == [
        (m, "23", "sme", "", 1, 2 * GIGA, 1),
        (m, "26", "sme", "", 3, 10 * GIGA, 1),
    ]
    assert cells("finance.rejected") == [(m, "26", "sme", "", 1, GIGA // 2, 1)]
    assert cells("finance.defaults") == [(m, "26", "sme", "", 1, 5 * GIGA, 1)]


def test_money_is_read_from_the_ledger(data: Any) -> None:
    m = data.month
    assert cells("finance.financed") == [(m, "26", "sme", "", 2, 6 * GIGA, 1)]
    # What the suppliers received is what the invoices' disbursement split says they would.
    cash = data.inv1.to_supplier + data.inv5.to_supplier
    assert 0 < cash < 6 * GIGA
    assert cells("finance.disbursed") == [(m, "26", "sme", "", 2, cash, 1)]
    assert cells("finance.repaid") == [(m, "26", "sme", "", 1, 1 * GIGA, 1)]


def test_means_store_sum_and_count(data: Any) -> None:
    m = data.month
    # Bids on the three invoices put to auction: 1 (inv1), 2 (inv4), 1 (inv5).
    assert cells("finance.bids_per_invoice") == [(m, "26", "sme", "", 3, 4, 1)]
    # Winning rates 1800 and 2000 bp: a mean of 19.00 % (scale 100).
    assert cells("finance.discount_rate") == [(m, "26", "sme", "", 2, 3800, 1)]
    rate = catalog.fact("finance.discount_rate")
    assert rate is not None and (rate.mean, rate.unit, rate.scale) == (True, "percent", 100)
    assert cells("finance.days_to_fund") == [(m, "26", "sme", "", 2, 10, 1)]
    assert cells("finance.repayment_delay") == [
        (months.month_of(data.due), "26", "sme", "", 1, 3, 1)
    ]


def test_amounts_by_province_and_sector(data: Any) -> None:
    # The Qazvin supplier makes parts (ISIC class 2930, division 29); the Tehran one has none.
    Enterprise.objects.filter(pk=data.supplier.pk).update(
        isic=IsicActivity.objects.get(code="2930")
    )
    refresh(full=True, codes=["finance.accepted"])
    fact = catalog.fact("finance.accepted")
    assert fact is not None
    by_province = breakdown(fact, Filters(), "province")
    code = dict(Province.objects.values_list("pk", "code"))
    assert {code[r["key"]]: (r["total"], r["firms"]) for r in by_province} == {
        "26": (10 * GIGA, 1),
        "23": (2 * GIGA, 1),
    }
    by_sector = breakdown(fact, Filters(), "isic_division")
    assert [(r["key"], r["rows"], r["total"]) for r in by_sector] == [
        ("", 1, 2 * GIGA),
        ("29", 3, 10 * GIGA),
    ]
    qazvin = Province.objects.get(code="26").pk
    [only] = breakdown(fact, Filters(province=qazvin, isic_division="29"))
    assert only["total"] == 10 * GIGA


def test_buyer_credit_record_is_not_public(data: Any) -> None:
    private = sorted(c for c, f in catalog.facts().items() if c in CODES and not f.public)
    assert private == ["finance.defaults", "finance.repayment_delay"]
