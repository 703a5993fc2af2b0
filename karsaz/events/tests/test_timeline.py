"""The `firm_timeline` hook: the meetings a firm held at events and its confirmed deals."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.events.models import Deal, Meeting, MeetingRequest
from karsaz.events.timeline import firm_timeline
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db


def test_meetings_held_and_confirmed_deals(users: Any) -> None:
    fair = make_event(organizer=users.qazvin_officer)
    a = make_delegate(fair, username="tl-a")
    b = make_delegate(fair, username="tl-b")
    c = make_delegate(fair, username="tl-c")
    slots, table = list(fair.slots.order_by("index")), fair.tables.first()
    expires = timezone.now() + dt.timedelta(days=2)
    for n, (frm, to, status) in enumerate([(a, b, "held"), (c, a, "held"), (b, c, "no_show")]):
        request = MeetingRequest.objects.create(
            event=fair, requester=frm, recipient=to, expires_at=expires, status="accepted"
        )
        Meeting.objects.create(event=fair, request=request, slot=slots[n], table=table,
                               status=status)  # fmt: skip
    firm_a, firm_b = a.participant.enterprise, b.participant.enterprise
    for value, status, on in (
        (33_000_000_000, "confirmed", dt.date(2025, 5, 1)),
        (9_000_000_000, "pending", dt.date(2025, 5, 2)),  # not every party confirmed: absent
    ):
        deal = Deal.objects.create(
            event=fair, kind="supply", document="contract", value_rials=value, signed_on=on,
            recorded_by=users.qazvin_officer, status=status,
        )  # fmt: skip
        deal.parties.set([firm_a, firm_b])
    mine = sorted(firm_timeline(firm_a.pk), key=lambda e: e.moment)
    assert [(e.kind, e.amount) for e in mine] == [
        ("events.deal", 33_000_000_000),
        ("events.meeting", None),
        ("events.meeting", None),
    ]
    assert [e.moment for e in mine[1:]] == [slots[0].starts_at, slots[1].starts_at]
    assert [(e.kind, e.amount) for e in firm_timeline(firm_b.pk)] == [
        ("events.meeting", None),
        ("events.deal", 33_000_000_000),
    ]
    assert [e.kind for e in firm_timeline(c.participant.enterprise.pk)] == ["events.meeting"]
