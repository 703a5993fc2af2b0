"""Finance pages: thin views over selectors and services. Every POST form carries a one-time
token, so a double click or a browser retry never runs an action twice."""

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from karsaz.core.filters import invalid_filter_response
from karsaz.core.forms import apply_errors
from karsaz.core.listing import filtered_page
from karsaz.core.money import exact_sums
from karsaz.finance import exporting, selectors, services
from karsaz.finance.choices import InvoiceState, SettlementPhase
from karsaz.finance.filters import InvoiceFilter
from karsaz.finance.forms import BidForm, InvoiceForm, RepayForm
from karsaz.finance.models import Account, Bid, IdempotencyRecord
from karsaz.finance.permissions import FinanceScope

PAGE_SIZE = 25
S = InvoiceState


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _once(request: HttpRequest, work: Callable[[], Any]) -> bool:
    """Run a form's action once per token, in one transaction with the token's record."""
    token = (request.POST.get("once") or "").strip()[:120]
    if not token:
        messages.error(request, _("This form has expired; please try again."))
        return False
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    IdempotencyRecord.objects.create(
                        user_id=request.user.pk or 0, key=f"form:{token}", method="POST",
                        path=request.path[:255], request_hash="form", status_code=200,
                    )  # fmt: skip
            except IntegrityError:
                return True  # already done: show the result of the first submission
            work()
        return True
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return False


def _token() -> str:
    return uuid.uuid4().hex


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    scope = FinanceScope(request.user)
    if not scope.any_role:
        raise PermissionDenied(_("Finance is for suppliers, buyers, financiers and agency staff."))
    invoices = selectors.invoice_list(user=request.user)
    today = timezone.localdate()
    ctx: dict[str, Any] = {"scope": scope, "today": today}
    if scope.supplier_ids:
        mine = invoices.filter(supplier_id__in=scope.supplier_ids)
        counts = selectors.state_counts(mine)
        ctx["supplier"] = {
            "counts": counts,
            "awaiting": counts.get(S.SUBMITTED, 0) + counts.get(S.MAKER_APPROVED, 0),
            "offers": mine.filter(state=S.AUCTION)
            .annotate(n_bids=Count("bids", filter=Q(bids__state="active")))
            .order_by("auction_closes_at")[:10],
            "cash": dict(
                zip(
                    ("posted", "pending"),
                    exact_sums(
                        Account.objects.filter(
                            enterprise_id__in=scope.supplier_ids, purpose="supplier_cash"
                        ),
                        None,
                        "posted_balance",
                        "pending_balance",
                    )[None],
                    strict=True,
                )
            ),
            "recent": mine.order_by("-id")[:8],
        }
    if scope.buyer_ids:
        theirs = invoices.filter(buyer_id__in=scope.buyer_ids)
        ctx["buyer"] = {
            "to_accept": theirs.filter(state__in=[S.SUBMITTED, S.MAKER_APPROVED]).order_by(
                "submitted_at"
            )[:15],
            "calendar": selectors.payables_calendar(
                theirs.filter(state__in=[S.FINANCED, S.OVERDUE, S.ACCEPTED, S.TAKEN])
            ),
        }
    if scope.financier_ids:
        held = invoices.filter(financier_id__in=scope.financier_ids)
        ctx["financier"] = {
            "auctions": invoices.filter(state=S.AUCTION).order_by("auction_closes_at")[:15],
            "portfolio": selectors.portfolio_totals(held.filter(state__in=[S.FINANCED, S.OVERDUE])),
            "maturities": held.filter(state=S.FINANCED).order_by("due_date")[:10],
            "overdue": held.filter(state=S.OVERDUE).order_by("due_date")[:10],
            "pending": selectors.settlement_list(user=request.user).filter(
                phase=SettlementPhase.PENDING, invoice__financier_id__in=scope.financier_ids
            )[:10],
        }
    if scope.staff:
        ctx["staff"] = {
            "programmes": selectors.programme_list(user=request.user).annotate(
                n=Count("invoices"),
                financed=Count(
                    "invoices", filter=Q(invoices__state__in=[S.FINANCED, S.REPAID, S.OVERDUE])
                ),
                defaults=Count("invoices", filter=Q(invoices__state=S.OVERDUE)),
            ),
            "provinces": selectors.staff_by_province(user=request.user),
            "counts": selectors.state_counts(invoices),
        }
    return render(request, "finance/workspace.html", ctx)


@login_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    filterset = InvoiceFilter(request.GET, queryset=selectors.invoice_list(user=request.user))
    return filtered_page(
        request,
        filterset,
        per_page=PAGE_SIZE,
        template="finance/invoice_list.html",
        partial_template="finance/partials/invoice_table.html",
        rows=filterset.qs.order_by("-id"),
    )


