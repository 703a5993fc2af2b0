"""Registrations (the organizers' list and decisions) and the delegates' catalogue."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from karsaz.core.listing import filtered_page, list_response, page_of, query_without_page
from karsaz.events import selectors, services
from karsaz.events.filters import CatalogueFilter
from karsaz.events.forms import RequestForm
from karsaz.events.permissions import EventScope
from karsaz.events.suggestions import suggest_partners
from karsaz.events.views.common import event_context

CATALOGUE_PAGE_SIZE = 48
PARTICIPANTS_PAGE_SIZE = 50  # registrations per page of the organizers' list


@login_required
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    scope = EventScope(request.user)
    page = page_of(
        request,
        selectors.registrations(user=request.user, event=event),
        per_page=PARTICIPANTS_PAGE_SIZE,
    )
    for p in page.object_list:
        p.actions = scope.participant_actions(p)
    return list_response(
        request,
        template="events/participants.html",
        partial_template="events/partials/participant_table.html",
        context={"event": event, "page": page, "query": query_without_page(request)},
    )


@login_required
@require_POST
def participant_decide(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    participant = selectors.event_participant(event=event, pk=participant_pk)
    services.participant_decide(
        user=request.user, participant=participant, approve=request.POST.get("approve") == "1"
    )
    if request.htmx:  # type: ignore[attr-defined]
        participant = selectors.participant_get(user=request.user, event=event, pk=participant.pk)
        participant.actions = EventScope(request.user).participant_actions(participant)  # type: ignore[attr-defined]
        return render(
            request, "events/partials/participant_row.html", {"p": participant, "event": event}
        )
    return redirect("events:participants", pk=event.pk)


@login_required
def catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    context = event_context(request, pk)
    event = context["event"]
    delegate = context["delegate"]
    filterset = CatalogueFilter(
        request.GET,
        queryset=selectors.partner_catalogue(user=request.user, event=event, delegate=delegate),
    )
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    context |= {
        "suggestions": suggest_partners(delegate.participant)
        if context["approved"] and delegate and not htmx
        else [],
        "request_form": RequestForm(),
    }
    return filtered_page(
        request,
        filterset,
        per_page=CATALOGUE_PAGE_SIZE,
        template="events/catalogue.html",
        partial_template="events/partials/catalogue_rows.html",
        extra_context=context,
    )


@login_required
def participant_detail(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    context = event_context(request, pk)
    participant = selectors.participant_get(
        user=request.user, event=context["event"], pk=participant_pk
    )
    context |= {
        "p": participant,
        "request_form": RequestForm(),
        "exchange": selectors.participant_exchange(user=request.user, participant=participant),
    }
    return render(request, "events/participant_detail.html", context)
