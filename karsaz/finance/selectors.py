"""Reads of supply-chain finance: the one door through which views and the API get rows."""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from karsaz.accounts.scope import require, require_signed_in
from karsaz.core.money import exact_sum, exact_sums
from karsaz.core.panelcache import cached_panel
from karsaz.finance.choices import (
    AWAITING_BUYER,
    PAYABLE,
    AccountPurpose,
    BidState,
    InvoiceState,
    LimitKind,
    SettlementKind,
    SettlementPhase,
)
from karsaz.finance.display import share_used
from karsaz.finance.models import (
    Account,
    Bid,
    Invoice,
    JournalEntry,
    Limit,
    Programme,
    ProgrammeFinancier,
    ProgrammeSupplier,
    Settlement,
)
from karsaz.finance.permissions import FinanceScope, Party, not_allowed
from karsaz.registry.models import Enterprise

OPEN_STATES = (InvoiceState.FINANCED, InvoiceState.OVERDUE)


def _signed_in(user: Any) -> FinanceScope:
    require_signed_in(user)
    return FinanceScope(user)


def programme_list(*, user: Any) -> QuerySet[Programme]:
    scope = _signed_in(user)
    return Programme.objects.filter(scope.programme_q()).select_related("buyer")


def programme_get(*, user: Any, pk: int) -> Programme:
    return get_object_or_404(programme_list(user=user), pk=pk)


# What an invoice's rows show of its parties and programme.
_INVOICE_RELATED = ("programme", "supplier", "buyer", "financier", "supplier__province")


def invoice_list(*, user: Any, credit_notes: bool = False) -> QuerySet[Invoice]:
    """The invoices the user may see, newest first (the model's order); `credit_notes`
    prefetched for the API's rows."""
    scope = _signed_in(user)
    rows = Invoice.objects.filter(scope.invoice_q()).select_related(*_INVOICE_RELATED)
    if credit_notes:
        rows = rows.prefetch_related("credit_notes")
    return rows


def party_invoices(*, user: Any, side: Party) -> QuerySet[Invoice]:
    """The invoices in which one of the user's firms is the `side` party: the desks' rows.
    Inside `invoice_list` (the scope is built from the same condition), but read on the party's
    column alone: filtered from the scope's union, PostgreSQL counts the party's condition twice,
    expects a few dozen rows and sorts every match instead of walking the party's index in the
    desk's order (a financier's ten next maturities at 1M firms: 29 ms, 0.2 ms read this way)."""
    scope = _signed_in(user)
    return Invoice.objects.filter(scope.party_q(side)).select_related(*_INVOICE_RELATED)


def invoice_get(*, user: Any, pk: int) -> Invoice:
    """404 for an invoice the user may not see: its existence is not revealed."""
    return get_object_or_404(invoice_list(user=user), pk=pk)


def bid_list(*, user: Any) -> QuerySet[Bid]:
    scope = _signed_in(user)
    return Bid.objects.filter(scope.bid_q()).select_related("financier", "invoice")


def invoice_bids(*, user: Any, invoice: Invoice) -> QuerySet[Bid]:
    return bid_list(user=user).filter(invoice=invoice).order_by("rate_bp", "created_at")


def bid_get(*, user: Any, pk: int) -> Bid:
    return get_object_or_404(bid_list(user=user), pk=pk)


def invoice_bid_get(*, invoice: Invoice, pk: Any) -> Bid:
    """A bid on this (visible) invoice by id, 404 otherwise; the service decides who may take it."""
    return get_object_or_404(Bid, pk=pk, invoice=invoice)


def settlement_list(*, user: Any) -> QuerySet[Settlement]:
    """Transfers the user is a party to (or oversees): FinanceScope.settlement_q."""
    scope = _signed_in(user)
    return Settlement.objects.filter(scope.settlement_q()).select_related("invoice")


def invoice_settlements(*, user: Any, invoice: Invoice) -> QuerySet[Settlement]:
    return settlement_list(user=user).filter(invoice=invoice).order_by("id")


def settlement_get(*, user: Any, pk: int) -> Settlement:
    return get_object_or_404(settlement_list(user=user), pk=pk)


def account_list(*, user: Any) -> QuerySet[Account]:
    scope = _signed_in(user)
    return Account.objects.filter(scope.account_q()).select_related("enterprise")


def entry_list(*, user: Any) -> QuerySet[JournalEntry]:
    """Ledger entries the user is a party to (or oversees): FinanceScope.entry_q. Postings are
    read only through their entry, so they follow the same rule."""
    scope = _signed_in(user)
    return (
        JournalEntry.objects.filter(scope.entry_q())
        .select_related("invoice")
        .prefetch_related("postings__account__enterprise")
    )


