"""Background work of the capital programme: the weekly readiness reassessment."""

from django_tasks import task

from karsaz.capital.services.readiness import assess_declared


@task(queue_name="default")
def reassess_declared_firms() -> int:
    return assess_declared()
