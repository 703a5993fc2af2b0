"""Every write of supply-chain finance. Each runs in one transaction and posts its journal entry
in that same transaction, or nothing happens.

Lock order (fixed, so concurrent calls never deadlock): the invoice row, then limit rows by id,
then settlement rows, then ledger accounts by id (inside `ledger`). SQLite serializes writers
with IMMEDIATE transactions (settings), so the same code is safe there.

State machine: an explicit transition table (`TRANSITIONS`), checked by `_move`; documented in
README.md. No django-fsm: the table is small and the checks must run under the row lock.
"""

import datetime as dt
import re
import unicodedata
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.core.money import MAX_RIALS, rial_error
from karsaz.core.persian import normalize, search_key
from karsaz.finance import ledger, money
from karsaz.finance.choices import (
    AccountPurpose as P,
)
from karsaz.finance.choices import (
    BidState,
    EntryKind,
    InvoiceState,
    LimitKind,
    SettlementKind,
    SettlementPhase,
)
from karsaz.finance.documents import invoice_document_errors
from karsaz.finance.ledger import Leg, account_for
from karsaz.finance.models import (
    AutoBidRule,
    Bid,
    CreditNote,
    Invoice,
    Limit,
    Programme,
    ProgrammeFinancier,
    ProgrammeSupplier,
    Settlement,
)
from karsaz.finance.permissions import FinanceScope, require
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise

S = InvoiceState
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve_maker": (frozenset({S.SUBMITTED}), S.MAKER_APPROVED),
    "accept": (frozenset({S.MAKER_APPROVED}), S.ACCEPTED),
    "reject": (frozenset({S.SUBMITTED, S.MAKER_APPROVED}), S.REJECTED),
    "expire": (frozenset({S.SUBMITTED, S.MAKER_APPROVED}), S.EXPIRED),
    "request_financing": (frozenset({S.ACCEPTED}), S.AUCTION),
    "close_without_bids": (frozenset({S.AUCTION}), S.ACCEPTED),
    "take": (frozenset({S.AUCTION}), S.TAKEN),
    "disbursement_posted": (frozenset({S.TAKEN}), S.FINANCED),
    "disbursement_voided": (frozenset({S.TAKEN}), S.ACCEPTED),
    "mark_overdue": (frozenset({S.FINANCED}), S.OVERDUE),
    "repaid": (frozenset({S.FINANCED, S.OVERDUE}), S.REPAID),
    "cancel": (frozenset({S.SUBMITTED, S.MAKER_APPROVED, S.ACCEPTED, S.AUCTION}), S.CANCELLED),
}
# States in which a taken unit holds its limits.
RESERVING_STATES = (S.TAKEN, S.FINANCED, S.OVERDUE)
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def normalize_invoice_number(number: str) -> str:
    """«INV-۰۰۱۲/الف», «inv 0012 الف» and «INV_0012-الف» are the same invoice number."""
    return _SEPARATORS.sub("", search_key(unicodedata.normalize("NFKC", number or "")))


def _move(invoice: Invoice, action: str) -> None:
    sources, target = TRANSITIONS[action]
    if invoice.state not in sources:
        raise ValidationError(
            {
                "state": [
                    _("This cannot be done while the invoice is “{state}”.").format(
                        state=invoice.get_state_display()
                    )
                ]
            },
            code="invalid_state",
        )
    invoice.state = target


def _lock_invoice(invoice: Invoice | int) -> Invoice:
    pk = invoice if isinstance(invoice, int) else invoice.pk
    return Invoice.objects.select_for_update(of=("self",)).select_related("programme").get(pk=pk)


def _key(invoice: Invoice, action: str) -> str:
    return f"inv{invoice.pk}:{action}:{uuid.uuid4().hex[:12]}"


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def _int_amount(value: Any, field: str) -> int:
    """A positive rial amount within MAX_RIALS (core.money), or a field error."""
    if isinstance(value, int) and not isinstance(value, bool) and value == 0:
        raise ValidationError({field: [_("The amount must be more than zero.")]})
    error = rial_error(value)
    if error:
        raise ValidationError({field: [error]})
    return value


# ---------------------------------------------------------------- programmes and limits


