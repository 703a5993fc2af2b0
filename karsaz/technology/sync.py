"""Services tell the matcher that a record changed: the change is logged for every process's
index (``indexing``), and once the transaction commits the record's dense vector is asked of the
task queue. Enqueueing lives here, not in ``indexing``: the task bodies call ``indexing``, so
``indexing`` never imports ``tasks`` (models → indexing → tasks → sync → services)."""

from django.db import transaction

from karsaz.technology import indexing, tasks
from karsaz.technology.models import IndexChange


def record_changed(kind: str, record_id: int) -> None:
    """Called by services inside their transaction: logs the change, and once committed asks
    the task queue for the record's dense vector."""
    IndexChange.objects.create(kind=kind, record_id=record_id)
    if indexing.use_dense():
        transaction.on_commit(lambda: tasks.encode_record.enqueue(kind=kind, record_id=record_id))
