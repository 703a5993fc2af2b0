"""Events on the home page: a delegate's upcoming meetings and requests awaiting an answer,
the officers' registrations awaiting approval; exact figures, no other delegate's meetings."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.core.panels import Panel
from karsaz.events.home_panels import panels
from karsaz.events.models import Meeting, MeetingRequest
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db


def by_key(user: Any) -> dict[str, Panel]:
    return {p.key: p for p in panels(user=user)}


def figures(panel: Panel) -> dict[str, Any]:
    return {f.key: f.value for f in panel.figures if f.key}


@pytest.fixture
def fair(users: Any) -> Any:
    fair = make_event(organizer=users.qazvin_officer, name_fa="نمایشگاه قزوین")
    a = make_delegate(fair, username="ev-a", name_fa="شرکت الف")
    b = make_delegate(fair, username="ev-b", name_fa="شرکت ب")
    c = make_delegate(fair, username="ev-c", name_fa="شرکت ج")
    e = make_delegate(fair, username="ev-e")
    make_delegate(fair, username="ev-d", approved=False)
    slots, table = list(fair.slots.order_by("index")), fair.tables.first()
    expires = timezone.now() + dt.timedelta(days=2)

    def ask(frm: Any, to: Any, status: str = "accepted") -> MeetingRequest:
        return MeetingRequest.objects.create(
            event=fair, requester=frm, recipient=to, expires_at=expires, status=status
        )

    for n, (frm, to, status) in enumerate(
        [(a, b, "scheduled"), (c, a, "scheduled"), (b, c, "cancelled")]
    ):
        Meeting.objects.create(
            event=fair, request=ask(frm, to), slot=slots[n], table=table, status=status
        )
    ask(e, a, "pending")
    fair.a, fair.b, fair.c, fair.table = a, b, c, table
    return fair


def test_a_delegate_sees_its_own_upcoming_meetings_and_requests(fair):
    panel = by_key(fair.a.user)["events-meetings"]
    assert figures(panel) == {"meetings-upcoming": 2, "meetings-requests": 1}
    assert [(row.cells[2].value, row.cells[3].value) for row in panel.rows] == [
        ("شرکت ب", fair.table.name),
        ("شرکت ج", fair.table.name),
    ]
    # b's cancelled meeting with c is not upcoming; a's meeting with c is not b's.
    other = by_key(fair.b.user)["events-meetings"]
    assert figures(other) == {"meetings-upcoming": 1, "meetings-requests": 0}
    assert [row.cells[2].value for row in other.rows] == ["شرکت الف"]


def test_a_member_outside_the_event_sees_an_empty_meetings_panel(fair, users):
    panel = by_key(users.sme_owner)["events-meetings"]
    assert figures(panel) == {"meetings-upcoming": 0, "meetings-requests": 0}
    assert panel.rows == () and panel.empty
    assert panels(user=users.outsider) == []


def test_officers_see_registrations_awaiting_approval_in_their_scope(fair, users):
    qazvin = by_key(users.qazvin_officer)["events-organizer"]
    assert figures(qazvin) == {"events-upcoming": 1, "events-pending": 1}
    assert [(row.cells[0].value, row.cells[2].value) for row in qazvin.rows] == [
        ("نمایشگاه قزوین", 1)
    ]
    assert figures(by_key(users.national)["events-organizer"]) == {
        "events-upcoming": 1,
        "events-pending": 1,
    }
    tehran = by_key(users.tehran_officer)["events-organizer"]
    assert figures(tehran) == {"events-upcoming": 0, "events-pending": 0}
    assert tehran.rows == ()
