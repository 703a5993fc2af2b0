"""The bridge between the event's rows and the pure scheduler, and the organizer's meeting tools.

A run: `schedule_run_start` (organizer) records a ScheduleRun and enqueues `tasks.run_schedule`,
which builds the instance (`build_instance`), solves it while writing progress to the run row,
and applies the result (`schedule_apply`). Published meetings are pinned, so a re-run moves
nobody who is already booked. `schedule_publish` publishes the draft and tells both parties.
"""

import logging
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.events.choices import MeetingStatus, ParticipantStatus, RequestStatus, RunStatus
from karsaz.events.models import (
    Delegate,
    Event,
    Meeting,
    MeetingRequest,
    ScheduleRun,
    Seat,
    Slot,
    Table,
)
from karsaz.events.permissions import is_organizer, is_party, require
from karsaz.events.scheduler import Schedule, parse_instance, solve
from karsaz.events.services import _lock_event, notify, requests_expire

PLACED = (MeetingStatus.SCHEDULED, MeetingStatus.HELD)
logger = logging.getLogger(__name__)


def build_instance(event: Event, *, time_limit_s: float = 20.0) -> dict[str, Any]:
    """The event as the scheduler's JSON instance (ids are primary keys)."""
    slots = list(event.slots.order_by("index"))
    days: dict[Any, list[int]] = {}
    for slot in slots:
        days.setdefault(slot.day, []).append(slot.pk)
    delegates = list(
        Delegate.objects.filter(
            event=event, participant__status=ParticipantStatus.APPROVED
        ).prefetch_related("unavailable")
    )
    unavailable = {d.pk: {s.pk for s in d.unavailable.all()} for d in delegates}
    known = set(unavailable)
    meetings = (
        Meeting.objects.filter(event=event, request__status=RequestStatus.ACCEPTED)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("request")
    )
    pinned_count: dict[int, int] = {}
    limits = {d.pk: d.max_meetings for d in delegates}
    requests = []
    for meeting in meetings:
        req = meeting.request
        people = [req.requester_id, req.recipient_id]
        if not all(p in known for p in people):
            continue
        entry: dict[str, Any] = {"id": req.pk, "participants": people, "weight": req.weight}
        if meeting.published and meeting.status in PLACED and meeting.slot_id:
            # A published meeting stays put unless its own people made that impossible.
            fits = all(meeting.slot_id not in unavailable[p] for p in people) and all(
                pinned_count.get(p, 0) < limits[p] for p in people
            )
            if fits:
                entry["pinned"] = {"slot": meeting.slot_id, "table": meeting.table_id}
                for p in people:
                    pinned_count[p] = pinned_count.get(p, 0) + 1
        requests.append(entry)
    return {
        "slots": [s.pk for s in slots],
        "days": list(days.values()),
        "tables": list(event.tables.values_list("pk", flat=True)),
        "participants": [
            {"id": d.pk, "unavailable": sorted(unavailable[d.pk]), "max_meetings": d.max_meetings}
            for d in delegates
        ],
        "requests": requests,
        "time_limit_s": time_limit_s,
    }


@transaction.atomic
def schedule_run_start(*, user: Any, event: Event, time_limit_s: float = 20.0) -> ScheduleRun:
    from karsaz.events.tasks import run_schedule

    require(is_organizer(user, event), _("Only organizers run the scheduler."))
    event = _lock_event(event)
    if not 1 <= time_limit_s <= 600:
        raise ValidationError({"time_limit_s": [_("Choose between 1 and 600 seconds.")]})
    if event.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise ValidationError({"event": [_("A scheduling run is already in progress.")]})
    run = ScheduleRun.objects.create(event=event, started_by=user, time_limit_s=time_limit_s)
    run_schedule.enqueue(run_id=run.pk)
    return run


def schedule_run_execute(run_id: int) -> ScheduleRun:
    """The task body: solve with progress on the run row, then apply the schedule."""
    run = ScheduleRun.objects.select_related("event").get(pk=run_id)
    ScheduleRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, message="")
    requests_expire(event=run.event)
    last = [0.0]

    def progress(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5 or fraction >= 1.0:
            last[0] = now
            ScheduleRun.objects.filter(pk=run.pk).update(
                progress=round(min(max(fraction, 0.0), 1.0), 3), message=message[:255]
            )

    try:
        instance = parse_instance(build_instance(run.event, time_limit_s=run.time_limit_s))
        schedule = solve(instance, progress=progress)
        schedule_apply(run=run, schedule=schedule)
    except BaseException as exc:  # the organizer sees why; the run never stays "running"
        logger.exception("scheduling run %s failed", run.pk)
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, message=str(exc)[:255], finished_at=timezone.now()
        )
        if not isinstance(exc, Exception):
            raise  # the task's time limit (or a worker shutdown): the queue records it too
    run.refresh_from_db()
    return run


