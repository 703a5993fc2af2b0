"""Background work of the capital programme: open approved campaigns and close them at their
deadline (hourly), flag overdue post-raise reports (daily)."""

from django_tasks import task

from karsaz.capital.services import campaigns_close_due, campaigns_open_due, reports_flag_overdue


@task(queue_name="default")
def open_and_close_campaigns() -> dict[str, int]:
    opened = campaigns_open_due()
    closed = campaigns_close_due()
    return {"opened": opened, "closed": len(closed)}


@task(queue_name="default")
def flag_overdue_reports() -> int:
    return reports_flag_overdue()
