"""Test helpers for the events app: an event with slots and tables, and approved delegates."""

import datetime as dt
from typing import Any

from django.utils import timezone

from karsaz.events.choices import ParticipantStatus
from karsaz.events.models import Delegate, Event, Participant
from karsaz.events.services import event_create
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory


def make_event(*, organizer: Any, days_ahead: int = 10, tables: int = 3, **overrides: Any) -> Event:
    now = timezone.now()
    starts_on = timezone.localdate() + dt.timedelta(days=days_ahead)
    data = {
        "name_fa": "نمایشگاه آزمایشی فناوری",
        "name_en": "Test technology fair",
        "venue": "مرکز همایش‌ها",
        "province": overrides.pop("province", None) or organizer_province(organizer),
        "starts_on": starts_on,
        "days": 1,
        "day_start": dt.time(9, 0),
        "day_end": dt.time(11, 0),
        "slot_minutes": 30,
        "breaks": [],
        "registration_opens": now - dt.timedelta(days=5),
        "registration_closes": now + dt.timedelta(days=5),
        "requests_close": now + dt.timedelta(days=7),
        "request_expiry_hours": 48,
        **overrides,
    }
    return event_create(user=organizer, data=data, tables=tables)


def organizer_province(user: Any) -> Any:
    from karsaz.registry.models import Province

    return user.province or Province.objects.get(code="26")


def make_delegate(
    event: Event,
    *,
    username: str,
    kind: str = EnterpriseKind.SME,
    approved: bool = True,
    enterprise: Any = None,
    **enterprise_fields: Any,
) -> Delegate:
    """A user who owns an enterprise registered (and by default approved) at the event."""
    user: Any = UserFactory(username=username)
    if enterprise is None:
        enterprise = EnterpriseFactory(kind=kind, **enterprise_fields)
    MembershipFactory(user=user, enterprise=enterprise, role=MembershipRole.OWNER)
    participant, _created = Participant.objects.get_or_create(
        event=event,
        enterprise=enterprise,
        defaults={
            "registered_by": user,
            "status": ParticipantStatus.APPROVED if approved else ParticipantStatus.PENDING,
        },
    )
    return Delegate.objects.create(event=event, participant=participant, user=user)
