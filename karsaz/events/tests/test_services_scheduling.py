import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from karsaz.events import scheduling, services
from karsaz.events.choices import DealKind, MeetingStatus, Priority, RunStatus
from karsaz.events.models import Meeting, Seat
from karsaz.events.scheduler import parse_instance, verify
from karsaz.notifications.models import Notification
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db


def _accepted(event, a, b, priority=Priority.WOULD_LIKE):
    req = services.request_create(user=a.user, event=event, recipient=b, priority=priority)
    services.request_answer(user=b.user, request=req, accept=True)
    return Meeting.objects.get(request=req)


@pytest.fixture
def setting(users):
    event = make_event(organizer=users.qazvin_officer, tables=1)  # 4 slots, 1 table
    people = [make_delegate(event, username=f"d{n}") for n in range(4)]
    return event, people


def _run(users, event):
    run = services.schedule_run_start(user=users.qazvin_officer, event=event, time_limit_s=2)
    run.refresh_from_db()
    return run


def test_only_organizers_run_the_scheduler(users, setting):
    event, _people = setting
    for user in (users.sme_owner, users.tehran_officer, users.outsider):
        with pytest.raises(PermissionDenied):
            services.schedule_run_start(user=user, event=event)


def test_run_schedules_accepted_requests_feasibly(users, setting):
    event, (a, b, c, d) = setting
    services.delegate_update(
        user=a.user, delegate=a, max_meetings=2, unavailable=[event.slots.first()]
    )
    for x, y in ((a, b), (a, c), (a, d), (b, c), (c, d)):
        _accepted(event, x, y, Priority.MUST if x == a else Priority.WOULD_LIKE)
    run = _run(users, event)
    assert run.status == RunStatus.DONE
    assert run.progress == 1.0
    assert run.objective <= run.upper_bound
    placed = Meeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED)
    assert placed.count() == run.scheduled
    # 4 slots and one table: at most four meetings; a in at most two, never in slot 0.
    assert 0 < placed.count() <= 4
    mine = placed.filter(request__requester=a) | placed.filter(request__recipient=a)
    assert mine.count() <= 2
    assert not mine.filter(slot=event.slots.first()).exists()
    assert Seat.objects.filter(meeting__in=placed).count() == 2 * placed.count()
    inst = parse_instance(scheduling.build_instance(event))
    assert verify(inst, [(m.request_id, m.slot_id, m.table_id) for m in placed]) == []


def test_published_meetings_are_pinned_on_rerun(users, setting):
    event, (a, b, c, d) = setting
    first = _accepted(event, a, b)
    _run(users, event)
    services.schedule_publish(user=users.qazvin_officer, event=event)
    first.refresh_from_db()
    assert first.published and first.status == MeetingStatus.SCHEDULED
    # both parties are told
    assert Notification.objects.filter(ref=f"events.meeting:{first.pk}").count() == 2
    place, seq = (first.slot_id, first.table_id), first.sequence
    for x, y in ((c, d), (a, c), (b, d)):
        _accepted(event, x, y, Priority.MUST)
    _run(users, event)
    first.refresh_from_db()
    assert (first.slot_id, first.table_id) == place
    assert first.sequence == seq


def test_second_run_refused_while_one_is_running(users, setting):
    event, _people = setting
    run = _run(users, event)
    run.status = RunStatus.RUNNING
    run.save()
    with pytest.raises(ValidationError):
        services.schedule_run_start(user=users.qazvin_officer, event=event)


def test_manual_move_checks_conflicts_and_notifies(users, setting):
    event, (a, b, c, _d) = setting
    m1 = _accepted(event, a, b)
    m2 = _accepted(event, a, c)
    slots, table = list(event.slots.all()), event.tables.first()
    services.meeting_move(user=users.qazvin_officer, meeting=m1, slot=slots[0], table=table)
    with pytest.raises(ValidationError) as caught:  # table taken
        services.meeting_move(user=users.qazvin_officer, meeting=m2, slot=slots[0], table=table)
    assert "table" in caught.value.message_dict
    services.delegate_update(user=c.user, delegate=c, max_meetings=5, unavailable=[slots[1]])
    with pytest.raises(ValidationError) as caught:  # c unavailable
        services.meeting_move(user=users.qazvin_officer, meeting=m2, slot=slots[1], table=table)
    assert "slot" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        services.meeting_move(user=a.user, meeting=m2, slot=slots[2], table=table)
    moved = services.meeting_move(user=users.qazvin_officer, meeting=m2, slot=slots[2], table=table)
    assert moved.sequence == 1
    m1.refresh_from_db()
    m1.published = True
    m1.save()
    services.meeting_move(user=users.qazvin_officer, meeting=m1, slot=slots[3], table=table)
    assert Notification.objects.filter(ref=f"events.meeting:{m1.pk}", recipient=a.user).exists()
    assert Notification.objects.filter(ref=f"events.meeting:{m1.pk}", recipient=b.user).exists()


