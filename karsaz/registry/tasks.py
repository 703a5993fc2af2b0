"""Background work of the registry: delete dry-run import files nobody confirmed."""

import datetime as dt

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from karsaz.core.tables import IMPORTS_DIR


def purge_stale_imports(*, now: dt.datetime | None = None) -> int:
    """Deletes files under ``imports/`` older than ``KARSAZ_IMPORT_KEEP_HOURS``; returns how
    many. A confirmed import deletes its own file; this catches the abandoned ones."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=settings.KARSAZ_IMPORT_KEEP_HOURS)
    try:
        _dirs, files = default_storage.listdir(IMPORTS_DIR)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in files:
        path = f"{IMPORTS_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                deleted += 1
        except FileNotFoundError:  # deleted meanwhile by a confirm
            continue
    return deleted


@task()
def purge_stale_import_files() -> int:
    return purge_stale_imports()
