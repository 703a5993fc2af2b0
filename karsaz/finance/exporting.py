"""CSV/XLSX export of any filtered invoice list (rows already limited to the user's scope).

A figure the user may not read on a row (FinanceScope.invoice_hidden: the price for the buyer,
the repayments for the supplier) is left empty, as on the invoice page and in the API."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import pgettext_lazy

from karsaz.core.exports import Column, export_date, export_name, export_rows
from karsaz.core.tables import EXPORT_FORMATS
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
    return export_rows(EXPORT_COLUMNS, invoices.order_by("id"), fmt, hidden=scope.invoice_hidden)


# Headers in the page's language, dates Jalali on a Persian page, the state by its label, money
# as integer rials (core/exports.py).
LABELS = {
    "id": pgettext_lazy("export column", "ID"),
    "programme": pgettext_lazy("export column", "Programme"),
    "supplier": pgettext_lazy("export column", "Supplier"),
    "buyer": pgettext_lazy("export column", "Buyer"),
    "number": pgettext_lazy("export column", "Invoice number"),
    "tax_id": pgettext_lazy("export column", "Tax ID"),
    "issue_date": pgettext_lazy("export column", "Issue date"),
    "due_date": pgettext_lazy("export column", "Due date"),
    "amount": pgettext_lazy("export column", "Amount (rials)"),
    "credit_total": pgettext_lazy("export column", "Credits (rials)"),
    "net_amount": pgettext_lazy("export column", "Net amount (rials)"),
    "state": pgettext_lazy("export column", "State"),
    "financier": pgettext_lazy("export column", "Financier"),
    "rate_bp": pgettext_lazy("export column", "Rate (basis points)"),
    "discount": pgettext_lazy("export column", "Discount (rials)"),
    "fee": pgettext_lazy("export column", "Fee (rials)"),
    "principal_repaid": pgettext_lazy("export column", "Principal repaid (rials)"),
    "penalty_accrued": pgettext_lazy("export column", "Penalty accrued (rials)"),
    "penalty_paid": pgettext_lazy("export column", "Penalty paid (rials)"),
    "outstanding_principal": pgettext_lazy("export column", "Outstanding principal (rials)"),
}
SPECIAL: dict[str, Any] = {
    "programme": lambda inv: export_name(inv.programme),
    "supplier": lambda inv: export_name(inv.supplier),
    "buyer": lambda inv: export_name(inv.buyer),
    "tax_id": lambda inv: inv.tax_id or "",
    "issue_date": lambda inv: export_date(inv.issue_date),
    "due_date": lambda inv: export_date(inv.due_date),
    "state": lambda inv: inv.get_state_display(),
    "financier": lambda inv: export_name(inv.financier),
    "rate_bp": lambda inv: inv.rate_bp or "",
}
EXPORT_COLUMNS = tuple(
    Column(c, LABELS[c], SPECIAL.get(c) or (lambda inv, c=c: getattr(inv, c))) for c in COLUMNS
)
