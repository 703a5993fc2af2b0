"""Background work of the events app (django_tasks). Task bodies live in modules that never
import this one (`scheduling`, `booking`); the services that enqueue import it at the top."""

from django_tasks import task

from karsaz.events.booking import meetings_remind, requests_expire
from karsaz.events.scheduling import schedule_run_execute


@task(queue_name="events")
def run_schedule(*, run_id: int) -> int:
    return schedule_run_execute(run_id).pk


@task(queue_name="events")
def expire_requests() -> int:
    """Unanswered meeting requests past their deadline become expired, at every event."""
    return requests_expire()


@task(queue_name="events")
def remind_meetings() -> int:
    """Reminds the delegates of their meetings in the coming hour (once per meeting each)."""
    return meetings_remind()
