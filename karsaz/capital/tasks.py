"""Background work of the capital programme: the weekly readiness reassessment, opening approved
campaigns and closing them at their deadline (hourly), flagging overdue post-raise reports and
warning about funded firms' repayment delays and clinic flags (daily)."""

from django_tasks import task

from karsaz.capital.services import (
    campaigns_close_due,
    campaigns_open_due,
    reports_flag_overdue,
    warnings_from_records,
)
from karsaz.capital.services.readiness import assess_declared


@task(queue_name="default")
def reassess_declared_firms() -> int:
    return assess_declared()


@task(queue_name="default")
def open_and_close_campaigns() -> dict[str, int]:
    opened = campaigns_open_due()
    closed = campaigns_close_due()
    return {"opened": opened, "closed": len(closed)}


@task(queue_name="default")
def flag_overdue_reports() -> int:
    return reports_flag_overdue()


@task(queue_name="default")
def warn_from_firm_records() -> dict[str, int]:
    return warnings_from_records()
