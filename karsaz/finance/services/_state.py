"""Moves along the state machine, the invoice lock, entry keys and the checks every service
shares.

State machine: an explicit transition table (`TRANSITIONS`, beside the states in `choices`, where
FinanceScope.allowed_actions reads it too), checked by `move` under the invoice's row lock;
documented in README.md. No django-fsm: the table is small and the checks must run under the
row lock.
"""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.core.errors import field_error
from karsaz.core.money import rial_error
from karsaz.finance.choices import TRANSITIONS, InvoiceState
from karsaz.finance.errors import FinanceErrorCode
from karsaz.finance.models import Invoice, Programme, Settlement

# States in which a taken unit holds its limits.
RESERVING_STATES = (InvoiceState.TAKEN, InvoiceState.FINANCED, InvoiceState.OVERDUE)


def move(invoice: Invoice, action: str) -> None:
    """Moves the (locked) invoice along `TRANSITIONS[action]`, or refuses with invalid_state."""
    sources, target = TRANSITIONS[action]
    if invoice.state not in sources:
        raise field_error(
            "state",
            _("This cannot be done while the invoice is “{state}”.").format(
                state=invoice.get_state_display()
            ),
            FinanceErrorCode.INVALID_STATE,
        )
    invoice.state = target


def lock_invoice(invoice: Invoice | int) -> Invoice:
    """The invoice row, locked (first in the lock order: see the package's docstring), with its
    programme and parties read in the same query (not locked): the notices name them."""
    pk = invoice if isinstance(invoice, int) else invoice.pk
    return (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("programme", "supplier", "buyer")
        .get(pk=pk)
    )


def fixed_key(record: Invoice | Settlement, action: str) -> str:
    """The entry key of a step that happens once per record (`inv7:accept`, `stl3:post`): a
    second attempt hits the ledger's unique key and is refused (idempotent)."""
    prefix = "stl" if isinstance(record, Settlement) else "inv"
    return f"{prefix}{record.pk}:{action}"


def fresh_key(invoice: Invoice, action: str) -> str:
    """The entry key of a step that may happen many times on one invoice (credit notes,
    auctions, disbursements, repayments): random per call, so never idempotent by itself."""
    return f"inv{invoice.pk}:{action}:{uuid.uuid4().hex[:12]}"


def today_of(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def int_amount(value: Any, field: str) -> int:
    """A positive rial amount within MAX_RIALS (core.money), or a field error."""
    if isinstance(value, int) and not isinstance(value, bool) and value == 0:
        raise ValidationError({field: [_("The amount must be more than zero.")]})
    error = rial_error(value)
    if error:
        raise ValidationError({field: [error]})
    return value


def window_open(invoice: Invoice, now: dt.datetime) -> bool:
    """Whether the buyer may still accept the invoice (its acceptance window)."""
    return now <= invoice.submitted_at + dt.timedelta(days=invoice.programme.acceptance_window_days)


def check_rate(programme: Programme, rate_bp: Any) -> int:
    if isinstance(rate_bp, bool) or not isinstance(rate_bp, int) or rate_bp <= 0:
        raise ValidationError({"rate_bp": [_("Enter a positive rate in basis points.")]})
    if rate_bp > programme.max_rate_bp:
        raise field_error(
            "rate_bp",
            _("The rate is above the programme's cap of {cap} basis points.").format(
                cap=programme.max_rate_bp
            ),
            FinanceErrorCode.ABOVE_CAP,
        )
    return rate_bp
