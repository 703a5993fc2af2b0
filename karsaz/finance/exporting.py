"""CSV/XLSX export of any filtered invoice list (rows already limited to the user's scope).

A figure the user may not read on a row (FinanceScope.invoice_hidden: the price for the buyer,
the repayments for the supplier) is left empty, as on the invoice page and in the API."""

from collections.abc import Iterable

import tablib

from karsaz.finance.models import Invoice
from karsaz.finance.permissions import FinanceScope

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COLUMNS = (
    "id", "programme", "supplier", "buyer", "number", "tax_id", "issue_date", "due_date",
    "amount", "credit_total", "net_amount", "state", "financier", "rate_bp", "discount", "fee",
    "principal_repaid", "penalty_accrued", "penalty_paid", "outstanding_principal",
)  # fmt: skip


def export_invoices(invoices: Iterable[Invoice], fmt: str, *, scope: FinanceScope) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    data = tablib.Dataset(headers=list(COLUMNS))
    for inv in invoices:
        row = [
            inv.pk, inv.programme.name_fa, inv.supplier.name_fa, inv.buyer.name_fa,
            inv.number, inv.tax_id or "", inv.issue_date.isoformat(),
            inv.due_date.isoformat(), inv.amount, inv.credit_total, inv.net_amount,
            inv.state, inv.financier.name_fa if inv.financier else "", inv.rate_bp or "",
            inv.discount, inv.fee, inv.principal_repaid, inv.penalty_accrued,
            inv.penalty_paid, inv.outstanding_principal,
        ]  # fmt: skip
        hidden = scope.invoice_hidden(inv)
        data.append(["" if col in hidden else v for col, v in zip(COLUMNS, row, strict=True)])
    if fmt == "csv":
        return ("\ufeff" + data.export("csv")).encode("utf-8")
    return data.export("xlsx")
