"""The event list, creation, the event page, registration, the report and notifications."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from karsaz.accounts.scope import require
from karsaz.core.actions import run_action
from karsaz.events import selectors, services
from karsaz.events.forms import EventForm, RegisterForm
from karsaz.events.permissions import EventScope
from karsaz.events.views.common import event_context


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    events = selectors.event_list(user=request.user)
    today = timezone.localdate()
    return render(
        request,
        "events/event_list.html",
        {
            "upcoming": [e for e in events if e.ends_on >= today],
            "past": [e for e in events if e.ends_on < today],
            "can_create": EventScope(request.user).can_create_event(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    require(EventScope(request.user).can_create_event(), _("Only agency staff may create events."))
    form = EventForm(request.POST or None)

    def page(status: int = 200) -> HttpResponse:
        return render(request, "events/event_form.html", {"form": form}, status=status)

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.event_create(
            user=request.user, data=form.service_data(), tables=form.cleaned_data["tables"]
        ),
        done=_("The event was created."),
        then=lambda event: reverse("events:event_detail", args=[event.pk]),
        form=form,
        rerender=page,
    )


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = event_context(request, pk)
    event = context["event"]
    manageable = selectors.enterprises_to_register(user=request.user, event=event)
    context |= {
        "can_register": event.registration_open and manageable.exists(),
        "slots": event.slots.all(),
        "tables": event.tables.count(),
        "counts": selectors.event_counts(event=event),
    }
    return render(request, "events/event_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    enterprises = selectors.enterprises_managed(user=request.user)
    form = RegisterForm(
        request.POST or None,
        enterprises=enterprises,
        people=selectors.people_of(enterprises=enterprises),
        initial={"delegates": [request.user.pk], "enterprise": enterprises.first()},
    )

    def page(status: int = 200) -> HttpResponse:
        return render(
            request, "events/register.html", {"event": event, "form": form}, status=status
        )

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.participant_register(
            user=request.user,
            event=event,
            enterprise=form.cleaned_data["enterprise"],
            delegates=list(form.cleaned_data["delegates"]),
            looking_for=form.cleaned_data["looking_for"],
            offering=form.cleaned_data["offering"],
        ),
        done=_("Registered. The organizers will review it."),
        then=reverse("events:event_detail", args=[event.pk]),
        form=form,
        rerender=page,
    )


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    return render(
        request,
        "events/report.html",
        {"event": event, "report": selectors.event_report(user=request.user, event=event)},
    )


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The events' old notification page: notifications now live in one list for every module."""
    return redirect("notifications:list")
