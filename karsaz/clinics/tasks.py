"""Background work of the clinics: flag overdue impact follow-ups and remind the consultants of
the due ones (run daily)."""

from django_tasks import task

from karsaz.clinics.services import followups_flag_overdue, followups_remind_due


@task(queue_name="default")
def flag_overdue_followups() -> int:
    return followups_flag_overdue()


@task(queue_name="default")
def remind_due_followups() -> int:
    """Tells the consultants of their due follow-ups (once per follow-up)."""
    return followups_remind_due()
