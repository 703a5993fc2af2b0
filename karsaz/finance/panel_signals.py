"""What drops the cached staff workspace (`selectors.workspace_staff`): any saved or deleted
invoice or programme. On commit, so a reader cannot cache the rows of a write that is then rolled
back, nor rebuild from the rows before it under the new version."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from karsaz.core.panelcache import panel_changed
from karsaz.finance.models import Invoice, Programme
from karsaz.finance.selectors import STAFF_PANEL


def _changed(sender: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: panel_changed(STAFF_PANEL), using=kwargs.get("using"))


def connect() -> None:
    for model in (Invoice, Programme):
        post_save.connect(_changed, sender=model, dispatch_uid=f"staff-panel-save-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"staff-panel-delete-{model.__name__}"
        )
