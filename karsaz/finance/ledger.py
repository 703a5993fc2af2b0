"""The double-entry ledger: the only code that writes journal entries and postings.

Rules (TigerBeetle's invariants are the bar):
- every entry's postings sum to zero (checked here before insert, and by the database: a deferred
  constraint trigger on PostgreSQL, a same-transaction check on SQLite);
- postings are never updated or deleted; a correction is a reversing entry;
- a pending entry is resolved once: posted (its postings are re-posted as final) or voided;
- an account's cached balances change only under its row lock, in the entry's transaction,
  accounts locked in ascending id order so concurrent entries never deadlock.
Amounts are integers: positive debits, negative credits. A posting is within ±MAX_RIALS and a
balance within ±MAX_BALANCE (core.money): an entry that would take a balance past it is refused
(LedgerError) before anything is written, and the database CHECKs the same bounds, so balance
arithmetic never leaves 64-bit integers (on SQLite an overflowing `+` would silently give a REAL).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from karsaz.core.money import MAX_BALANCE, MAX_RIALS, exact_sum, format_amount
from karsaz.finance.choices import PLATFORM_PURPOSES, EntryKind, EntryPhase
from karsaz.finance.errors import FinanceErrorCode
from karsaz.finance.models import Account, Invoice, JournalEntry, Posting
from karsaz.registry.models import Enterprise


class LedgerError(ValidationError):
    pass


@dataclass(frozen=True)
class Leg:
    account: Account
    amount: int


def account_for(enterprise: Enterprise | None, purpose: str) -> Account:
    """The party's account for a purpose, created on first use (race-safe by its unique key)."""
    if (enterprise is None) != (purpose in PLATFORM_PURPOSES):
        raise ValueError("platform purposes have no party; party purposes need one")
    lookup = {"enterprise": enterprise, "purpose": purpose}
    account = Account.objects.filter(**lookup).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(**lookup)
    except IntegrityError:
        return Account.objects.get(**lookup)


def _check_legs(legs: Sequence[Leg]) -> None:
    for leg in legs:
        if isinstance(leg.amount, bool) or not isinstance(leg.amount, int):
            raise LedgerError(_("Ledger amounts are whole rials."))
        if leg.amount == 0:
            raise LedgerError(_("A posting may not be zero."))
        if abs(leg.amount) > MAX_RIALS:
            raise LedgerError(
                {
                    "amount": ValidationError(
                        _("A ledger posting may be at most {limit}.").format(limit=_limit()),
                        code=FinanceErrorCode.POSTING_BOUND,
                    )
                }
            )
    if sum(leg.amount for leg in legs) != 0:
        raise LedgerError(_("A journal entry must balance: its postings must sum to zero."))


def _limit(bound: int = MAX_RIALS) -> str:
    return format_amount(bound, lang="fa" if (get_language() or "fa").startswith("fa") else "en")


BALANCE_CHECKS = ("finance_account_posted_range", "finance_account_pending_range")


def _balance_error() -> LedgerError:
    return LedgerError(
        {
            "amount": ValidationError(
                _(
                    "This would take a ledger account past its limit of {limit}; "
                    "nothing was recorded."
                ).format(limit=_limit(MAX_BALANCE)),
                code=FinanceErrorCode.BALANCE_BOUND,
            )
        }
    )


def _duplicate_error() -> LedgerError:
    return LedgerError(
        {
            "idempotency_key": ValidationError(
                _("This entry was already posted."), code=FinanceErrorCode.DUPLICATE
            )
        }
    )