@login_required
def invoice_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exporting.FORMATS:
        return HttpResponseBadRequest(_("Unknown export format."))
    filterset = InvoiceFilter(request.GET, queryset=selectors.invoice_list(user=request.user))
    if (invalid := invalid_filter_response(filterset)) is not None:
        return invalid
    scope = FinanceScope(request.user)
    content = exporting.export_invoices(filterset.qs.order_by("id"), fmt, scope=scope)
    response = HttpResponse(content, content_type=exporting.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="karsaz-invoices.{fmt}"'
    return response


@login_required
def invoice_new(request: HttpRequest) -> HttpResponse:
    scope = FinanceScope(request.user)
    programmes = selectors.programme_list(user=request.user).filter(
        programmesupplier__supplier_id__in=scope.supplier_ids, active=True
    )
    if not scope.supplier_ids:
        raise PermissionDenied(_("Only suppliers upload invoices."))
    form = InvoiceForm(request.POST or None, request.FILES or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = data["programme"]
        supplier_id = (
            programme.programmesupplier_set.filter(supplier_id__in=scope.supplier_ids)
            .values_list("supplier_id", flat=True)
            .first()
        )
        notes = []
        if data.get("credit_number") and data.get("credit_amount"):
            notes.append({"number": data["credit_number"], "amount": data["credit_amount"]})
        try:
            invoice = services.invoice_submit(
                user=request.user,
                programme=programme,
                supplier=programme.programmesupplier_set.get(supplier_id=supplier_id).supplier,
                number=data["number"],
                tax_id=data.get("tax_id") or "",
                issue_date=data["issue_date"],
                due_date=data["due_date"],
                amount=data["amount"],
                description=data.get("description") or "",
                document=data.get("document"),
                credit_notes=notes,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Invoice uploaded; the buyer has been asked to accept it."))
            return redirect("finance:invoice_detail", pk=invoice.pk)
    return render(request, "finance/invoice_form.html", {"form": form})


@login_required
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.invoice_get(user=request.user, pk=pk)
    scope = FinanceScope(request.user)
    is_supplier = scope.is_member(invoice.supplier_id)
    is_buyer = scope.is_member(invoice.buyer_id)
    my_financier = None
    if invoice.state == S.AUCTION and scope.financier_ids:
        try:
            my_financier = selectors.financier_for(user=request.user, invoice=invoice)
        except PermissionDenied:
            my_financier = None
    can_confirm = scope.national or scope.is_member(invoice.financier_id)
    settlements = list(selectors.invoice_settlements(user=request.user, invoice=invoice))
    has_actions = bool(
        (is_buyer and invoice.state in (S.SUBMITTED, S.MAKER_APPROVED, S.FINANCED, S.OVERDUE))
        or (is_supplier and invoice.state in (S.SUBMITTED, S.MAKER_APPROVED, S.ACCEPTED, S.AUCTION))
        or my_financier
        or (can_confirm and any(st.phase == SettlementPhase.PENDING for st in settlements))
    )
    ctx = {
        "invoice": invoice,
        "has_actions": has_actions,
        "is_supplier": is_supplier,
        "is_buyer": is_buyer,
        "can_confirm": can_confirm,
        "my_financier": my_financier,
        "bids": selectors.invoice_bids(user=request.user, invoice=invoice),
        "settlements": settlements,
        "entries": selectors.invoice_entries(user=request.user, invoice=invoice),
        "hidden": selectors.invoice_hidden(user=request.user, invoice=invoice),
        "bid_form": BidForm(),
        "repay_form": RepayForm(
            initial={"amount": invoice.outstanding_principal + invoice.outstanding_penalty}
        ),
        "once": _token(),
        "S": S,
    }
    return render(request, "finance/invoice_detail.html", ctx)


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
        b = get_object_or_404(Bid, pk=chosen, invoice=invoice) if chosen else None
        return services.bid_take(user=user, invoice=invoice, bid=b)

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
    if _once(request, actions[action]):
        messages.success(request, _("Done."))
    return redirect("finance:invoice_detail", pk=invoice.pk)


@login_required
@require_POST
def settlement_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    settlement = selectors.settlement_get(user=request.user, pk=pk)
    if action == "confirm":
        ok = _once(
            request,
            lambda: services.settlement_confirm(
                user=request.user,
                settlement=settlement,
                bank_reference=request.POST.get("bank_reference", ""),
            ),
        )
    elif action == "void":
        ok = _once(
            request,
            lambda: services.settlement_void(
                user=request.user, settlement=settlement, reason=request.POST.get("reason", "")
            ),
        )
    else:
        return HttpResponseBadRequest(_("Unknown action."))
    if ok:
        messages.success(request, _("Done."))
    return redirect("finance:invoice_detail", pk=settlement.invoice_id)


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
