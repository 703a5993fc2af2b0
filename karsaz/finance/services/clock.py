"""The clock: steps nobody asks for, taken when time passes (`finance_tick`, hourly)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from karsaz.core.money import MAX_RIALS
from karsaz.finance import ledger, money
from karsaz.finance.choices import (
    AWAITING_BUYER,
    AccountPurpose,
    BidState,
    EntryKind,
    InvoiceState,
)
from karsaz.finance.ledger import Leg, account_for
from karsaz.finance.models import Invoice, ProgrammeFinancier
from karsaz.finance.services._notices import tell
from karsaz.finance.services._state import (
    TRANSITIONS,
    fixed_key,
    fresh_key,
    lock_invoice,
    move,
    today_of,
    window_open,
)
from karsaz.finance.services.auctions import bid_take
from karsaz.notifications.choices import Kind


@dataclass(frozen=True)
class ClockMove:
    """A transition the clock takes on its own once `due`: one fixed-key entry, no money."""

    action: str  # the TRANSITIONS action
    key: str  # the entry key's action part (`inv7:<key>`)
    kind: str  # EntryKind
    reason: str
    due: Callable[[Invoice, dt.datetime], bool]
    # Other fields the move sets: {field name: value from the invoice}.
    sets: dict[str, Callable[[Invoice], Any]] = field(default_factory=dict)


EXPIRE = ClockMove(
    action="expire",
    key="expire",
    kind=EntryKind.EXPIRY,
    reason="acceptance window passed",
    due=lambda invoice, now: not window_open(invoice, now),
)
MARK_OVERDUE = ClockMove(
    action="mark_overdue",
    key="overdue",
    kind=EntryKind.OVERDUE,
    reason="buyer default: unpaid at maturity",
    due=lambda invoice, now: today_of(now) > invoice.due_date,
    sets={"penalty_through": lambda invoice: invoice.due_date},
)


def _clock_move(step: ClockMove, invoice: Invoice, now: dt.datetime) -> Invoice:
    """Lock, test the state (TRANSITIONS) and the time, move, save, post: or leave it be."""
    invoice = lock_invoice(invoice)
    if invoice.state in TRANSITIONS[step.action][0] and step.due(invoice, now):
        move(invoice, step.action)
        for name, value in step.sets.items():
            setattr(invoice, name, value(invoice))
        invoice.save(update_fields=["state", *step.sets, "updated_at"])
        ledger.post_entry(
            key=fixed_key(invoice, step.key), kind=step.kind, invoice=invoice, reason=step.reason
        )
    return invoice


@transaction.atomic
def invoice_expire(*, invoice: Invoice, now: dt.datetime) -> Invoice:
    """Unanswered past the acceptance window: expired."""
    return _clock_move(EXPIRE, invoice, now)


@transaction.atomic
def invoice_mark_overdue(*, invoice: Invoice, now: dt.datetime) -> Invoice:
    """Past due and unpaid: buyer default (no recourse to the supplier)."""
    return _clock_move(MARK_OVERDUE, invoice, now)


@transaction.atomic
def auction_close(*, invoice: Invoice, now: dt.datetime) -> Invoice:
    """When the window closes: take the best bid (if the programme says so) or reopen."""
    invoice = lock_invoice(invoice)
    if invoice.state != InvoiceState.AUCTION or (invoice.auction_closes_at or now) > now:
        return invoice
    has_bids = invoice.bids.filter(state=BidState.ACTIVE).exists()
    if has_bids and invoice.programme.auto_take_best:
        try:
            with transaction.atomic():
                bid_take(user=None, invoice=invoice, now=now, system=True)
                return lock_invoice(invoice.pk)
        except ValidationError:
            pass  # limits no longer allow it: fall through and reopen
    move(invoice, "close_without_bids")
    invoice.auction_closes_at = None
    invoice.save(update_fields=["state", "auction_closes_at", "updated_at"])
    invoice.bids.filter(state=BidState.ACTIVE).update(state=BidState.LOST)
    ledger.post_entry(
        key=fresh_key(invoice, "auction-closed"), kind=EntryKind.FINANCING_REQUEST,
        invoice=invoice, reason="auction closed without a taken bid",
    )  # fmt: skip
    tell(
        [invoice.supplier_id],
        Kind.FINANCE_AUCTION_DEADLINE,
        invoice=invoice,
        title=gettext_noop("The auction of invoice {number} closed without a taken bid"),
    )
    return invoice


@transaction.atomic
def penalty_accrue(*, invoice: Invoice, now: dt.datetime) -> int:
    """Accrue the programme's penalty rate on the unpaid principal up to today."""
    invoice = lock_invoice(invoice)
    today = today_of(now)
    if invoice.state != InvoiceState.OVERDUE:
        return 0
    start = invoice.penalty_through or invoice.due_date
    days = money.days_between(start, today)
    amount = money.interest(invoice.outstanding_principal, invoice.programme.penalty_rate_bp, days)
    if days <= 0:
        return 0
    # A unit's penalty stops at MAX_RIALS (core.money), like every other rial amount.
    amount = min(amount, MAX_RIALS - invoice.penalty_accrued)
    invoice.penalty_through = today
    invoice.penalty_accrued += amount
    invoice.save(update_fields=["penalty_through", "penalty_accrued", "updated_at"])
    ledger.post_entry(
        key=fixed_key(invoice, f"penalty:{today.isoformat()}"),
        kind=EntryKind.PENALTY,
        invoice=invoice,
        reason=f"penalty {days} days at {invoice.programme.penalty_rate_bp} bp",
        legs=[
            Leg(account_for(invoice.financier, AccountPurpose.FINANCIER_PENALTY), amount),
            Leg(account_for(invoice.buyer, AccountPurpose.BUYER_PENALTY), -amount),
        ],
    )
    return amount


