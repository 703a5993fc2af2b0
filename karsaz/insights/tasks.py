"""Background work of insights: the hourly incremental refresh and the nightly full one."""

from django_tasks import task

from karsaz.insights.services import refresh


@task(queue_name="default")
def refresh_changed() -> dict[str, int]:
    return refresh(full=False)


@task(queue_name="default")
def refresh_all() -> dict[str, int]:
    return refresh(full=True)
