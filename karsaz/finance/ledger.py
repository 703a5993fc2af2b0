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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import psycopg
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
    account = Account.objects.filter(enterprise=enterprise, purpose=purpose).first()
    return account if account is not None else _create_account(enterprise, purpose)


def _create_account(enterprise: Enterprise | None, purpose: str) -> Account:
    """A missing account, made (race-safe: a concurrent twin's unique key wins, and is read)."""
    lookup = {"enterprise": enterprise, "purpose": purpose}
    try:
        with transaction.atomic():
            return Account.objects.create(**lookup)
    except IntegrityError:
        return Account.objects.get(**lookup)


def accounts_for(wanted: Sequence[tuple[Enterprise | int | None, str]]) -> list[Account]:
    """The accounts for several (party, its id or None; purpose) pairs, in their order, read in
    one query (a service's legs); the ones missing are created (first use only) without reading
    them again."""
    keys: list[tuple[int | None, str]] = [
        (party.pk if isinstance(party, Enterprise) else party, purpose) for party, purpose in wanted
    ]
    q = Q(pk__in=[])
    for party_id, purpose in keys:
        if (party_id is None) != (purpose in PLATFORM_PURPOSES):
            raise ValueError("platform purposes have no party; party purposes need one")
        q |= Q(enterprise_id=party_id, purpose=purpose)
    found = {(a.enterprise_id, a.purpose): a for a in Account.objects.filter(q)}
    out = []
    for party_id, purpose in keys:
        account = found.get((party_id, purpose))
        if account is None:
            party = None if party_id is None else Enterprise(pk=party_id)
            account = found[party_id, purpose] = _create_account(party, purpose)
        out.append(account)
    return out


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


# The ledger's refusals, public so that `ledger_batch` refuses in the same words and codes.
def balance_error() -> LedgerError:
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


def duplicate_error() -> LedgerError:
    return LedgerError(
        {
            "idempotency_key": ValidationError(
                _("This entry was already posted."), code=FinanceErrorCode.DUPLICATE
            )
        }
    )


def not_pending_error() -> LedgerError:
    return LedgerError(_("Only a pending entry can be posted or voided."))


