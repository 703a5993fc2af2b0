"""Crowdfunding pages: the public list and detail, pledge and "my pledges", the firm's
campaigns (draft, submit, reports), the platform's queue and the staff overview."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from karsaz.accounts.scope import require
from karsaz.capital import exporting, selectors, services
from karsaz.capital.filters import CampaignFilter
from karsaz.capital.forms_campaigns import CampaignForm, PledgeForm, ReportForm
from karsaz.capital.permissions import CapitalScope
from karsaz.core.actions import run_action
from karsaz.core.filters import invalid_filter_response
from karsaz.core.listing import filtered_page
from karsaz.core.tables import EXPORT_FORMATS

PAGE_SIZE = 25


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Open and closed campaigns, filtered in place (htmx swaps the table), paged."""
    scope = CapitalScope(request.user)
    return filtered_page(
        request,
        CampaignFilter(request.GET, queryset=selectors.campaign_public_list(user=request.user)),
        per_page=PAGE_SIZE,
        template="capital/campaigns/list.html",
        partial_template="capital/campaigns/_table.html",
        extra_context={
            "can_draft": bool(scope.editor_of()),
            "operates": bool(scope.platforms),
            "staff": scope.staff,
        },
    )


@login_required
def campaign_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered list as CSV or Excel (public fields only, as on the page)."""
    if fmt not in EXPORT_FORMATS:
        return HttpResponseBadRequest(_("Unknown export format."))
    filterset = CampaignFilter(
        request.GET, queryset=selectors.campaign_public_list(user=request.user)
    )
    if (invalid := invalid_filter_response(filterset)) is not None:
        return invalid
    response = HttpResponse(exporting.export_campaigns(filterset.qs, fmt), EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="karsaz-campaigns.{fmt}"'
    return response


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    scope = CapitalScope(request.user)
    actions = scope.campaign_actions(campaign)
    insider = scope.campaign_insider(campaign)
    return render(
        request,
        "capital/campaigns/detail.html",
        {
            "campaign": campaign,
            "actions": actions,
            "insider": insider,
            "pledge_form": PledgeForm(),
            "report_form": ReportForm(),
            "reports": selectors.report_list(user=request.user, campaign=campaign)
            if insider
            else [],
            "warnings": selectors.warning_list(user=request.user, campaign=campaign),
            "remaining": campaign.target - campaign.pledged,
        },
    )


@login_required
def pledge_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    form = PledgeForm(request.POST or None)

    def page(status: int) -> HttpResponse:
        return render(
            request,
            "capital/campaigns/pledge.html",
            {"campaign": campaign, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page(200)
    return run_action(
        request,
        lambda: services.pledge_create(
            user=request.user, campaign=campaign, amount=form.cleaned_data["amount"]
        ),
        done=_("Your pledge is held in escrow."),
        then=reverse("capital:my_pledges"),
        form=form,
        rerender=page,
    )


@login_required
def my_pledges(request: HttpRequest) -> HttpResponse:
    scope = CapitalScope(request.user)
    pledges = list(selectors.pledge_mine(user=request.user))
    return render(
        request,
        "capital/campaigns/my_pledges.html",
        {
            "pledges": [(p, scope.pledge_actions(p)) for p in pledges],
            "holdings": selectors.holding_mine(user=request.user),
        },
    )


@require_POST
@login_required
def pledge_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get_mine(user=request.user, pk=pk)
    back = reverse("capital:my_pledges")
    return run_action(
        request,
        lambda: services.pledge_cancel(user=request.user, pledge=pledge),
        done=_("The pledge is cancelled and the money returned in full."),
        then=back,
    )


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    firms = list(selectors.firm_choices(user=request.user))
    require(bool(firms), _("Only a firm's owner or manager drafts a campaign."))
    form = CampaignForm(
        request.POST or None, firms=firms, platforms=selectors.platform_choices(user=request.user)
    )

    def page(status: int) -> HttpResponse:
        return render(request, "capital/campaigns/form.html", {"form": form}, status=status)

    if request.method != "POST":
        return page(200)

    def call():  # type: ignore[no-untyped-def]
        return services.campaign_draft(
            user=request.user,
            enterprise=selectors.enterprise_get(pk=form.cleaned_data["enterprise"]),
            platform=selectors.enterprise_get(pk=form.cleaned_data["platform"]),
            **form.terms_data(),
        )

    return run_action(
        request,
        call,
        done=_("Draft saved."),
        form=form,
        rerender=page,
        then=lambda c: reverse("capital:campaign_detail", args=[c.pk]),
    )


def _step(request: HttpRequest, pk: int, fn, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    back = reverse("capital:campaign_detail", args=[campaign.pk])
    return run_action(
        request, lambda: fn(user=request.user, campaign=campaign), done=done, then=back
    )


@require_POST
@login_required
def campaign_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.campaign_submit, _("Submitted to the platform."))


@require_POST
@login_required
def campaign_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.campaign_approve, _("Campaign approved."))


@require_POST
@login_required
def campaign_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.campaign_reject, _("Campaign sent back to the firm."))


@require_POST
@login_required
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda *, user, campaign: services.campaign_close(user=user, campaign=campaign),
        _("Campaign closed."),
    )


@login_required
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    form = ReportForm(request.POST or None)
    detail = reverse("capital:campaign_detail", args=[report.campaign_id])

    def page(status: int) -> HttpResponse:
        return render(
            request,
            "capital/campaigns/report.html",
            {"report": report, "form": form},
            status=status,
        )

    if request.method != "POST":
        return page(200)
    return run_action(
        request,
        lambda: services.report_file(
            user=request.user, report=report, body=form.cleaned_data["body"]
        ),
        done=_("Report filed."),
        then=detail,
        form=form,
        rerender=page,
    )


@login_required
def campaign_manage(request: HttpRequest) -> HttpResponse:
    """The firm's campaigns, the platform's queue and warnings, the staff overview: one page,
    each part shown to whoever it belongs to."""
    scope = CapitalScope(request.user)
    overview = selectors.campaign_list(user=request.user) if scope.staff else None
    return render(
        request,
        "capital/campaigns/manage.html",
        {
            "mine": selectors.campaign_managed(user=request.user),
            "queue": selectors.campaign_platform_queue(user=request.user),
            "warnings": selectors.warning_list(user=request.user),
            "overview": overview,
            "can_draft": bool(scope.editor_of()),
            "operates": bool(scope.platforms),
            "staff": scope.staff,
        },
    )
