"""Deals signed at the event: recording and confirming."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from karsaz.core.actions import run_action
from karsaz.events import selectors, services
from karsaz.events.forms import DealForm
from karsaz.events.views.common import event_context


@login_required
@require_http_methods(["GET", "POST"])
def deals(request: HttpRequest, pk: int) -> HttpResponse:
    context = event_context(request, pk)
    event = context["event"]
    form = DealForm(request.POST or None, enterprises=selectors.approved_enterprises(event=event))

    def page(status: int = 200) -> HttpResponse:
        rows = selectors.event_deals(user=request.user, event=event, organizer=context["organizer"])
        shown = {**context, "form": form, "deals": rows}
        return render(request, "events/deals.html", shown, status=status)

    if request.method != "POST":
        return page()

    def record() -> object:
        data = dict(form.cleaned_data)
        return services.deal_record(
            user=request.user, event=event, parties=list(data.pop("parties")), **data
        )

    return run_action(
        request,
        record,
        done=_("The deal was recorded."),
        then=reverse("events:deals", args=[pk]),
        form=form,
        rerender=page,
    )


@login_required
@require_POST
def deal_confirm(request: HttpRequest, pk: int, deal_pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    deal = selectors.event_deal(event=event, pk=deal_pk)
    return run_action(
        request,
        lambda: services.deal_confirm(user=request.user, deal=deal),
        done=_("You confirmed the deal."),
        then=reverse("events:deals", args=[pk]),
    )