def _lock_accounts(account_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Lock the rows in id order; returns their (posted, pending) balances."""
    ids = sorted(set(account_ids))
    if not ids:
        return {}
    rows = (
        Account.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "posted_balance", "pending_balance")
    )
    return {pk: (posted, pend) for pk, posted, pend in rows}


def _check_bounds(current: dict[int, tuple[int, int]], deltas: dict[int, tuple[int, int]]) -> None:
    """Refuse, before any write, an entry that would take a balance past ±MAX_BALANCE."""
    for pk, (dp, dq) in deltas.items():
        posted, pend = current.get(pk, (0, 0))
        if abs(posted + dp) > MAX_BALANCE or abs(pend + dq) > MAX_BALANCE:
            raise _balance_error()


def _apply(deltas: dict[int, tuple[int, int]]) -> None:
    """One UPDATE for every touched account (rows already locked, in id order).

    Raw SQL because this is the ledger's hot path; the same statement runs on PostgreSQL and
    SQLite (3.33+, UPDATE … FROM)."""
    rows = [(pk, p, q) for pk, (p, q) in sorted(deltas.items()) if (p, q) != (0, 0)]
    if not rows:
        return
    one = "SELECT CAST(%s AS BIGINT) AS id, CAST(%s AS BIGINT) AS p, CAST(%s AS BIGINT) AS q"
    values = " UNION ALL ".join([one] * len(rows))
    table = Account._meta.db_table
    sql = (
        f"UPDATE {table} SET posted_balance = {table}.posted_balance + v.p, "  # noqa: S608
        f"pending_balance = {table}.pending_balance + v.q "
        f"FROM ({values}) AS v WHERE {table}.id = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [x for row in rows for x in row])


def _assert_balanced_in_db(entry: JournalEntry) -> None:
    """SQLite has no deferred triggers: re-add the entry's postings inside its transaction.
    On PostgreSQL the deferred constraint trigger checks the same sum at commit."""
    if connection.vendor == "postgresql":
        return
    total = Posting.objects.filter(entry=entry).aggregate(total=Sum("amount"))["total"] or 0
    if total != 0:
        raise LedgerError(_("A journal entry must balance: its postings must sum to zero."))


def _create_entry(**fields: Any) -> JournalEntry:
    # No savepoint: a duplicate key aborts the whole entry's transaction, which is what we want.
    try:
        with transaction.atomic(savepoint=False):
            return JournalEntry.objects.create(**fields)
    except IntegrityError as exc:
        raise _duplicate_error() from exc


def _post_entry_pg(
    *,
    key: str,
    kind: str,
    legs: Sequence[Leg],
    pending: bool,
    invoice: Invoice | None,
    reason: str,
    user: Any,
    reverses: JournalEntry | None,
) -> JournalEntry:
    """PostgreSQL hot path of `post_entry` (legs already checked): ONE statement, same guarantees.

    - `l`: lock every touched account row, FOR UPDATE in ascending id order, MATERIALIZED so the
      locks are all taken, in that order, before `u` updates any of them;
    - `u`: add the entry's deltas to the cached balances of those rows, in one UPDATE;
    - `e`, `p`: insert the entry and its postings; a duplicate idempotency key raises
      IntegrityError -> LedgerError and the whole statement (locks, balances) is undone.
    Outside any atomic block the statement is its own transaction (autocommit: no BEGIN/COMMIT
    round trips); inside one it joins it. The deferred constraint trigger checks the entry's sum
    at commit, the foreign keys at the end of the statement (after the locks), and the append-only
    triggers are untouched (nothing here updates or deletes an entry or a posting)."""
    deltas: dict[int, list[int]] = {}
    for leg in legs:
        d = deltas.setdefault(leg.account.pk, [0, 0])
        d[1 if pending else 0] += leg.amount
    ids = sorted(deltas)
    rows = [(pk, *deltas[pk]) for pk in ids if deltas[pk] != [0, 0]]
    acc = Account._meta.db_table
    je, po = JournalEntry._meta.db_table, Posting._meta.db_table
    entry = JournalEntry(
        idempotency_key=key,
        kind=kind,
        phase=EntryPhase.PENDING if pending else EntryPhase.POSTED,
        invoice=invoice,
        reverses=reverses,
        reason=reason[:255],
        created_by=user if getattr(user, "is_authenticated", False) else None,
        created_at=timezone.now(),
    )
    params: list[Any] = [ids]
    update = ""
    if rows:  # legs that cancel out on one account only lock it
        values = ", ".join(["(%s::bigint, %s::bigint, %s::bigint)"] * len(rows))
        update = (
            f"u AS (UPDATE {acc} SET posted_balance = {acc}.posted_balance + v.p, "  # noqa: S608
            f"pending_balance = {acc}.pending_balance + v.q "
            f"FROM (VALUES {values}) AS v (id, p, q), l "
            f"WHERE {acc}.id = v.id AND l.id = v.id RETURNING {acc}.id), "
        )
        params += [x for row in rows for x in row]
    legs_sql = ", ".join(["(%s::bigint, %s::bigint)"] * len(legs))
    params += [
        entry.idempotency_key,
        entry.kind,
        entry.phase,
        entry.reverses_id,
        entry.reason,
        entry.invoice_id,
        entry.created_by_id,
        entry.created_at,
        pending,
        *(x for leg in legs for x in (leg.account.pk, leg.amount)),
    ]
    sql = (
        f"WITH l AS MATERIALIZED (SELECT id FROM {acc} WHERE id = ANY(%s) "  # noqa: S608
        f"ORDER BY id FOR UPDATE), {update}"
        f"e AS (INSERT INTO {je} (idempotency_key, kind, phase, resolves_id, reverses_id, "
        f"reason, invoice_id, created_by_id, created_at) "
        f"VALUES (%s, %s, %s, NULL, %s, %s, %s, %s, %s) RETURNING id), "
        f"p AS (INSERT INTO {po} (entry_id, account_id, amount, pending) "
        f"SELECT e.id, v.a, v.amount, %s FROM e, (VALUES {legs_sql}) AS v (a, amount)) "
        f"SELECT (SELECT id FROM e), (SELECT count(*) FROM l)"
        + (", (SELECT count(*) FROM u)" if rows else "")
    )
    # Inside a caller's transaction, a savepoint as `transaction.atomic` always gave post_entry:
    # a duplicate key undoes this entry only and the caller sees LedgerError.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with guard, connection.cursor() as cursor:
            cursor.execute(sql, params)
            result = cursor.fetchone()
    except IntegrityError as exc:
        # The balances' CHECKs (MAX_BALANCE) trip inside the one statement: nothing was written.
        diag = getattr(exc.__cause__, "diag", None)
        if getattr(diag, "constraint_name", None) in BALANCE_CHECKS:
            raise _balance_error() from exc
        raise _duplicate_error() from exc
    entry.pk = result[0]
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


def post_entry(
    *,
    key: str,
    kind: str,
    legs: Sequence[Leg] = (),
    pending: bool = False,
    invoice: Invoice | None = None,
    reason: str = "",
    user: Any = None,
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    """Post one balanced entry (final, or pending for a two-phase transfer). Legs may be empty:
    a state change that moves no money is still journaled."""
    legs = [leg for leg in legs if leg.amount != 0]
    _check_legs(legs)
    if legs and connection.vendor == "postgresql":
        # One statement: its own transaction in autocommit, else part of the caller's.
        return _post_entry_pg(
            key=key,
            kind=kind,
            legs=legs,
            pending=pending,
            invoice=invoice,
            reason=reason,
            user=user,
            reverses=reverses,
        )
    with transaction.atomic():
        return _post_entry_orm(
            key=key,
            kind=kind,
            legs=legs,
            pending=pending,
            invoice=invoice,
            reason=reason,
            user=user,
            reverses=reverses,
        )


def _post_entry_orm(
    *,
    key: str,
    kind: str,
    legs: Sequence[Leg],
    pending: bool,
    invoice: Invoice | None,
    reason: str,
    user: Any,
    reverses: JournalEntry | None,
) -> JournalEntry:
    """SQLite (and entries without legs): the ORM path, in the caller's `transaction.atomic`."""
    current = _lock_accounts(leg.account.pk for leg in legs)
    deltas: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for leg in legs:
        posted, pend = deltas[leg.account.pk]
        deltas[leg.account.pk] = (
            (posted, pend + leg.amount) if pending else (posted + leg.amount, pend)
        )
    _check_bounds(current, deltas)
    entry = _create_entry(
        idempotency_key=key,
        kind=kind,
        phase=EntryPhase.PENDING if pending else EntryPhase.POSTED,
        invoice=invoice,
        reverses=reverses,
        reason=reason[:255],
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    Posting.objects.bulk_create(
        [
            Posting(entry=entry, account=leg.account, amount=leg.amount, pending=pending)
            for leg in legs
        ]
    )
    _apply(deltas)
    _assert_balanced_in_db(entry)
    return entry


def _resolve(
    pending: JournalEntry, *, key: str, post: bool, reason: str, user: Any
) -> JournalEntry:
    pending = JournalEntry.objects.select_for_update().get(pk=pending.pk)
    if pending.phase != EntryPhase.PENDING:
        raise LedgerError(_("Only a pending entry can be posted or voided."))
    if JournalEntry.objects.filter(resolves=pending).exists():
        raise LedgerError(
            _("This pending entry was already posted or voided."), code=FinanceErrorCode.RESOLVED
        )
    postings = list(pending.postings.all())
    current = _lock_accounts(p.account_id for p in postings)
    deltas: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for p in postings:
        posted, pend = deltas[p.account_id]
        deltas[p.account_id] = (posted + (p.amount if post else 0), pend - p.amount)
    _check_bounds(current, deltas)
    entry = _create_entry(
        idempotency_key=key,
        kind=pending.kind,
        phase=EntryPhase.POST_PENDING if post else EntryPhase.VOID_PENDING,
        resolves=pending,
        invoice_id=pending.invoice_id,
        reason=reason[:255],
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if post:
        Posting.objects.bulk_create(
            [Posting(entry=entry, account_id=p.account_id, amount=p.amount) for p in postings]
        )
    _apply(deltas)
    _assert_balanced_in_db(entry)
    return entry


@transaction.atomic
def post_pending(
    pending: JournalEntry, *, key: str, reason: str = "", user: Any = None
) -> JournalEntry:
    """Make a pending entry final (the bank confirmed)."""
    return _resolve(pending, key=key, post=True, reason=reason, user=user)


@transaction.atomic
def void_pending(
    pending: JournalEntry, *, key: str, reason: str = "", user: Any = None
) -> JournalEntry:
    """Release a pending entry without effect (the transfer bounced)."""
    return _resolve(pending, key=key, post=False, reason=reason, user=user)


@transaction.atomic
def reverse_entry(entry: JournalEntry, *, key: str, reason: str, user: Any = None) -> JournalEntry:
    """Correct a posted entry by posting its mirror image; the original stays as it was."""
    if entry.phase not in (EntryPhase.POSTED, EntryPhase.POST_PENDING):
        raise LedgerError(_("Only a posted entry can be reversed."))
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise LedgerError(_("This entry was already reversed."))
    legs = [Leg(p.account, -p.amount) for p in entry.postings.select_related("account")]
    return post_entry(
        key=key,
        kind=EntryKind.REVERSAL,
        legs=legs,
        invoice=entry.invoice,
        reason=reason,
        user=user,
        reverses=entry,
    )


def balances(account: Account) -> dict[str, int]:
    """An account's balances recomputed from its postings (exact sums, see core.money)."""
    unresolved = ~Exists(JournalEntry.objects.filter(resolves_id=OuterRef("entry_id")))
    return {
        "posted": exact_sum(account.postings.filter(pending=False), "amount"),
        "pending": exact_sum(account.postings.filter(Q(pending=True) & unresolved), "amount"),
    }
