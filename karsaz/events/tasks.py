"""Background work of the events app (django_tasks)."""

from django_tasks import task


@task(queue_name="events")
def run_schedule(*, run_id: int) -> int:
    from karsaz.events.scheduling import schedule_run_execute

    return schedule_run_execute(run_id).pk
