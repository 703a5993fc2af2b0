"""Periodic jobs of the clinics (enqueued by `manage.py run_periodic`)."""

from karsaz.core.periodic import Every

JOBS = (
    Every(days=1, task="karsaz.clinics.tasks.flag_overdue_followups"),
    Every(days=1, task="karsaz.clinics.tasks.remind_due_followups"),
)
