"""Resolving many pending entries at once: every one posted (captured) or every one voided.

`ledger.post_pending` / `void_pending` resolve one entry in one statement on PostgreSQL; a
crowdfunding close resolves every pledge of a campaign, so it would cost a statement a pledge.
Here, on PostgreSQL, any number of entries costs the same five statements (set-based SQL):
1. lock the pending entries, in id order, and read whether each is pending and unresolved;
2. lock their accounts, in id order, with what the entries hold on each (one GROUP BY);
3. one statement: insert a resolution entry per pending entry, copy the postings (capture
   only), and move the accounts' cached balances;
plus the savepoint around them. The same rules as `ledger._resolve`: only a pending entry, only
once (also the unique `resolves` key), balances within ±MAX_BALANCE checked before any write, a
duplicate idempotency key refuses the whole batch, the deferred trigger checks each copied
entry's sum at commit. Locks are taken as the ledger takes them (entries, then accounts, each in
ascending id order), so a batch and single resolutions or new entries never deadlock.

SQLite serialises writers and has no row locks: there the batch is a loop over the ledger's own
`post_pending` / `void_pending` (in one transaction, so a refusal leaves nothing written).

Kept apart from `ledger.py` so that module's internals can change without this one: it reads
and writes the tables directly, and imports only the ledger's public names (its refusals too).
"""

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from karsaz.core.money import MAX_BALANCE
from karsaz.finance.choices import EntryPhase
from karsaz.finance.ledger import (
    balance_error,
    duplicate_error,
    not_pending_error,
    post_pending,
    resolved_error,
    void_pending,
)
from karsaz.finance.models import Account, JournalEntry, Posting

_ACC, _JE, _PO = (m._meta.db_table for m in (Account, JournalEntry, Posting))

_LOCK_ENTRIES = f"""
SELECT e.id, e.phase, EXISTS (SELECT 1 FROM {_JE} r WHERE r.resolves_id = e.id)
FROM {_JE} e WHERE e.id = ANY(%s) ORDER BY e.id FOR UPDATE OF e
"""  # noqa: S608 (table names from the models, values bound)

# What the entries hold on each account, with the account's row locked (ORDER BY below the
# lock: rows are locked in id order).
_LOCK_ACCOUNTS = f"""
WITH d AS (SELECT account_id, SUM(amount) AS s FROM {_PO} WHERE entry_id = ANY(%s)
           GROUP BY account_id)
SELECT a.id, a.posted_balance, a.pending_balance, d.s
FROM {_ACC} a JOIN d ON d.account_id = a.id ORDER BY a.id FOR UPDATE OF a
"""  # noqa: S608

# The resolutions, their postings (a capture copies its pending entry's exactly, as final) and
# the balances, in one statement. `s` reads the postings as they were before it, so the copies
# are never copied again.
_RESOLVE = f"""
WITH e AS (
  INSERT INTO {_JE} (idempotency_key, kind, phase, resolves_id, reverses_id, reason, invoice_id,
                     created_by_id, created_at)
  SELECT k.key, p.kind, %s, p.id, NULL, %s, p.invoice_id, %s, %s
  FROM unnest(%s::bigint[], %s::text[]) AS k (id, key) JOIN {_JE} p ON p.id = k.id
  ORDER BY p.id
  RETURNING id, resolves_id
),
c AS (
  INSERT INTO {_PO} (entry_id, account_id, amount, pending)
  SELECT e.id, s.account_id, s.amount, false FROM e JOIN {_PO} s ON s.entry_id = e.resolves_id
  WHERE %s ORDER BY s.id
),
u AS (
  UPDATE {_ACC} SET posted_balance = {_ACC}.posted_balance + v.p,
                    pending_balance = {_ACC}.pending_balance + v.q
  FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS v (id, p, q)
  WHERE {_ACC}.id = v.id
)
SELECT resolves_id, id FROM e
"""  # noqa: S608

# The Account model's range checks (±MAX_BALANCE): the batch's guard on balances, raised by
# the database when an UPDATE would pass them.
BALANCE_CHECKS = ("finance_account_posted_range", "finance_account_pending_range")


def _ids(entries: Sequence[JournalEntry | int]) -> list[int]:
    return [e.pk if isinstance(e, JournalEntry) else int(e) for e in entries]


def resolve_pending_many(
    entries: Sequence[JournalEntry | int],
    capture: bool,
    *,
    keys: Sequence[str],
    reason: str = "",
    user: Any = None,
) -> dict[int, int]:
    """Post (`capture=True`) or void every pending entry in `entries`, each under its own
    idempotency key (`keys[i]` for `entries[i]`). All or nothing: one entry not pending, already
    resolved or a key already used raises LedgerError and nothing is written. Returns
    {pending entry id: its resolution's id}."""
    ids = _ids(entries)
    if len(keys) != len(ids):
        raise ValueError("one idempotency key per entry")
    if len(set(ids)) != len(ids):
        raise resolved_error()
    if len(set(keys)) != len(keys):
        raise duplicate_error()
    if not ids:
        return {}
    by_user = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        if connection.vendor != "postgresql":
            return _resolve_each(ids, capture, keys=keys, reason=reason, user=by_user)
        return _resolve_set(ids, capture, keys=keys, reason=reason, user=by_user)


def _resolve_each(
    ids: list[int], capture: bool, *, keys: Sequence[str], reason: str, user: Any
) -> dict[int, int]:
    resolve = post_pending if capture else void_pending
    pending = JournalEntry.objects.in_bulk(ids)
    done = {}
    for pk, key in sorted(zip(ids, keys, strict=True)):
        if pk not in pending:
            raise not_pending_error()
        done[pk] = resolve(pending[pk], key=key, reason=reason, user=user).pk
    return done


def _resolve_set(
    ids: list[int], capture: bool, *, keys: Sequence[str], reason: str, user: Any
) -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_ENTRIES, [ids])
        found = cursor.fetchall()
        if len(found) != len(ids) or any(phase != EntryPhase.PENDING for _pk, phase, _r in found):
            raise not_pending_error()
        if any(resolved for _pk, _phase, resolved in found):
            raise resolved_error()
        cursor.execute(_LOCK_ACCOUNTS, [ids])
        accounts = cursor.fetchall()
        # A resolution takes the entries' sums off the pending balance; a capture adds them to
        # the posted balance.
        deltas = [(pk, int(held) if capture else 0, -int(held)) for pk, _p, _q, held in accounts]
        for (_pk, posted, pend, _held), (_id, dp, dq) in zip(accounts, deltas, strict=True):
            if abs(posted + dp) > MAX_BALANCE or abs(pend + dq) > MAX_BALANCE:
                raise balance_error()
        params = [
            EntryPhase.POST_PENDING if capture else EntryPhase.VOID_PENDING,
            reason[:255],
            getattr(user, "pk", None),
            timezone.now(),
            ids,
            list(keys),
            capture,
            [d[0] for d in deltas],
            [d[1] for d in deltas],
            [d[2] for d in deltas],
        ]
        try:  # the caller's savepoint (resolve_pending_many's atomic) undoes it all on error
            cursor.execute(_RESOLVE, params)
            return dict(cursor.fetchall())
        except IntegrityError as exc:
            diag = getattr(exc.__cause__, "diag", None)
            if getattr(diag, "constraint_name", None) in BALANCE_CHECKS:
                raise balance_error() from exc
            raise duplicate_error() from exc
