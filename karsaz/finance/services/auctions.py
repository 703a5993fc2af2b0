"""Auctions: the supplier asks for offers, financiers bid (by hand or by standing rule), the
supplier takes one: limits are reserved and the disbursement is posted as pending."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from karsaz.accounts.scope import require
from karsaz.core.errors import field_error
from karsaz.finance import ledger, money
from karsaz.finance.choices import AccountPurpose, BidState, EntryKind, InvoiceState, SettlementKind
from karsaz.finance.errors import FinanceErrorCode
from karsaz.finance.ledger import Leg, accounts_for
from karsaz.finance.models import AutoBidRule, Bid, Invoice, ProgrammeFinancier, Settlement
from karsaz.finance.permissions import FinanceScope, not_allowed
from karsaz.finance.services._limits import financier_capacity_error, reserve_limits
from karsaz.finance.services._notices import name, tell
from karsaz.finance.services._state import check_rate, fresh_key, lock_invoice, move, today_of
from karsaz.notifications.choices import Kind
from karsaz.registry.models import Enterprise


@transaction.atomic
def invoice_request_financing(
    *, user: Any, invoice: Invoice, now: dt.datetime | None = None
) -> Invoice:
    invoice = lock_invoice(invoice)
    require(FinanceScope(user).is_member(invoice.supplier_id), not_allowed())
    now = now or timezone.now()
    move(invoice, "request_financing")
    left = money.days_between(today_of(now), invoice.due_date)
    if left < invoice.programme.min_tenor_days:
        raise field_error(
            "due_date",
            _("Too little time is left until the due date to finance it."),
            FinanceErrorCode.TENOR,
        )
    invoice.auction_closes_at = now + dt.timedelta(hours=invoice.programme.auction_window_hours)
    invoice.save(update_fields=["state", "auction_closes_at", "updated_at"])
    ledger.post_entry(
        key=fresh_key(invoice, "auction"), kind=EntryKind.FINANCING_REQUEST, invoice=invoice,
        user=user, reason="auction opened",
    )  # fmt: skip
    for rule in AutoBidRule.objects.filter(programme_id=invoice.programme_id, active=True):
        if invoice.net_amount > rule.max_amount or rule.rate_bp > invoice.programme.max_rate_bp:
            continue
        if financier_capacity_error(invoice, rule.financier_id):
            continue
        Bid.objects.create(
            invoice=invoice, financier_id=rule.financier_id, rate_bp=rule.rate_bp, auto=True
        )
    tell(
        ProgrammeFinancier.objects.filter(programme_id=invoice.programme_id).values_list(
            "financier_id", flat=True
        ),
        Kind.FINANCE_AUCTION_DEADLINE,
        invoice=invoice,
        title=gettext_noop("Invoice {number} is open for bids until {deadline}"),
        params={"deadline": invoice.auction_closes_at},
    )
    return invoice


@transaction.atomic
def bid_place(
    *,
    user: Any,
    invoice: Invoice,
    financier: Enterprise,
    rate_bp: int,
    now: dt.datetime | None = None,
) -> Bid:
    invoice = lock_invoice(invoice)
    scope = FinanceScope(user)
    require(scope.is_member(financier.pk) and financier.pk in scope.financier_ids, not_allowed())
    if not ProgrammeFinancier.objects.filter(
        programme_id=invoice.programme_id, financier=financier
    ).exists():
        raise ValidationError({"financier": [_("Your institution is not in this programme.")]})
    now = now or timezone.now()
    if invoice.state != InvoiceState.AUCTION:
        raise field_error(
            "state", _("This invoice is not in auction."), FinanceErrorCode.INVALID_STATE
        )
    if invoice.auction_closes_at is None or now >= invoice.auction_closes_at:
        raise field_error("rate_bp", _("The auction window has closed."), FinanceErrorCode.CLOSED)
    check_rate(invoice.programme, rate_bp)
    error = financier_capacity_error(invoice, financier.pk)
    if error:
        raise field_error("rate_bp", error, FinanceErrorCode.LIMIT)
    Bid.objects.filter(invoice=invoice, financier=financier, state=BidState.ACTIVE).update(
        state=BidState.WITHDRAWN
    )
    return Bid.objects.create(invoice=invoice, financier=financier, rate_bp=rate_bp, placed_by=user)


@transaction.atomic
def bid_withdraw(*, user: Any, bid: Bid) -> Bid:
    invoice = lock_invoice(bid.invoice_id)
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    require(FinanceScope(user).is_member(bid.financier_id), not_allowed())
    if bid.state != BidState.ACTIVE or invoice.state != InvoiceState.AUCTION:
        raise field_error(
            "state", _("This bid can no longer be withdrawn."), FinanceErrorCode.INVALID_STATE
        )
    bid.state = BidState.WITHDRAWN
    bid.save(update_fields=["state"])
    return bid


@transaction.atomic
def bid_take(
    *,
    user: Any,
    invoice: Invoice,
    bid: Bid | None = None,
    now: dt.datetime | None = None,
    system: bool = False,
) -> Settlement:
    """The supplier takes a bid (or the best is taken by rule): limits are reserved and the
    disbursement is posted as pending until the bank confirms it."""
    invoice = lock_invoice(invoice)
    if not system:
        require(
            FinanceScope(user).is_member(invoice.supplier_id), _("Only the supplier takes bids.")
        )
    now = now or timezone.now()
    move(invoice, "take")
    if bid is None:
        bid = invoice.bids.filter(state=BidState.ACTIVE).order_by("rate_bp", "created_at").first()
        if bid is None:
            raise ValidationError({"bid": [_("There is no bid to take.")]})
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    if bid.invoice_id != invoice.pk or bid.state != BidState.ACTIVE:
        raise ValidationError({"bid": [_("This bid is not open on this invoice.")]})
    net = invoice.net_amount
    reserve_limits(invoice, bid.financier_id, net)
    days = money.days_between(today_of(now), invoice.due_date)
    try:
        split = money.disbursement_split(
            net=net, rate_bp=bid.rate_bp, days=days, fee_bp=invoice.programme.fee_bp
        )
    except ValueError as exc:
        raise ValidationError({"bid": [_("Discount and fees exceed the amount.")]}) from exc
    # The taken bid wins and every other open one loses, in one UPDATE: the open bids are the
    # locked invoice's, and the taken one was checked open under its own lock above.
    invoice.bids.filter(state=BidState.ACTIVE).update(
        state=Case(When(pk=bid.pk, then=Value(BidState.WON)), default=Value(BidState.LOST))
    )
    bid.state = BidState.WON
    invoice.financier_id = bid.financier_id
    invoice.rate_bp = bid.rate_bp
    invoice.discount = split["discount"]
    invoice.fee = split["fee"]
    invoice.save(update_fields=["state", "financier", "rate_bp", "discount", "fee", "updated_at"])
    fin_receivable, sup_receivable, funds, cash, fees = accounts_for(
        [
            (bid.financier_id, AccountPurpose.FINANCIER_RECEIVABLE),
            (invoice.supplier_id, AccountPurpose.SUPPLIER_RECEIVABLE),
            (bid.financier_id, AccountPurpose.FINANCIER_FUNDS),
            (invoice.supplier_id, AccountPurpose.SUPPLIER_CASH),
            (None, AccountPurpose.PLATFORM_FEES),
        ]
    )
    legs = [
        Leg(fin_receivable, net),
        Leg(sup_receivable, -net),
        Leg(funds, -split["purchase_price"]),
        Leg(cash, split["to_supplier"]),
        Leg(fees, split["fee"]),
    ]
    tell(
        [bid.financier_id],
        Kind.FINANCE_BID_TAKEN,
        invoice=invoice,
        title=gettext_noop("{supplier} took your bid on invoice {number}"),
        params={"supplier": name(invoice.supplier)},
    )
    # The ledger goes last (then only the settlement, which names its entry): it locks the
    # platform's fee account, shared by every take, until the commit.
    entry = ledger.post_entry(
        key=fresh_key(invoice, "disburse"),
        kind=EntryKind.DISBURSEMENT,
        legs=legs,
        pending=True,
        invoice=invoice,
        user=user,
        reason=f"bid {bid.pk} taken at {bid.rate_bp} bp for {days} days",
    )
    return Settlement.objects.create(
        invoice=invoice,
        kind=SettlementKind.DISBURSEMENT,
        amount=split["to_supplier"],
        principal_part=net,
        pending_entry=entry,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
