"""Periodic jobs of the technology exchange (enqueued by `manage.py run_periodic`)."""

from karsaz.core.periodic import Every

JOBS = (
    # Save the compacted match indexes under var/ and prune their change log.
    Every(minutes=10, task="karsaz.technology.tasks.compact_match_index"),
)
