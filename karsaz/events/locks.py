"""Row locks of the events app, in one place.

Lock order: the event row first (`lock_event`), then the meeting or request, then the
delegates in id order; two people booking at once are serialised on the event, and the unique
constraints on Seat, Meeting and MeetingRequest stay the last guard.
"""

from karsaz.events.models import Event


def lock_event(event: Event) -> Event:
    """The event row, locked for the transaction (SELECT ... FOR UPDATE)."""
    return Event.objects.select_for_update().get(pk=event.pk)