def test_database_refuses_double_booking(users, setting):
    event, (a, b, _c, _d) = setting
    m1 = _accepted(event, a, b)
    slot = event.slots.first()
    Seat.objects.create(meeting=m1, delegate=a, slot=slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.create(meeting=m1, delegate=a, slot=slot)


def test_cancel_by_a_party_bumps_sequence_and_tells_both(users, setting):
    event, (a, b, _c, _d) = setting
    m1 = _accepted(event, a, b)
    services.meeting_move(
        user=users.qazvin_officer, meeting=m1, slot=event.slots.first(), table=event.tables.first()
    )
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(user=users.outsider, meeting=m1)
    cancelled = services.meeting_cancel(user=b.user, meeting=m1)
    assert cancelled.status == MeetingStatus.CANCELLED
    assert cancelled.sequence == 2
    assert not Seat.objects.filter(meeting=m1).exists()
    assert Notification.objects.filter(ref=f"events.meeting:{m1.pk}").count() == 2


def test_event_day_no_show_frees_the_table_for_a_walk_in(users, setting):
    event, (a, b, c, _d) = setting
    m1 = _accepted(event, a, b)
    slot, table = event.slots.first(), event.tables.first()
    services.meeting_move(user=users.qazvin_officer, meeting=m1, slot=slot, table=table)
    with pytest.raises(ValidationError):  # the slot has not started yet
        services.meeting_report_held(user=a.user, meeting=m1, held=True)
    slot.starts_at = timezone.now() - dt.timedelta(minutes=5)
    slot.save()
    services.meeting_report_held(user=a.user, meeting=m1, held=True)
    m1.refresh_from_db()
    assert m1.status == MeetingStatus.SCHEDULED
    services.meeting_report_held(user=b.user, meeting=m1, held=False)
    m1.refresh_from_db()
    assert m1.status == MeetingStatus.NO_SHOW
    with pytest.raises(ValidationError):  # not checked in yet
        services.meeting_walk_in(
            user=users.qazvin_officer, event=event, requester=a, recipient=c, slot=slot, table=table
        )
    for d in (a, c):
        services.delegate_check_in(user=users.qazvin_officer, delegate=d)
        d.refresh_from_db()
    walk_in = services.meeting_walk_in(
        user=users.qazvin_officer, event=event, requester=a, recipient=c, slot=slot, table=table
    )
    assert walk_in.status == MeetingStatus.SCHEDULED and walk_in.request.walk_in


def test_outcomes_rating_follow_up_and_deals(users, setting):
    event, (a, b, _c, _d) = setting
    m1 = _accepted(event, a, b)
    with pytest.raises(ValidationError):
        services.meeting_rate(user=a.user, meeting=m1, score=5)
    m1.slot, m1.table = event.slots.first(), event.tables.first()
    m1.status = MeetingStatus.HELD
    m1.save()
    services.meeting_rate(user=a.user, meeting=m1, score=4)
    with pytest.raises(ValidationError):
        services.meeting_rate(user=a.user, meeting=m1, score=9)
    with pytest.raises(PermissionDenied):
        services.meeting_rate(user=users.outsider, meeting=m1, score=3)
    services.follow_up_answer(user=b.user, meeting=m1, answer="agreement")
    parties = [a.participant.enterprise, b.participant.enterprise]
    deal = services.deal_record(
        user=a.user,
        event=event,
        parties=parties,
        kind=DealKind.SUPPLY,
        document="contract",
        value_rials=12_000_000_000,
        signed_on=event.starts_on,
        meeting=m1,
    )
    assert deal.value_rials == 12_000_000_000
    for bad in (
        {"value_rials": -1},
        {"value_rials": 1.5},
        {"value_rials": 10**15 + 1},  # past core.money.MAX_RIALS (was a 500 above 2**63)
        {"parties": parties[:1]},
    ):
        args = {
            "user": a.user,
            "event": event,
            "parties": parties,
            "kind": DealKind.SUPPLY,
            "document": "mou",
            "value_rials": 1,
            "signed_on": event.starts_on,
            **bad,
        }
        with pytest.raises(ValidationError):
            services.deal_record(**args)
    with pytest.raises(PermissionDenied):
        services.deal_record(
            user=users.outsider,
            event=event,
            parties=parties,
            kind=DealKind.SUPPLY,
            document="mou",
            value_rials=1,
            signed_on=event.starts_on,
        )


def test_a_run_stopped_by_the_task_time_limit_is_failed_not_left_running(
    users, setting, monkeypatch
):
    from karsaz.core.tasklimits import TaskTimeLimitExceeded

    def overrun(*args, **kwargs):
        raise TaskTimeLimitExceeded("Task run_schedule ran longer than its time limit of 900 s.")

    event, (a, b, _c, _d) = setting
    _accepted(event, a, b)
    monkeypatch.setattr(scheduling, "solve", overrun)
    run = _run(users, event)
    assert run.status == RunStatus.FAILED
    assert run.message == "Task run_schedule ran longer than its time limit of 900 s."
    monkeypatch.undo()
    assert _run(users, event).status == RunStatus.DONE  # the organizer can run it again
