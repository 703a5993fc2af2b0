"""Finance pages: thin views over selectors (reads) and services (writes). Every POST form
carries a one-time token (`idempotency.form_once`), so a double click or a browser retry never
runs an action twice."""

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from karsaz.core.actions import run_action
from karsaz.core.filters import invalid_filter_response
from karsaz.core.listing import filtered_page
from karsaz.finance import display, exporting, selectors, services
from karsaz.finance.choices import BidState, EntryPhase, InvoiceState, SettlementPhase
from karsaz.finance.filters import InvoiceFilter
from karsaz.finance.forms import BidForm, InvoiceForm, RepayForm
from karsaz.finance.idempotency import form_once
from karsaz.finance.permissions import FinanceScope

PAGE_SIZE = 25


def _once(request: HttpRequest, action: str, work: Callable[[], Any], *, then: str) -> HttpResponse:
    """Runs a form's action once per one-time token and says what it did
    (`display.outcome`: «فاکتور … تأیید شد؛ منتظر تأیید دوم.»), or its errors. A replay (a double
    click) says the first submission stands."""
    token = (request.POST.get("once") or "").strip()[:120]

    def call() -> None:
        if not token:
            raise ValidationError(_("This form has expired; please try again."))
        done: list[Any] = []
        ran = form_once(
            user=request.user, token=token, path=request.path, work=lambda: done.append(work())
        )
        if ran:
            messages.success(request, display.outcome(action, done[0], user=request.user))
        else:
            messages.info(request, _("This form was already sent; its first submission stands."))

    return run_action(request, call, done=None, then=then)


def _token() -> str:
    return uuid.uuid4().hex


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    scope = FinanceScope(request.user)
    if not scope.any_role:
        raise PermissionDenied(_("Finance is for suppliers, buyers, financiers and agency staff."))
    user = request.user
    ctx: dict[str, Any] = {"scope": scope, "today": timezone.localdate()}
    if scope.supplier_ids:
        ctx["supplier"] = selectors.workspace_supplier(user=user)
    if scope.buyer_ids:
        ctx["buyer"] = selectors.workspace_buyer(user=user)
    if scope.financier_ids:
        ctx["financier"] = selectors.workspace_financier(user=user)
    if scope.staff:
        ctx["staff"] = selectors.workspace_staff(user=user)
    ctx["limits"] = selectors.limit_panel(user=user)
    return render(request, "finance/workspace.html", ctx)


@login_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.invoice_list(user=request.user)
    return filtered_page(
        request,
        InvoiceFilter(request.GET, queryset=rows),
        per_page=PAGE_SIZE,
        template="finance/invoice_list.html",
        partial_template="finance/partials/invoice_table.html",
    )


