import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from karsaz.finance import services
from karsaz.finance.choices import AccountPurpose, BidState, InvoiceState, SettlementPhase
from karsaz.finance.ledger import account_for
from karsaz.finance.models import Invoice, JournalEntry, Limit
from karsaz.finance.verify import verify_ledger
from karsaz.testing import factories_finance as ff

pytestmark = pytest.mark.django_db


def balance(enterprise, purpose):
    return account_for(enterprise, purpose).posted_balance


def test_full_lifecycle_moves_every_rial_and_keeps_the_ledger_sound(world):
    invoice = ff.submit(world, amount=1_000_000_000, days=91)
    services.credit_note_add(
        user=world.supplier_user, invoice=invoice, number="CN-1", amount=100_000_000
    )
    services.invoice_approve(user=world.maker, invoice=invoice)
    invoice = services.invoice_approve(user=world.checker, invoice=invoice)
    assert invoice.state == InvoiceState.ACCEPTED and invoice.net_amount == 900_000_000
    assert balance(world.buyer, AccountPurpose.BUYER_PAYABLE) == -900_000_000

    services.invoice_request_financing(user=world.supplier_user, invoice=invoice)
    fin0, fin1 = world.financiers
    services.bid_place(user=world.financier_users[0], invoice=invoice, financier=fin0, rate_bp=2400)
    best = services.bid_place(
        user=world.financier_users[1], invoice=invoice, financier=fin1, rate_bp=1825
    )
    settlement = services.bid_take(user=world.supplier_user, invoice=invoice, bid=best)
    invoice.refresh_from_db()
    # 900,000,000 × 18.25 % × 91 / 365 = 40,950,000; fee 20 bp = 1,800,000.
    assert (invoice.discount, invoice.fee) == (40_950_000, 1_800_000)
    assert settlement.amount == 900_000_000 - 40_950_000 - 1_800_000
    assert invoice.state == InvoiceState.TAKEN
    assert invoice.bids.get(financier=fin0).state == BidState.LOST
    cash = account_for(world.supplier, AccountPurpose.SUPPLIER_CASH)
    assert (cash.posted_balance, cash.pending_balance) == (0, settlement.amount)
    assert all(lim.used == 900_000_000 for lim in Limit.objects.filter(programme=world.programme)
               if lim.financier_id in (None, fin1.pk)
               and lim.supplier_id in (None, world.supplier.pk))  # fmt: skip

    services.settlement_confirm(user=world.financier_users[1], settlement=settlement)
    cash.refresh_from_db()
    assert (cash.posted_balance, cash.pending_balance) == (settlement.amount, 0)
    assert balance(None, AccountPurpose.PLATFORM_FEES) == 1_800_000

    part = services.repayment_start(user=world.maker, invoice=invoice, amount=300_000_000)
    services.settlement_confirm(user=world.financier_users[1], settlement=part)
    rest = services.repayment_start(user=world.checker, invoice=invoice, amount=600_000_000)
    services.settlement_confirm(user=world.national, settlement=rest)
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.REPAID
    assert balance(world.buyer, AccountPurpose.BUYER_PAYABLE) == 0
    assert balance(fin1, AccountPurpose.FINANCIER_RECEIVABLE) == 0
    # The financier earned exactly the discount.
    assert balance(fin1, AccountPurpose.FINANCIER_FUNDS) == 40_950_000
    assert all(lim.used == 0 for lim in Limit.objects.filter(programme=world.programme))
    assert verify_ledger() == []


def test_maker_and_checker_must_be_different_buyer_users(world):
    invoice = ff.submit(world)
    services.invoice_approve(user=world.maker, invoice=invoice)
    with pytest.raises(ValidationError) as err:
        services.invoice_approve(user=world.maker, invoice=invoice)
    assert "checker" in err.value.message_dict
    assert Invoice.objects.get(pk=invoice.pk).state == InvoiceState.MAKER_APPROVED


