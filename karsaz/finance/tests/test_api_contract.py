"""The finance API's operations, each with its contract (karsaz.testing.api)."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.finance import services
from karsaz.finance.models import Invoice
from karsaz.testing import factories_finance as ff
from karsaz.testing.api import Contract, contract_tests
from karsaz.testing.queries import N

BASE = "/api/v1/finance"


@pytest.fixture
def contract_world(db: Any) -> Any:
    w = ff.finance_world()
    w.bank = w.financier_users[0]
    return w


def _once(w: Any, name: str, make: Any) -> Any:
    if not hasattr(w, name):
        setattr(w, name, make(w))
    return getattr(w, name)


def invoice(w: Any) -> Any:
    return _once(w, "contract_invoice", ff.submit)


def auctioned(w: Any) -> Any:
    return _once(w, "contract_auctioned", ff.in_auction)


def bid(w: Any) -> Any:
    def make(w: Any) -> Any:
        return services.bid_place(
            user=w.financier_users[0],
            invoice=auctioned(w),
            financier=w.financiers[0],
            rate_bp=1500,
        )

    return _once(w, "contract_bid", make)


def settlement(w: Any) -> Any:
    return _once(w, "contract_settlement", ff.taken)


def programme(w: Any) -> Any:
    return w.programme


def invoice_body(w: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "programme": w.programme.pk,
        "number": "ف-۱۲۳/۴",
        "issue_date": str(today - dt.timedelta(days=3)),
        "due_date": str(today + dt.timedelta(days=60)),
        "amount": 500_000_000,
        "tax_id": "A1B2C3",
    }


def bad_invoice(w: Any) -> dict[str, Any]:
    return {**invoice_body(w), "amount": 0, "due_date": "nope", "number": ""}


def invoices() -> int:
    return Invoice.objects.count()


def grow_invoices(w: Any) -> None:
    for _ in range(N):
        ff.accepted(w)


CONTRACTS = [
    Contract(f"GET {BASE}/invoices/", user="supplier_user", budget=3, grow=grow_invoices),
    Contract(
        f"POST {BASE}/invoices/",
        user="supplier_user",
        body=invoice_body,
        bad=bad_invoice,
        errors={"due_date": ("invalid",), "number": ("blank",)},
        idempotent=True,
        writes=invoices,
    ),
    Contract(
        f"GET {BASE}/invoices/{{id}}/",
        record=invoice,
        outsider="outsider",
        user="supplier_user",
        budget=2,
        grow=grow_invoices,
    ),
    Contract(f"POST {BASE}/invoices/{{id}}/approve/", record=invoice, outsider="outsider"),
    Contract(f"POST {BASE}/invoices/{{id}}/reject/", record=invoice, outsider="outsider"),
    Contract(f"POST {BASE}/invoices/{{id}}/cancel/", record=invoice, outsider="outsider"),
    Contract(
        f"POST {BASE}/invoices/{{id}}/request-financing/", record=invoice, outsider="outsider"
    ),
    Contract(f"POST {BASE}/invoices/{{id}}/credit-notes/", record=invoice, outsider="outsider"),
    Contract(f"GET {BASE}/invoices/{{id}}/bids/", record=auctioned, outsider="outsider"),
    Contract(f"POST {BASE}/invoices/{{id}}/bids/", record=auctioned, outsider="outsider"),
    Contract(f"POST {BASE}/invoices/{{id}}/take/", record=auctioned, outsider="outsider"),
    Contract(
        f"POST {BASE}/invoices/{{id}}/repay/",
        record=invoice,
        outsider="outsider",
        body=lambda w: {"amount": 1},
    ),
    Contract(f"GET {BASE}/bids/"),
    Contract(f"GET {BASE}/bids/{{id}}/", record=bid, outsider="outsider"),
    Contract(f"POST {BASE}/bids/{{id}}/withdraw/", record=bid, outsider="outsider"),
    Contract(f"GET {BASE}/settlements/"),
    Contract(f"GET {BASE}/settlements/{{id}}/", record=settlement, outsider="outsider"),
    Contract(f"POST {BASE}/settlements/{{id}}/confirm/", record=settlement, outsider="outsider"),
    Contract(f"POST {BASE}/settlements/{{id}}/void/", record=settlement, outsider="outsider"),
    Contract(f"GET {BASE}/programmes/"),
    Contract(
        f"POST {BASE}/programmes/",
        denied=("outsider", "supplier_user"),
        body=lambda w: {"buyer": w.buyer.pk, "name_fa": "برنامه", "buyer_limit": 1_000_000},
    ),
    Contract(f"GET {BASE}/programmes/{{id}}/", record=programme, outsider="outsider"),
    Contract(
        f"POST {BASE}/programmes/{{id}}/auto-bid/",
        record=programme,
        outsider="outsider",
        body=lambda w: {"rate_bp": 1500, "max_amount": 1_000_000},
    ),
    Contract(
        f"POST {BASE}/programmes/{{id}}/financiers/",
        record=programme,
        outsider="outsider",
        body=lambda w: {"enterprise": w.financiers[1].pk, "limit": 1_000_000},
    ),
    Contract(
        f"POST {BASE}/programmes/{{id}}/suppliers/",
        record=programme,
        outsider="outsider",
        body=lambda w: {"enterprise": w.other_supplier.pk, "limit": 1_000_000},
    ),
    Contract(f"GET {BASE}/accounts/"),
    Contract(f"GET {BASE}/accounts/{{id}}/"),
    Contract(f"GET {BASE}/entries/"),
    Contract(f"GET {BASE}/entries/{{id}}/"),
    Contract(f"GET {BASE}/limits/"),
    Contract(f"GET {BASE}/limits/{{id}}/"),
    Contract(
        f"POST {BASE}/limits/set/",
        denied=("supplier_user",),
        body=lambda w: {"programme": w.programme.pk, "kind": "supplier", "cap": 1_000_000},
    ),
    Contract(f"GET {BASE}/reports/aging/"),
    Contract(f"GET {BASE}/reports/reconciliation/"),
]

globals().update(contract_tests(CONTRACTS, world="contract_world"))
