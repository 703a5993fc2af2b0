"""The bridge between the event's rows and the pure scheduler: the body of a scheduling run.

A run: `services.schedule_run_start` (organizer) records a ScheduleRun and enqueues
`tasks.run_schedule`, which runs `schedule_run_execute`: it builds the instance
(`build_instance`), solves it while writing progress to the run row, and applies the result
(`schedule_apply`). Published meetings are pinned, so a re-run moves nobody who is already
booked. This module imports neither the services nor the tasks (the task imports it).
"""

import logging
import time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from karsaz.events.booking import PLACED, requests_expire, set_seats, tell_parties
from karsaz.events.choices import MeetingStatus, ParticipantStatus, RequestStatus, RunStatus
from karsaz.events.locks import lock_event
from karsaz.events.models import (
    Delegate,
    Event,
    Meeting,
    ScheduleRun,
    Seat,
)
from karsaz.events.scheduler import Schedule, parse_instance, solve

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


@transaction.atomic
def schedule_apply(*, run: ScheduleRun, schedule: Schedule) -> ScheduleRun:
    event = lock_event(run.event)
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
        set_seats(meeting)
        if meeting.published:
            tell_parties(meeting, gettext_noop("Your meeting was moved."))
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
