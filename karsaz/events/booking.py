"""Writes shared by the services and the scheduling run (which imports no services, so the
task that runs it never imports the code that enqueues it): notifications, seats, expiry."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from karsaz.core.tasks import send_email
from karsaz.events.choices import MeetingStatus, RequestStatus
from karsaz.events.models import Delegate, Event, Meeting, MeetingRequest, Notification, Seat

# Meetings that hold a table in their slot.
PLACED = (MeetingStatus.SCHEDULED, MeetingStatus.HELD)


def notify(
    *, users: Iterable[Any], event: Event, text: str, meeting: Meeting | None = None
) -> None:
    """In-app notification and an email (through the shared task queue) to each user."""
    for user in users:
        Notification.objects.create(user=user, event=event, meeting=meeting, text=text)
        if user.email:
            send_email.enqueue(subject=f"{event.name_fa}: {text}"[:200], body=text, to=[user.email])


def tell_parties(meeting: Meeting, text: str) -> None:
    """Notifies the meeting's two delegates."""
    req = meeting.request
    people = Delegate.objects.filter(pk__in=[req.requester_id, req.recipient_id]).select_related(
        "user"
    )
    notify(users=[d.user for d in people], event=meeting.event, text=text, meeting=meeting)


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
