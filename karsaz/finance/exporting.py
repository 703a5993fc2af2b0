"""CSV/XLSX export of any filtered invoice list (rows already limited to the user's scope)."""

from collections.abc import Iterable

from karsaz.core.tables import EXPORT_FORMATS, export_table
from karsaz.finance.models import Invoice

FORMATS = EXPORT_FORMATS
COLUMNS = (
    "id", "programme", "supplier", "buyer", "number", "tax_id", "issue_date", "due_date",
    "amount", "credit_total", "net_amount", "state", "financier", "rate_bp", "discount", "fee",
    "principal_repaid", "penalty_accrued", "penalty_paid", "outstanding_principal",
)  # fmt: skip


def export_invoices(invoices: Iterable[Invoice], fmt: str) -> bytes:
    # Names, numbers and tax IDs are typed by users: export_table defuses formulas in them.
    rows = (
        [
            inv.pk, inv.programme.name_fa, inv.supplier.name_fa, inv.buyer.name_fa,
            inv.number, inv.tax_id or "", inv.issue_date.isoformat(),
            inv.due_date.isoformat(), inv.amount, inv.credit_total, inv.net_amount,
            inv.state, inv.financier.name_fa if inv.financier else "", inv.rate_bp or "",
            inv.discount, inv.fee, inv.principal_repaid, inv.penalty_accrued,
            inv.penalty_paid, inv.outstanding_principal,
        ]
        for inv in invoices
    )  # fmt: skip
    return export_table(COLUMNS, rows, fmt)
