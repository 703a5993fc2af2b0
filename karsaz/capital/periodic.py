"""Periodic jobs of the capital programme (enqueued by `manage.py run_periodic`)."""

from karsaz.core.periodic import Every

JOBS = (Every(days=7, task="karsaz.capital.tasks.reassess_declared_firms"),)