def test_bounce_voids_the_disbursement_releases_limits_and_allows_a_new_auction(world):
    settlement = ff.taken(world)
    services.settlement_void(user=world.financier_users[0], settlement=settlement, reason="bounced")
    invoice = Invoice.objects.get(pk=settlement.invoice_id)
    assert invoice.state == InvoiceState.ACCEPTED and invoice.financier is None
    assert all(lim.used == 0 for lim in Limit.objects.all())
    cash = account_for(world.supplier, AccountPurpose.SUPPLIER_CASH)
    assert (cash.posted_balance, cash.pending_balance) == (0, 0)
    with pytest.raises(ValidationError):
        services.settlement_confirm(user=world.national, settlement=settlement)
    services.invoice_request_financing(user=world.supplier_user, invoice=invoice)
    bid = services.bid_place(
        user=world.financier_users[1], invoice=invoice, financier=world.financiers[1], rate_bp=900
    )
    second = services.bid_take(user=world.supplier_user, invoice=invoice, bid=bid)
    services.settlement_confirm(user=world.financier_users[1], settlement=second)
    assert Invoice.objects.get(pk=invoice.pk).state == InvoiceState.FINANCED
    assert verify_ledger() == []


def test_overdue_default_penalty_and_partial_repayment(world):
    invoice = ff.financed(world, days=30)
    later = timezone.now() + dt.timedelta(days=40)
    counts = services.finance_tick(now=later)
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.OVERDUE and counts["overdue"] == 1
    # 30 % a year on 1,000,000,000 for 10 days = 8,219,178.08… → 8,219,178
    assert invoice.penalty_accrued == 8_219_178
    assert services.finance_tick(now=later)["penalties"] == 0  # same day: nothing more
    part = services.repayment_start(user=world.maker, invoice=invoice, amount=10_000_000)
    services.settlement_confirm(user=world.financier_users[0], settlement=part)
    invoice.refresh_from_db()
    assert (invoice.penalty_paid, invoice.principal_repaid) == (8_219_178, 1_780_822)
    assert invoice.state == InvoiceState.OVERDUE
    assert verify_ledger() == []


def test_auction_close_takes_the_best_bid_automatically(world):
    invoice = ff.in_auction(world)
    for n, rate in ((0, 2000), (1, 1500)):
        services.bid_place(
            user=world.financier_users[n], invoice=invoice, financier=world.financiers[n],
            rate_bp=rate,
        )  # fmt: skip
    services.finance_tick(now=timezone.now() + dt.timedelta(hours=49))
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.TAKEN and invoice.rate_bp == 1500
    assert invoice.settlements.get().phase == SettlementPhase.PENDING


def test_auto_bid_rules_bid_when_financing_is_requested(world):
    services.autobid_set(
        user=world.financier_users[1], programme=world.programme, financier=world.financiers[1],
        rate_bp=1700, max_amount=5_000_000_000,
    )  # fmt: skip
    invoice = ff.in_auction(world)
    bid = invoice.bids.get()
    assert (bid.financier, bid.rate_bp, bid.auto) == (world.financiers[1], 1700, True)


def test_cancelling_an_accepted_invoice_reverses_its_acceptance(world):
    invoice = ff.in_auction(world)
    services.invoice_cancel(user=world.supplier_user, invoice=invoice)
    assert balance(world.buyer, AccountPurpose.BUYER_PAYABLE) == 0
    assert JournalEntry.objects.filter(invoice=invoice, reverses__isnull=False).count() == 1
    assert verify_ledger() == []


def test_limits_are_never_exceeded(db):
    w = ff.finance_world(financier_limit=1_500_000_000)
    ff.taken(w, amount=1_000_000_000)
    second = ff.in_auction(w, amount=1_000_000_000)
    with pytest.raises(ValidationError) as err:
        services.bid_place(
            user=w.financier_users[0], invoice=second, financier=w.financiers[0], rate_bp=1000
        )
    assert "rate_bp" in err.value.message_dict
    # The other financier still has room; the buyer cap is shared though.
    services.limit_set(user=w.national, programme=w.programme, kind="buyer", cap=1_800_000_000)
    bid = services.bid_place(
        user=w.financier_users[1], invoice=second, financier=w.financiers[1], rate_bp=1000
    )
    with pytest.raises(ValidationError) as err:
        services.bid_take(user=w.supplier_user, invoice=second, bid=bid)
    assert "limit" in err.value.message_dict
    assert Invoice.objects.get(pk=second.pk).state == InvoiceState.AUCTION
    assert verify_ledger() == []


def test_expired_acceptance_window(world):
    invoice = ff.submit(world)
    services.finance_tick(now=timezone.now() + dt.timedelta(days=11))
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.EXPIRED
    with pytest.raises(ValidationError):
        services.invoice_approve(user=world.maker, invoice=invoice)
