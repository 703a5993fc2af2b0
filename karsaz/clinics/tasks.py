"""Background work of the clinics: flag overdue impact follow-ups (run daily)."""

from django_tasks import task

from karsaz.clinics.services import followups_flag_overdue


@task(queue_name="default")
def flag_overdue_followups() -> int:
    return followups_flag_overdue()
