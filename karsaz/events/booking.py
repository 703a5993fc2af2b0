"""Writes shared by the services and the scheduling run (which imports no services, so the
task that runs it never imports the code that enqueues it): notifications, seats, expiry."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from karsaz.events.choices import MeetingStatus, RequestStatus
from karsaz.events.models import Delegate, Event, Meeting, MeetingRequest, Seat
from karsaz.notifications import services as notifications
from karsaz.notifications.choices import Kind
from karsaz.notifications.models import bilingual

# Meetings that hold a table in their slot.
PLACED = (MeetingStatus.SCHEDULED, MeetingStatus.HELD)


def notify(
    *,
    users: Iterable[Any],
    event: Event,
    kind: Kind,
    text: str,
    params: dict[str, Any] | None = None,
    meeting: Meeting | None = None,
    link: str = "",
    once: bool = False,
) -> None:
    """Tells each user (the shared notifications: in-app and e-mail, in each one's language).
    `text` is a msgid (gettext_noop) formatted with `params`; the event is named in the body."""
    ref = f"events.meeting:{meeting.pk}" if meeting else f"events.event:{event.pk}"
    for user in users:
        notifications.notify(
            user,
            kind,
            title=text,
            body=gettext_noop("Event: {event}"),
            params={"event": bilingual(event.name_fa, event.name_en), **(params or {})},
            link=link or reverse("events:event_detail", args=[event.pk]),
            ref=ref,
            once=once,
        )


def tell_parties(meeting: Meeting, text: str) -> None:
    """Notifies the meeting's two delegates (`text`: a msgid)."""
    req = meeting.request
    people = Delegate.objects.filter(pk__in=[req.requester_id, req.recipient_id]).select_related(
        "user"
    )
    notify(
        users=[d.user for d in people],
        event=meeting.event,
        kind=Kind.EVENTS_MEETING,
        text=text,
        meeting=meeting,
        link=reverse("events:agenda", args=[meeting.event_id]),
    )


def set_seats(meeting: Meeting) -> None:
    """The meeting's two seats, matching its slot (none unless it is scheduled)."""
    meeting.seats.all().delete()
    if meeting.status == MeetingStatus.SCHEDULED and meeting.slot_id:
        req = meeting.request
        Seat.objects.bulk_create(
            Seat(meeting=meeting, delegate_id=d, slot_id=meeting.slot_id)
            for d in (req.requester_id, req.recipient_id)
        )


def requests_expire(*, event: Event | None = None, now: dt.datetime | None = None) -> int:
    """Unanswered requests past their expiry become expired (one event's, or every event's).
    Runs periodically (`events/periodic.py`) and before every write that depends on it; reads
    treat a pending request past its deadline as expired meanwhile."""
    rows = MeetingRequest.objects.filter(
        status=RequestStatus.PENDING, expires_at__lt=now or timezone.now()
    )
    if event is not None:
        rows = rows.filter(event=event)
    return rows.update(status=RequestStatus.EXPIRED)


# A delegate is reminded of each meeting this long before it starts (the job runs every 10 min).
REMINDER_AHEAD = dt.timedelta(hours=1)


def meetings_remind(*, now: dt.datetime | None = None) -> int:
    """Reminds both delegates of every published meeting starting within REMINDER_AHEAD, at
    every event. Idempotent: one reminder per meeting per delegate however often it runs (the
    notification's once-per-ref constraint). Returns how many reminders were sent."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(
            status=MeetingStatus.SCHEDULED,
            published=True,
            slot__starts_at__gt=now,
            slot__starts_at__lte=now + REMINDER_AHEAD,
        )
        .select_related(
            "event",
            "slot",
            "table",
            "request__requester__user",
            "request__requester__participant__enterprise",
            "request__recipient__user",
            "request__recipient__participant__enterprise",
        )
        .order_by("slot__starts_at", "pk")
    )
    sent = 0
    for meeting in meetings:
        req = meeting.request
        for me, other in ((req.requester, req.recipient), (req.recipient, req.requester)):
            firm = other.participant.enterprise
            row = notifications.notify(
                me.user,
                Kind.EVENTS_MEETING_REMINDER,
                title=gettext_noop("Your meeting with {name} starts at {time}, table {table}."),
                body=gettext_noop("Event: {event}"),
                params={
                    "name": bilingual(firm.name_fa, firm.name_en),
                    "time": meeting.slot.starts_at if meeting.slot else now,
                    "table": meeting.table.name if meeting.table else "—",
                    "event": bilingual(meeting.event.name_fa, meeting.event.name_en),
                },
                link=reverse("events:agenda", args=[meeting.event_id]),
                ref=f"events.meeting:{meeting.pk}",
                once=True,
            )
            sent += row is not None
    return sent
