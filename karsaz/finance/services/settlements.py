"""Two-phase transfers: the buyer starts a repayment, the bank's answer posts or voids the
pending entry of a disbursement or a repayment."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require
from karsaz.core.errors import field_error
from karsaz.finance import ledger
from karsaz.finance.choices import (
    AccountPurpose,
    BidState,
    EntryKind,
    InvoiceState,
    SettlementKind,
    SettlementPhase,
)
from karsaz.finance.errors import FinanceErrorCode
from karsaz.finance.ledger import Leg, accounts_for
from karsaz.finance.models import Invoice, Settlement
from karsaz.finance.permissions import FinanceScope
from karsaz.finance.services._limits import release_limits
from karsaz.finance.services._state import (
    fixed_key,
    fresh_key,
    int_amount,
    lock_invoice,
    move,
    today_of,
)


def _may_confirm(user: Any, invoice: Invoice) -> bool:
    return FinanceScope(user).may_confirm(invoice)


def _pending(settlement: Settlement) -> None:
    if settlement.phase != SettlementPhase.PENDING:
        raise field_error("phase", _("This transfer is already settled."), FinanceErrorCode.SETTLED)


@transaction.atomic
def settlement_confirm(
    *, user: Any, settlement: Settlement, bank_reference: str = "", now: dt.datetime | None = None
) -> Settlement:
    """The bank confirmed the transfer: the pending entry is posted."""
    invoice = lock_invoice(settlement.invoice_id)
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    require(_may_confirm(user, invoice), _("Only the financier or the agency confirms transfers."))
    _pending(settlement)
    now = now or timezone.now()
    if settlement.kind == SettlementKind.DISBURSEMENT:
        move(invoice, "disbursement_posted")
        invoice.financed_on = today_of(now)
        invoice.save(update_fields=["state", "financed_on", "updated_at"])
    else:
        invoice.principal_repaid += settlement.principal_part
        invoice.penalty_paid += settlement.penalty_part
        release_limits(invoice, settlement.principal_part)
        if invoice.outstanding_principal == 0 and invoice.outstanding_penalty == 0:
            move(invoice, "repaid")
        invoice.save(update_fields=["state", "principal_repaid", "penalty_paid", "updated_at"])
    # The ledger goes last (then only the settlement row, which names its entry): it locks the
    # platform's shared accounts (fees, bank clearing) until the commit, so every other write is
    # done before; and the limits are locked before the accounts (the lock order).
    entry = ledger.post_pending(
        settlement.pending_entry_id, key=fixed_key(settlement, "post"), user=user,
        reason=f"bank confirmed {bank_reference}".strip(),
    )  # fmt: skip
    settlement.phase = SettlementPhase.POSTED
    settlement.resolution_entry = entry
    settlement.resolved_at = now
    settlement.bank_reference = bank_reference[:64]
    settlement.save(update_fields=["phase", "resolution_entry", "resolved_at", "bank_reference"])
    return settlement


@transaction.atomic
def settlement_void(
    *, user: Any, settlement: Settlement, reason: str = "", now: dt.datetime | None = None
) -> Settlement:
    """The transfer bounced: the pending entry is voided and, for a disbursement, the limits are
    released and the unit can be auctioned again."""
    invoice = lock_invoice(settlement.invoice_id)
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    require(_may_confirm(user, invoice), _("Only the financier or the agency confirms transfers."))
    _pending(settlement)
    if settlement.kind == SettlementKind.DISBURSEMENT:
        release_limits(invoice, invoice.net_amount)
        move(invoice, "disbursement_voided")
        invoice.bids.filter(state=BidState.WON).update(state=BidState.LOST)
        invoice.financier = None
        invoice.rate_bp = None
        invoice.discount = 0
        invoice.fee = 0
        invoice.auction_closes_at = None
        invoice.save(
            update_fields=[
                "state", "financier", "rate_bp", "discount", "fee", "auction_closes_at",
                "updated_at",
            ]
        )  # fmt: skip
    # Last, as in settlement_confirm: the shared accounts' locks are held the least time.
    entry = ledger.void_pending(
        settlement.pending_entry_id, key=fixed_key(settlement, "void"), user=user,
        reason=reason or "bounced",
    )  # fmt: skip
    settlement.phase = SettlementPhase.VOIDED
    settlement.resolution_entry = entry
    settlement.resolved_at = now or timezone.now()
    settlement.save(update_fields=["phase", "resolution_entry", "resolved_at"])
    return settlement


@transaction.atomic
def repayment_start(*, user: Any, invoice: Invoice, amount: int) -> Settlement:
    """The buyer pays (all or part). Penalty is paid first, then principal. Pending until the
    financier or the agency confirms the money arrived."""
    invoice = lock_invoice(invoice)
    require(FinanceScope(user).is_member(invoice.buyer_id), _("Only the buyer repays."))
    amount = int_amount(amount, "amount")
    if invoice.state not in (InvoiceState.FINANCED, InvoiceState.OVERDUE):
        raise field_error(
            "state", _("This invoice has nothing to repay."), FinanceErrorCode.INVALID_STATE
        )
    if invoice.settlements.filter(
        kind=SettlementKind.REPAYMENT, phase=SettlementPhase.PENDING
    ).exists():
        raise ValidationError({"amount": [_("A repayment is already awaiting confirmation.")]})
    due = invoice.outstanding_principal + invoice.outstanding_penalty
    if amount > due:
        raise ValidationError(
            {"amount": [_("The amount is more than what is owed ({due}).").format(due=due)]}
        )
    penalty_part = min(amount, invoice.outstanding_penalty)
    principal_part = amount - penalty_part
    financier = invoice.financier_id
    accounts = accounts_for(
        [
            (invoice.buyer_id, AccountPurpose.BUYER_PAYABLE),
            (financier, AccountPurpose.FINANCIER_RECEIVABLE),
            (invoice.buyer_id, AccountPurpose.BUYER_PENALTY),
            (financier, AccountPurpose.FINANCIER_PENALTY),
            (financier, AccountPurpose.FINANCIER_FUNDS),
            (None, AccountPurpose.BANK_CLEARING),
        ]
    )
    amounts = [principal_part, -principal_part, penalty_part, -penalty_part, amount, -amount]
    legs = [Leg(account, a) for account, a in zip(accounts, amounts, strict=True)]
    entry = ledger.post_entry(
        key=fresh_key(invoice, "repay"), kind=EntryKind.REPAYMENT, legs=legs, pending=True,
        invoice=invoice, user=user, reason=f"repayment {amount}",
    )  # fmt: skip
    try:
        # No savepoint: the error below leaves this service's transaction, which rolls back.
        with transaction.atomic(savepoint=False):
            return Settlement.objects.create(
                invoice=invoice, kind=SettlementKind.REPAYMENT, amount=amount,
                principal_part=principal_part, penalty_part=penalty_part, pending_entry=entry,
                created_by=user,
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError(
            {"amount": [_("A repayment is already awaiting confirmation.")]}
        ) from exc
