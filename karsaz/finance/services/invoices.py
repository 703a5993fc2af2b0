"""Invoices: upload, credit notes, the buyer's maker-checker decision, and withdrawal."""

import datetime as dt
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from karsaz.accounts.scope import require
from karsaz.core.errors import field_error
from karsaz.core.money import rial_error
from karsaz.core.persian import normalize, search_key
from karsaz.finance import ledger, money
from karsaz.finance.choices import AccountPurpose, BidState, EntryKind, InvoiceState
from karsaz.finance.documents import invoice_document_errors
from karsaz.finance.errors import FinanceErrorCode
from karsaz.finance.ledger import Leg, accounts_for
from karsaz.finance.models import CreditNote, Invoice, Programme, ProgrammeSupplier
from karsaz.finance.permissions import FinanceScope, not_allowed
from karsaz.finance.services._notices import name, tell
from karsaz.finance.services._state import (
    fixed_key,
    fresh_key,
    int_amount,
    lock_invoice,
    move,
    today_of,
    window_open,
)
from karsaz.notifications.choices import Kind
from karsaz.registry.models import Enterprise

_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def normalize_invoice_number(number: str) -> str:
    """«INV-۰۰۱۲/الف», «inv 0012 الف» and «INV_0012-الف» are the same invoice number."""
    return _SEPARATORS.sub("", search_key(unicodedata.normalize("NFKC", number or "")))


def _submit_lookups(
    programme: Programme, supplier: Enterprise, key: str, issue_date: dt.date, tax: str | None
) -> tuple[bool, bool, bool]:
    """(the supplier is in the programme, the invoice is already on Karsaz, its tax ID is
    taken), read in one query: an upload's checks cost one round trip, not three. The unique
    constraints still refuse a concurrent twin at the insert."""
    duplicate = Invoice.objects.filter(
        supplier=supplier, buyer_id=programme.buyer_id, number_key=key, issue_date=issue_date
    )
    row = (
        Programme.objects.filter(pk=programme.pk)
        .annotate(
            enrolled=Exists(
                ProgrammeSupplier.objects.filter(programme=programme, supplier=supplier)
            ),
            duplicate=Exists(duplicate) if key else Value(False),
            tax_taken=Exists(Invoice.objects.filter(tax_id=tax)) if tax else Value(False),
        )
        .values_list("enrolled", "duplicate", "tax_taken")
        .first()
    )
    return row if row is not None else (False, False, False)


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
    today = today_of(now)
    errors: dict[str, list[str]] = {}
    key = normalize_invoice_number(number)
    tax = (tax_id or "").strip().upper() or None
    enrolled, duplicate, tax_taken = _submit_lookups(programme, supplier, key, issue_date, tax)
    if not programme.active:
        errors["programme"] = [_("This programme is closed.")]
    if not enrolled:
        errors["programme"] = [_("Your enterprise is not a supplier in this programme.")]
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
    if duplicate:
        errors["number"] = [_("This invoice is already on Karsaz (in this or another programme).")]
    if tax_taken:
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
        # No savepoint: the error below leaves this service's transaction, which rolls back.
        with transaction.atomic(savepoint=False):
            invoice.save()
    except IntegrityError as exc:  # a concurrent upload of the same invoice won the race
        raise ValidationError(
            {"number": [_("This invoice is already on Karsaz (in this or another programme).")]}
        ) from exc
    ledger.post_entry(
        key=fixed_key(invoice, "submit"), kind=EntryKind.SUBMISSION, invoice=invoice, user=user,
        reason="submitted",
    )  # fmt: skip
    for note in credit_notes or []:
        credit_note_add(user=user, invoice=invoice, **note)
    tell(
        [invoice.buyer_id],
        Kind.FINANCE_APPROVAL_NEEDED,
        invoice=invoice,
        title=gettext_noop("Invoice {number} from {supplier} awaits your approval"),
        params={"supplier": name(supplier)},
    )
    return invoice


@transaction.atomic
def credit_note_add(
    *, user: Any, invoice: Invoice, number: str, amount: int, reason: str = ""
) -> CreditNote:
    """A credit note offsets the invoice before the buyer decides; the buyer approves the net."""
    invoice = lock_invoice(invoice)
    require(FinanceScope(user).is_member(invoice.supplier_id), not_allowed())
    if invoice.state != InvoiceState.SUBMITTED:
        raise ValidationError(
            {"state": [_("Credit notes can be added only before the buyer approves.")]}
        )
    amount = int_amount(amount, "amount")
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
        key=fresh_key(invoice, "credit"), kind=EntryKind.CREDIT_NOTE, invoice=invoice, user=user,
        reason=f"credit note {note.number}: {amount}",
    )  # fmt: skip
    return note