def _set_seats(meeting: Meeting) -> None:
    meeting.seats.all().delete()
    if meeting.status == MeetingStatus.SCHEDULED and meeting.slot_id:
        req = meeting.request
        Seat.objects.bulk_create(
            Seat(meeting=meeting, delegate_id=d, slot_id=meeting.slot_id)
            for d in (req.requester_id, req.recipient_id)
        )


@transaction.atomic
def schedule_apply(*, run: ScheduleRun, schedule: Schedule) -> ScheduleRun:
    event = _lock_event(run.event)
    placed = {r: (s, t) for r, s, t in schedule.meetings}
    meetings = list(
        Meeting.objects.filter(event=event, request__status=RequestStatus.ACCEPTED)
        .filter(status__in=[MeetingStatus.UNSCHEDULED, MeetingStatus.SCHEDULED])
        .select_related("request")
    )
    changed = [
        m for m in meetings if (m.slot_id, m.table_id) != placed.get(m.request_id, (None, None))
    ]
    # Clear every moving meeting first, so swaps never meet the unique constraints half-way.
    Seat.objects.filter(meeting__in=changed).delete()
    Meeting.objects.filter(pk__in=[m.pk for m in changed]).update(
        slot=None, table=None, status=MeetingStatus.UNSCHEDULED
    )
    for meeting in changed:
        slot_id, table_id = placed.get(meeting.request_id, (None, None))
        meeting.slot_id, meeting.table_id = slot_id, table_id  # type: ignore[assignment]
        meeting.status = MeetingStatus.SCHEDULED if slot_id else MeetingStatus.UNSCHEDULED
        meeting.sequence += 1
        meeting.save(update_fields=["slot", "table", "status", "sequence", "updated_at"])
        _set_seats(meeting)
        if meeting.published:
            _tell_parties(meeting, _("Your meeting was moved."))
    run.status = RunStatus.DONE
    run.progress = 1.0
    run.objective = schedule.objective
    run.upper_bound = schedule.upper_bound
    run.solver_status = schedule.status
    run.method = schedule.method
    run.scheduled = len(schedule.meetings)
    run.unscheduled = len(schedule.unscheduled)
    run.stats = schedule.stats
    run.message = ""
    run.finished_at = timezone.now()
    run.save()
    return run


def _tell_parties(meeting: Meeting, text: str) -> None:
    req = meeting.request
    people = Delegate.objects.filter(pk__in=[req.requester_id, req.recipient_id]).select_related(
        "user"
    )
    notify(users=[d.user for d in people], event=meeting.event, text=text, meeting=meeting)


@transaction.atomic
def schedule_publish(*, user: Any, event: Event) -> int:
    require(is_organizer(user, event), _("Only organizers publish the schedule."))
    event = _lock_event(event)
    fresh = list(
        Meeting.objects.filter(
            event=event, status=MeetingStatus.SCHEDULED, published=False
        ).select_related("request", "slot", "table", "event")
    )
    Meeting.objects.filter(pk__in=[m.pk for m in fresh]).update(published=True)
    for meeting in fresh:
        _tell_parties(meeting, _("Your meeting schedule is ready."))
    event.published_at = timezone.now()
    event.save(update_fields=["published_at"])
    return len(fresh)


def _check_place(meeting: Meeting, slot: Slot, table: Table) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if slot.event_id != meeting.event_id:
        errors["slot"] = [_("This slot is not this event's.")]
    if table.event_id != meeting.event_id:
        errors["table"] = [_("This table is not this event's.")]
    if errors:
        return errors
    taken = (
        Meeting.objects.filter(slot=slot, table=table, status__in=PLACED)
        .exclude(pk=meeting.pk)
        .exists()
    )
    if taken:
        errors["table"] = [_("This table is taken in that slot.")]
    req = meeting.request
    people = [req.requester_id, req.recipient_id]
    busy = Seat.objects.filter(slot=slot, delegate_id__in=people).exclude(meeting=meeting)
    if busy.exists():
        errors["slot"] = [_("One of the two delegates already has a meeting in that slot.")]
    elif Delegate.unavailable.through.objects.filter(
        delegate_id__in=people, slot_id=slot.pk
    ).exists():
        errors["slot"] = [_("One of the two delegates is unavailable in that slot.")]
    return errors


