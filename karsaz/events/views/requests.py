"""Meeting requests: asking a delegate, and answering."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from karsaz.core.actions import run_action
from karsaz.events import selectors, services
from karsaz.events.forms import RequestForm
from karsaz.events.views.common import back_url, event_context


@login_required
@require_POST
def request_create(request: HttpRequest, pk: int, delegate_pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    recipient = selectors.event_delegate(event=event, pk=delegate_pk)
    form = RequestForm(request.POST)
    back = back_url(request, reverse("events:requests", args=[event.pk]))
    if not form.is_valid():
        messages.error(request, _("Check the request form."))
        return redirect(back)
    return run_action(
        request,
        lambda: services.request_create(
            user=request.user,
            event=event,
            recipient=recipient,
            priority=form.cleaned_data["priority"],
            message=form.cleaned_data["message"],
        ),
        done=_("Your request was sent."),
        then=back,
    )


@login_required
def requests_page(request: HttpRequest, pk: int) -> HttpResponse:
    context = event_context(request, pk)
    shown = selectors.requests_of(user=request.user, event=context["event"])
    scope = context["scope"]
    for req in shown["incoming"] + shown["outgoing"]:
        req.actions = scope.request_actions(req)  # type: ignore[attr-defined]
        if "edit" in req.actions:  # type: ignore[attr-defined]
            req.form = RequestForm(  # type: ignore[attr-defined]
                initial={"priority": req.priority, "message": req.message}, prefix=f"r{req.pk}"
            )
    context |= shown
    return render(request, "events/requests.html", context)


@login_required
@require_POST
def request_answer(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    req = selectors.request_get_for_party(user=request.user, pk=request_pk)
    accept = request.POST.get("accept") == "1"
    return run_action(
        request,
        lambda: services.request_answer(user=request.user, request=req, accept=accept),
        done=_("Accepted.") if accept else _("Declined."),
        then=reverse("events:requests", args=[pk]),
    )


@login_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    req = selectors.request_get_for_party(user=request.user, pk=request_pk)
    return run_action(
        request,
        lambda: services.request_withdraw(user=request.user, request=req),
        done=_("Your request was withdrawn."),
        then=reverse("events:requests", args=[pk]),
    )


@login_required
@require_POST
def request_edit(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    req = selectors.request_get_for_party(user=request.user, pk=request_pk)
    form = RequestForm(request.POST, prefix=f"r{req.pk}")
    back = reverse("events:requests", args=[pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    return run_action(
        request,
        lambda: services.request_edit(
            user=request.user,
            request=req,
            priority=form.cleaned_data["priority"],
            message=form.cleaned_data["message"],
        ),
        done=_("Your request was updated."),
        then=back,
    )
