"""What the events pages share: the event's context for the user, posted ids, return URLs."""

from typing import Any

from django.http import HttpRequest

from karsaz.events import selectors
from karsaz.events.choices import ParticipantStatus
from karsaz.events.permissions import EventScope


def posted_pk(value: Any) -> int:
    """A posted id, or 0 (which matches nothing) when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def back_url(request: HttpRequest, fallback: str) -> str:
    """The posted `next` when it is a local path, else `fallback`."""
    target = request.POST.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else fallback


def event_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The event, the user's delegate there, and the user's `scope` (one per request, so the
    organizer check is asked once)."""
    scope = EventScope(request.user)
    event = selectors.event_get(user=request.user, pk=pk)
    delegate = selectors.my_delegate(user=request.user, event=event)
    return {
        "event": event,
        "delegate": delegate,
        "scope": scope,
        "organizer": scope.is_organizer(event),
        "approved": bool(delegate and delegate.participant.status == ParticipantStatus.APPROVED),
    }
