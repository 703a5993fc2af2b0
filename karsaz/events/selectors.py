"""Reads for events, scoped to the user (`EventScope`). The pages and the API read through
these; they never write (request expiry is the periodic job's, `events/periodic.py`)."""

from collections import Counter, defaultdict
from typing import Any

from django.apps import apps
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.accounts.models import User
from karsaz.accounts.scope import EDITOR_ROLES, require, require_signed_in
from karsaz.core.persian import tokens
from karsaz.events.badges import badge_token
from karsaz.events.choices import DealStatus, MeetingStatus, ParticipantStatus, RequestStatus
from karsaz.events.models import (
    Deal,
    Delegate,
    Event,
    FollowUp,
    Meeting,
    MeetingRating,
    MeetingRequest,
    Participant,
    ScheduleRun,
    Slot,
    Table,
)
from karsaz.events.permissions import EventScope
from karsaz.registry.models import Enterprise

# What a meeting's pages and documents show: its place and both sides.
MEETING_RELATED = (
    "event",
    "slot",
    "table",
    "request__requester__user",
    "request__recipient__user",
    "request__requester__participant__enterprise",
    "request__recipient__participant__enterprise",
)


def meeting_queryset() -> QuerySet[Meeting]:
    """Meetings with their place and both sides loaded (the one `select_related` chain)."""
    return Meeting.objects.select_related(*MEETING_RELATED)


def event_list(*, user: Any) -> QuerySet[Event]:
    require_signed_in(user)
    return Event.objects.select_related("province")


def event_get(*, user: Any, pk: int) -> Event:
    require_signed_in(user)
    return get_object_or_404(Event.objects.select_related("province"), pk=pk)


def event_get_for_organizer(*, user: Any, pk: int) -> Event:
    event = event_get(user=user, pk=pk)
    require(EventScope(user).is_organizer(event))
    return event


def my_delegate(*, user: Any, event: Event) -> Delegate | None:
    if not (user and user.is_authenticated):
        return None
    return (
        Delegate.objects.select_related("participant", "participant__enterprise", "user")
        .filter(event=event, user=user)
        .first()
    )


def catalogue(*, user: Any, event: Event, q: str = "") -> QuerySet[Participant]:
    """Approved participants (organizers also see pending ones), searchable by name."""
    require_signed_in(user)
    qs = Participant.objects.filter(event=event).select_related(
        "enterprise", "enterprise__province", "enterprise__isic"
    )
    if not EventScope(user).is_organizer(event):
        qs = qs.filter(status=ParticipantStatus.APPROVED)
    for token in tokens(q)[:8]:
        qs = qs.filter(
            Q(enterprise__search_text__contains=token)
            | Q(looking_for__icontains=token)
            | Q(offering__icontains=token)
        )
    return qs.prefetch_related("delegates__user")


def registrations(*, user: Any, event: Event) -> QuerySet[Participant]:
    """The organizers' list: every registration, those awaiting a decision first."""
    awaiting = Case(When(status=ParticipantStatus.PENDING, then=0), default=1)
    return catalogue(user=user, event=event).order_by(awaiting, "pk")


def participant_get(*, user: Any, event: Event, pk: int) -> Participant:
    qs = catalogue(user=user, event=event)
    return get_object_or_404(qs, pk=pk)


def participant_exchange(*, user: Any, participant: Participant) -> dict[str, list[Any]]:
    """The participant's technology needs and capabilities the user may see (empty without
    the technology exchange installed): visibility is the exchange's own selectors' call."""
    if not apps.is_installed("karsaz.technology"):
        return {"needs": [], "capabilities": []}
    from karsaz.technology import selectors as technology

    enterprise_id = participant.enterprise_id
    return {
        "needs": list(technology.need_list(user=user).filter(enterprise_id=enterprise_id)[:10]),
        "capabilities": list(
            technology.capability_list(user=user).filter(enterprise_id=enterprise_id)[:10]
        ),
    }


def _shown_expired(requests: list[MeetingRequest]) -> list[MeetingRequest]:
    """Pending requests past their deadline read as expired (the periodic job records it)."""
    now = timezone.now()
    for req in requests:
        if req.status == RequestStatus.PENDING and req.expires_at < now:
            req.status = RequestStatus.EXPIRED
    return requests


