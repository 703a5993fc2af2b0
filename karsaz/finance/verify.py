"""Every invariant of the ledger, checked from the rows themselves (`manage.py verify_ledger`).

Sums are exact whatever the size (`core.money.exact_sums`: numeric on PostgreSQL, Python ints on
SQLite, whose SUM would stop with 'integer overflow'), so a ledger near its bounds is checked,
not crashed on."""

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from karsaz.core.money import exact_sum, exact_sums
from karsaz.finance.choices import (
    AccountPurpose,
    EntryPhase,
    InvoiceState,
    LimitKind,
    SettlementKind,
    SettlementPhase,
)
from karsaz.finance.models import Account, Invoice, JournalEntry, Limit, Posting, Settlement

RESERVING = (InvoiceState.TAKEN, InvoiceState.FINANCED, InvoiceState.OVERDUE)


def _sums(postings: QuerySet[Posting], key: str) -> dict[Any, int]:
    return {k: t for k, (t,) in exact_sums(postings, key, "amount").items()}


def verify_ledger() -> list[str]:
    """Returns one line per breach; an empty list means the ledger is sound."""
    breaches: list[str] = []
    total = exact_sum(Posting.objects.all(), "amount")
    if total != 0:
        breaches.append(f"sum of all postings is {total}, not 0")
    by_entry = _sums(Posting.objects.all(), "entry_id")
    for entry_id in sorted(k for k, t in by_entry.items() if t != 0)[:50]:
        breaches.append(f"entry {entry_id} is unbalanced by {by_entry[entry_id]}")

    resolved = JournalEntry.objects.filter(resolves_id=OuterRef("entry_id"))
    posted = {
        k: t
        for k, (t,) in exact_sums(
            Posting.objects.filter(pending=False), "account_id", "amount"
        ).items()
    }
    pending = {
        k: t
        for k, (t,) in exact_sums(
            Posting.objects.filter(pending=True).filter(~Exists(resolved)), "account_id", "amount"
        ).items()
    }
    for acc in Account.objects.all():
        if acc.posted_balance != posted.get(acc.pk, 0):
            breaches.append(
                f"account {acc.pk} posted balance {acc.posted_balance} != postings "
                f"{posted.get(acc.pk, 0)}"
            )
        if acc.pending_balance != pending.get(acc.pk, 0):
            breaches.append(
                f"account {acc.pk} pending balance {acc.pending_balance} != postings "
                f"{pending.get(acc.pk, 0)}"
            )

    # Pending postings live only in pending entries; a post copies its pending entry exactly.
    if Posting.objects.filter(pending=True).exclude(entry__phase=EntryPhase.PENDING).exists():
        breaches.append("pending postings outside a pending entry")
    if Posting.objects.filter(pending=False, entry__phase=EntryPhase.PENDING).exists():
        breaches.append("final postings inside a pending entry")
    if Posting.objects.filter(entry__phase=EntryPhase.VOID_PENDING).exists():
        breaches.append("a void entry moves money")
    for post_id in _posts_unlike_their_pending():
        breaches.append(f"entry {post_id} does not post exactly its pending entry")

    for s in Settlement.objects.select_related("resolution_entry"):
        expected = {
            SettlementPhase.PENDING: None,
            SettlementPhase.POSTED: EntryPhase.POST_PENDING,
            SettlementPhase.VOIDED: EntryPhase.VOID_PENDING,
        }[SettlementPhase(s.phase)]
        got = s.resolution_entry.phase if s.resolution_entry else None
        if got != expected:
            breaches.append(f"settlement {s.pk} is {s.phase} but its ledger says {got}")

    # Limits never exceeded, and each equals the exposure of the units that hold it.
    exposure: dict[tuple[int, str, int | None, int | None], int] = defaultdict(int)
    for inv in Invoice.objects.filter(state__in=RESERVING):
        out = inv.outstanding_principal
        p, f, s_ = inv.programme_id, inv.financier_id, inv.supplier_id
        exposure[(p, LimitKind.BUYER, None, None)] += out
        exposure[(p, LimitKind.SUPPLIER, None, s_)] += out
        exposure[(p, LimitKind.FINANCIER, f, None)] += out
        exposure[(p, LimitKind.PAIR, f, s_)] += out
    for lim in Limit.objects.all():
        if not 0 <= lim.used <= lim.cap:
            breaches.append(f"limit {lim.pk} used {lim.used} outside 0..{lim.cap}")
        held = exposure.get((lim.programme_id, lim.kind, lim.financier_id, lim.supplier_id), 0)
        if lim.used != held:
            breaches.append(f"limit {lim.pk} reserves {lim.used} but its units hold {held}")

    # No unit financed twice; each financed state matches its disbursements.
    live = (
        Settlement.objects.filter(
            kind=SettlementKind.DISBURSEMENT,
            phase__in=[SettlementPhase.PENDING, SettlementPhase.POSTED],
        )
        .values("invoice_id")
        .annotate(n=Count("id"))
    )
    live_by_invoice = {row["invoice_id"]: row["n"] for row in live}
    for inv_id, n in live_by_invoice.items():
        if n > 1:
            breaches.append(f"invoice {inv_id} is financed {n} times")
    for inv in Invoice.objects.filter(
        Q(state__in=[*RESERVING, InvoiceState.REPAID]) | Q(pk__in=list(live_by_invoice))
    ):
        if (inv.state in (*RESERVING, InvoiceState.REPAID)) != (inv.pk in live_by_invoice):
            breaches.append(f"invoice {inv.pk} is {inv.state} but has no matching disbursement")

    # Per unit, the financier's receivable equals its unpaid principal once financed.
    receivable = _sums(
        Posting.objects.filter(pending=False, account__purpose=AccountPurpose.FINANCIER_RECEIVABLE),
        "entry__invoice_id",
    )
    for inv in Invoice.objects.filter(
        state__in=[InvoiceState.FINANCED, InvoiceState.OVERDUE, InvoiceState.REPAID]
    ):
        if receivable.get(inv.pk, 0) != inv.outstanding_principal:
            breaches.append(
                f"invoice {inv.pk}: financier receivable {receivable.get(inv.pk, 0)} != unpaid "
                f"principal {inv.outstanding_principal}"
            )
    return breaches


def _posts_unlike_their_pending() -> list[int]:
    """The post entries whose postings (account, amount, how many times) differ from those of
    the pending entry they resolve: two grouped reads compared in Python, where one pair of reads
    per entry took most of a check at a million postings."""
    posts = Posting.objects.filter(entry__phase=EntryPhase.POST_PENDING)
    held = Posting.objects.filter(entry__resolution__phase=EntryPhase.POST_PENDING)
    mine = _grouped(posts, "entry__resolves_id")
    theirs = _grouped(held, "entry_id")
    differ = {key[0] for key in mine.keys() | theirs.keys() if mine[key] != theirs[key]}
    posts_of_differ = JournalEntry.objects.filter(
        phase=EntryPhase.POST_PENDING, resolves_id__in=differ
    )
    return list(posts_of_differ.order_by("pk").values_list("pk", flat=True))


def _grouped(postings: QuerySet[Posting], pending: str) -> Counter[tuple[int, int, int]]:
    """How many postings of each (pending entry, account, amount)."""
    rows = postings.values_list(pending, "account_id", "amount").annotate(n=Count("id"))
    return Counter({(p, a, amount): n for p, a, amount, n in rows.order_by().iterator()})