@transaction.atomic
def programme_create(
    *,
    user: Any,
    buyer: Enterprise,
    name_fa: str,
    name_en: str = "",
    buyer_limit: int,
    **rules: Any,
) -> Programme:
    require(FinanceScope(user).national, _("Only national agency staff create programmes."))
    if buyer.kind != EnterpriseKind.ANCHOR_BUYER:
        raise ValidationError({"buyer": [_("A programme is run by an anchor buyer.")]})
    programme = Programme(buyer=buyer, name_fa=normalize(name_fa), name_en=name_en, **rules)
    programme.full_clean()
    programme.save()
    Limit.objects.create(
        programme=programme, kind=LimitKind.BUYER, cap=_int_amount(buyer_limit, "buyer_limit")
    )
    return programme


@transaction.atomic
def programme_onboard_supplier(
    *, user: Any, programme: Programme, supplier: Enterprise, limit: int
) -> ProgrammeSupplier:
    scope = FinanceScope(user)
    require(scope.national or scope.is_member(programme.buyer_id))
    if supplier.kind == EnterpriseKind.FINANCIER or supplier.pk == programme.buyer_id:
        raise ValidationError({"supplier": [_("This enterprise cannot be a supplier here.")]})
    link, _created = ProgrammeSupplier.objects.get_or_create(programme=programme, supplier=supplier)
    limit_set(user=user, programme=programme, kind=LimitKind.SUPPLIER, supplier=supplier, cap=limit)
    return link


@transaction.atomic
def programme_add_financier(
    *, user: Any, programme: Programme, financier: Enterprise, limit: int
) -> ProgrammeFinancier:
    require(FinanceScope(user).national, _("Only national agency staff admit financiers."))
    if financier.kind != EnterpriseKind.FINANCIER:
        raise ValidationError({"financier": [_("Only a financier can join as financier.")]})
    link, _created = ProgrammeFinancier.objects.get_or_create(
        programme=programme, financier=financier
    )
    Limit.objects.get_or_create(
        programme=programme,
        kind=LimitKind.FINANCIER,
        financier=financier,
        defaults={"cap": _int_amount(limit, "limit")},
    )
    return link


@transaction.atomic
def limit_set(
    *,
    user: Any,
    programme: Programme,
    kind: str,
    cap: int,
    financier: Enterprise | None = None,
    supplier: Enterprise | None = None,
) -> Limit:
    """Set a cap. Buyer and supplier limits: agency or buyer; financier and pair: that financier."""
    scope = FinanceScope(user)
    if kind in (LimitKind.BUYER, LimitKind.SUPPLIER):
        require(scope.national or scope.is_member(programme.buyer_id))
    elif kind in (LimitKind.FINANCIER, LimitKind.PAIR):
        require(financier is not None and (scope.national or scope.is_member(financier.pk)))
        if not ProgrammeFinancier.objects.filter(programme=programme, financier=financier).exists():
            raise ValidationError({"financier": [_("This financier is not in the programme.")]})
    else:
        raise ValidationError({"kind": [_("Unknown limit kind.")]})
    if error := rial_error(cap):
        raise ValidationError({"cap": [error]})
    keys = {
        "programme": programme,
        "kind": kind,
        "financier": financier if kind in (LimitKind.FINANCIER, LimitKind.PAIR) else None,
        "supplier": supplier if kind in (LimitKind.SUPPLIER, LimitKind.PAIR) else None,
    }
    limit = Limit.objects.select_for_update().filter(**keys).first()
    if limit is None:
        return Limit.objects.create(cap=cap, **keys)
    if cap < limit.used:
        raise ValidationError(
            {"cap": [_("The cap cannot go below what is already reserved.")]}, code="below_used"
        )
    limit.cap = cap
    limit.save(update_fields=["cap"])
    return limit


@transaction.atomic
def autobid_set(
    *,
    user: Any,
    programme: Programme,
    financier: Enterprise,
    rate_bp: int,
    max_amount: int,
    active: bool = True,
) -> AutoBidRule:
    scope = FinanceScope(user)
    require(scope.is_member(financier.pk) or scope.national)
    if not ProgrammeFinancier.objects.filter(programme=programme, financier=financier).exists():
        raise ValidationError({"financier": [_("This financier is not in the programme.")]})
    _check_rate(programme, rate_bp)
    rule, _created = AutoBidRule.objects.update_or_create(
        programme=programme,
        financier=financier,
        defaults={
            "rate_bp": rate_bp,
            "max_amount": _int_amount(max_amount, "max_amount"),
            "active": active,
        },
    )
    return rule


