"""The organizers' scheduling pages: runs, the meeting table, publishing, table signs."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from karsaz.core.actions import run_action
from karsaz.core.listing import list_response, page_of, query_without_page
from karsaz.events import selectors, services
from karsaz.events.forms import RunForm
from karsaz.events.permissions import EventScope

SCHEDULE_PAGE_SIZE = 50  # meetings per page of the organizer's table


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return run_action(
            request,
            lambda: services.schedule_run_start(
                user=request.user, event=event, time_limit_s=form.cleaned_data["time_limit_s"]
            ),
            done=None,
            then=reverse("events:schedule", args=[pk]),
        )
    page = page_of(
        request,
        selectors.schedule_meetings(user=request.user, event=event),
        per_page=SCHEDULE_PAGE_SIZE,
    )
    scope = EventScope(request.user)
    for m in page.object_list:
        m.actions = scope.allowed_actions(m)
    return list_response(
        request,
        template="events/schedule.html",
        partial_template="events/partials/meeting_table.html",
        context={
            "event": event,
            "form": form,
            "run": selectors.runs(user=request.user, event=event).first(),
            "meetings": page.object_list,
            "page": page,
            "query": query_without_page(request),
            "slots": event.slots.all(),
            "tables": event.tables.all(),
        },
    )


@login_required
def run_progress(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=run_pk)
    response = render(
        request, "events/partials/run_progress.html", {"run": run, "event": run.event}
    )
    if run.finished and request.GET.get("poll"):
        response["HX-Refresh"] = "true"  # the meeting table below is now stale
    return response


@login_required
@require_POST
def schedule_publish(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    count = services.schedule_publish(user=request.user, event=event)
    messages.success(request, _("{n} meetings published.").format(n=count))
    return redirect("events:schedule", pk=pk)


@login_required
def table_signs(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    by_table: dict[Any, list[Any]] = {t: [] for t in event.tables.all()}
    for m in selectors.placed_meetings(user=request.user, event=event):
        by_table.setdefault(m.table, []).append(m)
    return render(request, "events/table_signs.html", {"event": event, "by_table": by_table})
