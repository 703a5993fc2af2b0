"""Scheduling runs (started here, executed by `tasks.run_schedule`) and publishing."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from karsaz.accounts.scope import require
from karsaz.core.errors import field_error
from karsaz.events import tasks
from karsaz.events.booking import tell_parties
from karsaz.events.choices import MeetingStatus, RunStatus
from karsaz.events.errors import EventsErrorCode
from karsaz.events.locks import lock_event
from karsaz.events.models import Event, Meeting, ScheduleRun
from karsaz.events.permissions import EventScope


@transaction.atomic
def schedule_run_start(*, user: Any, event: Event, time_limit_s: float = 20.0) -> ScheduleRun:
    require(EventScope(user).is_organizer(event), _("Only organizers run the scheduler."))
    event = lock_event(event)
    if not 1 <= time_limit_s <= 600:
        raise ValidationError({"time_limit_s": [_("Choose between 1 and 600 seconds.")]})
    if event.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise field_error(
            "event", _("A scheduling run is already in progress."), EventsErrorCode.IN_PROGRESS
        )
    run = ScheduleRun.objects.create(event=event, started_by=user, time_limit_s=time_limit_s)
    tasks.run_schedule.enqueue(run_id=run.pk)
    return run


@transaction.atomic
def schedule_publish(*, user: Any, event: Event) -> int:
    require(EventScope(user).is_organizer(event), _("Only organizers publish the schedule."))
    event = lock_event(event)
    fresh = list(
        Meeting.objects.filter(
            event=event, status=MeetingStatus.SCHEDULED, published=False
        ).select_related("request", "slot", "table", "event")
    )
    Meeting.objects.filter(pk__in=[m.pk for m in fresh]).update(published=True)
    for meeting in fresh:
        tell_parties(meeting, gettext_noop("Your meeting schedule is ready."))
    event.published_at = timezone.now()
    event.save(update_fields=["published_at"])
    return len(fresh)
