"""Background work of supply-chain finance, on the shared task queue."""

from django_tasks import task

from karsaz.finance import services


@task()
def finance_tick() -> dict[str, int]:
    """Expire unanswered invoices, close auctions, flag defaults and accrue penalties.
    Schedule it hourly (cron: `manage.py finance_tick`, or enqueue this task)."""
    return services.finance_tick()
