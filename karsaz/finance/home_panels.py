"""Supply-chain finance on the home page, one panel per role the user holds: the supplier's
invoices, the buyer's approvals and payables, the financier's auctions closing today and its
limits, the agency's figures (national, or the officer's province). Every read goes through
the module's selectors, which scope the rows to the user (FinanceScope)."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.core.charts import Point
from karsaz.core.panels import ROWS, Cell, Chart, Figure, Panel, Row, bilingual, percent
from karsaz.finance import selectors
from karsaz.finance.choices import AWAITING_BUYER, PAYABLE, InvoiceState
from karsaz.finance.permissions import FinanceScope


def panels(*, user: Any) -> list[Panel]:
    if not getattr(user, "is_authenticated", False):
        return []
    scope = FinanceScope(user)
    found = []
    if scope.staff:
        found.append(_staff(user))
    if scope.supplier_ids:
        found.append(_supplier(user))
    if scope.buyer_ids:
        found.extend(_buyer(user))
    if scope.financier_ids:
        found.extend(_financier(user, scope))
    return found


def _invoices(**query: Any) -> str:
    url = reverse("finance:invoice_list")
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else url


def _detail(pk: int) -> str:
    return reverse("finance:invoice_detail", args=[pk])


def _invoice_row(invoice: Any, party: Any, when: Cell, *, state: bool = False) -> Row:
    """An invoice in a panel's table: its number (a link), the other party, the amount, one
    date, and its state where the panel lists several states."""
    cells = (
        Cell(invoice.number, "code", href=_detail(invoice.pk)),
        Cell(bilingual(party)),
        Cell(invoice.net_amount, "money"),
        when,
    )
    return Row((*cells, Cell(invoice.get_state_display())) if state else cells)


def _staff(user: Any) -> Panel:
    counts = selectors.state_counts(selectors.invoice_list(user=user))
    overdue = counts.get(InvoiceState.OVERDUE, 0)
    return Panel(
        key="finance-staff",
        title=_("Supply-chain finance"),
        order=40,
        figures=(
            Figure(
                _("Awaiting the buyer"),
                sum(counts.get(s, 0) for s in AWAITING_BUYER),
                _invoices(state=InvoiceState.SUBMITTED),
                key="finance-awaiting",
            ),
            Figure(
                _("In auction"),
                counts.get(InvoiceState.AUCTION, 0),
                _invoices(state=InvoiceState.AUCTION),
                key="finance-auction",
            ),
            Figure(
                _("Financed"),
                counts.get(InvoiceState.FINANCED, 0),
                _invoices(state=InvoiceState.FINANCED),
                key="finance-financed",
            ),
            Figure(
                _("Overdue"),
                overdue,
                _invoices(state=InvoiceState.OVERDUE),
                warn=overdue > 0,
                key="finance-overdue",
            ),
        ),
        chart=Chart(
            title=_("Invoices by state"),
            points=tuple(
                Point(str(label), counts[value], _invoices(state=value), warn=value == "overdue")
                for value, label in InvoiceState.choices
                if counts.get(value)
            ),
            label_header=_("State"),
            value_header=_("Invoices"),
        ),
        more=(_("The finance workspace"), reverse("finance:workspace")),
    )


def _supplier(user: Any) -> Panel:
    mine = selectors.party_invoices(user=user, side="supplier")
    counts = selectors.state_counts(mine)
    recent = list(mine.order_by("-submitted_at", "-id")[:ROWS])
    overdue = counts.get(InvoiceState.OVERDUE, 0)
    return Panel(
        key="finance-supplier",
        title=_("Your invoices"),
        order=12,
        figures=(
            Figure(
                _("Awaiting the buyer"),
                sum(counts.get(s, 0) for s in AWAITING_BUYER),
                _invoices(),
                key="supplier-awaiting",
            ),
            Figure(
                _("In auction"),
                counts.get(InvoiceState.AUCTION, 0),
                _invoices(state=InvoiceState.AUCTION),
                key="supplier-auction",
            ),
            Figure(
                _("Financed"),
                counts.get(InvoiceState.FINANCED, 0),
                _invoices(state=InvoiceState.FINANCED),
                key="supplier-financed",
            ),
        )
        + (
            (Figure(_("Overdue"), overdue, _invoices(state="overdue"), warn=True),)
            if overdue
            else ()
        ),
        headers=(_("Invoice"), _("Buyer"), _("Amount"), _("Due"), _("State")),
        rows=tuple(
            _invoice_row(invoice, invoice.buyer, Cell(invoice.due_date, "date"), state=True)
            for invoice in recent
        ),
        empty=_("You have not uploaded an invoice yet."),
        more=(_("All your invoices"), _invoices()),
    )


def _buyer(user: Any) -> list[Panel]:
    theirs = selectors.party_invoices(user=user, side="buyer")
    waiting = theirs.filter(state__in=AWAITING_BUYER)
    to_approve = list(waiting.order_by("submitted_at", "id")[:ROWS])
    today = timezone.localdate()
    calendar = selectors.payables_calendar(theirs.filter(state__in=PAYABLE), limit=8)
    overdue = [row for row in calendar if row["due_date"] < today]
    return [
        Panel(
            key="finance-buyer-approvals",
            title=_("Invoices awaiting your approval"),
            order=10,
            figures=(
                Figure(
                    _("Awaiting your approval"),
                    waiting.count(),
                    _invoices(state=InvoiceState.SUBMITTED),
                    key="buyer-awaiting",
                ),
            ),
            headers=(_("Invoice"), _("Supplier"), _("Amount"), _("Submitted"), _("State")),
            rows=tuple(
                _invoice_row(
                    invoice, invoice.supplier, Cell(invoice.submitted_at, "date"), state=True
                )
                for invoice in to_approve
            ),
            empty=_("No invoice waits for your approval."),
        ),
        Panel(
            key="finance-buyer-payables",
            title=_("Payables by due date"),
            order=11,
            figures=(
                Figure(
                    _("Overdue payables"),
                    sum(row["total"] for row in overdue),
                    _invoices(state=InvoiceState.OVERDUE),
                    money=True,
                    warn=bool(overdue),
                    key="buyer-overdue",
                ),
            ),
            headers=(_("Due"), _("Invoices"), _("Amount")),
            rows=tuple(
                Row(
                    (
                        Cell(row["due_date"], "date"),
                        Cell(row["n"], "num"),
                        Cell(row["total"], "money"),
                    ),
                    warn=row["due_date"] < today,
                    flag=_("Overdue") if row["due_date"] < today else "",
                )
                for row in calendar
            ),
            empty=_("Nothing is due from you."),
            more=(_("The finance workspace"), reverse("finance:workspace")),
        ),
    ]


def _financier(user: Any, scope: FinanceScope) -> list[Panel]:
    today = timezone.localdate()
    closing = selectors.invoice_list(user=user).filter(
        state=InvoiceState.AUCTION, auction_closes_at__date=today
    )
    auctions = list(closing.order_by("auction_closes_at", "id")[:ROWS])
    limits = list(
        selectors.limit_list(user=user)
        .filter(financier_id__in=scope.financier_ids)
        .order_by("programme_id", "id")
    )
    cap = sum(limit.cap for limit in limits)
    used = sum(limit.used for limit in limits)
    return [
        Panel(
            key="finance-auctions-today",
            title=_("Auctions closing today"),
            order=10,
            figures=(
                Figure(
                    _("Closing today"),
                    closing.count(),
                    _invoices(state=InvoiceState.AUCTION),
                    key="auctions-today",
                ),
            ),
            headers=(_("Invoice"), _("Supplier"), _("Amount"), _("Closes")),
            rows=tuple(
                _invoice_row(invoice, invoice.supplier, Cell(invoice.auction_closes_at, "datetime"))
                for invoice in auctions
            ),
            empty=_("No auction closes today."),
        ),
        Panel(
            key="finance-limits",
            title=_("Your limits and utilisation"),
            order=11,
            figures=(
                Figure(_("Limits"), cap, money=True, key="limits-cap"),
                Figure(_("Used"), used, money=True, key="limits-used"),
                Figure(_("Utilisation"), percent(used, cap), percent=True, key="limits-pct"),
            ),
            headers=(_("Programme"), _("Limit"), _("Used"), _("Utilisation")),
            rows=tuple(
                Row(
                    (
                        Cell(_limit_name(limit)),
                        Cell(limit.cap, "money"),
                        Cell(limit.used, "money"),
                        Cell(percent(limit.used, limit.cap), "percent"),
                    ),
                    warn=limit.cap > 0 and limit.used * 10 >= limit.cap * 9,
                )
                for limit in limits[:ROWS]
            ),
            chart=Chart(
                title=_("Utilisation of each limit (percent)"),
                points=tuple(
                    Point(_limit_name(limit), percent(limit.used, limit.cap))
                    for limit in limits[:ROWS]
                ),
                label_header=_("Limit"),
                value_header=_("Utilisation"),
            ),
            empty=_("No limit is set for you yet."),
        ),
    ]


def _limit_name(limit: Any) -> str:
    name = bilingual(limit.programme)
    if limit.supplier_id:
        return f"{name} · {bilingual(limit.supplier)}"
    return name