def invoice_entries(*, user: Any, invoice: Invoice) -> QuerySet[JournalEntry]:
    return entry_list(user=user).filter(invoice=invoice).order_by("id")


def invoice_hidden(*, user: Any, invoice: Invoice) -> frozenset[str]:
    """The invoice's figures the user may not read (FinanceScope.invoice_hidden)."""
    return _signed_in(user).invoice_hidden(invoice)


def limit_list(*, user: Any) -> QuerySet[Limit]:
    scope = _signed_in(user)
    return Limit.objects.filter(scope.limit_q()).select_related(
        "programme", "financier", "supplier"
    )


LIMIT_PANEL_ROWS = 50


def _limit_row(lim: Limit) -> dict[str, Any]:
    return {
        "limit": lim,
        "kind": lim.kind,
        "programme": lim.programme,
        "party": lim.financier or lim.supplier,
        "cap": lim.cap,
        "used": lim.used,
        "headroom": lim.cap - lim.used,
        "share": share_used(lim.used, lim.cap),
    }


def limit_panel(*, user: Any) -> list[dict[str, Any]]:
    """The limits the user may see (FinanceScope.limit_q: a financier only its own, a buyer its
    programmes' buyer and supplier limits, a supplier its own), each with its cap, what is in
    use, the headroom and the share used; the fullest first, at most LIMIT_PANEL_ROWS."""
    rows = limit_list(user=user).order_by("-used", "programme_id", "kind", "id")
    return [_limit_row(lim) for lim in rows[:LIMIT_PANEL_ROWS]]


def invoice_limits(*, user: Any, invoice: Invoice) -> list[dict[str, Any]]:
    """The limits (among those the user may see) that taking a bid on this unit would use."""
    rows = (
        limit_list(user=user)
        .filter(programme_id=invoice.programme_id)
        .filter(
            Q(kind__in=[LimitKind.BUYER, LimitKind.FINANCIER])
            | Q(kind__in=[LimitKind.SUPPLIER, LimitKind.PAIR], supplier_id=invoice.supplier_id)
        )
        .order_by("kind", "id")
    )
    return [_limit_row(lim) for lim in rows]


def auction_board(*, user: Any, invoice: Invoice, now: dt.datetime | None = None) -> dict[str, Any]:
    """The live auction's bids as the user may see them (bid_q: the supplier every bid, a
    financier only its own; bids are sealed between financiers), the best active one marked
    for whoever sees them all, the user's own marked, and whether bidding is still open."""
    scope = _signed_in(user)
    now = now or timezone.now()
    bids = list(invoice_bids(user=user, invoice=invoice))
    sees_all = scope.is_member(invoice.supplier_id)
    best = next((b for b in bids if b.state == BidState.ACTIVE), None) if sees_all else None
    closes = invoice.auction_closes_at
    is_open = bool(invoice.state == InvoiceState.AUCTION and closes and closes > now)
    return {
        "rows": [
            {
                "bid": b,
                "best": best is not None and b.pk == best.pk,
                "own": b.financier_id in scope.financier_ids,
            }
            for b in bids
        ],
        "sees_all": sees_all,
        "bidder": bool(scope.financier_ids),
        "open": is_open,
        "now": now,
        "closes_at": closes,
        # The countdown's reference: the server's clock, in milliseconds (auction.js).
        "now_ms": int(now.timestamp() * 1000),
        "closes_ms": int(closes.timestamp() * 1000) if closes else None,
        "left_seconds": int((closes - now).total_seconds()) if closes and is_open else 0,
    }


def enterprise_get(*, pk: Any) -> Enterprise:
    """An enterprise named in a request (404 if none); the service decides what it may do."""
    return get_object_or_404(Enterprise, pk=pk)


def invoice_fresh(*, invoice: Invoice) -> Invoice:
    """The invoice as an action left it (the caller just acted on it, so it was visible)."""
    return Invoice.objects.get(pk=invoice.pk)


def upload_programmes(*, user: Any) -> QuerySet[Programme]:
    """Open programmes in which one of the user's enterprises is a supplier."""
    scope = _signed_in(user)
    return programme_list(user=user).filter(
        programmesupplier__supplier_id__in=scope.supplier_ids, active=True
    )


def supplier_for(*, user: Any, programme: Programme) -> Enterprise:
    """The user's enterprise that supplies in this programme (the first by id), 404 if none."""
    scope = _signed_in(user)
    link = (
        ProgrammeSupplier.objects.filter(programme=programme, supplier_id__in=scope.supplier_ids)
        .select_related("supplier")
        .order_by("pk")
        .first()
    )
    if link is None:
        raise Http404
    return link.supplier


