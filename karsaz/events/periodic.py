"""Periodic jobs of the events app (enqueued by `manage.py run_periodic`)."""

from karsaz.core.periodic import Every

JOBS = (
    # Pages treat past-deadline requests as expired already; this records it in the rows.
    Every(minutes=15, task="karsaz.events.tasks.expire_requests"),
)
