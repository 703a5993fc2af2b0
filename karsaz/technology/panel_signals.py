"""What drops the cached browse facets (`selectors.default_facets`): a need or capability saved
or deleted, a capability's sectors changed, an enterprise saved (a capability's province is its
enterprise's). On commit, as in `karsaz/finance/panel_signals.py`."""

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from karsaz.core.panelcache import panel_changed
from karsaz.registry.models import Enterprise
from karsaz.technology.models import Capability, TechnologyNeed
from karsaz.technology.selectors import FACETS_PANEL


def _changed(sender: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: panel_changed(FACETS_PANEL), using=kwargs.get("using"))


def connect() -> None:
    for model in (TechnologyNeed, Capability, Enterprise):
        name = model.__name__
        post_save.connect(_changed, sender=model, dispatch_uid=f"facets-save-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"facets-delete-{name}")
    m2m_changed.connect(_changed, sender=Capability.sectors.through, dispatch_uid="facets-sectors")
