"""EventScope: the meeting action table per role and state, and the one redaction rule."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from karsaz.events import services
from karsaz.events.choices import MeetingStatus, ParticipantStatus, RequestStatus
from karsaz.events.models import Meeting
from karsaz.events.permissions import EventScope
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db

S = MeetingStatus


@pytest.fixture
def meeting(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="pa")
    b = make_delegate(event, username="pb")
    c = make_delegate(event, username="pc")
    req = services.request_create(user=a.user, event=event, recipient=b, message="سلام")
    services.request_answer(user=b.user, request=req, accept=True)
    m = Meeting.objects.select_related("event", "slot", "request__requester", "request__recipient")
    meeting = m.get(request=req)
    services.meeting_move(
        user=users.qazvin_officer,
        meeting=meeting,
        slot=event.slots.first(),
        table=event.tables.first(),
    )
    return m.get(pk=meeting.pk), a, b, c


def _actions(user, meeting, status, *, started):
    meeting.status = status
    slot_start = meeting.slot.starts_at
    now = slot_start + dt.timedelta(minutes=1) if started else slot_start - dt.timedelta(minutes=1)
    return EventScope(user).allowed_actions(meeting, now=now)


ORGANIZER = {
    (S.SCHEDULED, False): {"move", "cancel"},
    (S.SCHEDULED, True): {"move", "cancel", "mark"},  # mark: held or no-show, once started
    (S.HELD, False): set(),
    (S.UNSCHEDULED, False): {"move", "cancel"},
    (S.HELD, True): {"mark"},
    (S.NO_SHOW, True): {"mark"},
    (S.CANCELLED, True): set(),
}
PARTY = {
    (S.SCHEDULED, False): {"cancel"},
    (S.SCHEDULED, True): {"cancel", "held"},
    (S.UNSCHEDULED, False): {"cancel"},
    (S.HELD, False): {"rate", "follow-up"},
    (S.HELD, True): {"held", "rate", "follow-up"},
    (S.NO_SHOW, True): {"held"},
    (S.CANCELLED, True): set(),
}


def test_allowed_actions_of_organizers_per_state(users, meeting):
    m, *_ = meeting
    for user in (users.qazvin_officer, users.national):
        got = {key: _actions(user, m, key[0], started=key[1]) for key in ORGANIZER}
        assert got == ORGANIZER


def test_allowed_actions_of_the_two_delegates_per_state(users, meeting):
    m, a, b, _c = meeting
    for user in (a.user, b.user):
        got = {key: _actions(user, m, key[0], started=key[1]) for key in PARTY}
        assert got == PARTY


def test_others_may_do_nothing_with_a_meeting(users, meeting):
    m, _a, _b, c = meeting
    for user in (c.user, users.tehran_officer, users.sme_owner, users.outsider):
        for status in S.values:
            assert _actions(user, m, status, started=True) == frozenset()


def test_participant_and_request_actions(users, meeting):
    m, a, b, _c = meeting
    participant = a.participant
    scope = EventScope(users.qazvin_officer)
    participant.status = ParticipantStatus.PENDING
    assert scope.participant_actions(participant) == {"approve", "decline"}
    participant.status = ParticipantStatus.APPROVED
    assert scope.participant_actions(participant) == {"decline"}
    participant.status = ParticipantStatus.REJECTED
    assert scope.participant_actions(participant) == {"approve"}
    req = m.request
    req.status = RequestStatus.PENDING
    assert EventScope(b.user).request_actions(req) == {"answer"}
    assert EventScope(a.user).request_actions(req) == {"edit", "withdraw"}  # the asker's
    assert EventScope(users.qazvin_officer).request_actions(req) == frozenset()
    req.status = RequestStatus.EXPIRED
    assert EventScope(b.user).request_actions(req) == frozenset()
    assert EventScope(a.user).request_actions(req) == frozenset()


def test_the_message_is_hidden_from_everyone_but_the_two_delegates(users, meeting):
    m, a, b, c = meeting
    assert EventScope(a.user).hidden_fields(m.request) == frozenset()
    assert EventScope(b.user).hidden_fields(m.request) == frozenset()
    for user in (users.qazvin_officer, users.national, c.user, users.outsider):
        assert EventScope(user).hidden_fields(m.request) == {"message"}


def test_organizer_table_offers_move_and_cancel_only_for_planned_meetings(users, meeting):
    m, *_ = meeting
    client = Client()
    client.force_login(users.qazvin_officer)
    url = f"/events/{m.event_id}/schedule/"
    move = f"/events/{m.event_id}/meetings/{m.pk}/move/"
    cancel = f"/events/{m.event_id}/meetings/{m.pk}/cancel/"
    page = client.get(url).content.decode()
    assert move in page and cancel in page
    Meeting.objects.filter(pk=m.pk).update(status=S.HELD)
    page = client.get(url).content.decode()
    assert move not in page and cancel not in page


def test_agenda_offers_the_report_only_once_the_meeting_started(users, meeting):
    m, a, _b, _c = meeting
    client = Client()
    client.force_login(a.user)
    url = f"/events/{m.event_id}/agenda/"
    held = f"/events/{m.event_id}/meetings/{m.pk}/held/"
    cancel = f"/events/{m.event_id}/meetings/{m.pk}/cancel/"
    page = client.get(url).content.decode()
    assert cancel in page and held not in page
    m.slot.starts_at = timezone.now() - dt.timedelta(minutes=5)
    m.slot.save()
    page = client.get(url).content.decode()
    assert held in page and cancel not in page
    Meeting.objects.filter(pk=m.pk).update(status=S.NO_SHOW)
    page = client.get(url).content.decode()
    assert held not in page  # reported: the form is not offered again
