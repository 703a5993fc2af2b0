"""Reads for events. Views and viewsets get rows only through these, which enforce the roles."""

from collections import Counter, defaultdict
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from karsaz.core.persian import tokens
from karsaz.events.choices import DealStatus, MeetingStatus, ParticipantStatus, RequestStatus
from karsaz.events.models import (
    Deal,
    Delegate,
    Event,
    Meeting,
    MeetingRequest,
    Notification,
    Participant,
    ScheduleRun,
)
from karsaz.events.permissions import is_organizer, is_party, require
from karsaz.events.services import requests_expire


def _signed_in(user: Any) -> None:
    require(bool(user and user.is_authenticated))


def event_list(*, user: Any) -> QuerySet[Event]:
    _signed_in(user)
    return Event.objects.select_related("province")


def event_get(*, user: Any, pk: int) -> Event:
    _signed_in(user)
    return get_object_or_404(Event.objects.select_related("province"), pk=pk)


def event_get_for_organizer(*, user: Any, pk: int) -> Event:
    event = event_get(user=user, pk=pk)
    require(is_organizer(user, event))
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
    _signed_in(user)
    qs = Participant.objects.filter(event=event).select_related(
        "enterprise", "enterprise__province", "enterprise__isic"
    )
    if not is_organizer(user, event):
        qs = qs.filter(status=ParticipantStatus.APPROVED)
    for token in tokens(q)[:8]:
        qs = qs.filter(
            Q(enterprise__search_text__contains=token)
            | Q(looking_for__icontains=token)
            | Q(offering__icontains=token)
        )
    return qs.prefetch_related("delegates__user")


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


def requests_of(*, user: Any, event: Event) -> dict[str, list[MeetingRequest]]:
    """The user's incoming and outgoing requests (messages are theirs to read)."""
    requests_expire(event=event)
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
        "incoming": list(base.filter(recipient=delegate)),
        "outgoing": list(base.filter(requester=delegate)),
    }


def request_get_for_party(*, user: Any, pk: int) -> MeetingRequest:
    req = get_object_or_404(
        MeetingRequest.objects.select_related("requester", "recipient", "event"), pk=pk
    )
    require(is_party(user, req))
    return req


def request_message(*, user: Any, request: MeetingRequest) -> str | None:
    """The private message, only for the two delegates."""
    return request.message if is_party(user, request) else None


def agenda(*, user: Any, delegate: Delegate) -> list[Meeting]:
    """A delegate's meetings in time order: for the delegate and the organizers."""
    require(delegate.user_id == user.pk or is_organizer(user, delegate.event))
    return list(
        Meeting.objects.filter(
            Q(request__requester=delegate) | Q(request__recipient=delegate), slot__isnull=False
        )
        .exclude(status=MeetingStatus.UNSCHEDULED)
        .select_related(
            "slot",
            "table",
            "request__requester__user",
            "request__recipient__user",
            "request__requester__participant__enterprise",
            "request__recipient__participant__enterprise",
        )
        .order_by("slot__index")
    )


def delegate_get(*, user: Any, pk: int) -> Delegate:
    delegate = get_object_or_404(
        Delegate.objects.select_related("event", "participant__enterprise", "user"), pk=pk
    )
    require(delegate.user_id == user.pk or is_organizer(user, delegate.event))
    return delegate


def meeting_get(*, user: Any, pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "event",
            "slot",
            "table",
            "request__requester__user",
            "request__recipient__user",
            "request__requester__participant__enterprise",
            "request__recipient__participant__enterprise",
        ),
        pk=pk,
    )
    require(is_party(user, meeting.request) or is_organizer(user, meeting.event))
    return meeting


def organizer_meetings(*, user: Any, event: Event) -> QuerySet[Meeting]:
    require(is_organizer(user, event))
    return (
        Meeting.objects.filter(event=event)
        .select_related(
            "slot",
            "table",
            "request__requester__participant__enterprise",
            "request__recipient__participant__enterprise",
            "request__requester__user",
            "request__recipient__user",
        )
        .order_by("slot__index", "table_id", "id")
    )


def runs(*, user: Any, event: Event) -> QuerySet[ScheduleRun]:
    require(is_organizer(user, event))
    return event.runs.all()


def run_get(*, user: Any, pk: int) -> ScheduleRun:
    run = get_object_or_404(ScheduleRun.objects.select_related("event"), pk=pk)
    require(is_organizer(user, run.event))
    return run


def notifications(*, user: Any) -> QuerySet[Notification]:
    _signed_in(user)
    return Notification.objects.filter(user=user).select_related("event")


def deal_list(*, user: Any) -> QuerySet[Deal]:
    """Deals of the events the user organizes and deals naming one of the user's enterprises."""
    _signed_in(user)
    organized = [e.pk for e in event_list(user=user) if is_organizer(user, e)]
    mine = list(user.memberships.values_list("enterprise_id", flat=True))
    return (
        Deal.objects.filter(Q(event_id__in=organized) | Q(parties__in=mine))
        .distinct()
        .prefetch_related("parties", "confirmed_parties")
        .order_by("-signed_on", "-id")
    )


def event_report(*, user: Any, event: Event) -> dict[str, Any]:
    """Registrations, meetings requested/scheduled/held, no-show rate, deals; by day and sector."""
    require(is_organizer(user, event))
    participants = Participant.objects.filter(event=event).select_related("enterprise__isic")
    requests = MeetingRequest.objects.filter(event=event)
    meetings = Meeting.objects.filter(event=event).select_related(
        "slot", "request__requester__participant__enterprise__isic__parent"
    )
    # Only deals every party confirmed count; the others are shown as awaiting confirmation.
    all_deals = Deal.objects.filter(event=event)
    deals = all_deals.filter(status=DealStatus.CONFIRMED)
    placed = [m for m in meetings if m.slot_id and m.status != MeetingStatus.CANCELLED]
    held = [m for m in placed if m.status == MeetingStatus.HELD]
    no_show = [m for m in placed if m.status == MeetingStatus.NO_SHOW]
    reported = len(held) + len(no_show)

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
            bucket["held"] += m.status == MeetingStatus.HELD
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
    return {
        "registrations": participants.count(),
        "approved": participants.filter(status=ParticipantStatus.APPROVED).count(),
        "delegates": Delegate.objects.filter(event=event).count(),
        "requested": requests.count(),
        "accepted": requests.filter(
            status__in=[RequestStatus.ACCEPTED, RequestStatus.WITHDRAWN]
        ).count(),
        "scheduled": len(placed),
        "held": len(held),
        "no_shows": len(no_show),
        "no_show_rate": (len(no_show) / reported) if reported else None,
        "deals": deals.count(),
        "deals_pending": all_deals.filter(status=DealStatus.PENDING).count(),
        "deal_value": deals.aggregate(total=Sum("value_rials"))["total"] or 0,
        "by_day": sorted(({"day": k, **v} for k, v in by_day.items()), key=lambda r: r["day"]),
        "by_sector": sorted(
            ({"sector": k, **v} for k, v in by_sector.items()),
            key=lambda r: (-r.get("scheduled", 0), r["sector"]),
        ),
    }