@transaction.atomic
def invoice_approve(*, user: Any, invoice: Invoice, now: dt.datetime | None = None) -> Invoice:
    """Maker-checker: the first buyer user approves, a second, different one accepts."""
    invoice = lock_invoice(invoice)
    require(FinanceScope(user).is_member(invoice.buyer_id), _("Only the buyer can approve."))
    now = now or timezone.now()
    if invoice.state in (
        InvoiceState.SUBMITTED,
        InvoiceState.MAKER_APPROVED,
    ) and not window_open(invoice, now):
        raise ValidationError({"state": [_("The acceptance window has closed.")]})
    if invoice.state == InvoiceState.SUBMITTED:
        move(invoice, "approve_maker")
        invoice.maker = user
        invoice.save(update_fields=["state", "maker", "updated_at"])
        ledger.post_entry(
            key=fixed_key(invoice, "maker"), kind=EntryKind.MAKER_APPROVAL, invoice=invoice,
            user=user, reason="first approval",
        )  # fmt: skip
        tell(
            [invoice.buyer_id],
            Kind.FINANCE_APPROVAL_NEEDED,
            invoice=invoice,
            title=gettext_noop("Invoice {number} awaits a second approval"),
            exclude=user,
        )
        return invoice
    if invoice.state == InvoiceState.MAKER_APPROVED and invoice.maker_id == user.pk:
        raise field_error(
            "checker",
            _("A second, different buyer user must confirm the acceptance."),
            FinanceErrorCode.SAME_APPROVER,
        )
    move(invoice, "accept")
    invoice.checker = user
    invoice.accepted_at = now
    invoice.save(update_fields=["state", "checker", "accepted_at", "updated_at"])
    net = invoice.net_amount
    receivable, payable = accounts_for(
        [
            (invoice.supplier_id, AccountPurpose.SUPPLIER_RECEIVABLE),
            (invoice.buyer_id, AccountPurpose.BUYER_PAYABLE),
        ]
    )
    tell(
        [invoice.supplier_id],
        Kind.FINANCE_APPROVAL_GIVEN,
        invoice=invoice,
        title=gettext_noop("{buyer} accepted your invoice {number}"),
        params={"buyer": name(invoice.buyer)},
    )
    # The ledger goes last: the buyer's payable account, shared by all its invoices, stays
    # locked only until the commit.
    ledger.post_entry(
        key=fixed_key(invoice, "accept"),
        kind=EntryKind.ACCEPTANCE,
        invoice=invoice,
        user=user,
        reason="accepted: irrevocable obligation to pay the net amount at maturity",
        legs=[Leg(receivable, net), Leg(payable, -net)],
    )
    return invoice


@transaction.atomic
def invoice_reject(*, user: Any, invoice: Invoice, reason: str = "") -> Invoice:
    invoice = lock_invoice(invoice)
    require(FinanceScope(user).is_member(invoice.buyer_id), _("Only the buyer can reject."))
    move(invoice, "reject")
    invoice.save(update_fields=["state", "updated_at"])
    ledger.post_entry(
        key=fixed_key(invoice, "reject"), kind=EntryKind.REJECTION, invoice=invoice, user=user,
        reason=reason or "rejected",
    )  # fmt: skip
    tell(
        [invoice.supplier_id],
        Kind.FINANCE_APPROVAL_GIVEN,
        invoice=invoice,
        title=gettext_noop("{buyer} rejected your invoice {number}"),
        params={"buyer": name(invoice.buyer)},
    )
    return invoice


@transaction.atomic
def invoice_cancel(*, user: Any, invoice: Invoice, reason: str = "") -> Invoice:
    """The supplier withdraws an invoice that is not financed. An accepted one is reversed."""
    invoice = lock_invoice(invoice)
    scope = FinanceScope(user)
    require(scope.is_member(invoice.supplier_id) or scope.national, not_allowed())
    was_accepted = invoice.state in (InvoiceState.ACCEPTED, InvoiceState.AUCTION)
    move(invoice, "cancel")
    invoice.save(update_fields=["state", "updated_at"])
    invoice.bids.filter(state=BidState.ACTIVE).update(state=BidState.LOST)
    if was_accepted:
        acceptance = invoice.entries.get(kind=EntryKind.ACCEPTANCE)
        ledger.reverse_entry(
            acceptance, key=fixed_key(invoice, "cancel"), user=user,
            reason=reason or "cancelled by the supplier",
        )  # fmt: skip
    else:
        ledger.post_entry(
            key=fixed_key(invoice, "cancel"), kind=EntryKind.CANCELLATION, invoice=invoice,
            user=user, reason=reason or "cancelled",
        )  # fmt: skip
    return invoice
