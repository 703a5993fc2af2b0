"""The `firm_timeline` hook (core/timeline.py): the firm's registration."""

from django.utils.translation import gettext as _

from karsaz.core.timeline import TimelineEvent
from karsaz.registry.models import Enterprise


def firm_timeline(enterprise_id: int) -> list[TimelineEvent]:
    registered = Enterprise.objects.filter(pk=enterprise_id).values_list("created_at", flat=True)
    return [
        TimelineEvent(at=at, kind="registry.registered", title=_("Registered in Karsaz"))
        for at in registered
    ]
