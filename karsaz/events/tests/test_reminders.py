"""Meeting reminders (periodic): each delegate of each published meeting starting within the hour
hears of it once, in their language, however often the job runs."""

import datetime as dt

import pytest
from django.core import mail

from karsaz.events import services
from karsaz.events.booking import meetings_remind
from karsaz.events.choices import MeetingStatus, Priority
from karsaz.events.models import Meeting
from karsaz.events.tasks import remind_meetings
from karsaz.notifications.choices import Kind
from karsaz.notifications.models import Notification
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db


def _scheduled(users, event, a, b, slot_index, *, published=True):
    req = services.request_create(user=a.user, event=event, recipient=b, priority=Priority.MUST)
    services.request_answer(user=b.user, request=req, accept=True)
    meeting = Meeting.objects.get(request=req)
    meeting.slot = event.slots.get(index=slot_index)
    meeting.table = event.tables.first()
    meeting.status = MeetingStatus.SCHEDULED
    meeting.published = published
    meeting.save()
    return meeting


def test_reminders_once_per_meeting_per_delegate(users, django_capture_on_commit_callbacks):
    event = make_event(organizer=users.qazvin_officer, tables=2)
    a, b, c, d = (make_delegate(event, username=f"r{n}") for n in range(4))
    b.user.language = "en"
    b.user.save(update_fields=["language"])
    soon = _scheduled(users, event, a, b, 0)
    _scheduled(users, event, c, d, 1)  # later than the hour ahead
    _scheduled(users, event, a, c, 2, published=False)  # not published: nobody knows of it yet
    start = event.slots.get(index=0).starts_at
    before = start - dt.timedelta(minutes=40)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert meetings_remind(now=before) == 2
        assert meetings_remind(now=before + dt.timedelta(minutes=5)) == 0  # idempotent
        assert meetings_remind(now=start - dt.timedelta(hours=2)) == 0  # too early for slot 1
    rows = Notification.objects.filter(kind=Kind.EVENTS_MEETING_REMINDER)
    assert sorted(rows.values_list("recipient", "ref")) == sorted(
        [(a.user_id, f"events.meeting:{soon.pk}"), (b.user_id, f"events.meeting:{soon.pk}")]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.user.email, b.user.email])
    english = next(m for m in mail.outbox if m.to == [b.user.email])
    name_en = a.participant.enterprise.name_en or a.participant.enterprise.name_fa
    assert english.subject.startswith(f"Your meeting with {name_en} starts at ")
    persian = next(m for m in mail.outbox if m.to == [a.user.email])
    assert persian.subject.startswith("دیدار شما با ")


def test_the_periodic_task_runs_the_reminders(users):
    event = make_event(organizer=users.qazvin_officer, tables=1)  # in ten days: nothing due
    a, b = (make_delegate(event, username=f"t{n}") for n in range(2))
    _scheduled(users, event, a, b, 0)
    assert remind_meetings.call() == 0
    assert not Notification.objects.filter(kind=Kind.EVENTS_MEETING_REMINDER).exists()
