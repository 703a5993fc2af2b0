"""Periodic jobs of the registry (enqueued by `manage.py run_periodic`)."""

from karsaz.core.periodic import Every

JOBS = (
    # Delete dry-run import files left unconfirmed for KARSAZ_IMPORT_KEEP_HOURS.
    Every(hours=1, task="karsaz.registry.tasks.purge_stale_import_files"),
)
