"""The `firm_timeline` hook (core/timeline.py): the firm's invoices (as supplier) submitted,
financed and repaid, with their amounts. Read from the invoices and the ledger's confirmed
repayment postings, never a second copy. The buyer's and the financier's names stay out."""

from django.utils.translation import gettext as _

from karsaz.core.timeline import TimelineEvent
from karsaz.finance.choices import AccountPurpose, EntryKind
from karsaz.finance.insight_facts import final_postings
from karsaz.finance.models import Invoice


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
    # The bank-confirmed repayments, as the "principal repaid" figure reads them: the buyer's
    # payable settled, one event per confirmed payment (a partial one too).
    repaid = final_postings(EntryKind.REPAYMENT, AccountPurpose.BUYER_PAYABLE).filter(
        entry__invoice__supplier_id=enterprise_id
    )
    out += [
        TimelineEvent(
            at=at, kind="finance.repaid", title=_("Financed invoice repaid"), amount=abs(amount)
        )
        for at, amount in repaid.values_list("entry__created_at", "amount")
    ]
    return out
