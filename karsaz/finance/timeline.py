"""The `firm_timeline` hook (core/timeline.py): the firm's invoices (as supplier) submitted,
financed and repaid, with their amounts. Read from the invoices and the ledger's repayment
entries, never a second copy. The buyer's and the financier's names stay out."""

from django.utils.translation import gettext as _

from karsaz.core.timeline import TimelineEvent
from karsaz.finance.choices import EntryKind
from karsaz.finance.models import Invoice, JournalEntry


def firm_timeline(enterprise_id: int) -> list[TimelineEvent]:
    out: list[TimelineEvent] = []
    invoices = Invoice.objects.filter(supplier_id=enterprise_id).values_list(
        "submitted_at", "financed_on", "amount"
    )
    for submitted, financed, amount in invoices:
        out.append(
            TimelineEvent(
                at=submitted, kind="finance.invoice", title=_("Invoice submitted"), amount=amount
            )
        )
        if financed is not None:
            out.append(
                TimelineEvent(
                    at=financed,
                    kind="finance.financed",
                    title=_("Invoice financed"),
                    amount=amount,
                )
            )
    repaid = JournalEntry.objects.filter(
        invoice__supplier_id=enterprise_id, kind=EntryKind.REPAYMENT
    ).values_list("created_at", "invoice__amount")
    out += [
        TimelineEvent(at=at, kind="finance.repaid", title=_("Financed invoice repaid"), amount=a)
        for at, a in repaid
    ]
    return out
