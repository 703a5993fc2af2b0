"""The `firm_record` hook: what the finance module knows about firms, for capital readiness.

`firm_record(enterprise_ids)` answers {enterprise id: {fact: value}} for the whole batch in two
queries, however many firms: one over invoices the firms supplied, one over invoices they owe
as buyers (with the date of their last repayment entry on the ledger).
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone

from karsaz.finance.choices import EntryKind, InvoiceState
from karsaz.finance.models import Invoice, JournalEntry

# States in which the buyer owes, or owed, the financed amount.
OWED_STATES = (InvoiceState.FINANCED, InvoiceState.OVERDUE, InvoiceState.REPAID)


def firm_record(enterprise_ids: list[int]) -> dict[int, dict[str, Any]]:
    ids = list(enterprise_ids)
    record: dict[int, dict[str, Any]] = {
        pk: {
            "invoices_submitted": 0,
            "invoices_financed": 0,
            "repayments": 0,
            "repayments_on_time": 0,
            "max_days_late": None,
            "finance_defaults": 0,
        }
        for pk in ids
    }
    if not ids:
        return record
    supplied = (
        Invoice.objects.filter(supplier_id__in=ids)
        .values("supplier_id")
        .annotate(n=Count("id"), financed=Count("id", filter=Q(financed_on__isnull=False)))
    )
    for row in supplied:
        record[row["supplier_id"]]["invoices_submitted"] = row["n"]
        record[row["supplier_id"]]["invoices_financed"] = row["financed"]
    last_repayment = (
        JournalEntry.objects.filter(invoice_id=OuterRef("pk"), kind=EntryKind.REPAYMENT)
        .values("invoice_id")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    defaulted = (
        JournalEntry.objects.filter(invoice_id=OuterRef("pk"), kind=EntryKind.OVERDUE)
        .values("invoice_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    owed = Invoice.objects.filter(buyer_id__in=ids, state__in=OWED_STATES).values_list(
        "buyer_id", "state", "due_date", Subquery(last_repayment), Subquery(defaulted)
    )
    today = timezone.localdate()
    for buyer_id, state, due, last, defaults in owed:
        facts = record[buyer_id]
        if state == InvoiceState.REPAID and last is not None:
            paid_on = timezone.localdate(last) if isinstance(last, dt.datetime) else last
            late = max(0, (paid_on - due).days)
            facts["repayments"] += 1
            facts["repayments_on_time"] += late == 0
        else:
            late = max(0, (today - due).days)
        if state == InvoiceState.OVERDUE or defaults:
            facts["finance_defaults"] += 1
        facts["max_days_late"] = max(facts["max_days_late"] or 0, late)
    return record
