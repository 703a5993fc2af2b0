"""Periodic jobs of the technology exchange (enqueued by `manage.py run_periodic`)."""

from karsaz.core.periodic import Every

JOBS = (
    # A (re)starting web process loads the saved index and replays the change log since:
    # saving every ten minutes keeps that replay short.
    Every(minutes=10, task="karsaz.technology.tasks.compact_match_index"),
)