# Financiers are reminded of an auction this long before it closes.
AUCTION_REMINDER_AHEAD = dt.timedelta(hours=2)


def auctions_remind_closing(*, now: dt.datetime | None = None) -> int:
    """Reminds the programme's financiers of each auction closing within
    AUCTION_REMINDER_AHEAD, once per invoice per person however often it runs; a financier
    that already bid is not reminded. Returns how many people were told."""
    now = now or timezone.now()
    told = 0
    closing = Invoice.objects.filter(
        state=InvoiceState.AUCTION,
        auction_closes_at__gt=now,
        auction_closes_at__lte=now + AUCTION_REMINDER_AHEAD,
    ).order_by("auction_closes_at", "pk")
    for invoice in closing:
        bidders = set(
            invoice.bids.filter(state=BidState.ACTIVE).values_list("financier_id", flat=True)
        )
        financiers = ProgrammeFinancier.objects.filter(
            programme_id=invoice.programme_id
        ).values_list("financier_id", flat=True)
        told += tell(
            [f for f in financiers if f not in bidders],
            Kind.FINANCE_AUCTION_DEADLINE,
            invoice=invoice,
            title=gettext_noop("The auction of invoice {number} closes at {deadline}"),
            params={"deadline": invoice.auction_closes_at},
            once=True,
        )
    return told


def finance_tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The daily/hourly clock: expire, close auctions, flag defaults, accrue penalties.
    Each invoice in its own transaction, so one failure never blocks the rest."""
    now = now or timezone.now()
    today = today_of(now)
    counts = {"expired": 0, "auctions_closed": 0, "overdue": 0, "penalties": 0}
    for inv in Invoice.objects.filter(state__in=AWAITING_BUYER).select_related("programme"):
        if not window_open(inv, now):
            invoice_expire(invoice=inv, now=now)
            counts["expired"] += 1
    for inv in Invoice.objects.filter(state=InvoiceState.AUCTION, auction_closes_at__lte=now):
        auction_close(invoice=inv, now=now)
        counts["auctions_closed"] += 1
    for inv in Invoice.objects.filter(state=InvoiceState.FINANCED, due_date__lt=today):
        invoice_mark_overdue(invoice=inv, now=now)
        counts["overdue"] += 1
    for inv in Invoice.objects.filter(state=InvoiceState.OVERDUE):
        if penalty_accrue(invoice=inv, now=now):
            counts["penalties"] += 1
    return counts