@transaction.atomic
def meeting_move(*, user: Any, meeting: Meeting, slot: Slot, table: Table) -> Meeting:
    require(is_organizer(user, meeting.event), _("Only organizers move meetings."))
    _lock_event(meeting.event)
    meeting = (
        Meeting.objects.select_for_update().select_related("request", "event").get(pk=meeting.pk)
    )
    if meeting.status not in (MeetingStatus.UNSCHEDULED, MeetingStatus.SCHEDULED):
        raise ValidationError({"status": [_("Only planned meetings can be moved.")]})
    errors = _check_place(meeting, slot, table)
    if errors:
        raise ValidationError(errors)
    meeting.slot, meeting.table = slot, table
    meeting.status = MeetingStatus.SCHEDULED
    meeting.sequence += 1
    try:
        with transaction.atomic():
            meeting.save(update_fields=["slot", "table", "status", "sequence", "updated_at"])
            _set_seats(meeting)
    except IntegrityError as exc:
        raise ValidationError({"slot": [_("That place was just taken.")]}) from exc
    if meeting.published:
        _tell_parties(meeting, _("Your meeting was moved."))
    return meeting


@transaction.atomic
def meeting_cancel(*, user: Any, meeting: Meeting) -> Meeting:
    require(
        is_organizer(user, meeting.event) or is_party(user, meeting.request),
        _("Only organizers or the two delegates may cancel a meeting."),
    )
    _lock_event(meeting.event)
    meeting = (
        Meeting.objects.select_for_update().select_related("request", "event").get(pk=meeting.pk)
    )
    if meeting.status not in (MeetingStatus.UNSCHEDULED, MeetingStatus.SCHEDULED):
        raise ValidationError({"status": [_("This meeting cannot be cancelled any more.")]})
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    meeting.seats.all().delete()
    MeetingRequest.objects.filter(pk=meeting.request_id).update(status=RequestStatus.WITHDRAWN)
    _tell_parties(meeting, _("Your meeting was cancelled."))
    return meeting


@transaction.atomic
def meeting_walk_in(
    *, user: Any, event: Event, requester: Delegate, recipient: Delegate, slot: Slot, table: Table
) -> Meeting:
    """A meeting arranged on the day, on a table freed by a cancellation or a no-show."""
    organizer = is_organizer(user, event)
    require(
        organizer or user.pk in (requester.user_id, recipient.user_id),
        _("Only organizers or one of the two delegates may book a walk-in meeting."),
    )
    event = _lock_event(event)
    errors: dict[str, list[str]] = {}
    if requester.pk == recipient.pk or requester.participant_id == recipient.participant_id:
        errors["recipient"] = [_("Choose a delegate of another enterprise.")]
    for d in (requester, recipient):
        if d.event_id != event.pk or d.checked_in_at is None:
            errors["recipient"] = [_("Both delegates must be checked in at this event.")]
    if errors:
        raise ValidationError(errors)
    live = MeetingRequest.objects.filter(
        status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED],
        requester__in=[requester, recipient],
        recipient__in=[requester, recipient],
    ).first()
    if live is not None:
        live.status = RequestStatus.ACCEPTED
        live.answered_at = live.answered_at or timezone.now()
        live.save(update_fields=["status", "answered_at"])
        meeting, _created = Meeting.objects.get_or_create(event=event, request=live)
        if meeting.status != MeetingStatus.UNSCHEDULED:
            raise ValidationError({"recipient": [_("These two already have a meeting.")]})
    else:
        live = MeetingRequest.objects.create(
            event=event,
            requester=requester,
            recipient=recipient,
            status=RequestStatus.ACCEPTED,
            expires_at=timezone.now(),
            answered_at=timezone.now(),
            walk_in=True,
        )
        meeting = Meeting.objects.create(event=event, request=live)
    meeting.request = live
    errors = _check_place(meeting, slot, table)
    if errors:
        raise ValidationError(errors)
    meeting.slot, meeting.table = slot, table
    meeting.status = MeetingStatus.SCHEDULED
    meeting.published = True
    meeting.sequence += 1
    meeting.save()
    _set_seats(meeting)
    _tell_parties(meeting, _("A walk-in meeting was booked for you."))
    return meeting