def requests_of(*, user: Any, event: Event) -> dict[str, list[MeetingRequest]]:
    """The user's incoming and outgoing requests (messages are theirs to read); a pending
    request past its deadline is shown expired."""
    delegate = my_delegate(user=user, event=event)
    if delegate is None:
        return {"incoming": [], "outgoing": []}
    base = MeetingRequest.objects.select_related(
        "requester__participant__enterprise",
        "recipient__participant__enterprise",
        "requester__user",
        "recipient__user",
    )
    return {
        "incoming": _shown_expired(list(base.filter(recipient=delegate))),
        "outgoing": _shown_expired(list(base.filter(requester=delegate))),
    }


def request_get_for_party(*, user: Any, pk: int) -> MeetingRequest:
    req = get_object_or_404(
        MeetingRequest.objects.select_related("requester", "recipient", "event"), pk=pk
    )
    require(EventScope(user).is_party(req))
    return req


def agenda(*, user: Any, delegate: Delegate) -> list[Meeting]:
    """A delegate's meetings in time order: for the delegate and the organizers."""
    require(delegate.user_id == user.pk or EventScope(user).is_organizer(delegate.event))
    return list(
        meeting_queryset()
        .filter(Q(request__requester=delegate) | Q(request__recipient=delegate), slot__isnull=False)
        .exclude(status=MeetingStatus.UNSCHEDULED)
        .order_by("slot__index")
    )


def delegate_get(*, user: Any, pk: int) -> Delegate:
    delegate = get_object_or_404(
        Delegate.objects.select_related("event", "participant__enterprise", "user"), pk=pk
    )
    require(delegate.user_id == user.pk or EventScope(user).is_organizer(delegate.event))
    return delegate


def meeting_get(*, user: Any, pk: int) -> Meeting:
    meeting = get_object_or_404(meeting_queryset(), pk=pk)
    scope = EventScope(user)
    require(scope.is_party(meeting.request) or scope.is_organizer(meeting.event))
    return meeting


def organizer_meetings(*, user: Any, event: Event) -> QuerySet[Meeting]:
    require(EventScope(user).is_organizer(event))
    return meeting_queryset().filter(event=event).order_by("slot__index", "table_id", "id")


def runs(*, user: Any, event: Event) -> QuerySet[ScheduleRun]:
    require(EventScope(user).is_organizer(event))
    return event.runs.all()


def run_get(*, user: Any, pk: int) -> ScheduleRun:
    run = get_object_or_404(ScheduleRun.objects.select_related("event"), pk=pk)
    require(EventScope(user).is_organizer(run.event))
    return run


def deal_list(*, user: Any) -> QuerySet[Deal]:
    """Deals of the events the user organizes and deals naming one of the user's enterprises."""
    scope = EventScope(user)
    require_signed_in(user)
    mine = list(user.memberships.values_list("enterprise_id", flat=True))
    return (
        Deal.objects.filter(Q(event_id__in=organized_event_ids(scope)) | Q(parties__in=mine))
        .distinct()
        .prefetch_related("parties", "confirmed_parties")
        .order_by("-signed_on", "-id")
    )


def held_q(now: Any = None) -> Q:
    """Meetings that took place: marked held, or still scheduled when both delegates checked
    in and the slot has ended (held unless someone marks it otherwise)."""
    return Q(status=MeetingStatus.HELD) | Q(
        status=MeetingStatus.SCHEDULED,
        slot__ends_at__lte=now or timezone.now(),
        request__requester__checked_in_at__isnull=False,
        request__recipient__checked_in_at__isnull=False,
    )


# Placed on the schedule and not cancelled: scheduled, held or a no-show.
PLACED_Q = Q(slot__isnull=False) & Q(
    status__in=[MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW]
)


