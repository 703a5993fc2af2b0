"""Thin views: parse, call a service or selector, render (htmx partials where it helps)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from karsaz.accounts.models import User
from karsaz.core.forms import apply_errors
from karsaz.core.listing import list_response, page_of, query_without_page
from karsaz.events import documents, scheduling, selectors, services
from karsaz.events.choices import MeetingStatus, ParticipantStatus
from karsaz.events.forms import (
    DealForm,
    DelegateSettingsForm,
    EventForm,
    FollowUpForm,
    MoveForm,
    RatingForm,
    RegisterForm,
    RequestForm,
    RunForm,
)
from karsaz.events.models import (
    Deal,
    Delegate,
    FollowUp,
    MeetingRating,
    Participant,
    Slot,
    Table,
)
from karsaz.events.permissions import can_create_event, is_organizer, require
from karsaz.events.suggestions import suggest_partners
from karsaz.registry.choices import MembershipRole
from karsaz.registry.models import Enterprise

SCHEDULE_PAGE_SIZE = 50  # meetings per page of the organizer's table


def _errors_to_messages(request: HttpRequest, exc: ValidationError) -> None:
    for field_messages in exc.message_dict.values():
        for message in field_messages:
            messages.error(request, message)


def _act(request: HttpRequest, action: Callable[[], Any], done: str, back: str) -> HttpResponse:
    """Run a service; on a validation error show its messages; then return to `back`."""
    try:
        action()
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, done)
    return redirect(back)


def _pk(value: Any) -> int:
    """A posted id, or 0 (which matches nothing) when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else fallback


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
            "can_create": can_create_event(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    require(can_create_event(request.user), _("Only agency staff may create events."))
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                user=request.user,
                data=form.service_data(),
                tables=form.cleaned_data["tables"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The event was created."))
            return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form})


