"""The machine-readable codes of finance's refusals (Saleor's error_codes.py): the API answers
`{"field": [{"message": ..., "code": ...}]}` with one of these, so a client branches on the code,
never on the translated message. Raised with `core.errors.field_error`."""

from django.db import models


class FinanceErrorCode(models.TextChoices):
    # services
    INVALID_STATE = "invalid_state"  # the transition table does not allow this move now
    CLOSED = "closed"  # the auction window has closed
    LIMIT = "limit"  # a programme, financier or pair limit would be exceeded
    SETTLED = "settled"  # the transfer is already posted or voided
    BELOW_USED = "below_used"  # a cap below what is already reserved
    SAME_APPROVER = "same_approver"  # maker-checker: the checker must be another buyer user
    ABOVE_CAP = "above_cap"  # a rate above the programme's cap
    TENOR = "tenor"  # too little time left until the due date
    # the API's Idempotency-Key header
    KEY_REQUIRED = "key_required"  # no Idempotency-Key header, or one over 120 characters
    KEY_REUSED = "key_reused"  # the key was used for a different request
    # ledger
    POSTING_BOUND = "posting_bound"  # a posting beyond ±MAX_RIALS
    BALANCE_BOUND = "balance_bound"  # a balance would pass ±MAX_BALANCE
    DUPLICATE = "duplicate"  # the entry's idempotency key was already posted
    RESOLVED = "resolved"  # the pending entry was already posted or voided
