"""Many threads racing on PostgreSQL: exactly the allowed outcomes, invariants hold.

Each thread has its own database connection (Django's are per thread) and commits for real,
hence `transactional_db`. SQLite serializes writers (IMMEDIATE transactions), so these races
are only meaningful on PostgreSQL.
"""

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from karsaz.finance import services
from karsaz.finance.choices import InvoiceState, SettlementKind, SettlementPhase
from karsaz.finance.models import Bid, Invoice, JournalEntry, Limit, Settlement
from karsaz.finance.verify import verify_ledger
from karsaz.testing import factories_finance as ff

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row-lock races need PostgreSQL; SQLite serializes writers (run with DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]
THREADS = 8


@pytest.fixture
def loaded(transactional_db):
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)


def race(fns: list[Callable[[], Any]]) -> list[Any]:
    """Start every function at the same instant; return each result or the exception raised."""
    barrier = threading.Barrier(len(fns))
    results: list[Any] = [None] * len(fns)

    def run(i: int, fn: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # the outcome is what we count
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def outcomes(results: list[Any]) -> Counter:
    return Counter("ok" if not isinstance(r, Exception) else type(r).__name__ for r in results)


def test_racing_checkers_accept_once(loaded):
    w = ff.finance_world()
    checkers = [w.checker] + [ff._member(f"chk{i}", w.buyer) for i in range(THREADS - 1)]
    invoice = ff.submit(w)
    services.invoice_approve(user=w.maker, invoice=invoice)
    results = race(
        [lambda u=u: services.invoice_approve(user=u, invoice=invoice) for u in checkers]
    )
    assert outcomes(results) == Counter({"ok": 1, "ValidationError": THREADS - 1})
    assert JournalEntry.objects.filter(invoice=invoice, kind="acceptance").count() == 1
    assert verify_ledger() == []


def test_racing_takes_and_settlements_finance_the_unit_once(loaded):
    w = ff.finance_world(financiers=THREADS)
    invoice = ff.in_auction(w)
    bids = [
        services.bid_place(
            user=w.financier_users[i], invoice=invoice, financier=w.financiers[i], rate_bp=1000 + i
        )
        for i in range(THREADS)
    ]
    results = race(
        [lambda b=b: services.bid_take(user=w.supplier_user, invoice=invoice, bid=b) for b in bids]
    )
    assert outcomes(results)["ok"] == 1
    settlement = Settlement.objects.get(invoice=invoice, kind=SettlementKind.DISBURSEMENT)
    assert Bid.objects.filter(invoice=invoice, state="won").count() == 1
    # Confirm and bounce race: exactly one resolution.
    winner = settlement.invoice.financier_id
    bank = w.financier_users[[f.pk for f in w.financiers].index(winner)]
    fns = [lambda: services.settlement_confirm(user=bank, settlement=settlement)] * (THREADS // 2)
    fns += [lambda: services.settlement_void(user=w.national, settlement=settlement)] * (
        THREADS // 2
    )
    results = race(fns)
    assert outcomes(results)["ok"] == 1
    assert JournalEntry.objects.filter(resolves=settlement.pending_entry).count() == 1
    assert verify_ledger() == []


def test_racing_units_never_spend_a_limit_twice(loaded):
    net = 1_000_000_000
    w = ff.finance_world(buyer_limit=3 * net, financiers=2)
    invoices = []
    for n in range(THREADS):
        inv = ff.in_auction(w, amount=net)
        bid = services.bid_place(
            user=w.financier_users[n % 2], invoice=inv, financier=w.financiers[n % 2],
            rate_bp=1500,
        )  # fmt: skip
        invoices.append((inv, bid))
    results = race(
        [
            lambda i=i, b=b: services.bid_take(user=w.supplier_user, invoice=i, bid=b)
            for i, b in invoices
        ]
    )
    assert outcomes(results) == Counter({"ok": 3, "ValidationError": THREADS - 3})
    assert Limit.objects.get(kind="buyer").used == 3 * net
    assert Invoice.objects.filter(state=InvoiceState.TAKEN).count() == 3
    assert verify_ledger() == []


def test_racing_repeats_of_one_idempotency_key_execute_once(loaded):
    w = ff.finance_world()
    settlement = ff.taken(w)

    def call() -> tuple[int, Any]:
        client = APIClient()
        client.force_authenticate(w.financier_users[0])
        r = client.post(
            f"/api/v1/finance/settlements/{settlement.pk}/confirm/",
            {"bank_reference": "RACE"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="same-key",
        )
        return r.status_code, r.json()

    results = race([call] * THREADS)
    assert all(not isinstance(r, Exception) for r in results), results
    assert {r[0] for r in results} == {200}
    assert all(r[1] == results[0][1] for r in results)  # the first result, replayed
    assert JournalEntry.objects.filter(resolves=settlement.pending_entry).count() == 1
    assert Settlement.objects.get(pk=settlement.pk).phase == SettlementPhase.POSTED
    assert verify_ledger() == []


def test_racing_repayments_never_overpay(loaded):
    w = ff.finance_world()
    invoice = ff.financed(w, amount=900)
    buyers = [w.maker, w.checker] + [ff._member(f"pay{i}", w.buyer) for i in range(THREADS - 2)]
    results = race(
        [lambda u=u: services.repayment_start(user=u, invoice=invoice, amount=900) for u in buyers]
    )
    counts = outcomes(results)
    assert counts["ok"] == 1 and counts["ok"] + counts["ValidationError"] == THREADS
    assert verify_ledger() == []


def test_racing_bids_and_a_take_never_leave_an_active_bid_on_a_taken_unit(loaded):
    w = ff.finance_world(financiers=THREADS)
    invoice = ff.in_auction(w)
    first = services.bid_place(
        user=w.financier_users[0], invoice=invoice, financier=w.financiers[0], rate_bp=2000
    )
    fns: list[Callable[[], Any]] = [
        lambda i=i: services.bid_place(
            user=w.financier_users[i],
            invoice=invoice,
            financier=w.financiers[i],
            rate_bp=1500 + i,
        )
        for i in range(1, THREADS)
    ]
    fns.append(lambda: services.bid_take(user=w.supplier_user, invoice=invoice, bid=first))
    results = race(fns)
    assert not isinstance(results[-1], Exception), results[-1]
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.TAKEN and invoice.rate_bp == 2000
    # Bids that won the race before the take are now lost; later ones were refused.
    assert not Bid.objects.filter(invoice=invoice, state="active").exists()
    placed = sum(1 for r in results[:-1] if not isinstance(r, Exception))
    assert Bid.objects.filter(invoice=invoice, state="lost").count() == placed
    assert verify_ledger() == []