def with_outcome(meetings: QuerySet[Meeting], now: Any = None) -> QuerySet[Meeting]:
    """Meetings annotated `took_place` by `held_q` (the one rule the figures use)."""
    return meetings.annotate(
        took_place=Case(
            When(held_q(now), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def meeting_figures(event: Event, now: Any = None) -> dict[str, Any]:
    """The event's meeting figures, one query each for requests and meetings: the overview
    and the report both show these, so they agree."""
    req = MeetingRequest.objects.filter(event=event).aggregate(
        requested=Count("pk"),
        # Accepted at some point: it has a meeting (a cancelled one's request reads withdrawn).
        accepted=Count("pk", filter=Q(meeting__isnull=False)),
    )
    met = Meeting.objects.filter(event=event).aggregate(
        scheduled=Count("pk", filter=PLACED_Q),
        held=Count("pk", filter=PLACED_Q & held_q(now)),
        no_shows=Count("pk", filter=PLACED_Q & Q(status=MeetingStatus.NO_SHOW)),
        cancelled=Count("pk", filter=Q(status=MeetingStatus.CANCELLED)),
    )
    reported = met["held"] + met["no_shows"]
    return {
        **req,
        **met,
        "no_show_rate": (met["no_shows"] / reported) if reported else None,
    }


def event_report(*, user: Any, event: Event) -> dict[str, Any]:
    """Registrations, meetings requested/scheduled/held, no-show rate, deals; by day and sector."""
    require(EventScope(user).is_organizer(event))
    now = timezone.now()
    participants = Participant.objects.filter(event=event).select_related("enterprise__isic")
    placed = list(
        with_outcome(Meeting.objects.filter(PLACED_Q, event=event), now).select_related(
            "slot", "request__requester__participant__enterprise__isic__parent"
        )
    )
    # Only deals every party confirmed count; the others are shown as awaiting confirmation.
    all_deals = Deal.objects.filter(event=event)
    deals = all_deals.filter(status=DealStatus.CONFIRMED)

    def sector_of(enterprise: Any) -> str:
        isic = enterprise.isic
        if isic is None:
            return "—"
        section = isic.parent if isic.parent_id else isic
        return section.title_fa if section else "—"

    by_day: dict[Any, Counter[str]] = defaultdict(Counter)
    by_sector: dict[str, Counter[str]] = defaultdict(Counter)
    for m in placed:
        sector = sector_of(m.request.requester.participant.enterprise)
        for bucket in (by_day[m.slot.day], by_sector[sector]):  # type: ignore[union-attr]
            bucket["scheduled"] += 1
            bucket["held"] += bool(m.took_place)  # type: ignore[attr-defined]
            bucket["no_show"] += m.status == MeetingStatus.NO_SHOW
    for p in participants:
        by_sector[sector_of(p.enterprise)]["registrations"] += 1
    deal_sectors = deals.prefetch_related("parties__isic__parent")
    for deal in deal_sectors:
        first = next(iter(deal.parties.all()), None)
        if first is not None:
            by_sector[sector_of(first)]["deals"] += 1
            by_sector[sector_of(first)]["value"] += deal.value_rials
        by_day[deal.signed_on]["deals"] += 1
        by_day[deal.signed_on]["value"] += deal.value_rials
    figures = meeting_figures(event, now)
    return {
        "registrations": participants.count(),
        "approved": participants.filter(status=ParticipantStatus.APPROVED).count(),
        "delegates": Delegate.objects.filter(event=event).count(),
        "checked_in": Delegate.objects.filter(event=event, checked_in_at__isnull=False).count(),
        "requested": figures["requested"],
        "accepted": figures["accepted"],
        "scheduled": figures["scheduled"],
        "held": figures["held"],
        "no_shows": figures["no_shows"],
        "no_show_rate": figures["no_show_rate"],
        "deals": deals.count(),
        "deals_pending": all_deals.filter(status=DealStatus.PENDING).count(),
        "deal_value": deals.aggregate(total=Sum("value_rials"))["total"] or 0,
        "by_day": sorted(({"day": k, **v} for k, v in by_day.items()), key=lambda r: r["day"]),
        "by_sector": sorted(
            ({"sector": k, **v} for k, v in by_sector.items()),
            key=lambda r: (-r.get("scheduled", 0), r["sector"]),
        ),
    }


# Organizer-or-party rows (the API's lists) ---------------------------------------------------


def organized_event_ids(scope: EventScope) -> list[int]:
    """The events the user organizes (national staff: every event)."""
    return [e.pk for e in event_list(user=scope.user) if scope.is_organizer(e)]


def request_list(*, user: Any) -> QuerySet[MeetingRequest]:
    """Requests the user sent or received, and the requests of the events the user organizes
    (their message is redacted by `EventScope.hidden_fields`)."""
    require_signed_in(user)
    organized = organized_event_ids(EventScope(user))
    return MeetingRequest.objects.filter(
        Q(requester__user=user) | Q(recipient__user=user) | Q(event_id__in=organized)
    ).select_related(
        "requester__participant__enterprise",
        "recipient__participant__enterprise",
        "requester",
        "recipient",
    )


def run_list(*, user: Any) -> QuerySet[ScheduleRun]:
    """Scheduling runs of the events the user organizes."""
    require_signed_in(user)
    return ScheduleRun.objects.filter(event_id__in=organized_event_ids(EventScope(user)))


# What the pages show -----------------------------------------------------------------------


def enterprises_managed(*, user: Any) -> QuerySet[Enterprise]:
    """Enterprises the user may act for (owner or manager)."""
    return Enterprise.objects.filter(
        memberships__user=user, memberships__role__in=EDITOR_ROLES
    ).distinct()


def enterprises_to_register(*, user: Any, event: Event) -> QuerySet[Enterprise]:
    """Enterprises the user may act for that are not registered for the event yet."""
    return enterprises_managed(user=user).exclude(event_participations__event=event)


def people_of(*, enterprises: QuerySet[Enterprise]) -> QuerySet[User]:
    """Members of these enterprises (who may be named delegates)."""
    return User.objects.filter(memberships__enterprise__in=enterprises).distinct()


def event_counts(*, event: Event) -> dict[str, Any]:
    """The event page's figures: approved and pending registrations, and the meeting figures
    of the report (`meeting_figures`)."""
    return {
        "participants": event.participants.filter(status=ParticipantStatus.APPROVED).count(),
        "pending": event.participants.filter(status=ParticipantStatus.PENDING).count(),
        **meeting_figures(event),
    }


def event_participant(*, event: Event, pk: int) -> Participant:
    return get_object_or_404(Participant, pk=pk, event=event)


def event_delegate(*, event: Event, pk: int) -> Delegate:
    return get_object_or_404(Delegate, pk=pk, event=event)


def event_slot(*, event: Event, pk: int) -> Slot:
    return get_object_or_404(Slot, pk=pk, event=event)


def event_table(*, event: Event, pk: int) -> Table:
    return get_object_or_404(Table, pk=pk, event=event)


def event_deal(*, event: Event, pk: int) -> Deal:
    return get_object_or_404(Deal, pk=pk, event=event)


def approved_enterprises(*, event: Event) -> QuerySet[Enterprise]:
    """Enterprises approved at the event (the parties a deal may name)."""
    return Enterprise.objects.filter(
        event_participations__event=event,
        event_participations__status=ParticipantStatus.APPROVED,
    )


def agenda_marks(*, delegate: Delegate, meetings: list[Meeting]) -> tuple[set[int], set[int]]:
    """Ids of the meetings the delegate has rated, and has answered the follow-up of."""
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
    return rated, followed


def checkin_list(*, user: Any, event: Event, q: str = "") -> QuerySet[Delegate]:
    """The approved delegates of the event, for the organizers' check-in desk; `q` finds them
    by the person's name or the enterprise's (Persian-normalized, any order of words)."""
    require(EventScope(user).is_organizer(event))
    rows = Delegate.objects.filter(event=event, participant__status=ParticipantStatus.APPROVED)
    for token in tokens(q)[:8]:
        rows = rows.filter(
            Q(participant__enterprise__search_text__contains=token)
            | Q(user__first_name__icontains=token)
            | Q(user__last_name__icontains=token)
            | Q(user__username__icontains=token)
        )
    return rows.select_related("user", "participant__enterprise").order_by(
        "participant__enterprise__name_fa", "id"
    )


def checkin_counts(*, user: Any, event: Event) -> dict[str, int]:
    """The desk's live counter: approved delegates checked in, and registered."""
    require(EventScope(user).is_organizer(event))
    return Delegate.objects.filter(
        event=event, participant__status=ParticipantStatus.APPROVED
    ).aggregate(
        registered=Count("pk"),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )


def badges(*, user: Any, event: Event, delegate: Delegate | None) -> list[dict[str, Any]]:
    """Badges to print with their check-in token: every approved delegate's for organizers,
    the user's own otherwise (an approved delegate's only)."""
    scope = EventScope(user)
    if scope.is_organizer(event):
        rows = list(checkin_list(user=user, event=event))
    else:
        if delegate is None or delegate.participant.status != ParticipantStatus.APPROVED:
            require(False, _("Badges are for the approved delegates of the event."))
        rows = [delegate]  # type: ignore[list-item]
    return [
        {"delegate": d, "token": badge_token(event_id=event.pk, delegate_id=d.pk)} for d in rows
    ]


def event_deals(*, user: Any, event: Event, organizer: bool) -> list[Deal]:
    """The event's deals the user may see (organizers: all; others: those naming one of their
    enterprises); `can_confirm` marks those a managed party of the user has not confirmed."""
    visible = event.deals.prefetch_related("parties", "confirmed_parties")
    scope = EventScope(user)
    managed = set(scope.editor_of())
    if not organizer:
        mine = user.memberships.values_list("enterprise_id", flat=True)
        visible = visible.filter(parties__in=mine).distinct()
    rows = list(visible)
    for deal in rows:
        parties = {p.pk for p in deal.parties.all()}
        done = {p.pk for p in deal.confirmed_parties.all()}
        deal.can_confirm = bool((parties & managed) - done)  # type: ignore[attr-defined]
    return rows


def partner_catalogue(
    *, user: Any, event: Event, q: str = "", delegate: Delegate | None = None
) -> QuerySet[Participant]:
    """Approved participants a delegate may ask to meet (not the delegate's own enterprise)."""
    rows = catalogue(user=user, event=event, q=q).filter(status=ParticipantStatus.APPROVED)
    if delegate is not None:
        rows = rows.exclude(pk=delegate.participant_id)
    return rows


def schedule_meetings(*, user: Any, event: Event) -> QuerySet[Meeting]:
    """The organizer's meeting table: every meeting not cancelled."""
    return organizer_meetings(user=user, event=event).exclude(status=MeetingStatus.CANCELLED)


def placed_meetings(*, user: Any, event: Event) -> QuerySet[Meeting]:
    """Meetings that hold a table (scheduled or held), for the table signs."""
    return organizer_meetings(user=user, event=event).filter(
        status__in=[MeetingStatus.SCHEDULED, MeetingStatus.HELD]
    )


def upcoming_meetings(*, user: Any) -> QuerySet[Meeting]:
    """The user's own scheduled meetings still to come, soonest first (the home page)."""
    require_signed_in(user)
    return (
        meeting_queryset()
        .filter(Q(request__requester__user=user) | Q(request__recipient__user=user))
        .filter(status=MeetingStatus.SCHEDULED, slot__starts_at__gte=timezone.now())
        .order_by("slot__starts_at", "id")
    )


def requests_awaiting(*, user: Any) -> QuerySet[MeetingRequest]:
    """Meeting requests sent to the user that wait for the user's answer."""
    require_signed_in(user)
    return MeetingRequest.objects.filter(recipient__user=user, status=RequestStatus.PENDING)


def organizer_queue(*, user: Any) -> dict[str, Any]:
    """Agency staff's events (every event for national staff, the province's for an officer):
    upcoming events and the registrations that wait for their approval, by event."""
    scope = EventScope(user)
    province_id = scope.province_id
    if not scope.national and province_id is None:
        return {"upcoming": 0, "pending": 0, "events": []}
    events = event_list(user=user)
    if not scope.national and province_id is not None:
        events = events.filter(province_id=province_id)
    pending = Participant.objects.filter(event__in=events, status=ParticipantStatus.PENDING)
    by_event = (
        pending.order_by()
        .values("event_id", "event__name_fa", "event__name_en", "event__starts_on")
        .annotate(n=Count("id"))
        .order_by("event__starts_on", "event_id")
    )
    return {
        "upcoming": events.filter(starts_on__gte=timezone.localdate()).count(),
        "pending": pending.count(),
        "events": list(by_event[:5]),
    }
