"""The event day desk: check-in and walk-in meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from karsaz.core.actions import run_action
from karsaz.events import selectors, services
from karsaz.events.models import Event
from karsaz.events.views.common import posted_pk


def _walk_in(request: HttpRequest, event: Event) -> HttpResponse:
    post = request.POST
    requester = selectors.event_delegate(event=event, pk=posted_pk(post.get("a")))
    recipient = selectors.event_delegate(event=event, pk=posted_pk(post.get("b")))
    slot = selectors.event_slot(event=event, pk=posted_pk(post.get("slot")))
    table = selectors.event_table(event=event, pk=posted_pk(post.get("table")))
    return run_action(
        request,
        lambda: services.meeting_walk_in(
            user=request.user,
            event=event,
            requester=requester,
            recipient=recipient,
            slot=slot,
            table=table,
        ),
        done=_("The walk-in meeting was booked."),
        then=reverse("events:event_day", args=[event.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_day(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    if request.method == "POST":
        if "check_in" not in request.POST:
            return _walk_in(request, event)
        delegate = selectors.event_delegate(event=event, pk=posted_pk(request.POST["check_in"]))
        services.delegate_check_in(user=request.user, delegate=delegate)
        messages.success(request, _("{name} checked in.").format(name=delegate.user))
        return redirect("events:event_day", pk=pk)
    delegates = selectors.checkin_list(user=request.user, event=event)
    return render(
        request,
        "events/event_day.html",
        {
            "event": event,
            "delegates": delegates,
            "checked_in": [d for d in delegates if d.checked_in_at],
            "slots": event.slots.all(),
            "tables": event.tables.all(),
        },
    )