def _event_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    event = selectors.event_get(user=request.user, pk=pk)
    delegate = selectors.my_delegate(user=request.user, event=event)
    return {
        "event": event,
        "delegate": delegate,
        "organizer": is_organizer(request.user, event),
        "approved": bool(delegate and delegate.participant.status == ParticipantStatus.APPROVED),
    }


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _event_context(request, pk)
    event = context["event"]
    user: Any = request.user
    manageable = Enterprise.objects.filter(
        memberships__user=user,
        memberships__role__in=[MembershipRole.OWNER, MembershipRole.MANAGER],
    ).exclude(event_participations__event=event)
    context.update(
        {
            "can_register": event.registration_open and manageable.exists(),
            "slots": event.slots.all(),
            "tables": event.tables.count(),
            "counts": {
                "participants": event.participants.filter(
                    status=ParticipantStatus.APPROVED
                ).count(),
                "pending": event.participants.filter(status=ParticipantStatus.PENDING).count(),
                "meetings": event.meetings.filter(status=MeetingStatus.SCHEDULED).count(),
            },
        }
    )
    return render(request, "events/event_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    user: Any = request.user
    enterprises = Enterprise.objects.filter(
        memberships__user=user,
        memberships__role__in=[MembershipRole.OWNER, MembershipRole.MANAGER],
    ).distinct()
    people = User.objects.filter(memberships__enterprise__in=enterprises).distinct()
    form = RegisterForm(
        request.POST or None,
        enterprises=enterprises,
        people=people,
        initial={"delegates": [request.user.pk], "enterprise": enterprises.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_register(
                user=request.user,
                event=event,
                enterprise=form.cleaned_data["enterprise"],
                delegates=list(form.cleaned_data["delegates"]),
                looking_for=form.cleaned_data["looking_for"],
                offering=form.cleaned_data["offering"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Registered. The organizers will review it."))
            return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/register.html", {"event": event, "form": form})


@login_required
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    rows = selectors.catalogue(user=request.user, event=event)
    return render(request, "events/participants.html", {"event": event, "rows": rows})


@login_required
@require_POST
def participant_decide(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    participant = get_object_or_404(Participant, pk=participant_pk, event=event)
    services.participant_decide(
        user=request.user, participant=participant, approve=request.POST.get("approve") == "1"
    )
    if request.htmx:  # type: ignore[attr-defined]
        participant = selectors.participant_get(user=request.user, event=event, pk=participant.pk)
        return render(
            request, "events/partials/participant_row.html", {"p": participant, "event": event}
        )
    return redirect("events:participants", pk=event.pk)


@login_required
def catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    context = _event_context(request, pk)
    event = context["event"]
    q = request.GET.get("q", "")
    rows = selectors.catalogue(user=request.user, event=event, q=q).filter(
        status=ParticipantStatus.APPROVED
    )
    delegate = context["delegate"]
    if delegate is not None:
        rows = rows.exclude(pk=delegate.participant_id)
    context.update(
        {
            "rows": rows,
            "q": q,
            "suggestions": suggest_partners(delegate.participant)
            if context["approved"] and delegate
            else [],
            "request_form": RequestForm(),
        }
    )
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "events/partials/catalogue_rows.html", context)
    return render(request, "events/catalogue.html", context)


@login_required
def participant_detail(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    context = _event_context(request, pk)
    participant = selectors.participant_get(
        user=request.user, event=context["event"], pk=participant_pk
    )
    context.update(
        {
            "p": participant,
            "request_form": RequestForm(),
            "exchange": selectors.participant_exchange(user=request.user, participant=participant),
        }
    )
    return render(request, "events/participant_detail.html", context)


@login_required
@require_POST
def request_create(request: HttpRequest, pk: int, delegate_pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    recipient = get_object_or_404(Delegate, pk=delegate_pk, event=event)
    form = RequestForm(request.POST)
    back = _back(request, reverse("events:requests", args=[event.pk]))
    if not form.is_valid():
        messages.error(request, _("Check the request form."))
        return redirect(back)
    return _act(
        request,
        lambda: services.request_create(
            user=request.user,
            event=event,
            recipient=recipient,
            priority=form.cleaned_data["priority"],
            message=form.cleaned_data["message"],
        ),
        _("Your request was sent."),
        back,
    )


@login_required
def requests_page(request: HttpRequest, pk: int) -> HttpResponse:
    context = _event_context(request, pk)
    context.update(selectors.requests_of(user=request.user, event=context["event"]))
    return render(request, "events/requests.html", context)


@login_required
@require_POST
def request_answer(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    req = selectors.request_get_for_party(user=request.user, pk=request_pk)
    accept = request.POST.get("accept") == "1"
    return _act(
        request,
        lambda: services.request_answer(user=request.user, request=req, accept=accept),
        _("Accepted.") if accept else _("Declined."),
        reverse("events:requests", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegate_settings(request: HttpRequest, pk: int) -> HttpResponse:
    context = _event_context(request, pk)
    delegate = context["delegate"]
    if delegate is None:
        messages.error(request, _("You are not a delegate at this event."))
        return redirect("events:event_detail", pk=pk)
    form = DelegateSettingsForm(
        request.POST or None,
        event=context["event"],
        initial={"max_meetings": delegate.max_meetings, "unavailable": delegate.unavailable.all()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.delegate_update(
                user=request.user,
                delegate=delegate,
                max_meetings=form.cleaned_data["max_meetings"],
                unavailable=list(form.cleaned_data["unavailable"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("events:event_detail", pk=pk)
    context["form"] = form
    return render(request, "events/delegate_settings.html", context)


@login_required
def agenda(request: HttpRequest, pk: int, delegate_pk: int | None = None) -> HttpResponse:
    context = _event_context(request, pk)
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
    rated = set(
        MeetingRating.objects.filter(delegate=delegate, meeting__in=meetings).values_list(
            "meeting_id", flat=True
        )
    )
    followed = set(
        FollowUp.objects.filter(delegate=delegate, meeting__in=meetings).values_list(
            "meeting_id", flat=True
        )
    )
    rows = [
        {
            "meeting": m,
            "partner": documents.other_side(m, delegate),
            "mine": delegate.user_id == request.user.pk,
            "started": m.slot is not None and m.slot.starts_at <= timezone.now(),
            "rated": m.pk in rated,
            "followed": m.pk in followed,
        }
        for m in meetings
    ]
    context.update(
        {
            "shown": delegate,
            "rows": rows,
            "today": timezone.localdate(),
            "rating_form": RatingForm(),
            "follow_up_form": FollowUpForm(),
        }
    )
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


@login_required
@require_POST
def meeting_action(request: HttpRequest, pk: int, meeting_pk: int, action: str) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=meeting_pk)
    back = _back(request, reverse("events:agenda", args=[pk]))
    user = request.user
    if action == "cancel":
        return _act(
            request,
            lambda: scheduling.meeting_cancel(user=user, meeting=meeting),
            _("The meeting was cancelled."),
            back,
        )
    if action == "held":
        held = request.POST.get("held") == "1"
        return _act(
            request,
            lambda: services.meeting_report_held(user=user, meeting=meeting, held=held),
            _("Thank you, noted."),
            back,
        )
    if action == "rate":
        form = RatingForm(request.POST)
        if form.is_valid():
            return _act(
                request,
                lambda: services.meeting_rate(user=user, meeting=meeting, **form.cleaned_data),
                _("Thank you for the rating."),
                back,
            )
    if action == "follow-up":
        form2 = FollowUpForm(request.POST)
        if form2.is_valid():
            return _act(
                request,
                lambda: services.follow_up_answer(
                    user=user, meeting=meeting, answer=form2.cleaned_data["answer"]
                ),
                _("Thank you, noted."),
                back,
            )
    if action == "move":
        form3 = MoveForm(request.POST)
        if form3.is_valid():
            slot = get_object_or_404(Slot, pk=form3.cleaned_data["slot"], event=meeting.event)
            table = get_object_or_404(Table, pk=form3.cleaned_data["table"], event=meeting.event)
            return _act(
                request,
                lambda: scheduling.meeting_move(user=user, meeting=meeting, slot=slot, table=table),
                _("The meeting was moved."),
                back,
            )
    messages.error(request, _("Check the form."))
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheduling.schedule_run_start(
                user=request.user, event=event, time_limit_s=form.cleaned_data["time_limit_s"]
            )
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        return redirect("events:schedule", pk=pk)
    meetings = selectors.organizer_meetings(user=request.user, event=event).exclude(
        status=MeetingStatus.CANCELLED
    )
    page = page_of(request, meetings, per_page=SCHEDULE_PAGE_SIZE)
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
    count = scheduling.schedule_publish(user=request.user, event=event)
    messages.success(request, _("{n} meetings published.").format(n=count))
    return redirect("events:schedule", pk=pk)


@login_required
def table_signs(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    meetings = selectors.organizer_meetings(user=request.user, event=event).filter(
        status__in=[MeetingStatus.SCHEDULED, MeetingStatus.HELD]
    )
    by_table: dict[Any, list[Any]] = {t: [] for t in event.tables.all()}
    for m in meetings:
        by_table.setdefault(m.table, []).append(m)
    return render(request, "events/table_signs.html", {"event": event, "by_table": by_table})


@login_required
@require_http_methods(["GET", "POST"])
def event_day(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_for_organizer(user=request.user, pk=pk)
    if request.method == "POST":
        if "check_in" in request.POST:
            delegate = get_object_or_404(Delegate, pk=_pk(request.POST["check_in"]), event=event)
            services.delegate_check_in(user=request.user, delegate=delegate)
            messages.success(request, _("{name} checked in.").format(name=delegate.user))
        else:
            try:
                scheduling.meeting_walk_in(
                    user=request.user,
                    event=event,
                    requester=get_object_or_404(
                        Delegate, pk=_pk(request.POST.get("a")), event=event
                    ),
                    recipient=get_object_or_404(
                        Delegate, pk=_pk(request.POST.get("b")), event=event
                    ),
                    slot=get_object_or_404(Slot, pk=_pk(request.POST.get("slot")), event=event),
                    table=get_object_or_404(Table, pk=_pk(request.POST.get("table")), event=event),
                )
            except ValidationError as exc:
                _errors_to_messages(request, exc)
            else:
                messages.success(request, _("The walk-in meeting was booked."))
        return redirect("events:event_day", pk=pk)
    delegates = (
        Delegate.objects.filter(event=event, participant__status=ParticipantStatus.APPROVED)
        .select_related("user", "participant__enterprise")
        .order_by("participant__enterprise__name_fa")
    )
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


@login_required
@require_http_methods(["GET", "POST"])
def deals(request: HttpRequest, pk: int) -> HttpResponse:
    context = _event_context(request, pk)
    event = context["event"]
    enterprises = Enterprise.objects.filter(
        event_participations__event=event,
        event_participations__status=ParticipantStatus.APPROVED,
    )
    form = DealForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.deal_record(
                user=request.user, event=event, parties=list(data.pop("parties")), **data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The deal was recorded."))
            return redirect("events:deals", pk=pk)
    visible = event.deals.prefetch_related("parties", "confirmed_parties")
    member: Any = request.user
    managed = set(
        member.memberships.filter(
            role__in=(MembershipRole.OWNER, MembershipRole.MANAGER)
        ).values_list("enterprise_id", flat=True)
    )
    if not context["organizer"]:
        mine = member.memberships.values_list("enterprise_id", flat=True)
        visible = visible.filter(parties__in=mine).distinct()
    rows = list(visible)
    for deal in rows:  # a party of mine that has not confirmed yet: offer the button
        parties = {p.pk for p in deal.parties.all()}
        done = {p.pk for p in deal.confirmed_parties.all()}
        deal.can_confirm = bool((parties & managed) - done)  # type: ignore[attr-defined]
    context.update({"form": form, "deals": rows})
    return render(request, "events/deals.html", context)


@login_required
@require_POST
def deal_confirm(request: HttpRequest, pk: int, deal_pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    deal = get_object_or_404(Deal, pk=deal_pk, event=event)
    try:
        services.deal_confirm(user=request.user, deal=deal)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You confirmed the deal."))
    return redirect("events:deals", pk=pk)


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
    rows = list(selectors.notifications(user=request.user)[:100])
    selectors.notifications(user=request.user).filter(read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return render(request, "events/notifications.html", {"rows": rows})
