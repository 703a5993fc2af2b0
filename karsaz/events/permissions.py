"""Who may do what at an event: `EventScope`, the one access layer of the app.

Organizers: the event's organizer staff, national agency staff, and provincial officers of the
event's province. Owners and managers of an enterprise may register it and act for it; its
members' delegates act for themselves. A meeting request's message is private to its two
delegates (organizers see that a request exists, not what it says): `hidden_fields()` is that
one rule, for the API serializer and the pages alike.

`MEETING_ACTIONS` is the meeting action table: who may take each action and in which states
the service accepts it. `allowed_actions(meeting)` is derived from it and drives the buttons.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from karsaz.accounts.scope import ActorScope
from karsaz.events.choices import MeetingStatus, ParticipantStatus, RequestStatus
from karsaz.events.models import Event, Meeting, MeetingRequest, Participant

ORGANIZER = "organizer"
PARTY = "party"


@dataclass(frozen=True)
class MeetingRule:
    """Who may take a meeting action (organizers, the two delegates) and in which states;
    `started`: only once the meeting's slot has begun."""

    who: frozenset[str]
    states: frozenset[str]
    started: bool = False


PLANNED = frozenset({MeetingStatus.UNSCHEDULED.value, MeetingStatus.SCHEDULED.value})
MEETING_ACTIONS: dict[str, MeetingRule] = {
    "move": MeetingRule(frozenset({ORGANIZER}), PLANNED),
    "cancel": MeetingRule(frozenset({ORGANIZER, PARTY}), PLANNED),
    "held": MeetingRule(
        frozenset({PARTY}),
        frozenset(
            {MeetingStatus.SCHEDULED.value, MeetingStatus.HELD.value, MeetingStatus.NO_SHOW.value}
        ),
        started=True,
    ),
    # Organizers settle from the schedule whether it took place (held / no-show).
    "mark": MeetingRule(
        frozenset({ORGANIZER}),
        frozenset(
            {MeetingStatus.SCHEDULED.value, MeetingStatus.HELD.value, MeetingStatus.NO_SHOW.value}
        ),
        started=True,
    ),
    "rate": MeetingRule(frozenset({PARTY}), frozenset({MeetingStatus.HELD.value})),
    "follow-up": MeetingRule(frozenset({PARTY}), frozenset({MeetingStatus.HELD.value})),
}


class EventScope(ActorScope):
    """The user's rights at events; organizer answers are cached per event for the request."""

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.agency_staff = self.authenticated and bool(user.is_agency_staff)
        self._organizes: dict[int, bool] = {}

    # Roles ---------------------------------------------------------------------------------

    def can_create_event(self) -> bool:
        return self.agency_staff

    def is_organizer(self, event: Event) -> bool:
        if not self.authenticated:
            return False
        if self.national or self.in_province(event.province_id):
            return True
        if event.pk not in self._organizes:
            self._organizes[event.pk] = event.organizers.filter(pk=self.user.pk).exists()
        return self._organizes[event.pk]

    def is_party(self, request: MeetingRequest) -> bool:
        """Whether the user is one of the request's (or its meeting's) two delegates."""
        return self.authenticated and self.user.pk in (
            request.requester.user_id,
            request.recipient.user_id,
        )

    def organized_q(self, field: str = "event") -> Q:
        """Rows of the events the user organizes (`field` leads to the event)."""
        if not self.authenticated:
            return Q(pk__in=[])
        if self.national:
            return Q()
        q = Q(**{f"{field}__organizers": self.user})
        if self.province_id is not None:
            q |= Q(**{f"{field}__province_id": self.province_id})
        return q

    # Actions -------------------------------------------------------------------------------

    def meeting_roles(self, meeting: Meeting) -> frozenset[str]:
        roles = set()
        if self.is_organizer(meeting.event):
            roles.add(ORGANIZER)
        if self.is_party(meeting.request):
            roles.add(PARTY)
        return frozenset(roles)

    def allowed_actions(self, meeting: Meeting, now: dt.datetime | None = None) -> frozenset[str]:
        """The meeting actions the user may take now, from `MEETING_ACTIONS`."""
        roles = self.meeting_roles(meeting)
        started = meeting.slot is not None and meeting.slot.starts_at <= (now or timezone.now())
        return frozenset(
            name
            for name, rule in MEETING_ACTIONS.items()
            if roles & rule.who and meeting.status in rule.states and (started or not rule.started)
        )

    def may(self, action: str, meeting: Meeting) -> bool:
        """Whether the user's role allows `action` on the meeting (whatever its state)."""
        return bool(self.meeting_roles(meeting) & MEETING_ACTIONS[action].who)

    def participant_actions(self, participant: Participant) -> frozenset[str]:
        """The decisions still open on a registration (the participants page and
        `participant_decide` are the organizers' only)."""
        actions = set()
        if participant.status != ParticipantStatus.APPROVED:
            actions.add("approve")
        if participant.status != ParticipantStatus.REJECTED:
            actions.add("decline")
        return frozenset(actions)

    def request_actions(self, request: MeetingRequest) -> frozenset[str]:
        """While the request is pending: `answer` for the invited delegate, `edit` and
        `withdraw` for the one who asked."""
        if not self.authenticated or request.status != RequestStatus.PENDING:
            return frozenset()
        if request.recipient.user_id == self.user.pk:
            return frozenset({"answer"})
        if request.requester.user_id == self.user.pk:
            return frozenset({"edit", "withdraw"})
        return frozenset()

    # Redaction -----------------------------------------------------------------------------

    def hidden_fields(self, request: MeetingRequest) -> frozenset[str]:
        """Fields of a meeting request the user may not read: the message, unless a party."""
        return frozenset() if self.is_party(request) else frozenset({"message"})
