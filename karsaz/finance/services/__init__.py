"""Every write of supply-chain finance. Each runs in one transaction and posts its journal entry
in that same transaction, or nothing happens.

Lock order (fixed, so concurrent calls never deadlock): the invoice row, then limit rows by id,
then settlement rows, then ledger accounts by id (inside `ledger`). SQLite serializes writers
with IMMEDIATE transactions (settings), so the same code is safe there.

State machine: an explicit transition table (`TRANSITIONS`, in `_state`), checked under the
invoice's row lock; documented in README.md.

Modules: `_state` (transitions, the invoice lock, entry keys), `_limits` (limit rows),
`programmes`, `invoices`, `auctions`, `settlements`, `clock`. Callers import from here.
"""

from karsaz.finance.services._state import RESERVING_STATES, TRANSITIONS
from karsaz.finance.services.auctions import (
    bid_place,
    bid_take,
    bid_withdraw,
    invoice_request_financing,
)
from karsaz.finance.services.clock import (
    auction_close,
    auctions_remind_closing,
    finance_tick,
    invoice_expire,
    invoice_mark_overdue,
    penalty_accrue,
)
from karsaz.finance.services.invoices import (
    credit_note_add,
    invoice_approve,
    invoice_cancel,
    invoice_reject,
    invoice_submit,
    normalize_invoice_number,
)
from karsaz.finance.services.programmes import (
    autobid_set,
    limit_set,
    programme_add_financier,
    programme_create,
    programme_onboard_supplier,
)
from karsaz.finance.services.settlements import (
    repayment_start,
    settlement_confirm,
    settlement_void,
)

__all__ = [
    "RESERVING_STATES",
    "TRANSITIONS",
    "auction_close",
    "auctions_remind_closing",
    "autobid_set",
    "bid_place",
    "bid_take",
    "bid_withdraw",
    "credit_note_add",
    "finance_tick",
    "invoice_approve",
    "invoice_cancel",
    "invoice_expire",
    "invoice_mark_overdue",
    "invoice_reject",
    "invoice_request_financing",
    "invoice_submit",
    "limit_set",
    "normalize_invoice_number",
    "penalty_accrue",
    "programme_add_financier",
    "programme_create",
    "programme_onboard_supplier",
    "repayment_start",
    "settlement_confirm",
    "settlement_void",
]