@login_required
def invoice_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exporting.FORMATS:
        return HttpResponseBadRequest(_("Unknown export format."))
    filterset = InvoiceFilter(request.GET, queryset=selectors.invoice_list(user=request.user))
    if (invalid := invalid_filter_response(filterset)) is not None:
        return invalid
    scope = FinanceScope(request.user)
    content = exporting.export_invoices(filterset.qs, fmt, scope=scope)
    response = HttpResponse(content, content_type=exporting.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="karsaz-invoices.{fmt}"'
    return response


@login_required
def invoice_new(request: HttpRequest) -> HttpResponse:
    scope = FinanceScope(request.user)
    programmes = selectors.upload_programmes(user=request.user)
    if not scope.supplier_ids:
        raise PermissionDenied(_("Only suppliers upload invoices."))
    form = InvoiceForm(request.POST or None, request.FILES or None, programmes=programmes)
    if request.method != "POST":
        return render(request, "finance/invoice_form.html", {"form": form})

    def submit() -> Any:
        data = form.cleaned_data
        programme = data["programme"]
        notes = []
        if data.get("credit_number") and data.get("credit_amount"):
            notes.append({"number": data["credit_number"], "amount": data["credit_amount"]})
        return services.invoice_submit(
            user=request.user,
            programme=programme,
            supplier=selectors.supplier_for(user=request.user, programme=programme),
            number=data["number"],
            tax_id=data.get("tax_id") or "",
            issue_date=data["issue_date"],
            due_date=data["due_date"],
            amount=data["amount"],
            description=data.get("description") or "",
            document=data.get("document"),
            credit_notes=notes,
        )

    return run_action(
        request,
        submit,
        form=form,
        # The form page answers 200 with its errors, as it always has.
        rerender=lambda _status: render(request, "finance/invoice_form.html", {"form": form}),
        done=_("Invoice uploaded; the buyer has been asked to accept it."),
        then=lambda invoice: reverse("finance:invoice_detail", kwargs={"pk": invoice.pk}),
    )


@login_required
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.invoice_get(user=request.user, pk=pk)
    scope = FinanceScope(request.user)
    settlements = list(selectors.invoice_settlements(user=request.user, invoice=invoice))
    actions = scope.allowed_actions(invoice, settlements)
    ctx = {
        "invoice": invoice,
        "actions": actions,
        "awaiting_second": scope.awaits_second_approver(invoice),
        "board": selectors.auction_board(user=request.user, invoice=invoice),
        "limits": selectors.invoice_limits(user=request.user, invoice=invoice),
        "settlements": settlements,
        "entries": selectors.invoice_entries(user=request.user, invoice=invoice),
        "hidden": selectors.invoice_hidden(user=request.user, invoice=invoice),
        "bid_form": BidForm(),
        "repay_form": RepayForm(
            initial={"amount": invoice.outstanding_principal + invoice.outstanding_penalty}
        ),
        "once": _token(),
        "InvoiceState": InvoiceState,
        "BidState": BidState,
        "EntryPhase": EntryPhase,
        "SettlementPhase": SettlementPhase,
    }
    return render(request, "finance/invoice_detail.html", ctx)


@login_required
def auction(request: HttpRequest, pk: int) -> HttpResponse:
    """The live auction: a countdown to the close (server time as the reference), the bids as
    the user may see them, refreshed by `auction_bids` while bidding is open."""
    invoice = selectors.invoice_get(user=request.user, pk=pk)
    scope = FinanceScope(request.user)
    ctx = {
        "invoice": invoice,
        "actions": scope.allowed_actions(invoice),
        "board": selectors.auction_board(user=request.user, invoice=invoice),
        "limits": selectors.invoice_limits(user=request.user, invoice=invoice),
        "bid_form": BidForm(),
        "once": _token(),
        "InvoiceState": InvoiceState,
        "BidState": BidState,
    }
    return render(request, "finance/auction.html", ctx)


@login_required
def auction_bids(request: HttpRequest, pk: int) -> HttpResponse:
    """The bids table alone (htmx polls it every few seconds): same scope as the page."""
    invoice = selectors.invoice_get(user=request.user, pk=pk)
    ctx = {
        "invoice": invoice,
        "actions": FinanceScope(request.user).allowed_actions(invoice),
        "board": selectors.auction_board(user=request.user, invoice=invoice),
        "once": _token(),
        "BidState": BidState,
        "live": True,
    }
    return render(request, "finance/partials/auction_bids.html", ctx)


@login_required
@require_POST
def invoice_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    invoice = selectors.invoice_get(user=request.user, pk=pk)
    user = request.user

    def bid() -> Any:
        form = BidForm(request.POST)
        if not form.is_valid():
            raise ValidationError({"rate_bp": [_("Enter the rate as a percentage a year.")]})
        rate = form.cleaned_data["rate_percent"] * 100
        if rate != rate.to_integral_value():
            raise ValidationError({"rate_bp": [_("Rates have at most two decimals.")]})
        financier = selectors.financier_for(user=user, invoice=invoice)
        return services.bid_place(
            user=user, invoice=invoice, financier=financier, rate_bp=int(Decimal(rate))
        )

    def take() -> Any:
        chosen = request.POST.get("bid")
        bid = selectors.invoice_bid_get(invoice=invoice, pk=chosen) if chosen else None
        return services.bid_take(user=user, invoice=invoice, bid=bid)

    def repay() -> Any:
        form = RepayForm(request.POST)
        if not form.is_valid():
            raise ValidationError({"amount": [_("Enter a whole number of rials.")]})
        return services.repayment_start(
            user=user, invoice=invoice, amount=form.cleaned_data["amount"]
        )

    actions: dict[str, Callable[[], Any]] = {
        "approve": lambda: services.invoice_approve(user=user, invoice=invoice),
        "reject": lambda: services.invoice_reject(
            user=user, invoice=invoice, reason=request.POST.get("reason", "")
        ),
        "cancel": lambda: services.invoice_cancel(user=user, invoice=invoice),
        "request-financing": lambda: services.invoice_request_financing(user=user, invoice=invoice),
        "bid": bid,
        "take": take,
        "repay": repay,
    }
    if action not in actions:
        return HttpResponseBadRequest(_("Unknown action."))
    page = "finance:auction" if request.POST.get("next") == "auction" else "finance:invoice_detail"
    return _once(request, action, actions[action], then=reverse(page, kwargs={"pk": invoice.pk}))


@login_required
@require_POST
def settlement_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    settlement = selectors.settlement_get(user=request.user, pk=pk)
    post = request.POST
    work: dict[str, Callable[[], Any]] = {
        "confirm": lambda: services.settlement_confirm(
            user=request.user, settlement=settlement, bank_reference=post.get("bank_reference", "")
        ),
        "void": lambda: services.settlement_void(
            user=request.user, settlement=settlement, reason=post.get("reason", "")
        ),
    }
    if action not in work:
        return HttpResponseBadRequest(_("Unknown action."))
    return _once(
        request,
        action,
        work[action],
        then=reverse("finance:invoice_detail", kwargs={"pk": settlement.invoice_id}),
    )


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    scope = FinanceScope(request.user)
    if not scope.any_role:
        raise PermissionDenied
    ctx: dict[str, Any] = {"aging": selectors.aging(user=request.user), "scope": scope}
    return render(request, "finance/reports.html", ctx)


@login_required
def reconciliation(request: HttpRequest) -> HttpResponse:
    """National staff only (403 otherwise, as the API): the ledger is not split by province."""
    ctx = {"recon": selectors.reconciliation(user=request.user)}
    return render(request, "finance/reconciliation.html", ctx)