def financier_for(*, user: Any, invoice: Invoice, financier_id: int | None = None) -> Enterprise:
    """The financier the user bids for on this invoice's programme."""
    scope = _signed_in(user)
    ids = scope.financier_ids
    if financier_id is not None:
        ids = ids & {financier_id}
    link = (
        ProgrammeFinancier.objects.filter(programme_id=invoice.programme_id, financier_id__in=ids)
        .select_related("financier")
        .first()
    )
    require(link is not None, not_allowed())
    assert link is not None
    return link.financier


# ---------------------------------------------------------------- workspaces and reports

AGING_BUCKETS = (
    ("current", None, 0),
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("90+", 91, None),
)


def aging(*, user: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Outstanding financed principal by days past due: staff in scope, the buyer (its debts)
    and the financier (its units). Not the supplier: repayment is the buyer's business with the
    financier once the unit is sold (FinanceScope.invoice_hidden)."""
    today = today or timezone.localdate()
    rows = []
    scope = _signed_in(user)
    qs = invoice_list(user=user).filter(state__in=OPEN_STATES)
    if not scope.staff:
        qs = qs.filter(Q(buyer_id__in=scope.buyer_ids) | Q(financier_id__in=scope.financier_ids))
    for name, lo, hi in AGING_BUCKETS:
        bucket = qs
        if lo is None:
            bucket = bucket.filter(due_date__gte=today)
        else:
            bucket = bucket.filter(due_date__lte=today - dt.timedelta(days=lo))
            if hi is not None:
                bucket = bucket.filter(due_date__gte=today - dt.timedelta(days=hi))
        # Exact sums: many large units could overflow SQLite's SUM (core.money.exact_sums).
        net, credit, repaid, penalty, paid = exact_sums(
            bucket, None, "amount", "credit_total", "principal_repaid", "penalty_accrued",
            "penalty_paid",
        )[None]  # fmt: skip
        rows.append(
            {
                "bucket": name,
                "count": bucket.count(),
                "outstanding": net - credit - repaid,
                "penalty": penalty - paid,
            }
        )
    return rows


def reconciliation(*, user: Any) -> dict[str, Any]:
    """Ledger balances by purpose against the unit records they should equal.

    National staff only: an account holds the money of one party across every province (a
    financier's funds, the platform's fees and clearing), so a province's share of a balance
    does not exist and a provincial reconciliation could not add up."""
    require(FinanceScope(user).national, not_allowed())
    by_purpose: dict[str, dict[str, int]] = defaultdict(lambda: {"posted": 0, "pending": 0})
    for purpose, posted, pending in Account.objects.values_list(
        "purpose", "posted_balance", "pending_balance"
    ):
        by_purpose[purpose]["posted"] += posted
        by_purpose[purpose]["pending"] += pending
    open_units = Invoice.objects.filter(state__in=OPEN_STATES)
    outstanding = sum(i.outstanding_principal for i in open_units)
    pending_disb = exact_sum(
        Settlement.objects.filter(kind=SettlementKind.DISBURSEMENT, phase=SettlementPhase.PENDING),
        "amount",
    )
    return {
        "balances": dict(by_purpose),
        "financier_receivable_ledger": by_purpose[AccountPurpose.FINANCIER_RECEIVABLE]["posted"],
        "financier_receivable_units": outstanding,
        "pending_disbursements_ledger": by_purpose[AccountPurpose.SUPPLIER_CASH]["pending"],
        "pending_disbursements_units": pending_disb,
        "total": sum(v["posted"] + v["pending"] for v in by_purpose.values()),
    }


def staff_by_province(*, user: Any) -> list[dict[str, Any]]:
    """Volumes and defaults by the supplier's province (the pilot ran in 29 provinces)."""
    scope = FinanceScope(user)
    require(scope.staff, not_allowed())
    qs = invoice_list(user=user).filter(
        state__in=[InvoiceState.FINANCED, InvoiceState.OVERDUE, InvoiceState.REPAID]
    )
    rows = list(
        qs.values(
            "supplier__province_id", "supplier__province__name_fa", "supplier__province__name_en"
        )
        .annotate(units=Count("id"), defaults=Count("id", filter=Q(state=InvoiceState.OVERDUE)))
        .order_by()
    )
    volumes = exact_sums(qs, "supplier__province_id", "amount", "credit_total")
    for row in rows:
        amount, credit = volumes.get(row["supplier__province_id"], (0, 0))
        row["volume"] = amount - credit
    return sorted(rows, key=lambda r: -r["volume"])


def payables_calendar(invoices: QuerySet[Invoice], limit: int = 15) -> list[dict[str, Any]]:
    """The next due dates with their unit count and net total (exact sums)."""
    counts = list(invoices.values("due_date").annotate(n=Count("id")).order_by("due_date")[:limit])
    totals = exact_sums(
        invoices.filter(due_date__in=[c["due_date"] for c in counts]),
        "due_date",
        "amount",
        "credit_total",
    )
    for row in counts:
        amount, credit = totals.get(row["due_date"], (0, 0))
        row["total"] = amount - credit
    return counts


def portfolio_totals(invoices: QuerySet[Invoice]) -> dict[str, int]:
    """Units and outstanding principal of a financier's book (exact sums)."""
    amount, credit, repaid = exact_sums(
        invoices, None, "amount", "credit_total", "principal_repaid"
    )[None]
    return {"n": invoices.count(), "total": amount - credit - repaid}


def state_counts(queryset: QuerySet[Invoice]) -> dict[str, int]:
    return dict(queryset.order_by().values_list("state").annotate(n=Count("id")))


# ---------------------------------------------------------------- the workspace, one per role


def workspace_supplier(*, user: Any) -> dict[str, Any]:
    """The supplier's desk: its invoices by state, offers in auction, cash received and coming."""
    scope = _signed_in(user)
    mine = party_invoices(user=user, side="supplier")
    counts = state_counts(mine)
    posted, pending = exact_sums(
        Account.objects.filter(
            enterprise_id__in=scope.supplier_ids, purpose=AccountPurpose.SUPPLIER_CASH
        ),
        None,
        "posted_balance",
        "pending_balance",
    )[None]
    return {
        "counts": counts,
        "awaiting": counts.get(InvoiceState.SUBMITTED, 0)
        + counts.get(InvoiceState.MAKER_APPROVED, 0),
        "in_auction": counts.get(InvoiceState.AUCTION, 0),
        "offers": mine.filter(state=InvoiceState.AUCTION)
        .annotate(n_bids=Count("bids", filter=Q(bids__state=BidState.ACTIVE)))
        .order_by("auction_closes_at")[:10],
        "cash": {"posted": posted, "pending": pending},
        "recent": mine.order_by("-id")[:8],
    }


def workspace_buyer(*, user: Any) -> dict[str, Any]:
    """The buyer's desk: invoices awaiting its decision and what it owes when."""
    theirs = party_invoices(user=user, side="buyer")
    return {
        "to_accept": theirs.filter(state__in=AWAITING_BUYER).order_by("submitted_at")[:15],
        "calendar": payables_calendar(theirs.filter(state__in=PAYABLE)),
    }


def workspace_financier(*, user: Any) -> dict[str, Any]:
    """The financier's desk: open auctions, its book, maturities, defaults, transfers to confirm."""
    scope = _signed_in(user)
    invoices = invoice_list(user=user)
    held = party_invoices(user=user, side="financier")
    return {
        "auctions": invoices.filter(state=InvoiceState.AUCTION).order_by("auction_closes_at")[:15],
        "portfolio": portfolio_totals(held.filter(state__in=OPEN_STATES)),
        "maturities": held.filter(state=InvoiceState.FINANCED).order_by("due_date")[:10],
        "overdue": held.filter(state=InvoiceState.OVERDUE).order_by("due_date")[:10],
        "pending": settlement_list(user=user).filter(
            phase=SettlementPhase.PENDING, invoice__financier_id__in=scope.financier_ids
        )[:10],
    }


# The cached staff workspace's name (dropped on writes to invoices and programmes: apps.py).
STAFF_PANEL = "finance-staff"


def workspace_staff(*, user: Any) -> dict[str, Any]:
    """Agency staff: programmes with their volumes and defaults, provinces, states. Aggregates
    over every invoice in scope (a second at 200,000 invoices), so cached per scope until an
    invoice or programme changes (`core/panelcache.py`, `apps.py`)."""
    scope = FinanceScope(user)
    require(scope.staff, not_allowed())
    financed = [InvoiceState.FINANCED, InvoiceState.REPAID, InvoiceState.OVERDUE]

    def build() -> dict[str, Any]:
        return {
            "programmes": list(
                programme_list(user=user).annotate(
                    n=Count("invoices"),
                    financed=Count("invoices", filter=Q(invoices__state__in=financed)),
                    defaults=Count("invoices", filter=Q(invoices__state=InvoiceState.OVERDUE)),
                )
            ),
            "provinces": staff_by_province(user=user),
            "counts": state_counts(invoice_list(user=user)),
        }

    # National staff all see the same rows; anyone else's scope also holds their memberships.
    key = "national" if scope.national else f"user-{user.pk}"
    return cached_panel(STAFF_PANEL, key, build)