# ---------------------------------------------------------------- invoices


@transaction.atomic
def invoice_submit(
    *,
    user: Any,
    programme: Programme,
    supplier: Enterprise,
    number: str,
    issue_date: dt.date,
    due_date: dt.date,
    amount: int,
    tax_id: str = "",
    description: str = "",
    document: Any = None,
    credit_notes: list[dict[str, Any]] | None = None,
    now: dt.datetime | None = None,
) -> Invoice:
    scope = FinanceScope(user)
    require(scope.is_member(supplier.pk), _("You may upload invoices only for your enterprise."))
    today = _today(now)
    errors: dict[str, list[str]] = {}
    if not programme.active:
        errors["programme"] = [_("This programme is closed.")]
    if not ProgrammeSupplier.objects.filter(programme=programme, supplier=supplier).exists():
        errors["programme"] = [_("Your enterprise is not a supplier in this programme.")]
    key = normalize_invoice_number(number)
    if not key:
        errors["number"] = [_("Enter the invoice number.")]
    if isinstance(amount, int) and not isinstance(amount, bool) and amount == 0:
        errors["amount"] = [_("The amount must be more than zero.")]
    elif error := rial_error(amount):
        errors["amount"] = [error]
    if due_date <= issue_date:
        errors["due_date"] = [_("The due date must come after the issue date.")]
    elif issue_date > today:
        errors["issue_date"] = [_("The issue date cannot be in the future.")]
    else:
        left = money.days_between(today, due_date)
        if left < programme.min_tenor_days:
            errors["due_date"] = [
                _("At least {days} days must be left until the due date.").format(
                    days=programme.min_tenor_days
                )
            ]
        elif left > programme.max_tenor_days:
            errors["due_date"] = [
                _("The due date may be at most {days} days away.").format(
                    days=programme.max_tenor_days
                )
            ]
    tax = (tax_id or "").strip().upper() or None
    if (
        key
        and Invoice.objects.filter(
            supplier=supplier, buyer=programme.buyer, number_key=key, issue_date=issue_date
        ).exists()
    ):
        errors["number"] = [_("This invoice is already on Karsaz (in this or another programme).")]
    if tax and Invoice.objects.filter(tax_id=tax).exists():
        errors["tax_id"] = [_("An invoice with this tax e-invoice ID is already on Karsaz.")]
    errors.update(invoice_document_errors(document))
    if errors:
        raise ValidationError(errors)
    invoice = Invoice(
        programme=programme,
        supplier=supplier,
        buyer=programme.buyer,
        number=normalize(number).strip(),
        number_key=key,
        tax_id=tax,
        issue_date=issue_date,
        due_date=due_date,
        amount=amount,
        description=normalize(description),
        submitted_by=user,
        submitted_at=now or timezone.now(),
    )
    if document:
        invoice.document = document
    try:
        with transaction.atomic():
            invoice.save()
    except IntegrityError as exc:  # a concurrent upload of the same invoice won the race
        raise ValidationError(
            {"number": [_("This invoice is already on Karsaz (in this or another programme).")]}
        ) from exc
    ledger.post_entry(
        key=f"inv{invoice.pk}:submit", kind=EntryKind.SUBMISSION, invoice=invoice, user=user,
        reason="submitted",
    )  # fmt: skip
    for note in credit_notes or []:
        credit_note_add(user=user, invoice=invoice, **note)
    return invoice


@transaction.atomic
def credit_note_add(
    *, user: Any, invoice: Invoice, number: str, amount: int, reason: str = ""
) -> CreditNote:
    """A credit note offsets the invoice before the buyer decides; the buyer approves the net."""
    invoice = _lock_invoice(invoice)
    require(FinanceScope(user).is_member(invoice.supplier_id))
    if invoice.state != S.SUBMITTED:
        raise ValidationError(
            {"state": [_("Credit notes can be added only before the buyer approves.")]}
        )
    amount = _int_amount(amount, "amount")
    if not normalize_invoice_number(number):
        raise ValidationError({"number": [_("Enter the credit note number.")]})
    if invoice.credit_total + amount >= invoice.amount:
        raise ValidationError({"amount": [_("Credit notes must leave a positive net amount.")]})
    if invoice.credit_notes.filter(number=normalize(number).strip()).exists():
        raise ValidationError({"number": [_("This credit note is already recorded.")]})
    note = CreditNote.objects.create(
        invoice=invoice, number=normalize(number).strip(), amount=amount, reason=reason,
        created_by=user,
    )  # fmt: skip
    invoice.credit_total += amount
    invoice.save(update_fields=["credit_total", "updated_at"])
    ledger.post_entry(
        key=_key(invoice, "credit"), kind=EntryKind.CREDIT_NOTE, invoice=invoice, user=user,
        reason=f"credit note {note.number}: {amount}",
    )  # fmt: skip
    return note


