"""Periodic jobs of insights (enqueued by `manage.py run_periodic`)."""

from karsaz.core.periodic import Every

JOBS = (
    # Months whose rows changed since the last run; the nightly full run catches deletions.
    Every(hours=1, task="karsaz.insights.tasks.refresh_changed"),
    Every(days=1, task="karsaz.insights.tasks.refresh_all"),
)