def resolved_error() -> LedgerError:
    return LedgerError(
        _("This pending entry was already posted or voided."), code=FinanceErrorCode.RESOLVED
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
            raise balance_error()


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
        raise duplicate_error() from exc


# ---------------------------------------------------------------------------------------------
# PostgreSQL: each posting, post or void is ONE statement (a data-modifying CTE), no savepoint.
#
# The guards sit in the statement's WHERE clauses, so a refused entry writes nothing and raises
# nothing inside the database: the caller's transaction stays usable and the ledger raises
# LedgerError in Python. Every statement, in this order:
# - `l`: lock the touched account rows FOR UPDATE in ascending id order (the package's lock order,
#   so concurrent entries never deadlock), MATERIALIZED so every lock is taken before any write;
# - `chk`: every account exists and no balance would pass ±MAX_BALANCE (read from the locked rows);
# - `e`: insert the entry only if `chk` holds; ON CONFLICT DO NOTHING turns a repeated idempotency
#   key (or a second resolution of one pending entry: `resolves` is unique) into "no row";
# - `u`, `p`: add the deltas to the cached balances and insert the postings, joined to `e`, so
#   they happen only when the entry was inserted.
# The last SELECT says whether it applied: (entry id or NULL, accounts locked, bounds held).
# The deferred constraint trigger still checks each entry's sum at commit, and the append-only
# triggers are untouched (nothing here updates or deletes an entry or a posting).
#
# Reuse (e.g. a batch of entries): `posting_sql(accounts, legs)` is the statement for an entry
# touching `accounts` distinct accounts with `legs` legs, `posting_params(...)` its parameters in
# order, `run_pg(sql, params)` executes a statement prepared once per connection and returns its
# row, `applied_entry(row, ...)` turns the row into the JournalEntry or the LedgerError.

ACC = Account._meta.db_table
JE = JournalEntry._meta.db_table
PO = Posting._meta.db_table
_ENTRY_COLUMNS = (
    "idempotency_key, kind, phase, resolves_id, reverses_id, reason, invoice_id, "
    "created_by_id, created_at"
)


@lru_cache(maxsize=64)
def posting_sql(accounts: int, legs: int) -> str:
    """The one statement of `post_entry` for an entry on `accounts` distinct accounts, `legs`
    legs (0 and 0: an entry that moves no money). Parameters: `posting_params`."""
    entry = (
        "SELECT %s::varchar, %s::varchar, %s::varchar, NULL::bigint, %s::bigint, %s::varchar, "
        "%s::bigint, %s::bigint, %s::timestamptz"
    )
    if not legs:
        return (
            f"INSERT INTO {JE} ({_ENTRY_COLUMNS}) {entry} "
            "ON CONFLICT DO NOTHING RETURNING id, 0, true"
        )
    deltas = ", ".join(["(%s::bigint, %s::bigint, %s::bigint)"] * accounts)
    rows = ", ".join(["(%s::bigint, %s::bigint, %s::int)"] * legs)
    return (
        f"WITH v (id, p, q) AS (VALUES {deltas}), "  # noqa: S608
        f"l AS MATERIALIZED (SELECT a.id, a.posted_balance AS pb, a.pending_balance AS qb "
        f"FROM {ACC} a WHERE a.id IN (SELECT id FROM v) ORDER BY a.id FOR UPDATE), "
        f"chk AS (SELECT count(*) AS n, coalesce(bool_and(abs(l.pb + v.p) <= {MAX_BALANCE} "
        f"AND abs(l.qb + v.q) <= {MAX_BALANCE}), true) AS fits FROM l JOIN v ON v.id = l.id), "
        f"e AS (INSERT INTO {JE} ({_ENTRY_COLUMNS}) {entry} FROM chk "
        f"WHERE chk.fits AND chk.n = {accounts} ON CONFLICT DO NOTHING RETURNING id), "
        f"u AS (UPDATE {ACC} SET posted_balance = {ACC}.posted_balance + v.p, "
        f"pending_balance = {ACC}.pending_balance + v.q FROM v, e "
        f"WHERE {ACC}.id = v.id AND (v.p <> 0 OR v.q <> 0) RETURNING {ACC}.id), "
        f"p AS (INSERT INTO {PO} (entry_id, account_id, amount, pending) "
        f"SELECT e.id, x.a, x.amount, %s::boolean FROM e, (VALUES {rows}) AS x (a, amount, o) "
        f"ORDER BY x.o RETURNING id) "
        f"SELECT (SELECT id FROM e), (SELECT n FROM chk), (SELECT fits FROM chk), "
        f"(SELECT count(*) FROM u), (SELECT count(*) FROM p)"
    )


def posting_params(entry: JournalEntry, legs: Sequence[Leg], pending: bool) -> list[Any]:
    """`posting_sql`'s parameters for an unsaved `entry` and its (checked) legs."""
    deltas: dict[int, list[int]] = {}
    for leg in legs:
        d = deltas.setdefault(leg.account.pk, [0, 0])
        d[1 if pending else 0] += leg.amount
    params: list[Any] = [x for pk in sorted(deltas) for x in (pk, *deltas[pk])]
    params += [
        entry.idempotency_key,
        entry.kind,
        entry.phase,
        entry.reverses_id,
        entry.reason,
        entry.invoice_id,
        entry.created_by_id,
        entry.created_at,
    ]
    if legs:
        params.append(pending)
        params += [x for i, leg in enumerate(legs) for x in (leg.account.pk, leg.amount, i)]
    return params


class _Prepared(psycopg.Cursor):  # type: ignore[type-arg]
    """Server-side binding, prepared on first use: the ledger's few statement shapes are parsed
    and planned once per connection instead of on every call."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        kwargs["prepare"] = True
        return super().execute(query, params, **kwargs)


def run_pg(sql: str, params: Sequence[Any]) -> tuple[Any, ...]:
    """Executes one ledger statement on PostgreSQL and returns its row. Through Django's cursor
    wrapper (errors translated, queries logged and counted in tests), on a prepared cursor."""
    connection.ensure_connection()
    raw: Any = _Prepared(connection.connection)
    wrapped = connection.make_debug_cursor(raw) if connection.queries_logged else None
    with wrapped or connection.make_cursor(raw) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return tuple(row) if row is not None else (None, 0, True)


def applied_entry(row: Sequence[Any], entry: JournalEntry, accounts: int) -> JournalEntry:
    """The saved entry from a posting statement's row, or why nothing was written."""
    entry_id, locked, fits = row[0], row[1], row[2]
    if entry_id is None:
        if locked != accounts:
            raise LedgerError(_("A ledger account of this entry does not exist."))
        if not fits:
            raise balance_error()
        raise duplicate_error()
    entry.pk = entry_id
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


def _new_entry(**fields: Any) -> JournalEntry:
    user = fields.pop("user")
    return JournalEntry(
        created_by=user if getattr(user, "is_authenticated", False) else None,
        created_at=timezone.now(),
        **fields,
    )


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
    """`post_entry` on PostgreSQL (legs already checked): one statement, in autocommit its own
    transaction, else part of the caller's, with no savepoint (see above)."""
    entry = _new_entry(
        idempotency_key=key,
        kind=kind,
        phase=EntryPhase.PENDING if pending else EntryPhase.POSTED,
        invoice=invoice,
        reverses=reverses,
        reason=reason[:255],
        user=user,
    )
    accounts = len({leg.account.pk for leg in legs})
    row = run_pg(posting_sql(accounts, len(legs)), posting_params(entry, legs, pending))
    return applied_entry(row, entry, accounts)


@lru_cache(maxsize=2)
def resolve_sql(post: bool) -> str:
    """The one statement of `post_pending` (post) or `void_pending`. Parameters: the pending
    entry's id, then key, reason, created_by_id, created_at. The pending entry's row is locked
    first (then its accounts, in id order), as the ORM path does."""
    phase = EntryPhase.POST_PENDING if post else EntryPhase.VOID_PENDING
    posted = "v.amt" if post else "0"
    copy = (
        f", p AS (INSERT INTO {PO} (entry_id, account_id, amount, pending) "  # noqa: S608
        f"SELECT e.id, pp.account_id, pp.amount, false FROM e, pp ORDER BY pp.id RETURNING id)"
        if post
        else ""
    )
    return (
        f"WITH src AS MATERIALIZED (SELECT id, kind, invoice_id FROM {JE} "  # noqa: S608
        f"WHERE id = %s::bigint AND phase = '{EntryPhase.PENDING}' FOR UPDATE), "
        f"pp AS MATERIALIZED (SELECT p.id, p.account_id, p.amount FROM {PO} p "
        f"WHERE p.entry_id = (SELECT id FROM src)), "
        f"v AS (SELECT account_id AS id, sum(amount)::bigint AS amt FROM pp GROUP BY account_id), "
        f"l AS MATERIALIZED (SELECT a.id, a.posted_balance AS pb, a.pending_balance AS qb "
        f"FROM {ACC} a WHERE a.id IN (SELECT id FROM v) ORDER BY a.id FOR UPDATE), "
        f"chk AS (SELECT coalesce(bool_and(abs(l.pb + {posted}) <= {MAX_BALANCE} "
        f"AND abs(l.qb - v.amt) <= {MAX_BALANCE}), true) AS fits FROM l JOIN v ON v.id = l.id), "
        f"e AS (INSERT INTO {JE} ({_ENTRY_COLUMNS}) SELECT %s::varchar, src.kind, '{phase}', "
        f"src.id, NULL, %s::varchar, src.invoice_id, %s::bigint, %s::timestamptz FROM src, chk "
        f"WHERE chk.fits ON CONFLICT DO NOTHING RETURNING id, kind, invoice_id), "
        f"u AS (UPDATE {ACC} SET posted_balance = {ACC}.posted_balance + {posted}, "
        f"pending_balance = {ACC}.pending_balance - v.amt FROM v, e "
        f"WHERE {ACC}.id = v.id AND ({posted} <> 0 OR v.amt <> 0) RETURNING {ACC}.id)"
        f"{copy} "
        f"SELECT (SELECT id FROM src), (SELECT fits FROM chk), (SELECT id FROM e), "
        f"(SELECT kind FROM e), (SELECT invoice_id FROM e), (SELECT count(*) FROM u)"
    )


def _resolve_pg(pending_id: int, *, key: str, post: bool, reason: str, user: Any) -> JournalEntry:
    entry = _new_entry(
        idempotency_key=key,
        kind="",
        phase=EntryPhase.POST_PENDING if post else EntryPhase.VOID_PENDING,
        resolves_id=pending_id,
        reason=reason[:255],
        user=user,
    )
    source, fits, entry_id, kind, invoice_id, _n = run_pg(
        resolve_sql(post),
        [pending_id, entry.idempotency_key, entry.reason, entry.created_by_id, entry.created_at],
    )
    if source is None:
        raise not_pending_error()
    if entry_id is None:
        if not fits:
            raise balance_error()
        # A new statement sees a resolution committed while this one waited for the lock.
        if JournalEntry.objects.filter(resolves_id=pending_id).exists():
            raise resolved_error()
        raise duplicate_error()
    entry.kind, entry.invoice_id = kind, invoice_id
    entry.pk = entry_id
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
    if connection.vendor == "postgresql":
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
    """SQLite: the ORM path, in the caller's `transaction.atomic`."""
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


def _resolve(pending_id: int, *, key: str, post: bool, reason: str, user: Any) -> JournalEntry:
    pending = JournalEntry.objects.select_for_update().get(pk=pending_id)
    if pending.phase != EntryPhase.PENDING:
        raise not_pending_error()
    if JournalEntry.objects.filter(resolves=pending).exists():
        raise resolved_error()
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


def post_pending(
    pending: JournalEntry | int, *, key: str, reason: str = "", user: Any = None
) -> JournalEntry:
    """Make a pending entry (or its id) final (the bank confirmed)."""
    pending_id = pending if isinstance(pending, int) else pending.pk
    if connection.vendor == "postgresql":
        return _resolve_pg(pending_id, key=key, post=True, reason=reason, user=user)
    with transaction.atomic():
        return _resolve(pending_id, key=key, post=True, reason=reason, user=user)


def void_pending(
    pending: JournalEntry | int, *, key: str, reason: str = "", user: Any = None
) -> JournalEntry:
    """Release a pending entry (or its id) without effect (the transfer bounced)."""
    pending_id = pending if isinstance(pending, int) else pending.pk
    if connection.vendor == "postgresql":
        return _resolve_pg(pending_id, key=key, post=False, reason=reason, user=user)
    with transaction.atomic():
        return _resolve(pending_id, key=key, post=False, reason=reason, user=user)


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
