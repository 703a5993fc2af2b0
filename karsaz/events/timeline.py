"""The `firm_timeline` hook (core/timeline.py): meetings the firm's delegates held at events
and the deals it signed there (confirmed by every party), with their value."""

from django.db.models import Q
from django.utils.translation import gettext as _

from karsaz.core.timeline import TimelineEvent
from karsaz.events.choices import DealStatus, MeetingStatus
from karsaz.events.models import Deal, Meeting


def firm_timeline(enterprise_id: int) -> list[TimelineEvent]:
    mine = Q(request__requester__participant__enterprise_id=enterprise_id) | Q(
        request__recipient__participant__enterprise_id=enterprise_id
    )
    held = Meeting.objects.filter(mine, status=MeetingStatus.HELD, slot__isnull=False)
    out = [
        TimelineEvent(at=at, kind="events.meeting", title=_("Business meeting held at an event"))
        for at in held.values_list("slot__starts_at", flat=True).distinct()
    ]
    deals = Deal.objects.filter(parties=enterprise_id, status=DealStatus.CONFIRMED).order_by()
    out += [
        TimelineEvent(at=on, kind="events.deal", title=_("Deal signed at an event"), amount=value)
        for on, value in deals.values_list("signed_on", "value_rials")
    ]
    return out
