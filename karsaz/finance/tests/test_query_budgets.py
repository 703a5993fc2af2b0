"""Query budgets for supply-chain finance's API and pages: the count does not grow with rows."""

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from karsaz.finance import services
from karsaz.finance.choices import InvoiceState
from karsaz.finance.models import Bid, Invoice, JournalEntry, Settlement
from karsaz.testing.factories_finance import financed, in_auction, submit
from karsaz.testing.queries import N, assert_budgets, measure

pytestmark = pytest.mark.django_db

BUDGETS = {
    "api programme list": 2,
    "api programme detail": 1,
    "api invoice list": 3,
    "api invoice detail": 2,
    "api bid list": 2,
    "api bid detail": 1,
    "api settlement list": 2,
    "api settlement detail": 1,
    "api account list": 2,
    "api entry list": 5,
    "api entry detail": 2,
    "api limit list": 2,
    "api aging report": 10,
    "api reconciliation": 3,
    "page workspace": 8,  # + the limit panel
    "page invoice list": 4,
    "page invoice detail": 12,  # + the limits the unit uses, the auction board's roles
    "page reports": 12,
    "page reconciliation": 5,
    "page auction": 7,  # the memberships read once per user object, however many scopes
    "fragment auction bids": 6,  # polled: the page minus the limits and the form
}


def _grow(w: SimpleNamespace, k: int) -> None:
    """k more financed invoices (a bid, a settlement, ledger entries), k more in auction with a
    bid from each financier, and k more submitted (half of them by the other supplier)."""
    for n in range(k):
        financed(w, financier=n % 2)
        invoice = in_auction(w)
        for user, financier in zip(w.financier_users, w.financiers, strict=True):
            services.bid_place(user=user, invoice=invoice, financier=financier, rate_bp=1900)
        submit(w, supplier=w.supplier if n % 2 == 0 else w.other_supplier)


def _targets(w: SimpleNamespace) -> dict[str, tuple[Any, str]]:
    api = APIClient()
    api.force_authenticate(w.national)
    staff = Client()
    staff.force_login(w.national)
    settlement = Settlement.objects.order_by("pk").first()
    assert settlement is not None
    bank = APIClient()  # bids are sealed: a financier reads its own
    bank.force_authenticate(w.financier_users[0])
    bid = Bid.objects.filter(financier=w.financiers[0]).order_by("pk").first()
    entry = JournalEntry.objects.order_by("pk").first()
    assert bid is not None and entry is not None
    invoice = settlement.invoice_id
    auction = Invoice.objects.filter(state=InvoiceState.AUCTION).order_by("pk").first()
    assert auction is not None
    financier = Client()  # the live auction as a bidder sees it, polled every few seconds
    financier.force_login(w.financier_users[0])
    return {
        "api programme list": (api, "/api/v1/finance/programmes/"),
        "api programme detail": (api, f"/api/v1/finance/programmes/{w.programme.pk}/"),
        "api invoice list": (api, "/api/v1/finance/invoices/"),
        "api invoice detail": (api, f"/api/v1/finance/invoices/{invoice}/"),
        "api bid list": (bank, "/api/v1/finance/bids/"),
        "api bid detail": (bank, f"/api/v1/finance/bids/{bid.pk}/"),
        "api settlement list": (api, "/api/v1/finance/settlements/"),
        "api settlement detail": (api, f"/api/v1/finance/settlements/{settlement.pk}/"),
        "api account list": (api, "/api/v1/finance/accounts/"),
        "api entry list": (api, "/api/v1/finance/entries/"),
        "api entry detail": (api, f"/api/v1/finance/entries/{entry.pk}/"),
        "api limit list": (api, "/api/v1/finance/limits/"),
        "api aging report": (api, "/api/v1/finance/reports/aging/"),
        "api reconciliation": (api, "/api/v1/finance/reports/reconciliation/"),
        "page workspace": (staff, "/finance/"),
        "page invoice list": (staff, "/finance/invoices/"),
        "page invoice detail": (staff, f"/finance/invoices/{invoice}/"),
        "page reports": (staff, "/finance/reports/"),
        "page reconciliation": (staff, "/finance/reports/reconciliation/"),
        "page auction": (financier, f"/finance/invoices/{auction.pk}/auction/"),
        "fragment auction bids": (financier, f"/finance/invoices/{auction.pk}/auction/bids/"),
    }


def test_finance_queries_do_not_grow_with_rows(world: SimpleNamespace) -> None:
    _grow(world, N)
    small = measure(_targets(world))
    _grow(world, 2 * N)
    large = measure(_targets(world))
    assert_budgets(small, large, BUDGETS)
