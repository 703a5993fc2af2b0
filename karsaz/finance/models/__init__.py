"""Supply-chain finance: programmes, limits, invoices, bids, settlements, and the ledger.

The ledger (Account, JournalEntry, Posting) is append-only: postings are never updated or
deleted (refused here, and by database triggers), corrections are reversing entries.

Modules: `ledger` (Account, JournalEntry, Posting), `programmes` (Programme, its suppliers and
financiers, Limit), `invoices` (Invoice, CreditNote, Bid, AutoBidRule, Settlement,
IdempotencyRecord). Callers import from here.
"""

from karsaz.finance.models.invoices import (
    AutoBidRule,
    Bid,
    CreditNote,
    IdempotencyRecord,
    Invoice,
    Settlement,
)
from karsaz.finance.models.ledger import (
    Account,
    AppendOnlyQuerySet,
    ImmutableError,
    JournalEntry,
    Posting,
)
from karsaz.finance.models.programmes import (
    Limit,
    Programme,
    ProgrammeFinancier,
    ProgrammeSupplier,
)

__all__ = [
    "Account",
    "AppendOnlyQuerySet",
    "AutoBidRule",
    "Bid",
    "CreditNote",
    "IdempotencyRecord",
    "ImmutableError",
    "Invoice",
    "JournalEntry",
    "Limit",
    "Posting",
    "Programme",
    "ProgrammeFinancier",
    "ProgrammeSupplier",
    "Settlement",
]
