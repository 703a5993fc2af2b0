"""The event day desk: check-in (badge scan or search), the live counter, walk-in meetings,
and the delegates' printable badges."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from karsaz.core.actions import run_action
from karsaz.events import badges as badge_codes
from karsaz.events import selectors, services
from karsaz.events.models import Delegate, Event
from karsaz.events.views.common import event_context, posted_pk


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


def _checked_in_message(request: HttpRequest, delegate: Delegate, before: bool) -> None:
    name = delegate.user.display_name
    if before:
        messages.info(request, _("{name} had already checked in.").format(name=name))
    else:
        messages.success(request, _("{name} checked in.").format(name=name))


def _scan(request: HttpRequest, event: Event) -> HttpResponse:
    token = request.POST.get("token", "")
    return run_action(
        request,
        lambda: _checked_in_message(
            request,
            *services.delegate_check_in_by_badge(user=request.user, event=event, token=token),
        ),
        done=None,
        then=reverse("events:event_day", args=[event.pk]),
    )


def _check_in(request: HttpRequest, event: Event) -> HttpResponse:
    delegate = selectors.event_delegate(event=event, pk=posted_pk(request.POST["check_in"]))
    before = delegate.checked_in_at is not None
    then = reverse("events:event_day", args=[event.pk])
    if q := request.POST.get("q", "").strip():
        then = f"{then}?{urlencode({'q': q})}"
    return run_action(
        request,
        lambda: _checked_in_message(
            request, services.delegate_check_in(user=request.user, delegate=delegate), before
        ),
        done=None,
        then=then,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_day(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    if request.method == "POST":
        if "token" in request.POST:
            return _scan(request, event)
        if "check_in" in request.POST:
            return _check_in(request, event)
        return _walk_in(request, event)
    q = request.GET.get("q", "")
    delegates = list(selectors.checkin_list(user=request.user, event=event, q=q))
    context = {"event": event, "delegates": delegates, "q": q}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "events/partials/checkin_rows.html", context)
    everyone = delegates if not q else list(selectors.checkin_list(user=request.user, event=event))
    context |= {
        "counts": selectors.checkin_counts(user=request.user, event=event),
        "checked_in": [d for d in everyone if d.checked_in_at],
        "slots": event.slots.all(),
        "tables": event.tables.all(),
    }
    return render(request, "events/event_day.html", context)


@login_required
def checkin_counter(request: HttpRequest, pk: int) -> HttpResponse:
    """The live counter, polled by the desk page (htmx)."""
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    return render(
        request,
        "events/partials/checkin_counter.html",
        {"event": event, "counts": selectors.checkin_counts(user=request.user, event=event)},
    )


@login_required
def badges(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable badges with the check-in QR code: all of them for organizers, one's own for a
    delegate."""
    context = event_context(request, pk)
    rows = selectors.badges(user=request.user, event=context["event"], delegate=context["delegate"])
    for row in rows:
        row["qr"] = badge_codes.qr_svg(row["token"])
    context["badges"] = rows
    return render(request, "events/badges.html", context)
