"""A delegate's settings and agenda (HTML, PDF, ICS), and the actions on a meeting."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from karsaz.core.actions import run_action
from karsaz.events import documents, selectors, services
from karsaz.events.forms import DelegateSettingsForm, FollowUpForm, MoveForm, RatingForm
from karsaz.events.models import Meeting
from karsaz.events.views.common import back_url, event_context


@login_required
@require_http_methods(["GET", "POST"])
def delegate_settings(request: HttpRequest, pk: int) -> HttpResponse:
    context = event_context(request, pk)
    delegate = context["delegate"]
    if delegate is None:
        messages.error(request, _("You are not a delegate at this event."))
        return redirect("events:event_detail", pk=pk)
    form = DelegateSettingsForm(
        request.POST or None,
        event=context["event"],
        initial={"max_meetings": delegate.max_meetings, "unavailable": delegate.unavailable.all()},
    )
    context["form"] = form

    def page(status: int = 200) -> HttpResponse:
        return render(request, "events/delegate_settings.html", context, status=status)

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.delegate_update(
            user=request.user,
            delegate=delegate,
            max_meetings=form.cleaned_data["max_meetings"],
            unavailable=list(form.cleaned_data["unavailable"]),
        ),
        done=_("Saved."),
        then=reverse("events:event_detail", args=[pk]),
        form=form,
        rerender=page,
    )


@login_required
def agenda(request: HttpRequest, pk: int, delegate_pk: int | None = None) -> HttpResponse:
    context = event_context(request, pk)
    delegate = (
        selectors.delegate_get(user=request.user, pk=delegate_pk)
        if delegate_pk
        else context["delegate"]
    )
    if delegate is None or delegate.event_id != context["event"].pk:
        messages.error(request, _("You are not a delegate at this event."))
        return redirect("events:event_detail", pk=pk)
    meetings = selectors.agenda(user=request.user, delegate=delegate)
    fmt = request.GET.get("format")
    if fmt == "pdf":
        response = HttpResponse(documents.agenda_pdf(delegate, meetings), "application/pdf")
        response["Content-Disposition"] = f'inline; filename="agenda-{delegate.pk}.pdf"'
        return response
    if fmt == "ics":
        response = HttpResponse(
            documents.agenda_ics(delegate, meetings), "text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="agenda-{delegate.pk}.ics"'
        return response
    rated, followed = selectors.agenda_marks(delegate=delegate, meetings=meetings)
    scope, now = context["scope"], timezone.now()
    rows = [
        {
            "meeting": m,
            "partner": documents.other_side(m, delegate),
            "mine": delegate.user_id == request.user.pk,
            "started": m.slot is not None and m.slot.starts_at <= now,
            "actions": scope.allowed_actions(m, now=now),
            "rated": m.pk in rated,
            "followed": m.pk in followed,
        }
        for m in meetings
    ]
    context |= {
        "shown": delegate,
        "rows": rows,
        "today": timezone.localdate(),
        "rating_form": RatingForm(),
        "follow_up_form": FollowUpForm(),
    }
    return render(request, "events/agenda.html", context)


@login_required
def meeting_ics(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=meeting_pk)
    # An unscheduled meeting has no time to put in a calendar; the event must be the URL's.
    if meeting.slot is None or meeting.event_id != pk:
        raise Http404
    viewer = selectors.my_delegate(user=request.user, event=meeting.event)
    response = HttpResponse(
        documents.meeting_ics(meeting, viewer=viewer), "text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


# The meeting actions a page posts: the form to validate (or none) and the service call.
Call = Callable[[HttpRequest, Meeting, dict[str, Any]], Any]


def _cancel(request: HttpRequest, meeting: Meeting, data: dict[str, Any]) -> Any:
    return services.meeting_cancel(user=request.user, meeting=meeting)


def _held(request: HttpRequest, meeting: Meeting, data: dict[str, Any]) -> Any:
    held = request.POST.get("held") == "1"
    return services.meeting_report_held(user=request.user, meeting=meeting, held=held)


def _mark(request: HttpRequest, meeting: Meeting, data: dict[str, Any]) -> Any:
    held = request.POST.get("held") == "1"
    return services.meeting_mark(user=request.user, meeting=meeting, held=held)


def _rate(request: HttpRequest, meeting: Meeting, data: dict[str, Any]) -> Any:
    return services.meeting_rate(user=request.user, meeting=meeting, **data)


def _follow_up(request: HttpRequest, meeting: Meeting, data: dict[str, Any]) -> Any:
    return services.follow_up_answer(user=request.user, meeting=meeting, answer=data["answer"])


def _move(request: HttpRequest, meeting: Meeting, data: dict[str, Any]) -> Any:
    event = meeting.event
    return services.meeting_move(
        user=request.user,
        meeting=meeting,
        slot=selectors.event_slot(event=event, pk=data["slot"]),
        table=selectors.event_table(event=event, pk=data["table"]),
    )


MEETING_VIEW_ACTIONS: dict[str, tuple[type[forms.Form] | None, Call, Any]] = {
    "cancel": (None, _cancel, gettext_lazy("The meeting was cancelled.")),
    "held": (None, _held, gettext_lazy("Thank you, noted.")),
    "mark": (None, _mark, gettext_lazy("The meeting's outcome was recorded.")),
    "rate": (RatingForm, _rate, gettext_lazy("Thank you for the rating.")),
    "follow-up": (FollowUpForm, _follow_up, gettext_lazy("Thank you, noted.")),
    "move": (MoveForm, _move, gettext_lazy("The meeting was moved.")),
}


@login_required
@require_POST
def meeting_action(request: HttpRequest, pk: int, meeting_pk: int, action: str) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=meeting_pk)
    back = back_url(request, reverse("events:agenda", args=[pk]))
    entry = MEETING_VIEW_ACTIONS.get(action)
    form = entry[0](request.POST) if entry and entry[0] else None
    if entry is None or (form is not None and not form.is_valid()):
        messages.error(request, _("Check the form."))
        return redirect(back)
    _form_class, call, done = entry
    data = form.cleaned_data if form is not None else {}
    return run_action(request, lambda: call(request, meeting, data), done=str(done), then=back)