def _window_open(invoice: Invoice, now: dt.datetime) -> bool:
    return now <= invoice.submitted_at + dt.timedelta(days=invoice.programme.acceptance_window_days)


@transaction.atomic
def invoice_approve(*, user: Any, invoice: Invoice, now: dt.datetime | None = None) -> Invoice:
    """Maker-checker: the first buyer user approves, a second, different one accepts."""
    invoice = _lock_invoice(invoice)
    require(FinanceScope(user).is_member(invoice.buyer_id), _("Only the buyer can approve."))
    now = now or timezone.now()
    if invoice.state in (S.SUBMITTED, S.MAKER_APPROVED) and not _window_open(invoice, now):
        raise ValidationError({"state": [_("The acceptance window has closed.")]})
    if invoice.state == S.SUBMITTED:
        _move(invoice, "approve_maker")
        invoice.maker = user
        invoice.save(update_fields=["state", "maker", "updated_at"])
        ledger.post_entry(
            key=f"inv{invoice.pk}:maker", kind=EntryKind.MAKER_APPROVAL, invoice=invoice,
            user=user, reason="first approval",
        )  # fmt: skip
        return invoice
    if invoice.state == S.MAKER_APPROVED and invoice.maker_id == user.pk:
        raise ValidationError(
            {"checker": [_("A second, different buyer user must confirm the acceptance.")]},
            code="same_approver",
        )
    _move(invoice, "accept")
    invoice.checker = user
    invoice.accepted_at = now
    invoice.save(update_fields=["state", "checker", "accepted_at", "updated_at"])
    net = invoice.net_amount
    ledger.post_entry(
        key=f"inv{invoice.pk}:accept",
        kind=EntryKind.ACCEPTANCE,
        invoice=invoice,
        user=user,
        reason="accepted: irrevocable obligation to pay the net amount at maturity",
        legs=[
            Leg(account_for(invoice.supplier, P.SUPPLIER_RECEIVABLE), net),
            Leg(account_for(invoice.buyer, P.BUYER_PAYABLE), -net),
        ],
    )
    return invoice


@transaction.atomic
def invoice_reject(*, user: Any, invoice: Invoice, reason: str = "") -> Invoice:
    invoice = _lock_invoice(invoice)
    require(FinanceScope(user).is_member(invoice.buyer_id), _("Only the buyer can reject."))
    _move(invoice, "reject")
    invoice.save(update_fields=["state", "updated_at"])
    ledger.post_entry(
        key=f"inv{invoice.pk}:reject", kind=EntryKind.REJECTION, invoice=invoice, user=user,
        reason=reason or "rejected",
    )  # fmt: skip
    return invoice


def _check_rate(programme: Programme, rate_bp: Any) -> int:
    if isinstance(rate_bp, bool) or not isinstance(rate_bp, int) or rate_bp <= 0:
        raise ValidationError({"rate_bp": [_("Enter a positive rate in basis points.")]})
    if rate_bp > programme.max_rate_bp:
        raise ValidationError(
            {
                "rate_bp": [
                    _("The rate is above the programme's cap of {cap} basis points.").format(
                        cap=programme.max_rate_bp
                    )
                ]
            },
            code="above_cap",
        )
    return rate_bp


def _limits_for(invoice: Invoice, financier_id: int) -> list[Limit]:
    return list(
        Limit.objects.filter(programme_id=invoice.programme_id).filter(
            Q(kind=LimitKind.BUYER)
            | Q(kind=LimitKind.SUPPLIER, supplier_id=invoice.supplier_id)
            | Q(kind=LimitKind.FINANCIER, financier_id=financier_id)
            | Q(kind=LimitKind.PAIR, financier_id=financier_id, supplier_id=invoice.supplier_id)
        )
    )


