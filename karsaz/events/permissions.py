"""Who may do what at an event.

Organizers: the event's organizer staff, national agency staff, and provincial officers of the
event's province. Members of an enterprise may register it and act as its delegates. A meeting
request's message is private to its two delegates (organizers see that a request exists, not
what it says).
"""

from typing import Any

from karsaz.accounts.choices import AgencyRole
from karsaz.events.models import Delegate, Event, MeetingRequest
from karsaz.registry.permissions import require  # noqa: F401 - re-exported for the app


def is_organizer(user: Any, event: Event) -> bool:
    if not (user and user.is_authenticated):
        return False
    if user.is_national:
        return True
    if user.agency_role == AgencyRole.PROVINCIAL_STAFF and user.province_id == event.province_id:
        return True
    return event.organizers.filter(pk=user.pk).exists()


def can_create_event(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_agency_staff)


def member_enterprise_ids(user: Any) -> set[int]:
    if not (user and user.is_authenticated):
        return set()
    return set(user.memberships.values_list("enterprise_id", flat=True))


def can_act_for(user: Any, delegate: Delegate) -> bool:
    return bool(user and user.is_authenticated and delegate.user_id == user.pk)


def is_party(user: Any, request: MeetingRequest) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.pk in (request.requester.user_id, request.recipient.user_id)
    )
