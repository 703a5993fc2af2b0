"""CSV/XLSX export of any filtered invoice list (rows already limited to the user's scope).

A figure the user may not read on a row (FinanceScope.invoice_hidden: the price for the buyer,
the repayments for the supplier) is left empty, as on the invoice page and in the API."""

from django.db.models import QuerySet

from karsaz.core.tables import EXPORT_FORMATS, export_table
from karsaz.finance.models import Invoice
from karsaz.finance.permissions import FinanceScope

FORMATS = EXPORT_FORMATS
COLUMNS = (
    "id", "programme", "supplier", "buyer", "number", "tax_id", "issue_date", "due_date",
    "amount", "credit_total", "net_amount", "state", "financier", "rate_bp", "discount", "fee",
    "principal_repaid", "penalty_accrued", "penalty_paid", "outstanding_principal",
)  # fmt: skip


def export_invoices(invoices: QuerySet[Invoice], fmt: str, *, scope: FinanceScope) -> bytes:
    """The invoices in id order. Names, numbers and tax IDs are typed by users: export_table
    defuses formulas in them."""
    rows = (_row(inv, scope) for inv in invoices.order_by("id"))
    return export_table(COLUMNS, rows, fmt)


def _row(inv: Invoice, scope: FinanceScope) -> list[object]:
    """One invoice's cells, blank where the caller may not read the figure."""
    row = [
        inv.pk, inv.programme.name_fa, inv.supplier.name_fa, inv.buyer.name_fa,
        inv.number, inv.tax_id or "", inv.issue_date.isoformat(),
        inv.due_date.isoformat(), inv.amount, inv.credit_total, inv.net_amount,
        inv.state, inv.financier.name_fa if inv.financier else "", inv.rate_bp or "",
        inv.discount, inv.fee, inv.principal_repaid, inv.penalty_accrued,
        inv.penalty_paid, inv.outstanding_principal,
    ]  # fmt: skip
    hidden = scope.invoice_hidden(inv)
    return ["" if col in hidden else v for col, v in zip(COLUMNS, row, strict=True)]