def _financier_capacity_error(invoice: Invoice, financier_id: int) -> str | None:
    limits = {lim.kind: lim for lim in _limits_for(invoice, financier_id)}
    if LimitKind.FINANCIER not in limits:
        return _("Set your limit on this buyer before bidding.")
    for kind in (LimitKind.FINANCIER, LimitKind.PAIR):
        lim = limits.get(kind)
        if lim is not None and lim.available < invoice.net_amount:
            return _("The bid exceeds your remaining limit on this buyer or pair.")
    return None


@transaction.atomic
def invoice_request_financing(
    *, user: Any, invoice: Invoice, now: dt.datetime | None = None
) -> Invoice:
    invoice = _lock_invoice(invoice)
    require(FinanceScope(user).is_member(invoice.supplier_id))
    now = now or timezone.now()
    _move(invoice, "request_financing")
    left = money.days_between(_today(now), invoice.due_date)
    if left < invoice.programme.min_tenor_days:
        raise ValidationError(
            {"due_date": [_("Too little time is left until the due date to finance it.")]},
            code="tenor",
        )
    invoice.auction_closes_at = now + dt.timedelta(hours=invoice.programme.auction_window_hours)
    invoice.save(update_fields=["state", "auction_closes_at", "updated_at"])
    ledger.post_entry(
        key=_key(invoice, "auction"), kind=EntryKind.FINANCING_REQUEST, invoice=invoice,
        user=user, reason="auction opened",
    )  # fmt: skip
    for rule in AutoBidRule.objects.filter(programme_id=invoice.programme_id, active=True):
        if invoice.net_amount > rule.max_amount or rule.rate_bp > invoice.programme.max_rate_bp:
            continue
        if _financier_capacity_error(invoice, rule.financier_id):
            continue
        Bid.objects.create(
            invoice=invoice, financier_id=rule.financier_id, rate_bp=rule.rate_bp, auto=True
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
    invoice = _lock_invoice(invoice)
    scope = FinanceScope(user)
    require(scope.is_member(financier.pk) and financier.pk in scope.financier_ids)
    if not ProgrammeFinancier.objects.filter(
        programme_id=invoice.programme_id, financier=financier
    ).exists():
        raise ValidationError({"financier": [_("Your institution is not in this programme.")]})
    now = now or timezone.now()
    if invoice.state != S.AUCTION:
        raise ValidationError({"state": [_("This invoice is not in auction.")]})
    if invoice.auction_closes_at is None or now >= invoice.auction_closes_at:
        raise ValidationError({"rate_bp": [_("The auction window has closed.")]}, code="closed")
    _check_rate(invoice.programme, rate_bp)
    error = _financier_capacity_error(invoice, financier.pk)
    if error:
        raise ValidationError({"rate_bp": [error]}, code="limit")
    Bid.objects.filter(invoice=invoice, financier=financier, state=BidState.ACTIVE).update(
        state=BidState.WITHDRAWN
    )
    return Bid.objects.create(invoice=invoice, financier=financier, rate_bp=rate_bp, placed_by=user)


@transaction.atomic
def bid_withdraw(*, user: Any, bid: Bid) -> Bid:
    invoice = _lock_invoice(bid.invoice_id)
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    require(FinanceScope(user).is_member(bid.financier_id))
    if bid.state != BidState.ACTIVE or invoice.state != S.AUCTION:
        raise ValidationError({"state": [_("This bid can no longer be withdrawn.")]})
    bid.state = BidState.WITHDRAWN
    bid.save(update_fields=["state"])
    return bid


def _reserve(invoice: Invoice, financier_id: int, amount: int) -> None:
    limits = sorted(_limits_for(invoice, financier_id), key=lambda lim: lim.pk)
    locked = list(Limit.objects.select_for_update().filter(pk__in=[lim.pk for lim in limits]))
    locked.sort(key=lambda lim: lim.pk)
    kinds = {lim.kind for lim in locked}
    for needed in (LimitKind.BUYER, LimitKind.SUPPLIER, LimitKind.FINANCIER):
        if needed not in kinds:
            raise ValidationError({"limit": [_("A programme limit is missing.")]})
    for lim in locked:
        if lim.used + amount > lim.cap:
            raise ValidationError(
                {
                    "limit": [
                        _("Taking this bid would exceed the {kind}.").format(
                            kind=lim.get_kind_display()
                        )
                    ]
                },
                code="limit",
            )
    for lim in locked:
        lim.used += amount
        lim.save(update_fields=["used"])


def _release(invoice: Invoice, amount: int) -> None:
    if amount <= 0 or invoice.financier_id is None:
        return
    limits = sorted(_limits_for(invoice, invoice.financier_id), key=lambda lim: lim.pk)
    for lim in (
        Limit.objects.select_for_update().filter(pk__in=[x.pk for x in limits]).order_by("pk")
    ):
        lim.used -= amount
        lim.save(update_fields=["used"])


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
    invoice = _lock_invoice(invoice)
    if not system:
        require(
            FinanceScope(user).is_member(invoice.supplier_id), _("Only the supplier takes bids.")
        )
    now = now or timezone.now()
    _move(invoice, "take")
    if bid is None:
        bid = invoice.bids.filter(state=BidState.ACTIVE).order_by("rate_bp", "created_at").first()
        if bid is None:
            raise ValidationError({"bid": [_("There is no bid to take.")]})
    bid = Bid.objects.select_for_update().get(pk=bid.pk)
    if bid.invoice_id != invoice.pk or bid.state != BidState.ACTIVE:
        raise ValidationError({"bid": [_("This bid is not open on this invoice.")]})
    net = invoice.net_amount
    _reserve(invoice, bid.financier_id, net)
    today = _today(now)
    days = money.days_between(today, invoice.due_date)
    try:
        split = money.disbursement_split(
            net=net, rate_bp=bid.rate_bp, days=days, fee_bp=invoice.programme.fee_bp
        )
    except ValueError as exc:
        raise ValidationError({"bid": [_("Discount and fees exceed the amount.")]}) from exc
    bid.state = BidState.WON
    bid.save(update_fields=["state"])
    invoice.bids.filter(state=BidState.ACTIVE).update(state=BidState.LOST)
    invoice.financier_id = bid.financier_id
    invoice.rate_bp = bid.rate_bp
    invoice.discount = split["discount"]
    invoice.fee = split["fee"]
    invoice.save(update_fields=["state", "financier", "rate_bp", "discount", "fee", "updated_at"])
    financier = bid.financier
    legs = [
        Leg(account_for(financier, P.FINANCIER_RECEIVABLE), net),
        Leg(account_for(invoice.supplier, P.SUPPLIER_RECEIVABLE), -net),
        Leg(account_for(financier, P.FINANCIER_FUNDS), -split["purchase_price"]),
        Leg(account_for(invoice.supplier, P.SUPPLIER_CASH), split["to_supplier"]),
        Leg(account_for(None, P.PLATFORM_FEES), split["fee"]),
    ]
    entry = ledger.post_entry(
        key=_key(invoice, "disburse"),
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


def _may_confirm(user: Any, invoice: Invoice) -> bool:
    scope = FinanceScope(user)
    return scope.national or scope.is_member(invoice.financier_id)


@transaction.atomic
def settlement_confirm(
    *, user: Any, settlement: Settlement, bank_reference: str = "", now: dt.datetime | None = None
) -> Settlement:
    """The bank confirmed the transfer: the pending entry is posted."""
    invoice = _lock_invoice(settlement.invoice_id)
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    require(_may_confirm(user, invoice), _("Only the financier or the agency confirms transfers."))
    if settlement.phase != SettlementPhase.PENDING:
        raise ValidationError({"phase": [_("This transfer is already settled.")]}, code="settled")
    now = now or timezone.now()
    entry = ledger.post_pending(
        settlement.pending_entry, key=f"stl{settlement.pk}:post", user=user,
        reason=f"bank confirmed {bank_reference}".strip(),
    )  # fmt: skip
    settlement.phase = SettlementPhase.POSTED
    settlement.resolution_entry = entry
    settlement.resolved_at = now
    settlement.bank_reference = bank_reference[:64]
    settlement.save(update_fields=["phase", "resolution_entry", "resolved_at", "bank_reference"])
    if settlement.kind == SettlementKind.DISBURSEMENT:
        _move(invoice, "disbursement_posted")
        invoice.financed_on = _today(now)
        invoice.save(update_fields=["state", "financed_on", "updated_at"])
    else:
        invoice.principal_repaid += settlement.principal_part
        invoice.penalty_paid += settlement.penalty_part
        _release(invoice, settlement.principal_part)
        if invoice.outstanding_principal == 0 and invoice.outstanding_penalty == 0:
            _move(invoice, "repaid")
        invoice.save(update_fields=["state", "principal_repaid", "penalty_paid", "updated_at"])
    return settlement


@transaction.atomic
def settlement_void(
    *, user: Any, settlement: Settlement, reason: str = "", now: dt.datetime | None = None
) -> Settlement:
    """The transfer bounced: the pending entry is voided and, for a disbursement, the limits are
    released and the unit can be auctioned again."""
    invoice = _lock_invoice(settlement.invoice_id)
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    require(_may_confirm(user, invoice), _("Only the financier or the agency confirms transfers."))
    if settlement.phase != SettlementPhase.PENDING:
        raise ValidationError({"phase": [_("This transfer is already settled.")]}, code="settled")
    entry = ledger.void_pending(
        settlement.pending_entry, key=f"stl{settlement.pk}:void", user=user,
        reason=reason or "bounced",
    )  # fmt: skip
    settlement.phase = SettlementPhase.VOIDED
    settlement.resolution_entry = entry
    settlement.resolved_at = now or timezone.now()
    settlement.save(update_fields=["phase", "resolution_entry", "resolved_at"])
    if settlement.kind == SettlementKind.DISBURSEMENT:
        _release(invoice, invoice.net_amount)
        _move(invoice, "disbursement_voided")
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
    return settlement


@transaction.atomic
def repayment_start(
    *, user: Any, invoice: Invoice, amount: int, now: dt.datetime | None = None
) -> Settlement:
    """The buyer pays (all or part). Penalty is paid first, then principal. Pending until the
    financier or the agency confirms the money arrived."""
    invoice = _lock_invoice(invoice)
    require(FinanceScope(user).is_member(invoice.buyer_id), _("Only the buyer repays."))
    amount = _int_amount(amount, "amount")
    if invoice.state not in (S.FINANCED, S.OVERDUE):
        raise ValidationError({"state": [_("This invoice has nothing to repay.")]})
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
    financier = invoice.financier
    legs = [
        Leg(account_for(invoice.buyer, P.BUYER_PAYABLE), principal_part),
        Leg(account_for(financier, P.FINANCIER_RECEIVABLE), -principal_part),
        Leg(account_for(invoice.buyer, P.BUYER_PENALTY), penalty_part),
        Leg(account_for(financier, P.FINANCIER_PENALTY), -penalty_part),
        Leg(account_for(financier, P.FINANCIER_FUNDS), amount),
        Leg(account_for(None, P.BANK_CLEARING), -amount),
    ]
    entry = ledger.post_entry(
        key=_key(invoice, "repay"), kind=EntryKind.REPAYMENT, legs=legs, pending=True,
        invoice=invoice, user=user, reason=f"repayment {amount}",
    )  # fmt: skip
    try:
        with transaction.atomic():
            return Settlement.objects.create(
                invoice=invoice, kind=SettlementKind.REPAYMENT, amount=amount,
                principal_part=principal_part, penalty_part=penalty_part, pending_entry=entry,
                created_by=user,
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError(
            {"amount": [_("A repayment is already awaiting confirmation.")]}
        ) from exc


@transaction.atomic
def invoice_cancel(*, user: Any, invoice: Invoice, reason: str = "") -> Invoice:
    """The supplier withdraws an invoice that is not financed. An accepted one is reversed."""
    invoice = _lock_invoice(invoice)
    scope = FinanceScope(user)
    require(scope.is_member(invoice.supplier_id) or scope.national)
    was_accepted = invoice.state in (S.ACCEPTED, S.AUCTION)
    _move(invoice, "cancel")
    invoice.save(update_fields=["state", "updated_at"])
    invoice.bids.filter(state=BidState.ACTIVE).update(state=BidState.LOST)
    if was_accepted:
        acceptance = invoice.entries.get(kind=EntryKind.ACCEPTANCE)
        ledger.reverse_entry(
            acceptance, key=f"inv{invoice.pk}:cancel", user=user,
            reason=reason or "cancelled by the supplier",
        )  # fmt: skip
    else:
        ledger.post_entry(
            key=f"inv{invoice.pk}:cancel", kind=EntryKind.CANCELLATION, invoice=invoice,
            user=user, reason=reason or "cancelled",
        )  # fmt: skip
    return invoice


# ---------------------------------------------------------------- the clock


@transaction.atomic
def invoice_expire(*, invoice: Invoice, now: dt.datetime) -> Invoice:
    invoice = _lock_invoice(invoice)
    if invoice.state in (S.SUBMITTED, S.MAKER_APPROVED) and not _window_open(invoice, now):
        _move(invoice, "expire")
        invoice.save(update_fields=["state", "updated_at"])
        ledger.post_entry(
            key=f"inv{invoice.pk}:expire", kind=EntryKind.EXPIRY, invoice=invoice,
            reason="acceptance window passed",
        )  # fmt: skip
    return invoice


@transaction.atomic
def auction_close(*, invoice: Invoice, now: dt.datetime) -> Invoice:
    """When the window closes: take the best bid (if the programme says so) or reopen."""
    invoice = _lock_invoice(invoice)
    if invoice.state != S.AUCTION or (invoice.auction_closes_at or now) > now:
        return invoice
    has_bids = invoice.bids.filter(state=BidState.ACTIVE).exists()
    if has_bids and invoice.programme.auto_take_best:
        try:
            with transaction.atomic():
                bid_take(user=None, invoice=invoice, now=now, system=True)
                return _lock_invoice(invoice.pk)
        except ValidationError:
            pass  # limits no longer allow it: fall through and reopen
    _move(invoice, "close_without_bids")
    invoice.auction_closes_at = None
    invoice.save(update_fields=["state", "auction_closes_at", "updated_at"])
    invoice.bids.filter(state=BidState.ACTIVE).update(state=BidState.LOST)
    ledger.post_entry(
        key=_key(invoice, "auction-closed"), kind=EntryKind.FINANCING_REQUEST, invoice=invoice,
        reason="auction closed without a taken bid",
    )  # fmt: skip
    return invoice


@transaction.atomic
def invoice_mark_overdue(*, invoice: Invoice, now: dt.datetime) -> Invoice:
    """Past due and unpaid: buyer default (no recourse to the supplier)."""
    invoice = _lock_invoice(invoice)
    if invoice.state == S.FINANCED and _today(now) > invoice.due_date:
        _move(invoice, "mark_overdue")
        invoice.penalty_through = invoice.due_date
        invoice.save(update_fields=["state", "penalty_through", "updated_at"])
        ledger.post_entry(
            key=f"inv{invoice.pk}:overdue", kind=EntryKind.OVERDUE, invoice=invoice,
            reason="buyer default: unpaid at maturity",
        )  # fmt: skip
    return invoice


@transaction.atomic
def penalty_accrue(*, invoice: Invoice, now: dt.datetime) -> int:
    """Accrue the programme's penalty rate on the unpaid principal up to today."""
    invoice = _lock_invoice(invoice)
    today = _today(now)
    if invoice.state != S.OVERDUE:
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
        key=f"inv{invoice.pk}:penalty:{today.isoformat()}",
        kind=EntryKind.PENALTY,
        invoice=invoice,
        reason=f"penalty {days} days at {invoice.programme.penalty_rate_bp} bp",
        legs=[
            Leg(account_for(invoice.financier, P.FINANCIER_PENALTY), amount),
            Leg(account_for(invoice.buyer, P.BUYER_PENALTY), -amount),
        ],
    )
    return amount


def finance_tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The daily/hourly clock: expire, close auctions, flag defaults, accrue penalties.
    Each invoice in its own transaction, so one failure never blocks the rest."""
    now = now or timezone.now()
    today = _today(now)
    counts = {"expired": 0, "auctions_closed": 0, "overdue": 0, "penalties": 0}
    for inv in Invoice.objects.filter(state__in=[S.SUBMITTED, S.MAKER_APPROVED]).select_related(
        "programme"
    ):
        if not _window_open(inv, now):
            invoice_expire(invoice=inv, now=now)
            counts["expired"] += 1
    for inv in Invoice.objects.filter(state=S.AUCTION, auction_closes_at__lte=now):
        auction_close(invoice=inv, now=now)
        counts["auctions_closed"] += 1
    for inv in Invoice.objects.filter(state=S.FINANCED, due_date__lt=today):
        invoice_mark_overdue(invoice=inv, now=now)
        counts["overdue"] += 1
    for inv in Invoice.objects.filter(state=S.OVERDUE):
        if penalty_accrue(invoice=inv, now=now):
            counts["penalties"] += 1
    return counts
