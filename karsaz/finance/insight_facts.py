"""The `insight_facts` hook: what supply-chain finance counts, read from the ledger and the
invoice records themselves (never a second copy that could drift from them).

Every fact is placed at the invoice's supplier (the SME the programme serves), so amounts by
province and sector are the suppliers' provinces and sectors. Money moved is read from the
ledger's final postings; states, rates and dates from the invoice.
"""

from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils.translation import gettext_lazy as _

from karsaz.core.facts import Fact, days_between, local_date
from karsaz.finance.choices import AccountPurpose, EntryKind, EntryPhase, InvoiceState
from karsaz.finance.models import Bid, Invoice, JournalEntry, Posting


def final_postings(kind: str, purpose: str) -> QuerySet[Posting]:
    """The final (bank-confirmed) postings of `kind` on accounts of `purpose`; a disbursement
    later reversed is left out (a reversal is caught by the nightly full refresh)."""
    return Posting.objects.filter(
        pending=False,
        account__purpose=purpose,
        entry__kind=kind,
        entry__phase=EntryPhase.POST_PENDING,
        entry__reversal__isnull=True,
    )


def _auctioned() -> QuerySet[Invoice]:
    asked = JournalEntry.objects.filter(invoice=OuterRef("pk"), kind=EntryKind.FINANCING_REQUEST)
    return Invoice.objects.filter(Exists(asked))


def _bids() -> Any:
    count = (
        Bid.objects.filter(invoice=OuterRef("pk"))
        .order_by()
        .values("invoice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def _financed() -> QuerySet[Invoice]:
    return Invoice.objects.filter(financed_on__isnull=False, rate_bp__isnull=False)


def _repaid_delay() -> Any:
    """Days from the due date to the bank's confirmation of the last repayment, 0 if on time."""
    last = (
        JournalEntry.objects.filter(
            invoice=OuterRef("pk"), kind=EntryKind.REPAYMENT, phase=EntryPhase.POST_PENDING
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    paid = TruncDate(Subquery(last, output_field=DateTimeField()))
    return Greatest(days_between(F("due_date"), paid), Value(0))


def _net() -> Any:
    return F("amount") - F("credit_total")


def facts() -> tuple[Fact, ...]:
    return (
        Fact(
            code="finance.invoices",
            label=_("Invoices submitted, by state"),
            definition=_(
                "Invoices submitted by suppliers, by month of submission and their current "
                "state; the value is their face amount in rials."
            ),
            unit="rials",
            rows=Invoice.objects.all,
            enterprise="supplier",
            date="submitted_at",
            value=lambda: F("amount"),
            series="state",
            series_labels=lambda: dict(InvoiceState.choices),
            changed="updated_at",
        ),
        Fact(
            code="finance.accepted",
            label=_("Invoices accepted"),
            definition=_(
                "Invoices the buyer accepted (both approvers), by month of acceptance; the value "
                "is their net amount (after credit notes) in rials."
            ),
            unit="rials",
            rows=lambda: Invoice.objects.filter(accepted_at__isnull=False),
            enterprise="supplier",
            date="accepted_at",
            value=_net,
            changed="updated_at",
        ),
        Fact(
            code="finance.rejected",
            label=_("Invoices rejected"),
            definition=_(
                "Invoices the buyer rejected, by month of the rejection's ledger entry; the value "
                "is their face amount in rials."
            ),
            unit="rials",
            rows=lambda: JournalEntry.objects.filter(kind=EntryKind.REJECTION),
            enterprise="invoice__supplier",
            date="created_at",
            value=lambda: F("invoice__amount"),
            changed="created_at",  # ledger entries are append-only
        ),
        Fact(
            code="finance.financed",
            label=_("Invoices financed"),
            definition=_(
                "Invoices bought by a financier once the bank confirmed the disbursement, by "
                "month of confirmation; the value is the receivable bought (net amount), read "
                "from the ledger."
            ),
            unit="rials",
            rows=lambda: final_postings(EntryKind.DISBURSEMENT, AccountPurpose.SUPPLIER_RECEIVABLE),
            enterprise="account__enterprise",
            date="entry__created_at",
            value=lambda: -F("amount"),  # the supplier's receivable is credited
            changed="entry__created_at",
        ),
        Fact(
            code="finance.disbursed",
            label=_("Cash paid to suppliers"),
            definition=_(
                "Cash paid to suppliers for financed invoices (net amount less discount and "
                "fee), by month the bank confirmed it, read from the ledger."
            ),
            unit="rials",
            rows=lambda: final_postings(EntryKind.DISBURSEMENT, AccountPurpose.SUPPLIER_CASH),
            enterprise="account__enterprise",
            date="entry__created_at",
            value=lambda: F("amount"),
            changed="entry__created_at",
        ),
        Fact(
            code="finance.repaid",
            label=_("Principal repaid"),
            definition=_(
                "Principal buyers repaid on financed invoices, by month the bank confirmed it, "
                "read from the ledger and placed at the invoice's supplier."
            ),
            unit="rials",
            rows=lambda: final_postings(EntryKind.REPAYMENT, AccountPurpose.BUYER_PAYABLE),
            enterprise="entry__invoice__supplier",
            date="entry__created_at",
            value=lambda: F("amount"),
            changed="entry__created_at",
        ),
        Fact(
            code="finance.bids_per_invoice",
            label=_("Bids per invoice"),
            definition=_(
                "Mean number of financiers' bids on invoices put to auction, by the invoice's "
                "month of submission."
            ),
            unit="count",
            rows=_auctioned,
            enterprise="supplier",
            date="submitted_at",
            value=_bids,
            changed="bids__created_at",  # a new bid does not touch the invoice
            mean=True,
        ),
        Fact(
            code="finance.discount_rate",
            label=_("Discount rate"),
            definition=_(
                "Mean yearly discount rate of the winning bids on financed invoices, by month "
                "financed."
            ),
            unit="percent",
            rows=_financed,
            enterprise="supplier",
            date="financed_on",
            value=lambda: F("rate_bp"),
            changed="updated_at",
            mean=True,
            scale=100,  # basis points
        ),
        Fact(
            code="finance.days_to_fund",
            label=_("Days to fund"),
            definition=_(
                "Mean days from an invoice's submission to its financing, over the invoices "
                "financed in the period."
            ),
            unit="days",
            rows=_financed,
            enterprise="supplier",
            date="financed_on",
            value=lambda: days_between(local_date("submitted_at"), F("financed_on")),
            changed="updated_at",
            mean=True,
        ),
        # Not public: a programme has one anchor buyer and a country a handful, so any figure
        # of late repayments or defaults, however aggregated, is those buyers' credit record.
        Fact(
            code="finance.repayment_delay",
            label=_("Repayment delay"),
            definition=_(
                "Mean days repaid invoices were paid after their due date (0 when on time), by "
                "month due."
            ),
            unit="days",
            rows=lambda: Invoice.objects.filter(state=InvoiceState.REPAID),
            enterprise="supplier",
            date="due_date",
            value=_repaid_delay,
            changed="updated_at",
            public=False,
            mean=True,
        ),
        Fact(
            code="finance.defaults",
            label=_("Defaults"),
            definition=_(
                "Financed invoices the buyer left unpaid at maturity, by month of the ledger's "
                "overdue entry; the value is their net amount in rials."
            ),
            unit="rials",
            rows=lambda: JournalEntry.objects.filter(kind=EntryKind.OVERDUE),
            enterprise="invoice__supplier",
            date="created_at",
            value=lambda: F("invoice__amount") - F("invoice__credit_total"),
            changed="created_at",
            public=False,
        ),
    )
